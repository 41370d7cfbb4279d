/**
 * A QuickBooks Online company's books end to end: linked through the emulation's consent page, synced by a worker
 * over real HTTP from the emulated v3 API (entities by query, CompanyInfo, the JournalReport), read back at the
 * reference's paths and checked against the reference's schemas; then the financial statements Linkway builds from
 * the synced JournalReport are checked against QuickBooks' own ProfitAndLoss and BalanceSheet reports, computed
 * by the emulation from the same ledger, for the same periods; invoices carry the payments applied to them, card
 * credits read as refunds, an incremental sync marks the records QuickBooks deleted, and one past the 30 days
 * QuickBooks keeps changes completes without asking for them. One link, syncing only the data types read here.
 */
import { DATA_TYPES } from '@linkway/contracts'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, type EmulatedEndpoints } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'

/** A record as JSON, Linkway's or QuickBooks'. */
type Json = Record<string, any>

/**
 * The sandbox's clock stands still, so the generated books (the two years before it) stay put, until the test moves
 * it past Linkway's own clock (2026-01-01) to delete invoices after the first sync.
 */
const FIRST_SYNC_AT = new Date('2025-11-01T00:00:00Z')
let sandboxNow = FIRST_SYNC_AT

/** What this test reads, where the reference serves it (company or connection level), and its published schema, where the reference publishes one. */
const READ: Record<string, { path: string; scope: 'company' | 'connection'; schema?: readonly [document: string, name: string] }> = {
  suppliers: { path: 'suppliers', scope: 'company', schema: ['Codat-Sync-Payables-v1.json', 'Supplier'] },
  bills: { path: 'bills', scope: 'company', schema: ['Codat-Sync-Payables-v1.json', 'Bill'] },
  payments: { path: 'payments', scope: 'company', schema: ['Codat-Sync-Commerce-v1.json', 'AccountingPayment'] },
  billPayments: { path: 'billPayments', scope: 'company', schema: ['Codat-Sync-Payables-v1.json', 'BillPayment'] },
  creditNotes: { path: 'creditNotes', scope: 'company', schema: ['Codat-Sync-Commerce-v1.json', 'AccountingCreditNote'] },
  billCreditNotes: { path: 'billCreditNotes', scope: 'company', schema: ['Codat-Sync-Payables-v1.json', 'BillCreditNote'] },
  bankAccounts: { path: 'bankAccounts', scope: 'connection', schema: ['Codat-Sync-Commerce-v1.json', 'AccountingBankAccount'] },
  journalEntries: { path: 'journalEntries', scope: 'company', schema: ['Codat-Sync-Commerce-v1.json', 'AccountingJournalEntry'] },
  chartOfAccounts: { path: 'accounts', scope: 'company', schema: ['Codat-Sync-Commerce-v1.json', 'AccountingAccount'] },
  invoices: { path: 'invoices', scope: 'company', schema: ['Codat-Sync-Commerce-v1.json', 'AccountingInvoice'] },
  items: { path: 'items', scope: 'company' },
  taxRates: { path: 'taxRates', scope: 'company', schema: ['Codat-Sync-Payables-v1.json', 'TaxRate'] },
  trackingCategories: { path: 'trackingCategories', scope: 'company', schema: ['Codat-Sync-Payables-v1.json', 'TrackingCategory'] },
  transfers: { path: 'transfers', scope: 'connection' },
  purchaseOrders: { path: 'purchaseOrders', scope: 'company' },
  directIncomes: { path: 'directIncomes', scope: 'connection', schema: ['Codat-Sync-Commerce-v1.json', 'AccountingDirectIncome'] },
  directCosts: { path: 'directCosts', scope: 'connection' },
}
type ListType = string
const LIST_TYPES = Object.keys(READ)
const WITH_SCHEMA = LIST_TYPES.filter((dataType) => READ[dataType]!.schema !== undefined)
const STATEMENTS = ['balanceSheet', 'profitAndLoss', 'cashFlowStatement'] as const
const FETCHED_ON_FIRST_LINK: readonly string[] = [...LIST_TYPES, 'company', ...STATEMENTS]
/**
 * Books smaller than the sandbox's defaults (every report the test compares is summed from the whole ledger),
 * set before the link; bank accounts are the chart's Bank accounts.
 */
const SIZES: Record<string, number> = { suppliers: 15, bills: 40, payments: 50, billPayments: 25, creditNotes: 15, billCreditNotes: 12, invoices: 60, items: 15, transfers: 20, purchaseOrders: 15, directIncomes: 20, directCosts: 20 }
const COUNTS: Record<string, number> = {
  ...SIZES,
  bankAccounts: 4,
  chartOfAccounts: 40,
  taxRates: 8,
  // The tracking tree's 11 nodes: 7 classes and the 4 regions, as departments.
  trackingCategories: 11,
}
/**
 * One JournalReport transaction per ledger entry: every invoice, bill and payment, the 50 manual journals, then
 * every credit note, bill credit note, bill payment, direct cost and direct income.
 */
const LEDGER_TRANSACTIONS = ['invoices', 'bills', 'payments', 'creditNotes', 'billCreditNotes', 'billPayments', 'directCosts', 'directIncomes'].reduce((total, dataType) => total + COUNTS[dataType]!, 50)

const cents = (amount: number | string): number => Math.round(Number(amount) * 100)

async function get(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

/** A QuickBooks report's Section of `group`, searched through nested Sections. */
function sectionOf(rows: Json[] | undefined, group: string): Json | undefined {
  for (const row of rows ?? []) {
    if (row['group'] === group) return row
    const inner = sectionOf(row['Rows']?.['Row'], group)
    if (inner) return inner
  }
  return undefined
}
const totalOf = (report: Json, group: string): number => cents(sectionOf(report['Rows']['Row'], group)!['Summary']['ColData'][1]['value'])

describe.each(testedBackends())('a QuickBooks Online company’s books through the emulation, on %s', (backend) => {
  let h: SyncHarness
  let workers: SyncWorkers
  let emulated: EmulatedEndpoints
  let companyId: string
  let connectionId: string
  let realmId: string
  let history: Json[]
  const books = new Map<string, Map<string, Json>>()

  /** What the emulation serves at `path` (under the company) to the connection's own token. */
  async function served(path: string): Promise<Json> {
    const url = `${emulated.quickbooks.apiBaseUrl.replace('{realmId}', realmId)}/${path}`
    return await workers.services.vault.withAccessToken(connectionId, async (token) => {
      const response = await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } })
      expect(response.status, url).toBe(200)
      return (await response.json()) as Json
    })
  }

  async function statement(dataType: string, query: string): Promise<Json> {
    const res = await h.api('GET', `/companies/${companyId}/data/financials/${dataType}?${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  /** Linkway's profit and loss and balance sheet for `query`, period by period, against QuickBooks' reports of the same dates. */
  async function expectStatementsAgree(query: string): Promise<void> {
    const profitAndLoss = await statement('profitAndLoss', query)
    const balanceSheet = await statement('balanceSheet', query)
    expect(profitAndLoss.reports.length).toBeGreaterThan(1)
    for (const period of profitAndLoss.reports as Json[]) {
      const report = await served(`reports/ProfitAndLoss?start_date=${period['fromDate'].slice(0, 10)}&end_date=${period['toDate'].slice(0, 10)}&minorversion=75`)
      expect(profitAndLoss.currency).toBe(report['Header']['Currency'])
      expect(cents(period['netProfit']), period['fromDate']).toBe(totalOf(report, 'NetIncome'))
      expect(cents(period['income'].value), period['fromDate']).toBe(totalOf(report, 'Income'))
      expect(cents(period['expenses'].value), period['fromDate']).toBe(totalOf(report, 'Expenses'))
    }
    for (const sheet of balanceSheet.reports as Json[]) {
      const day = sheet['date'].slice(0, 10)
      const report = await served(`reports/BalanceSheet?start_date=${day.slice(0, 4)}-01-01&end_date=${day}&minorversion=75`)
      expect(cents(sheet['assets'].value), day).toBe(totalOf(report, 'TotalAssets'))
      expect(cents(sheet['liabilities'].value), day).toBe(totalOf(report, 'Liabilities'))
      expect(cents(sheet['equity'].value), day).toBe(totalOf(report, 'Equity'))
      expect(totalOf(report, 'TotalAssets')).toBe(totalOf(report, 'TotalLiabilitiesAndEquity'))
    }
  }

  beforeAll(async () => {
    // Each backend's run starts from the same books: the last run moved the clock on.
    sandboxNow = FIRST_SYNC_AT
    h = await createSyncHarness(backend, {
      sandboxClock: { now: () => sandboxNow },
      catalogue: (sandboxUrl) => {
        emulated = emulatedEndpoints(sandboxUrl)
        const { quickbooks } = emulated
        return createPlatformCatalogue({ sandboxUrl, endpointOverrides: { qhyg: { authorizeUrl: quickbooks.authorizeUrl, tokenUrl: quickbooks.tokenUrl, revokeUrl: quickbooks.revokeUrl, apiBaseUrl: quickbooks.apiBaseUrl } } })
      },
    })
    for (const [dataset, count] of Object.entries(SIZES)) h.sandbox.admin.setDatasetSize('quickbooks', dataset, count)
    h.sandbox.admin.registerClient({ clientId: 'qbo-app', clientSecret: 'qbo-app-secret', redirectUris: [`${h.t.url}/link/oauth/callback`] })
    expect((await h.api('PUT', '/integrations/qhyg/credentials', { clientId: 'qbo-app', clientSecret: 'qbo-app-secret' })).statusCode).toBe(200)
    // Off means not fetched on first link and not scheduled either.
    const settings = DATA_TYPES.map((dataType, index) => {
      const isFetched = FETCHED_ON_FIRST_LINK.includes(dataType)
      return { dataType, fetchOnFirstLink: isFetched, syncSchedule: isFetched ? 24 : 0, syncOrder: index }
    })
    expect((await h.api('POST', '/profile/syncSettings', { settings })).statusCode).toBe(204)
    workers = await h.startWorkers({ pageSize: 200 })

    companyId = (await h.api('POST', '/companies', { name: 'QuickBooks books' })).json().id
    const created = await h.api('POST', `/companies/${companyId}/connections`, { platformKey: 'qhyg' })
    expect(created.statusCode, created.body).toBe(200)
    connectionId = created.json().id
    const toPlatform = (await get(created.json().linkUrl)).headers.get('location')!
    expect((await get(await approveConsent(toPlatform))).status).toBe(200)
    history = await h.waitForSyncs(companyId, { timeoutMs: 60_000 })
    realmId = (await h.api('GET', `/companies/${companyId}/connections/${connectionId}`)).json().connectionInfo.realmId
    for (const dataType of LIST_TYPES) {
      const { path: segment, scope } = READ[dataType]!
      const path = scope === 'connection' ? `/companies/${companyId}/connections/${connectionId}/data/${segment}` : `/companies/${companyId}/data/${segment}`
      const page = await h.api('GET', `${path}?pageSize=5000`)
      expect(page.statusCode, page.body).toBe(200)
      books.set(dataType, new Map((page.json().results as Json[]).map((record) => [record['id'], record])))
    }
  }, 120_000)
  afterAll(async () => {
    await h?.close()
  })

  const recordsOf = (dataType: ListType): Json[] => [...books.get(dataType)!.values()]

  it('syncs each data type read, every record of it, and only those', () => {
    const summary = Object.fromEntries(history.map((dataset) => [dataset['dataType'], [dataset['status'], dataset['recordsRead']]]))
    expect(summary).toEqual({
      ...Object.fromEntries(Object.entries(COUNTS).map(([dataType, count]) => [dataType, ['Complete', count]])),
      journalEntries: ['Complete', LEDGER_TRANSACTIONS],
      company: ['Complete', 1],
      balanceSheet: ['Complete', 0],
      profitAndLoss: ['Complete', 0],
      cashFlowStatement: ['Complete', 0],
    })
    for (const [dataType, count] of Object.entries(COUNTS)) expect(books.get(dataType)!.size, dataType).toBe(count)
    expect(books.get('journalEntries')!.size).toBe(LEDGER_TRANSACTIONS)
  })

  it('reads the ledger’s transactions dated after the current fiscal year: the emulation post-dates its last invoice', () => {
    const last = String(COUNTS['invoices'])
    const entry = books.get('journalEntries')!.get(`Invoice-${last}`)!
    expect(entry['postedOn'] > `${FIRST_SYNC_AT.getUTCFullYear() + 1}-01-01`).toBe(true)
    expect(entry['postedOn']).toBe(books.get('invoices')!.get(last)!['issueDate'])
  })

  it.each(WITH_SCHEMA)('every %s record is valid against the reference’s schema', (dataType) => {
    const [document, schema] = READ[dataType]!.schema!
    for (const record of recordsOf(dataType)) expect(referenceShapeErrors(record, document, schema), `${dataType} ${record['id']}`).toEqual([])
  })

  it('reads the company, its base currency from QuickBooks’ Preferences', async () => {
    const info = (await h.api('GET', `/companies/${companyId}/data/info`)).json()
    expect(referenceShapeErrors(info, 'Codat-Sync-Payables-v1.json', 'CompanyInfo')).toEqual([])
    const wire = (await served(`companyinfo/${realmId}`))['CompanyInfo']
    const preferences = (await served('preferences'))['Preferences']
    expect(info).toMatchObject({ companyName: wire['CompanyName'], companyLegalName: wire['LegalName'], baseCurrency: preferences['CurrencyPrefs']['HomeCurrency']['value'], accountingPlatformRef: realmId })
  })

  it('the books refer to each other by QuickBooks’ ids: bills to suppliers, payments to bills, lines to accounts', () => {
    const has = (dataType: ListType, id: string | undefined) => id !== undefined && books.get(dataType)!.has(id)
    for (const bill of recordsOf('bills')) {
      expect(has('suppliers', bill['supplierRef']?.id), bill['id']).toBe(true)
      // A line for an item bought posts to the item's account, which the line does not name: it names the item.
      for (const line of bill['lineItems'] as Json[]) expect(line['itemRef'] === undefined ? has('chartOfAccounts', line['accountRef']?.id) : has('items', line['itemRef'].id), bill['id']).toBe(true)
    }
    const billLinks = recordsOf('billPayments').flatMap((payment) => (payment['lines'] as Json[]).flatMap((line) => line['links'] as Json[])).filter((link) => link['type'] === 'Bill')
    expect(billLinks.length).toBeGreaterThan(0)
    for (const link of billLinks) expect(has('bills', link['id'])).toBe(true)
    for (const bankAccount of recordsOf('bankAccounts')) expect(books.get('chartOfAccounts')!.get(bankAccount['id'])?.['isBankAccount'], bankAccount['id']).toBe(true)
    for (const transfer of recordsOf('transfers')) for (const side of [transfer['from'], transfer['to']]) expect(has('bankAccounts', side.accountRef.id), transfer['id']).toBe(true)
    for (const cost of recordsOf('directCosts')) expect(has('suppliers', cost['contactRef'].id), cost['id']).toBe(true)
    for (const order of recordsOf('purchaseOrders')) expect(has('suppliers', order['supplierRef'].id), order['id']).toBe(true)
    for (const item of recordsOf('items')) for (const side of [item['invoiceItem'], item['billItem']]) if (side) expect(has('chartOfAccounts', side.accountRef.id), item['id']).toBe(true)
    const categories = books.get('trackingCategories')!
    for (const category of categories.values()) if (category['parentId'] !== undefined) expect(categories.has(category['parentId']), category['id']).toBe(true)
    for (const entry of recordsOf('journalEntries')) {
      expect((entry['journalLines'] as Json[]).reduce((sum, line) => sum + cents(line['netAmount']), 0), entry['id']).toBe(0)
      for (const line of entry['journalLines'] as Json[]) expect(has('chartOfAccounts', line['accountRef']?.id), entry['id']).toBe(true)
      if (entry['recordRef']?.dataType === 'bills') expect(has('bills', entry['recordRef'].id)).toBe(true)
      if (entry['recordRef']?.dataType === 'payments') expect(has('payments', entry['recordRef'].id)).toBe(true)
    }
  })

  // Each period's statement, built by Linkway from the synced JournalReport, against the report QuickBooks gives.
  it.each([
    ['a year', 'periodLength=12&periodsToCompare=2&startMonth=2025-01-01'],
    ['quarters', 'periodLength=3&periodsToCompare=4&startMonth=2025-07-01'],
  ])('the statements agree with QuickBooks’ ProfitAndLoss and BalanceSheet, by %s', async (_label, query) => {
    await expectStatementsAgree(query)
  })

  it('the cash flow statement moves the bank accounts by what the JournalReport posted to them', async () => {
    const cashFlow = await statement('cashFlowStatement', 'periodLength=12&periodsToCompare=1&startMonth=2024-01-01')
    const [period] = cashFlow.reports as Json[]
    const bankIds = new Set(recordsOf('bankAccounts').map((account) => account['id']))
    let bankChange = 0
    for (const entry of recordsOf('journalEntries')) {
      if (entry['postedOn'] < period!['fromDate'] || entry['postedOn'] > period!['toDate']) continue
      for (const line of entry['journalLines'] as Json[]) if (bankIds.has(line['accountRef'].id)) bankChange += cents(line['netAmount'])
    }
    expect(bankChange).not.toBe(0)
    expect(cents(period!['cashReceipts'].value) - cents(period!['cashPayments'].value)).toBe(bankChange)
  })

  it('maps each variant of QuickBooks’ invoices: discounts, bundles, items, classes, departments, foreign currency, voids', async () => {
    const wire = (await served(`query?query=${encodeURIComponent('SELECT * FROM Invoice STARTPOSITION 1 MAXRESULTS 1000')}&minorversion=75`))['QueryResponse']['Invoice'] as Json[]
    expect(wire).toHaveLength(COUNTS['invoices']!)
    const seen = new Set<string>()
    const has = (dataType: string, id: string) => books.get(dataType)!.has(id)
    for (const invoice of wire) {
      const record = books.get('invoices')!.get(invoice['Id'])!
      const lines = invoice['Line'] as Json[]
      const discounts = lines.filter((line) => line['DetailType'] === 'DiscountLineDetail')
      const groups = lines.filter((line) => line['DetailType'] === 'GroupLineDetail')
      const salesLines = [...lines, ...groups.flatMap((group) => group['GroupLineDetail']['Line'] as Json[])].filter((line) => line['DetailType'] === 'SalesItemLineDetail')
      // A void is zeroed and says so one way or the other: by the note "Voided", or by TxnStatus.
      if (invoice['PrivateNote'] === 'Voided' || invoice['TxnStatus'] === 'Voided') {
        seen.add(invoice['TxnStatus'] === 'Voided' ? 'voided by status' : 'voided by note')
        expect(record, invoice['Id']).toMatchObject({ status: 'Void', totalAmount: 0 })
        continue
      }
      // The net of discount and tax: what the lines add up to once the discount is taken off.
      expect(cents(record['subTotal']), invoice['Id']).toBe(cents(invoice['TotalAmt']) - cents(invoice['TxnTaxDetail']['TotalTax']))
      const discounted = discounts.reduce((sum, line) => sum + cents(line['Amount']), 0)
      expect(record['totalDiscount'] === undefined ? 0 : cents(record['totalDiscount']), invoice['Id']).toBe(discounted)
      expect((record['lineItems'] as Json[]).reduce((sum, line) => sum + cents(line['subTotal']), 0), invoice['Id']).toBe(cents(record['subTotal']) + discounted)
      for (const discount of discounts) seen.add(discount['DiscountLineDetail']['PercentBased'] ? 'percent discount' : 'amount discount')
      // A bundle's item lines are read in its place.
      expect(record['lineItems'], invoice['Id']).toHaveLength(salesLines.length)
      if (groups.length > 0) seen.add('bundle')
      // Every line names an item, its income account and the tracking synced: its class, then the invoice's department.
      const department = invoice['DepartmentRef'] === undefined ? [] : [{ id: `department-${invoice['DepartmentRef']['value']}`, name: invoice['DepartmentRef']['name'] }]
      for (const [position, line] of (record['lineItems'] as Json[]).entries()) {
        const detail = salesLines[position]!['SalesItemLineDetail'] as Json
        expect(has('items', line['itemRef']['id']), invoice['Id']).toBe(true)
        expect(has('chartOfAccounts', line['accountRef']['id']), invoice['Id']).toBe(true)
        const classes = detail['ClassRef'] === undefined ? [] : [{ id: detail['ClassRef']['value'], name: detail['ClassRef']['name'] }]
        expect(line['trackingCategoryRefs'] ?? [], invoice['Id']).toEqual([...classes, ...department])
        for (const ref of line['trackingCategoryRefs'] ?? []) expect(has('trackingCategories', ref['id']), ref['id']).toBe(true)
      }
      if (department.length > 0) seen.add('department')
      if (salesLines.some((line) => line['SalesItemLineDetail']['ClassRef'] !== undefined)) seen.add('class')
      // Home currency per unit of the invoice's, as QuickBooks' ExchangeRate is; the payments on it are at its rate.
      if (invoice['ExchangeRate'] !== undefined) {
        seen.add('foreign currency')
        expect(record['currencyRate']).toBe(invoice['ExchangeRate'])
        for (const allocation of (record['paymentAllocations'] ?? []) as Json[]) expect(allocation['payment']['currencyRate']).toBe(invoice['ExchangeRate'])
      } else expect(record['currencyRate']).toBeUndefined()
    }
    expect([...seen].sort()).toEqual(['amount discount', 'bundle', 'class', 'department', 'foreign currency', 'percent discount', 'voided by note', 'voided by status'])
  })

  it('maps each bill and its lines as QuickBooks served them: voids by note or by TxnStatus, an amount on an account, or an item bought with its quantity and unit price', async () => {
    const wire = (await served(`query?query=${encodeURIComponent('SELECT * FROM Bill STARTPOSITION 1 MAXRESULTS 1000')}&minorversion=75`))['QueryResponse']['Bill'] as Json[]
    const seen = new Set<string>()
    for (const bill of wire) {
      const record = books.get('bills')!.get(bill['Id'])!
      const isVoided = bill['PrivateNote'] === 'Voided' || bill['TxnStatus'] === 'Voided'
      // A void is zeroed and says so one way or the other; either way it is Void.
      if (isVoided) seen.add(`voided by ${bill['TxnStatus'] === 'Voided' ? 'status' : 'note'}`)
      expect(record['status'], bill['Id']).toBe(isVoided ? 'Void' : bill['Balance'] <= 0 ? 'Paid' : bill['Balance'] < bill['TotalAmt'] ? 'PartiallyPaid' : 'Open')
      expect(
        (record['lineItems'] as Json[]).map((line) => [line['quantity'], line['unitAmount'], line['subTotal'], line['accountRef']?.id, line['itemRef']]),
        bill['Id'],
      ).toEqual(
        (bill['Line'] as Json[]).map((line) => {
          seen.add(`${line['DetailType']}${isVoided ? ' voided' : ''}`)
          if (line['DetailType'] === 'AccountBasedExpenseLineDetail') return [1, line['Amount'], line['Amount'], line['AccountBasedExpenseLineDetail']['AccountRef']['value'], undefined]
          const detail = line['ItemBasedExpenseLineDetail']
          // QuickBooks' amount is the quantity at the unit price (zeroed with them when the bill is voided).
          expect(cents(detail['Qty'] * detail['UnitPrice']), bill['Id']).toBe(cents(line['Amount']))
          return [detail['Qty'], detail['UnitPrice'], line['Amount'], undefined, { id: detail['ItemRef']['value'], name: detail['ItemRef']['name'] }]
        }),
      )
    }
    expect([...seen].filter((shape) => !shape.endsWith(' voided')).sort()).toEqual(['AccountBasedExpenseLineDetail', 'ItemBasedExpenseLineDetail', 'voided by note', 'voided by status'])
  })

  it('tracks each line of a bill, vendor credit, purchase order, purchase, credit memo and sales receipt against its class and the transaction’s department, all synced', async () => {
    // Intuit's schema puts DepartmentRef on every Transaction; each of these is read with its lines' tracking.
    const tracked: Record<string, string> = { Bill: 'bills', VendorCredit: 'billCreditNotes', PurchaseOrder: 'purchaseOrders', Purchase: 'directCosts', CreditMemo: 'creditNotes', SalesReceipt: 'directIncomes' }
    const withDepartment = new Set<string>()
    for (const [entity, dataType] of Object.entries(tracked)) {
      const wire = (await served(`query?query=${encodeURIComponent(`SELECT * FROM ${entity} STARTPOSITION 1 MAXRESULTS 1000`)}&minorversion=75`))['QueryResponse'][entity] as Json[]
      expect(wire.length, entity).toBe(COUNTS[dataType])
      for (const transaction of wire) {
        const record = books.get(dataType)!.get(transaction['Id'])!
        const department = transaction['DepartmentRef'] === undefined ? [] : [{ id: `department-${transaction['DepartmentRef']['value']}`, name: transaction['DepartmentRef']['name'] }]
        const lines = (transaction['Line'] as Json[]).filter((line) => ['AccountBasedExpenseLineDetail', 'ItemBasedExpenseLineDetail', 'SalesItemLineDetail'].includes(line['DetailType']))
        const classOf = (line: Json) => line[line['DetailType']]['ClassRef']
        expect(
          (record['lineItems'] as Json[]).map((line) => line['trackingCategoryRefs'] ?? []),
          `${entity} ${transaction['Id']}`,
        ).toEqual(lines.map((line) => [...(classOf(line) === undefined ? [] : [{ id: classOf(line)['value'], name: classOf(line)['name'] }]), ...department]))
        for (const line of record['lineItems'] as Json[]) for (const ref of line['trackingCategoryRefs'] ?? []) expect(books.get('trackingCategories')!.has(ref['id']), ref['id']).toBe(true)
        if (department.length > 0) withDepartment.add(entity)
      }
    }
    // The sandbox tracks invoice and bill lines; a credit note copies its document's line and an order raised into a
    // bill its lines, so some of those carry a department too (which ones is drawn with the company); its direct
    // incomes and costs are tracked against nothing.
    expect(withDepartment.has('Bill')).toBe(true)
    expect([...withDepartment].some((entity) => entity === 'CreditMemo' || entity === 'VendorCredit' || entity === 'PurchaseOrder'), [...withDepartment].join()).toBe(true)
  })

  it('each invoice carries the payments applied to it, as each payment’s lines say', () => {
    const applied = new Map<string, Array<[string, number]>>()
    for (const payment of recordsOf('payments')) {
      for (const line of payment['lines'] as Json[]) {
        for (const link of line['links'] as Json[]) if (link['type'] === 'Invoice') applied.set(link['id'], [...(applied.get(link['id']) ?? []), [payment['id'], cents(line['amount'])]])
      }
    }
    expect(applied.size).toBeGreaterThan(0)
    for (const invoice of recordsOf('invoices')) {
      const allocations = (invoice['paymentAllocations'] ?? []) as Json[]
      expect(allocations.map((each) => [each['payment'].id, cents(each['allocation'].totalAmount)]).sort(), invoice['id']).toEqual((applied.get(invoice['id']) ?? []).sort())
      const payments = books.get('payments')!
      for (const each of allocations) expect(each['payment']).toMatchObject({ totalAmount: payments.get(each['payment'].id)!['totalAmount'], paidOnDate: payments.get(each['payment'].id)!['date'] })
    }
  })

  it('reads a payment’s memo (QuickBooks’ PrivateNote, on every third payment) as its note, and a payment without one has none', async () => {
    const wire = (await served(`query?query=${encodeURIComponent('SELECT * FROM Payment STARTPOSITION 1 MAXRESULTS 1000')}&minorversion=75`))['QueryResponse']['Payment'] as Json[]
    expect(wire).toHaveLength(COUNTS['payments']!)
    const noted = wire.filter((payment) => payment['PrivateNote'] !== undefined)
    expect(noted.map((payment) => payment['Id'])).toEqual(wire.map((payment) => payment['Id']).filter((id) => Number(id) % 3 === 0))
    for (const payment of wire) expect(books.get('payments')!.get(payment['Id'])!['note'], payment['Id']).toBe(payment['PrivateNote'])
    expect(books.get('payments')!.get(noted[0]!['Id'])!['note']).toMatch(/ received (for .+|on account)$/)
  })

  it('reads a card credit (every fifth purchase) as money back: a negative direct cost, its ledger entry putting it back on the account', () => {
    const credits = recordsOf('directCosts').filter((cost) => cost['totalAmount'] < 0)
    expect(credits.map((cost) => cost['id']).sort()).toEqual(['10', '15', '20', '5'])
    for (const cost of recordsOf('directCosts')) {
      const isCredit = cost['totalAmount'] < 0
      const entry = books.get('journalEntries')!.get(`${isCredit ? 'CreditCardCredit' : 'Expense'}-${cost['id']}`)!
      expect(entry['recordRef']).toEqual({ id: cost['id'], dataType: 'directCosts' })
      // In the home currency, which a foreign purchase's amounts are not: the direction is what must agree.
      const onAccount = (entry['journalLines'] as Json[]).filter((line) => line['accountRef'].id === cost['paymentAllocations'][0].payment.accountRef.id)
      expect(Math.sign(onAccount.reduce((sum, line) => sum + cents(line['netAmount']), 0)), cost['id']).toBe(isCredit ? 1 : -1)
    }
  })

  // The last two delete records at the platform.
  it('an incremental sync marks the invoices, bills and manual journals QuickBooks deleted since, and their ledger entries: the statements still agree', async () => {
    sandboxNow = new Date('2026-01-02T00:00:00Z')
    h.sandbox.admin.deleteRecords('quickbooks', 'invoices', [4, 9])
    h.sandbox.admin.deleteRecords('quickbooks', 'bills', [2])
    // A manual journal: the ledger's entries post every invoice, bill and payment first, so this is JournalEntry 3.
    h.sandbox.admin.deleteRecords('quickbooks', 'journalEntries', [COUNTS['invoices']! + COUNTS['bills']! + COUNTS['payments']! + 2])
    const queued = await Promise.all(['invoices', 'bills', 'journalEntries'].map(async (dataType) => await h.api('POST', `/companies/${companyId}/data/queue/${dataType}`)))
    for (const answer of queued) expect(answer.json(), answer.body).toMatchObject({ status: 'Queued', modifiedSince: '2025-12-31T23:55:00.000Z' })
    await h.waitForSyncs(companyId)
    const [invoices, bills, journal] = await Promise.all(queued.map(async (answer) => (await h.api('GET', `/companies/${companyId}/data/history/${answer.json().id}`)).json()))
    expect(invoices).toMatchObject({ status: 'Complete', recordsRead: 0, recordsModified: 2 })
    expect(bills).toMatchObject({ status: 'Complete', recordsRead: 0, recordsModified: 1 })
    // The whole ledger read again, unchanged but for the four transactions gone from it, whose entries are marked.
    expect(journal).toMatchObject({ status: 'Complete', recordsRead: LEDGER_TRANSACTIONS - 4, recordsModified: 4 })
    for (const [dataType, ids] of [['invoices', ['10', '5']], ['bills', ['3']], ['journalEntries', ['Bill-3', 'Invoice-10', 'Invoice-5', 'JournalEntry-3']]] as const) {
      const deleted = (await h.api('GET', `/companies/${companyId}/data/${dataType}?query=${encodeURIComponent('metadata.isDeleted=true')}&pageSize=100`)).json()
      expect(deleted.results.map((record: Json) => record['id']).sort()).toEqual(ids)
      for (const record of deleted.results as Json[]) expect(record).toEqual({ ...books.get(dataType)!.get(record['id']), metadata: { isDeleted: true } })
      expect((await h.api('GET', `/companies/${companyId}/data/${dataType}?pageSize=1`)).json().totalResults).toBe(COUNTS[dataType] ?? LEDGER_TRANSACTIONS)
    }
    await expectStatementsAgree('periodLength=12&periodsToCompare=3&startMonth=2025-01-01')
  })

  it('past the 30 days QuickBooks keeps changes, a sync completes without asking for deletions, which QuickBooks would refuse', async () => {
    // 31 days after the last sync's bound: change data capture would refuse it, and fail the sync.
    sandboxNow = new Date('2026-02-01T00:00:00Z')
    h.sandbox.admin.deleteRecords('quickbooks', 'bills', [6])
    const callsBefore = h.sandbox.admin.apiCallCount('quickbooks')
    const queued = await h.api('POST', `/companies/${companyId}/data/queue/bills`)
    expect(queued.json(), queued.body).toMatchObject({ status: 'Queued', modifiedSince: '2025-12-31T23:55:00.000Z' })
    await h.waitForSyncs(companyId)
    expect((await h.api('GET', `/companies/${companyId}/data/history/${queued.json().id}`)).json()).toMatchObject({ status: 'Complete', recordsRead: 0 })
    // The page of what changed, and no request to change data capture.
    expect(h.sandbox.admin.apiCallCount('quickbooks') - callsBefore).toBe(1)
    // A deletion before such a gap is not seen (docs/integrations.md): the bill stays as last read.
    expect((await h.api('GET', `/companies/${companyId}/data/bills/6`)).json()).toEqual(books.get('bills')!.get('6'))
  })
})
