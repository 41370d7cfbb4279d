/**
 * @module QuickBooks Online's reports, emulated from the sandbox's generated general ledger (every invoice, bill and
 * payment posted, and the manual journals): JournalReport (each transaction's ledger lines), ProfitAndLoss and
 * BalanceSheet, in Intuit's report shape (`Header`, `Columns.Column`, `Rows.Row` of Sections with `Header`,
 * `Rows`, `Summary` and a `group`, and Data rows of `ColData`). The three read one ledger, so a statement built
 * from the JournalReport can be checked against the ProfitAndLoss and BalanceSheet QuickBooks itself would give.
 * An invoice, bill or payment the admin deleted is off all three, as QuickBooks takes a deleted transaction off
 * its ledger.
 */
import { DAY_MS, isoDate, isoWithOffset } from '../date-formats.js'
import { accountingPayments, billCreditNotes, billPayments, bills, creditNotes, directCosts, directIncomes, invoices, journalEntries, ledgerAccounts, type JournalEntry, type LedgerAccount } from '../datasets/index.js'
import { baseCurrencyOf, type GenerationContext } from '../generated-data.js'
import { isCardCredit } from './quickbooks-lists.js'

/** One transaction of the ledger as QuickBooks names it: its type, its Id among that type's, and its lines. */
interface LedgerTransaction {
  date: string
  txnType: 'Invoice' | 'Bill' | 'Payment' | 'Journal Entry' | 'Credit Card Credit' | (typeof POSTED_AFTER_MANUAL)[number]['txnType']
  txnId: string
  docNumber: string
  name?: { value: string; id: string }
  entry: JournalEntry
}

/** Whether record `index` of a posted dataset was deleted (the admin's deleteRecords): QuickBooks takes a deleted transaction off the ledger. */
export type IsDeleted = (dataset: 'invoices' | 'bills' | 'payments' | 'journalEntries' | (typeof POSTED_AFTER_MANUAL)[number]['name'], index: number) => boolean

/** The documents the sandbox's ledger posts after its manual journals, in its order, with the type QuickBooks' reports give each. */
const POSTED_AFTER_MANUAL = [
  { name: 'creditNotes', dataset: creditNotes, txnType: 'Credit Memo' },
  { name: 'billCreditNotes', dataset: billCreditNotes, txnType: 'Vendor Credit' },
  { name: 'billPayments', dataset: billPayments, txnType: 'Bill Payment (Check)' },
  { name: 'directCosts', dataset: directCosts, txnType: 'Expense' },
  { name: 'directIncomes', dataset: directIncomes, txnType: 'Sales Receipt' },
] as const

/**
 * Journal entry i of the sandbox posts invoice i, then bill i − invoices, then payment i − invoices − bills, then
 * the manual journals, then the credit notes, bill credit notes, bill payments, direct costs and direct incomes
 * (the sandbox's LedgerJournal): so the entity and its QuickBooks Id follow from the index.
 */
function ledgerTransactions(ctx: GenerationContext, isDeleted: IsDeleted): LedgerTransaction[] {
  const counts = { invoices: invoices.size(ctx), bills: bills.size(ctx), payments: accountingPayments.size(ctx), manual: ctx.sizeOf('journalEntries') }
  const transactions: LedgerTransaction[] = []
  for (let index = 0; index < journalEntries.size(ctx); index++) {
    const entry = journalEntries.generate(ctx, index)
    const date = isoDate(Date.parse(entry.postedOn))
    let at = index
    if (at < counts.invoices) {
      if (isDeleted('invoices', at)) continue
      const invoice = invoices.generate(ctx, at)
      const customer = invoice.customerRef
      transactions.push({ date: invoiceDateOf(ctx, at, entry.postedOn), txnType: 'Invoice', txnId: String(at + 1), docNumber: invoice.invoiceNumber, ...(customer ? { name: { value: customer.name, id: String(customer.index + 1) } } : {}), entry })
      continue
    }
    at -= counts.invoices
    if (at < counts.bills) {
      if (isDeleted('bills', at)) continue
      const bill = bills.generate(ctx, at)
      const supplier = bill.supplierRef
      transactions.push({ date, txnType: 'Bill', txnId: String(at + 1), docNumber: bill.reference, ...(supplier ? { name: { value: supplier.name, id: String(supplier.index + 1) } } : {}), entry })
      continue
    }
    at -= counts.bills
    if (at < counts.payments) {
      if (isDeleted('payments', at)) continue
      const customer = accountingPayments.generate(ctx, at).customerRef
      transactions.push({ date, txnType: 'Payment', txnId: String(at + 1), docNumber: '', ...(customer ? { name: { value: customer.name, id: String(customer.index + 1) } } : {}), entry })
      continue
    }
    at -= counts.payments
    if (at < counts.manual) {
      // A manual journal is deleted as the ledger's record it is (the journalEntries dataset's index).
      if (isDeleted('journalEntries', index)) continue
      transactions.push({ date, txnType: 'Journal Entry', txnId: String(at + 1), docNumber: entry.journalNumber, entry })
      continue
    }
    at -= counts.manual
    for (const posted of POSTED_AFTER_MANUAL) {
      const size = posted.dataset.size(ctx)
      if (at >= size) {
        at -= size
        continue
      }
      if (isDeleted(posted.name, at)) break
      if (posted.name === 'directCosts' && isCardCredit(at)) {
        // Money back onto the card: the expense's lines the other way round.
        const reversed = { ...entry, journalLines: entry.journalLines.map((line) => ({ ...line, netAmount: -line.netAmount })) }
        transactions.push({ date, txnType: 'Credit Card Credit', txnId: String(at + 1), docNumber: '', entry: reversed })
      } else transactions.push({ date, txnType: posted.txnType, txnId: String(at + 1), docNumber: '', entry })
      break
    }
  }
  // QuickBooks lists a report's transactions by date.
  return transactions.sort((a, b) => a.date.localeCompare(b.date) || a.txnType.localeCompare(b.txnType) || Number(a.txnId) - Number(b.txnId))
}

/**
 * A date of invoice `index` (its issue or due date) as QuickBooks has it: the sandbox's, but the last invoice is
 * post-dated (QuickBooks takes any date) to 15 January after the year the books end in, its due date moved with it, so
 * the books hold a transaction dated after the current fiscal year (the calendar year), in its list and its reports
 * alike. Only weeks ahead: the statements offer the months before the ledger's last, which a far date would move.
 */
export function invoiceDateOf(ctx: GenerationContext, index: number, generated: string): string {
  if (index !== invoices.size(ctx) - 1) return isoDate(Date.parse(generated))
  const issuedAt = Date.parse(invoices.generate(ctx, index).issueDate)
  const postDatedAt = Date.UTC(new Date(ctx.anchor).getUTCFullYear() + 1, 0, 15)
  return isoDate(Date.parse(generated) + (postDatedAt - issuedAt))
}

/**
 * The QuickBooks JournalEntry Id of the sandbox ledger's entry `index`, when it is a manual journal (the ledger's
 * other entries post invoices, bills and the rest, which are entities of their own).
 */
export function manualJournalIdOf(ctx: GenerationContext, index: number): string | undefined {
  const first = invoices.size(ctx) + bills.size(ctx) + accountingPayments.size(ctx)
  return index >= first && index < first + ctx.sizeOf('journalEntries') ? String(index - first + 1) : undefined
}

export interface ReportPeriod {
  start: string
  end: string
}

/**
 * The period a report request asks for: `start_date`/`end_date` (YYYY-MM-DD), or a `date_macro` of those Linkway and
 * tests use, else the report's default (this month to date). The company's fiscal year is the calendar year
 * (CompanyInfo's FiscalYearStartMonth is January). A string is the Fault's detail.
 */
export function reportPeriodOf(query: Record<string, unknown>, nowMs: number): ReportPeriod | string {
  const today = isoDate(nowMs)
  const year = today.slice(0, 4)
  const startDate = query['start_date']
  const endDate = query['end_date']
  const macro = query['date_macro']
  const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
  if (startDate !== undefined || endDate !== undefined) {
    if (!isDate(startDate) || !isDate(endDate)) return 'start_date and end_date must both be dates, YYYY-MM-DD.'
    if (startDate > endDate) return 'start_date is after end_date.'
    return { start: startDate, end: endDate }
  }
  switch (macro) {
    case undefined:
    case 'This Month-to-date':
      return { start: `${today.slice(0, 7)}-01`, end: today }
    case 'Today':
      return { start: today, end: today }
    case 'This Fiscal Year':
      return { start: `${year}-01-01`, end: `${year}-12-31` }
    case 'This Fiscal Year-to-date':
      return { start: `${year}-01-01`, end: today }
    case 'Last Fiscal Year':
      return { start: `${Number(year) - 1}-01-01`, end: `${Number(year) - 1}-12-31` }
    default:
      return `The emulation knows the date_macro values Today, This Month-to-date, This Fiscal Year, This Fiscal Year-to-date and Last Fiscal Year, not ${JSON.stringify(macro)}.`
  }
}

const money = (cents: number): string => (cents / 100).toFixed(2)
const cellsOf = (...values: Array<string | { value: string; id: string }>) => values.map((value) => (typeof value === 'string' ? { value } : value))

function reportHeader(ctx: GenerationContext, name: string, period: ReportPeriod, nowMs: number, extra: Record<string, unknown>, hasData: boolean): Record<string, unknown> {
  return {
    Time: isoWithOffset(nowMs),
    ReportName: name,
    ...extra,
    StartPeriod: period.start,
    EndPeriod: period.end,
    Currency: baseCurrencyOf(ctx),
    Option: [{ Name: 'NoReportData', Value: String(!hasData) }],
  }
}

/** `GET /reports/JournalReport`: every transaction dated in the period, its first line in the Section's Header, the rest in its Rows. */
export function journalReport(ctx: GenerationContext, period: ReportPeriod, nowMs: number, isDeleted: IsDeleted): Record<string, unknown> {
  const sections = ledgerTransactions(ctx, isDeleted)
    .filter((transaction) => transaction.date >= period.start && transaction.date <= period.end)
    .map((transaction) => {
      let debits = 0
      let credits = 0
      const lines = transaction.entry.journalLines.flatMap((line) => {
        if (line.accountRef === undefined) return []
        const cents = Math.round(line.netAmount * 100)
        if (cents >= 0) debits += cents
        else credits -= cents
        const account = { value: line.accountRef.name, id: String(line.accountRef.index + 1) }
        return [{ account, memo: line.description, debit: cents >= 0 ? money(cents) : '', credit: cents < 0 ? money(-cents) : '' }]
      })
      const [first, ...rest] = lines
      const name = transaction.name ?? ''
      return {
        type: 'Section',
        Header: { ColData: cellsOf(transaction.date, { value: transaction.txnType, id: transaction.txnId }, transaction.docNumber, name, first?.memo ?? '', first?.account ?? '', first?.debit ?? '', first?.credit ?? '') },
        Rows: { Row: rest.map((line) => ({ type: 'Data', ColData: cellsOf('', '', '', name, line.memo, line.account, line.debit, line.credit) })) },
        Summary: { ColData: cellsOf('', '', '', '', '', '', money(debits), money(credits)) },
      }
    })
  return {
    Header: reportHeader(ctx, 'JournalReport', period, nowMs, {}, sections.length > 0),
    Columns: {
      Column: [
        { ColTitle: 'Date', ColType: 'tx_date' },
        { ColTitle: 'Transaction Type', ColType: 'txn_type' },
        { ColTitle: 'Num', ColType: 'doc_num' },
        { ColTitle: 'Name', ColType: 'name' },
        { ColTitle: 'Memo/Description', ColType: 'memo' },
        { ColTitle: 'Account', ColType: 'account_name' },
        { ColTitle: 'Debit', ColType: 'debt_amt' },
        { ColTitle: 'Credit', ColType: 'credit_amt' },
      ],
    },
    Rows: sections.length === 0 ? {} : { Row: sections },
  }
}

/** Each account's movement in cents (debits positive) over the transactions dated from `from` to `to`, inclusive. */
function movementsBetween(transactions: readonly LedgerTransaction[], from: string, to: string): Map<number, number> {
  const movements = new Map<number, number>()
  for (const transaction of transactions) {
    if (transaction.date < from || transaction.date > to) continue
    for (const line of transaction.entry.journalLines) {
      if (line.accountRef === undefined) continue
      movements.set(line.accountRef.index, (movements.get(line.accountRef.index) ?? 0) + Math.round(line.netAmount * 100))
    }
  }
  return movements
}

/** A Section of one account type's accounts that moved: each a Data row (name and Id, amount), and its total. */
function accountSection(
  ctx: GenerationContext,
  movements: Map<number, number>,
  type: LedgerAccount['type'],
  sign: 1 | -1,
  labels: { group: string; header: string; total: string },
  extraRows: ReadonlyArray<[string, number]> = [],
): { row: Record<string, unknown>; total: number } {
  const rows: Array<Record<string, unknown>> = []
  let total = 0
  for (const [index, cents] of [...movements.entries()].sort(([a], [b]) => a - b)) {
    const account = ledgerAccounts.generate(ctx, index)
    if (account.type !== type || cents === 0) continue
    total += sign * cents
    rows.push({ type: 'Data', ColData: cellsOf({ value: account.name, id: String(index + 1) }, money(sign * cents)) })
  }
  for (const [label, cents] of extraRows) {
    total += cents
    rows.push({ type: 'Data', ColData: cellsOf(label, money(cents)) })
  }
  return {
    row: { type: 'Section', group: labels.group, Header: { ColData: cellsOf(labels.header, '') }, Rows: { Row: rows }, Summary: { ColData: cellsOf(labels.total, money(total)) } },
    total,
  }
}

function summaryRow(group: string, label: string, cents: number): Record<string, unknown> {
  return { type: 'Section', group, Summary: { ColData: cellsOf(label, money(cents)) } }
}

const MONEY_COLUMNS = { Column: [{ ColTitle: '', ColType: 'Account' }, { ColTitle: 'Total', ColType: 'Money' }] }

/** `GET /reports/ProfitAndLoss` (accrual): income and expenses by account over the period, and the net income. */
export function profitAndLossReport(ctx: GenerationContext, period: ReportPeriod, nowMs: number, isDeleted: IsDeleted): Record<string, unknown> {
  const movements = movementsBetween(ledgerTransactions(ctx, isDeleted), period.start, period.end)
  const income = accountSection(ctx, movements, 'Income', -1, { group: 'Income', header: 'Income', total: 'Total Income' })
  const expenses = accountSection(ctx, movements, 'Expense', 1, { group: 'Expenses', header: 'Expenses', total: 'Total Expenses' })
  const net = income.total - expenses.total
  return {
    Header: reportHeader(ctx, 'ProfitAndLoss', period, nowMs, { ReportBasis: 'Accrual', SummarizeColumnsBy: 'Total' }, movements.size > 0),
    Columns: MONEY_COLUMNS,
    Rows: {
      Row: [
        income.row,
        // The emulated chart has no Cost of Goods Sold accounts, so gross profit is the income.
        summaryRow('GrossProfit', 'Gross Profit', income.total),
        expenses.row,
        summaryRow('NetOperatingIncome', 'Net Operating Income', net),
        summaryRow('NetIncome', 'Net Income', net),
      ],
    },
  }
}

/**
 * `GET /reports/BalanceSheet` as of the period's end: assets, liabilities and equity by account, with QuickBooks'
 * two computed equity lines: Retained Earnings (the net income of every fiscal year before the one the date is
 * in) and Net Income (of that fiscal year to the date).
 */
export function balanceSheetReport(ctx: GenerationContext, period: ReportPeriod, nowMs: number, isDeleted: IsDeleted): Record<string, unknown> {
  const transactions = ledgerTransactions(ctx, isDeleted)
  const fiscalYearStart = `${period.end.slice(0, 4)}-01-01`
  const dayBefore = isoDate(Date.parse(fiscalYearStart) - DAY_MS)
  const toDate = movementsBetween(transactions, '0000-01-01', period.end)
  const netIncomeOf = (movements: Map<number, number>) => {
    let cents = 0
    for (const [index, amount] of movements) {
      const type = ledgerAccounts.generate(ctx, index).type
      if (type === 'Income' || type === 'Expense') cents -= amount
    }
    return cents
  }
  const retained = netIncomeOf(movementsBetween(transactions, '0000-01-01', dayBefore))
  const netIncome = netIncomeOf(movementsBetween(transactions, fiscalYearStart, period.end))
  const assets = accountSection(ctx, toDate, 'Asset', 1, { group: 'TotalAssets', header: 'ASSETS', total: 'TOTAL ASSETS' })
  const liabilities = accountSection(ctx, toDate, 'Liability', -1, { group: 'Liabilities', header: 'Liabilities', total: 'Total Liabilities' })
  const equity = accountSection(ctx, toDate, 'Equity', -1, { group: 'Equity', header: 'Equity', total: 'Total Equity' }, [
    ['Retained Earnings', retained],
    ['Net Income', netIncome],
  ])
  return {
    Header: reportHeader(ctx, 'BalanceSheet', period, nowMs, { ReportBasis: 'Accrual', SummarizeColumnsBy: 'Total' }, toDate.size > 0),
    Columns: MONEY_COLUMNS,
    Rows: {
      Row: [
        assets.row,
        {
          type: 'Section',
          group: 'TotalLiabilitiesAndEquity',
          Header: { ColData: cellsOf('LIABILITIES AND EQUITY', '') },
          Rows: { Row: [liabilities.row, equity.row] },
          Summary: { ColData: cellsOf('TOTAL LIABILITIES AND EQUITY', money(liabilities.total + equity.total)) },
        },
      ],
    },
  }
}
