/**
 * @module TrueLayer transactions (Data API v1) read into the unified BankingTransaction.
 * Transactions are per account, so a read first lists the accounts (GET /accounts) and then reads
 * each account's transactions in turn (GET /accounts/{id}/transactions): the cursor carries the
 * account ids and which one is next, so a worker killed halfway resumes at the right account.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type PlatformResponse, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, parseUtcDate, textOf } from '../../json-fields.js'

type BankingTransaction = DataRecordOf<'banking-transactions'>
type TransactionCode = NonNullable<BankingTransaction['code']>

/** Where a read stands once the accounts are known. */
interface AccountsCursor {
  accountIds: readonly string[]
  accountIndex: number
  /** The upper bound of an incremental read, fixed when the accounts were listed so every account is read to the same instant. */
  until: string | undefined
}

export const trueLayerTransactions: DataSource<'banking-transactions'> = {
  dataType: 'banking-transactions',
  isIncremental: true,
  request(context, cursor) {
    if (cursor === undefined) return { url: `${context.baseUrl}/accounts`, headers: {} }
    const { accountIds, accountIndex, until } = readCursor(cursor)
    const accountId = accountIds[accountIndex]!
    const url = `${context.baseUrl}/accounts/${encodeURIComponent(accountId)}/transactions`
    // TrueLayer takes a date range as both ends or neither; without one it answers with what the bank offers by default.
    if (context.modifiedSince === undefined || until === undefined) return { url, headers: {} }
    return { url: `${url}?${new URLSearchParams({ from: trueLayerDateTime(context.modifiedSince.getTime()), to: until })}`, headers: {} }
  },
  read(response, context, cursor) {
    const results = readResults(response.body)
    if (cursor === undefined) return { records: [], next: firstAccountCursor(results, response, context) }
    const position = readCursor(cursor)
    const accountId = position.accountIds[position.accountIndex]!
    const records: Array<SourceRecord<'banking-transactions'>> = []
    for (let index = 0; index < results.length; index++) records.push(readTransaction(results[index], accountId, index))
    const nextIndex = position.accountIndex + 1
    return { records, next: nextIndex < position.accountIds.length ? { ...cursor, accountIndex: nextIndex } : undefined }
  },
}

/** `{ results: [...], status: "Succeeded" }`: TrueLayer's answer to every Data API read. */
function readResults(body: unknown): readonly unknown[] {
  const results = isObject(body) ? body['results'] : undefined
  if (!isObject(body) || !Array.isArray(results)) throw new DataSourceError("TrueLayer's answer has no results array.")
  const status = body['status']
  if (status !== undefined && status !== 'Succeeded') throw new DataSourceError(`TrueLayer's answer has status ${JSON.stringify(status)}, not "Succeeded".`)
  return results
}

/**
 * The cursor after GET /accounts: every account id (joined, since a cursor holds only strings and
 * numbers) and the first to read. An incremental read's upper bound is TrueLayer's own clock at
 * that moment, from the answer's Date header, else the accounts' update time.
 */
function firstAccountCursor(accounts: readonly unknown[], response: PlatformResponse, context: SourceContext): PageCursor | undefined {
  const ids: string[] = []
  let updatedAt: number | undefined
  for (let index = 0; index < accounts.length; index++) {
    const account = accounts[index]
    const id = isObject(account) ? textOf(account['account_id']) : undefined
    if (!isObject(account) || id === undefined) throw new DataSourceError(`TrueLayer's accounts results[${index}] has no account_id.`)
    // The ids travel comma-joined; TrueLayer's are hex, but one with a comma would split wrongly.
    if (id.includes(',')) throw new DataSourceError(`TrueLayer's account id ${JSON.stringify(id)} contains a comma.`)
    ids.push(id)
    const accountUpdatedAt = parseUtcDate(account['update_timestamp'])
    if (accountUpdatedAt !== undefined && (updatedAt === undefined || accountUpdatedAt > updatedAt)) updatedAt = accountUpdatedAt
  }
  if (ids.length === 0) return undefined
  const cursor: Record<string, string | number> = { accountIds: ids.join(','), accountIndex: 0 }
  if (context.modifiedSince !== undefined) {
    const now = parseUtcDate(response.headers['date']) ?? updatedAt
    if (now !== undefined) cursor['until'] = trueLayerDateTime(now)
  }
  return cursor
}

function readCursor(cursor: PageCursor): AccountsCursor {
  const { accountIds, accountIndex, until } = cursor
  const ids = typeof accountIds === 'string' && accountIds !== '' ? accountIds.split(',') : []
  if (ids.length === 0 || typeof accountIndex !== 'number' || !Number.isSafeInteger(accountIndex) || accountIndex < 0 || accountIndex >= ids.length) {
    throw new DataSourceError(`The stored TrueLayer cursor ${JSON.stringify(cursor)} is not { accountIds, accountIndex } with an index into the ids.`)
  }
  return { accountIds: ids, accountIndex, until: typeof until === 'string' ? until : undefined }
}

/** TrueLayer's transaction categories, as the unified model's transaction codes. */
const CODE_OF_CATEGORY: Readonly<Record<string, TransactionCode>> = {
  ATM: 'Cash',
  BILL_PAYMENT: 'Payment',
  CASH: 'Cash',
  CASHBACK: 'Cashback',
  CHEQUE: 'Cheque',
  CORRECTION: 'Adjustment',
  CREDIT: 'Credit',
  DEBIT: 'Other',
  DIRECT_DEBIT: 'DirectDebit',
  DIVIDEND: 'Other',
  FEE_CHARGE: 'Fee',
  INTEREST: 'Interest',
  OTHER: 'Other',
  PURCHASE: 'Purchase',
  STANDING_ORDER: 'StandingOrder',
  TRANSFER: 'Transfer',
  UNKNOWN: 'Unknown',
}

function readTransaction(raw: unknown, accountId: string, index: number): SourceRecord<'banking-transactions'> {
  if (!isObject(raw)) throw new DataSourceError(`TrueLayer's transactions results[${index}] is not an object.`)
  const id = textOf(raw['transaction_id'])
  if (id === undefined) throw new DataSourceError(`TrueLayer's transactions results[${index}] has no transaction_id.`)
  const currency = textOf(raw['currency'])
  if (currency === undefined) throw new DataSourceError(`TrueLayer's transaction ${id} has no currency.`)
  const amount = raw['amount']
  if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new DataSourceError(`TrueLayer's transaction ${id} has no numeric amount.`)

  // Money out is negative. TrueLayer says so, but banks differ in how they sign, so transaction_type has the last word.
  const type = raw['transaction_type']
  const transaction: BankingTransaction = { id, accountId, currency, amount: type === 'DEBIT' ? -Math.abs(amount) : type === 'CREDIT' ? Math.abs(amount) : amount }
  const description = textOf(raw['description'])
  if (description !== undefined) transaction.description = description
  // TrueLayer's times are UTC; some banks' come without a zone.
  const postedAt = parseUtcDate(raw['timestamp'])
  if (postedAt !== undefined) transaction.postedDate = isoDateTime(postedAt)
  const category = textOf(raw['transaction_category'])
  if (category !== undefined) transaction.code = CODE_OF_CATEGORY[category] ?? 'Unknown'
  const merchant = textOf(raw['merchant_name'])
  if (merchant !== undefined) transaction.merchantName = merchant
  // TrueLayer's classification is [category, sub-category]; the deepest one names it, the path is its id.
  const classification = Array.isArray(raw['transaction_classification']) ? raw['transaction_classification'].filter((part): part is string => typeof part === 'string' && part !== '') : []
  if (classification.length > 0) transaction.transactionCategoryRef = { id: classification.join('.'), name: classification[classification.length - 1]! }
  // A settled transaction does not change at TrueLayer, which keeps no time of change for it.
  return { id, modifiedAt: undefined, data: transaction }
}

/** TrueLayer's from/to: ISO 8601 without a zone, read as UTC, e.g. 2024-06-01T08:30:15. */
function trueLayerDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19)
}
