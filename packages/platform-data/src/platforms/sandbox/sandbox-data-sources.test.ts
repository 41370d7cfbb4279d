/** @module The sandbox data sources on responses recorded from apps/sandbox-platforms: requests, paging, mapping, errors. */
import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS, type DataType } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type DataSource, type PlatformDataSources, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { accountingSandboxDataSources, bankingSandboxDataSources, commerceSandboxDataSources } from './index.js'

/** One page of each dataset (its first record), as the sandbox answered `?pageSize=3`; the whole object for `company`. */
const recorded = JSON.parse(readFileSync(new URL('./fixtures/recorded-responses.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>

const context: SourceContext = { baseUrl: 'http://127.0.0.1:8081/accounting/api', connectionInfo: {}, modifiedSince: undefined, pageSize: 100 }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body }
}

/** Each data type, its platform's sources and the recorded response of its dataset. */
const DATASETS: ReadonlyArray<[DataType, PlatformDataSources, string]> = [
  ['company', accountingSandboxDataSources, 'accounting/company'],
  ['chartOfAccounts', accountingSandboxDataSources, 'accounting/accounts'],
  ['customers', accountingSandboxDataSources, 'accounting/customers'],
  ['suppliers', accountingSandboxDataSources, 'accounting/suppliers'],
  ['invoices', accountingSandboxDataSources, 'accounting/invoices'],
  ['bills', accountingSandboxDataSources, 'accounting/bills'],
  ['payments', accountingSandboxDataSources, 'accounting/payments'],
  ['bankAccounts', accountingSandboxDataSources, 'accounting/bankAccounts'],
  ['journalEntries', accountingSandboxDataSources, 'accounting/journalEntries'],
  ['banking-accounts', bankingSandboxDataSources, 'banking/accounts'],
  ['banking-accountBalances', bankingSandboxDataSources, 'banking/balances'],
  ['banking-transactions', bankingSandboxDataSources, 'banking/transactions'],
  ['commerce-companyInfo', commerceSandboxDataSources, 'commerce/company'],
  ['commerce-customers', commerceSandboxDataSources, 'commerce/customers'],
  ['commerce-orders', commerceSandboxDataSources, 'commerce/orders'],
  ['commerce-products', commerceSandboxDataSources, 'commerce/products'],
  ['commerce-payments', commerceSandboxDataSources, 'commerce/payments'],
  ['items', accountingSandboxDataSources, 'accounting/items'],
  ['taxRates', accountingSandboxDataSources, 'accounting/taxRates'],
  ['trackingCategories', accountingSandboxDataSources, 'accounting/trackingCategories'],
  ['paymentMethods', accountingSandboxDataSources, 'accounting/paymentMethods'],
  ['accountTransactions', accountingSandboxDataSources, 'accounting/accountTransactions'],
  ['bankTransactions', accountingSandboxDataSources, 'accounting/bankTransactions'],
  ['transfers', accountingSandboxDataSources, 'accounting/transfers'],
  ['creditNotes', accountingSandboxDataSources, 'accounting/creditNotes'],
  ['billCreditNotes', accountingSandboxDataSources, 'accounting/billCreditNotes'],
  ['billPayments', accountingSandboxDataSources, 'accounting/billPayments'],
  ['directCosts', accountingSandboxDataSources, 'accounting/directCosts'],
  ['directIncomes', accountingSandboxDataSources, 'accounting/directIncomes'],
  ['itemReceipts', accountingSandboxDataSources, 'accounting/itemReceipts'],
  ['journals', accountingSandboxDataSources, 'accounting/journals'],
  ['purchaseOrders', accountingSandboxDataSources, 'accounting/purchaseOrders'],
  ['salesOrders', accountingSandboxDataSources, 'accounting/salesOrders'],
  ['banking-transactionCategories', bankingSandboxDataSources, 'banking/transactionCategories'],
  ['commerce-disputes', commerceSandboxDataSources, 'commerce/disputes'],
  ['commerce-locations', commerceSandboxDataSources, 'commerce/locations'],
  ['commerce-paymentMethods', commerceSandboxDataSources, 'commerce/paymentMethods'],
  ['commerce-productCategories', commerceSandboxDataSources, 'commerce/productCategories'],
  ['commerce-taxComponents', commerceSandboxDataSources, 'commerce/taxComponents'],
  ['commerce-transactions', commerceSandboxDataSources, 'commerce/transactions'],
]

const STATEMENTS = ['balanceSheet', 'profitAndLoss', 'cashFlowStatement'] as const

function sourceOf<K extends DataType>(sources: PlatformDataSources, dataType: K): DataSource<K> {
  const source = sources[dataType]
  if (!source) throw new Error(`no source for ${dataType}`)
  return source as DataSource<K>
}

/** The one record a recorded response reads into. */
function readRecorded<K extends DataType>(dataType: K) {
  const [, sources, file] = DATASETS.find(([key]) => key === dataType)!
  const page = sourceOf(sources, dataType).read(answer(recorded[file]), context, undefined)
  return page.records[0]!
}

describe('sandbox data sources: every dataset', () => {
  it('covers every dataset of the three sandboxes, and nothing else but the financial statements built from its ledger', () => {
    const covered = [accountingSandboxDataSources, bankingSandboxDataSources, commerceSandboxDataSources].flatMap((sources) => Object.keys(sources))
    expect(covered.sort()).toEqual([...DATASETS.map(([dataType]) => dataType), ...STATEMENTS].sort())
  })

  it.each(STATEMENTS)('%s: asks for one journal entry and stores nothing (the statement is built from the stored ledger when read)', (dataType) => {
    const source = sourceOf(accountingSandboxDataSources, dataType)
    expect(source.request(context, undefined)).toEqual({ url: `${context.baseUrl}/journalEntries?page=1&pageSize=1`, headers: {} })
    expect(source.read(answer(recorded['accounting/journalEntries']), context, undefined)).toEqual({ records: [], next: undefined, totalRecords: 0 })
    expect(() => source.read(answer({ items: 'none' }), context, undefined)).toThrow(DataSourceError)
  })

  it.each(DATASETS)('%s: reads the recorded response into records the contract accepts', (dataType, sources, file) => {
    const source = sourceOf(sources, dataType)
    expect(source.dataType).toBe(dataType)
    const page = source.read(answer(recorded[file]), context, undefined)
    expect(page.records).toHaveLength(1)
    const [record] = page.records
    expect(DATA_TYPE_DEFINITIONS[dataType].schema.parse(record!.data)).toEqual(record!.data)
    const raw = DATA_TYPE_DEFINITIONS[dataType].isSingle ? recorded[file]! : (recorded[file]!['items'] as Array<Record<string, unknown>>)[0]!
    expect(record!.id).toBe(raw['id'])
    expect(record!.modifiedAt).toEqual(new Date(raw['modifiedDate'] as string))
  })
})

describe('sandbox data sources: requests and paging', () => {
  const invoices = sourceOf(accountingSandboxDataSources, 'invoices')

  it('asks for the first page at the engine’s page size', () => {
    expect(invoices.request(context, undefined)).toEqual({ url: 'http://127.0.0.1:8081/accounting/api/invoices?page=1&pageSize=100', headers: {} })
  })

  it('never asks for more than the sandbox’s 1000 a page', () => {
    expect(invoices.request({ ...context, pageSize: 5000 }, undefined).url).toBe('http://127.0.0.1:8081/accounting/api/invoices?page=1&pageSize=1000')
  })

  it('asks for the page the cursor names, at the page size the sync started with', () => {
    expect(invoices.request({ ...context, pageSize: 500 }, { page: 3, pageSize: 100 }).url).toBe('http://127.0.0.1:8081/accounting/api/invoices?page=3&pageSize=100')
  })

  it('reads only what changed since the last sync', () => {
    const request = invoices.request({ ...context, modifiedSince: new Date('2024-06-01T08:30:15.250Z') }, { page: 2, pageSize: 100 })
    expect(request.url).toBe('http://127.0.0.1:8081/accounting/api/invoices?page=2&pageSize=100&modifiedSince=2024-06-01T08%3A30%3A15.250Z')
    expect(invoices.isIncremental).toBe(true)
  })

  it('names each dataset by its path at the sandbox', () => {
    const urlOf = (sources: PlatformDataSources, dataType: DataType, baseUrl: string) => sourceOf(sources, dataType).request({ ...context, baseUrl }, undefined).url
    expect(urlOf(accountingSandboxDataSources, 'chartOfAccounts', 'http://s/accounting/api')).toBe('http://s/accounting/api/accounts?page=1&pageSize=100')
    expect(urlOf(accountingSandboxDataSources, 'company', 'http://s/accounting/api')).toBe('http://s/accounting/api/company')
    expect(urlOf(bankingSandboxDataSources, 'banking-accountBalances', 'http://s/banking/api')).toBe('http://s/banking/api/balances?page=1&pageSize=100')
    expect(urlOf(commerceSandboxDataSources, 'commerce-customers', 'http://s/commerce/api')).toBe('http://s/commerce/api/customers?page=1&pageSize=100')
    expect(urlOf(commerceSandboxDataSources, 'commerce-companyInfo', 'http://s/commerce/api')).toBe('http://s/commerce/api/company')
  })

  it('points at the next page while the sandbox has more, and reports the total', () => {
    const body = recorded['accounting/invoices']!
    expect(invoices.read(answer(body), context, undefined)).toMatchObject({ next: { page: 2, pageSize: 3 }, totalRecords: 120 })
    expect(invoices.read(answer({ ...body, page: 40, hasMore: false }), context, { page: 40, pageSize: 3 })).toMatchObject({ next: undefined, totalRecords: 120 })
    expect(invoices.read(answer({ items: [], page: 41, pageSize: 3, totalItems: 120, hasMore: false }), context, { page: 41, pageSize: 3 })).toEqual({ records: [], next: undefined, totalRecords: 120 })
  })

  it('reads every accounting list incrementally; only the company object and the statements (built from the ledger) whole', () => {
    const whole = Object.entries(accountingSandboxDataSources).filter(([, source]) => source?.isIncremental !== true).map(([dataType]) => dataType)
    expect(whole.sort()).toEqual(['balanceSheet', 'cashFlowStatement', 'company', 'profitAndLoss'])
  })

  it('reads the company again on every sync, as one record', () => {
    const company = sourceOf(accountingSandboxDataSources, 'company')
    expect(company.isIncremental).toBe(false)
    expect(company.read(answer(recorded['accounting/company']), context, undefined)).toMatchObject({ next: undefined, totalRecords: 1 })
  })

  it('refuses a body that is not the paged envelope', () => {
    const refusal = 'The sandbox answered invoices without its paged envelope ({ items, page, pageSize, totalItems, hasMore }).'
    for (const body of [null, 'oops', [], { items: {} }, { items: [], page: 1, pageSize: 3, totalItems: 0 }, { error: 'not_found' }]) {
      expect(() => invoices.read(answer(body), context, undefined)).toThrow(new DataSourceError(refusal))
    }
  })

  it('refuses a record without an id, or missing a part the mapping reads', () => {
    const body = recorded['accounting/invoices']!
    const invoice = (body['items'] as Array<Record<string, unknown>>)[0]!
    expect(() => invoices.read(answer({ ...body, items: [{ ...invoice, id: 42 }] }), context, undefined)).toThrow(
      new DataSourceError("The sandbox's invoices item 0 has no id or modifiedDate."),
    )
    expect(() => invoices.read(answer({ ...body, items: [7] }), context, undefined)).toThrow(new DataSourceError("The sandbox's invoices item 0 is not an object."))
    const { lineItems: _, ...withoutLines } = invoice
    expect(() => invoices.read(answer({ ...body, items: [withoutLines] }), context, undefined)).toThrow(/^The sandbox's invoices item 68c167ef-3e81-48fa-86e2-406d102f2345 is not as documented: /)
    expect(() => sourceOf(accountingSandboxDataSources, 'company').read(answer('<html>'), context, undefined)).toThrow(new DataSourceError("The sandbox's company item 0 is not an object."))
  })
})

describe('sandbox data sources: mapping to the unified model', () => {
  it('accounting company info', () => {
    expect(readRecorded('company').data).toEqual({
      companyName: 'Northwind Consulting',
      accountingPlatformRef: '7799fb84-b667-43db-a857-f258cf1fc176',
      companyLegalName: 'Northwind Consulting LLP',
      addresses: [{ type: 'Billing', line1: '48 High Street', city: 'Austin', postalCode: '73301', country: 'US' }],
      phoneNumbers: [{ number: '+44 20 7946 0505', type: 'Primary' }],
      webLinks: [{ type: 'Website', url: 'https://northwind-consulting.example' }],
      registrationNumber: '10439396',
      baseCurrency: 'USD',
      createdDate: '2022-09-04T00:00:00Z',
    })
  })

  it('an account of the chart', () => {
    expect(readRecorded('chartOfAccounts').data).toEqual({
      id: '4c38b50f-c598-455a-b544-c8e4cfae65f2',
      nominalCode: '090',
      name: 'Business Current Account',
      fullyQualifiedCategory: 'Asset',
      fullyQualifiedName: 'Asset.Business Current Account',
      currency: 'USD',
      currentBalance: -2486.05,
      type: 'Asset',
      status: 'Active',
      isBankAccount: true,
      metadata: { isDeleted: false },
      modifiedDate: '2024-12-12T11:06:33Z',
      sourceModifiedDate: '2024-12-12T11:06:33Z',
    })
  })

  it('an invoice: the customer’s name as companyName, tax rates as percentages, dates without a fraction', () => {
    expect(readRecorded('invoices')).toEqual({
      id: '68c167ef-3e81-48fa-86e2-406d102f2345',
      modifiedAt: new Date('2024-12-02T01:15:34Z'),
      data: {
        id: '68c167ef-3e81-48fa-86e2-406d102f2345',
        invoiceNumber: 'INV-00001',
        customerRef: { id: '1b721903-30aa-4199-9442-7a4e4607ddba', companyName: 'Kestrel Outfitters' },
        issueDate: '2024-11-21T00:00:00Z',
        dueDate: '2024-12-21T00:00:00Z',
        currency: 'USD',
        lineItems: [
          {
            description: 'Office supplies',
            unitAmount: 116,
            quantity: 9,
            subTotal: 1044,
            taxAmount: 0,
            totalAmount: 1044,
            accountRef: { id: 'e0dad324-646d-481b-b9f7-e26f21fe408f', name: 'Office Equipment' },
            taxRateRef: { effectiveTaxRate: 0 },
          },
          {
            description: 'Office supplies',
            unitAmount: 279,
            quantity: 5,
            subTotal: 1395,
            taxAmount: 115.09,
            totalAmount: 1510.09,
            accountRef: { id: '1a7b8c36-e89b-46b7-88d8-09f8640754de', name: 'Entertainment' },
            taxRateRef: { effectiveTaxRate: 8.25 },
          },
          {
            description: 'Cleaning services',
            unitAmount: 153,
            quantity: 7,
            subTotal: 1071,
            taxAmount: 0,
            totalAmount: 1071,
            accountRef: { id: '1682247d-63d0-4e32-9943-0425c52035d3', name: 'Business Savings Account' },
            taxRateRef: { effectiveTaxRate: 0 },
          },
        ],
        subTotal: 3510,
        totalTaxAmount: 115.09,
        totalAmount: 3625.09,
        amountDue: 3625.09,
        status: 'Submitted',
        note: 'Payment due within 30 days. Please quote INV-00001.',
        metadata: { isDeleted: false },
        modifiedDate: '2024-12-02T01:15:34Z',
        sourceModifiedDate: '2024-12-02T01:15:34Z',
      },
    })
  })

  it('a bill: the supplier’s name as supplierName, the tax total as taxAmount', () => {
    expect(readRecorded('bills').data).toMatchObject({
      id: '4f959c6c-5698-4e98-a147-caf583caaabd',
      reference: 'BILL-00001',
      supplierRef: { id: 'e7d31d49-4a91-4e76-9796-bfb5de822e54', supplierName: 'Willow Print' },
      issueDate: '2024-11-22T00:00:00Z',
      dueDate: '2024-12-22T00:00:00Z',
      currency: 'EUR',
      status: 'Paid',
      subTotal: 3345.49,
      taxAmount: 24.32,
      totalAmount: 3369.81,
      amountDue: 0,
    })
  })

  it('a submitted bill is Open, as the reference names an approved, unpaid bill', () => {
    const body = recorded['accounting/bills']!
    const bill = (body['items'] as Array<Record<string, unknown>>)[0]!
    const page = sourceOf(accountingSandboxDataSources, 'bills').read(answer({ ...body, items: [{ ...bill, status: 'Submitted' }] }), context, undefined)
    expect(page.records[0]!.data.status).toBe('Open')
  })

  it('a payment: one line, linked to the invoice it pays by a negative amount', () => {
    expect(readRecorded('payments').data).toEqual({
      id: '71127a32-c6d3-469f-aab5-c53724682fa7',
      paymentMethodRef: { id: 'DirectDebit', name: 'DirectDebit' },
      totalAmount: 12282.84,
      currency: 'USD',
      date: '2024-12-05T00:00:00Z',
      customerRef: { id: '28ec8b7a-3726-46b5-81e8-5cb4ff8db4f5', companyName: 'Willow Wholesale' },
      lines: [{ amount: 12282.84, links: [{ type: 'Invoice', id: '7fff5bba-de4c-4bd8-ab42-10c57aa9fa48', amount: -12282.84 }] }],
      metadata: { isDeleted: false },
      modifiedDate: '2024-12-05T07:48:23Z',
      sourceModifiedDate: '2024-12-05T07:48:23Z',
    })
  })

  it('a credit note: the customer’s name as companyName, each allocation the invoice it was set against', () => {
    expect(readRecorded('creditNotes').data).toMatchObject({
      id: 'da23af0a-700a-463a-8415-e987f87c808b',
      creditNoteNumber: 'CN-00003',
      customerRef: { id: '599bd679-41d2-44c5-90d7-de06c3a50ec5', companyName: 'Riverside Digital' },
      status: 'Paid',
      issueDate: '2023-12-22T00:00:00Z',
      allocatedOnDate: '2023-12-22T00:00:00Z',
      subTotal: 275.5,
      totalTaxAmount: 0,
      totalAmount: 275.5,
      totalDiscount: 0,
      discountPercentage: 0,
      remainingCredit: 0,
      paymentAllocations: [
        {
          payment: { id: 'e12084ae-0a54-443f-87d9-ed5cfa44e358', reference: 'INV-00009', currency: 'GBP', paidOnDate: '2023-12-22T00:00:00Z', totalAmount: 275.5 },
          allocation: { currency: 'GBP', allocatedOnDate: '2023-12-22T00:00:00Z', totalAmount: 275.5 },
        },
      ],
    })
  })

  it('a bill credit note: its number as billCreditNoteNumber, the supplier’s name as supplierName', () => {
    const note = readRecorded('billCreditNotes').data
    expect(note).toMatchObject({ billCreditNoteNumber: 'BCN-00002', supplierRef: { id: '090df90d-b592-44cb-9612-d8e9e97167af', supplierName: 'Northwind Digital' }, remainingCredit: 0 })
    expect(note.paymentAllocations?.map(({ payment }) => payment.reference)).toEqual(['BILL-00004'])
    expect(note).not.toHaveProperty('creditNoteNumber')
  })

  it('a bill payment: one line, linked to the bill it pays by a negative amount; on account without a bill', () => {
    expect(readRecorded('billPayments').data).toEqual({
      id: '1b2aa44b-74ef-4b9f-87d1-ebae7cc443a9',
      supplierRef: { id: '90ee725f-7ba5-46a5-b9ea-4026ffe56758', supplierName: 'Foxglove Outfitters' },
      accountRef: { id: '25eed9dd-4132-4977-98eb-65a1886083f7', name: 'Business Current Account' },
      totalAmount: 4725.11,
      currency: 'USD',
      date: '2023-11-12T00:00:00Z',
      paymentMethodRef: { id: 'BankTransfer', name: 'BankTransfer' },
      lines: [{ amount: 4725.11, links: [{ type: 'Bill', id: 'df7b5a68-7f6b-459d-8d35-54f13399b424', amount: -4725.11 }], allocatedOnDate: '2023-11-12T00:00:00Z' }],
      reference: 'BP-00002',
      modifiedDate: '2023-11-25T08:09:18Z',
      sourceModifiedDate: '2023-11-25T08:09:18Z',
    })
    const body = recorded['accounting/billPayments']!
    const { billRef: _paid, ...onAccount } = (body['items'] as Array<Record<string, unknown>>)[0]!
    const page = sourceOf(accountingSandboxDataSources, 'billPayments').read(answer({ ...body, items: [onAccount] }), context, undefined)
    expect(page.records[0]!.data.lines).toEqual([{ amount: 4725.11, links: [{ type: 'PaymentOnAccount', amount: -4725.11 }], allocatedOnDate: '2023-11-12T00:00:00Z' }])
  })

  it('a direct cost: the supplier as its contact, paid in full from its bank account on its issue date', () => {
    expect(readRecorded('directCosts').data).toMatchObject({
      reference: 'DC-00001',
      contactRef: { id: 'bdf419b8-c09b-46fb-bcc9-3cf2aad332ad', dataType: 'suppliers' },
      issueDate: '2023-11-11T00:00:00Z',
      subTotal: 814,
      taxAmount: 40.7,
      totalAmount: 854.7,
      paymentAllocations: [
        {
          payment: { accountRef: { id: '25eed9dd-4132-4977-98eb-65a1886083f7', name: 'Business Current Account' }, currency: 'GBP', paidOnDate: '2023-11-11T00:00:00Z', totalAmount: 854.7 },
          allocation: { currency: 'GBP', allocatedOnDate: '2023-11-11T00:00:00Z', totalAmount: 854.7 },
        },
      ],
    })
    expect(readRecorded('directIncomes').data.contactRef?.dataType).toBe('customers')
  })

  it('orders: a sales order with its invoice is Invoiced, one without NotInvoiced; a purchase order keeps its number', () => {
    expect(readRecorded('salesOrders').data).toMatchObject({ salesOrderNumber: 'SO-00001', customerPurchaseOrderNumber: 'PO-9022', status: 'Closed', invoicingStatus: 'Invoiced', totalAmount: 2840.29 })
    const body = recorded['accounting/salesOrders']!
    const { invoiceRef: _invoiced, ...open } = (body['items'] as Array<Record<string, unknown>>)[0]!
    const page = sourceOf(accountingSandboxDataSources, 'salesOrders').read(answer({ ...body, items: [{ ...open, status: 'Open' }] }), context, undefined)
    expect(page.records[0]!.data).toMatchObject({ status: 'Open', invoicingStatus: 'NotInvoiced' })
    expect(readRecorded('purchaseOrders').data).toMatchObject({ purchaseOrderNumber: 'PO-00001', supplierRef: { supplierName: 'Copperfield Foods' }, status: 'Closed' })
  })

  it('an invoice raised from a sales order names it; a bill for a purchase order names it', () => {
    const invoices = recorded['accounting/invoices']!
    const invoice = (invoices['items'] as Array<Record<string, unknown>>)[0]!
    const ordered = sourceOf(accountingSandboxDataSources, 'invoices').read(answer({ ...invoices, items: [{ ...invoice, salesOrderRef: { id: 'so-1', name: 'SO-00001' } }] }), context, undefined)
    expect(ordered.records[0]!.data.salesOrderRefs).toEqual([{ id: 'so-1', dataType: 'salesOrders' }])
    const bills = recorded['accounting/bills']!
    const bill = (bills['items'] as Array<Record<string, unknown>>)[0]!
    const forOrder = sourceOf(accountingSandboxDataSources, 'bills').read(answer({ ...bills, items: [{ ...bill, purchaseOrderRef: { id: 'po-1', name: 'PO-00001' } }] }), context, undefined)
    expect(forOrder.records[0]!.data.purchaseOrderRefs).toEqual([{ id: 'po-1', purchaseOrderNumber: 'PO-00001' }])
  })

  it('an item receipt names the purchase order whose goods it received; a journal is one level deep', () => {
    expect(readRecorded('itemReceipts').data).toMatchObject({
      itemReceiptNumber: 'IR-00001',
      purchaseOrderRefs: [{ id: '067b2cbc-f94d-49a7-bc72-699794aebc3d', purchaseOrderNumber: 'PO-00001' }],
      status: 'Billed',
      issueDate: '2023-10-25T00:00:00Z',
      totalAmount: 1906.87,
    })
    expect(readRecorded('journals').data).toEqual({
      id: '1aa1ef69-567a-41de-b99a-de85e3ffa7c5',
      journalCode: 'GJ',
      name: 'General Journal',
      type: 'General',
      hasChildren: false,
      createdOn: '2022-07-03T00:00:00Z',
      status: 'Active',
      modifiedDate: '2023-12-30T19:55:52Z',
      sourceModifiedDate: '2023-12-30T19:55:52Z',
    })
  })

  it('a journal entry keeps its lines balanced', () => {
    const entry = readRecorded('journalEntries').data
    expect(entry).toMatchObject({ id: '9527c4b3-cb41-4951-867a-9e057ae67b04', description: 'Depreciation', postedOn: '2024-12-11T00:00:00Z' })
    expect(entry.journalLines?.map((line) => line.netAmount)).toEqual([2061.81, 860.03, -2921.84])
  })

  it('every record of the original accounting types says it is not deleted, so `metadata.isDeleted` can be queried', () => {
    for (const dataType of ['chartOfAccounts', 'customers', 'suppliers', 'invoices', 'bills', 'payments', 'bankAccounts', 'journalEntries'] as const) {
      expect(readRecorded(dataType).data, dataType).toMatchObject({ metadata: { isDeleted: false } })
    }
  })

  it('a paid invoice in a foreign currency says when it was paid and at what rate to the base currency', () => {
    const invoices = recorded['accounting/invoices']!
    const invoice = (invoices['items'] as Array<Record<string, unknown>>)[0]!
    const paid = { ...invoice, currency: 'EUR', status: 'Paid', amountDue: 0, paidOnDate: '2024-11-30T00:00:00.000Z', currencyRate: 1.088608 }
    const page = sourceOf(accountingSandboxDataSources, 'invoices').read(answer({ ...invoices, items: [paid] }), context, undefined)
    expect(page.records[0]!.data).toMatchObject({ status: 'Paid', paidOnDate: '2024-11-30T00:00:00Z', currencyRate: 1.088608, note: 'Payment due within 30 days. Please quote INV-00001.' })
    expect(readRecorded('invoices').data).not.toHaveProperty('paidOnDate')
    expect(readRecorded('invoices').data).not.toHaveProperty('currencyRate')
  })

  it('an accounting bank account: its type, and the balance available besides the booked one', () => {
    expect(readRecorded('bankAccounts').data).toEqual({
      id: '3fef07de-325a-43da-9905-f029fe378dca',
      accountName: 'Business Current Account',
      accountType: 'Debit',
      sortCode: '80-66-48',
      accountNumber: '****1330',
      currency: 'USD',
      balance: 145947.34,
      availableBalance: 145734.94,
      institution: 'Harbour Building Society',
      metadata: { isDeleted: false },
      modifiedDate: '2024-12-02T08:17:07Z',
      sourceModifiedDate: '2024-12-02T08:17:07Z',
    })
  })

  it('a journal entry that posts an invoice names it as recordRef; a manual journal names nothing', () => {
    const entries = recorded['accounting/journalEntries']!
    const entry = (entries['items'] as Array<Record<string, unknown>>)[0]!
    const posting = { ...entry, description: 'Invoice INV-00001', recordRef: { id: '68c167ef-3e81-48fa-86e2-406d102f2345', dataType: 'invoices' } }
    const page = sourceOf(accountingSandboxDataSources, 'journalEntries').read(answer({ ...entries, items: [posting] }), context, undefined)
    expect(page.records[0]!.data.recordRef).toEqual({ id: '68c167ef-3e81-48fa-86e2-406d102f2345', dataType: 'invoices' })
    expect(readRecorded('journalEntries').data).not.toHaveProperty('recordRef')
  })

  it('a bank account of the banking sandbox: the masked number as maskedAccountNumber, the sort code as bankCode', () => {
    expect(readRecorded('banking-accounts').data).toEqual({
      id: '3c485b4d-4d6f-4708-a533-7d70ef1366a5',
      name: 'Business Savings 1',
      type: 'Debit',
      balance: { current: 116677.5, available: 116473.44 },
      identifiers: { type: 'Depository', subtype: 'savings', bankCode: '89-72-66', maskedAccountNumber: '****8497' },
      currency: 'GBP',
      institution: { id: 'northern-trust-savings', name: 'Northern Trust Savings' },
      modifiedDate: '2024-12-22T15:35:41Z',
      sourceModifiedDate: '2024-12-22T15:35:41Z',
    })
  })

  it('a balance snapshot', () => {
    const balance = readRecorded('banking-accountBalances')
    expect(balance.id).toBe('9c938ecd-93d4-451f-a1ef-5db2d4a6125a')
    expect(balance.data).toEqual({
      accountId: '3c485b4d-4d6f-4708-a533-7d70ef1366a5',
      balance: { current: 149306.81, available: 149264.7 },
      date: '2024-12-05T00:00:00Z',
      modifiedDate: '2024-12-05T17:28:51Z',
      sourceModifiedDate: '2024-12-05T17:28:51Z',
    })
  })

  it('a bank transaction; a pending one has no postedDate', () => {
    expect(readRecorded('banking-transactions').data).toEqual({
      id: 'f762c05e-e1c7-4b07-aa62-c6d4e085fbd6',
      accountId: 'a6975adb-2516-42bb-9c91-1eb8d5d955b6',
      description: 'CLIENT PAYMENT 7622',
      amount: 8448.4,
      currency: 'GBP',
      postedDate: '2024-12-03T00:00:00Z',
      authorizedDate: '2024-12-03T00:00:00Z',
      merchantName: 'Client Payment',
      transactionCategoryRef: { id: '4644aa0a-0c75-4c5e-b45f-0e3bd73340bb', name: 'Income' },
      modifiedDate: '2024-12-03T10:42:13Z',
      sourceModifiedDate: '2024-12-03T10:42:13Z',
    })
    const body = recorded['banking/transactions']!
    const transaction = (body['items'] as Array<Record<string, unknown>>)[0]!
    const pending = sourceOf(bankingSandboxDataSources, 'banking-transactions').read(answer({ ...body, items: [{ ...transaction, status: 'Pending' }] }), context, undefined)
    expect(pending.records[0]!.data).not.toHaveProperty('postedDate')
  })

  it('commerce company info and a commerce customer', () => {
    expect(readRecorded('commerce-companyInfo').data).toMatchObject({
      companyName: 'Willow Builders',
      commercePlatformRef: '259085a0-dccc-4ce5-8b55-362e77ebf9a5',
      companyLegalName: 'Willow Builders LLC',
      baseCurrency: 'GBP',
      createdDate: '2024-03-15T00:00:00Z',
      modifiedDate: '2026-11-23T00:00:00Z',
    })
    expect(readRecorded('commerce-customers').data).toEqual({
      id: 'ebb378ad-8ea6-460d-b79c-98018cb4a088',
      customerName: 'Oliver Patel',
      emailAddress: 'oliver.patel1@mail.example',
      phone: '+44 20 7946 0095',
      addresses: [{ type: 'Billing', line1: '58 Main Street', city: 'London', postalCode: 'EC1A 1BB', country: 'GB' }],
      defaultCurrency: 'GBP',
      createdDate: '2024-09-10T09:41:09Z',
      modifiedDate: '2024-12-03T09:41:09Z',
      sourceModifiedDate: '2024-12-03T09:41:09Z',
    })
  })

  it('an order: its lines numbered within it, a refunded one with its refund and closedDate', () => {
    expect(readRecorded('commerce-orders').data).toEqual({
      id: '607cbe4a-873a-4504-8627-4bfa37ac26a8',
      orderNumber: '1001',
      currency: 'GBP',
      customerRef: { id: '574a2ddb-adfb-405b-835f-3b3467d04f0d', name: 'Lily Müller' },
      locationRef: { id: 'a3da32a9-894d-4eab-b95c-476532e3e8dc', name: 'Manchester Pop-up 1' },
      orderLineItems: [
        {
          id: '607cbe4a-873a-4504-8627-4bfa37ac26a8-1',
          quantity: 2,
          unitPrice: 11,
          totalAmount: 26.4,
          totalTaxAmount: 4.4,
          productRef: { id: '42e8f687-d922-4cc0-a50d-07602706745d', name: 'Everyday Notebook' },
          taxes: [{ taxComponentRef: { id: '6ea2b6ee-61f2-4cf7-a9ec-2b9d147d6ab5', name: 'VAT 20%' }, rate: 4.4 }],
        },
      ],
      totalAmount: 26.4,
      totalTaxAmount: 4.4,
      createdDate: '2024-12-01T02:38:14Z',
      modifiedDate: '2024-12-03T02:38:14Z',
      sourceModifiedDate: '2024-12-03T02:38:14Z',
    })
    const body = recorded['commerce/orders']!
    const order = (body['items'] as Array<Record<string, unknown>>)[0]!
    const refunded = sourceOf(commerceSandboxDataSources, 'commerce-orders').read(answer({ ...body, items: [{ ...order, status: 'Refunded' }] }), context, undefined)
    // The reference's refunds are negative.
    expect(refunded.records[0]!.data).toMatchObject({ totalRefund: -26.4, closedDate: '2024-12-03T02:38:14Z' })
  })

  it('a product, as one variant carrying its sku, price and stock, by location', () => {
    expect(readRecorded('commerce-products').data).toEqual({
      id: '3591a8c3-d9ec-4f5b-9d8d-c309042e6d0e',
      name: 'Premium Candle',
      categorization: 'Electronics',
      variants: [
        {
          id: '3591a8c3-d9ec-4f5b-9d8d-c309042e6d0e',
          name: 'Premium Candle',
          sku: 'SKU-00001',
          status: 'Published',
          prices: [{ currency: 'GBP', unitPrice: 139.99 }],
          inventory: { totalQuantity: 292, locations: [{ locationRef: { id: 'a3da32a9-894d-4eab-b95c-476532e3e8dc', name: 'Manchester Pop-up 1' }, quantity: 292 }] },
          createdDate: '2024-12-09T22:11:43Z',
          modifiedDate: '2024-12-15T22:11:43Z',
          sourceModifiedDate: '2024-12-15T22:11:43Z',
        },
      ],
    })
  })

  it('a commerce payment', () => {
    expect(readRecorded('commerce-payments').data).toEqual({
      id: '304dd517-19d7-4828-91c6-396d24dbcea5',
      amount: 850.57,
      currency: 'GBP',
      paymentMethodRef: { id: 'fa7526e3-1b05-46e6-8431-e5163b2f6856', name: 'Card' },
      status: 'Paid',
      createdDate: '2024-12-05T20:57:40Z',
      modifiedDate: '2024-12-05T20:57:40Z',
      sourceModifiedDate: '2024-12-05T20:57:40Z',
    })
  })

  it('a transaction category: a root has no parentId, a child its parent’s id; a bank transaction without a category has no reference', () => {
    expect(readRecorded('banking-transactionCategories').data).toEqual({
      id: '4644aa0a-0c75-4c5e-b45f-0e3bd73340bb',
      name: 'Income',
      hasChildren: false,
      status: 'Active',
      modifiedDate: '2025-01-21T00:26:23Z',
      sourceModifiedDate: '2025-01-21T00:26:23Z',
    })
    const categories = recorded['banking/transactionCategories']!
    const root = (categories['items'] as Array<Record<string, unknown>>)[0]!
    const child = { ...root, id: 'c-1', name: 'Travel', parentRef: { id: 'p-1', name: 'Expenses' } }
    const read = sourceOf(bankingSandboxDataSources, 'banking-transactionCategories').read(answer({ ...categories, items: [child] }), context, undefined)
    expect(read.records[0]!.data).toMatchObject({ id: 'c-1', name: 'Travel', parentId: 'p-1' })
    const transactions = recorded['banking/transactions']!
    const { categoryRef: _, ...uncategorised } = (transactions['items'] as Array<Record<string, unknown>>)[0]!
    const page = sourceOf(bankingSandboxDataSources, 'banking-transactions').read(answer({ ...transactions, items: [uncategorised] }), context, undefined)
    expect(page.records[0]!.data).not.toHaveProperty('transactionCategoryRef')
  })

  it('a dispute names the payment and the order it disputes', () => {
    expect(readRecorded('commerce-disputes').data).toEqual({
      id: '2165fc47-12ad-432a-99bf-81847406fc1f',
      disputedTransactions: [
        { id: '30bca8e9-201e-4612-86a3-4810e1717d00', type: 'Payment' },
        { id: '22b510ec-42ec-46f7-aeb8-cc6c679262b7', type: 'Order' },
      ],
      totalAmount: 470.04,
      currency: 'GBP',
      status: 'Processing',
      reason: 'product_unacceptable',
      dueDate: '2025-01-16T17:30:42Z',
      createdDate: '2024-12-31T17:30:42Z',
      modifiedDate: '2025-03-08T17:50:12Z',
      sourceModifiedDate: '2025-03-08T17:50:12Z',
    })
  })

  it('a location, a payment method and a tax component', () => {
    expect(readRecorded('commerce-locations').data).toEqual({
      id: 'a3da32a9-894d-4eab-b95c-476532e3e8dc',
      name: 'Manchester Pop-up 1',
      address: { type: 'Inventory', line1: '157 Main Street', city: 'Manchester', postalCode: 'M1 1AE', country: 'GB' },
      modifiedDate: '2025-03-25T02:16:28Z',
      sourceModifiedDate: '2025-03-25T02:16:28Z',
    })
    expect(readRecorded('commerce-paymentMethods').data).toEqual({
      id: 'fa7526e3-1b05-46e6-8431-e5163b2f6856',
      name: 'Card',
      status: 'Active',
      modifiedDate: '2025-05-11T19:39:23Z',
      sourceModifiedDate: '2025-05-11T19:39:23Z',
    })
    expect(readRecorded('commerce-taxComponents').data).toEqual({
      id: '6ea2b6ee-61f2-4cf7-a9ec-2b9d147d6ab5',
      name: 'VAT 20%',
      rate: 0.2,
      isCompound: false,
      modifiedDate: '2025-06-24T03:28:20Z',
      sourceModifiedDate: '2025-06-24T03:28:20Z',
    })
  })

  it('a product category: a root with no ancestors, a subcategory with its parent as its one ancestor', () => {
    expect(readRecorded('commerce-productCategories').data).toEqual({
      id: '346eeb08-94b0-4c5e-8459-6978d2c6fb4e',
      name: 'Stationery',
      ancestorRefs: [],
      hasChildren: true,
      modifiedDate: '2024-12-29T09:21:32Z',
      sourceModifiedDate: '2024-12-29T09:21:32Z',
    })
    const body = recorded['commerce/productCategories']!
    const root = (body['items'] as Array<Record<string, unknown>>)[0]!
    const child = { ...root, id: 'sub-1', name: 'Notebooks', hasChildren: false, parentRef: { id: root['id'], name: 'Stationery' } }
    const read = sourceOf(commerceSandboxDataSources, 'commerce-productCategories').read(answer({ ...body, items: [child] }), context, undefined)
    expect(read.records[0]!.data).toMatchObject({ ancestorRefs: [{ id: '346eeb08-94b0-4c5e-8459-6978d2c6fb4e', type: 'ProductCategory' }], hasChildren: false })
  })

  it('a merchant account transaction: its source, and a payout with none', () => {
    expect(readRecorded('commerce-transactions').data).toEqual({
      id: '85286bd7-9771-4c0b-9b2c-f4f44ed838b4',
      totalAmount: 458.4,
      currency: 'GBP',
      type: 'Payment',
      subType: 'charge',
      transactionSourceRef: { id: 'a94fbc0a-7840-4734-adad-b275e7ec4115', type: 'Payment' },
      createdDate: '2024-11-26T13:31:20Z',
      sourceCreatedDate: '2024-11-26T13:31:20Z',
      modifiedDate: '2024-11-26T13:31:20Z',
      sourceModifiedDate: '2024-11-26T13:31:20Z',
    })
    const body = recorded['commerce/transactions']!
    const { sourceRef: _, ...payment } = (body['items'] as Array<Record<string, unknown>>)[0]!
    const payout = sourceOf(commerceSandboxDataSources, 'commerce-transactions').read(answer({ ...body, items: [{ ...payment, type: 'Payout', amount: -440.23 }] }), context, undefined)
    expect(payout.records[0]!.data).toMatchObject({ type: 'Payout', subType: 'payout', totalAmount: -440.23 })
    expect(payout.records[0]!.data).not.toHaveProperty('transactionSourceRef')
  })
})
