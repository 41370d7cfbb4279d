/**
 * @module What every Shopify Admin REST list read shares: cursor paging through the `link`
 * header's rel="next" page_info, and Shopify's money, written as decimal strings ("154.14").
 */
import { DataSourceError, type PageCursor, type PlatformRequest, type SourceContext } from '../../data-source.js'
import { isoDateTime, textOf } from '../../json-fields.js'

/** The most records one page of a Shopify list returns. */
const SHOPIFY_MAX_LIMIT = 250

/**
 * The first page with its filters (and `updated_at_min` on an incremental read), or the page a
 * cursor names. A page_info carries the first request's filters and sort, and Shopify refuses any
 * other parameter beside it but `limit`.
 */
export function requestShopifyPage(context: SourceContext, resource: string, filters: Readonly<Record<string, string>>, cursor: PageCursor | undefined): PlatformRequest {
  const limit = String(Math.max(1, Math.min(context.pageSize, SHOPIFY_MAX_LIMIT)))
  if (cursor === undefined) {
    const query = new URLSearchParams({ ...filters, limit })
    if (context.modifiedSince !== undefined) query.set('updated_at_min', isoDateTime(context.modifiedSince.getTime()))
    return { url: `${context.baseUrl}/${resource}.json?${query}`, headers: {} }
  }
  const { pageInfo } = cursor
  if (typeof pageInfo !== 'string' || pageInfo === '') throw new DataSourceError(`The stored Shopify cursor ${JSON.stringify(cursor)} has no pageInfo.`)
  return { url: `${context.baseUrl}/${resource}.json?${new URLSearchParams({ limit, page_info: pageInfo })}`, headers: {} }
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
