import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints } from '../platform-catalogue.js'
import { basicAuthorization, CLIENT, createPkce, getJson, postForm, REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'

/** A QuickBooks answer, loosely. */
type Json = Record<string, any>

let sandbox: TestSandbox
let base: string
let token: string
let realmId: string

beforeAll(async () => {
  sandbox = await startTestSandbox()
  const quickbooks = emulatedEndpoints(sandbox.url).quickbooks
  const pkce = createPkce()
  const url = new URL(quickbooks.authorizeUrl)
  url.search = new URLSearchParams({ client_id: CLIENT.clientId, response_type: 'code', scope: 'com.intuit.quickbooks.accounting', redirect_uri: REDIRECT_URI, state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' }).toString()
  const callback = new URL(await approveConsent(url.href))
  realmId = callback.searchParams.get('realmId') ?? ''
  const response = await postForm(quickbooks.tokenUrl, { grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier }, { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) })
  token = ((await response.json()) as Json)['access_token']
  base = quickbooks.apiBaseUrl.replace('{realmId}', realmId)
})
afterAll(async () => {
  await sandbox.close()
})

async function get(path: string, status = 200): Promise<Json> {
  const response = await getJson(`${base}/${path}`, token)
  expect(response.status, path).toBe(status)
  return (await response.json()) as Json
}

const rowsOf = async (entity: string, where = ''): Promise<Json[]> => (await get(`query?query=${encodeURIComponent(`SELECT * FROM ${entity}${where} MAXRESULTS 1000`)}`))['QueryResponse'][entity] ?? []
const cents = (value: string | number): number => Math.round(Number(value) * 100)

function sectionOf(rows: Json[] | undefined, group: string): Json | undefined {
  for (const row of rows ?? []) {
    if (row['group'] === group) return row
    const inner = sectionOf(row['Rows']?.['Row'], group)
    if (inner) return inner
  }
  return undefined
}
const totalOf = (report: Json, group: string): number => cents(sectionOf(report['Rows']['Row'], group)!['Summary']['ColData'][1]['value'])

describe('the QuickBooks emulation’s books', () => {
  it('serves each entity of the books, their references by QuickBooks’ ids', async () => {
    const vendors = new Set((await rowsOf('Vendor', ' WHERE Active IN (true, false)')).map((vendor) => vendor['Id']))
    const bills = await rowsOf('Bill')
    expect(bills).toHaveLength(80)
    for (const bill of bills) expect(vendors.has(bill['VendorRef']['value']), bill['Id']).toBe(true)
    const payments = await rowsOf('Payment')
    const invoices = new Map((await rowsOf('Invoice')).map((invoice) => [invoice['Id'], invoice]))
    // Each payment's invoice names it back (a payment on account, with no invoice to pay, has no line).
    const linked = payments.filter((payment) => payment['Line'].length > 0)
    expect(linked.length).toBeGreaterThan(payments.length / 4)
    for (const payment of linked) {
      const invoiceId = payment['Line'][0]['LinkedTxn'][0]['TxnId']
      expect(invoices.get(invoiceId)!['LinkedTxn'], payment['Id']).toContainEqual({ TxnId: payment['Id'], TxnType: 'Payment' })
    }
    const counts = await Promise.all(['BillPayment', 'CreditMemo', 'VendorCredit', 'Item', 'TaxRate', 'Transfer', 'PurchaseOrder', 'SalesReceipt', 'Purchase'].map(async (entity) => (await rowsOf(entity, ['Item', 'TaxRate'].includes(entity) ? ' WHERE Active IN (true, false)' : '')).length))
    expect(counts).toEqual([50, 30, 25, 30, 8, 40, 30, 40, 40])
  })

  it('answers Id IN, AccountType and the tracking tree split into classes and departments', async () => {
    expect((await rowsOf('Payment', " WHERE Id IN ('3', '7')")).map((payment) => payment['Id'])).toEqual(['3', '7'])
    const banks = await rowsOf('Account', " WHERE AccountType IN ('Bank', 'Credit Card') AND Active IN (true, false)")
    expect(banks.map((account) => account['AccountType'])).toEqual(['Bank', 'Bank', 'Bank', 'Bank'])
    const classes = await rowsOf('Class')
    const departments = await rowsOf('Department')
    expect(departments.map((department) => department['FullyQualifiedName'])).toEqual(['Region', 'Region:North', 'Region:South', 'Region:International'])
    expect(classes.map((each) => each['Id'])).not.toContain(departments[0]!['Id'])
    expect(classes.find((each) => each['Name'] === 'Sales')).toMatchObject({ SubClass: true, ParentRef: { name: 'Department' } })
  })

  it('serves CompanyInfo for its own realm only, and the home currency in Preferences', async () => {
    expect((await get(`companyinfo/${realmId}`))['CompanyInfo']).toMatchObject({ CompanyName: expect.any(String), FiscalYearStartMonth: 'January' })
    expect((await get('companyinfo/123', 400))['Fault']).toMatchObject({ type: 'ValidationFault' })
    expect((await get('preferences'))['Preferences']['CurrencyPrefs']['HomeCurrency']['value']).toMatch(/^(GBP|USD|EUR)$/)
  })

  it('a JournalReport lists each transaction of the period once, its lines balanced', async () => {
    const year = await get('reports/JournalReport?start_date=2024-01-01&end_date=2024-12-31')
    expect(year['Header']).toMatchObject({ ReportName: 'JournalReport', StartPeriod: '2024-01-01', EndPeriod: '2024-12-31' })
    const sections = year['Rows']['Row'] as Json[]
    expect(sections.length).toBeGreaterThan(50)
    for (const section of sections) {
      const [date, type] = section['Header']['ColData'] as Json[]
      expect(date!['value'] >= '2024-01-01' && date!['value'] <= '2024-12-31').toBe(true)
      expect(type!['id']).toMatch(/^\d+$/)
      const [debits, credits] = (section['Summary']['ColData'] as Json[]).slice(6).map((cell) => cents(cell['value']))
      expect(debits, `${type!['value']} ${type!['id']}`).toBe(credits)
    }
    expect(new Set(sections.map((section) => `${section['Header']['ColData'][1]['value']}-${section['Header']['ColData'][1]['id']}`)).size).toBe(sections.length)
    expect((await get('reports/JournalReport?start_date=1990-01-01&end_date=1990-12-31'))['Rows']).toEqual({})
    expect((await get('reports/JournalReport?date_macro=Yesteryear', 400))['Fault']['type']).toBe('ValidationFault')
    expect((await get('reports/CashFlow', 400))['Fault']['type']).toBe('ValidationFault')
  })

  it('ProfitAndLoss and BalanceSheet agree with each other: the balance sheet balances, and its Net Income is the year’s', async () => {
    const sheet = await get('reports/BalanceSheet?start_date=2025-01-01&end_date=2025-02-28')
    expect(totalOf(sheet, 'TotalAssets')).toBe(totalOf(sheet, 'TotalLiabilitiesAndEquity'))
    expect(totalOf(sheet, 'TotalLiabilitiesAndEquity')).toBe(totalOf(sheet, 'Liabilities') + totalOf(sheet, 'Equity'))
    const equityRows = sectionOf(sheet['Rows']['Row'], 'Equity')!['Rows']['Row'] as Json[]
    const netIncome = equityRows.find((row) => row['ColData'][0]['value'] === 'Net Income')!
    const profitAndLoss = await get('reports/ProfitAndLoss?start_date=2025-01-01&end_date=2025-02-28')
    expect(cents(netIncome['ColData'][1]['value'])).toBe(totalOf(profitAndLoss, 'NetIncome'))
    expect(totalOf(profitAndLoss, 'NetIncome')).toBe(totalOf(profitAndLoss, 'Income') - totalOf(profitAndLoss, 'Expenses'))
    const retained = equityRows.find((row) => row['ColData'][0]['value'] === 'Retained Earnings')!
    const before = await get('reports/ProfitAndLoss?start_date=1990-01-01&end_date=2024-12-31')
    expect(cents(retained['ColData'][1]['value'])).toBe(totalOf(before, 'NetIncome'))
  })

  it('a deleted record leaves every list, and change data capture reports it Deleted from then on', async () => {
    const before = await rowsOf('Invoice')
    const deletedAt = sandbox.clock.now().getTime()
    sandbox.admin.deleteRecords('quickbooks', 'invoices', [0, 5])
    const after = await rowsOf('Invoice')
    expect(after.map((invoice) => invoice['Id'])).toEqual(before.map((invoice) => invoice['Id']).filter((id) => id !== '1' && id !== '6'))
    // Off the ledger too: the JournalReport of their dates no longer lists them, and still balances.
    const invoiceIdsIn = async (invoice: Json) => {
      const report = await get(`reports/JournalReport?start_date=${invoice['TxnDate']}&end_date=${invoice['TxnDate']}`)
      return ((report['Rows']['Row'] ?? []) as Json[]).map((section) => section['Header']['ColData'][1]).filter((type) => type['value'] === 'Invoice').map((type) => type['id'])
    }
    expect(await invoiceIdsIn(before[0]!)).not.toContain('1')
    expect(await invoiceIdsIn(before[1]!)).toContain('2')
    const since = (ms: number) => encodeURIComponent(new Date(ms).toISOString())
    const cdc = await get(`cdc?entities=Invoice,Bill&changedSince=${since(deletedAt - 1000)}`)
    expect(cdc['CDCResponse'][0]['QueryResponse']).toEqual([
      {
        Invoice: [
          { domain: 'QBO', status: 'Deleted', Id: '1', MetaData: { LastUpdatedTime: expect.any(String) } },
          { domain: 'QBO', status: 'Deleted', Id: '6', MetaData: { LastUpdatedTime: expect.any(String) } },
        ],
        startPosition: 1,
        maxResults: 2,
        totalCount: 2,
      },
      {},
    ])
    expect((await get(`cdc?entities=Invoice&changedSince=${since(deletedAt + 1000)}`))['CDCResponse'][0]['QueryResponse']).toEqual([{}])
    expect((await get('cdc?entities=Nothing&changedSince=2025-01-01', 400))['Fault']['type']).toBe('ValidationFault')
    expect(() => sandbox.admin.deleteRecords('quickbooks', 'nothing', [1])).toThrow('quickbooks has no list dataset “nothing”.')
  })

  it('a deleted manual journal leaves the JournalReport and change data capture reports it; deposits and refund receipts it has none of', async () => {
    const deletedAt = sandbox.clock.now().getTime()
    // The sandbox's ledger posts its 120 invoices, 80 bills and 100 payments before the manual journals: this is JournalEntry 2.
    sandbox.admin.deleteRecords('quickbooks', 'journalEntries', [120 + 80 + 100 + 1])
    const ledger = await get('reports/JournalReport?start_date=1990-01-01&end_date=2099-12-31')
    const journals = ((ledger['Rows']['Row'] ?? []) as Json[]).map((section) => section['Header']['ColData'][1]).filter((type) => type['value'] === 'Journal Entry').map((type) => type['id'])
    expect(journals).toHaveLength(49)
    expect(journals).not.toContain('2')
    const cdc = await get(`cdc?entities=JournalEntry,Deposit,RefundReceipt&changedSince=${encodeURIComponent(new Date(deletedAt - 1000).toISOString())}`)
    expect(cdc['CDCResponse'][0]['QueryResponse']).toEqual([
      { JournalEntry: [{ domain: 'QBO', status: 'Deleted', Id: '2', MetaData: { LastUpdatedTime: expect.any(String) } }], startPosition: 1, maxResults: 1, totalCount: 1 },
      {},
      {},
    ])
  })

  it('every fifth purchase is a credit card credit, posted to the ledger the other way round', async () => {
    const purchases = await rowsOf('Purchase')
    const credits = purchases.filter((purchase) => purchase['Credit'] === true)
    expect(credits.map((purchase) => purchase['Id'])).toEqual(['5', '10', '15', '20', '25', '30', '35', '40'])
    for (const credit of credits) expect(credit).toMatchObject({ PaymentType: 'CreditCard' })
    const ledger = await get('reports/JournalReport?start_date=1990-01-01&end_date=2099-12-31')
    const types = new Map(((ledger['Rows']['Row'] ?? []) as Json[]).map((section) => [section['Header']['ColData'][1]['id'] + section['Header']['ColData'][1]['value'], section]))
    for (const credit of credits) {
      const section = types.get(`${credit['Id']}Credit Card Credit`)!
      // Its account debited: money back onto it.
      const onAccount = ((section['Rows']?.['Row'] ?? []) as Json[]).concat([section['Header']]).filter((row) => row['ColData'][5]['id'] === credit['AccountRef']['value'])
      expect(onAccount.length, credit['Id']).toBeGreaterThan(0)
      for (const row of onAccount) expect(cents(row['ColData'][6]['value'] || 0), credit['Id']).toBeGreaterThan(0)
    }
  })
})
