import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PageCursor, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { quickbooksInvoices } from './invoices.js'

const REALM_ID = '9130357992221046'
const BASE_URL = `https://quickbooks.api.intuit.com/v3/company/${REALM_ID}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { realmId: REALM_ID }, modifiedSince: undefined, pageSize: 1000 }
const incremental: SourceContext = { ...context, modifiedSince: new Date('2024-06-15T12:00:00Z') }
const page = JSON.parse(readFileSync(new URL('./fixtures/invoices.json', import.meta.url), 'utf8')) as { QueryResponse: { Invoice: Array<Record<string, unknown>> } }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

const queryOf = (url: string) => new URL(url).searchParams.get('query')

/** Payments 142 and 148 as QuickBooks answers them: 142 pays invoice 130 in full, 148 pays part of 131 and part of another invoice. */
const payments = {
  QueryResponse: {
    Payment: [
      {
        Id: '142',
        TxnDate: '2024-06-12',
        CustomerRef: { value: '58', name: 'Sonnenschein Family Store' },
        DepositToAccountRef: { value: '35', name: 'Checking' },
        PaymentRefNum: '4471',
        CurrencyRef: { value: 'USD', name: 'United States Dollar' },
        TotalAmt: 362.07,
        UnappliedAmt: 0,
        Line: [{ Amount: 362.07, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] }],
      },
      {
        Id: '148',
        TxnDate: '2024-06-14',
        CurrencyRef: { value: 'EUR', name: 'Euro' },
        ExchangeRate: 1.07,
        TotalAmt: 800,
        UnappliedAmt: 0,
        Line: [
          { Amount: 600, LinkedTxn: [{ TxnId: '131', TxnType: 'Invoice' }] },
          { Amount: 200, LinkedTxn: [{ TxnId: '129', TxnType: 'Invoice' }] },
        ],
      },
    ],
    startPosition: 1,
    maxResults: 2,
  },
}

describe('QuickBooks invoices: the payments applied to them', () => {
  const first = quickbooksInvoices.read(answer(page), context, undefined)

  it('reads a page once: an invoice that names no payment at once, those that do kept in the cursor for their payments', () => {
    expect(first.records.map((record) => record.id)).toEqual(['133'])
    expect(first.next).toMatchObject({ step: 'payments', paymentIds: '142,148', paymentsFrom: 1 })
  })

  it('then asks for those payments by Id, without the incremental bound: an old payment still applies', () => {
    for (const on of [context, incremental]) {
      expect(queryOf(quickbooksInvoices.request(on, first.next).url)).toBe("SELECT * FROM Payment WHERE Id IN ('142', '148') ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000")
    }
  })

  it('then writes the invoices that waited, each with what each payment line applied to it, without asking for their page again', () => {
    const { records, next } = quickbooksInvoices.read(answer(payments), context, first.next)
    expect(next).toBeUndefined()
    for (const record of records) expect(DATA_TYPE_DEFINITIONS.invoices.schema.parse(record.data)).toEqual(record.data)
    const [paid, partly] = records.map((record) => record.data)
    expect(paid!.paymentAllocations).toEqual([
      {
        payment: { id: '142', paidOnDate: '2024-06-12T00:00:00Z', totalAmount: 362.07, currency: 'USD', accountRef: { id: '35', name: 'Checking' }, reference: '4471' },
        allocation: { allocatedOnDate: '2024-06-12T00:00:00Z', totalAmount: 362.07, currency: 'USD' },
      },
    ])
    // Paid in full: when its last payment was made.
    expect(paid!.paidOnDate).toBe('2024-06-12T00:00:00Z')
    expect(partly!.paymentAllocations).toEqual([
      {
        payment: { id: '148', paidOnDate: '2024-06-14T00:00:00Z', totalAmount: 800, currency: 'EUR', currencyRate: 1.07 },
        allocation: { allocatedOnDate: '2024-06-14T00:00:00Z', totalAmount: 600, currency: 'EUR', currencyRate: 1.07 },
      },
    ])
    expect(partly!.paidOnDate).toBeUndefined()
  })

  it('asks for each page of invoices once, however many payments it names', () => {
    const pages = [{ QueryResponse: { Invoice: page.QueryResponse.Invoice, startPosition: 1, maxResults: 3 } }, { QueryResponse: {} }]
    const asked: string[] = []
    let cursor: PageCursor | undefined
    do {
      const query = queryOf(quickbooksInvoices.request({ ...context, pageSize: 3 }, cursor).url)!
      asked.push(query)
      const body = query.includes('FROM Payment') ? payments : pages.shift()
      cursor = quickbooksInvoices.read(answer(body), { ...context, pageSize: 3 }, cursor).next
    } while (cursor !== undefined)
    expect(asked).toEqual([
      'SELECT * FROM Invoice ORDERBY Id STARTPOSITION 1 MAXRESULTS 3',
      "SELECT * FROM Payment WHERE Id IN ('142', '148') ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000",
      "SELECT * FROM Invoice WHERE Id > '133' ORDERBY Id STARTPOSITION 1 MAXRESULTS 3",
    ])
  })

  it('reads every page of the payments a page of invoices names: more than 1000 are not cut short', () => {
    // 1000 payments of 1.00 each on invoice 130 fill QuickBooks' largest answer; payment 148 is on the next.
    const many = Array.from({ length: 1000 }, (_, index) => ({ Id: String(2000 + index), TxnDate: '2024-06-01', TotalAmt: 1, Line: [{ Amount: 1, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] }] }))
    const full = quickbooksInvoices.read(answer({ QueryResponse: { Payment: many, startPosition: 1, maxResults: 1000 } }), context, first.next)
    expect(full.records).toEqual([])
    expect(queryOf(quickbooksInvoices.request(context, full.next).url)).toBe("SELECT * FROM Payment WHERE Id IN ('142', '148') ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000")
    const rest = { QueryResponse: { Payment: [payments.QueryResponse.Payment[1]], startPosition: 1001, maxResults: 1 } }
    const [paid, partly] = quickbooksInvoices.read(answer(rest), context, full.next).records.map((record) => record.data)
    expect(paid!.paymentAllocations).toHaveLength(1000)
    expect(partly!.paymentAllocations!.map((each) => each.payment.id)).toEqual(['148'])
  })

  it('reads a page whose invoices name no payment at once', () => {
    const unpaid = { QueryResponse: { Invoice: [page.QueryResponse.Invoice[2]] } }
    expect(quickbooksInvoices.read(answer(unpaid), context, undefined).records.map((record) => record.id)).toEqual(['133'])
  })

  it('reads the page anew from a cursor stored before a page was read once', () => {
    const stored: PageCursor[] = [{ startPosition: 1, maxResults: 1000, step: 'payments', paymentIds: '142,148' }, { startPosition: 1, maxResults: 1000, step: 'allocations', allocations: '{}' }]
    for (const cursor of stored) {
      expect(queryOf(quickbooksInvoices.request(context, cursor).url)).toBe('SELECT * FROM Invoice ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000')
      expect(quickbooksInvoices.read(answer(page), context, cursor).next).toMatchObject({ step: 'payments', paymentIds: '142,148' })
    }
  })

  it('refuses a cursor with a step it does not take', () => {
    expect(() => quickbooksInvoices.request(context, { step: 'refunds' })).toThrow(DataSourceError)
  })
})

describe('QuickBooks invoices: deletions, by change data capture', () => {
  const unpaid = { QueryResponse: { Invoice: [page.QueryResponse.Invoice[2]] } }

  it('an incremental sync ends by asking what was deleted since it started; a whole sync does not', () => {
    expect(quickbooksInvoices.read(answer(unpaid), context, undefined).next).toBeUndefined()
    const last = quickbooksInvoices.read(answer(unpaid), incremental, undefined)
    expect(last.next).toEqual({ step: 'deleted' })
    expect(quickbooksInvoices.request(incremental, last.next).url).toBe(`${BASE_URL}/cdc?entities=Invoice&changedSince=2024-06-15T12%3A00%3A00%2B00%3A00&minorversion=75`)
  })

  it('past the 30 days QuickBooks keeps (by its own time), does not ask for deletions, which would fail the sync', () => {
    const answeredAt = (time: string) => ({ ...unpaid, time })
    expect(quickbooksInvoices.read(answer(answeredAt('2024-07-15T11:59:59.000-00:00')), incremental, undefined).next).toEqual({ step: 'deleted' })
    expect(quickbooksInvoices.read(answer(answeredAt('2024-07-15T12:00:00.000-00:00')), incremental, undefined).next).toBeUndefined()
  })

  it('reads the Ids of the invoices reported Deleted, and nothing else: what changed was read by the query', () => {
    const cdc = {
      CDCResponse: [
        {
          QueryResponse: [
            {
              Invoice: [
                { ...page.QueryResponse.Invoice[2], Id: '140' },
                { domain: 'QBO', status: 'Deleted', Id: '131', MetaData: { LastUpdatedTime: '2024-06-16T09:00:00-07:00' } },
              ],
              startPosition: 1,
              maxResults: 2,
              totalCount: 2,
            },
          ],
        },
      ],
      time: '2024-06-17T03:01:12.204-07:00',
    }
    expect(quickbooksInvoices.read(answer(cdc), incremental, { step: 'deleted' })).toEqual({ records: [], next: undefined, deletedIds: ['131'] })
    expect(() => quickbooksInvoices.read(answer({ QueryResponse: {} }), incremental, { step: 'deleted' })).toThrow(new DataSourceError("QuickBooks' change data capture answer has no CDCResponse list."))
  })
})
