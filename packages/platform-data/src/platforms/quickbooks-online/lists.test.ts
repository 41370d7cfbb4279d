import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS, type DataType } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import type { DataSource, PlatformResponse, SourceContext } from '../../data-source.js'
import { quickbooksDirectCosts, quickbooksDirectIncomes } from './direct-transactions.js'
import { quickbooksItems } from './items.js'
import { quickbooksPurchaseOrders } from './purchase-orders.js'
import { quickbooksTaxRates } from './tax-rates.js'
import { quickbooksTrackingCategories } from './tracking-categories.js'
import { quickbooksTransfers } from './transfers.js'

const REALM_ID = '9608571618253057'
const BASE_URL = `https://quickbooks.api.intuit.com/v3/company/${REALM_ID}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { realmId: REALM_ID }, modifiedSince: undefined, pageSize: 1000 }

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown
}

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

/** The records of a recorded answer, each a valid record of its data type. */
function recordsOf<K extends DataType>(source: DataSource<K>, name: string, cursor?: Record<string, string | number>) {
  const page = source.read(answer(fixture(name)), context, cursor)
  for (const record of page.records) expect(DATA_TYPE_DEFINITIONS[source.dataType].schema.parse(record.data)).toEqual(record.data)
  return page.records.map((record) => record.data)
}

const queryOf = (url: string) => new URL(url).searchParams.get('query')

describe('QuickBooks items', () => {
  it('asks for inactive items too', () => {
    expect(queryOf(quickbooksItems.request(context, undefined).url)).toBe('SELECT * FROM Item WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000')
  })

  it('reads how each is sold (an income account) and bought (an expense account)', () => {
    expect(recordsOf(quickbooksItems, 'items.json')).toEqual([
      {
        id: '1',
        name: 'Consulting services',
        code: 'ITM-0001',
        itemStatus: 'Archived',
        type: 'Service',
        isInvoiceItem: true,
        isBillItem: false,
        invoiceItem: { description: 'Consulting services', unitPrice: 344.99, accountRef: { id: '4', name: 'Other Revenue' } },
        sourceModifiedDate: '2023-03-07T04:37:29Z',
      },
      expect.objectContaining({
        id: '2',
        type: 'Inventory',
        isInvoiceItem: true,
        isBillItem: true,
        billItem: { description: 'Handmade Candle', unitPrice: 47.69, accountRef: { id: '6', name: 'Cost of Goods Sold' } },
      }),
      expect.objectContaining({ id: '9', type: 'NonInventory', itemStatus: 'Active', isInvoiceItem: false, isBillItem: true }),
    ])
  })
})

describe('QuickBooks tax rates', () => {
  it('reads each rate as its own one component, in percent', () => {
    expect(recordsOf(quickbooksTaxRates, 'tax-rates.json')).toEqual([
      { id: '1', status: 'Active', name: 'Standard rate VAT', code: 'GB-STD', effectiveTaxRate: 20, totalTaxRate: 20, components: [{ name: 'Standard rate VAT', rate: 20, isCompound: false }], sourceModifiedDate: '2023-03-25T05:40:13Z' },
      expect.objectContaining({ id: '7', name: 'Sales tax', effectiveTaxRate: 8.25 }),
    ])
  })
})

describe('QuickBooks tracking categories: classes, then departments', () => {
  it('reads the classes, a sub-class under its parent, then asks for the departments from their first page', () => {
    const page = quickbooksTrackingCategories.read(answer(fixture('classes.json')), context, undefined)
    expect(page.records.map((record) => record.data)).toEqual([
      { id: '1', name: 'Department', status: 'Active', sourceModifiedDate: expect.any(String) },
      { id: '2', name: 'Sales', status: 'Active', parentId: '1', sourceModifiedDate: expect.any(String) },
      { id: '3', name: 'Operations', status: 'Active', parentId: '1', sourceModifiedDate: expect.any(String) },
    ])
    expect(page.next).toEqual({ entity: 'Department', maxResults: 1000 })
    expect(queryOf(quickbooksTrackingCategories.request(context, page.next).url)).toBe('SELECT * FROM Department WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000')
  })

  it('gives a department an id of its own kind, its parent too, and ends after them', () => {
    const page = quickbooksTrackingCategories.read(answer(fixture('departments.json')), context, { entity: 'Department', startPosition: 1, maxResults: 1000 })
    expect(page.records.map((record) => [record.id, record.data.name, record.data.parentId])).toEqual([
      ['department-5', 'Region', undefined],
      ['department-6', 'North', 'department-5'],
    ])
    expect(page.next).toBeUndefined()
  })

  it('pages on within each list', () => {
    const full = { QueryResponse: { Department: [{ Id: '5', Name: 'Region' }] } }
    expect(quickbooksTrackingCategories.read(answer(full), context, { entity: 'Department', maxResults: 1 }).next).toEqual({ entity: 'Department', afterId: '5', maxResults: 1 })
  })
})

describe('QuickBooks transfers', () => {
  it('reads the amount leaving one account and reaching the other', () => {
    expect(recordsOf(quickbooksTransfers, 'transfers.json')).toEqual([
      {
        id: '1',
        date: '2023-03-18T00:00:00Z',
        from: { accountRef: { id: '2', name: 'Business Savings Account' }, amount: 4903, currency: 'USD' },
        to: { accountRef: { id: '1', name: 'Business Current Account' }, amount: 4903, currency: 'USD' },
        description: 'Transfer to Business Current Account',
        sourceModifiedDate: '2023-03-18T16:34:24Z',
      },
    ])
  })
})

describe('QuickBooks purchase orders', () => {
  it('reads each Open or Closed, with its vendor, lines and totals', () => {
    const [closed, open] = recordsOf(quickbooksPurchaseOrders, 'purchase-orders.json')
    expect(closed).toEqual({
      id: '1',
      status: 'Closed',
      purchaseOrderNumber: 'PO-00001',
      supplierRef: { id: '21', supplierName: 'Willow Studios' },
      issueDate: '2023-02-25T00:00:00Z',
      expectedDeliveryDate: '2023-03-11T00:00:00Z',
      currency: 'USD',
      lineItems: [{ description: 'Cleaning services', quantity: 1, unitAmount: 7047, subTotal: 7047, accountRef: { id: '17', name: 'Rent' }, taxRateRef: { id: 'NON' } }],
      subTotal: 7047,
      totalDiscount: 0,
      totalTaxAmount: 0,
      totalAmount: 7047,
      sourceModifiedDate: '2023-03-18T12:50:58Z',
    })
    expect(open).toMatchObject({ id: '28', status: 'Open', subTotal: 5177.5, totalTaxAmount: 312.43, totalAmount: 5489.93 })
    expect(open!.lineItems).toHaveLength(3)
    const withTerms = { Id: '5', TxnDate: '2025-01-02', ExpectedDate: '2025-01-09', DueDate: '2025-02-01', POStatus: 'Open', TotalAmt: 10, Line: [] }
    expect(quickbooksPurchaseOrders.read(answer({ QueryResponse: { PurchaseOrder: [withTerms] } }), context, undefined).records[0]!.data).toMatchObject({
      expectedDeliveryDate: '2025-01-09T00:00:00Z',
      paymentDueDate: '2025-02-01T00:00:00Z',
    })
  })
})

describe('QuickBooks sales receipts and purchases', () => {
  it('reads a sales receipt as a direct income paid in full into its bank account on its date, its subtotal line left out', () => {
    const [income] = recordsOf(quickbooksDirectIncomes, 'sales-receipts.json')
    expect(income).toMatchObject({
      id: '1',
      reference: 'DI-00001',
      contactRef: { id: '27', dataType: 'customers' },
      issueDate: '2023-03-04T00:00:00Z',
      currency: 'USD',
      subTotal: 3612,
      taxAmount: 86.38,
      totalAmount: 3698.38,
      paymentAllocations: [
        {
          payment: { accountRef: { id: '1', name: 'Business Current Account' }, currency: 'USD', paidOnDate: '2023-03-04T00:00:00Z', totalAmount: 3698.38 },
          allocation: { currency: 'USD', allocatedOnDate: '2023-03-04T00:00:00Z', totalAmount: 3698.38 },
        },
      ],
    })
    expect(income!.lineItems.map((line) => [line.quantity, line.unitAmount, line.subTotal])).toEqual([
      [3, 855, 2565],
      [3, 349, 1047],
    ])
  })

  it('reads a purchase as a direct cost paid from its account, its vendor the supplier', () => {
    const [cost] = recordsOf(quickbooksDirectCosts, 'purchases.json')
    expect(cost).toMatchObject({
      id: '1',
      reference: 'DC-00001',
      contactRef: { id: '29', dataType: 'suppliers' },
      subTotal: 1970,
      taxAmount: 162.53,
      totalAmount: 2132.53,
      lineItems: [{ description: 'Training session', quantity: 1, unitAmount: 1970, subTotal: 1970, accountRef: { id: '20', name: 'Subscriptions' }, taxRateRef: { id: 'TAX' } }],
    })
    expect(cost!.paymentAllocations[0]!.payment.accountRef).toEqual({ id: '1', name: 'Business Current Account' })
    const toCustomer = { Id: '4', TxnDate: '2025-01-02', TotalAmt: 5, EntityRef: { value: '3', name: 'A customer', type: 'Customer' }, Line: [] }
    expect(quickbooksDirectCosts.read(answer({ QueryResponse: { Purchase: [toCustomer] } }), context, undefined).records[0]!.data.contactRef).toBeUndefined()
  })

  it('reads a credit card credit (Credit: true) as money back onto the card: every amount negative, quantities as they are', () => {
    const raw = (fixture('purchases.json') as { QueryResponse: { Purchase: Array<Record<string, unknown>> } }).QueryResponse.Purchase[0]!
    const credit = { ...raw, PaymentType: 'CreditCard', Credit: true }
    const [refund] = quickbooksDirectCosts.read(answer({ QueryResponse: { Purchase: [credit] } }), context, undefined).records.map((record) => record.data)
    expect(DATA_TYPE_DEFINITIONS.directCosts.schema.parse(refund)).toEqual(refund)
    expect(refund).toMatchObject({ subTotal: -1970, taxAmount: -162.53, totalAmount: -2132.53, lineItems: [{ quantity: 1, unitAmount: -1970, subTotal: -1970 }] })
    expect(refund!.paymentAllocations).toEqual([
      {
        payment: { accountRef: { id: '1', name: 'Business Current Account' }, currency: 'USD', paidOnDate: '2023-03-06T00:00:00Z', totalAmount: -2132.53 },
        allocation: { currency: 'USD', allocatedOnDate: '2023-03-06T00:00:00Z', totalAmount: -2132.53 },
      },
    ])
  })
})
