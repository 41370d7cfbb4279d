/**
 * @module SQL for data sync: only this module reads or writes `data_reads`, `datasets`,
 * `data_records` and `sync_settings`. Connections and companies are read through their modules' services.
 */
import { RUNNING_STATUSES, type PullOperationStatus } from '@linkway/contracts'
import { jsonParameter, type Tables } from '@linkway/db'
import { sql, type Expression, type Kysely, type Insertable, type Selectable, type SqlBool, type Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export const DATASET_COLUMNS = [
  'id',
  'client_id',
  'company_id',
  'connection_id',
  'read_id',
  'data_type',
  'status',
  'status_description',
  'error_message',
  'requested',
  'started',
  'completed',
  'progress',
  'records_read',
  'records_modified',
  'total_records',
  'modified_since',
  'cursor',
  'attempts',
] as const

export type DatasetRow = Pick<Selectable<Tables['datasets']>, (typeof DATASET_COLUMNS)[number]>

const running = [...RUNNING_STATUSES]

export async function insertRead(trx: Transaction<Tables>, row: { id: string; client_id: string; company_id: string; is_initial: boolean; requested: Date }): Promise<void> {
  await trx.insertInto('data_reads').values({ ...row, completed: null }).execute()
}

export type NewDataset = Pick<
  Insertable<Tables['datasets']>,
  'id' | 'client_id' | 'company_id' | 'connection_id' | 'read_id' | 'data_type' | 'status_description' | 'requested' | 'completed' | 'modified_since'
> & { status: PullOperationStatus }

/**
 * Inserts a dataset unless one is running for its connection and data type (the partial unique
 * index decides, so two requests at once cannot both start one). Undefined when one is running.
 */
export async function insertDataset(trx: Transaction<Tables>, row: NewDataset): Promise<DatasetRow | undefined> {
  return await trx
    .insertInto('datasets')
    .values({ ...row, status_description: row.status_description ?? null, progress: row.status === 'NotSupported' ? 100 : 0 })
    .onConflict((conflict) => conflict.columns(['connection_id', 'data_type']).where('status', 'in', running).doNothing())
    .returning(DATASET_COLUMNS)
    .executeTakeFirst()
}

export async function findRunningDataset(db: Db, connectionId: string, dataType: string): Promise<DatasetRow | undefined> {
  return await db.selectFrom('datasets').select(DATASET_COLUMNS).where('connection_id', '=', connectionId).where('data_type', '=', dataType).where('status', 'in', running).executeTakeFirst()
}

/** When each data type of these connections last synced successfully, and when that sync started (the next incremental sync reads from there). */
export async function findLastCompleteStarts(db: Db, connectionIds: readonly string[]): Promise<Array<{ connection_id: string; data_type: string; started: Date | null }>> {
  if (connectionIds.length === 0) return []
  return await db
    .selectFrom('datasets')
    .select(['connection_id', 'data_type', sql<Date | null>`max(started)`.as('started')])
    .where('connection_id', 'in', connectionIds)
    .where('status', '=', 'Complete')
    .groupBy(['connection_id', 'data_type'])
    .execute()
}

/** When each data type of each Linked connection was last requested: what the scheduler compares with syncSchedule. */
export async function findLastRequested(db: Db, connectionIds: readonly string[]): Promise<Array<{ connection_id: string; data_type: string; requested: Date }>> {
  if (connectionIds.length === 0) return []
  return await db
    .selectFrom('datasets')
    .select(['connection_id', 'data_type', sql<Date>`max(requested)`.as('requested')])
    .where('connection_id', 'in', connectionIds)
    .groupBy(['connection_id', 'data_type'])
    .execute()
}

/**
 * Takes the dataset for one worker: only a running dataset whose lease is free or lapsed. A Queued
 * one becomes Fetching. Undefined when it finished, is gone, or another worker holds it.
 */
export async function takeLease(db: Db, datasetId: string, owner: string, now: Date, until: Date): Promise<DatasetRow | undefined> {
  return await db
    .updateTable('datasets')
    .set({
      lease_owner: owner,
      lease_until: until,
      status: sql`case when status in ('Initial', 'Queued') then 'Fetching' else status end`,
      started: sql`coalesce(started, ${now})`,
      status_description: null,
    })
    .where('id', '=', datasetId)
    .where('status', 'in', running)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returning(DATASET_COLUMNS)
    .executeTakeFirst()
}

export interface StoredRecordRow {
  id: string
  modifiedAt: string | null
  data: unknown
}

export type RecordTarget = { connectionId: string; dataType: string; clientId: string; companyId: string; datasetId: string }

/** `INSERT INTO data_records … SELECT` of a page: the page travels as one JSON parameter. */
function insertPage(target: RecordTarget, records: readonly StoredRecordRow[]) {
  return sql`
    insert into data_records (connection_id, data_type, record_id, client_id, company_id, modified_at, dataset_id, data)
    select ${target.connectionId}::uuid, ${target.dataType}, r.id, ${target.clientId}::uuid, ${target.companyId}::uuid, r."modifiedAt", ${target.datasetId}::uuid, r.data
    from jsonb_to_recordset(${jsonParameter(records)}::jsonb) as r(id text, "modifiedAt" timestamptz, data jsonb)`
}

/**
 * Inserts one page of records in one statement and returns how many were added (all of them), or
 * throws a unique violation (23505) if one is stored already. For a first sync: without
 * `on conflict`, PostgreSQL looks each row up in the key once instead of twice (docs/performance.md).
 */
export async function insertRecords(trx: Transaction<Tables>, target: RecordTarget, records: readonly StoredRecordRow[]): Promise<number> {
  if (records.length === 0) return 0
  const result = await insertPage(target, records).execute(trx)
  return Number(result.numAffectedRows ?? 0n)
}

/**
 * Upserts one page of records in one statement and returns how many rows were added or changed
 * (the statement's row count leaves out the conflicts its `where` skipped): a record identical to
 * the stored one is not rewritten, so a page read again after a crash modifies nothing.
 */
export async function upsertRecords(trx: Transaction<Tables>, target: RecordTarget, records: readonly StoredRecordRow[]): Promise<number> {
  if (records.length === 0) return 0
  const result = await sql`
    ${insertPage(target, records)}
    on conflict (company_id, data_type, record_id, connection_id) do update
      set data = excluded.data, modified_at = excluded.modified_at, dataset_id = excluded.dataset_id
      where data_records.data is distinct from excluded.data`.execute(trx)
  return Number(result.numAffectedRows ?? 0n)
}

/**
 * Whether an earlier dataset of this connection and data type stored any record. Every record is
 * written with its dataset's count in one transaction, and datasets go only with their
 * connection, so without one nothing is stored yet: the engine then inserts rather than upserts.
 */
export async function hasEarlierRecords(db: Db, dataset: { id: string; connection_id: string; data_type: string }): Promise<boolean> {
  const row = await db
    .selectFrom('datasets')
    .select('id')
    .where('connection_id', '=', dataset.connection_id)
    .where('data_type', '=', dataset.data_type)
    .where('id', '<>', dataset.id)
    .where('records_read', '>', 0)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Records the platform deleted, kept and marked `metadata.isDeleted: true` (the reference serves a deleted record so,
 * and statements leave a deleted journal entry out). Only stored records that are not marked yet are changed, so a
 * deletion read twice modifies nothing; the count is of records marked.
 */
export async function markRecordsDeleted(trx: Transaction<Tables>, target: { companyId: string; connectionId: string; dataType: string; datasetId: string }, recordIds: readonly string[]): Promise<number> {
  if (recordIds.length === 0) return 0
  const result = await sql<{ marked: number }>`
    with marked as (
      update data_records
      set data = jsonb_set(data, '{metadata}', coalesce(data -> 'metadata', '{}'::jsonb) || '{"isDeleted": true}'::jsonb), dataset_id = ${target.datasetId}::uuid
      where company_id = ${target.companyId}::uuid and data_type = ${target.dataType} and connection_id = ${target.connectionId}::uuid
        and record_id in (select jsonb_array_elements_text(${JSON.stringify(recordIds)}::jsonb))
        and coalesce(data #>> '{metadata,isDeleted}', '') <> 'true'
      returning 1
    )
    select count(*)::int as marked from marked`.execute(trx)
  return result.rows[0]?.marked ?? 0
}

/**
 * After a page's records: the cursor moves, the counts grow and the lease is renewed, only while
 * this worker holds the dataset. False means stop: the caller rolls the page back.
 */
export async function advanceDataset(
  trx: Transaction<Tables>,
  update: { datasetId: string; owner: string; cursor: Record<string, string | number> | null; read: number; modified: number; totalRecords: number | undefined; progress: number; leaseUntil: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('datasets')
    .set((eb) => ({
      cursor: update.cursor === null ? null : JSON.stringify(update.cursor),
      records_read: eb('records_read', '+', update.read),
      records_modified: eb('records_modified', '+', update.modified),
      ...(update.totalRecords === undefined ? {} : { total_records: update.totalRecords }),
      progress: update.progress,
      lease_until: update.leaseUntil,
    }))
    .where('id', '=', update.datasetId)
    .where('lease_owner', '=', update.owner)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface DatasetOutcome {
  status: PullOperationStatus
  completed: Date | null
  errorMessage?: string | null
  statusDescription?: string | null
  progress?: number
}

/** Ends (or pauses) the dataset this worker holds; false when the lease was lost meanwhile. */
export async function settleDataset(trx: Transaction<Tables>, datasetId: string, owner: string | null, outcome: DatasetOutcome): Promise<DatasetRow | undefined> {
  let query = trx
    .updateTable('datasets')
    .set({
      status: outcome.status,
      completed: outcome.completed,
      error_message: outcome.errorMessage ?? null,
      status_description: outcome.statusDescription ?? null,
      ...(outcome.progress === undefined ? {} : { progress: outcome.progress }),
      lease_owner: null,
      lease_until: null,
      ...(outcome.completed ? { cursor: null } : {}),
    })
    .where('id', '=', datasetId)
  query = owner === null ? query.where('status', 'in', running) : query.where('lease_owner', '=', owner)
  return await query.returning(DATASET_COLUMNS).executeTakeFirst()
}

/** Gives the dataset back (the job failed unexpectedly): the recovery sweep takes it up at once. */
export async function releaseLease(db: Db, datasetId: string, owner: string, now: Date): Promise<void> {
  await db.updateTable('datasets').set({ lease_until: now }).where('id', '=', datasetId).where('lease_owner', '=', owner).execute()
}

/** A dataset the recovery sweep found, as it found it: its lease and job say whether another sweep took it up meanwhile. */
export type AbandonedDataset = Pick<Selectable<Tables['datasets']>, 'id' | 'attempts' | 'lease_until' | 'job_id'>

/** Running datasets whose worker stopped renewing the lease (it died, or gave the dataset back). */
export async function findAbandonedDatasets(db: Db, now: Date, limit: number): Promise<AbandonedDataset[]> {
  return await db
    .selectFrom('datasets')
    .select(['id', 'attempts', 'lease_until', 'job_id'])
    .where('status', 'in', running)
    .where('lease_until', '<', now)
    .orderBy('lease_until')
    .limit(limit)
    .execute()
}

/** Running datasets no worker ever took a lease on although their job was taken: the worker died in between. */
export async function findDatasetsOfJobs(db: Db, jobIds: readonly string[], limit: number): Promise<AbandonedDataset[]> {
  if (jobIds.length === 0) return []
  return await db
    .selectFrom('datasets')
    .select(['id', 'attempts', 'lease_until', 'job_id'])
    .where('status', 'in', running)
    .where('lease_until', 'is', null)
    .where('job_id', 'in', jobIds)
    .limit(limit)
    .execute()
}

/** Records the job just sent for the dataset. */
export async function recordDatasetJob(trx: Transaction<Tables>, datasetId: string, jobId: string | null): Promise<void> {
  await trx.updateTable('datasets').set({ job_id: jobId }).where('id', '=', datasetId).execute()
}

/**
 * Counts one more attempt, only if the dataset is still running with the lease and job it was
 * found with: two workers' sweeps finding the same dataset queue it once.
 */
export async function countAttemptIfUnchanged(trx: Transaction<Tables>, found: AbandonedDataset): Promise<boolean> {
  const counted = await trx
    .updateTable('datasets')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', found.id)
    .where('status', 'in', running)
    .where(sql<boolean>`lease_until is not distinct from ${found.lease_until}::timestamptz`)
    .where(sql<boolean>`job_id is not distinct from ${found.job_id}::uuid`)
    .executeTakeFirst()
  return counted.numUpdatedRows > 0n
}

export async function countAttempt(db: Db, datasetId: string): Promise<void> {
  await db.updateTable('datasets').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', datasetId).execute()
}

/** Locks the read until commit, so two datasets finishing at once agree on which one finished it last. */
export async function lockRead(trx: Transaction<Tables>, readId: string): Promise<{ id: string; is_initial: boolean; completed: Date | null } | undefined> {
  return await trx.selectFrom('data_reads').select(['id', 'is_initial', 'completed']).where('id', '=', readId).forUpdate().executeTakeFirst()
}

export async function findReadDatasets(db: Db, readId: string): Promise<DatasetRow[]> {
  return await db.selectFrom('datasets').select(DATASET_COLUMNS).where('read_id', '=', readId).orderBy('seq').execute()
}

export async function completeRead(trx: Transaction<Tables>, readId: string, at: Date): Promise<void> {
  await trx.updateTable('data_reads').set({ completed: at }).where('id', '=', readId).execute()
}

export async function findDataset(db: Db, clientId: string, companyId: string, datasetId: string): Promise<DatasetRow | undefined> {
  return await db.selectFrom('datasets').select(DATASET_COLUMNS).where('client_id', '=', clientId).where('company_id', '=', companyId).where('id', '=', datasetId).executeTakeFirst()
}

export async function findDatasetById(db: Db, datasetId: string): Promise<DatasetRow | undefined> {
  return await db.selectFrom('datasets').select(DATASET_COLUMNS).where('id', '=', datasetId).executeTakeFirst()
}

export async function listDatasets(
  db: Db,
  clientId: string,
  companyId: string,
  options: { filter: Expression<SqlBool> | undefined; order: { expression: Expression<unknown>; direction: 'asc' | 'desc' } | undefined; limit: number; offset: number },
): Promise<{ rows: DatasetRow[]; total: number }> {
  let query = db.selectFrom('datasets').where('client_id', '=', clientId).where('company_id', '=', companyId)
  if (options.filter) query = query.where(options.filter)
  const counted = query
  // Newest first by default, as a history reads; ties in insertion order.
  const ordered = options.order ? query.orderBy(options.order.expression, options.order.direction) : query.orderBy('requested', 'desc')
  const rows = await ordered
    .select(DATASET_COLUMNS)
    .select(sql<number>`count(*) over ()::int`.as('total_results'))
    .orderBy('seq', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute()
  if (rows.length > 0) return { rows: rows.map(({ total_results: _total, ...row }) => row), total: rows[0]!.total_results }
  const count = await counted.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow()
  return { rows: [], total: count.count }
}

/** For dataStatus: per data type, the newest dataset and the newest Complete one. */
export async function findDataStatusRows(
  db: Db,
  clientId: string,
  companyId: string,
): Promise<Array<{ data_type: string; latest_id: string; latest_status: string; success_id: string | null; success_completed: Date | null }>> {
  const result = await sql<{ data_type: string; latest_id: string; latest_status: string; success_id: string | null; success_completed: Date | null }>`
    select distinct on (d.data_type) d.data_type, d.id as latest_id, d.status as latest_status, s.id as success_id, s.completed as success_completed
    from datasets d
    left join lateral (
      select id, completed from datasets c
      where c.company_id = d.company_id and c.data_type = d.data_type and c.status = 'Complete'
      order by c.completed desc, c.seq desc limit 1
    ) s on true
    where d.client_id = ${clientId} and d.company_id = ${companyId}
    order by d.data_type, d.requested desc, d.seq desc`.execute(db)
  return result.rows
}

/**
 * Whether there is anything to read: a sync that completed, or records kept from one that ended
 * early (AuthError, Cancelled). What decides 409 on a read.
 */
export async function hasReadableData(db: Db, clientId: string, companyId: string, dataType: string, connectionId: string | undefined): Promise<boolean> {
  let completed = db.selectFrom('datasets').select('id').where('client_id', '=', clientId).where('company_id', '=', companyId).where('data_type', '=', dataType).where('status', '=', 'Complete')
  let stored = db.selectFrom('data_records').select('record_id').where('company_id', '=', companyId).where('data_type', '=', dataType).where('client_id', '=', clientId)
  if (connectionId) {
    completed = completed.where('connection_id', '=', connectionId)
    stored = stored.where('connection_id', '=', connectionId)
  }
  if ((await completed.limit(1).executeTakeFirst()) !== undefined) return true
  return (await stored.limit(1).executeTakeFirst()) !== undefined
}

export async function listRecords(
  db: Db,
  scope: { clientId: string; companyId: string; dataType: string; connectionId: string | undefined },
  options: { filter: Expression<SqlBool> | undefined; order: { expression: Expression<unknown>; direction: 'asc' | 'desc' } | undefined; limit: number; offset: number },
): Promise<{ rows: unknown[]; total: number }> {
  let query = db.selectFrom('data_records').where('company_id', '=', scope.companyId).where('data_type', '=', scope.dataType).where('client_id', '=', scope.clientId)
  if (scope.connectionId) query = query.where('connection_id', '=', scope.connectionId)
  if (options.filter) query = query.where(options.filter)
  const counted = query
  const ordered = options.order ? query.orderBy(options.order.expression, options.order.direction) : query
  const rows = await ordered
    .select(['data'])
    .select(sql<number>`count(*) over ()::int`.as('total_results'))
    .orderBy('record_id')
    .orderBy('connection_id')
    .limit(options.limit)
    .offset(options.offset)
    .execute()
  if (rows.length > 0) return { rows: rows.map((row) => row.data), total: rows[0]!.total_results }
  const count = await counted.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow()
  return { rows: [], total: count.count }
}

export async function findRecord(db: Db, scope: { clientId: string; companyId: string; dataType: string; connectionId: string | undefined }, recordId: string): Promise<unknown> {
  let query = db
    .selectFrom('data_records')
    .select('data')
    .where('company_id', '=', scope.companyId)
    .where('client_id', '=', scope.clientId)
    .where('data_type', '=', scope.dataType)
    .where('record_id', '=', recordId)
  if (scope.connectionId) query = query.where('connection_id', '=', scope.connectionId)
  return (await query.limit(1).executeTakeFirst())?.data
}

export async function findSyncSettings(db: Db, clientId: string, companyId: string | null) {
  let query = db.selectFrom('sync_settings').select(['settings', 'overrides_defaults']).where('client_id', '=', clientId)
  query = companyId === null ? query.where('company_id', 'is', null) : query.where('company_id', '=', companyId)
  return await query.executeTakeFirst()
}

export async function findAllSyncSettings(db: Db, clientIds: readonly string[]) {
  if (clientIds.length === 0) return []
  return await db.selectFrom('sync_settings').select(['client_id', 'company_id', 'settings', 'overrides_defaults']).where('client_id', 'in', clientIds).execute()
}

export async function upsertSyncSettings(db: Db, row: { client_id: string; company_id: string | null; settings: unknown[]; overrides_defaults: boolean; updated_at: Date }): Promise<void> {
  const values = { ...row, settings: JSON.stringify(row.settings) }
  const target = row.company_id === null ? sql`(client_id) where company_id is null` : sql`(company_id) where company_id is not null`
  await sql`
    insert into sync_settings (client_id, company_id, settings, overrides_defaults, updated_at)
    values (${values.client_id}, ${values.company_id}, ${values.settings}::jsonb, ${values.overrides_defaults}, ${values.updated_at})
    on conflict ${target} do update set settings = excluded.settings, overrides_defaults = excluded.overrides_defaults, updated_at = excluded.updated_at`.execute(db)
}

/** One account of the stored chart, as a statement needs it. */
export interface LedgerAccountRow {
  id: string
  name: string | null
  type: string | null
  /** fullyQualifiedCategory, e.g. `Expense.CostOfSales`. */
  category: string | null
  isBankAccount: boolean
}

/** The company's stored chart of accounts (deleted accounts left out). */
export async function listLedgerAccounts(db: Db, scope: { clientId: string; companyId: string }): Promise<LedgerAccountRow[]> {
  const { rows } = await sql<LedgerAccountRow>`
    select record_id as "id", data ->> 'name' as "name", data ->> 'type' as "type", data ->> 'fullyQualifiedCategory' as "category",
           coalesce(data ->> 'isBankAccount', '') = 'true' as "isBankAccount"
    from data_records
    where client_id = ${scope.clientId} and company_id = ${scope.companyId} and data_type = 'chartOfAccounts'
      and coalesce(data #>> '{metadata,isDeleted}', '') <> 'true'
    order by record_id`.execute(db)
  return rows
}

/** What the journal moved on one account in one month: `amount` is debits less credits, as exact decimal text. */
export interface LedgerMovementRow {
  accountId: string
  /** `YYYY-MM`, in UTC. */
  month: string
  /** Whether these lines sit in entries that also move a bank account: the cash flow's counterparts. */
  isWithCash: boolean
  amount: string
}

/**
 * The stored journal summed per account and month, in one statement: the statements need no single entry,
 * only these totals. Linkway's mappers write dates in UTC (`…Z`), so the month is the date's first seven
 * characters; reading it as text, and amounts only where they are JSON numbers, means a malformed stored
 * record is left out rather than failing the read with a cast error.
 */
export async function sumLedgerMovements(db: Db, scope: { clientId: string; companyId: string }): Promise<LedgerMovementRow[]> {
  const { rows } = await sql<LedgerMovementRow>`
    with lines as (
      select entry.connection_id, entry.record_id as entry_id, substr(entry.data ->> 'postedOn', 1, 7) as month,
             line #>> '{accountRef,id}' as account_id, (line ->> 'netAmount')::numeric as amount
      from data_records entry
      cross join lateral jsonb_array_elements(case when jsonb_typeof(entry.data -> 'journalLines') = 'array' then entry.data -> 'journalLines' else '[]'::jsonb end) as line
      where entry.client_id = ${scope.clientId} and entry.company_id = ${scope.companyId} and entry.data_type = 'journalEntries'
        and coalesce(entry.data #>> '{metadata,isDeleted}', '') <> 'true'
        and coalesce(entry.data ->> 'postedOn', '') ~ '^[0-9]{4}-(0[1-9]|1[0-2])'
        and jsonb_typeof(line -> 'netAmount') = 'number'
        and line #>> '{accountRef,id}' is not null
    ),
    cash_entries as (
      select distinct lines.connection_id, lines.entry_id
      from lines
      join data_records account on account.client_id = ${scope.clientId} and account.company_id = ${scope.companyId}
        and account.data_type = 'chartOfAccounts' and account.record_id = lines.account_id and account.data ->> 'isBankAccount' = 'true'
    )
    select lines.account_id as "accountId", lines.month, cash_entries.entry_id is not null as "isWithCash", sum(lines.amount)::text as amount
    from lines
    left join cash_entries on cash_entries.connection_id = lines.connection_id and cash_entries.entry_id = lines.entry_id
    group by lines.account_id, lines.month, cash_entries.entry_id is not null
    order by lines.month, lines.account_id`.execute(db)
  return rows
}
