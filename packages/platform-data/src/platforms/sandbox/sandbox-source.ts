/**
 * @module The two shapes every sandbox dataset comes in: a paged list (`{ items, page, pageSize, totalItems,
 * hasMore }`, filtered by `modifiedSince`) and a single object (the company). One factory each; the datasets
 * differ only in their name and their mapping to the unified model.
 */
import type { DataRecordOf, DataType } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject } from '../../json-fields.js'
import type { SandboxItem, SandboxPage } from './sandbox-records.js'

/** The sandbox data API refuses a larger page. */
export const SANDBOX_MAX_PAGE_SIZE = 1000

/** Turns one sandbox record into the unified model. Pure: it runs once per record, so it does no parsing. */
export type SandboxMapping<K extends DataType, Item extends SandboxItem> = (item: Item) => DataRecordOf<K>

/**
 * A paged sandbox dataset. The cursor is `{ page, pageSize }`; the next one exists while the platform says `hasMore`.
 * Pages are numbered, so the one after is known before a page is read (`pageAfter`).
 *
 * @example
 * const invoices = sandboxListSource('invoices', 'invoices', mapInvoice)
 * invoices.request({ baseUrl, connectionInfo: {}, modifiedSince: undefined, pageSize: 500 }, undefined).url
 * // → `${baseUrl}/invoices?page=1&pageSize=500`
 */
export function sandboxListSource<K extends DataType, Item extends SandboxItem>(dataType: K, dataset: string, mapItem: SandboxMapping<K, Item>): DataSource<K> {
  return {
    dataType,
    isIncremental: true,
    request(context, cursor) {
      const { page, pageSize } = positionOf(cursor, context)
      const since = context.modifiedSince === undefined ? '' : `&modifiedSince=${encodeURIComponent(context.modifiedSince.toISOString())}`
      return { url: `${context.baseUrl}/${dataset}?page=${page}&pageSize=${pageSize}${since}`, headers: {} }
    },
    read(response) {
      const body = response.body
      if (!isSandboxPage(body)) throw new DataSourceError(`The sandbox answered ${dataset} without its paged envelope ({ items, page, pageSize, totalItems, hasMore }).`)
      const items = body.items
      const records = new Array<SourceRecord<K>>(items.length)
      for (let index = 0; index < items.length; index++) records[index] = toSourceRecord(items[index], dataset, index, mapItem)
      return { records, next: body.hasMore ? { page: body.page + 1, pageSize: body.pageSize } : undefined, totalRecords: body.totalItems }
    },
    pageAfter(context, cursor, totalRecords) {
      const { page, pageSize } = positionOf(cursor, context)
      return page * pageSize < totalRecords ? { page: page + 1, pageSize } : undefined
    },
  }
}

/** A sandbox dataset of one object. It has no `modifiedSince`, so every sync reads it again. */
export function sandboxSingleSource<K extends DataType, Item extends SandboxItem>(dataType: K, dataset: string, mapItem: SandboxMapping<K, Item>): DataSource<K> {
  return {
    dataType,
    isIncremental: false,
    request(context: SourceContext) {
      return { url: `${context.baseUrl}/${dataset}`, headers: {} }
    },
    read(response) {
      return { records: [toSourceRecord(response.body, dataset, 0, mapItem)], next: undefined, totalRecords: 1 }
    },
  }
}

/**
 * The page a cursor points at, at the page size the sync started with: pages are offsets, so a resumed sync that
 * changed its size would skip or repeat records.
 */
function positionOf(cursor: PageCursor | undefined, context: SourceContext): { page: number; pageSize: number } {
  const page = cursor?.['page']
  const pageSize = cursor?.['pageSize']
  return {
    page: isWholeNumber(page) ? page : 1,
    pageSize: isWholeNumber(pageSize) ? pageSize : Math.min(context.pageSize, SANDBOX_MAX_PAGE_SIZE),
  }
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1
}

function isSandboxPage(body: unknown): body is SandboxPage {
  if (!isObject(body)) return false
  const page = body as Partial<SandboxPage>
  return Array.isArray(page.items) && isWholeNumber(page.page) && isWholeNumber(page.pageSize) && typeof page.totalItems === 'number' && typeof page.hasMore === 'boolean'
}

function toSourceRecord<K extends DataType, Item extends SandboxItem>(item: unknown, dataset: string, index: number, mapItem: SandboxMapping<K, Item>): SourceRecord<K> {
  // Only what every record must have is checked: the rest is the documented shape, and checking it field by
  // field would cost more than the mapping itself at 100k records a sync.
  if (typeof item !== 'object' || item === null) throw new DataSourceError(`The sandbox's ${dataset} item ${index} is not an object.`)
  const { id, modifiedDate } = item as Partial<SandboxItem>
  if (typeof id !== 'string' || typeof modifiedDate !== 'string') throw new DataSourceError(`The sandbox's ${dataset} item ${index} has no id or modifiedDate.`)
  let data: DataRecordOf<K>
  try {
    data = mapItem(item as Item)
  } catch (error) {
    // A record missing a nested part the mapping reads (a TypeError) is a body not as documented.
    if (error instanceof TypeError) throw new DataSourceError(`The sandbox's ${dataset} item ${id} is not as documented: ${error.message}`)
    throw error
  }
  const modifiedAt = new Date(modifiedDate)
  return { id, modifiedAt: Number.isNaN(modifiedAt.getTime()) ? undefined : modifiedAt, data }
}

/**
 * A financial statement's sync on the sandbox. Linkway builds statements when they are read, from the chart of
 * accounts and journal it has stored (docs/data.md, "Financial statements"), so this stores nothing: it asks for
 * one journal entry, which proves the platform still serves its ledger to this connection, and its dataset
 * then says whether the statement is offered here (a platform without such a source records NotSupported).
 */
export function sandboxLedgerStatementSource<K extends DataType>(dataType: K): DataSource<K> {
  return {
    dataType,
    isIncremental: false,
    request(context: SourceContext) {
      return { url: `${context.baseUrl}/journalEntries?page=1&pageSize=1`, headers: {} }
    },
    read(response) {
      if (!isSandboxPage(response.body)) throw new DataSourceError('The sandbox answered journalEntries without its paged envelope ({ items, page, pageSize, totalItems, hasMore }).')
      return { records: [], next: undefined, totalRecords: 0 }
    },
  }
}
