/**
 * @module How Linkway reads one data type from one platform: a pure description of the requests
 * (URL, headers, paging) and of how a response becomes records of the unified model. The sync
 * engine does the HTTP, the tokens, the retries and the storage; a data source never does I/O, so
 * each one is tested on recorded responses.
 */
import type { DataRecordOf, DataType } from '@linkway/contracts'

/** Where a data source resumes: what it needs to build the next request. Stored as JSON between pages, so a killed worker resumes. */
export type PageCursor = Readonly<Record<string, string | number>>

export interface SourceContext {
  /** The platform's API base for this connection, every placeholder filled, without a trailing slash (e.g. https://api.xero.com/api.xro/2.0). */
  baseUrl: string
  /** Connection.connectionInfo: what the callback and the tenant pick kept (Xero's tenantId, QuickBooks' realmId, Shopify's shop). */
  connectionInfo: Readonly<Record<string, unknown>>
  /** Only records changed since then, on an incremental sync; undefined means everything. */
  modifiedSince: Date | undefined
  /** The most records the engine wants per page; a platform with a smaller maximum uses its own. */
  pageSize: number
}

/**
 * A read: a GET, or a POST with a JSON body where the platform searches by POST (Square's orders). The engine
 * adds `Authorization: Bearer …` and `Accept: application/json` (and `Content-Type: application/json` with a body).
 */
export interface PlatformRequest {
  url: string
  headers: Readonly<Record<string, string>>
  /** GET when absent. */
  method?: 'GET' | 'POST'
  /** A POST's JSON body. */
  body?: unknown
}

export interface PlatformResponse {
  status: number
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>
  body: unknown
}

/** One record as stored: its id at the platform, when the platform last changed it, and the record in the unified model. */
export interface SourceRecord<K extends DataType> {
  id: string
  modifiedAt: Date | undefined
  data: DataRecordOf<K>
}

export interface PageOfRecords<K extends DataType> {
  records: Array<SourceRecord<K>>
  /** Undefined on the last page. */
  next: PageCursor | undefined
  /** How many records the whole sync will read, when the platform says (progress). */
  totalRecords?: number
  /**
   * Ids of records the platform says it deleted (QuickBooks' change data capture). The stored record is kept and
   * marked `metadata.isDeleted: true`, as the reference serves a deleted record; an id never stored is ignored.
   */
  deletedIds?: readonly string[]
}

export interface DataSource<K extends DataType> {
  dataType: K
  /** The request honours `modifiedSince`; otherwise every sync reads everything. */
  isIncremental: boolean
  /** The first request (cursor undefined) or the one a cursor points at. */
  request(context: SourceContext, cursor: PageCursor | undefined): PlatformRequest
  /** A 2xx response read into records and the next cursor. Throws DataSourceError when the body is not what the platform documents. */
  read(response: PlatformResponse, context: SourceContext, cursor: PageCursor | undefined): PageOfRecords<K>
  /**
   * Where the platform numbers its pages and says how many records there are: the cursor of the page
   * after `cursor`, known before that page is read, or undefined when `totalRecords` (the last count
   * the platform gave) ends the dataset first. The engine then asks for it while this page travels and
   * is read, so the platform has the next request waiting instead of idling while Linkway parses. Only
   * a page the count says exists is asked for, so no request is spent past the end while the count
   * holds; one that differs from the page's own `next` (the dataset changed meanwhile) is dropped. Absent where only a page
   * names the next (cursors, keysets).
   */
  pageAfter?(context: SourceContext, cursor: PageCursor | undefined, totalRecords: number): PageCursor | undefined
}

/** What one platform offers, by data type; a data type absent here is NotSupported for that platform. */
export type PlatformDataSources = { readonly [K in DataType]?: DataSource<K> }

/** A response body that does not have the documented shape: the sync ends in MapError with this message. */
export class DataSourceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataSourceError'
  }
}
