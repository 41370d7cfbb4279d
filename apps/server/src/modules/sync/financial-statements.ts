/**
 * @module The three financial statements built from a ledger: the chart of accounts (each account's type) and
 * the journal's movements summed per account and month. Pure: amounts are whole cents throughout, so the
 * identities below hold exactly, never within a rounding error.
 *
 * What they guarantee, for any ledger whose entries balance:
 * - balance sheet: assets = liabilities + equity, equity including the net profit of every month to its date (the
 *   current financial year's as current year earnings, the years before as retained earnings);
 * - profit and loss: net profit = credits less debits on income and expense accounts in the period, split into
 *   income, cost of sales, operating expenses, other income and other expenses by each account's category;
 * - cash flow: receipts − payments = the change of the bank accounts' balance over the period.
 */
import { FIRST_WIRE_MONTH, LAST_WIRE_MONTH, monthNumberOf, type BalanceSheetReport, type CashFlowStatementReport, type FinancialStatementQuery, type ProfitAndLossReport, type ReportLine } from '@linkway/contracts'

export interface StatementAccount {
  id: string
  name: string | null
  type: string | null
  /** The reference's fullyQualifiedCategory, `Type.Subtype` (`Expense.CostOfSales`): where in the profit and loss it goes. */
  category: string | null
  isBankAccount: boolean
}

export interface StatementMovement {
  accountId: string
  /** `YYYY-MM`. */
  month: string
  /** The lines sit in entries that also move a bank account. */
  isWithCash: boolean
  /** Debits less credits, decimal text. */
  amount: string
}

export interface Ledger {
  accounts: readonly StatementAccount[]
  movements: readonly StatementMovement[]
  /** The company's base currency. */
  currency: string
  /** The month (1–12) the company's financial year starts in: 4 for a year ending 31 March; absent, January. */
  financialYearStartMonth?: number | undefined
}

export interface StatementPeriods {
  periodLength: number
  periodsToCompare: number
  /** `YYYY-MM…`: the first month of the most recent period; by default the period ending with the ledger's last month. */
  startMonth?: string | undefined
  /** How many months back from the ledger's last month a statement is offered (the sync setting's monthsToSync). */
  historyMonths: number
  /** The month to count from when the ledger has no entries at all. */
  now: Date
}

/** A month as one number (year × 12 + month − 1), so periods are plain arithmetic (contracts' `monthNumberOf`). */
type MonthNumber = number

function firstDayOf(month: MonthNumber): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01T00:00:00Z`
}

function lastDayOf(month: MonthNumber): string {
  const year = Math.floor(month / 12)
  const days = new Date(Date.UTC(year, (month % 12) + 1, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-${String(days).padStart(2, '0')}T00:00:00Z`
}

function centsOf(amount: string): number {
  return Math.round(Number(amount) * 100)
}

const toMoney = (cents: number): number => cents / 100

interface Period {
  from: MonthNumber
  to: MonthNumber
}

/** What every statement of one request shares: the ledger in cents by account and month, and the periods asked for. */
interface Frame {
  accounts: ReadonlyMap<string, StatementAccount>
  /** [account, month, isWithCash, cents] */
  movements: ReadonlyArray<{ account: string; month: MonthNumber; isWithCash: boolean; cents: number }>
  periods: Period[]
  earliest: MonthNumber | undefined
  latest: MonthNumber | undefined
  currency: string
  /** The financial year's first month, as a month of the year from 0 (January). */
  yearStartsInMonth: number
}

function frameOf(ledger: Ledger, request: StatementPeriods): Frame {
  const movements = ledger.movements.map((movement) => ({ account: movement.accountId, month: monthNumberOf(movement.month), isWithCash: movement.isWithCash, cents: centsOf(movement.amount) }))
  // A loop, not Math.min(...months): spreading a large ledger's months overflows the call stack.
  let first: MonthNumber | undefined
  let newest: MonthNumber | undefined
  for (const { month } of movements) {
    if (first === undefined || month < first) first = month
    if (newest === undefined || month > newest) newest = month
  }
  const thisMonth = request.now.getUTCFullYear() * 12 + request.now.getUTCMonth()
  // Months still to come are not reported: a transaction dated years ahead (a typo, a post-dated
  // invoice) must not move the default periods and the history window off the present, as the
  // reference's statements run to the current month. Their movements still count when asked for.
  const latest = newest === undefined ? undefined : Math.min(newest, thisMonth)
  const earliest = first === undefined || latest === undefined ? undefined : Math.max(Math.min(first, latest), latest - request.historyMonths + 1)
  const start = request.startMonth !== undefined ? monthNumberOf(request.startMonth) : (latest ?? thisMonth) - request.periodLength + 1
  const periods: Period[] = []
  for (let index = 0; index < request.periodsToCompare; index++) {
    const from = start - index * request.periodLength
    const period = { from, to: from + request.periodLength - 1 }
    // Up to monthsToSync of history: a period that ends before it is not offered, as the reference pulls no older months.
    if (earliest !== undefined && period.to < earliest) break
    // Nor one outside the years a wire date can hold (0001–9999).
    if (period.from < FIRST_WIRE_MONTH || period.to > LAST_WIRE_MONTH) break
    periods.push(period)
  }
  return { accounts: new Map(ledger.accounts.map((account) => [account.id, account])), movements, periods, earliest, latest, currency: ledger.currency, yearStartsInMonth: (ledger.financialYearStartMonth ?? 1) - 1 }
}

function availability(frame: Frame) {
  return {
    currency: frame.currency,
    ...(frame.earliest !== undefined ? { earliestAvailableMonth: firstDayOf(frame.earliest) } : {}),
    ...(frame.latest !== undefined ? { mostRecentAvailableMonth: firstDayOf(frame.latest) } : {}),
  }
}

/** A heading over its accounts: each account's cents (the sign already the statement's), zero ones left out, ordered by name. */
function headingOf(name: string, byAccount: ReadonlyMap<string, number>, frame: Frame): ReportLine {
  const items: ReportLine[] = []
  let total = 0
  for (const [accountId, cents] of byAccount) {
    total += cents
    if (cents === 0) continue
    const account = frame.accounts.get(accountId)
    items.push({ accountId, name: account?.name ?? accountId, value: toMoney(cents) })
  }
  items.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.accountId ?? '').localeCompare(b.accountId ?? ''))
  return { name, value: toMoney(total), items }
}

function add(totals: Map<string, number>, key: string, cents: number): void {
  totals.set(key, (totals.get(key) ?? 0) + cents)
}

/** Income and expense accounts are the profit and loss's; every other type, or an account the chart lacks, sits on the balance sheet. */
function typeOf(frame: Frame, accountId: string): string {
  return frame.accounts.get(accountId)?.type ?? 'Unknown'
}

/** The profit and loss's headings an income or expense account can sit under. */
type ProfitAndLossHeading = 'income' | 'costOfSales' | 'expenses' | 'otherIncome' | 'otherExpenses'

/** Subtypes (of `Expense.…`) that platforms use for what it cost to make what was sold. */
const COST_OF_SALES_SUBTYPES = new Set(['costofsales', 'costofgoodssold', 'directcosts'])

/**
 * Where an account sits in the profit and loss, by its type and its category's subtype (`Expense.CostOfSales`,
 * `Income.OtherIncome`, `Expense.OtherExpense`); income and operating expenses when the platform gives no subtype.
 * Undefined for a balance sheet account.
 */
function profitAndLossHeadingOf(frame: Frame, accountId: string): ProfitAndLossHeading | undefined {
  const account = frame.accounts.get(accountId)
  // The part after the type only: QuickBooks adds its detail type after it (`Expense.Cost of Goods Sold.SuppliesMaterialsCogs`).
  const subtype = ((account?.category ?? '').split('.')[1] ?? '').toLowerCase().replace(/[^a-z]/g, '')
  if (account?.type === 'Income') return subtype.startsWith('other') ? 'otherIncome' : 'income'
  if (account?.type === 'Expense') return COST_OF_SALES_SUBTYPES.has(subtype) ? 'costOfSales' : subtype.startsWith('other') ? 'otherExpenses' : 'expenses'
  return undefined
}

const HEADING_NAMES: Readonly<Record<ProfitAndLossHeading, string>> = {
  income: 'Income',
  costOfSales: 'Cost of sales',
  expenses: 'Expenses',
  otherIncome: 'Other income',
  otherExpenses: 'Other expenses',
}

/** Income is credited (a credit, negative, raises it); an expense is debited. */
const isIncomeHeading = (heading: ProfitAndLossHeading): boolean => heading === 'income' || heading === 'otherIncome'

export function buildProfitAndLoss(ledger: Ledger, request: StatementPeriods): ProfitAndLossReport {
  const frame = frameOf(ledger, request)
  const reports = frame.periods.map((period) => {
    const byHeading = new Map<ProfitAndLossHeading, Map<string, number>>(Object.keys(HEADING_NAMES).map((heading) => [heading as ProfitAndLossHeading, new Map<string, number>()]))
    for (const movement of frame.movements) {
      if (movement.month < period.from || movement.month > period.to) continue
      const heading = profitAndLossHeadingOf(frame, movement.account)
      if (heading) add(byHeading.get(heading)!, movement.account, isIncomeHeading(heading) ? -movement.cents : movement.cents)
    }
    const lines = Object.fromEntries([...byHeading].map(([heading, byAccount]) => [heading, headingOf(HEADING_NAMES[heading], byAccount, frame)])) as Record<ProfitAndLossHeading, ReportLine>
    const centsOfLine = (heading: ProfitAndLossHeading) => Math.round(lines[heading].value * 100)
    const grossProfit = centsOfLine('income') - centsOfLine('costOfSales')
    const netOperatingProfit = grossProfit - centsOfLine('expenses')
    const netOtherIncome = centsOfLine('otherIncome') - centsOfLine('otherExpenses')
    return {
      fromDate: firstDayOf(period.from),
      toDate: lastDayOf(period.to),
      income: lines.income,
      costOfSales: lines.costOfSales,
      grossProfit: toMoney(grossProfit),
      expenses: lines.expenses,
      netOperatingProfit: toMoney(netOperatingProfit),
      otherIncome: lines.otherIncome,
      otherExpenses: lines.otherExpenses,
      netOtherIncome: toMoney(netOtherIncome),
      netProfit: toMoney(netOperatingProfit + netOtherIncome),
    }
  })
  // Invoices and bills are posted when issued, not when paid.
  return { ...availability(frame), reportBasis: 'Accrual', reports }
}

export function buildBalanceSheet(ledger: Ledger, request: StatementPeriods): BalanceSheetReport {
  const frame = frameOf(ledger, request)
  const reports = frame.periods.map((period) => {
    const assets = new Map<string, number>()
    const liabilities = new Map<string, number>()
    const equity = new Map<string, number>()
    // The books are never closed, so the profit of the financial years before the sheet's own is retained earnings,
    // and its own year's to the sheet's date is current year earnings: split where the company's year starts, as
    // the platform's own balance sheet splits it, not at 1 January.
    const yearStart = period.to - ((period.to - frame.yearStartsInMonth + 12) % 12)
    let retainedEarnings = 0
    let currentYearEarnings = 0
    for (const movement of frame.movements) {
      if (movement.month > period.to) continue
      const type = typeOf(frame, movement.account)
      if (type === 'Asset') add(assets, movement.account, movement.cents)
      else if (type === 'Liability') add(liabilities, movement.account, -movement.cents)
      else if (type === 'Income' || type === 'Expense') {
        if (movement.month < yearStart) retainedEarnings -= movement.cents
        else currentYearEarnings -= movement.cents
      }
      // Equity, and what the chart does not classify, is credited: kept on the sheet so it still balances.
      else add(equity, movement.account, -movement.cents)
    }
    const equityLine = headingOf('Equity', equity, frame)
    const earningsLines: ReportLine[] = [
      { name: 'Current year earnings', value: toMoney(currentYearEarnings) },
      { name: 'Retained earnings', value: toMoney(retainedEarnings) },
    ]
    const equityWithEarnings: ReportLine = {
      ...equityLine,
      value: toMoney(Math.round(equityLine.value * 100) + currentYearEarnings + retainedEarnings),
      items: [...(equityLine.items ?? []), ...earningsLines],
    }
    const assetsLine = headingOf('Assets', assets, frame)
    const liabilitiesLine = headingOf('Liabilities', liabilities, frame)
    return {
      date: lastDayOf(period.to),
      assets: assetsLine,
      liabilities: liabilitiesLine,
      equity: equityWithEarnings,
      netAssets: toMoney(Math.round(assetsLine.value * 100) - Math.round(liabilitiesLine.value * 100)),
    }
  })
  return { ...availability(frame), reports }
}

/**
 * The direct method: what moved the bank accounts, by the account on the other side of each entry. An entry
 * that moves a bank account balances, so its other lines sum to the cash it moved, negated; a transfer between
 * two bank accounts has no other line and moves no cash in total.
 */
export function buildCashFlowStatement(ledger: Ledger, request: StatementPeriods): CashFlowStatementReport {
  const frame = frameOf(ledger, request)
  const reports = frame.periods.map((period) => {
    const byCounterpart = new Map<string, number>()
    for (const movement of frame.movements) {
      if (!movement.isWithCash || movement.month < period.from || movement.month > period.to) continue
      if (frame.accounts.get(movement.account)?.isBankAccount === true) continue
      add(byCounterpart, movement.account, -movement.cents)
    }
    const receipts = new Map([...byCounterpart].filter(([, cents]) => cents > 0))
    const payments = new Map([...byCounterpart].filter(([, cents]) => cents < 0).map(([account, cents]) => [account, -cents] as const))
    return {
      fromDate: firstDayOf(period.from),
      toDate: lastDayOf(period.to),
      cashReceipts: headingOf('Cash receipts', receipts, frame),
      cashPayments: headingOf('Cash payments', payments, frame),
    }
  })
  return { ...availability(frame), reportBasis: 'Cash', reportInput: 'Direct', reports }
}

/** Parsed query → the builder's periods; `FinancialStatementQuery` has already checked every field. */
export function periodsOf(query: FinancialStatementQuery, historyMonths: number, now: Date): StatementPeriods {
  return { periodLength: query.periodLength, periodsToCompare: query.periodsToCompare, startMonth: query.startMonth, historyMonths, now }
}
