/**
 * Xero's books end to end: one Xero organisation linked through the emulation's consent page and Linkway's tenant
 * pick, its suppliers, bills, payments, credit notes, bank accounts, organisation and general ledger synced by a
 * worker over real HTTP, read back at the reference's paths and checked against the reference's published schemas
 * and against each other. The statements Linkway builds from the synced journals are checked against the Balance
 * Sheet and Profit and Loss reports the emulated Xero computes from the same ledger: that is how statements built
 * from a platform's ledger are verified against the platform's own reports.
 */
import { DATA_TYPE_DEFINITIONS, DATA_TYPES, type DataType } from '@linkway/contracts'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, XERO_TENANTS, type EmulatedEndpoints } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'

/** A record as JSON, Linkway's or Xero's. */
type Json = Record<string, any>

/**
 * The sandbox's clock stands still, so the organisation's two years of books end here, until the last test moves it
 * past Linkway's own clock (2026-01-01) to delete a bank transaction after the first sync.
 */
const FIRST_SYNC_AT = new Date('2025-11-01T00:00:00Z')
let sandboxNow = FIRST_SYNC_AT
const TENANT = XERO_TENANTS[0]!
/** Small books, but past one page of journals (Xero's 100 a call): 40 + 30 + 30 + 10 manual + 10 + 8 + 15 = 143 journals. */
const SIZES = { accounts: 40, invoices: 40, bills: 30, payments: 30, billPayments: 15, creditNotes: 10, billCreditNotes: 8, suppliers: 10, customers: 10, journalEntries: 10, taxRates: 8, trackingCategories: 11, items: 12, purchaseOrders: 12, transfers: 10, bankTransactions: 20 }
const JOURNAL_COUNT = SIZES.invoices + SIZES.bills + SIZES.payments + SIZES.journalEntries + SIZES.creditNotes + SIZES.billCreditNotes + SIZES.billPayments

/** The data types this test reads: only these are synced when the company is linked. */
const SYNCED: readonly DataType[] = [
  'company',
  'chartOfAccounts',
  'customers',
  'suppliers',
  'invoices',
  'bills',
  'payments',
  'billPayments',
  'creditNotes',
  'billCreditNotes',
  'bankAccounts',
  'journalEntries',
  'balanceSheet',
  'profitAndLoss',
  'taxRates',
  'trackingCategories',
  'items',
  'purchaseOrders',
  'transfers',
  'bankTransactions',
]

/** Each record type's schema in the reference's published documents. */
const REFERENCE_SCHEMAS: ReadonlyArray<[DataType, document: string, schema: string]> = [
  ['suppliers', 'Codat-Sync-Payables-v1.json', 'Supplier'],
  ['bills', 'Codat-Sync-Payables-v1.json', 'Bill'],
  ['invoices', 'Codat-Sync-Commerce-v1.json', 'AccountingInvoice'],
  ['payments', 'Codat-Sync-Commerce-v1.json', 'AccountingPayment'],
  ['billPayments', 'Codat-Sync-Payables-v1.json', 'BillPayment'],
  ['creditNotes', 'Codat-Sync-Commerce-v1.json', 'AccountingCreditNote'],
  ['billCreditNotes', 'Codat-Sync-Payables-v1.json', 'BillCreditNote'],
  ['bankAccounts', 'Codat-Sync-Payables-v1.json', 'BankAccount'],
  ['journalEntries', 'Codat-Sync-Payables-v1.json', 'JournalEntry'],
  ['taxRates', 'Codat-Sync-Payables-v1.json', 'TaxRate'],
  ['trackingCategories', 'Codat-Sync-Payables-v1.json', 'TrackingCategory'],
]

const cents = (amount: number): number => Math.round(amount * 100)

async function get(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

function location(response: Response): string {
  const value = response.headers.get('location')
  if (!value) throw new Error(`expected a redirect, got ${response.status}`)
  return value
}

/** A Xero report's amount by its row's label (a Row or a SummaryRow, in any section). */
function reportAmount(report: Json, label: string): number {
  for (const section of report['Reports'][0]['Rows'] as Json[]) {
    for (const row of (section['Rows'] ?? []) as Json[]) {
      if (row['Cells']?.[0]?.['Value'] === label) return cents(Number(row['Cells'][1]['Value']))
    }
  }
  throw new Error(`the report has no row ${label}`)
}

describe.each(testedBackends())("a Xero organisation's books, synced from the emulation, on %s", (backend) => {
  let h: SyncHarness
  let workers: SyncWorkers
  let emulated: EmulatedEndpoints
  let companyId: string
  let connectionId: string
  let history: Json[]
  /** Every record of each synced data type, by id, read through the API. */
  const books = new Map<DataType, Map<string, Json>>()

  function pathOf(dataType: DataType): string {
    const { pathSegment, scope } = DATA_TYPE_DEFINITIONS[dataType]
    return scope === 'company' ? `/companies/${companyId}/data/${pathSegment}` : `/companies/${companyId}/connections/${connectionId}/data/${pathSegment}`
  }

  function recordsOf(dataType: DataType): Json[] {
    return [...books.get(dataType)!.values()]
  }

  /** What the emulated Xero answers at `path` to the connection's own access token. */
  async function served(path: string): Promise<Json> {
    return await workers.services.vault.withAccessToken(connectionId, async (token) => await xeroAnswer(path, token))
  }

  /**
   * Xero's report at `path`, read on the connection's grant with a token the sandbox's admin issues for the reports
   * scope: Linkway does not ask for it (it builds the statements from the journals), and the connection's own token
   * is refused. The same grant, so the same books.
   */
  async function xeroReport(path: string): Promise<Json> {
    const grant = h.sandbox.admin.listGrants().find((candidate) => candidate.platform === 'xero' && !candidate.isRevoked)!
    expect(grant.scopes).not.toContain('accounting.reports.read')
    return await xeroAnswer(`Reports/${path}`, h.sandbox.admin.issueAccessToken(grant.grantId, ['accounting.reports.read']))
  }

  async function xeroAnswer(path: string, token: string): Promise<Json> {
    const response = await fetch(`${emulated.xero.apiBaseUrl}/${path}`, { headers: { accept: 'application/json', authorization: `Bearer ${token}`, 'xero-tenant-id': TENANT.tenantId } })
    expect(response.status, path).toBe(200)
    return (await response.json()) as Json
  }

  async function statement(dataType: 'balanceSheet' | 'profitAndLoss', query: string): Promise<Json> {
    const res = await h.api('GET', `/companies/${companyId}/data/financials/${dataType}?${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  beforeAll(async () => {
    // Each backend's run starts from the same books: the last run moved the clock on.
    sandboxNow = FIRST_SYNC_AT
    h = await createSyncHarness(backend, {
      sandboxClock: { now: () => sandboxNow },
      catalogue: (sandboxUrl) => {
        emulated = emulatedEndpoints(sandboxUrl)
        const { xero } = emulated
        return createPlatformCatalogue({ sandboxUrl, endpointOverrides: { gbol: { authorizeUrl: xero.authorizeUrl, tokenUrl: xero.tokenUrl, revokeUrl: xero.revokeUrl, tenantsUrl: xero.tenantsUrl, jwksUrl: xero.jwksUrl, apiBaseUrl: xero.apiBaseUrl } } })
      },
    })
    h.sandbox.admin.registerClient({ clientId: 'xero-app', clientSecret: 'xero-app-secret', redirectUris: [`${h.t.url}/link/oauth/callback`] })
    expect((await h.api('PUT', '/integrations/gbol/credentials', { clientId: 'xero-app', clientSecret: 'xero-app-secret' })).statusCode).toBe(200)
    for (const [dataset, count] of Object.entries(SIZES)) h.sandbox.admin.setDatasetSize('xero', dataset, count)
    // Only the data types read here are fetched when the company links; the rest wait for a schedule that never comes.
    const settings = DATA_TYPES.map((dataType, index) => ({ dataType, fetchOnFirstLink: SYNCED.includes(dataType), syncSchedule: 0, syncOrder: index }))
    expect((await h.api('POST', '/profile/syncSettings', { settings })).statusCode).toBe(204)
    workers = await h.startWorkers({ pageSize: 100, concurrency: 3 })

    // Both organisations authorized at Xero's consent page, the first picked on Linkway's.
    companyId = (await h.api('POST', '/companies', { name: 'Xero books' })).json().id
    const created = await h.api('POST', `/companies/${companyId}/connections`, { platformKey: 'gbol' })
    expect(created.statusCode, created.body).toBe(200)
    connectionId = created.json().id
    const pick = await get(await approveConsent(location(await get(created.json().linkUrl))))
    const html = await pick.text()
    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&')
    const stepToken = /name="stepToken" value="([^"]+)"/.exec(html)![1]!
    const done = await fetch(action, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ stepToken, tenantId: TENANT.tenantId }).toString() })
    expect(done.status).toBe(200)

    history = await h.waitForSyncs(companyId, { timeoutMs: 60_000 })
    const readAll = async (path: string): Promise<Json[]> => {
      const page = await h.api('GET', `${path}?pageSize=5000`)
      expect(page.statusCode, page.body).toBe(200)
      return page.json().results as Json[]
    }
    for (const dataType of SYNCED) {
      const { derivedFrom, isSingle, parent } = DATA_TYPE_DEFINITIONS[dataType]
      if (derivedFrom !== undefined || isSingle || parent !== undefined) continue
      books.set(dataType, new Map((await readAll(pathOf(dataType))).map((record) => [record['id'], record])))
    }
    // Bank transactions are listed under their bank account.
    const transactions = new Map<string, Json>()
    for (const account of books.get('bankAccounts')!.keys()) for (const record of await readAll(`${pathOf('bankAccounts')}/${account}/bankTransactions`)) transactions.set(record['id'], record)
    books.set('bankTransactions', transactions)
  }, 120_000)
  afterAll(async () => {
    await h?.close()
  })

  it('syncs each data type Complete, every record of each: the journals over two offset pages', () => {
    const summary = Object.fromEntries(history.map((dataset) => [dataset['dataType'], [dataset['status'], dataset['recordsRead']]]))
    expect(summary).toEqual({
      company: ['Complete', 1],
      chartOfAccounts: ['Complete', SIZES.accounts],
      customers: ['Complete', SIZES.customers],
      suppliers: ['Complete', SIZES.suppliers],
      invoices: ['Complete', SIZES.invoices],
      bills: ['Complete', SIZES.bills],
      payments: ['Complete', SIZES.payments],
      billPayments: ['Complete', SIZES.billPayments],
      creditNotes: ['Complete', SIZES.creditNotes],
      billCreditNotes: ['Complete', SIZES.billCreditNotes],
      bankAccounts: ['Complete', recordsOf('chartOfAccounts').filter((account) => account['isBankAccount']).length],
      journalEntries: ['Complete', JOURNAL_COUNT],
      balanceSheet: ['Complete', 0],
      profitAndLoss: ['Complete', 0],
      taxRates: ['Complete', SIZES.taxRates],
      // Xero's categories and their options, as one tree.
      trackingCategories: ['Complete', SIZES.trackingCategories],
      items: ['Complete', SIZES.items],
      purchaseOrders: ['Complete', SIZES.purchaseOrders],
      transfers: ['Complete', SIZES.transfers],
      bankTransactions: ['Complete', SIZES.bankTransactions],
    })
    for (const dataType of books.keys()) expect(books.get(dataType)!.size, dataType).toBe(summary[dataType]![1])
  })

  it('serves every record as the reference’s published schema says', () => {
    for (const [dataType, document, schema] of REFERENCE_SCHEMAS) {
      for (const record of recordsOf(dataType)) expect(referenceShapeErrors(record, document, schema), `${dataType} ${record['id']}`).toEqual([])
    }
  })

  it('serves the organisation as the company', async () => {
    const res = await h.api('GET', `/companies/${companyId}/data/info`)
    expect(res.statusCode, res.body).toBe(200)
    const organisation = (await served('Organisation'))['Organisations'][0] as Json
    expect(res.json()).toMatchObject({ companyName: TENANT.tenantName, accountingPlatformRef: TENANT.tenantId, baseCurrency: 'GBP', registrationNumber: organisation['RegistrationNumber'], financialYearStartDate: expect.stringMatching(/-04-01T00:00:00Z$/) })
    expect(organisation).toMatchObject({ FinancialYearEndDay: 31, FinancialYearEndMonth: 3 })
    expect(referenceShapeErrors(res.json(), 'Codat-Sync-Payables-v1.json', 'CompanyInfo')).toEqual([])
  })

  it('maps each bill as Xero served it, to suppliers and accounts that were synced', async () => {
    const wire = (await served('Invoices?page=1&pageSize=1000&where=Type%3D%3D%22ACCPAY%22'))['Invoices'] as Json[]
    expect(wire).toHaveLength(SIZES.bills)
    const statusOf = (bill: Json) => ({ DRAFT: 'Draft', SUBMITTED: 'Draft', PAID: 'Paid', VOIDED: 'Void', AUTHORISED: bill['AmountPaid'] > 0 ? 'PartiallyPaid' : 'Open' })[bill['Status'] as string]
    for (const bill of wire) {
      const record = books.get('bills')!.get(bill['InvoiceID'])
      expect(record, bill['InvoiceID']).toMatchObject({ reference: bill['InvoiceNumber'], subTotal: bill['SubTotal'], taxAmount: bill['TotalTax'], totalAmount: bill['Total'], amountDue: bill['AmountDue'], status: statusOf(bill) })
      expect(books.get('suppliers')!.has(record!['supplierRef']['id'])).toBe(true)
      for (const line of record!['lineItems'] as Json[]) expect(books.get('chartOfAccounts')!.has(line['accountRef']['id'])).toBe(true)
    }
  })

  it('maps each state and variant of Xero’s documents the emulation writes: statuses, tax-inclusive and untaxed lines, line discounts, foreign currency, paid dates', async () => {
    const wire = (await served('Invoices?page=1&pageSize=1000'))['Invoices'] as Json[]
    const seen = { status: new Set<string>(), amountTypes: new Set<string>(), foreign: 0, paid: 0 }
    for (const document of wire) {
      const isInvoice = document['Type'] === 'ACCREC'
      const record = books.get(isInvoice ? 'invoices' : 'bills')!.get(document['InvoiceID'])!
      seen.status.add(`${document['Type']} ${document['Status']}`)
      seen.amountTypes.add(document['LineAmountTypes'])
      // SUBMITTED is awaiting approval: still a draft to the business that buys, sent to the one that sells.
      if (document['Status'] === 'SUBMITTED') expect(record['status'], document['InvoiceID']).toBe(isInvoice ? 'Submitted' : 'Draft')
      // Inclusive: LineAmount is gross, so the net is it less the tax; Exclusive and NoTax: it is the net.
      const isInclusive = document['LineAmountTypes'] === 'Inclusive'
      expect(
        (record['lineItems'] as Json[]).map((line) => [cents(line['subTotal']), cents(line['taxAmount']), cents(line['totalAmount'])]),
        document['InvoiceID'],
      ).toEqual((document['LineItems'] as Json[]).map((line) => (isInclusive ? [cents(line['LineAmount'] - line['TaxAmount']), cents(line['TaxAmount']), cents(line['LineAmount'])] : [cents(line['LineAmount']), cents(line['TaxAmount']), cents(line['LineAmount'] + line['TaxAmount'])])))
      const lines = record['lineItems'] as Json[]
      expect(lines.reduce((sum, line) => sum + cents(line['subTotal']), 0), document['InvoiceID']).toBe(cents(document['SubTotal']))
      // A line tracked against an option (Region: North) refers to that option, which trackingCategories synced.
      expect(lines.map((line) => line['trackingCategoryRefs'] ?? []), document['InvoiceID']).toEqual((document['LineItems'] as Json[]).map((line) => (line['Tracking'] as Json[]).map((option) => ({ id: option['TrackingOptionID'], name: option['Option'] }))))
      for (const line of lines) for (const ref of line['trackingCategoryRefs'] ?? []) expect(books.get('trackingCategories')!.has(ref['id'])).toBe(true)
      if (lines.some((line) => line['trackingCategoryRefs'] !== undefined)) seen.status.add('tracked')
      // A line for an item names it, as items synced it.
      expect(lines.map((line) => line['itemRef']), document['InvoiceID']).toEqual((document['LineItems'] as Json[]).map((line) => (line['Item'] === undefined ? undefined : { id: line['Item']['ItemID'], name: line['Item']['Name'] })))
      for (const line of lines) if (line['itemRef'] !== undefined) expect(books.get('items')!.has(line['itemRef']['id'])).toBe(true)
      if (lines.some((line) => line['itemRef'] !== undefined)) seen.status.add('items')
      // A discounted line (sales invoices' only) keeps its rate or amount; its LineAmount, which the totals above were
      // read from, is what Xero computes: Quantity × UnitAmount less the discount.
      expect(lines.map((line) => [line['discountPercentage'], line['discountAmount']]), document['InvoiceID']).toEqual((document['LineItems'] as Json[]).map((line) => [line['DiscountRate'], line['DiscountAmount']]))
      for (const line of document['LineItems'] as Json[]) {
        const gross = line['Quantity'] * line['UnitAmount']
        if (line['DiscountRate'] !== undefined) seen.status.add('discount rate')
        if (line['DiscountAmount'] !== undefined) seen.status.add('discount amount')
        // (An undiscounted Inclusive line's UnitAmount is shown to two places, so only a discounted one is checked.)
        if (line['DiscountRate'] !== undefined || line['DiscountAmount'] !== undefined) expect(cents(gross * (1 - (line['DiscountRate'] ?? 0) / 100) - (line['DiscountAmount'] ?? 0)), document['InvoiceID']).toBe(cents(line['LineAmount']))
      }
      expect(record['totalDiscount'], document['InvoiceID']).toBe(isInvoice ? document['TotalDiscount'] : undefined)
      if (document['TotalDiscount'] !== undefined) {
        expect(isInvoice).toBe(true)
        const discounted = (document['LineItems'] as Json[]).filter((line) => line['DiscountRate'] !== undefined || line['DiscountAmount'] !== undefined)
        expect(cents(document['TotalDiscount'])).toBe(discounted.reduce((sum, line) => sum + cents(line['Quantity'] * line['UnitAmount']) - cents(line['LineAmount']), 0))
      }
      if (document['LineAmountTypes'] === 'NoTax') expect(cents(document['TotalTax'])).toBe(0)
      // Xero's CurrencyRate is the document's currency per unit of the organisation's; the reference's is the inverse.
      expect(record['currencyRate'], document['InvoiceID']).toBeCloseTo(1 / document['CurrencyRate'], 9)
      if (document['CurrencyCode'] !== 'GBP') {
        seen.foreign++
        expect(record['currencyRate']).not.toBe(1)
        for (const allocation of (record['paymentAllocations'] ?? []) as Json[]) expect(allocation['payment']['currencyRate']).toBe(record['currencyRate'])
      }
      // A paid invoice was paid on the day of its last payment.
      if (isInvoice && document['Status'] === 'PAID') {
        seen.paid++
        expect(record['paidOnDate'], document['InvoiceID']).toBe(((record['paymentAllocations'] ?? []) as Json[]).map((allocation) => allocation['payment']['paidOnDate']).sort().at(-1))
      }
    }
    expect([...seen.status].sort()).toEqual(['ACCPAY AUTHORISED', 'ACCPAY DRAFT', 'ACCPAY PAID', 'ACCPAY SUBMITTED', 'ACCPAY VOIDED', 'ACCREC AUTHORISED', 'ACCREC DRAFT', 'ACCREC PAID', 'ACCREC SUBMITTED', 'ACCREC VOIDED', 'discount amount', 'discount rate', 'items', 'tracked'])
    // Payments and credit notes carry their rate as documents do.
    for (const [path, list, idField, dataTypes] of [
      ['Payments?page=1&pageSize=1000', 'Payments', 'PaymentID', ['payments', 'billPayments']],
      ['CreditNotes?page=1&pageSize=1000', 'CreditNotes', 'CreditNoteID', ['creditNotes', 'billCreditNotes']],
    ] as const) {
      for (const raw of (await served(path))[list] as Json[]) {
        const record = dataTypes.map((dataType) => books.get(dataType)!.get(raw[idField])).find((found) => found !== undefined)!
        expect(record['currencyRate'], raw[idField]).toBeCloseTo(1 / raw['CurrencyRate'], 9)
      }
    }
    // NoTax is for a document none of whose lines is taxed, which a small book may lack (a few in a hundred are).
    expect([...seen.amountTypes].sort()).toEqual(wire.some((document) => document['TotalTax'] === 0) ? ['Exclusive', 'Inclusive', 'NoTax'] : ['Exclusive', 'Inclusive'])
    expect(seen.foreign).toBeGreaterThan(0)
    expect(seen.paid).toBeGreaterThan(0)
  })

  it('maps each contact’s addresses, phones and people as Xero writes them: blank slots are no address and no number', async () => {
    const wire = (await served('Contacts?page=1&pageSize=1000&includeArchived=true'))['Contacts'] as Json[]
    const shapes = new Set<string>()
    for (const contact of wire) {
      const record = books.get(contact['IsCustomer'] ? 'customers' : 'suppliers')!.get(contact['ContactID'])!
      const street = (contact['Addresses'] as Json[]).find((address) => address['AddressType'] === 'STREET')!
      expect(record['addresses'].map((address: Json) => address['type']), contact['ContactID']).toEqual(street['AddressLine1'] === '' ? ['Billing'] : ['Billing', 'Delivery'])
      const phone = (contact['Phones'] as Json[]).find((slot) => slot['PhoneNumber'] !== '')!
      expect(record['phone']).toBe(phone['PhoneNumber'])
      const persons = contact['ContactPersons'] as Json[]
      // A supplier has no contacts in the reference's model: only a customer lists its people.
      expect(record['contacts'] ?? [], contact['ContactID']).toEqual(!contact['IsCustomer'] ? [] : persons.map((person) => ({ name: `${person['FirstName']} ${person['LastName']}`, email: person['EmailAddress'], status: 'Active' })))
      shapes.add(`${street['AddressLine1'] === '' ? 'postal' : 'street'} ${phone['PhoneType']} ${persons.length}`)
    }
    // Each kind of slot the emulation fills or leaves blank, in more than one combination.
    expect([...shapes].map((shape) => shape.split(' '))).toEqual(expect.arrayContaining([expect.arrayContaining(['postal']), expect.arrayContaining(['street']), expect.arrayContaining(['MOBILE']), expect.arrayContaining(['DEFAULT']), expect.arrayContaining(['1'])]))
  })

  it('ties payments to documents both ways: each invoice’s and bill’s allocations are the payments that link to it', () => {
    for (const [documents, payments, linkType] of [
      ['invoices', 'payments', 'Invoice'],
      ['bills', 'billPayments', 'Bill'],
    ] as const) {
      const linked = new Map<string, string[]>()
      for (const payment of recordsOf(payments)) {
        for (const link of payment['lines'][0]['links'] as Json[]) {
          if (link['type'] !== linkType) continue
          expect(books.get(documents)!.has(link['id']), `${payments} ${payment['id']}`).toBe(true)
          expect(cents(link['amount'])).toBe(-cents(payment['totalAmount']))
          linked.set(link['id'], [...(linked.get(link['id']) ?? []), payment['id']])
        }
      }
      expect(linked.size, `${payments} settle some ${documents}`).toBeGreaterThan(0)
      for (const document of recordsOf(documents)) {
        const allocated = ((document['paymentAllocations'] ?? []) as Json[]).map((allocation) => allocation['payment']['id'])
        expect(allocated.sort(), `${documents} ${document['id']}`).toEqual((linked.get(document['id']) ?? []).sort())
      }
    }
    // Every payment goes through a bank account of the chart, the one bankAccounts serves.
    for (const payment of [...recordsOf('payments'), ...recordsOf('billPayments')]) expect(books.get('bankAccounts')!.has(payment['accountRef']['id'])).toBe(true)
  })

  it('names tax rates, suppliers and bank accounts that were synced, wherever a record refers to one', () => {
    const taxRateIds = books.get('taxRates')!
    for (const dataType of ['invoices', 'bills', 'purchaseOrders'] as const) {
      for (const document of recordsOf(dataType)) for (const line of document['lineItems'] as Json[]) expect(taxRateIds.has(line['taxRateRef']['id']), `${dataType} ${document['id']}`).toBe(true)
    }
    for (const item of recordsOf('items')) for (const defaults of [item['invoiceItem'], item['billItem']]) if (defaults?.['taxRateRef']) expect(taxRateIds.has(defaults['taxRateRef']['id'])).toBe(true)
    for (const order of recordsOf('purchaseOrders')) expect(books.get('suppliers')!.has(order['supplierRef']['id'])).toBe(true)
    for (const transfer of recordsOf('transfers')) {
      expect(books.get('bankAccounts')!.has(transfer['from']['accountRef']['id'])).toBe(true)
      expect(books.get('bankAccounts')!.has(transfer['to']['accountRef']['id'])).toBe(true)
      expect(transfer['from']['amount']).toBe(transfer['to']['amount'])
    }
    const categories = recordsOf('trackingCategories')
    for (const option of categories.filter((category) => category['parentId'] !== undefined)) expect(books.get('trackingCategories')!.get(option['parentId'])?.['hasChildren']).toBe(true)
  })

  it('maps each credit note in each status the emulation writes: DRAFT, SUBMITTED, AUTHORISED unused or part used, PAID, VOIDED', async () => {
    const wire = (await served('CreditNotes?page=1&pageSize=1000'))['CreditNotes'] as Json[]
    const seen = new Set<string>()
    for (const note of wire) {
      const isSales = note['Type'] === 'ACCRECCREDIT'
      const record = books.get(isSales ? 'creditNotes' : 'billCreditNotes')!.get(note['CreditNoteID'])!
      // AUTHORISED is approved: part used once some of the credit was set against a document.
      const isPartUsed = note['Status'] === 'AUTHORISED' && note['RemainingCredit'] < note['Total']
      const status = ({ DRAFT: 'Draft', SUBMITTED: 'Submitted', AUTHORISED: isPartUsed ? 'PartiallyPaid' : 'Submitted', PAID: 'Paid', VOIDED: 'Void' } as Json)[note['Status']]
      seen.add(`${note['Type']} ${note['Status']}${isPartUsed ? ' part used' : ''}`)
      expect(record, note['CreditNoteID']).toMatchObject({ status, totalAmount: note['Total'], subTotal: note['SubTotal'], totalTaxAmount: note['TotalTax'], remainingCredit: note['RemainingCredit'] })
      // A voided note has no credit left; one not yet approved was set against nothing.
      if (note['Status'] === 'VOIDED') expect(record['remainingCredit']).toBe(0)
      if (note['Status'] === 'DRAFT' || note['Status'] === 'SUBMITTED') expect([record['paymentAllocations'], record['remainingCredit']]).toEqual([undefined, note['Total']])
    }
    // The first three of each kind; approved notes used in full, in part or not at all are drawn, so a small book may lack one.
    for (const type of ['ACCRECCREDIT', 'ACCPAYCREDIT']) for (const status of ['DRAFT', 'SUBMITTED', 'VOIDED']) expect([...seen]).toContain(`${type} ${status}`)
    expect([...seen].some((shape) => shape.includes('AUTHORISED') || shape.includes('PAID'))).toBe(true)
  })

  it('sets each credit note against documents that were synced, never for more than the credit', () => {
    for (const [notes, documents] of [
      ['creditNotes', 'invoices'],
      ['billCreditNotes', 'bills'],
    ] as const) {
      for (const note of recordsOf(notes)) {
        const allocations = (note['paymentAllocations'] ?? []) as Json[]
        for (const allocation of allocations) expect(books.get(documents)!.has(allocation['payment']['id']), `${notes} ${note['id']}`).toBe(true)
        const allocated = allocations.reduce((sum, allocation) => sum + cents(allocation['allocation']['totalAmount']), 0)
        // A voided note was set against nothing and has nothing left.
        expect(allocated + cents(note['remainingCredit'])).toBe(note['status'] === 'Void' ? 0 : cents(note['totalAmount']))
      }
    }
  })

  it('keeps the general ledger: every journal balances, on accounts of the chart, posting the records synced', () => {
    const posted = { invoices: 0, bills: 0, payments: 0 } as Record<string, number>
    for (const entry of recordsOf('journalEntries')) {
      expect(entry['journalLines'].reduce((sum: number, line: Json) => sum + cents(line['netAmount']), 0), entry['id']).toBe(0)
      for (const line of entry['journalLines'] as Json[]) expect(books.get('chartOfAccounts')!.has(line['accountRef']['id'])).toBe(true)
      const ref = entry['recordRef'] as Json | undefined
      if (ref === undefined) continue
      expect(books.get(ref['dataType'])!.has(ref['id']), `${ref['dataType']} ${ref['id']}`).toBe(true)
      posted[ref['dataType']] = (posted[ref['dataType']] ?? 0) + 1
    }
    expect(posted).toEqual({ invoices: SIZES.invoices, bills: SIZES.bills, payments: SIZES.payments, creditNotes: SIZES.creditNotes, billCreditNotes: SIZES.billCreditNotes, billPayments: SIZES.billPayments })
  })

  it('builds each month’s balance sheet as Xero reports it: assets, liabilities and equity at the month’s end', async () => {
    const sheets = (await statement('balanceSheet', 'periodLength=1&periodsToCompare=6')).reports as Json[]
    expect(sheets).toHaveLength(6)
    for (const sheet of sheets) {
      const report = await xeroReport(`BalanceSheet?date=${sheet['date'].slice(0, 10)}`)
      expect(report['Reports'][0]['ReportTitles'][2]).toMatch(/^As at \d+ \w+ \d{4}$/)
      const xero = { assets: reportAmount(report, 'Total Assets'), liabilities: reportAmount(report, 'Total Liabilities'), equity: reportAmount(report, 'Total Equity') }
      expect({ assets: cents(sheet['assets']['value']), liabilities: cents(sheet['liabilities']['value']), equity: cents(sheet['equity']['value']) }, sheet['date']).toEqual(xero)
      expect(xero.assets).not.toBe(0)
    }
  })

  it('splits equity’s profit at the organisation’s financial year end (31 March), as Xero’s balance sheet does', async () => {
    // March closes a financial year, April opens the next: the months either side of the split.
    const sheets = (await statement('balanceSheet', 'periodLength=1&periodsToCompare=3&startMonth=2025-05-01')).reports as Json[]
    expect(sheets.map((sheet) => sheet['date'].slice(0, 10))).toEqual(['2025-05-31', '2025-04-30', '2025-03-31'])
    for (const sheet of sheets) {
      const report = await xeroReport(`BalanceSheet?date=${sheet['date'].slice(0, 10)}`)
      const equity = Object.fromEntries((sheet['equity']['items'] as Json[]).map((item) => [item['name'], cents(item['value'])]))
      expect({ currentYear: equity['Current year earnings'], retained: equity['Retained earnings'] }, sheet['date']).toEqual({
        currentYear: reportAmount(report, 'Current Year Earnings'),
        retained: reportAmount(report, 'Retained Earnings'),
      })
    }
    // April's current year is April alone, not January to April.
    const [, april] = sheets
    const profit = (await statement('profitAndLoss', 'periodLength=1&periodsToCompare=1&startMonth=2025-04-01')).reports[0]
    expect(april!['equity']['items'].find((item: Json) => item['name'] === 'Current year earnings')['value']).toBe(profit['netProfit'])
  })

  it('builds each month’s profit and loss as Xero reports it: the same net profit', async () => {
    const periods = (await statement('profitAndLoss', 'periodLength=1&periodsToCompare=6')).reports as Json[]
    expect(periods).toHaveLength(6)
    const profits = new Set<number>()
    for (const period of periods) {
      const report = await xeroReport(`ProfitAndLoss?fromDate=${period['fromDate'].slice(0, 10)}&toDate=${period['toDate'].slice(0, 10)}`)
      expect(cents(period['netProfit']), period['fromDate']).toBe(reportAmount(report, 'Net Profit'))
      expect(cents(period['income']['value'])).toBe(reportAmount(report, 'Total Income'))
      profits.add(cents(period['netProfit']))
    }
    // Months that differ: the comparison is of real figures, not of empty months.
    expect(profits.size).toBeGreaterThan(1)
  })

  it('a later sync reads a supplier that became a customer when a sales invoice was raised for it, which Xero does not date', async () => {
    const suppliers = (await served(`Contacts?page=1&pageSize=1000&includeArchived=true&where=${encodeURIComponent('IsSupplier==true')}`))['Contacts'] as Json[]
    // An active one: the books (seeded per organisation) also hold archived suppliers, which read as Archived.
    const index = suppliers.findIndex((contact) => contact['IsCustomer'] === false && contact['ContactStatus'] === 'ACTIVE')
    const supplier = suppliers[index]!
    expect(books.get('customers')!.has(supplier['ContactID'])).toBe(false)
    h.sandbox.admin.raiseSalesInvoices('xero', 'suppliers', [index])
    const queued = await h.api('POST', `/companies/${companyId}/data/queue/customers?connectionId=${connectionId}`)
    expect(queued.json(), queued.body).toMatchObject({ status: 'Queued' })
    await h.waitForSyncs(companyId)
    const customers = (await h.api('GET', `${pathOf('customers')}?pageSize=5000`)).json().results as Json[]
    expect(customers).toHaveLength(SIZES.customers + 1)
    expect(customers.find((customer) => customer['id'] === supplier['ContactID'])).toMatchObject({ customerName: supplier['Name'], status: 'Active' })
  })

  it('ends a sync whose refreshed ID token fails its check as AuthError, saying why, and keeps the connection: the next sync refreshes and completes', async () => {
    h.sandbox.admin.flawNextIdTokens('xero', 1, 'wrong-audience')
    h.sandbox.admin.expireAccessTokens('xero')
    h.t.clock.advance(31 * 60_000)
    const refused = (await h.api('POST', `/companies/${companyId}/data/queue/taxRates?connectionId=${connectionId}`)).json()
    await h.waitForSyncs(companyId)
    const dataset = (await h.api('GET', `/companies/${companyId}/data/history/${refused.id}`)).json()
    expect(dataset).toMatchObject({ status: 'AuthError' })
    expect(dataset.errorMessage).toMatch(/^The platform's ID token failed validation: unexpected JWT "aud" \(audience\) claim value\. The tokens it came with were not used/)
    expect((await h.api('GET', `/companies/${companyId}/connections/${connectionId}`)).json().status).toBe('Linked')
    const next = (await h.api('POST', `/companies/${companyId}/data/queue/taxRates?connectionId=${connectionId}`)).json()
    await h.waitForSyncs(companyId)
    expect((await h.api('GET', `/companies/${companyId}/data/history/${next.id}`)).json()).toMatchObject({ status: 'Complete' })
  })

  // Last: it deletes at the platform.
  it('an incremental sync reads a bank transaction Xero deleted since, and keeps it marked deleted', async () => {
    const wire = (await served('BankTransactions?page=1&pageSize=1000'))['BankTransactions'] as Json[]
    const gone = wire[3]!['BankTransactionID'] as string
    const before = books.get('bankTransactions')!.get(gone)!
    expect(before['metadata']).toBeUndefined()
    sandboxNow = new Date('2026-01-02T00:00:00Z')
    h.sandbox.admin.deleteRecords('xero', 'bankTransactions', [3])
    const queued = await h.api('POST', `/companies/${companyId}/data/queue/bankTransactions?connectionId=${connectionId}`)
    expect(queued.json(), queued.body).toMatchObject({ status: 'Queued', modifiedSince: '2025-12-31T23:55:00.000Z' })
    await h.waitForSyncs(companyId)
    expect((await h.api('GET', `/companies/${companyId}/data/history/${queued.json().id}`)).json()).toMatchObject({ status: 'Complete', recordsRead: 1, recordsModified: 1 })
    const path = `${pathOf('bankAccounts')}/${before['accountId']}/bankTransactions`
    const deleted = (await h.api('GET', `${path}?query=${encodeURIComponent('metadata.isDeleted=true')}`)).json()
    expect(deleted.results).toEqual([{ ...before, metadata: { isDeleted: true }, sourceModifiedDate: '2026-01-02T00:00:00Z' }])
    // Still listed, as every deleted record is.
    expect((await h.api('GET', `${path}?pageSize=5000`)).json().totalResults).toBe([...books.get('bankTransactions')!.values()].filter((transaction) => transaction['accountId'] === before['accountId']).length)
  })

  it('an incremental sync reads a draft invoice, bill and credit note of each kind Xero deleted (DELETED, which only a draft can be) as Void, marked deleted', async () => {
    for (const [dataType, list, type, idField] of [
      ['invoices', 'Invoices', 'ACCREC', 'InvoiceID'],
      ['bills', 'Invoices', 'ACCPAY', 'InvoiceID'],
      ['creditNotes', 'CreditNotes', 'ACCRECCREDIT', 'CreditNoteID'],
      ['billCreditNotes', 'CreditNotes', 'ACCPAYCREDIT', 'CreditNoteID'],
    ] as const) {
      const wire = (await served(`${list}?page=1&pageSize=1000&where=${encodeURIComponent(`Type=="${type}"`)}`))[list] as Json[]
      // The first document of each list is a draft.
      expect(wire[0]!['Status']).toBe('DRAFT')
      const before = books.get(dataType)!.get(wire[0]![idField])!
      expect(before).toMatchObject({ status: 'Draft' })
      h.sandbox.admin.deleteRecords('xero', dataType, [0])
      const queued = await h.api('POST', `/companies/${companyId}/data/queue/${dataType}?connectionId=${connectionId}`)
      expect(queued.json(), queued.body).toMatchObject({ status: 'Queued' })
      await h.waitForSyncs(companyId)
      const after = (await h.api('GET', `${pathOf(dataType)}/${before['id']}`)).json()
      expect(after).toEqual({ ...before, status: 'Void', metadata: { isDeleted: true }, sourceModifiedDate: '2026-01-02T00:00:00Z' })
    }
  })
})
