/**
 * @module What every Xero Accounting API read shares: the organisation header, `If-Modified-Since`,
 * paging by page number, the envelope check, and Xero's `/Date(1518685950940+0000)/` instants.
 */
import type { DataType } from '@linkway/contracts'
import { DataSourceError, type PageCursor, type PageOfRecords, type PlatformRequest, type PlatformResponse, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, parseUtcDate } from '../../json-fields.js'

/** The page Xero documents for every paged endpoint; also what it returns when `pageSize` is not honoured. */
const XERO_DOCUMENTED_PAGE_SIZE = 100
/** The largest `pageSize` Xero accepts. */
const XERO_MAX_PAGE_SIZE = 1000

/** Where a paged read stands. The page size travels with the page number: page N means nothing without it. */
interface XeroPage {
  page: number
  pageSize: number
}

/** The headers of every call: the organisation, and on an incremental read the lower bound. */
export function xeroHeaders(context: SourceContext): Record<string, string> {
  const tenantId = context.connectionInfo['tenantId']
  if (typeof tenantId !== 'string' || tenantId === '') {
    throw new DataSourceError('The Xero connection has no tenantId: the organisation was never picked, so Xero cannot be asked for its data.')
  }
  const headers: Record<string, string> = { 'xero-tenant-id': tenantId }
  // Xero documents a UTC timestamp, yyyy-mm-ddThh:mm:ss; sent with its zone (as Xero's own SDK sends it, ISO 8601
  // with Z), so no server can read it as its local time. Whole seconds: Xero's bound has no finer grain.
  if (context.modifiedSince !== undefined) headers['if-modified-since'] = isoDateTime(context.modifiedSince.getTime())
  return headers
}

/** GET {path}?page=N&pageSize=M&…: the first page when the cursor is undefined, else the page it names. */
export function requestXeroPage(context: SourceContext, path: string, filters: Readonly<Record<string, string>>, cursor: PageCursor | undefined): PlatformRequest {
  const { page, pageSize } = xeroPageOf(context, cursor)
  const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize), ...filters })
  return { url: `${context.baseUrl}/${path}?${query}`, headers: xeroHeaders(context) }
}

function xeroPageOf(context: SourceContext, cursor: PageCursor | undefined): XeroPage {
  if (cursor === undefined) return { page: 1, pageSize: Math.max(1, Math.min(context.pageSize, XERO_MAX_PAGE_SIZE)) }
  const { page, pageSize } = cursor
  if (typeof page !== 'number' || !Number.isSafeInteger(page) || page < 1 || typeof pageSize !== 'number' || !Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new DataSourceError(`The stored Xero cursor ${JSON.stringify(cursor)} is not { page, pageSize } with whole numbers from 1.`)
  }
  return { page, pageSize }
}

/** The list in a Xero answer, and Xero's paging summary when it sent one. */
export interface XeroList {
  items: readonly unknown[]
  pageCount: number | undefined
  itemCount: number | undefined
}

/** Reads `{ [listName]: [...], pagination?: { pageCount, itemCount } }`; anything else is not Xero's documented answer. */
export function readXeroList(body: unknown, listName: string): XeroList {
  const items = isObject(body) ? body[listName] : undefined
  if (!Array.isArray(items)) throw new DataSourceError(`Xero's answer has no ${listName} array.`)
  const pagination = isObject(body) && isObject(body['pagination']) ? body['pagination'] : undefined
  const pageCount = pagination?.['pageCount']
  const itemCount = pagination?.['itemCount']
  return {
    items,
    pageCount: typeof pageCount === 'number' ? pageCount : undefined,
    itemCount: typeof itemCount === 'number' ? itemCount : undefined,
  }
}

/**
 * The page after this one, or undefined on the last. Xero's paging summary decides when it came;
 * without it a page is full at 100 records even when a larger pageSize was asked for, because a
 * Xero that ignores pageSize pages by 100: one empty page at worst, never a page skipped.
 */
export function nextXeroPage(context: SourceContext, cursor: PageCursor | undefined, list: XeroList): PageCursor | undefined {
  const { page, pageSize } = xeroPageOf(context, cursor)
  const hasMore = list.pageCount !== undefined ? page < list.pageCount : list.items.length >= Math.min(pageSize, XERO_DOCUMENTED_PAGE_SIZE)
  return hasMore ? { page: page + 1, pageSize } : undefined
}

/**
 * DataSource.pageAfter for Xero's numbered pages: the page after `cursor` while Xero's item count (its
 * `pagination.itemCount`, of the list as filtered) says there is one. A Xero that pages by 100 whatever
 * pageSize asked is only read ahead less: the page's own `next` still decides.
 */
export function xeroPageAfter(context: SourceContext, cursor: PageCursor | undefined, totalRecords: number): PageCursor | undefined {
  const { page, pageSize } = xeroPageOf(context, cursor)
  return page * pageSize < totalRecords ? { page: page + 1, pageSize } : undefined
}

/**
 * One page of a paged Xero list read item by item: `readItem` maps an item (its index names it in
 * errors), or answers undefined for one to leave out, such as another Type a `where` filter should
 * have kept out (that holds if a Xero ignores the filter).
 */
export function readXeroPage<K extends DataType>(
  response: PlatformResponse,
  context: SourceContext,
  cursor: PageCursor | undefined,
  listName: string,
  readItem: (raw: unknown, index: number) => SourceRecord<K> | undefined,
): PageOfRecords<K> {
  const list = readXeroList(response.body, listName)
  const records: Array<SourceRecord<K>> = []
  for (let index = 0; index < list.items.length; index++) {
    const record = readItem(list.items[index], index)
    if (record !== undefined) records.push(record)
  }
  return { records, next: nextXeroPage(context, cursor, list), ...(list.itemCount !== undefined ? { totalRecords: list.itemCount } : {}) }
}

const XERO_JSON_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/

/**
 * Milliseconds since the epoch of a Xero instant. Xero's JSON writes them as `/Date(ms+0000)/`,
 * where the milliseconds are already UTC and the offset only says how the organisation saw it;
 * an ISO 8601 string (some newer fields) is read too. Undefined when absent or unreadable.
 */
export function parseXeroDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const match = XERO_JSON_DATE.exec(value)
  if (match !== null) return Number(match[1])
  // Xero's ISO times are UTC, often without a zone.
  return parseUtcDate(value)
}

/**
 * Xero's CurrencyRate is foreign units per unit of the organisation's currency (1 GBP = 1.2689 USD);
 * the unified model's is the other way round, base = foreign × rate, to at most 9 decimal places.
 */
export function unifiedCurrencyRate(xeroRate: unknown): number | undefined {
  if (typeof xeroRate !== 'number' || !(xeroRate > 0)) return undefined
  return Math.round(1e9 / xeroRate) / 1e9
}

/** A sum of two amounts without binary floating point's tail (10.1 + 2.02 is 12.120000000000001): 4 decimal places is the most Xero keeps. */
export function addAmounts(a: number, b: number): number {
  return Math.round((a + b) * 10_000) / 10_000
}
