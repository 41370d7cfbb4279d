/**
 * The accounting documents around invoices and bills (credit notes, bill credit notes, bill payments, direct costs
 * and incomes, item receipts, journals, purchase and sales orders) end to end: the sandbox accounting platform linked
 * through its consent page, synced by a worker over real HTTP, read back at the reference's paths, checked against
 * the reference's published schemas and SDK, and checked to be one set of books.
 */
import { CodatAccounting } from '@codat/accounting'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'

/** A record as the API serves it. */
type Json = Record<string, any>

/** Where the reference serves each: company-level, or per connection (its SDK's paths). */
const PATHS = {
  creditNotes: { segment: 'creditNotes', scope: 'company' },
  billCreditNotes: { segment: 'billCreditNotes', scope: 'company' },
  billPayments: { segment: 'billPayments', scope: 'company' },
  directCosts: { segment: 'directCosts', scope: 'connection' },
  directIncomes: { segment: 'directIncomes', scope: 'connection' },
  itemReceipts: { segment: 'itemReceipts', scope: 'company' },
  journals: { segment: 'journals', scope: 'company' },
  purchaseOrders: { segment: 'purchaseOrders', scope: 'company' },
  salesOrders: { segment: 'salesOrders', scope: 'company' },
} as const
type DocumentType = keyof typeof PATHS
const DOCUMENT_TYPES = Object.keys(PATHS) as DocumentType[]

/**
 * Sizes past the sync's page (40 here), and chosen so every kind of record appears: orders past the documents raised
 * from them (open ones), credit notes and payments past the invoices and bills (unallocated, on account), receipts
 * past the orders.
 */
const SIZES: Record<string, number> = {
  invoices: 150,
  bills: 90,
  creditNotes: 40,
  billCreditNotes: 25,
  billPayments: 95,
  directCosts: 45,
  directIncomes: 42,
  purchaseOrders: 40,
  salesOrders: 60,
  itemReceipts: 45,
  journals: 8,
}
const SIZE_OF: Record<DocumentType, number> = { ...(Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, SIZES[type]!])) as Record<DocumentType, number>) }

/** The reference's published schema of each, where a document publishes one. */
const REFERENCE_SCHEMAS: Partial<Record<DocumentType, [document: string, schema: string]>> = {
  creditNotes: ['Codat-Sync-Commerce-v1.json', 'AccountingCreditNote'],
  billCreditNotes: ['Codat-Sync-Payables-v1.json', 'BillCreditNote'],
  billPayments: ['Codat-Sync-Payables-v1.json', 'BillPayment'],
  directIncomes: ['Codat-Sync-Commerce-v1.json', 'AccountingDirectIncome'],
  journals: ['Codat-Sync-Payables-v1.json', 'Journal'],
}

const cents = (amount: number): number => Math.round(amount * 100)

/** A document's lines add up: quantity × unit price is each line's subtotal; the lines are the subtotal and tax; the two are the total. */
function expectLinesAddUp(document: Json, taxField: 'totalTaxAmount' | 'taxAmount'): void {
  const lines = document['lineItems'] as Json[]
  expect(lines.length, document['id']).toBeGreaterThan(0)
  for (const line of lines) {
    expect(cents(line['quantity'] * line['unitAmount']), document['id']).toBe(cents(line['subTotal']))
    expect(cents(line['subTotal']) + cents(line['taxAmount'])).toBe(cents(line['totalAmount']))
  }
  expect(lines.reduce((sum, line) => sum + cents(line['subTotal']), 0)).toBe(cents(document['subTotal']))
  expect(lines.reduce((sum, line) => sum + cents(line['taxAmount']), 0)).toBe(cents(document[taxField]))
  expect(cents(document['subTotal']) + cents(document[taxField])).toBe(cents(document['totalAmount']))
}

describe.each(testedBackends())('accounting documents synced from the sandbox, on %s', (backend) => {
  let h: SyncHarness
  let companyId: string
  let connectionId: string
  /** Every record of each data type, by id, read through the API. */
  const books = new Map<string, Map<string, Json>>()

  function pathOf(dataType: DocumentType): string {
    const { segment, scope } = PATHS[dataType]
    return scope === 'company' ? `/companies/${companyId}/data/${segment}` : `/companies/${companyId}/connections/${connectionId}/data/${segment}`
  }

  async function readAll(path: string): Promise<Map<string, Json>> {
    const page = await h.api('GET', `${path}?pageSize=5000`)
    expect(page.statusCode, page.body).toBe(200)
    return new Map((page.json().results as Json[]).map((record) => [record['id'], record]))
  }

  function recordsOf(dataType: string): Json[] {
    return [...books.get(dataType)!.values()]
  }

  function expectResolves(dataType: string, id: unknown): Json {
    const record = books.get(dataType)!.get(id as string)
    expect(record, `${dataType} ${String(id)}`).toBeDefined()
    return record!
  }

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    for (const [dataset, count] of Object.entries(SIZES)) h.sandbox.admin.setDatasetSize('accounting', dataset, count)
    await h.startWorkers({ pageSize: 40 })
    ;({ companyId, connectionId } = await h.linkSandbox('mqjo'))
    await h.waitForSyncs(companyId, { timeoutMs: 60_000 })
    for (const dataType of DOCUMENT_TYPES) books.set(dataType, await readAll(pathOf(dataType)))
    for (const [dataType, segment] of [
      ['invoices', 'invoices'],
      ['bills', 'bills'],
      ['customers', 'customers'],
      ['suppliers', 'suppliers'],
      ['chartOfAccounts', 'accounts'],
      ['journalEntries', 'journalEntries'],
      ['payments', 'payments'],
      ['trackingCategories', 'trackingCategories'],
    ] as const) {
      books.set(dataType, await readAll(`/companies/${companyId}/data/${segment}`))
    }
    books.set('bankAccounts', await readAll(`/companies/${companyId}/connections/${connectionId}/data/bankAccounts`))
  }, 120_000)
  afterAll(async () => {
    await h?.close()
  })

  it('syncs every record of each, over several pages', async () => {
    const history = (await h.api('GET', `/companies/${companyId}/data/history?pageSize=100`)).json().results as Json[]
    for (const dataType of DOCUMENT_TYPES) {
      const dataset = history.find((entry) => entry['dataType'] === dataType)
      expect(dataset, dataType).toMatchObject({ connectionId, status: 'Complete', isCompleted: true, recordsRead: SIZE_OF[dataType], totalRecords: SIZE_OF[dataType] })
      expect(books.get(dataType)!.size, dataType).toBe(SIZE_OF[dataType])
    }
  })

  it.each(DOCUMENT_TYPES)('serves %s at the reference’s path, paged, and each record by its id', async (dataType) => {
    const path = pathOf(dataType)
    const first = await h.api('GET', `${path}?page=1&pageSize=5`)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({ pageNumber: 1, pageSize: 5, totalResults: SIZE_OF[dataType] })
    expect(first.json().results).toHaveLength(5)
    expect(first.json()._links.next.href).toBe(`${path}?page=2&pageSize=5`)
    const second = (await h.api('GET', `${path}?page=2&pageSize=5`)).json().results as Json[]
    const ids = new Set([...first.json().results, ...second].map((record: Json) => record['id']))
    expect(ids.size).toBe(Math.min(10, SIZE_OF[dataType]))
    const one = first.json().results[0] as Json
    const byId = await h.api('GET', `${path}/${one['id']}`)
    expect(byId.statusCode, byId.body).toBe(200)
    expect(byId.json()).toEqual(one)
    const missing = await h.api('GET', `${path}/no-such-record`)
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error).toBe(`No ${dataType} record was found with ID no-such-record`)
  })

  /** Above the middle amount: some records, never all. */
  const overMedian =
    (field: string) =>
    (records: Json[]): [string, (record: Json) => boolean] => {
      const middle = records.map((record) => record[field] as number).sort((a, b) => a - b)[Math.floor(records.length / 2)]!
      return [`${field}>${middle}`, (record) => record[field] > middle]
    }
  /** The same contact as the first record's. */
  const sameAsFirst =
    (path: [string, string]) =>
    (records: Json[]): [string, (record: Json) => boolean] => {
      const [ref, key] = path
      const value = records[0]![ref][key] as string
      return [`${ref}.${key}=${value}`, (record) => record[ref]?.[key] === value]
    }
  /**
   * For each, a query a person would ask and what it means, checked against every record. The amounts and contacts
   * come from the grant's seed, so those queries are made from the records; the statuses follow from the sizes.
   */
  const QUERIES: Record<DocumentType, (records: Json[]) => [query: string, holds: (record: Json) => boolean]> = {
    creditNotes: sameAsFirst(['customerRef', 'id']),
    billCreditNotes: overMedian('totalAmount'),
    billPayments: sameAsFirst(['supplierRef', 'id']),
    directCosts: overMedian('totalAmount'),
    directIncomes: sameAsFirst(['contactRef', 'id']),
    itemReceipts: overMedian('subTotal'),
    journals: () => ['type=Sales', (record) => record['type'] === 'Sales'],
    purchaseOrders: () => ['status=Closed', (record) => record['status'] === 'Closed'],
    salesOrders: () => ['invoicingStatus=NotInvoiced', (record) => record['invoicingStatus'] === 'NotInvoiced'],
  }

  it.each(DOCUMENT_TYPES)('filters %s with query and orders them with orderBy', async (dataType) => {
    const [query, holds] = QUERIES[dataType](recordsOf(dataType))
    const expected = recordsOf(dataType).filter(holds)
    expect(expected.length, `${dataType}: ${query} selects some`).toBeGreaterThan(0)
    expect(expected.length, `${dataType}: ${query} leaves some out`).toBeLessThan(SIZE_OF[dataType])
    const answer = await h.api('GET', `${pathOf(dataType)}?pageSize=500&query=${encodeURIComponent(query)}&orderBy=-modifiedDate`)
    expect(answer.statusCode, answer.body).toBe(200)
    const results = answer.json().results as Json[]
    expect(answer.json().totalResults).toBe(expected.length)
    expect(results.map((record) => record['id']).sort()).toEqual(expected.map((record) => record['id']).sort())
    const modified = results.map((record) => record['modifiedDate'] as string)
    expect(modified).toEqual([...modified].sort().reverse())

    const unknown = await h.api('GET', `${pathOf(dataType)}?query=${encodeURIComponent('isPaid=true')}`)
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json()).toMatchObject({ statusCode: 400, error: expect.stringMatching(/^Error parsing query - Could not resolve property isPaid on /) })
  })

  it.each(Object.entries(REFERENCE_SCHEMAS))('every %s record is valid against the reference’s %s', (dataType, [document, schema]) => {
    for (const record of recordsOf(dataType)) expect(referenceShapeErrors(record, document, schema), `${dataType} ${record['id']}`).toEqual([])
  })

  it('the reference’s accounting SDK reads every record of each, and knows every field of it', async () => {
    const sdk = new CodatAccounting({ security: { authHeader: h.client.headers.authorization }, serverURL: h.t.url, retryConfig: { strategy: 'none', retryConnectionErrors: false } })
    const company = { companyId, page: 1, pageSize: 5000 }
    const connection = { ...company, connectionId }
    const lists: Array<[DocumentType, () => Promise<{ statusCode: number; results: unknown[] | undefined }>]> = [
      ['creditNotes', async () => sdk.creditNotes.list(company).then((res) => ({ statusCode: res.statusCode, results: res.creditNotes?.results }))],
      ['billCreditNotes', async () => sdk.billCreditNotes.list(company).then((res) => ({ statusCode: res.statusCode, results: res.billCreditNotes?.results }))],
      ['billPayments', async () => sdk.billPayments.list(company).then((res) => ({ statusCode: res.statusCode, results: res.billPayments?.results }))],
      ['directCosts', async () => sdk.directCosts.list(connection).then((res) => ({ statusCode: res.statusCode, results: res.directCosts?.results }))],
      ['directIncomes', async () => sdk.directIncomes.list(connection).then((res) => ({ statusCode: res.statusCode, results: res.directIncomes?.results }))],
      ['journals', async () => sdk.journals.list(company).then((res) => ({ statusCode: res.statusCode, results: res.journals?.results }))],
      ['purchaseOrders', async () => sdk.purchaseOrders.list(company).then((res) => ({ statusCode: res.statusCode, results: res.purchaseOrders?.results }))],
      ['salesOrders', async () => sdk.salesOrders.list(company).then((res) => ({ statusCode: res.statusCode, results: res.salesOrders?.results }))],
    ]
    for (const [dataType, list] of lists) {
      const { statusCode, results } = await list()
      expect(statusCode, dataType).toBe(200)
      expect(results, dataType).toHaveLength(SIZE_OF[dataType])
      // The SDK keeps only the fields its models declare: what it read back is all we sent only if it knows them all.
      const readBack = new Map((JSON.parse(JSON.stringify(results)) as Json[]).map((record) => [record['id'], record]))
      for (const record of recordsOf(dataType)) expect(readBack.get(record['id']), `${dataType} ${record['id']}`).toEqual(record)
    }
  })

  it('credit notes are set against invoices of the same customer, never for more than is left of either', () => {
    const credited = new Set<string>()
    for (const note of recordsOf('creditNotes')) {
      expectLinesAddUp(note, 'totalTaxAmount')
      const customer = expectResolves('customers', note['customerRef']['id'])
      expect(note['customerRef']['companyName']).toBe(customer['customerName'])
      const allocations = note['paymentAllocations'] as Json[]
      const allocated = allocations.reduce((sum, entry) => sum + cents(entry['allocation']['totalAmount']), 0)
      expect(allocated + cents(note['remainingCredit'])).toBe(cents(note['totalAmount']))
      expect(note['status']).toBe(allocated === 0 ? 'Submitted' : note['remainingCredit'] === 0 ? 'Paid' : 'PartiallyPaid')
      for (const { payment, allocation } of allocations) {
        const invoice = expectResolves('invoices', payment['id'])
        expect(credited.has(invoice['id']), `invoice ${invoice['id']} credited twice`).toBe(false)
        credited.add(invoice['id'])
        expect(payment['reference']).toBe(invoice['invoiceNumber'])
        expect(invoice['customerRef']['id']).toBe(note['customerRef']['id'])
        expect(invoice['currency']).toBe(note['currency'])
        expect(cents(allocation['totalAmount'])).toBeLessThanOrEqual(cents(invoice['amountDue']))
        expect(Date.parse(note['issueDate'])).toBeGreaterThanOrEqual(Date.parse(invoice['issueDate']))
        expect(Date.parse(allocation['allocatedOnDate'])).toBeGreaterThanOrEqual(Date.parse(note['issueDate']))
      }
    }
    expect(credited.size).toBeGreaterThan(0)
  })

  it('bill credit notes and bill payments take no more off a bill than it totals', () => {
    const takenOff = new Map<string, number>()
    for (const note of recordsOf('billCreditNotes')) {
      expectLinesAddUp(note, 'totalTaxAmount')
      const supplier = expectResolves('suppliers', note['supplierRef']['id'])
      expect(note['supplierRef']['supplierName']).toBe(supplier['supplierName'])
      const allocations = note['paymentAllocations'] as Json[]
      const allocated = allocations.reduce((sum, entry) => sum + cents(entry['allocation']['totalAmount']), 0)
      expect(allocated + cents(note['remainingCredit'])).toBe(cents(note['totalAmount']))
      for (const { payment, allocation } of allocations) {
        const bill = expectResolves('bills', payment['id'])
        expect(bill['supplierRef']['id']).toBe(note['supplierRef']['id'])
        expect(cents(allocation['totalAmount'])).toBeLessThanOrEqual(cents(bill['amountDue']))
        takenOff.set(bill['id'], (takenOff.get(bill['id']) ?? 0) + cents(allocation['totalAmount']))
      }
    }
    let paidBills = 0
    let onAccount = 0
    for (const payment of recordsOf('billPayments')) {
      expectResolves('suppliers', payment['supplierRef']['id'])
      expect(expectResolves('chartOfAccounts', payment['accountRef']['id'])['isBankAccount']).toBe(true)
      const [line, ...rest] = payment['lines'] as Json[]
      expect(rest).toEqual([])
      expect(cents(line!['amount'])).toBe(cents(payment['totalAmount']))
      for (const link of line!['links'] as Json[]) {
        expect(cents(link['amount'])).toBe(-cents(payment['totalAmount']))
        if (link['type'] === 'PaymentOnAccount') {
          onAccount++
          continue
        }
        expect(link['type']).toBe('Bill')
        const bill = expectResolves('bills', link['id'])
        paidBills++
        expect(bill['supplierRef']['id']).toBe(payment['supplierRef']['id'])
        expect(bill['currency']).toBe(payment['currency'])
        // What the bill says was paid is what its payment paid.
        expect(cents(payment['totalAmount'])).toBe(cents(bill['totalAmount']) - cents(bill['amountDue']))
        expect(Date.parse(payment['date'])).toBeGreaterThanOrEqual(Date.parse(bill['issueDate']))
        takenOff.set(bill['id'], (takenOff.get(bill['id']) ?? 0) + cents(payment['totalAmount']))
      }
    }
    expect(paidBills).toBeGreaterThan(0)
    expect(onAccount).toBeGreaterThan(0)
    for (const [billId, amount] of takenOff) expect(amount, billId).toBeLessThanOrEqual(cents(books.get('bills')!.get(billId)!['totalAmount']))
  })

  it('direct costs and incomes are with suppliers and customers that exist, and paid in full from a bank account', () => {
    for (const [dataType, contacts] of [['directCosts', 'suppliers'], ['directIncomes', 'customers']] as const) {
      for (const record of recordsOf(dataType)) {
        expectLinesAddUp(record, 'taxAmount')
        expect(record['contactRef']['dataType']).toBe(contacts)
        expectResolves(contacts, record['contactRef']['id'])
        for (const line of record['lineItems'] as Json[]) expectResolves('chartOfAccounts', line['accountRef']['id'])
        const [allocation, ...rest] = record['paymentAllocations'] as Json[]
        expect(rest).toEqual([])
        expect(cents(allocation!['allocation']['totalAmount'])).toBe(cents(record['totalAmount']))
        expect(cents(allocation!['payment']['totalAmount'])).toBe(cents(record['totalAmount']))
        expect(allocation!['allocation']['allocatedOnDate']).toBe(record['issueDate'])
        expect(expectResolves('chartOfAccounts', allocation!['payment']['accountRef']['id'])['isBankAccount']).toBe(true)
      }
    }
  })

  it('sales orders are what the invoices raised from them say, and invoiced exactly when one was', () => {
    const invoiced = new Map<string, Json>()
    for (const invoice of recordsOf('invoices')) {
      for (const ref of (invoice['salesOrderRefs'] ?? []) as Json[]) {
        expect(ref['dataType']).toBe('salesOrders')
        const order = expectResolves('salesOrders', ref['id'])
        invoiced.set(order['id'], invoice)
        expect(order['customerRef']['id']).toBe(invoice['customerRef']['id'])
        expect(order['currency']).toBe(invoice['currency'])
        expect(cents(order['totalAmount'])).toBe(cents(invoice['totalAmount']))
        expect(Date.parse(order['issueDate'])).toBeLessThanOrEqual(Date.parse(invoice['issueDate']))
      }
    }
    expect(invoiced.size).toBeGreaterThan(0)
    for (const order of recordsOf('salesOrders')) {
      expectLinesAddUp(order, 'totalTaxAmount')
      expectResolves('customers', order['customerRef']['id'])
      expect(order['invoicingStatus'], order['id']).toBe(invoiced.has(order['id']) ? 'Invoiced' : 'NotInvoiced')
      expect(order['status'] === 'Closed', order['id']).toBe(invoiced.has(order['id']))
      expect(Date.parse(order['expectedDeliveryDate'])).toBeGreaterThan(Date.parse(order['issueDate']))
    }
  })

  it('purchase orders are what their bills say, and their goods arrive in an item receipt before or when billed', () => {
    const billed = new Map<string, Json>()
    for (const bill of recordsOf('bills')) {
      for (const ref of (bill['purchaseOrderRefs'] ?? []) as Json[]) {
        const order = expectResolves('purchaseOrders', ref['id'])
        expect(ref['purchaseOrderNumber']).toBe(order['purchaseOrderNumber'])
        billed.set(order['id'], bill)
        expect(order['supplierRef']['id']).toBe(bill['supplierRef']['id'])
        expect(cents(order['totalAmount'])).toBe(cents(bill['totalAmount']))
        expect(Date.parse(order['issueDate'])).toBeLessThanOrEqual(Date.parse(bill['issueDate']))
      }
    }
    expect(billed.size).toBeGreaterThan(0)
    for (const order of recordsOf('purchaseOrders')) {
      expectLinesAddUp(order, 'totalTaxAmount')
      expectResolves('suppliers', order['supplierRef']['id'])
      expect(order['status'] === 'Closed', order['id']).toBe(billed.has(order['id']))
    }
    const received = new Set<string>()
    for (const receipt of recordsOf('itemReceipts')) {
      expectLinesAddUp(receipt, 'totalTaxAmount')
      expectResolves('suppliers', receipt['supplierRef']['id'])
      for (const ref of (receipt['purchaseOrderRefs'] ?? []) as Json[]) {
        expect(received.has(ref['id']), `order ${ref['id']} received twice`).toBe(false)
        received.add(ref['id'])
        const order = expectResolves('purchaseOrders', ref['id'])
        expect(receipt['supplierRef']['id']).toBe(order['supplierRef']['id'])
        expect(receipt['lineItems']).toEqual(order['lineItems'])
        expect(Date.parse(receipt['issueDate'])).toBeGreaterThanOrEqual(Date.parse(order['issueDate']))
        const bill = billed.get(order['id'])
        expect(receipt['status']).toBe(bill ? 'Billed' : 'Received')
        if (bill) expect(Date.parse(receipt['issueDate'])).toBeLessThanOrEqual(Date.parse(bill['issueDate']))
      }
    }
    expect(received.size).toBeGreaterThan(0)
  })

  /** The date each is issued (or made) on. */
  const ISSUED: Record<DocumentType, string> = {
    creditNotes: 'issueDate',
    billCreditNotes: 'issueDate',
    billPayments: 'date',
    directCosts: 'issueDate',
    directIncomes: 'issueDate',
    itemReceipts: 'issueDate',
    journals: 'createdOn',
    purchaseOrders: 'issueDate',
    salesOrders: 'issueDate',
  }

  it.each(DOCUMENT_TYPES)('no %s record changed before the day it was issued', (dataType) => {
    for (const record of recordsOf(dataType)) {
      const issued = Date.parse(record[ISSUED[dataType]])
      expect(issued, `${dataType} ${record['id']}`).not.toBeNaN()
      expect(issued, `${dataType} ${record['id']} ${record[ISSUED[dataType]]} > ${record['modifiedDate']}`).toBeLessThanOrEqual(Date.parse(record['modifiedDate']))
    }
  })

  it('journal entries are posted to the books’ journals, and every line names an account that exists', () => {
    const used = new Set<string>()
    for (const entry of recordsOf('journalEntries')) {
      const journal = expectResolves('journals', entry['journalRef']['id'])
      expect(entry['journalRef']['name']).toBe(journal['name'])
      used.add(journal['id'])
    }
    expect(used.size).toBeGreaterThan(1)
    for (const dataType of ['creditNotes', 'billCreditNotes', 'purchaseOrders', 'salesOrders', 'itemReceipts'] as const) {
      for (const record of recordsOf(dataType)) for (const line of record['lineItems'] as Json[]) expectResolves('chartOfAccounts', line['accountRef']['id'])
    }
  })

  describe('the reference’s fields on invoices, bank accounts and journal entries', () => {
    const SCHEMAS = [
      ['invoices', 'AccountingInvoice'],
      ['bankAccounts', 'AccountingBankAccount'],
      ['journalEntries', 'AccountingJournalEntry'],
    ] as const

    it('every bill, with its payment allocations and tracked lines, is valid against the reference’s Bill', () => {
      for (const record of recordsOf('bills')) expect(referenceShapeErrors(record, 'Codat-Sync-Payables-v1.json', 'Bill'), `bills ${record['id']}`).toEqual([])
    })

    it('an invoice’s or bill’s payment allocations are what it says was paid, each the payment (or bill payment) that paid it', () => {
      for (const [documents, payments, linkType] of [
        ['invoices', 'payments', 'Invoice'],
        ['bills', 'billPayments', 'Bill'],
      ] as const) {
        const allocated = new Set<string>()
        for (const document of recordsOf(documents)) {
          const allocations = document['paymentAllocations'] as Json[]
          const paid = allocations.reduce((total, { allocation }) => total + cents(allocation['totalAmount']), 0)
          expect(allocations.length > 0, `${documents} ${document['id']} ${document['status']}`).toBe(document['status'] === 'Paid' || document['status'] === 'PartiallyPaid')
          if (document['status'] !== 'Void') expect(cents(document['totalAmount']) - paid, `${documents} ${document['id']}`).toBe(cents(document['amountDue']))
          for (const { payment, allocation } of allocations) {
            const paidBy = expectResolves(payments, payment['id'])
            expect(paidBy['lines'][0]['links']).toEqual([{ type: linkType, id: document['id'], amount: -allocation['totalAmount'] }])
            expect(cents(paidBy['totalAmount'])).toBe(cents(allocation['totalAmount']))
            expect(paidBy['date']).toBe(allocation['allocatedOnDate'])
            expect(expectResolves('chartOfAccounts', payment['accountRef']['id'])['isBankAccount']).toBe(true)
            allocated.add(paidBy['id'])
          }
        }
        expect(allocated.size, documents).toBeGreaterThan(0)
        // And the other way: a payment that names a document is that document's allocation.
        for (const payment of recordsOf(payments)) {
          const link = (payment['lines'][0]['links'] as Json[]).find((each) => each['type'] === linkType)
          expect(link !== undefined, `${payments} ${payment['id']}`).toBe(allocated.has(payment['id']))
        }
      }
    })

    it('some invoice and bill lines are tracked against tracking categories that exist', () => {
      let tracked = 0
      for (const document of [...recordsOf('invoices'), ...recordsOf('bills')]) {
        for (const line of document['lineItems'] as Json[]) {
          if (line['tracking'] === undefined) continue
          tracked++
          expect(line['trackingCategoryRefs']).toEqual(line['tracking']['categoryRefs'])
          for (const ref of line['tracking']['categoryRefs'] as Json[]) expect(expectResolves('trackingCategories', ref['id'])['name']).toBe(ref['name'])
        }
      }
      expect(tracked).toBeGreaterThan(0)
    })

    it.each(SCHEMAS)('every %s record is valid against the reference’s %s and says it is not deleted', (dataType, schema) => {
      for (const record of recordsOf(dataType)) {
        expect(referenceShapeErrors(record, 'Codat-Sync-Commerce-v1.json', schema), `${dataType} ${record['id']}`).toEqual([])
        expect(record['metadata'], `${dataType} ${record['id']}`).toEqual({ isDeleted: false })
      }
    })

    it('a paid invoice says when it was paid, a foreign one at what rate, and each has its note', () => {
      const invoices = recordsOf('invoices')
      const paid = invoices.filter((invoice) => invoice['status'] === 'Paid')
      expect(paid.length).toBeGreaterThan(0)
      for (const invoice of invoices) {
        expect('paidOnDate' in invoice, invoice['id']).toBe(invoice['status'] === 'Paid')
        expect(invoice['note'], invoice['id']).toContain(invoice['invoiceNumber'])
      }
      for (const invoice of paid) {
        expect(Date.parse(invoice['paidOnDate'])).toBeGreaterThanOrEqual(Date.parse(invoice['issueDate']))
        expect(Date.parse(invoice['paidOnDate'])).toBeLessThanOrEqual(Date.parse(invoice['modifiedDate']))
      }
      expect(invoices.some((invoice) => typeof invoice['currencyRate'] === 'number' && invoice['currencyRate'] > 0)).toBe(true)
    })

    it('a bank account is Credit or Debit, Active or Archived, with an available balance no more than its balance', () => {
      const accounts = recordsOf('bankAccounts')
      expect(new Set(accounts.map((account) => account['accountType']))).toEqual(new Set(['Credit', 'Debit']))
      // A grant's few accounts are not always both (the generator's test covers the mix); the first is always Active.
      for (const account of accounts) expect(['Active', 'Archived'], account['id']).toContain(account['status'])
      expect(accounts.map((account) => account['status'])).toContain('Active')
      for (const account of accounts) expect(account['availableBalance'], account['id']).toBeLessThanOrEqual(account['balance'])
    })

    it('a journal entry that posts a document names it; every invoice, bill, payment, credit note, bill payment and direct cost or income is posted once', () => {
      const posted = new Map<string, number>()
      for (const entry of recordsOf('journalEntries')) {
        if (entry['recordRef'] === undefined) continue
        const { dataType, id } = entry['recordRef'] as { dataType: string; id: string }
        expectResolves(dataType, id)
        posted.set(`${dataType}/${id}`, (posted.get(`${dataType}/${id}`) ?? 0) + 1)
      }
      for (const dataType of ['invoices', 'bills', 'payments', 'creditNotes', 'billCreditNotes', 'billPayments', 'directCosts', 'directIncomes'] as const) {
        expect(recordsOf(dataType).length, dataType).toBeGreaterThan(0)
        for (const record of recordsOf(dataType)) expect(posted.get(`${dataType}/${record['id']}`), `${dataType} ${record['id']}`).toBe(1)
      }
    })

    it('filters on metadata.isDeleted with query', async () => {
      const kept = await h.api('GET', `/companies/${companyId}/data/invoices?pageSize=5000&query=${encodeURIComponent('metadata.isDeleted=false')}`)
      expect(kept.statusCode, kept.body).toBe(200)
      expect(kept.json().totalResults).toBe(SIZES['invoices'])
      const deleted = await h.api('GET', `/companies/${companyId}/data/invoices?query=${encodeURIComponent('metadata.isDeleted=true')}`)
      expect(deleted.json().totalResults).toBe(0)
    })

    it('the reference’s accounting SDK reads them and knows every field', async () => {
      const sdk = new CodatAccounting({ security: { authHeader: h.client.headers.authorization }, serverURL: h.t.url, retryConfig: { strategy: 'none', retryConnectionErrors: false } })
      const company = { companyId, page: 1, pageSize: 5000 }
      const lists: Array<[string, () => Promise<unknown[] | undefined>]> = [
        ['invoices', async () => (await sdk.invoices.list(company)).invoices?.results],
        ['bankAccounts', async () => (await sdk.bankAccounts.list({ ...company, connectionId })).bankAccounts?.results],
        ['journalEntries', async () => (await sdk.journalEntries.list(company)).journalEntries?.results],
      ]
      for (const [dataType, list] of lists) {
        const readBack = new Map((JSON.parse(JSON.stringify(await list())) as Json[]).map((record) => [record['id'], record]))
        expect(readBack.size, dataType).toBe(recordsOf(dataType).length)
        for (const record of recordsOf(dataType)) expect(readBack.get(record['id']), `${dataType} ${record['id']}`).toEqual(withoutFieldsTheSdkLacks(dataType, record))
      }
    })
  })
})

/**
 * The reference's OpenAPI documents define a bank account's `status` (`Unknown`, `Active`, `Archived`, `Pending`; the
 * records above are valid against them), but the SDK this test reads with predates it and drops it on reading.
 */
function withoutFieldsTheSdkLacks(dataType: string, record: Json): Json {
  if (dataType !== 'bankAccounts') return record
  const { status: _status, ...known } = record
  return known
}
