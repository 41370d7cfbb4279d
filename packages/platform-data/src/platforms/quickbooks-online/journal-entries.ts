/**
 * @module QuickBooks Online's general ledger read from its JournalReport (`GET /reports/JournalReport`): every
 * transaction's ledger lines (invoices, bills, payments, manual journal entries and every other kind), one unified
 * JournalEntry per transaction. Reading the report rather than the JournalEntry entity is what makes this the whole
 * ledger: QuickBooks posts an invoice to the ledger without any JournalEntry object. The financial statements are
 * built from these entries and the chart of accounts (docs/data.md, "Financial statements").
 *
 * A report is not paged and has no modified-since bound, so each sync reads the whole ledger a fiscal year at a time:
 * the current fiscal year by `date_macro` (QuickBooks knows where the company's fiscal year starts), then everything
 * dated after it in one window (a transaction can be dated ahead: a post-dated cheque, a typo of the year), then the
 * year before the current one by dates, and so on back until two years in a row have no transaction. A transaction
 * deleted since the last sync is simply not in the report any more, which leaves its stored entry behind: so an
 * incremental sync ends by asking change data capture which of the transactions that post to the ledger were deleted,
 * and marks their entries deleted too (the statements leave them out). One whose bound is past the 30 days change
 * data capture keeps cannot ask, and a deletion before that gap is not seen.
 */
import type { DataRecordOf, DataType } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type PageOfRecords, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { canAskForDeletions, MINOR_VERSION, parseQuickbooksDate, readDeletedIds, requestDeletions, type QuickbooksQuery } from './quickbooks-api.js'

type JournalEntry = DataRecordOf<'journalEntries'>
type JournalLine = NonNullable<JournalEntry['journalLines']>[number]

/** Past fiscal years in a row without a transaction after which the ledger is taken to have begun. */
const EMPTY_YEARS_TO_STOP = 2
/**
 * How far after the current fiscal year the future window reaches. QuickBooks accepts any date on a transaction, and
 * a year typed wrong (2205 for 2025) is still in the books; a century covers any such date a report can be asked for.
 */
const FUTURE_YEARS = 100

/** The report's transaction types that are records Linkway also reads, by the data type that holds them. */
const RECORD_TYPE_OF: Readonly<Record<string, DataType>> = {
  Invoice: 'invoices',
  Bill: 'bills',
  Payment: 'payments',
  'Bill Payment (Check)': 'billPayments',
  'Bill Payment (Credit Card)': 'billPayments',
  'Credit Memo': 'creditNotes',
  'Vendor Credit': 'billCreditNotes',
  'Sales Receipt': 'directIncomes',
  Expense: 'directCosts',
  Check: 'directCosts',
  'Cash Expense': 'directCosts',
  'Credit Card Expense': 'directCosts',
  'Credit Card Credit': 'directCosts',
  Transfer: 'transfers',
}

interface Window {
  /** The current fiscal year's first day, as the first answer's Header gave it. */
  fiscalYearStart: string
  /** Fiscal years before the current one; the window is that year. */
  yearsBack: number
  emptyYears: number
}

/** A day as the report's Header gives it; the windows are whole days, shifted by years. */
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/
const isDay = (value: string): boolean => DAY_ONLY.test(value) && parseQuickbooksDate(value) !== undefined

function windowOf(cursor: PageCursor): Window {
  const { yearsBack, emptyYears } = cursor
  if (typeof yearsBack !== 'number' || typeof emptyYears !== 'number') {
    throw new DataSourceError(`The stored QuickBooks JournalReport cursor ${JSON.stringify(cursor)} is not { fiscalYearStart, yearsBack, emptyYears }.`)
  }
  return { fiscalYearStart: fiscalYearStartOf(cursor), yearsBack, emptyYears }
}

function fiscalYearStartOf(cursor: PageCursor): string {
  const { fiscalYearStart } = cursor
  if (typeof fiscalYearStart !== 'string' || !isDay(fiscalYearStart)) throw new DataSourceError(`The stored QuickBooks JournalReport cursor ${JSON.stringify(cursor)} has no fiscalYearStart day.`)
  return fiscalYearStart
}

/** `YYYY-MM-DD` shifted by whole years (a 29 February start would become 1 March: fiscal years do not start then). */
function shiftYears(date: string, years: number): string {
  const shifted = new Date(`${date}T00:00:00Z`)
  shifted.setUTCFullYear(shifted.getUTCFullYear() + years)
  return shifted.toISOString().slice(0, 10)
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
}

function reportUrl(context: SourceContext, period: string): string {
  return `${context.baseUrl}/reports/JournalReport?${period}&minorversion=${MINOR_VERSION}`
}

/**
 * Every transaction entity that posts to the ledger, which change data capture is asked about, each with the
 * JournalReport's names of its kind (the prefixes of its entries' ids): a bill payment is by cheque or card, a purchase
 * one of four kinds of expense or a card credit (`Credit: true`, money back onto the card), a refund receipt is a
 * "Refund", a manual journal a "Journal Entry".
 */
const ENTRY_PREFIXES_OF: ReadonlyArray<[QuickbooksQuery['entity'], readonly string[]]> = [
  ['Invoice', ['Invoice']],
  ['Bill', ['Bill']],
  ['Payment', ['Payment']],
  ['BillPayment', ['BillPaymentCheck', 'BillPaymentCreditCard']],
  ['CreditMemo', ['CreditMemo']],
  ['VendorCredit', ['VendorCredit']],
  ['SalesReceipt', ['SalesReceipt']],
  ['Purchase', ['Expense', 'Check', 'CashExpense', 'CreditCardExpense', 'CreditCardCredit']],
  ['Transfer', ['Transfer']],
  ['JournalEntry', ['JournalEntry']],
  ['Deposit', ['Deposit']],
  ['RefundReceipt', ['Refund']],
]

export const quickbooksJournalEntries: DataSource<'journalEntries'> = {
  dataType: 'journalEntries',
  // Every sync reads the whole report; an incremental one also asks for what was deleted since its bound.
  isIncremental: true,
  request(context, cursor) {
    if (cursor?.['step'] === 'deleted') return requestDeletions(context, ENTRY_PREFIXES_OF.map(([entity]) => entity))
    if (cursor === undefined) return { url: reportUrl(context, 'date_macro=This%20Fiscal%20Year'), headers: {} }
    if (cursor['step'] === 'future') {
      const fiscalYearStart = fiscalYearStartOf(cursor)
      return { url: reportUrl(context, `start_date=${shiftYears(fiscalYearStart, 1)}&end_date=${dayBefore(shiftYears(fiscalYearStart, 1 + FUTURE_YEARS))}`), headers: {} }
    }
    const { fiscalYearStart, yearsBack } = windowOf(cursor)
    const start = shiftYears(fiscalYearStart, -yearsBack)
    const end = dayBefore(shiftYears(fiscalYearStart, -yearsBack + 1))
    return { url: reportUrl(context, `start_date=${start}&end_date=${end}`), headers: {} }
  },
  read(response, context, cursor): PageOfRecords<'journalEntries'> {
    if (cursor?.['step'] === 'deleted') {
      // An id never stored (a kind of expense the transaction was not) is ignored by the engine.
      const deletedIds = ENTRY_PREFIXES_OF.flatMap(([entity, prefixes]) => readDeletedIds(response.body, entity).flatMap((id) => prefixes.map((prefix) => `${prefix}-${id}`)))
      return { records: [], next: undefined, deletedIds }
    }
    const report = readReport(response.body)
    const records = journalEntriesOf(report)
    if (cursor === undefined) {
      const start = textOf(report.header['StartPeriod'])
      if (start === undefined || !isDay(start)) throw new DataSourceError("QuickBooks' JournalReport Header has no StartPeriod day (YYYY-MM-DD).")
      return { records, next: { step: 'future', fiscalYearStart: start } }
    }
    let next: Window
    if (cursor['step'] === 'future') {
      next = { fiscalYearStart: fiscalYearStartOf(cursor), yearsBack: 1, emptyYears: 0 }
    } else {
      const window = windowOf(cursor)
      next = { ...window, yearsBack: window.yearsBack + 1, emptyYears: records.length === 0 ? window.emptyYears + 1 : 0 }
    }
    if (next.emptyYears < EMPTY_YEARS_TO_STOP) return { records, next: { fiscalYearStart: next.fiscalYearStart, yearsBack: next.yearsBack, emptyYears: next.emptyYears } }
    if (canAskForDeletions(response.body, context)) return { records, next: { step: 'deleted' } }
    return { records, next: undefined }
  },
}

interface Report {
  header: Record<string, unknown>
  /** Each column's ColType, in order (tx_date, txn_type, doc_num, name, memo, account_name, debt_amt, credit_amt). */
  columns: string[]
  rows: unknown[]
}

function readReport(body: unknown): Report {
  if (!isObject(body)) throw new DataSourceError("QuickBooks' JournalReport answer is not an object.")
  if (isObject(body['Fault'])) throw new DataSourceError('QuickBooks answered the JournalReport with a fault.')
  const header = body['Header']
  const columns = isObject(body['Columns']) ? body['Columns']['Column'] : undefined
  if (!isObject(header) || !Array.isArray(columns)) throw new DataSourceError("QuickBooks' JournalReport has no Header or Columns.Column.")
  const rows = isObject(body['Rows']) ? (body['Rows']['Row'] ?? []) : []
  if (!Array.isArray(rows)) throw new DataSourceError("QuickBooks' JournalReport Rows.Row is not an array.")
  return { header, columns: columns.map((column) => (isObject(column) ? (textOf(column['ColType']) ?? '') : '')), rows }
}

interface Cell {
  value: string | undefined
  id: string | undefined
}

/** One line of the report by column type. */
function cellsOf(columns: readonly string[], row: unknown): Map<string, Cell> | undefined {
  const data = isObject(row) ? row['ColData'] : undefined
  if (!Array.isArray(data)) return undefined
  const cells = new Map<string, Cell>()
  columns.forEach((type, index) => {
    const cell = data[index]
    cells.set(type, isObject(cell) ? { value: textOf(cell['value']), id: textOf(cell['id']) } : { value: undefined, id: undefined })
  })
  return cells
}

/** An amount cell in cents ("1,234.50", "" for none). */
function centsOf(cell: Cell | undefined): number {
  const text = cell?.value?.replace(/,/g, '')
  if (text === undefined || text === '') return 0
  const amount = Number(text)
  if (!Number.isFinite(amount)) throw new DataSourceError(`QuickBooks' JournalReport has an amount that is not a number: ${JSON.stringify(cell?.value)}.`)
  return Math.round(amount * 100)
}

/**
 * Each Section is one transaction: its first line in the Section's Header (with the date, type and number), the rest
 * as Data rows. A report whose lines are all Data rows, one transaction after another, is read too: a line with a
 * transaction type starts the next transaction.
 */
function journalEntriesOf(report: Report): Array<SourceRecord<'journalEntries'>> {
  const lines: Array<Map<string, Cell>> = []
  for (const row of report.rows) {
    if (!isObject(row)) continue
    const header = cellsOf(report.columns, row['Header'])
    if (header !== undefined) lines.push(header)
    const inner = isObject(row['Rows']) ? row['Rows']['Row'] : undefined
    for (const line of Array.isArray(inner) ? inner : []) {
      const cells = cellsOf(report.columns, line)
      if (cells !== undefined) lines.push(cells)
    }
    const own = cellsOf(report.columns, row)
    if (own !== undefined) lines.push(own)
  }
  const entries: Array<SourceRecord<'journalEntries'>> = []
  let current: { record: SourceRecord<'journalEntries'>; lines: JournalLine[] } | undefined
  for (const cells of lines) {
    const type = cells.get('txn_type')
    if (type?.value !== undefined && type.value !== '') {
      const txnId = type.id
      const date = parseQuickbooksDate(cells.get('tx_date')?.value)
      if (txnId === undefined || date === undefined) throw new DataSourceError(`QuickBooks' JournalReport has a ${type.value} without a transaction id or a readable date.`)
      const id = `${type.value.replace(/[^A-Za-z]/g, '')}-${txnId}`
      const number = cells.get('doc_num')?.value
      const recordType = RECORD_TYPE_OF[type.value]
      const entry: JournalEntry = {
        id,
        description: [type.value, number].filter((part) => part !== undefined && part !== '').join(' '),
        postedOn: isoDateTime(date),
        journalLines: [],
        ...(recordType !== undefined ? { recordRef: { id: txnId, dataType: recordType } } : {}),
      }
      current = { record: { id, modifiedAt: undefined, data: entry }, lines: entry.journalLines! }
      entries.push(current.record)
    }
    const account = cells.get('account_name')
    if (current === undefined || account?.id === undefined) continue
    const cents = centsOf(cells.get('debt_amt')) - centsOf(cells.get('credit_amt'))
    const line: JournalLine = { netAmount: cents / 100, accountRef: account.value === undefined ? { id: account.id } : { id: account.id, name: account.value } }
    const memo = cells.get('memo')?.value
    if (memo !== undefined && memo !== '') line.description = memo
    current.lines.push(line)
  }
  return entries
}

/**
 * A financial statement's sync on QuickBooks. Linkway builds statements when they are read from the chart of
 * accounts and the journal it stored (docs/data.md), so this stores nothing: it asks for today's JournalReport, which
 * proves the company still serves its ledger reports to this connection.
 */
export function quickbooksLedgerStatementSource<K extends DataType>(dataType: K): DataSource<K> {
  return {
    dataType,
    isIncremental: false,
    request: (context) => ({ url: reportUrl(context, 'date_macro=Today'), headers: {} }),
    read(response) {
      readReport(response.body)
      return { records: [], next: undefined, totalRecords: 0 }
    },
  }
}
