/**
 * @module What every QuickBooks Online read shares: `GET /query` with Intuit's query language,
 * paged by Id (`Id > '<last Id read>' ORDERBY Id MAXRESULTS n`), and the `{ QueryResponse: { Entity: [...] } }` answer.
 */
import type { DataType } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type PlatformRequest, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'

/** The most rows one query returns. */
const QBO_MAX_RESULTS = 1000
/** The API behaviour these sources are written against (the latest minor version at the time); every call sends it. */
export const MINOR_VERSION = '75'

export interface QuickbooksQuery {
  /** The entity queried, which is also its list's name in the answer. */
  entity:
    | 'Invoice'
    | 'Account'
    | 'Customer'
    | 'Vendor'
    | 'Bill'
    | 'Payment'
    | 'BillPayment'
    | 'CreditMemo'
    | 'VendorCredit'
    | 'Item'
    | 'TaxRate'
    | 'Class'
    | 'Department'
    | 'Transfer'
    | 'PurchaseOrder'
    | 'SalesReceipt'
    | 'Purchase'
    | 'JournalEntry'
    | 'Deposit'
    | 'RefundReceipt'
  /** Filters of the entity's own, besides the incremental bound. */
  conditions: readonly string[]
}

/**
 * Where a read stands: after which Id (the first page: none), and the page size it was started with. A cursor may
 * instead hold a 1-based `startPosition`: a short fixed list read by position (the payments of `Id IN (…)`), a read
 * stored before Linkway paged by Id, which goes on from there and then by Id, or (`byPosition`) a read whose first page
 * came in another order than the text order paging by Id relies on, which goes on by position to its end.
 */
function pageOf(context: SourceContext, cursor: PageCursor | undefined): { afterId: string | undefined; startPosition: number; maxResults: number; byPosition: boolean } {
  if (cursor === undefined) return { afterId: undefined, startPosition: 1, maxResults: Math.max(1, Math.min(context.pageSize, QBO_MAX_RESULTS)), byPosition: false }
  const { afterId, startPosition = 1, maxResults, byPosition } = cursor
  if (
    (afterId !== undefined && (typeof afterId !== 'string' || !/^[^'\\]{1,40}$/.test(afterId))) ||
    typeof startPosition !== 'number' || !Number.isSafeInteger(startPosition) || startPosition < 1 ||
    typeof maxResults !== 'number' || !Number.isSafeInteger(maxResults) || maxResults < 1
  ) {
    throw new DataSourceError(`The stored QuickBooks cursor ${JSON.stringify(cursor)} is not { afterId, maxResults } (or { startPosition, maxResults }) with an Id and whole numbers from 1.`)
  }
  return { afterId, startPosition, maxResults, byPosition: byPosition === 1 }
}

/**
 * `SELECT * FROM Entity WHERE … [AND Id > '<last Id read>'] ORDERBY Id STARTPOSITION 1 MAXRESULTS m`: paged by Id, not by position.
 * Intuit types Id as a string, so a record created during a sync may land anywhere in the Id order, and one deleted
 * leaves a hole: a position would then repeat or skip a row. After the last Id read, neither can happen provided
 * ORDERBY Id and `Id >` compare Ids the same way, as the emulation does (as text). That is unverified against Intuit,
 * so readQuickbooksPage checks every page: a first page in another order turns the read to paging by position, and a
 * later page out of order fails the read rather than skip.
 * The incremental bound is inclusive: a record changed in the very second the last sync started is read again, not missed.
 */
export function requestQuickbooksPage(context: SourceContext, query: QuickbooksQuery, cursor: PageCursor | undefined): PlatformRequest {
  const { afterId, startPosition, maxResults } = pageOf(context, cursor)
  // Written with an offset, as Intuit's own examples write date-times in queries.
  const since = context.modifiedSince === undefined ? undefined : `${context.modifiedSince.toISOString().slice(0, 19)}+00:00`
  const conditions = [...query.conditions, ...(since === undefined ? [] : [`MetaData.LastUpdatedTime >= '${since}'`]), ...(afterId === undefined ? [] : [`Id > '${afterId}'`])]
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`
  // After an Id, the page starts at the first row past it.
  const text = `SELECT * FROM ${query.entity}${where} ORDERBY Id STARTPOSITION ${afterId === undefined ? startPosition : 1} MAXRESULTS ${maxResults}`
  return { url: `${context.baseUrl}/query?query=${encodeURIComponent(text)}&minorversion=${MINOR_VERSION}`, headers: {} }
}

/** The rows of a query answer (none when QuickBooks leaves the list out, as it does for no rows), and the next page. */
export function readQuickbooksPage(body: unknown, query: QuickbooksQuery, context: SourceContext, cursor: PageCursor | undefined): { rows: readonly unknown[]; next: PageCursor | undefined } {
  if (isObject(body) && isObject(body['Fault'])) throw new DataSourceError(`QuickBooks answered with a fault: ${faultMessage(body['Fault'])}`)
  const answer = isObject(body) ? body['QueryResponse'] : undefined
  if (!isObject(answer)) throw new DataSourceError("QuickBooks' answer has no QueryResponse object.")
  const rows = answer[query.entity] ?? []
  if (!Array.isArray(rows)) throw new DataSourceError(`QuickBooks' QueryResponse.${query.entity} is not an array.`)
  const { afterId, startPosition, maxResults, byPosition } = pageOf(context, cursor)
  if (byPosition) return { rows, next: rows.length < maxResults ? undefined : { startPosition: startPosition + rows.length, maxResults, byPosition: 1 } }
  // The first page in another order (numeric: "9" before "10") says QuickBooks does not sort Ids as text: Id > '…' could
  // then skip rows, so the read goes on by position, as Linkway read before it paged by Id.
  if (afterId === undefined && startPosition === 1 && !ascendsAsText(rows)) {
    return { rows, next: rows.length < maxResults ? undefined : { startPosition: 1 + rows.length, maxResults, byPosition: 1 } }
  }
  assertIdsAscendAsText(rows, query.entity, afterId)
  if (rows.length < maxResults) return { rows, next: undefined }
  const last = rows.at(-1)
  const lastId = isObject(last) ? textOf(last['Id']) : undefined
  if (lastId === undefined) throw new DataSourceError(`QuickBooks' last ${query.entity} of the page has no Id to go on from.`)
  return { rows, next: { afterId: lastId, maxResults } }
}

/** Whether the rows' Ids (those that have one) strictly increase as text. */
function ascendsAsText(rows: readonly unknown[]): boolean {
  const ids = rows.flatMap((row) => (isObject(row) && textOf(row['Id']) !== undefined ? [textOf(row['Id'])!] : []))
  return ids.every((id, index) => index === 0 || id > ids[index - 1]!)
}

/**
 * The next page asks for `Id > '<last Id read>'`, which is right only if the page came in that comparison's order:
 * Ids strictly increasing as text (JavaScript's `>`, the emulation's), each above the page's `afterId`. Intuit's real
 * Ids are numeric strings; were its ORDERBY Id numeric and its `Id >` textual, a page ending at "9" would be followed
 * by `Id > '9'`, silently dropping "10" to "89". Checking each page turns that into an error naming the two Ids.
 * Rows without an Id are left to the row readers, which refuse them.
 */
function assertIdsAscendAsText(rows: readonly unknown[], entity: QuickbooksQuery['entity'], afterId: string | undefined): void {
  let previous = afterId
  let isPreviousOnPage = false
  for (const row of rows) {
    const id = isObject(row) ? textOf(row['Id']) : undefined
    if (id === undefined) continue
    if (previous !== undefined && !(id > previous)) {
      const where = isPreviousOnPage ? `after Id '${previous}' on the same page` : `on the page asked for after Id '${previous}'`
      throw new DataSourceError(
        `QuickBooks' paging order was not as expected: ${entity} Id '${id}' came ${where} but is not above it as text, the order the next page's Id > '…' relies on; the read stopped rather than skip ${entity} records.`,
      )
    }
    previous = id
    isPreviousOnPage = true
  }
}

function faultMessage(fault: Record<string, unknown>): string {
  const errors = Array.isArray(fault['Error']) ? fault['Error'] : []
  const first = isObject(errors[0]) ? errors[0] : {}
  return [textOf(fault['type']), textOf(first['Message']), textOf(first['Detail'])].filter((part) => part !== undefined).join(': ') || 'no detail'
}

/** QuickBooks' change data capture looks back 30 days at most, and refuses an older changedSince. */
const CDC_LOOKBACK_MS = 30 * 86_400_000

/**
 * Whether a read ends by asking what was deleted: on an incremental sync, whose bound is within the 30 days
 * QuickBooks keeps, by the last answer's own `time` (QuickBooks' clock; a data source has none). Past that the
 * deletions are lost to Linkway, and asking would fail the whole sync.
 */
export function canAskForDeletions(body: unknown, context: SourceContext): boolean {
  if (context.modifiedSince === undefined) return false
  // A query's answer carries `time`; a report's, its Header's `Time`.
  const header = isObject(body) && isObject(body['Header']) ? body['Header'] : undefined
  const answeredAt = isObject(body) ? parseQuickbooksDate(body['time'] ?? header?.['Time']) : undefined
  return answeredAt === undefined || answeredAt - context.modifiedSince.getTime() < CDC_LOOKBACK_MS
}

/** `GET /cdc?entities={entities}&changedSince=…`: what changed since the sync's bound, the deleted among it. */
export function requestDeletions(context: SourceContext, entities: QuickbooksQuery['entity'] | ReadonlyArray<QuickbooksQuery['entity']>): PlatformRequest {
  if (context.modifiedSince === undefined) throw new DataSourceError('QuickBooks deletions are asked for on an incremental sync only.')
  const since = `${context.modifiedSince.toISOString().slice(0, 19)}+00:00`
  const names = typeof entities === 'string' ? entities : entities.join(',')
  return { url: `${context.baseUrl}/cdc?entities=${names}&changedSince=${encodeURIComponent(since)}&minorversion=${MINOR_VERSION}`, headers: {} }
}

/** The Ids change data capture reports Deleted (`{ status: 'Deleted', Id }`) for `entity`; what changed otherwise the query read. */
export function readDeletedIds(body: unknown, entity: QuickbooksQuery['entity']): string[] {
  const answers = isObject(body) ? body['CDCResponse'] : undefined
  if (!Array.isArray(answers)) throw new DataSourceError("QuickBooks' change data capture answer has no CDCResponse list.")
  const ids: string[] = []
  for (const answer of answers) {
    const responses = isObject(answer) ? answer['QueryResponse'] : undefined
    for (const response of Array.isArray(responses) ? responses : []) {
      const rows = isObject(response) ? response[entity] : undefined
      for (const row of Array.isArray(rows) ? rows : []) {
        const id = isObject(row) && row['status'] === 'Deleted' ? textOf(row['Id']) : undefined
        if (id !== undefined) ids.push(id)
      }
    }
  }
  return ids
}

/**
 * A data type read by one query, each row read alone: the entity's rows are checked to be objects with an Id
 * here, so a reader gets `(row, id)` and says only what the entity means in the unified model. A transaction can
 * be deleted in QuickBooks (a list entity is made inactive instead), so for one (`mirrorsDeletions`) an incremental
 * read ends by asking change data capture what was deleted since, and Linkway marks those `metadata.isDeleted`
 * (within the 30 days change data capture keeps: deletions before a longer gap are not seen).
 *
 * @example
 * const suppliers = quickbooksQuerySource('suppliers', { entity: 'Vendor', conditions: ['Active IN (true, false)'] }, readVendor)
 */
export function quickbooksQuerySource<K extends DataType>(
  dataType: K,
  query: QuickbooksQuery,
  readRow: (row: Record<string, unknown>, id: string) => SourceRecord<K>,
  options: { mirrorsDeletions?: boolean } = {},
): DataSource<K> {
  return {
    dataType,
    isIncremental: true,
    request: (context, cursor) => (cursor?.['step'] === 'deleted' ? requestDeletions(context, query.entity) : requestQuickbooksPage(context, query, cursor)),
    read(response, context, cursor) {
      if (cursor?.['step'] === 'deleted') return { records: [], next: undefined, deletedIds: readDeletedIds(response.body, query.entity) }
      const { rows, next } = readQuickbooksPage(response.body, query, context, cursor)
      const records: Array<SourceRecord<K>> = []
      for (let index = 0; index < rows.length; index++) {
        const row = rows[index]
        if (!isObject(row)) throw new DataSourceError(`QuickBooks' ${query.entity}[${index}] is not an object.`)
        const id = textOf(row['Id'])
        if (id === undefined) throw new DataSourceError(`QuickBooks' ${query.entity}[${index}] has no Id.`)
        records.push(readRow(row, id))
      }
      const isDeletionsNext = next === undefined && options.mirrorsDeletions === true && canAskForDeletions(response.body, context)
      return { records, next: isDeletionsNext ? { step: 'deleted' } : next }
    },
  }
}

/** The request for a single-object endpoint under the company (`/companyinfo/{realmId}`, `/preferences`). */
export function requestQuickbooksObject(context: SourceContext, path: string): PlatformRequest {
  return { url: `${context.baseUrl}/${path}?minorversion=${MINOR_VERSION}`, headers: {} }
}

/** The answer's `{ Name: {...} }` object, or a DataSourceError naming what is missing (a Fault is reported as such). */
export function readQuickbooksObject(body: unknown, name: string): Record<string, unknown> {
  if (isObject(body) && isObject(body['Fault'])) throw new DataSourceError(`QuickBooks answered with a fault: ${faultMessage(body['Fault'])}`)
  const object = isObject(body) ? body[name] : undefined
  if (!isObject(object)) throw new DataSourceError(`QuickBooks' answer has no ${name} object.`)
  return object
}

/** A record's modified time for the engine and its `sourceModifiedDate`, from MetaData.LastUpdatedTime. */
export function modifiedOf(raw: Record<string, unknown>): { modifiedAt: Date | undefined; sourceModifiedDate?: string } {
  const ms = lastUpdatedOf(raw)
  return ms === undefined ? { modifiedAt: undefined } : { modifiedAt: new Date(ms), sourceModifiedDate: isoDateTime(ms) }
}

/** A required Intuit date (TxnDate) as the model's date-time. */
export function requiredDateOf(raw: Record<string, unknown>, field: string, what: string): string {
  const ms = parseQuickbooksDate(raw[field])
  if (ms === undefined) throw new DataSourceError(`QuickBooks' ${what} has no readable ${field}.`)
  return isoDateTime(ms)
}

/** A required number (TotalAmt, Balance). */
export function requiredNumberOf(raw: Record<string, unknown>, field: string, what: string): number {
  const value = numberOf(raw[field])
  if (value === undefined) throw new DataSourceError(`QuickBooks' ${what} has no numeric ${field}.`)
  return value
}

/** The transaction's total tax (`TxnTaxDetail.TotalTax`), 0 when it has none. */
export function totalTaxOf(raw: Record<string, unknown>): number {
  const detail = raw['TxnTaxDetail']
  return (isObject(detail) ? numberOf(detail['TotalTax']) : undefined) ?? 0
}

/** `{ id, name }` of a reference, when it has an id; `name` only when given. */
export function idAndName(ref: unknown): { id: string; name?: string } | undefined {
  const id = refId(ref)
  if (id === undefined) return undefined
  const name = refName(ref)
  return name === undefined ? { id } : { id, name }
}

/**
 * Voiding keeps a transaction but zeroes it and notes why; a genuinely zero one has no such note. Its Transaction
 * type's TxnStatus says so too, where QuickBooks sets it: that alone is enough, as the note can be edited after.
 */
export function isVoided(raw: Record<string, unknown>, total: number): boolean {
  if (raw['TxnStatus'] === 'Voided') return true
  return total === 0 && typeof raw['PrivateNote'] === 'string' && raw['PrivateNote'].startsWith('Voided')
}

/** The `LinkedTxn` entries of a payment line: `[{ TxnId, TxnType }]`. */
export function linkedTransactionsOf(line: Record<string, unknown>): Array<{ id: string; type: string }> {
  const linked = line['LinkedTxn']
  if (!Array.isArray(linked)) return []
  return linked.flatMap((link) => {
    if (!isObject(link)) return []
    const id = textOf(link['TxnId'])
    const type = textOf(link['TxnType'])
    return id === undefined || type === undefined ? [] : [{ id, type }]
  })
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** Milliseconds of an Intuit date (`2024-05-06`, midnight UTC) or date-time with offset; undefined when absent or unreadable. */
export function parseQuickbooksDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const ms = DATE_ONLY.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** A reference's id (`{ value, name }`), when it has one. */
export function refId(ref: unknown): string | undefined {
  return isObject(ref) ? textOf(ref['value']) : undefined
}

export function refName(ref: unknown): string | undefined {
  return isObject(ref) ? textOf(ref['name']) : undefined
}

/** The last updated time every entity carries in MetaData. */
export function lastUpdatedOf(raw: Record<string, unknown>): number | undefined {
  const meta = raw['MetaData']
  return isObject(meta) ? parseQuickbooksDate(meta['LastUpdatedTime']) : undefined
}

/** A sum of amounts without binary floating point's tail (0.1 + 0.2): QuickBooks keeps amounts to 2 places, rates to more. */
export function addAmounts(a: number, b: number): number {
  return Math.round((a + b) * 10_000) / 10_000
}
