import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PageCursor, type PageOfRecords, type PlatformRequest, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { quickbooksInvoices } from './invoices.js'

const REALM_ID = '9130357992221046'
const BASE_URL = `https://quickbooks.api.intuit.com/v3/company/${REALM_ID}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { realmId: REALM_ID }, modifiedSince: undefined, pageSize: 1000 }
const page = JSON.parse(readFileSync(new URL('./fixtures/invoices.json', import.meta.url), 'utf8')) as { QueryResponse: { Invoice: Array<Record<string, unknown>> } }

/** The request for a query, encoded as the first-page test spells out. */
function queryRequest(query: string): PlatformRequest {
  return { url: `${BASE_URL}/query?query=${encodeURIComponent(query)}&minorversion=75`, headers: {} }
}

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8', intuit_tid: '1-6670e5a8-2b1f0e4d6c3a9b7e5f2d1c0a' }, body }
}

describe('QuickBooks invoices: requests', () => {
  it('queries the first page of invoices, ordered by id, at the latest minor version', () => {
    expect(quickbooksInvoices.request(context, undefined)).toEqual({
      url: `${BASE_URL}/query?query=SELECT%20*%20FROM%20Invoice%20ORDERBY%20Id%20STARTPOSITION%201%20MAXRESULTS%201000&minorversion=75`,
      headers: {},
    })
  })

  it('queries the page the cursor names', () => {
    expect(quickbooksInvoices.request(context, { startPosition: 2001, maxResults: 1000 })).toEqual(queryRequest('SELECT * FROM Invoice ORDERBY Id STARTPOSITION 2001 MAXRESULTS 1000'))
  })

  it('bounds an incremental read by the last updated time, inclusively', () => {
    expect(quickbooksInvoices.request({ ...context, modifiedSince: new Date('2024-06-01T08:30:15.250Z') }, undefined)).toEqual(
      queryRequest("SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime >= '2024-06-01T08:30:15+00:00' ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000"),
    )
  })

  it('asks for the engine’s page size, up to QuickBooks’ 1000', () => {
    expect(quickbooksInvoices.request({ ...context, pageSize: 250 }, undefined)).toEqual(queryRequest('SELECT * FROM Invoice ORDERBY Id STARTPOSITION 1 MAXRESULTS 250'))
    expect(quickbooksInvoices.request({ ...context, pageSize: 5000 }, undefined)).toEqual(queryRequest('SELECT * FROM Invoice ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000'))
  })
})

/**
 * A page read to its end: its invoices, then (when they name payments) an answer with none of those payments
 * (invoice-payments.test.ts reads them). Its records in Id order, those that waited for payments among the others.
 */
function readPage(body: unknown, cursor: PageCursor | undefined = undefined): PageOfRecords<'invoices'> {
  const first = quickbooksInvoices.read(answer(body), context, cursor)
  if (first.next?.['step'] !== 'payments') return first
  const last = quickbooksInvoices.read(answer({ QueryResponse: {} }), context, first.next)
  return { ...last, records: [...first.records, ...last.records].sort((a, b) => Number(a.id) - Number(b.id)) }
}

describe('QuickBooks invoices: reading a page', () => {
  const result = readPage(page)

  it('reads every invoice into the unified model', () => {
    expect(result.records.map((record) => record.id)).toEqual(['130', '131', '133'])
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.invoices.schema.parse(record.data)).toEqual(record.data)
  })

  it('tells the status from the balance, and a voided invoice from its zeroed amounts and note', () => {
    expect(result.records.map((record) => record.data.status)).toEqual(['Paid', 'PartiallyPaid', 'Void'])
  })

  it('tells a voided invoice by its TxnStatus alone, its note edited since; a zeroed one with neither is not void', () => {
    const voided = page.QueryResponse.Invoice[2]!
    const { PrivateNote: _note, ...withoutNote } = voided
    const read = readPage({ QueryResponse: { Invoice: [{ ...withoutNote, TxnStatus: 'Voided' }, { ...withoutNote, Id: '134' }] } })
    expect(read.records.map((record) => [record.id, record.data.status])).toEqual([
      ['133', 'Void'],
      ['134', 'Paid'],
    ])
  })

  it('reads a partially paid foreign-currency invoice with a discount, field by field', () => {
    expect(result.records[1]).toEqual({
      id: '131',
      modifiedAt: new Date('2024-06-12T15:15:57Z'),
      data: {
        id: '131',
        invoiceNumber: '1038',
        customerRef: { id: '58', companyName: 'Jardins Lefèvre SARL' },
        issueDate: '2024-05-21T00:00:00Z',
        dueDate: '2024-06-20T00:00:00Z',
        currency: 'EUR',
        currencyRate: 1.0735,
        lineItems: [
          { description: 'Landscape design, days', unitAmount: 125, quantity: 8, subTotal: 1000, itemRef: { id: '7', name: 'Design' }, accountRef: { id: '82', name: 'Design income' }, taxRateRef: { id: 'NON' } },
          { description: 'Site survey', unitAmount: 250, quantity: 1, subTotal: 250, itemRef: { id: '19', name: 'Survey' }, accountRef: { id: '82', name: 'Design income' }, taxRateRef: { id: 'NON' } },
        ],
        totalDiscount: 62.5,
        subTotal: 1187.5,
        totalTaxAmount: 0,
        totalAmount: 1187.5,
        amountDue: 587.5,
        status: 'PartiallyPaid',
        note: 'Framework agreement 2024/11',
        sourceModifiedDate: '2024-06-12T15:15:57Z',
      },
    })
  })

  it('leaves subtotal lines out and nets the tax out of the total', () => {
    const paid = result.records[0]!.data
    expect(paid.lineItems).toHaveLength(2)
    expect(paid).toMatchObject({ totalAmount: 362.07, totalTaxAmount: 26.82, subTotal: 335.25, amountDue: 0 })
    expect(paid.currencyRate).toBeUndefined()
  })

  it('reads the item lines of a bundle in its place', () => {
    const bundled = {
      ...page.QueryResponse.Invoice[0]!,
      Line: [
        {
          Id: '1',
          LineNum: 1,
          Amount: 335.25,
          DetailType: 'GroupLineDetail',
          GroupLineDetail: { GroupItemRef: { value: '30', name: 'Fountain kit' }, Quantity: 1, Line: (page.QueryResponse.Invoice[0]!['Line'] as unknown[]).slice(0, 2) },
        },
      ],
    }
    const [invoice] = readPage({ QueryResponse: { Invoice: [bundled] } }).records
    expect(invoice!.data.lineItems?.map((line) => line.description)).toEqual(['Rock Fountain', 'Fountain Pump'])
  })

  it('tracks each line against the invoice’s department, after its own class, by the department’s tracking category id', () => {
    const lines = (page.QueryResponse.Invoice[0]!['Line'] as Array<Record<string, any>>).slice(0, 2)
    const classed = { ...lines[0], SalesItemLineDetail: { ...lines[0]!['SalesItemLineDetail'], ClassRef: { value: '5', name: 'Retail' } } }
    const located = { ...page.QueryResponse.Invoice[0]!, DepartmentRef: { value: '2', name: 'North' }, Line: [classed, lines[1]] }
    const [invoice] = readPage({ QueryResponse: { Invoice: [located] } }).records
    expect(invoice!.data.lineItems?.map((line) => line.trackingCategoryRefs)).toEqual([
      [
        { id: '5', name: 'Retail' },
        { id: 'department-2', name: 'North' },
      ],
      [{ id: 'department-2', name: 'North' }],
    ])
  })

  it('is the last page when fewer rows than asked for came back', () => {
    expect(result.next).toBeUndefined()
  })

  it('goes on after a full page from its last Id, not from a position', () => {
    const full = { QueryResponse: { Invoice: page.QueryResponse.Invoice, startPosition: 1, maxResults: 3 } }
    expect(readPage(full, { afterId: '120', maxResults: 3 }).next).toEqual({ afterId: '133', maxResults: 3 })
    expect(quickbooksInvoices.request(context, { afterId: '133', maxResults: 3 })).toEqual(queryRequest("SELECT * FROM Invoice WHERE Id > '133' ORDERBY Id STARTPOSITION 1 MAXRESULTS 3"))
    // A cursor stored before paging by Id goes on from its position once, then by Id.
    expect(quickbooksInvoices.request(context, { startPosition: 7, maxResults: 3 })).toEqual(queryRequest('SELECT * FROM Invoice ORDERBY Id STARTPOSITION 7 MAXRESULTS 3'))
    expect(readPage(full, { startPosition: 7, maxResults: 3 }).next).toEqual({ afterId: '133', maxResults: 3 })
  })

  it('reads QuickBooks’ empty answer, which has no list at all, as the end: of a whole read, a complete one', () => {
    expect(quickbooksInvoices.read(answer({ QueryResponse: {}, time: '2024-06-17T03:01:12.204-07:00' }), context, { startPosition: 1001, maxResults: 1000 })).toEqual({ records: [], next: undefined })
  })
})

describe('QuickBooks invoices: answers that are not QuickBooks’', () => {
  it('refuses a body without a QueryResponse', () => {
    expect(() => quickbooksInvoices.read(answer({ Invoice: [] }), context, undefined)).toThrow(new DataSourceError("QuickBooks' answer has no QueryResponse object."))
  })

  it('says what a fault was', () => {
    const fault = { Fault: { Error: [{ Message: 'Error parsing query', Detail: 'QueryParserError: Encountered " <INTEGER> "1 "" at line 1', code: '4000' }], type: 'ValidationFault' }, time: '2024-06-17T03:01:12.204-07:00' }
    expect(() => quickbooksInvoices.read(answer(fault), context, undefined)).toThrow(
      new DataSourceError('QuickBooks answered with a fault: ValidationFault: Error parsing query: QueryParserError: Encountered " <INTEGER> "1 "" at line 1'),
    )
  })

  it('refuses an invoice list that is not an array', () => {
    expect(() => quickbooksInvoices.read(answer({ QueryResponse: { Invoice: {} } }), context, undefined)).toThrow(new DataSourceError("QuickBooks' QueryResponse.Invoice is not an array."))
  })

  it('refuses an invoice without a date', () => {
    const { TxnDate: _, ...undated } = page.QueryResponse.Invoice[0]!
    expect(() => readPage({ QueryResponse: { Invoice: [undated] } })).toThrow(new DataSourceError("QuickBooks' invoice 130 has no readable TxnDate."))
  })
})
