/**
 * @module Xero's Balance Sheet and Profit and Loss reports (GET Reports/BalanceSheet, Reports/ProfitAndLoss) in
 * Xero's report shape — Reports[0].Rows of Header, Section, Row and SummaryRow, each with Cells — computed from the
 * same generated journal the Journals endpoint serves. They are what an integration checks statements against:
 * summed here independently of Linkway's statement builders, in whole cents.
 */
import { journalEntries, ledgerAccounts, type LedgerAccount } from '../datasets/index.js'
import type { GenerationContext } from '../generated-data.js'
import { xeroAccountType } from './xero-books.js'

/** One account's balance over the lines counted. */
interface AccountBalance {
  account: LedgerAccount
  /** Debits less credits. */
  cents: number
}

interface ReportCell {
  Value: string
  Attributes?: Array<{ Value: string; Id: string }>
}
interface ReportRow {
  RowType: 'Header' | 'Section' | 'Row' | 'SummaryRow'
  Title?: string
  Cells?: ReportCell[]
  Rows?: ReportRow[]
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** `30 June 2025`, as Xero titles a report's dates; `short` gives `30 Jun 2025`, as its column headers do. */
function xeroReportDate(ms: number, short = false): string {
  const date = new Date(ms)
  const month = MONTHS[date.getUTCMonth()]!
  return `${date.getUTCDate()} ${short ? month.slice(0, 3) : month} ${date.getUTCFullYear()}`
}

/** Xero writes report amounts as decimal text with two places. */
function amountText(cents: number): string {
  return (cents / 100).toFixed(2)
}

/**
 * Each account's balance over the journal lines posted from `from` (inclusive) to `until` (exclusive), in
 * milliseconds; entries are generated one by one, as the Journals endpoint serves them.
 */
function balancesBetween(ctx: GenerationContext, from: number, until: number): AccountBalance[] {
  const byIndex = new Map<number, AccountBalance>()
  for (let index = 0; index < journalEntries.size(ctx); index++) {
    const entry = journalEntries.generate(ctx, index)
    const postedAt = Date.parse(entry.postedOn)
    if (postedAt < from || postedAt >= until) continue
    for (const line of entry.journalLines) {
      if (line.accountRef === undefined) continue
      let balance = byIndex.get(line.accountRef.index)
      if (balance === undefined) {
        balance = { account: ledgerAccounts.generate(ctx, line.accountRef.index), cents: 0 }
        byIndex.set(line.accountRef.index, balance)
      }
      balance.cents += Math.round(line.netAmount * 100)
    }
  }
  return [...byIndex.values()].filter((balance) => balance.cents !== 0).sort((a, b) => a.account.nominalCode.localeCompare(b.account.nominalCode))
}

function accountRow(balance: AccountBalance, cents: number): ReportRow {
  const attributes = [{ Value: balance.account.id, Id: 'account' }]
  return { RowType: 'Row', Cells: [{ Value: balance.account.name, Attributes: attributes }, { Value: amountText(cents), Attributes: attributes }] }
}

function summaryRow(label: string, cents: number): ReportRow {
  return { RowType: 'SummaryRow', Cells: [{ Value: label }, { Value: amountText(cents) }] }
}

function plainRow(label: string, cents: number): ReportRow {
  return { RowType: 'Row', Cells: [{ Value: label }, { Value: amountText(cents) }] }
}

/**
 * A titled section of accounts with its total (`Total {what}`); `sign` turns debits-less-credits into the section's
 * natural sign. Xero titles a section of costs "Less …", and totals it without the "Less".
 */
function accountSection(what: string, balances: readonly AccountBalance[], sign: 1 | -1, extraRows: ReportRow[] = [], title = what): { row: ReportRow; cents: number } {
  const rows = balances.map((balance) => accountRow(balance, sign * balance.cents))
  const extraCents = extraRows.reduce((sum, row) => sum + Math.round(Number(row.Cells![1]!.Value) * 100), 0)
  const cents = balances.reduce((sum, balance) => sum + sign * balance.cents, 0) + extraCents
  return { row: { RowType: 'Section', Title: title, Rows: [...rows, ...extraRows, summaryRow(`Total ${what}`, cents)] }, cents }
}

function netProfitCents(balances: readonly AccountBalance[]): number {
  // Income is credit (negative), expenses debit: the profit is the negated sum of both.
  return -balances.filter(({ account }) => account.type === 'Income' || account.type === 'Expense').reduce((sum, balance) => sum + balance.cents, 0)
}

function reportEnvelope(report: Record<string, unknown>, nowMs: number): Record<string, unknown> {
  return { Reports: [{ ...report, ReportDate: xeroReportDate(nowMs), UpdatedDateUTC: `/Date(${nowMs}+0000)/`, Fields: [] }] }
}

/** An organisation's financial year end, as its Organisation's FinancialYearEndDay and FinancialYearEndMonth (1–12). */
export interface FinancialYearEnd {
  day: number
  month: number
}

/** The first day (ms at 00:00 UTC) of the financial year day `date` falls in: the day after the last year end before it. */
function financialYearStartOf(date: number, yearEnd: FinancialYearEnd): number {
  const year = new Date(date).getUTCFullYear()
  const startThisYear = Date.UTC(year, yearEnd.month - 1, yearEnd.day) + 86_400_000
  return startThisYear <= date ? startThisYear : Date.UTC(year - 1, yearEnd.month - 1, yearEnd.day) + 86_400_000
}

/**
 * The balance sheet at the end of day `date` (ms at 00:00 UTC). Profit of the organisation's earlier financial years
 * is Retained Earnings, this financial year's Current Year Earnings, both inside Equity.
 */
export function buildXeroBalanceSheet(ctx: GenerationContext, organisationName: string, yearEnd: FinancialYearEnd, date: number, nowMs: number): Record<string, unknown> {
  const until = date + 86_400_000
  const yearStart = financialYearStartOf(date, yearEnd)
  const balances = balancesBetween(ctx, Number.NEGATIVE_INFINITY, until)
  const ofType = (type: LedgerAccount['type']) => balances.filter(({ account }) => account.type === type)
  const bank = accountSection('Bank', ofType('Asset').filter(({ account }) => xeroAccountType(account) === 'BANK'), 1)
  const current = accountSection('Current Assets', ofType('Asset').filter(({ account }) => xeroAccountType(account) !== 'BANK'), 1)
  const liabilities = accountSection('Current Liabilities', ofType('Liability'), -1)
  const priorYears = netProfitCents(balancesBetween(ctx, Number.NEGATIVE_INFINITY, yearStart))
  const thisYear = netProfitCents(balances) - priorYears
  const equity = accountSection('Equity', ofType('Equity'), -1, [plainRow('Retained Earnings', priorYears), plainRow('Current Year Earnings', thisYear)])
  const assetsCents = bank.cents + current.cents
  return reportEnvelope(
    {
      ReportID: 'BalanceSheet',
      ReportName: 'Balance Sheet',
      ReportType: 'BalanceSheet',
      ReportTitles: ['Balance Sheet', organisationName, `As at ${xeroReportDate(date)}`],
      Rows: [
        { RowType: 'Header', Cells: [{ Value: '' }, { Value: xeroReportDate(date, true) }] },
        { RowType: 'Section', Title: 'Assets', Rows: [] },
        bank.row,
        current.row,
        { RowType: 'Section', Title: '', Rows: [summaryRow('Total Assets', assetsCents)] },
        { RowType: 'Section', Title: 'Liabilities', Rows: [] },
        liabilities.row,
        { RowType: 'Section', Title: '', Rows: [summaryRow('Total Liabilities', liabilities.cents)] },
        { RowType: 'Section', Title: '', Rows: [plainRow('Net Assets', assetsCents - liabilities.cents)] },
        equity.row,
      ],
    },
    nowMs,
  )
}

/** Profit and loss over the days `fromDate` to `toDate` (ms at 00:00 UTC), both included. */
export function buildXeroProfitAndLoss(ctx: GenerationContext, organisationName: string, fromDate: number, toDate: number, nowMs: number): Record<string, unknown> {
  const balances = balancesBetween(ctx, fromDate, toDate + 86_400_000)
  const income = accountSection('Income', balances.filter(({ account }) => account.type === 'Income'), -1)
  const expenses = accountSection('Operating Expenses', balances.filter(({ account }) => account.type === 'Expense'), 1, [], 'Less Operating Expenses')
  return reportEnvelope(
    {
      ReportID: 'ProfitAndLoss',
      ReportName: 'Profit and Loss',
      ReportType: 'ProfitAndLoss',
      ReportTitles: ['Profit and Loss', organisationName, `${xeroReportDate(fromDate)} to ${xeroReportDate(toDate)}`],
      Rows: [
        { RowType: 'Header', Cells: [{ Value: '' }, { Value: xeroReportDate(toDate, true) }] },
        income.row,
        { RowType: 'Section', Title: '', Rows: [plainRow('Gross Profit', income.cents)] },
        expenses.row,
        { RowType: 'Section', Title: '', Rows: [plainRow('Net Profit', income.cents - expenses.cents)] },
      ],
    },
    nowMs,
  )
}
