/**
 * @module Queueing syncs and reporting on them: a read is the datasets queued together (first link,
 * data/all, one data type, a schedule tick); each dataset is one pg-boss job, sent in the
 * transaction that creates it; a product's refresh is such a read of the product's data types. Also
 * dataStatus, the history and a dataset's validation result (reference §13.1–13.3).
 */
import { DATA_TYPE_DEFINITIONS, DATA_TYPES, ERROR_STATUSES, findProduct, isDataType, RUNNING_STATUSES, type DataStatus, type DataType, type PullOperation, type SyncSetting, type ValidationResult } from '@linkway/contracts'
import type { Database, JobSender, Tables } from '@linkway/db'
import type { PlatformCatalogue } from '@linkway/platform-data'
import { compileOrderBy, compileQuery, defineResource } from '@linkway/query-language'
import { sql, type Transaction } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { CompaniesService } from '../companies/index.js'
import type { ConnectionRow, ConnectionsService } from '../connections/index.js'
import type { ConsentReceiptsService } from '../consent-receipts/index.js'
import * as repo from './repo.js'
import { datasetJobIdInOrder, sendDatasetJob, type SyncDatasetJob } from './sync-jobs.js'
import { isSyncedSetting, type SyncSettingsService } from './sync-settings.js'

/** An incremental sync reads from a little before the last one started, so a record changed while it ran is not missed (platform clocks drift too). */
export const INCREMENTAL_OVERLAP_MS = 5 * 60_000

const MONTH_MS = 30.44 * 24 * 3_600_000

export interface SyncTarget {
  connection: ConnectionRow
  dataType: DataType
}

export interface SyncServiceDeps {
  database: Database
  clock: Clock
  ids: IdGenerator
  catalogue: PlatformCatalogue
  settings: SyncSettingsService
  /** Connections are the connections module's: sync reads them through its service. */
  connections: Pick<ConnectionsService, 'findById' | 'ofCompany' | 'linked'>
  companies: Pick<CompaniesService, 'findReference' | 'findProducts'>
  /** `sync.dataset`, sent in the transaction that creates the dataset. */
  jobs: { syncDataset: JobSender<SyncDatasetJob> }
  /** What each connection's person consented to share (the consent receipts module): reads stay within it. */
  consent: Pick<ConsentReceiptsService, 'consentedDataTypes'>
}

/** Our own status constants, written into the SQL as literals (never user input). */
function statusList(statuses: readonly string[]) {
  return sql.join(statuses.map((status) => sql.lit(status)))
}

const datasetQueryResource = defineResource('Dataset', {
  id: { type: 'uuid', expression: sql.ref('datasets.id') },
  connectionId: { type: 'uuid', expression: sql.ref('datasets.connection_id') },
  dataType: { type: 'string', expression: sql.ref('datasets.data_type'), sortable: true },
  status: { type: 'string', expression: sql.ref('datasets.status'), sortable: true },
  requested: { type: 'date', expression: sql.ref('datasets.requested'), sortable: true },
  completed: { type: 'date', expression: sql.ref('datasets.completed'), sortable: true },
  progress: { type: 'number', expression: sql.ref('datasets.progress'), sortable: true },
  isCompleted: { type: 'boolean', expression: sql`(datasets.status not in (${statusList(RUNNING_STATUSES)}))` },
  isErrored: { type: 'boolean', expression: sql`(datasets.status in (${statusList(ERROR_STATUSES)}))` },
})

const ERRORED = new Set<string>(ERROR_STATUSES)
const RUNNING = new Set<string>(RUNNING_STATUSES)

export function toPullOperation(row: repo.DatasetRow): PullOperation {
  return {
    id: row.id,
    companyId: row.company_id,
    connectionId: row.connection_id,
    dataType: row.data_type,
    status: row.status as PullOperation['status'],
    ...(row.status_description ? { statusDescription: row.status_description } : {}),
    ...(row.error_message ? { errorMessage: row.error_message } : {}),
    requested: row.requested.toISOString(),
    ...(row.completed ? { completed: row.completed.toISOString() } : {}),
    progress: row.progress,
    isCompleted: !RUNNING.has(row.status),
    isErrored: ERRORED.has(row.status),
    recordsRead: row.records_read,
    recordsModified: row.records_modified,
    ...(row.total_records === null ? {} : { totalRecords: row.total_records }),
    ...(row.modified_since ? { modifiedSince: row.modified_since.toISOString() } : {}),
  }
}

/** Whether this connection's platform can give this data type (Platform.canSync), told apart from a data type of another source type. */
export function canSync(catalogue: PlatformCatalogue, connection: Pick<ConnectionRow, 'platform_key' | 'source_type'>, dataType: DataType): 'yes' | 'not-supported' | 'other-source-type' {
  // The connection's own source type: it outlives its platform leaving the catalogue (sandboxes switched off).
  if (DATA_TYPE_DEFINITIONS[dataType].sourceType !== connection.source_type) return 'other-source-type'
  return catalogue.get(connection.platform_key)?.canSync(dataType) ? 'yes' : 'not-supported'
}

export function createSyncService(deps: SyncServiceDeps) {
  const { database, clock, ids, catalogue } = deps
  const db = database.db

  async function requireCompany(clientId: string, companyId: string) {
    const company = await deps.companies.findReference(clientId, companyId)
    if (!company) throw new AppError('company_not_found', { companyId })
    return company
  }

  /** Where each target's sync starts reading: the setting's lower bound, and the last successful sync for an incremental platform. */
  async function modifiedSinceOf(trx: Transaction<Tables>, targets: readonly SyncTarget[], settings: readonly SyncSetting[]): Promise<Map<string, Date | null>> {
    const lastStarts = await repo.findLastCompleteStarts(trx, [...new Set(targets.map((target) => target.connection.id))])
    const lastStartOf = new Map(lastStarts.map((row) => [`${row.connection_id}:${row.data_type}`, row.started]))
    const now = clock.now().getTime()
    const result = new Map<string, Date | null>()
    for (const { connection, dataType } of targets) {
      const key = `${connection.id}:${dataType}`
      const setting = settings.find((candidate) => candidate.dataType === dataType)
      const bounds: number[] = []
      if (setting?.syncFromUtc) bounds.push(Date.parse(setting.syncFromUtc))
      if (setting?.syncFromWindow) bounds.push(now - setting.syncFromWindow * MONTH_MS)
      const lastStart = lastStartOf.get(key)
      const isIncremental = catalogue.get(connection.platform_key)?.dataSources[dataType]?.isIncremental === true
      if (lastStart && isIncremental) bounds.push(lastStart.getTime() - INCREMENTAL_OVERLAP_MS)
      result.set(key, bounds.length > 0 ? new Date(Math.max(...bounds)) : null)
    }
    return result
  }

  /**
   * Creates a read and one dataset per target, in the caller's transaction, and sends their jobs.
   * A data type the platform lacks is recorded as NotSupported at once. `origin` decides the rest:
   * what the sync settings queue (first link, data/all, schedules) skips a target with a running
   * dataset and one the person did not consent to; a client's own request is refused (409) while one
   * runs, and a data type outside the consent is recorded as PermissionsError, so the client sees why.
   */
  async function queueRead(
    trx: Transaction<Tables>,
    read: { clientId: string; companyId: string; isInitial: boolean; targets: readonly SyncTarget[]; origin: 'sync-settings' | 'client-request' },
  ): Promise<repo.DatasetRow[]> {
    if (read.targets.length === 0) return []
    const now = clock.now()
    const readId = ids.uuid()
    await repo.insertRead(trx, { id: readId, client_id: read.clientId, company_id: read.companyId, is_initial: read.isInitial, requested: now })
    const settings = await deps.settings.effectiveFor(read.clientId, read.companyId, trx)
    const since = await modifiedSinceOf(trx, read.targets, settings)
    // In the client's syncOrder (settings come sorted by it), which the jobs' ids carry to the worker.
    const rank = new Map(settings.map((setting, index) => [setting.dataType, index]))
    const targets = [...read.targets].sort((a, b) => (rank.get(a.dataType) ?? rank.size) - (rank.get(b.dataType) ?? rank.size))
    const consented = await deps.consent.consentedDataTypes(trx, read.clientId, read.companyId, [...new Set(targets.map((target) => target.connection.id))])
    const created: repo.DatasetRow[] = []
    let queued = 0
    for (const target of targets) {
      const platformName = catalogue.get(target.connection.platform_key)?.name ?? target.connection.platform_key
      const isSupported = canSync(catalogue, target.connection, target.dataType) === 'yes'
      // No receipt (a connection made without Link's consent screen): the client answers for consent.
      const consentedTypes = consented.get(target.connection.id)
      const isConsented = consentedTypes === undefined || consentedTypes.includes(target.dataType)
      if (isSupported && !isConsented && read.origin === 'sync-settings') continue
      const refusal = !isSupported
        ? { status: 'NotSupported' as const, description: `${platformName} does not offer ${target.dataType}.` }
        : !isConsented
          ? { status: 'PermissionsError' as const, description: `The person who connected ${platformName} consented to sharing ${consentedTypes!.join(', ') || 'no data types'}, not ${target.dataType}. Have them connect again with a consent screen that lists it (Link settings' dataTypes, or the company's sync settings).` }
          : undefined
      const row = await repo.insertDataset(trx, {
        id: ids.uuid(),
        client_id: read.clientId,
        company_id: read.companyId,
        connection_id: target.connection.id,
        read_id: readId,
        data_type: target.dataType,
        status: refusal?.status ?? 'Queued',
        status_description: refusal?.description ?? null,
        requested: now,
        completed: refusal ? now : null,
        modified_since: refusal ? null : (since.get(`${target.connection.id}:${target.dataType}`) ?? null),
      })
      if (!row) {
        if (read.origin === 'sync-settings') continue
        const runningDataset = await repo.findRunningDataset(trx, target.connection.id, target.dataType)
        throw new AppError('dataset_in_progress', { dataType: target.dataType, companyId: read.companyId, datasetId: runningDataset?.id ?? 'unknown' })
      }
      created.push(row)
      if (row.status === 'Queued') await sendDatasetJob(trx, deps.jobs.syncDataset, row.id, { id: datasetJobIdInOrder(now, queued++, ids.uuid()) })
    }
    // Every target refused (or skipped): the read is over before it began.
    if (!created.some((row) => row.status === 'Queued')) await repo.completeRead(trx, readId, now)
    return created
  }

  function firstLinkTargets(connection: ConnectionRow, settings: readonly SyncSetting[]): SyncTarget[] {
    return settings
      .filter(isSyncedSetting)
      .filter((setting) => setting.fetchOnFirstLink && canSync(catalogue, connection, setting.dataType) !== 'other-source-type')
      .map((setting) => ({ connection, dataType: setting.dataType }))
  }

  return {
    queueRead,

    /** A connection became Linked (in that transaction): queue every fetchOnFirstLink data type its source type has. */
    async queueOnLinked(trx: Transaction<Tables>, connectionId: string, isFirstLink: boolean): Promise<void> {
      const connection = await deps.connections.findById(connectionId, trx)
      if (!connection) return
      const settings = await deps.settings.effectiveFor(connection.client_id, connection.company_id, trx)
      await queueRead(trx, { clientId: connection.client_id, companyId: connection.company_id, isInitial: isFirstLink, targets: firstLinkTargets(connection, settings), origin: 'sync-settings' })
    },

    /** POST /companies/{id}/data/all: every fetchOnFirstLink data type of every Linked connection; running ones are left to finish. */
    async queueAll(client: AuthenticatedClient, companyId: string): Promise<void> {
      await requireCompany(client.clientId, companyId)
      const connections = (await deps.connections.ofCompany(client.clientId, companyId)).filter((connection) => connection.status === 'Linked')
      const settings = await deps.settings.effectiveFor(client.clientId, companyId)
      const targets = connections.flatMap((connection) => firstLinkTargets(connection, settings).filter((target) => canSync(catalogue, connection, target.dataType) === 'yes'))
      await db.transaction().execute((trx) => queueRead(trx, { clientId: client.clientId, companyId, isInitial: false, targets, origin: 'sync-settings' }))
    },

    /** POST /companies/{id}/data/queue/{dataType}: one data type, from one connection or every Linked one of its source type. */
    async queueDataType(client: AuthenticatedClient, companyId: string, dataType: string, connectionId: string | undefined): Promise<PullOperation> {
      if (!isDataType(dataType)) throw new AppError('data_type_unknown', { dataType, known: DATA_TYPES })
      await requireCompany(client.clientId, companyId)
      const connections = await deps.connections.ofCompany(client.clientId, companyId)
      let targets: SyncTarget[]
      if (connectionId) {
        const connection = connections.find((candidate) => candidate.id === connectionId)
        if (!connection) throw new AppError('connection_not_found', { connectionId })
        if (connection.status !== 'Linked') throw new AppError('connection_cannot_sync', { connectionId, status: connection.status })
        targets = [{ connection, dataType }]
      } else {
        targets = connections.filter((connection) => connection.status === 'Linked' && canSync(catalogue, connection, dataType) !== 'other-source-type').map((connection) => ({ connection, dataType }))
        if (targets.length === 0) throw new AppError('no_connection_to_sync', { companyId, dataType })
      }
      const created = await db.transaction().execute((trx) => queueRead(trx, { clientId: client.clientId, companyId, isInitial: false, targets, origin: 'client-request' }))
      return toPullOperation(created[0]!)
    },

    /**
     * POST /companies/{id}/products/{productIdentifier}/refresh: the product's data types (or the
     * ones `dataTypes` picks among them) from every Linked connection whose platform offers them,
     * as one read. Refused, as the reference refuses, while any of them is still syncing.
     */
    async queueProduct(client: AuthenticatedClient, companyId: string, productIdentifier: string, requestedDataTypes: readonly string[] | undefined): Promise<void> {
      const product = findProduct(productIdentifier)
      if (!product) throw new AppError('product_not_found', { productIdentifier })
      const enabled = await deps.companies.findProducts(client.clientId, companyId)
      if (!enabled) throw new AppError('company_not_found', { companyId })
      if (!product.refreshedDataTypes) throw new AppError('product_refresh_not_supported', { productName: product.name })
      if (!enabled.includes(product.identifier)) throw new AppError('product_not_enabled', { companyId, productName: product.name, productIdentifier: product.identifier })
      const productTypes = product.refreshedDataTypes
      const invalid = requestedDataTypes?.find((dataType) => !(productTypes as readonly string[]).includes(dataType))
      if (invalid !== undefined) throw new AppError('product_data_type_invalid', { dataType: invalid, productName: product.name, valid: productTypes })
      const dataTypes = requestedDataTypes ? productTypes.filter((dataType) => requestedDataTypes.includes(dataType)) : productTypes
      const connections = (await deps.connections.ofCompany(client.clientId, companyId)).filter((connection) => connection.status === 'Linked')
      const targets = connections.flatMap((connection) => dataTypes.filter((dataType) => canSync(catalogue, connection, dataType) === 'yes').map((dataType) => ({ connection, dataType })))
      if (targets.length === 0) throw new AppError('product_nothing_to_refresh', { companyId, productName: product.name })
      try {
        await db.transaction().execute((trx) => queueRead(trx, { clientId: client.clientId, companyId, isInitial: false, targets, origin: 'client-request' }))
      } catch (error) {
        // The reference answers a refresh during a read with its own 400, not data/queue's 409.
        if (error instanceof AppError && error.code === 'dataset_in_progress') throw new AppError('product_read_in_progress')
        throw error
      }
    },

    /**
     * The `sync.schedule` tick: for every Linked connection, each data type whose syncSchedule has
     * passed since it was last requested is queued (one read per connection). A data type never
     * requested is due at once.
     */
    async queueDueSyncs(): Promise<number> {
      const connections = await deps.connections.linked()
      const lastRequested = await repo.findLastRequested(db, connections.map((connection) => connection.id))
      const lastOf = new Map(lastRequested.map((row) => [`${row.connection_id}:${row.data_type}`, row.requested.getTime()]))
      const settingsOf = new Map<string, SyncSetting[]>()
      const now = clock.now().getTime()
      let queued = 0
      for (const connection of connections) {
        let settings = settingsOf.get(connection.company_id)
        if (!settings) {
          settings = await deps.settings.effectiveFor(connection.client_id, connection.company_id)
          settingsOf.set(connection.company_id, settings)
        }
        const targets = settings
          .filter(isSyncedSetting)
          .filter((setting) => setting.syncSchedule > 0 && canSync(catalogue, connection, setting.dataType) === 'yes')
          .filter((setting) => {
            const last = lastOf.get(`${connection.id}:${setting.dataType}`)
            return last === undefined || last + setting.syncSchedule * 3_600_000 <= now
          })
          .map((setting) => ({ connection, dataType: setting.dataType }))
        if (targets.length === 0) continue
        const created = await db.transaction().execute((trx) => queueRead(trx, { clientId: connection.client_id, companyId: connection.company_id, isInitial: false, targets, origin: 'sync-settings' }))
        queued += created.length
      }
      return queued
    },

    async dataStatus(client: AuthenticatedClient, companyId: string): Promise<Record<string, DataStatus>> {
      await requireCompany(client.clientId, companyId)
      const rows = await repo.findDataStatusRows(db, client.clientId, companyId)
      const statuses: Record<string, DataStatus> = {}
      for (const row of rows) {
        statuses[row.data_type] = {
          dataType: row.data_type,
          currentStatus: row.latest_status as DataStatus['currentStatus'],
          latestSyncId: row.latest_id,
          ...(row.success_id ? { latestSuccessfulSyncId: row.success_id } : {}),
          ...(row.success_completed ? { lastSuccessfulSync: row.success_completed.toISOString() } : {}),
        }
      }
      return statuses
    },

    async history(client: AuthenticatedClient, companyId: string, request: { page: number; pageSize: number; query?: string | undefined; orderBy?: string | undefined }) {
      await requireCompany(client.clientId, companyId)
      const filter = request.query ? compileQuery(request.query, datasetQueryResource) : undefined
      const order = compileOrderBy(request.orderBy, datasetQueryResource)
      const { rows, total } = await repo.listDatasets(db, client.clientId, companyId, { filter, order, limit: request.pageSize, offset: (request.page - 1) * request.pageSize })
      return { results: rows.map(toPullOperation), totalResults: total }
    },

    async dataset(client: AuthenticatedClient, companyId: string, datasetId: string): Promise<PullOperation> {
      await requireCompany(client.clientId, companyId)
      const row = await repo.findDataset(db, client.clientId, companyId, datasetId)
      if (!row) throw new AppError('dataset_not_found', { datasetId })
      return toPullOperation(row)
    },

    /**
     * GET /companies/{id}/sync/{datasetId}/validation. Linkway applies no validation rules of its own
     * to the records it reads, and keeps every record the platform's answer holds; the one problem
     * it records is a page that did not have the platform's documented shape (MapError), which ends
     * the dataset. That is the result's one error; there are never warnings.
     */
    async validation(client: AuthenticatedClient, companyId: string, datasetId: string): Promise<ValidationResult> {
      await requireCompany(client.clientId, companyId)
      const row = await repo.findDataset(db, client.clientId, companyId, datasetId)
      if (!row) throw new AppError('dataset_not_found', { datasetId })
      if (row.status !== 'MapError') return { errors: [], warnings: [] }
      return {
        errors: [{ ruleId: 'linkway-platform-response-shape', itemId: row.id, message: row.error_message ?? `The platform's ${row.data_type} could not be read.`, validatorName: 'PlatformResponseReader' }],
        warnings: [],
      }
    },
  }
}

export type SyncService = ReturnType<typeof createSyncService>
