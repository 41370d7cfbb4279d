import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroInvoices } from './invoices.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const page = JSON.parse(readFileSync(new URL('./fixtures/invoices-page-1.json', import.meta.url), 'utf8')) as { Invoices: Array<Record<string, unknown>>; pagination: unknown }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body }
}

/** A page of `count` sales invoices, without Xero's paging summary. */
function pageOf(count: number): unknown {
  const invoice = page.Invoices[0]!
  return { Invoices: Array.from({ length: count }, (_, index) => ({ ...invoice, InvoiceID: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` })) }
}

describe('Xero invoices: requests', () => {
  it('asks for the first page of sales invoices, for the connection’s organisation', () => {
    expect(xeroInvoices.request(context, undefined)).toEqual({
      url: 'https://api.xero.com/api.xro/2.0/Invoices?page=1&pageSize=100&where=Type%3D%3D%22ACCREC%22',
      headers: { 'xero-tenant-id': TENANT_ID },
    })
  })

  it('asks for the page the cursor names, at the page size it was started with', () => {
    expect(xeroInvoices.request({ ...context, pageSize: 500 }, { page: 3, pageSize: 100 })).toEqual({
      url: 'https://api.xero.com/api.xro/2.0/Invoices?page=3&pageSize=100&where=Type%3D%3D%22ACCREC%22',
      headers: { 'xero-tenant-id': TENANT_ID },
    })
  })

  it('reads only what changed since the last sync, with If-Modified-Since in Xero’s UTC format', () => {
    const request = xeroInvoices.request({ ...context, modifiedSince: new Date('2024-06-01T08:30:15.250Z') }, undefined)
    expect(request.headers).toEqual({ 'xero-tenant-id': TENANT_ID, 'if-modified-since': '2024-06-01T08:30:15Z' })
  })

  it('asks for no more than Xero’s largest page', () => {
    expect(xeroInvoices.request({ ...context, pageSize: 5000 }, undefined).url).toContain('page=1&pageSize=1000&')
  })

  it('refuses a connection without an organisation', () => {
    expect(() => xeroInvoices.request({ ...context, connectionInfo: {} }, undefined)).toThrow(
      new DataSourceError('The Xero connection has no tenantId: the organisation was never picked, so Xero cannot be asked for its data.'),
    )
  })

  it('refuses a stored cursor that is not a page', () => {
    expect(() => xeroInvoices.request(context, { page: 'two', pageSize: 100 })).toThrow(DataSourceError)
  })
})

describe('Xero invoices: reading a page', () => {
  const result = xeroInvoices.read(answer(page), context, undefined)

  it('reads the sales invoices and leaves the bill out', () => {
    expect(result.records.map((record) => record.data.invoiceNumber)).toEqual(['INV-0041', 'INV-0042', 'INV-0043', 'INV-0044'])
  })

  it('produces records of the unified model', () => {
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.invoices.schema.parse(record.data)).toEqual(record.data)
  })

  it('maps Xero’s statuses, splitting AUTHORISED by whether anything was paid', () => {
    expect(result.records.map((record) => record.data.status)).toEqual(['Paid', 'PartiallyPaid', 'Void', 'Submitted'])
  })

  it('reads a partially paid invoice field by field', () => {
    expect(result.records[1]).toEqual({
      id: '9a2d6f1c-8e4b-4a7d-b5c3-1e6f9d2a8b47',
      modifiedAt: new Date('2024-06-12T14:03:51.870Z'),
      data: {
        id: '9a2d6f1c-8e4b-4a7d-b5c3-1e6f9d2a8b47',
        invoiceNumber: 'INV-0042',
        customerRef: { id: 'f3b8d2a6-9c1e-4f7b-a4d5-2e8c6b0a9f17', companyName: 'Northwind Analytics LLP' },
        issueDate: '2024-05-20T00:00:00Z',
        dueDate: '2024-06-19T00:00:00Z',
        currency: 'GBP',
        currencyRate: 1,
        lineItems: [
          {
            description: 'Discovery workshop (one day)',
            unitAmount: 1200,
            quantity: 1,
            discountPercentage: 10,
            subTotal: 1080,
            taxAmount: 216,
            totalAmount: 1296,
            accountRef: { id: '7d05a53d-613d-4eb2-a2fc-dcb6adb80b80' },
            taxRateRef: { id: 'OUTPUT2' },
            trackingCategoryRefs: [{ id: '4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0', name: 'North' }],
          },
          {
            description: 'Follow-up analysis (hours)',
            unitAmount: 95,
            quantity: 3.5,
            subTotal: 332.5,
            taxAmount: 66.5,
            totalAmount: 399,
            accountRef: { id: '7d05a53d-613d-4eb2-a2fc-dcb6adb80b80' },
            taxRateRef: { id: 'OUTPUT2' },
          },
        ],
        paymentAllocations: [
          {
            payment: { id: '4d7a1e9c-2b5f-4e8a-9c3d-6a0f8b1e2d93', reference: 'Part payment', currency: 'GBP', currencyRate: 1, paidOnDate: '2024-06-10T00:00:00Z', totalAmount: 500 },
            allocation: { currency: 'GBP', currencyRate: 1, allocatedOnDate: '2024-06-10T00:00:00Z', totalAmount: 500 },
          },
        ],
        totalDiscount: 120,
        subTotal: 1412.5,
        totalTaxAmount: 282.5,
        totalAmount: 1695,
        amountDue: 1195,
        status: 'PartiallyPaid',
        note: 'Discovery phase',
        sourceModifiedDate: '2024-06-12T14:03:51Z',
      },
    })
  })

  it('keeps the paid date and the item of a paid invoice', () => {
    const paid = result.records[0]!.data
    expect(paid).toMatchObject({ status: 'Paid', paidOnDate: '2024-05-28T00:00:00Z', amountDue: 0 })
    expect(paid.lineItems?.[0]?.itemRef).toEqual({ id: 'c8c54d65-f3f2-452d-926e-bf450b12fb07', name: 'Website maintenance' })
  })

  it('turns Xero’s foreign-per-base rate into base = foreign × rate on a foreign-currency invoice', () => {
    expect(result.records[3]!.data).toMatchObject({ currency: 'USD', currencyRate: 0.788084167, totalAmount: 6000, amountDue: 6000 })
  })

  it('splits the tax out of the line amount on a tax-inclusive invoice', () => {
    const inclusive = { ...page.Invoices[4]!, Type: 'ACCREC' }
    const [line] = xeroInvoices.read(answer({ Invoices: [inclusive] }), context, undefined).records[0]!.data.lineItems!
    expect(line).toMatchObject({ unitAmount: 84, subTotal: 70, taxAmount: 14, totalAmount: 84 })
  })

  it('reads an ISO time without a zone as UTC, as Xero means it', () => {
    const isoDated = { ...page.Invoices[1]!, UpdatedDateUTC: '2024-06-12T14:03:51.87' }
    expect(xeroInvoices.read(answer({ Invoices: [isoDated] }), context, undefined).records[0]!.modifiedAt).toEqual(new Date('2024-06-12T14:03:51.870Z'))
  })

  it('marks a deleted invoice void and deleted', () => {
    const deleted = { ...page.Invoices[2]!, Status: 'DELETED' }
    expect(xeroInvoices.read(answer({ Invoices: [deleted] }), context, undefined).records[0]!.data).toMatchObject({ status: 'Void', metadata: { isDeleted: true } })
  })

  it('is the last page when Xero’s paging summary says so, and reports the total', () => {
    expect(result.next).toBeUndefined()
    expect(result.totalRecords).toBe(5)
  })

  it('goes on while Xero’s paging summary has more pages', () => {
    const first = { ...page, pagination: { page: 1, pageSize: 100, pageCount: 3, itemCount: 250 } }
    expect(xeroInvoices.read(answer(first), context, undefined)).toMatchObject({ next: { page: 2, pageSize: 100 }, totalRecords: 250 })
    expect(xeroInvoices.read(answer(first), context, { page: 3, pageSize: 100 }).next).toBeUndefined()
  })

  it('without a paging summary, goes on after a full page and stops after a short one', () => {
    expect(xeroInvoices.read(answer(pageOf(100)), context, { page: 4, pageSize: 100 }).next).toEqual({ page: 5, pageSize: 100 })
    expect(xeroInvoices.read(answer(pageOf(99)), context, { page: 4, pageSize: 100 }).next).toBeUndefined()
  })

  it('takes 100 records as a full page even when more were asked for, since an older Xero pages by 100 whatever pageSize says', () => {
    expect(xeroInvoices.read(answer(pageOf(100)), { ...context, pageSize: 1000 }, undefined).next).toEqual({ page: 2, pageSize: 1000 })
  })

  it('reads an empty page as the end', () => {
    expect(xeroInvoices.read(answer({ Invoices: [] }), context, { page: 2, pageSize: 100 })).toEqual({ records: [], next: undefined })
  })
})

describe('Xero invoices: answers that are not Xero’s', () => {
  it('refuses a body without an Invoices array', () => {
    expect(() => xeroInvoices.read(answer({ Contacts: [] }), context, undefined)).toThrow(new DataSourceError("Xero's answer has no Invoices array."))
  })

  it('refuses an invoice without an id, naming where it is', () => {
    const { InvoiceID: _, ...withoutId } = page.Invoices[0]!
    expect(() => xeroInvoices.read(answer({ Invoices: [page.Invoices[1], withoutId] }), context, undefined)).toThrow(new DataSourceError("Xero's Invoices[1] has no InvoiceID."))
  })

  it('refuses an invoice whose totals are not numbers', () => {
    const withTextTotal = { ...page.Invoices[0]!, Total: '600.00' }
    expect(() => xeroInvoices.read(answer({ Invoices: [withTextTotal] }), context, undefined)).toThrow(
      new DataSourceError("Xero's invoice 3f7b2c9e-1a4d-4e8b-9c6f-2d5e8a1b4c70 lacks a numeric Total, TotalTax or AmountDue."),
    )
  })
})
