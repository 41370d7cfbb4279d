/**
 * @module The sync engine: one dataset, read page by page from the platform into data_records.
 * Each page's records and the cursor after it commit together, so a worker killed mid-sync loses
 * at most the pages in flight (two, where pages are read ahead), and the worker that takes over (after the lease lapses) starts from
 * the cursor; rewriting a page changes nothing, so nothing is duplicated. The next page is fetched
 * while the current one is stored; where the platform numbers its pages, the one after that is asked
 * for as soon as the current one is (`DataSource.pageAfter`). No more than three pages are ever
 * held: memory stays flat.
 */
import { isDataType, RUNNING_STATUSES, type CompanyReference, type DataType } from '@linkway/contracts'
import { fillUrlTemplate } from '@linkway/connectors'
import type { Database, JobSender, Tables } from '@linkway/db'
import { PlatformAuthError } from '@linkway/oauth'
import { DataSourceError, type DataSource, type PageCursor, type PageOfRecords, type PlatformCatalogue, type SourceContext } from '@linkway/platform-data'
import type { Transaction } from 'kysely'
import { silentLogger, type Clock, type IdGenerator, type Logger } from '../../app-deps.js'
import type { CompaniesService } from '../companies/index.js'
import { AccessTokenRejectedError, type CompanyReferenceRow, type ConnectionRow, type ConnectionsService, type TokenVault } from '../connections/index.js'
import { emitEvent } from '../webhooks/index.js'
import { getPlatformPage, PageReadError } from './platform-pages.js'
import * as repo from './repo.js'
import { sendDatasetJob, type SyncDatasetJob } from './sync-jobs.js'

/** How long a worker holds a dataset without writing a page; after that another may take it over. */
export const DATASET_LEASE_MS = 120_000
/** Records asked for per page (platforms with a smaller maximum use theirs). */
export const DEFAULT_PAGE_SIZE = 1000
/** Times a dataset is started again (after a crash or a platform outage) before it ends in error. */
export const MAX_DATASET_ATTEMPTS = 5
/** Waits before retrying a failed page in place: a blip is absorbed without giving the dataset back. */
const PAGE_RETRY_DELAYS_MS = [500, 2_000, 5_000]
/** A Retry-After up to this is waited out in place; a longer one pauses the dataset and frees the worker. */
const WAIT_IN_PLACE_MAX_SECONDS = 5
/** A platform that asks for more than a day is not coming back soon: RateLimitError. */
const RATE_LIMIT_GIVE_UP_SECONDS = 24 * 3600
/** Between attempts after an outage: 30 s, 1, 2, 4 minutes. */
const ATTEMPT_BACKOFF_MS = 30_000

export interface DatasetRunnerDeps {
  database: Database
  clock: Clock
  ids: IdGenerator
  catalogue: PlatformCatalogue
  vault: TokenVault
  /** The company as events show it. */
  companyReference(company: CompanyReferenceRow): CompanyReference
  /** The connections module: the connection read (and held against deletion while a page is written), marked synced, or deauthorized when the platform refuses a freshly refreshed token. */
  connections: Pick<ConnectionsService, 'findById' | 'findHeldUntilCommit' | 'markSynced' | 'deauthorize'>
  companies: Pick<CompaniesService, 'findReference'>
  /** `sync.dataset`: a paused or abandoned dataset is queued again. */
  jobs: { syncDataset: JobSender<SyncDatasetJob> }
  pageSize?: number
  sleep?: (ms: number) => Promise<void>
  logger?: Logger
}

/** A page is kept while its connection is in one of these; Unlinked (or deleted) rolls it back. */
const SYNCABLE_STATUSES = new Set(['Linked', 'Deauthorized'])

/** The dataset is no longer this worker's: taken over, deleted with its connection, or the connection stopped being Linked. */
class DatasetLostError extends Error {}

/** A page asked for and not yet stored: where it was asked from, its read, and whether that failed. */
interface PageInFlight {
  cursor: PageCursor | undefined
  page: Promise<PageOfRecords<DataType>>
  hasFailed: boolean
}

/** What a dataset's reads share: the platform's last short Retry-After, waited out by each before its next request; and whether the dataset is done with them. */
interface ReadsOfDataset {
  rateLimitedUntil: Promise<void>
  isStopped: boolean
}

/** A read the dataset no longer needs, stopped before its next request. Never awaited: only a dropped read throws it. */
class ReadDroppedError extends Error {}

/** Cursors are small flat objects; two are the same page when every field is. */
function isSameCursor(a: PageCursor | undefined, b: PageCursor): boolean {
  if (a === undefined) return false
  const keys = Object.keys(b)
  return Object.keys(a).length === keys.length && keys.every((key) => a[key] === b[key])
}

type Outcome =
  | { kind: 'complete' }
  | { kind: 'failed'; status: 'FetchError' | 'MapError' | 'InternalError' | 'AuthError' | 'RateLimitError' | 'PermissionsError' | 'NotSupported' | 'Cancelled'; message: string }
  | { kind: 'paused'; until: Date; reason: string; countsAsAttempt: boolean }

export function createDatasetRunner(deps: DatasetRunnerDeps) {
  const { database, clock, ids, catalogue, vault } = deps
  const db = database.db
  const pageSize = deps.pageSize ?? DEFAULT_PAGE_SIZE
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const logger = deps.logger ?? silentLogger

  function leaseUntil(): Date {
    return new Date(clock.now().getTime() + DATASET_LEASE_MS)
  }

  function contextOf(connection: ConnectionRow, baseTemplate: string, modifiedSince: Date | null): SourceContext {
    // The base may need a connection's values ({shop}, {realmId}); they come from connectionInfo.
    const values: Record<string, string> = {}
    for (const [name, value] of Object.entries(connection.connection_info)) if (typeof value === 'string') values[name] = value
    return { baseUrl: fillUrlTemplate(baseTemplate, values).replace(/\/+$/, ''), connectionInfo: connection.connection_info, modifiedSince: modifiedSince ?? undefined, pageSize }
  }

  /**
   * One page, with the token refreshed as needed, a blip retried in place and a short Retry-After
   * waited out, by every read of the dataset (`reads`). `api`: the platform's token header and its
   * `allowPlainHttp` (the catalogue's, for a sandbox or an emulation).
   */
  async function readPage<K extends DataType>(
    connectionId: string,
    api: { apiTokenHeader?: string; allowPlainHttp?: boolean },
    source: DataSource<K>,
    context: SourceContext,
    cursor: PageCursor | undefined,
    reads: ReadsOfDataset,
  ): Promise<PageOfRecords<K>> {
    const request = source.request(context, cursor)
    for (let attempt = 0; ; attempt++) {
      await reads.rateLimitedUntil
      if (reads.isStopped) throw new ReadDroppedError()
      try {
        const response = await vault.withAccessToken(connectionId, (token) => getPlatformPage(request, { value: token, header: api.apiTokenHeader }, clock.now(), { allowPlainHttp: api.allowPlainHttp }))
        return source.read(response, context, cursor)
      } catch (error) {
        const isBlip = error instanceof PageReadError && error.kind === 'transient'
        const isShortWait = error instanceof PageReadError && error.kind === 'rate_limited' && (error.retryAfterSeconds ?? 1) <= WAIT_IN_PLACE_MAX_SECONDS
        const isRefreshBlip = error instanceof PlatformAuthError && error.isTransient
        if (attempt >= PAGE_RETRY_DELAYS_MS.length || !(isBlip || isShortWait || isRefreshBlip)) throw error
        const delay = isShortWait ? ((error as PageReadError).retryAfterSeconds ?? 1) * 1000 : PAGE_RETRY_DELAYS_MS[attempt]!
        const waited = sleep(delay)
        // The platform asked to wait: the dataset's other read waits too, rather than ask meanwhile.
        if (isShortWait) reads.rateLimitedUntil = waited
        await waited
      }
    }
  }

  function progressOf(read: number, total: number | undefined, pages: number): number {
    if (total !== undefined && total > 0) return Math.min(99, Math.floor((read / total) * 100))
    return Math.min(90, pages * 10)
  }

  /**
   * Writes one page and the cursor after it in one transaction. `storage.isFresh`: nothing is
   * stored yet for this connection and data type, so the page is inserted, not upserted; a record
   * that is there after all (a platform repeating one) fails the insert, and the page is written
   * again as an upsert, as is every later page of the dataset.
   */
  async function storePage(dataset: repo.DatasetRow, owner: string, page: PageOfRecords<DataType>, state: { read: number; pages: number; total: number | undefined }, storage: { isFresh: boolean }): Promise<void> {
    // A platform may repeat a record within a page; one statement cannot write a row twice.
    const byId = new Map<string, repo.StoredRecordRow>()
    for (const record of page.records) byId.set(record.id, { id: record.id, modifiedAt: record.modifiedAt ? record.modifiedAt.toISOString() : null, data: record.data })
    const records = [...byId.values()]
    const total = page.totalRecords ?? state.total
    const target = { connectionId: dataset.connection_id, dataType: dataset.data_type, clientId: dataset.client_id, companyId: dataset.company_id, datasetId: dataset.id }
    const write = (isInsert: boolean) =>
      db.transaction().execute(async (trx) => {
        // First, as a foreign key would: the connection cannot be deleted until this commits (and
        // a deletion under way is waited for). Unlinked stops the sync at once; a page read
        // before a revocation was noticed is still kept.
        const connection = await deps.connections.findHeldUntilCommit(trx, dataset.connection_id)
        if (!connection || !SYNCABLE_STATUSES.has(connection.status)) throw new DatasetLostError()
        const modified = await (isInsert ? repo.insertRecords : repo.upsertRecords)(trx, target, records)
        // What the platform says it deleted (QuickBooks' change data capture): kept, and marked so.
        const deleted = page.deletedIds === undefined ? 0 : await repo.markRecordsDeleted(trx, target, page.deletedIds)
        const isAdvanced = await repo.advanceDataset(trx, {
          datasetId: dataset.id,
          owner,
          cursor: page.next ?? null,
          read: records.length,
          modified: modified + deleted,
          totalRecords: total,
          progress: progressOf(state.read + records.length, total, state.pages + 1),
          leaseUntil: leaseUntil(),
        })
        if (!isAdvanced) throw new DatasetLostError()
      })
    if (!storage.isFresh) await write(false)
    else {
      try {
        await write(true)
      } catch (error) {
        if ((error as { code?: unknown }).code !== '23505') throw error
        storage.isFresh = false
        await write(false)
      }
    }
    state.read += records.length
    state.pages += 1
    state.total = total
  }

  /** Reads every page from the cursor on. Returns how the dataset ends (or pauses); throws only what nobody expected. */
  async function fetchAll(dataset: repo.DatasetRow, owner: string, connection: ConnectionRow): Promise<Outcome> {
    const dataType = dataset.data_type
    const platform = catalogue.get(connection.platform_key)
    if (!isDataType(dataType) || !platform?.canSync(dataType)) return { kind: 'failed', status: 'NotSupported', message: `${platform?.name ?? connection.platform_key} does not offer ${dataType}.` }
    // canSync found it (the union of every data type's source, widened for the generic page reader).
    const source = platform.dataSources[dataType] as DataSource<DataType>
    const context = contextOf(connection, platform.apiBaseUrl, dataset.modified_since)
    const state = { read: dataset.records_read, pages: 0, total: dataset.total_records ?? undefined }
    const storage = { isFresh: !(await repo.hasEarlierRecords(db, dataset)) }
    const isFirstPage = dataset.cursor === null
    let cursor: PageCursor | undefined = dataset.cursor ?? undefined
    const reads: ReadsOfDataset = { rateLimitedUntil: Promise.resolve(), isStopped: false }
    // A read started ahead of its turn; its failure is seen when it is awaited, or never when it is dropped.
    const startRead = (at: PageCursor | undefined): PageInFlight => {
      const inFlight: PageInFlight = { cursor: at, page: readPage(connection.id, platform, source, context, at, reads), hasFailed: false }
      inFlight.page.catch(() => {
        inFlight.hasFailed = true
      })
      return inFlight
    }
    try {
      let current: PageInFlight | undefined = startRead(cursor)
      while (current) {
        // Numbered pages, once the platform has said how many records there are: the one after is
        // asked for now, while this one travels and is read; not after this one has failed (a refusal,
        // a Retry-After longer than is waited out: the dataset stops or pauses).
        const after: PageCursor | undefined = source.pageAfter && state.total !== undefined && !current.hasFailed ? source.pageAfter(context, current.cursor, state.total) : undefined
        const ahead: PageInFlight | undefined = after ? startRead(after) : undefined
        const page: PageOfRecords<DataType> = await current.page
        // Otherwise the next page travels while this one is written.
        current = page.next === undefined ? undefined : ahead && isSameCursor(ahead.cursor, page.next) ? ahead : startRead(page.next)
        await storePage(dataset, owner, page, state, storage)
        cursor = page.next
      }
      return { kind: 'complete' }
    } catch (error) {
      return outcomeOfError(error, { isFirstPage: isFirstPage && cursor === undefined && state.pages === 0, connectionId: connection.id, attempts: dataset.attempts, dataType })
    } finally {
      // A read dropped on the way (the page after the last by a count that shrank, or one asked
      // beside a page that failed) makes no further request once the dataset is done with.
      reads.isStopped = true
    }
  }

  async function outcomeOfError(error: unknown, at: { isFirstPage: boolean; connectionId: string; attempts: number; dataType: string }): Promise<Outcome> {
    if (error instanceof DatasetLostError) throw error
    if (error instanceof PlatformAuthError && error.code === 'invalid_grant') {
      return { kind: 'failed', status: 'AuthError', message: 'The platform no longer accepts this connection’s authorization; the person must re-authorize it through the connection’s linkUrl.' }
    }
    if (error instanceof AccessTokenRejectedError) {
      // Refused even right after a refresh: the grant is gone at the platform.
      await deps.connections.deauthorize(at.connectionId)
      return { kind: 'failed', status: 'AuthError', message: 'The platform refused a freshly refreshed access token; the person must re-authorize the connection through its linkUrl.' }
    }
    if (error instanceof PlatformAuthError && error.code === 'invalid_id_token') {
      return { kind: 'failed', status: 'AuthError', message: `${error.message}. The tokens it came with were not used; the connection keeps its authorization and the next sync tries again.` }
    }
    if (error instanceof PlatformAuthError && error.code === 'invalid_client') {
      return { kind: 'failed', status: 'AuthError', message: 'The platform refused Linkway’s client credentials for this integration; check them under /integrations/{platformKey}/credentials.' }
    }
    if (error instanceof DataSourceError) return { kind: 'failed', status: 'MapError', message: error.message }
    if (error instanceof PageReadError) {
      if (error.kind === 'not_supported' && at.isFirstPage) return { kind: 'failed', status: 'NotSupported', message: `${error.message}: the platform does not offer ${at.dataType}.` }
      if (error.kind === 'forbidden') return { kind: 'failed', status: 'PermissionsError', message: error.message }
      if (error.kind === 'rate_limited') {
        const seconds = error.retryAfterSeconds ?? 60
        if (seconds > RATE_LIMIT_GIVE_UP_SECONDS) return { kind: 'failed', status: 'RateLimitError', message: `The platform asked Linkway to wait ${seconds} s before the next request.` }
        return { kind: 'paused', until: new Date(clock.now().getTime() + seconds * 1000), reason: 'rate limited by the platform', countsAsAttempt: false }
      }
      if (error.kind === 'transient') return retryLater(error.message, at.attempts)
      return { kind: 'failed', status: 'FetchError', message: error.message }
    }
    if (error instanceof PlatformAuthError && error.isTransient) return retryLater(error.message, at.attempts)
    throw error
  }

  function retryLater(message: string, attempts: number): Outcome {
    if (attempts + 1 >= MAX_DATASET_ATTEMPTS) return { kind: 'failed', status: 'FetchError', message: `${message} (gave up after ${MAX_DATASET_ATTEMPTS} attempts)` }
    return { kind: 'paused', until: new Date(clock.now().getTime() + ATTEMPT_BACKOFF_MS * 2 ** attempts), reason: message, countsAsAttempt: true }
  }

  /** Ends the dataset and, when it was the read's last, sends read.completed (and .initial), all in one transaction. */
  async function settle(dataset: repo.DatasetRow, owner: string | null, outcome: Exclude<Outcome, { kind: 'paused' }>): Promise<void> {
    const now = clock.now()
    await db.transaction().execute(async (trx) => {
      const settled = await repo.settleDataset(trx, dataset.id, owner, {
        status: outcome.kind === 'complete' ? 'Complete' : outcome.status,
        completed: now,
        errorMessage: outcome.kind === 'failed' && outcome.status !== 'NotSupported' && outcome.status !== 'Cancelled' ? outcome.message : null,
        statusDescription: outcome.kind === 'failed' && (outcome.status === 'NotSupported' || outcome.status === 'Cancelled') ? outcome.message : null,
        ...(outcome.kind === 'complete' || (outcome.kind === 'failed' && outcome.status === 'NotSupported') ? { progress: 100 } : {}),
      })
      if (!settled) return
      if (outcome.kind === 'complete') await deps.connections.markSynced(trx, { id: dataset.connection_id, company_id: dataset.company_id }, now)
      await finishReadIfLast(trx, settled)
    })
  }

  async function finishReadIfLast(trx: Transaction<Tables>, dataset: repo.DatasetRow): Promise<void> {
    const read = await repo.lockRead(trx, dataset.read_id)
    if (!read || read.completed) return
    const datasets = await repo.findReadDatasets(trx, dataset.read_id)
    if (datasets.some((row) => (RUNNING_STATUSES as readonly string[]).includes(row.status))) return
    const now = clock.now()
    await repo.completeRead(trx, dataset.read_id, now)
    const company = await deps.companies.findReference(dataset.client_id, dataset.company_id, trx)
    if (!company) return
    const since = datasets.map((row) => row.modified_since?.getTime()).filter((time): time is number => time !== undefined)
    const payload = {
      referenceCompany: deps.companyReference(company),
      ...(since.length > 0 ? { modifiedFromDate: new Date(Math.min(...since)).toISOString() } : {}),
      dataTypes: datasets.map((row) => ({ connectionId: row.connection_id, dataType: row.data_type, recordsModified: row.records_modified > 0, status: row.status })),
    }
    await emitEvent(trx, { clock, ids }, { clientId: dataset.client_id, eventType: 'read.completed', payload, companyTags: company.tags })
    if (read.is_initial) await emitEvent(trx, { clock, ids }, { clientId: dataset.client_id, eventType: 'read.completed.initial', payload, companyTags: company.tags })
  }

  async function pause(dataset: repo.DatasetRow, owner: string, outcome: Extract<Outcome, { kind: 'paused' }>): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const paused = await repo.settleDataset(trx, dataset.id, owner, { status: 'Queued', completed: null, statusDescription: `Paused until ${outcome.until.toISOString()} (${outcome.reason})` })
      if (!paused) return
      if (outcome.countsAsAttempt) await repo.countAttempt(trx, dataset.id)
      // A delay, not an instant: pg-boss compares with the database's clock, which may differ from ours.
      const delaySeconds = Math.max(1, Math.ceil((outcome.until.getTime() - clock.now().getTime()) / 1000))
      await sendDatasetJob(trx, deps.jobs.syncDataset, dataset.id, { startAfterSeconds: delaySeconds })
    })
  }

  return {
    /** The `sync.dataset` job: run this dataset if it is running and nobody else holds it. */
    async run(datasetId: string): Promise<void> {
      const owner = ids.uuid()
      const dataset = await repo.takeLease(db, datasetId, owner, clock.now(), leaseUntil())
      if (!dataset) return
      try {
        const connection = await deps.connections.findById(dataset.connection_id)
        if (!connection) return
        if (connection.status !== 'Linked') {
          const isDeauthorized = connection.status === 'Deauthorized'
          await settle(dataset, owner, {
            kind: 'failed',
            status: isDeauthorized ? 'AuthError' : 'Cancelled',
            message: isDeauthorized ? 'The connection is Deauthorized; the person must re-authorize it through its linkUrl.' : `The connection is ${connection.status}; its data stays readable but it syncs no more.`,
          })
          return
        }
        const outcome = await fetchAll(dataset, owner, connection)
        if (outcome.kind === 'paused') await pause(dataset, owner, outcome)
        else await settle(dataset, owner, outcome)
        if (outcome.kind === 'failed') logger.warn(`sync ${dataset.data_type} of connection ${dataset.connection_id}: ${outcome.status}: ${outcome.message}`)
      } catch (error) {
        if (error instanceof DatasetLostError) return await settleLost(dataset)
        // Unexpected (the database went away, a bug): give the dataset back for the sweep to retry.
        logger.error(`sync ${dataset.data_type} of connection ${dataset.connection_id} stopped`, error)
        await repo.releaseLease(db, dataset.id, owner, clock.now()).catch(() => {})
        throw error
      }
    },

    /**
     * The recovery sweep: a dataset whose worker died is queued again, and resumes from its cursor;
     * after too many attempts it ends in InternalError. A worker that died holding the lease leaves
     * a lease that lapses. One killed after taking the job but before taking the lease leaves no
     * lease at all, and a job pg-boss keeps active (unworked) for hours: a job taken as long ago
     * as a lease lasts, whose dataset still has no lease, is such a one.
     */
    async recoverAbandoned(limit = 100): Promise<number> {
      const now = clock.now()
      const lapsed = await repo.findAbandonedDatasets(db, now, limit)
      const deadJobs = await deps.jobs.syncDataset.findTakenBefore(new Date(now.getTime() - DATASET_LEASE_MS))
      const neverLeased = await repo.findDatasetsOfJobs(db, deadJobs, limit)
      let recovered = 0
      for (const candidate of [...lapsed, ...neverLeased]) {
        if (candidate.attempts + 1 >= MAX_DATASET_ATTEMPTS) {
          const dataset = await repo.findDatasetById(db, candidate.id)
          if (dataset) await settle(dataset, null, { kind: 'failed', status: 'InternalError', message: `The sync stopped ${MAX_DATASET_ATTEMPTS} times before finishing.` })
          recovered += 1
          continue
        }
        const isQueued = await db.transaction().execute(async (trx) => {
          // Another worker's sweep may have queued it since it was found.
          if (!(await repo.countAttemptIfUnchanged(trx, candidate))) return false
          await sendDatasetJob(trx, deps.jobs.syncDataset, candidate.id)
          return true
        })
        if (isQueued) recovered += 1
      }
      return recovered
    },
  }

  /** The page was rolled back because the dataset is no longer ours: say why, if the dataset still exists. */
  async function settleLost(dataset: repo.DatasetRow): Promise<void> {
    const connection = await deps.connections.findById(dataset.connection_id)
    // Deleted: the dataset went with it. Still Linked: another worker took over; it carries on.
    if (!connection || connection.status === 'Linked') return
    const isDeauthorized = connection.status === 'Deauthorized'
    await settle(dataset, null, {
      kind: 'failed',
      status: isDeauthorized ? 'AuthError' : 'Cancelled',
      message: isDeauthorized ? 'The connection was deauthorized during the sync.' : 'The connection was unlinked during the sync; the records read so far stay readable.',
    })
  }
}

export type DatasetRunner = ReturnType<typeof createDatasetRunner>

