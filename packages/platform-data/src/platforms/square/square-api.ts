/**
 * @module What every Square read shares: the `Square-Version` header, `cursor` paging (the answer's
 * `cursor` asked for again with the same query), Square's money (`{ amount, currency }`, the amount in
 * the currency's smallest unit) and its RFC 3339 times.
 */
import { SQUARE_API_VERSION } from '@linkway/connectors'
import type { DataType } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type PlatformRequest, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'

/** Every call names the version its answers were checked at (see SQUARE_API_VERSION). */
export const SQUARE_HEADERS: Readonly<Record<string, string>> = { 'Square-Version': SQUARE_API_VERSION }

/**
 * The start of every payment read: Square's ListPayments reads only the year before `end_time` unless
 * `begin_time` says otherwise, and its payments API is younger than this.
 */
export const SQUARE_HISTORY_START = '2009-01-01T00:00:00Z'

/** A GET of `path` with its query, and the cursor when one is stored. */
export function requestSquarePage(context: SourceContext, path: string, query: Readonly<Record<string, string>>, cursor: PageCursor | undefined): PlatformRequest {
  const search = new URLSearchParams(query)
  const next = cursor?.['cursor']
  if (next !== undefined) {
    if (typeof next !== 'string' || next === '') throw new DataSourceError(`The stored Square cursor ${JSON.stringify(cursor)} is not a cursor.`)
    search.set('cursor', next)
  }
  const text = search.toString()
  return { url: `${context.baseUrl}${path}${text === '' ? '' : `?${text}`}`, headers: SQUARE_HEADERS }
}

/**
 * ListLocations, the first request of a read that goes location by location (SearchOrders must name its locations;
 * ListPayments answers one location a call). It has no paging: every location comes at once.
 */
export function requestSquareLocations(context: SourceContext): PlatformRequest {
  return { url: `${context.baseUrl}/v2/locations`, headers: SQUARE_HEADERS }
}

/** The ids of ListLocations' answer, as a cursor's `locations` (comma-separated), or undefined when the seller has none. */
export function squareLocationsCursor(body: unknown): PageCursor | undefined {
  const ids = squareListItems(body, 'locations').map((location, index) => requireSquareId(location, 'locations', index))
  return ids.length === 0 ? undefined : { locations: ids.join(',') }
}

/** The cursor's locations: those read now and those after them. */
export function locationIdsOf(cursor: PageCursor): string[] {
  const ids = cursor['locations']
  if (typeof ids !== 'string' || ids === '') throw new DataSourceError(`The stored Square cursor ${JSON.stringify(cursor)} names no locations.`)
  return ids.split(',')
}

/** The answer's `cursor` as the next page's, or undefined on the last page. */
export function nextSquarePage(body: unknown): PageCursor | undefined {
  const cursor = isObject(body) ? body['cursor'] : undefined
  return typeof cursor === 'string' && cursor !== '' ? { cursor } : undefined
}

/**
 * The objects of the answer's `listName` array. Square leaves the array out of an empty answer (`{}`),
 * so an absent one is no records; anything else there is an error.
 */
export function squareListItems(body: unknown, listName: string): Array<Record<string, unknown>> {
  if (!isObject(body)) throw new DataSourceError(`Square's answer is not an object.`)
  const items = body[listName]
  if (items === undefined) return []
  if (!Array.isArray(items)) throw new DataSourceError(`Square's ${listName} is not an array.`)
  return items.map((item, index) => {
    if (!isObject(item)) throw new DataSourceError(`Square's ${listName}[${index}] is not an object.`)
    return item
  })
}

/** A record's id, which every Square object has; throws naming the list and position without it. */
export function requireSquareId(item: Record<string, unknown>, listName: string, index: number): string {
  const id = textOf(item['id'])
  if (id === undefined) throw new DataSourceError(`Square's ${listName}[${index}] has no id.`)
  return id
}

const fractionDigits = new Map<string, number>()

/** How many decimals a currency has (2 for GBP, 0 for JPY), as ISO 4217 says; 2 for a code it does not know. */
function decimalsOf(currency: string): number {
  let digits = fractionDigits.get(currency)
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    } catch {
      digits = 2
    }
    fractionDigits.set(currency, digits)
  }
  return digits
}

/** Square's Money as the unified model's amount (154.14 for `{ amount: 15414, currency: 'GBP' }`) and its currency. */
export function moneyOf(value: unknown): { amount: number; currency: string | undefined } | undefined {
  if (!isObject(value) || typeof value['amount'] !== 'number' || !Number.isSafeInteger(value['amount'])) return undefined
  const currency = textOf(value['currency'])
  const digits = currency === undefined ? 2 : decimalsOf(currency)
  return { amount: value['amount'] / 10 ** digits, currency }
}

/** The amount of a Money, or undefined. */
export function amountOf(value: unknown): number | undefined {
  return moneyOf(value)?.amount
}

/** Milliseconds of an RFC 3339 time; undefined when absent or unreadable. */
export function parseSquareDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** The unified model's instant of a Square time, or undefined. */
export function squareDateTime(value: unknown): string | undefined {
  const ms = parseSquareDate(value)
  return ms === undefined ? undefined : isoDateTime(ms)
}

/** The record's `modifiedDate` and `sourceModifiedDate`, both Square's `updated_at`, and the engine's modifiedAt. */
export function changedAt(value: unknown): { modifiedAt: Date | undefined; dates: { modifiedDate?: string; sourceModifiedDate?: string } } {
  const ms = parseSquareDate(value)
  if (ms === undefined) return { modifiedAt: undefined, dates: {} }
  const at = isoDateTime(ms)
  return { modifiedAt: new Date(ms), dates: { modifiedDate: at, sourceModifiedDate: at } }
}

/** One paged Square GET list: its path, fixed query, the query an incremental read adds, and how a page becomes records. */
export interface SquareList<K extends DataType> {
  dataType: K
  path: string
  listName: string
  query?: (context: SourceContext) => Record<string, string>
  /** The parameters that narrow the list to what changed since a time; absent, every sync reads everything. */
  modifiedSinceQuery?: (since: string) => Record<string, string>
  readPage(items: ReadonlyArray<Record<string, unknown>>): Array<SourceRecord<K>>
}

/** A data source over one paged Square GET list. */
export function squareListSource<K extends DataType>(list: SquareList<K>): DataSource<K> {
  return {
    dataType: list.dataType,
    isIncremental: list.modifiedSinceQuery !== undefined,
    request(context, cursor) {
      const since = context.modifiedSince === undefined || list.modifiedSinceQuery === undefined ? {} : list.modifiedSinceQuery(isoDateTime(context.modifiedSince.getTime()))
      return requestSquarePage(context, list.path, { ...list.query?.(context), ...since }, cursor)
    },
    read(response) {
      return { records: list.readPage(squareListItems(response.body, list.listName)), next: nextSquarePage(response.body) }
    },
  }
}

/** Square's most records a page (100 for SearchCustomers, ListPayments and ListPaymentRefunds), or the engine's page size when smaller. */
export function squareLimit(context: SourceContext, max: number): string {
  return String(Math.max(1, Math.min(context.pageSize, max)))
}
