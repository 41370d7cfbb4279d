/**
 * Financial statements end to end: a Sandbox accounting company synced over real HTTP, then each statement
 * read at its path for several period choices and checked against the journal itself, read back through
 * the API: the balance sheet balances, the profit and loss ties to the income and expense lines, the cash
 * flow to the bank accounts' movement. Bad period parameters are 400s in the wire error body.
 */
import { DATA_TYPES } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'

interface Line {
  accountId?: string
  name?: string
  value: number
  items?: Line[]
}
interface Account {
  id: string
  type: string
  fullyQualifiedCategory: string
  isBankAccount: boolean
}
interface JournalEntry {
  postedOn: string
  recordRef?: { dataType: string }
  journalLines: { accountRef?: { id: string }; netAmount: number }[]
}

/** Where the Sandbox's chart puts an income or expense account in the profit and loss. */
const isCostOfSales = (account: Account) => account.fullyQualifiedCategory === 'Expense.CostOfSales'
const isOtherIncome = (account: Account) => account.fullyQualifiedCategory === 'Income.OtherIncome'
const isOtherExpense = (account: Account) => account.fullyQualifiedCategory === 'Expense.OtherExpense'

/** Periods a lender asks for: monthly, quarterly, yearly, a half-year from a given month, one whole period. */
const PERIOD_CHOICES = [
  { periodLength: 1, periodsToCompare: 12 },
  { periodLength: 3, periodsToCompare: 4 },
  { periodLength: 12, periodsToCompare: 2 },
  { periodLength: 6, periodsToCompare: 3, startMonth: '2026-01-01T00:00:00Z' },
  { periodLength: 5, periodsToCompare: 1, startMonth: '2025-07' },
] as const

/** The sandbox dates its two years of books back from when the grant was made: fixed, so the months below stay inside them. */
const SANDBOX_NOW = new Date('2026-12-06T12:00:00Z')

const cents = (value: number): number => Math.round(value * 100)
const queryOf = (choice: Record<string, string | number>) => new URLSearchParams(Object.entries(choice).map(([key, value]): [string, string] => [key, String(value)])).toString()

describe.each(testedBackends())('financial statements from the Sandbox ledger, on %s', (backend) => {
  let h: SyncHarness
  let companyId: string
  let accounts: Map<string, Account>
  let journal: JournalEntry[]

  beforeAll(async () => {
    h = await createSyncHarness(backend, { sandboxClock: { now: () => SANDBOX_NOW } })
    ;({ companyId } = await h.linkSandbox('mqjo'))
    await h.startWorkers({ pageSize: 200 })
    await h.waitForSyncs(companyId)
    // Linkway's clock in step with the sandbox's: statements run to the current month, and the books end in it.
    h.t.clock.set(SANDBOX_NOW)
    accounts = new Map(((await h.api('GET', `/companies/${companyId}/data/accounts?pageSize=5000`)).json().results as Account[]).map((account) => [account.id, account]))
    journal = (await h.api('GET', `/companies/${companyId}/data/journalEntries?pageSize=5000`)).json().results as JournalEntry[]
  }, 60_000)
  afterAll(async () => {
    await h?.close()
  })

  const read = async (statement: string, choice: Record<string, string | number>) => {
    const res = await h.api('GET', `/companies/${companyId}/data/financials/${statement}?${queryOf(choice)}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  /** Debits less credits, in cents, of the journal lines on accounts that `isOn` picks, posted in [from, to] (ISO dates, inclusive by day). */
  function journalSum(isOn: (account: Account) => boolean, from: string, to: string): number {
    let total = 0
    for (const entry of journal) {
      const day = entry.postedOn.slice(0, 10)
      if (day < from.slice(0, 10) || day > to.slice(0, 10)) continue
      for (const line of entry.journalLines) {
        const account = accounts.get(line.accountRef?.id ?? '')
        if (account && isOn(account)) total += cents(line.netAmount)
      }
    }
    return total
  }
  const sumItems = (line: Line): number => (line.items ?? []).reduce((total, item) => total + cents(item.value), 0)

  it('syncs the statements as data types of the Sandbox, each Complete', async () => {
    const statuses = (await h.api('GET', `/companies/${companyId}/dataStatus`)).json()
    for (const dataType of ['balanceSheet', 'profitAndLoss', 'cashFlowStatement']) expect(statuses[dataType]).toMatchObject({ dataType, currentStatus: 'Complete' })
    expect(journal.length).toBeGreaterThan(300)
    // The journal the statements are built from posts every kind of document, not only invoices, bills and payments.
    const posted = new Set(journal.flatMap((entry) => (entry.recordRef ? [entry.recordRef.dataType] : [])))
    expect(posted).toEqual(new Set(['invoices', 'bills', 'payments', 'creditNotes', 'billCreditNotes', 'billPayments', 'directCosts', 'directIncomes']))
  })

  it.each(PERIOD_CHOICES)('balance sheet %o: assets = liabilities + equity (with current year and retained earnings); each heading is its accounts, and ties to the journal', async (choice) => {
    const report = await read('balanceSheet', choice)
    expect(report).toMatchObject({ currency: expect.stringMatching(/^(GBP|USD|EUR)$/), earliestAvailableMonth: expect.stringMatching(/-01T00:00:00Z$/), mostRecentAvailableMonth: expect.stringMatching(/-01T00:00:00Z$/) })
    expect(report.reports.length).toBeGreaterThan(0)
    expect(report.reports.length).toBeLessThanOrEqual(choice.periodsToCompare)
    for (const sheet of report.reports as Array<{ date: string; assets: Line; liabilities: Line; equity: Line; netAssets: number }>) {
      expect(cents(sheet.assets.value)).toBe(cents(sheet.liabilities.value) + cents(sheet.equity.value))
      expect(cents(sheet.netAssets)).toBe(cents(sheet.equity.value))
      for (const heading of [sheet.assets, sheet.liabilities, sheet.equity]) expect(sumItems(heading)).toBe(cents(heading.value))
      expect(cents(sheet.assets.value)).toBe(journalSum((account) => account.type === 'Asset', '0000-01-01', sheet.date))
      expect(cents(sheet.liabilities.value)).toBe(0 - journalSum((account) => account.type === 'Liability', '0000-01-01', sheet.date))
      const isProfitAndLoss = (account: Account) => account.type === 'Income' || account.type === 'Expense'
      const yearStart = `${sheet.date.slice(0, 4)}-01-01`
      const currentYear = sheet.equity.items!.find((item) => item.name === 'Current year earnings')!
      const retained = sheet.equity.items!.find((item) => item.name === 'Retained earnings')!
      expect(cents(currentYear.value)).toBe(0 - journalSum(isProfitAndLoss, yearStart, sheet.date))
      expect(cents(retained.value)).toBe(0 - journalSum(isProfitAndLoss, '0000-01-01', `${Number(sheet.date.slice(0, 4)) - 1}-12-31`))
    }
    // The bank accounts are assets: the sheet carries their balance, account by account.
    const latest = report.reports[0] as { date: string; assets: Line }
    for (const item of latest.assets.items!.filter((each) => accounts.get(each.accountId!)?.isBankAccount)) {
      expect(cents(item.value)).toBe(journalSum((account) => account.id === item.accountId, '0000-01-01', latest.date))
    }
  })

  it.each(PERIOD_CHOICES)('profit and loss %o: net profit ties to the income and expense lines posted in the period; cost of sales, other income and other expenses apart', async (choice) => {
    const report = await read('profitAndLoss', choice)
    expect(report).toMatchObject({ reportBasis: 'Accrual' })
    type Period = { fromDate: string; toDate: string; income: Line; costOfSales: Line; expenses: Line; otherIncome: Line; otherExpenses: Line; grossProfit: number; netOperatingProfit: number; netProfit: number; netOtherIncome: number }
    for (const period of report.reports as Period[]) {
      const posted = (isOn: (account: Account) => boolean) => journalSum(isOn, period.fromDate, period.toDate)
      expect(cents(period.netProfit)).toBe(0 - posted((account) => account.type === 'Income' || account.type === 'Expense'))
      expect(cents(period.income.value)).toBe(0 - posted((account) => account.type === 'Income' && !isOtherIncome(account)))
      expect(cents(period.costOfSales.value)).toBe(posted(isCostOfSales))
      expect(cents(period.expenses.value)).toBe(posted((account) => account.type === 'Expense' && !isCostOfSales(account) && !isOtherExpense(account)))
      expect(cents(period.otherIncome.value)).toBe(0 - posted(isOtherIncome))
      expect(cents(period.otherExpenses.value)).toBe(posted(isOtherExpense))
      expect(cents(period.grossProfit)).toBe(cents(period.income.value) - cents(period.costOfSales.value))
      expect(cents(period.netOperatingProfit)).toBe(cents(period.grossProfit) - cents(period.expenses.value))
      expect(cents(period.netOtherIncome)).toBe(cents(period.otherIncome.value) - cents(period.otherExpenses.value))
      expect(cents(period.netProfit)).toBe(cents(period.netOperatingProfit) + cents(period.netOtherIncome))
      for (const heading of [period.income, period.costOfSales, period.expenses, period.otherIncome, period.otherExpenses]) expect(sumItems(heading)).toBe(cents(heading.value))
    }
    // Over the Sandbox's two years of books, each heading has something in it, in some month. (Not in a given year:
    // a year's cost of sales can be net negative, when credit notes from suppliers outweigh its few costs of sales.)
    const months = (await read('profitAndLoss', { periodLength: 1, periodsToCompare: 24 })).reports as Period[]
    for (const heading of ['income', 'costOfSales', 'expenses', 'otherIncome', 'otherExpenses'] as const) {
      expect(months.some((month) => month[heading].value > 0), heading).toBe(true)
    }
  })

  it.each(PERIOD_CHOICES)('cash flow statement %o: receipts − payments = the change of the bank accounts over the period', async (choice) => {
    const report = await read('cashFlowStatement', choice)
    expect(report).toMatchObject({ reportBasis: 'Cash', reportInput: 'Direct' })
    for (const period of report.reports as Array<{ fromDate: string; toDate: string; cashReceipts: Line; cashPayments: Line }>) {
      const bankChange = journalSum((account) => account.isBankAccount, period.fromDate, period.toDate)
      expect(cents(period.cashReceipts.value) - cents(period.cashPayments.value)).toBe(bankChange)
      expect(sumItems(period.cashReceipts)).toBe(cents(period.cashReceipts.value))
      for (const item of [...period.cashReceipts.items!, ...period.cashPayments.items!]) expect(item.value).toBeGreaterThan(0)
    }
  })

  it('periods: the most recent first, each periodLength months, going back from startMonth; by default ending with the ledger’s last month', async () => {
    const quarterly = await read('profitAndLoss', { periodLength: 3, periodsToCompare: 3, startMonth: '2026-04-17T10:00:00Z' })
    expect(quarterly.reports.map((period: { fromDate: string; toDate: string }) => [period.fromDate, period.toDate])).toEqual([
      ['2026-04-01T00:00:00Z', '2026-06-30T00:00:00Z'],
      ['2026-01-01T00:00:00Z', '2026-03-31T00:00:00Z'],
      ['2025-10-01T00:00:00Z', '2025-12-31T00:00:00Z'],
    ])
    const sheets = await read('balanceSheet', { periodLength: 1, periodsToCompare: 2, startMonth: '2024-02' })
    expect(sheets.reports).toEqual([]) // before the 24 months of history: nothing offered
    const latest = await read('balanceSheet', { periodLength: 2, periodsToCompare: 1 })
    const lastMonth = latest.mostRecentAvailableMonth.slice(0, 7)
    expect(latest.reports[0].date.slice(0, 7)).toBe(lastMonth)
    const monthly = await read('cashFlowStatement', { periodLength: 1, periodsToCompare: 24 })
    expect(monthly.reports).toHaveLength(24)
    expect(monthly.reports.at(-1).fromDate).toBe(monthly.earliestAvailableMonth)
  })

  it('a year’s profit is the sum of its months’, and equity moves by the profit plus what was paid in', async () => {
    const year = (await read('profitAndLoss', { periodLength: 12, periodsToCompare: 1, startMonth: '2025-06' })).reports[0]
    const months = (await read('profitAndLoss', { periodLength: 1, periodsToCompare: 12, startMonth: '2026-05' })).reports as Array<{ netProfit: number }>
    expect(months.reduce((total, month) => total + cents(month.netProfit), 0)).toBe(cents(year.netProfit))
    const sheets = (await read('balanceSheet', { periodLength: 12, periodsToCompare: 2, startMonth: '2025-06' })).reports as Array<{ date: string; equity: Line }>
    const paidIn = 0 - journalSum((account) => account.type === 'Equity', year.fromDate, year.toDate)
    expect(cents(sheets[0]!.equity.value) - cents(sheets[1]!.equity.value)).toBe(cents(year.netProfit) + paidIn)
  })

  it.each([
    ['', 'periodLength'],
    ['periodLength=3', 'periodsToCompare'],
    ['periodLength=0&periodsToCompare=2', 'periodLength must be at least 1'],
    ['periodLength=13&periodsToCompare=2', 'periodLength must be at most 12'],
    ['periodLength=abc&periodsToCompare=2', 'periodLength must be a whole number'],
    ['periodLength=1.5&periodsToCompare=2', 'periodLength must be a whole number'],
    ['periodLength=-1&periodsToCompare=2', 'periodLength must be at least 1'],
    ['periodLength=3&periodsToCompare=25', 'periodsToCompare must be at most 24'],
    ['periodLength=3&periodsToCompare=1000000', 'periodsToCompare must be at most 24'],
    ['periodLength=99999999999999999999&periodsToCompare=2', 'periodLength must be at most 12'],
    ['periodLength=3&periodsToCompare=2&startMonth=2024-13-01', 'startMonth must be an ISO 8601 date'],
    ['periodLength=3&periodsToCompare=2&startMonth=yesterday', 'startMonth must be an ISO 8601 date'],
    ['periodLength=3&periodsToCompare=2&startMonth=', 'startMonth must be an ISO 8601 date'],
    ['periodLength=12&periodsToCompare=1&startMonth=9999-12', 'outside the years 0001 to 9999'],
    ['periodLength=1&periodsToCompare=3&startMonth=0001-02', 'outside the years 0001 to 9999'],
    ['periodLength=1&periodsToCompare=1&startMonth=0000-01', 'outside the years 0001 to 9999'],
  ])('?%s is a 400 in the wire error body (%s)', async (query, message) => {
    for (const statement of ['balanceSheet', 'profitAndLoss', 'cashFlowStatement']) {
      const res = await h.api('GET', `/companies/${companyId}/data/financials/${statement}?${query}`)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error: expect.stringContaining(message), correlationId: expect.any(String) })
    }
  })

  it('404 for a company that is not the client’s; 409 for a company whose ledger has not been synced', async () => {
    const missing = await h.api('GET', `/companies/${crypto.randomUUID()}/data/financials/balanceSheet?periodLength=1&periodsToCompare=1`)
    expect(missing.statusCode).toBe(404)
    const unsynced = (await h.api('POST', '/companies', { name: 'No books yet' })).json().id
    const res = await h.api('GET', `/companies/${unsynced}/data/financials/profitAndLoss?periodLength=1&periodsToCompare=1`)
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ statusCode: 409, error: expect.stringContaining('The profitAndLoss data of company') })
  })

  it('a statement synced without its ledger: 409 naming the ledger data type to queue', async () => {
    const company = (await h.api('POST', '/companies', { name: 'Statement only' })).json().id as string
    const settings = DATA_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: dataType === 'balanceSheet', syncSchedule: 0, syncOrder }))
    expect((await h.api('POST', `/companies/${company}/syncSettings`, { settings, overridesDefaults: true })).statusCode).toBe(204)
    await h.linkSandbox('mqjo', h.client, company)
    const history = await h.waitForSyncs(company)
    expect(history.map((dataset) => [dataset['dataType'], dataset['status']])).toEqual([['balanceSheet', 'Complete']])
    const res = await h.api('GET', `/companies/${company}/data/financials/balanceSheet?periodLength=1&periodsToCompare=1`)
    expect(res.statusCode).toBe(409)
    expect(res.json().error).toBe(`The chartOfAccounts data of company ${company} has not been synced yet. Queue it with POST /companies/${company}/data/queue/chartOfAccounts, then wait for read.completed.`)
  })
})
