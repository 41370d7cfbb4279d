/**
 * @module What every Shopify Admin REST list read shares: cursor paging through the `link`
 * header's rel="next" page_info, and Shopify's money, written as decimal strings ("154.14").
 */
import type { DataType } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type PlatformRequest, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'

/** The most records one page of a Shopify list returns. */
const SHOPIFY_MAX_LIMIT = 250

/**
 * How a resource narrows to what changed since a time: most by `updated_at_min`; a resource whose
 * records never change once made (tender transactions) by when they were processed.
 */
export type ModifiedSinceFilter = 'updated_at_min' | 'processed_at_min'

/**
 * The first page with its filters (and `updated_at_min` on an incremental read), or the page a
 * cursor names. A page_info carries the first request's filters and sort, and Shopify refuses any
 * other parameter beside it but `limit` and `fields`.
 */
export function requestShopifyPage(
  context: SourceContext,
  resource: string,
  filters: Readonly<Record<string, string>>,
  cursor: PageCursor | undefined,
  modifiedSinceFilter: ModifiedSinceFilter = 'updated_at_min',
): PlatformRequest {
  const limit = String(Math.max(1, Math.min(context.pageSize, SHOPIFY_MAX_LIMIT)))
  if (cursor === undefined) {
    const query = new URLSearchParams({ ...filters, limit })
    if (context.modifiedSince !== undefined) query.set(modifiedSinceFilter, isoDateTime(context.modifiedSince.getTime()))
    return { url: `${context.baseUrl}/${resource}.json?${query}`, headers: {} }
  }
  const { pageInfo } = cursor
  if (typeof pageInfo !== 'string' || pageInfo === '') throw new DataSourceError(`The stored Shopify cursor ${JSON.stringify(cursor)} has no pageInfo.`)
  // `fields` is the one filter a page_info does not carry: each page asks for it again.
  const fields = filters['fields']
  return { url: `${context.baseUrl}/${resource}.json?${new URLSearchParams({ limit, page_info: pageInfo, ...(fields === undefined ? {} : { fields }) })}`, headers: {} }
}

/** `<…?limit=250&page_info=abc>; rel="next"`, possibly after a rel="previous" link. */
const NEXT_LINK = /<([^>]+)>\s*;\s*rel="?next"?/

/** The next page's cursor from the `link` header, or undefined on the last page (no rel="next"). */
export function nextShopifyPage(headers: Readonly<Record<string, string>>): PageCursor | undefined {
  const link = headers['link']
  if (link === undefined) return undefined
  const next = NEXT_LINK.exec(link)?.[1]
  if (next === undefined) return undefined
  let pageInfo: string | null
  try {
    pageInfo = new URL(next).searchParams.get('page_info')
  } catch {
    pageInfo = null
  }
  if (pageInfo === null || pageInfo === '') throw new DataSourceError(`Shopify's next-page link has no page_info: ${next}`)
  return { pageInfo }
}

/** Shopify's money: a decimal string. Undefined when absent or not a number. */
export function moneyOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const amount = Number(value)
  return Number.isFinite(amount) ? amount : undefined
}

/** Sums and products of amounts without binary floating point's tail (3 × 0.1 is 0.30000000000000004). */
export function roundAmount(amount: number): number {
  return Math.round(amount * 10_000) / 10_000
}

/** Milliseconds of an ISO 8601 date-time with offset, as Shopify writes them; undefined when absent or unreadable. */
export function parseShopifyDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** Shopify's ids are 64-bit integers in JSON; the unified model's are strings. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return textOf(value)
}

/** What one Shopify list read is: where its records are, and how a page of them becomes records. */
export interface ShopifyList<K extends DataType> {
  dataType: K
  /** The path under the API base without `.json`, e.g. `customers` or `shopify_payments/disputes`. */
  resource: string
  /** The answer's array, e.g. `customers`, `disputes`. */
  listName: string
  filters?: Readonly<Record<string, string>>
  /** The filter an incremental read narrows by; absent, every sync reads everything (the resource has none). */
  modifiedSinceFilter?: ModifiedSinceFilter
  /** A page's objects (each checked to be one) as records: none, one or several per object. */
  readPage(items: ReadonlyArray<Record<string, unknown>>): Array<SourceRecord<K>>
}

/** A data source over one paged Shopify list: the request, the cursor and the shape checks every list shares. */
export function shopifyListSource<K extends DataType>(list: ShopifyList<K>): DataSource<K> {
  const filters = list.filters ?? {}
  return {
    dataType: list.dataType,
    isIncremental: list.modifiedSinceFilter !== undefined,
    request: (context, cursor) => requestShopifyPage(context, list.resource, filters, cursor, list.modifiedSinceFilter),
    read(response) {
      return { records: list.readPage(shopifyListItems(response.body, list.listName)), next: nextShopifyPage(response.headers) }
    },
  }
}

/** The objects of the answer's `listName` array; throws when the answer has none or holds something else. */
export function shopifyListItems(body: unknown, listName: string): Array<Record<string, unknown>> {
  const items = isObject(body) ? body[listName] : undefined
  if (!Array.isArray(items)) throw new DataSourceError(`Shopify's answer has no ${listName} array.`)
  return items.map((item, index) => {
    if (!isObject(item)) throw new DataSourceError(`Shopify's ${listName}[${index}] is not an object.`)
    return item
  })
}

/** A record's id, which every Shopify resource has; throws naming the list and position without it. */
export function requireId(item: Record<string, unknown>, listName: string, index: number): string {
  const id = idOf(item['id'])
  if (id === undefined) throw new DataSourceError(`Shopify's ${listName}[${index}] has no id.`)
  return id
}

/** The unified model's instant of a Shopify date-time, or undefined when absent or unreadable. */
export function shopifyDateTime(value: unknown): string | undefined {
  const ms = parseShopifyDate(value)
  return ms === undefined ? undefined : isoDateTime(ms)
}

/** The record's `modifiedDate` and `sourceModifiedDate`, both Shopify's change time, and the engine's modifiedAt. */
export function changedAt(value: unknown): { modifiedAt: Date | undefined; dates: { modifiedDate?: string; sourceModifiedDate?: string } } {
  return changedAtMs(parseShopifyDate(value))
}

/** changedAt of a time already read (milliseconds), or of none. */
export function changedAtMs(ms: number | undefined): ReturnType<typeof changedAt> {
  if (ms === undefined) return { modifiedAt: undefined, dates: {} }
  const at = isoDateTime(ms)
  return { modifiedAt: new Date(ms), dates: { modifiedDate: at, sourceModifiedDate: at } }
}
