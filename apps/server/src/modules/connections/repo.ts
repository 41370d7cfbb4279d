/**
 * @module SQL for connections and their tokens: only this module reads or writes `connections` and
 * `connection_tokens` (other modules embed the expressions of company-connections-sql.ts). Every
 * query is scoped to a client, except the workers' and the Link flow's lookups by unguessable id.
 */
import { selectPage, type ConnectionErrorColumn, type ConnectionStatusColumn, type PageOptions, type Tables } from '@linkway/db'
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export type ConnectionRow = Omit<Selectable<Tables['connections']>, 'seq'>
export type TokenRow = Selectable<Tables['connection_tokens']>

const COLUMNS = ['id', 'client_id', 'company_id', 'platform_key', 'source_type', 'status', 'errors', 'connection_info', 'created_at', 'last_sync_at'] as const
const TOKEN_COLUMNS = ['connection_id', 'client_id', 'sealed', 'access_expires_at', 'has_refresh_token', 'refresh_lease_owner', 'refresh_lease_until', 'updated_at'] as const

export async function findAccountingConnection(db: Db, companyId: string): Promise<ConnectionRow | undefined> {
  return await db.selectFrom('connections').select(COLUMNS).where('company_id', '=', companyId).where('source_type', '=', 'Accounting').executeTakeFirst()
}

export async function insertConnection(db: Db, row: Omit<ConnectionRow, 'errors' | 'connection_info' | 'last_sync_at'>): Promise<ConnectionRow> {
  return await db.insertInto('connections').values(row).returning(COLUMNS).executeTakeFirstOrThrow()
}

export async function findConnection(db: Db, clientId: string, companyId: string, connectionId: string): Promise<ConnectionRow | undefined> {
  return await db
    .selectFrom('connections')
    .select(COLUMNS)
    .where('client_id', '=', clientId)
    .where('company_id', '=', companyId)
    .where('id', '=', connectionId)
    .executeTakeFirst()
}

/** The Link flow knows a connection by its (unguessable) ids alone; the client comes from the row. */
export async function findConnectionForLink(db: Db, companyId: string, connectionId: string): Promise<ConnectionRow | undefined> {
  return await db.selectFrom('connections').select(COLUMNS).where('company_id', '=', companyId).where('id', '=', connectionId).executeTakeFirst()
}

export async function findConnectionById(db: Db, connectionId: string): Promise<ConnectionRow | undefined> {
  return await db.selectFrom('connections').select(COLUMNS).where('id', '=', connectionId).executeTakeFirst()
}

/**
 * Reads the connection and holds it against deletion until commit (FOR KEY SHARE: status changes
 * still go ahead). What a foreign key from the rows written in the same transaction would do, once.
 */
export async function findConnectionHeldUntilCommit(trx: Transaction<Tables>, connectionId: string): Promise<ConnectionRow | undefined> {
  return await trx.selectFrom('connections').select(COLUMNS).where('id', '=', connectionId).forKeyShare().executeTakeFirst()
}

export async function lockConnection(trx: Transaction<Tables>, connectionId: string): Promise<ConnectionRow | undefined> {
  return await trx.selectFrom('connections').select(COLUMNS).where('id', '=', connectionId).forUpdate().executeTakeFirst()
}

/** Every Linked connection, oldest first: what the sync schedule looks at each minute. */
export async function listLinkedConnections(db: Db): Promise<ConnectionRow[]> {
  return await db.selectFrom('connections').select(COLUMNS).where('status', '=', 'Linked').orderBy('seq').execute()
}

/**
 * Whether another of the client's Linked connections to the platform holds the same account: its connectionInfo has
 * every one of `values` (Square's merchant_id), so a grant of that account is still in use.
 */
export async function hasOtherLinkedConnectionTo(db: Db, target: { clientId: string; platformKey: string; connectionId: string; values: Readonly<Record<string, string>> }): Promise<boolean> {
  const row = await db
    .selectFrom('connections')
    .select('id')
    .where('client_id', '=', target.clientId)
    .where('platform_key', '=', target.platformKey)
    .where('status', '=', 'Linked')
    .where('id', '<>', target.connectionId)
    .where(sql<boolean>`connection_info @> ${JSON.stringify(target.values)}::jsonb`)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** How many of a client's companies have a Linked connection (the reference's active connected companies). */
export async function countCompaniesWithLinkedConnection(db: Db, clientId: string): Promise<number> {
  const row = await db
    .selectFrom('connections')
    .select((eb) => eb.fn.count<string>('company_id').distinct().as('count'))
    .where('client_id', '=', clientId)
    .where('status', '=', 'Linked')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export interface ConnectionHealthRow {
  linked: number
  linked_companies: number
  deauthorized: number
  deauthorized_companies: number
  unlinked: number
  unlinked_companies: number
  pending_auth: number
  pending_auth_companies: number
  pending_auth_stale: number
  pending_auth_stale_companies: number
}

/** A client's connections and their companies, per state, in one pass over its rows (PendingAuth created before `staleBefore` counted apart too). */
export async function countConnectionHealth(db: Db, clientId: string, staleBefore: Date): Promise<ConnectionHealthRow> {
  const result = await sql<ConnectionHealthRow>`
    select
      count(*) filter (where status = 'Linked')::int as linked,
      count(distinct company_id) filter (where status = 'Linked')::int as linked_companies,
      count(*) filter (where status = 'Deauthorized')::int as deauthorized,
      count(distinct company_id) filter (where status = 'Deauthorized')::int as deauthorized_companies,
      count(*) filter (where status = 'Unlinked')::int as unlinked,
      count(distinct company_id) filter (where status = 'Unlinked')::int as unlinked_companies,
      count(*) filter (where status = 'PendingAuth')::int as pending_auth,
      count(distinct company_id) filter (where status = 'PendingAuth')::int as pending_auth_companies,
      count(*) filter (where status = 'PendingAuth' and created_at < ${staleBefore})::int as pending_auth_stale,
      count(distinct company_id) filter (where status = 'PendingAuth' and created_at < ${staleBefore})::int as pending_auth_stale_companies
    from connections
    where client_id = ${clientId}`.execute(db)
  return result.rows[0]!
}

export async function markConnectionSynced(trx: Transaction<Tables>, connectionId: string, at: Date): Promise<void> {
  await trx.updateTable('connections').set({ last_sync_at: at }).where('id', '=', connectionId).execute()
}

export async function listConnections(db: Db, clientId: string, companyId: string, options: PageOptions): Promise<{ rows: ConnectionRow[]; total: number }> {
  const scope = db.selectFrom('connections').where('client_id', '=', clientId).where('company_id', '=', companyId)
  return await selectPage(scope, (query) => query.select(COLUMNS), options)
}

/** Every connection of these companies, in listing order: one query for a whole page of companies. */
export async function listConnectionsOfCompanies(db: Db, clientId: string, companyIds: readonly string[]): Promise<ConnectionRow[]> {
  if (companyIds.length === 0) return []
  return await db
    .selectFrom('connections')
    .select(COLUMNS)
    .where('client_id', '=', clientId)
    .where('company_id', 'in', companyIds)
    .orderBy('created_at')
    .orderBy('seq')
    .execute()
}

export interface ConnectionChanges {
  status?: ConnectionStatusColumn
  errors?: ConnectionErrorColumn[]
  connection_info?: Record<string, unknown>
}

export async function updateConnection(db: Db, connectionId: string, changes: ConnectionChanges): Promise<ConnectionRow> {
  return await db
    .updateTable('connections')
    .set({
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.errors ? { errors: JSON.stringify(changes.errors) } : {}),
      ...(changes.connection_info ? { connection_info: JSON.stringify(changes.connection_info) } : {}),
    })
    .where('id', '=', connectionId)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
}

export async function deleteConnection(db: Db, connectionId: string): Promise<void> {
  await db.deleteFrom('connections').where('id', '=', connectionId).execute()
}

// ----- Tokens -----------------------------------------------------------------------------

export async function upsertTokens(db: Db, row: Omit<TokenRow, 'refresh_lease_owner' | 'refresh_lease_until'>): Promise<void> {
  await db
    .insertInto('connection_tokens')
    .values({ ...row, refresh_lease_owner: null, refresh_lease_until: null })
    .onConflict((conflict) =>
      conflict.column('connection_id').doUpdateSet({
        sealed: row.sealed,
        access_expires_at: row.access_expires_at,
        has_refresh_token: row.has_refresh_token,
        refresh_lease_owner: null,
        refresh_lease_until: null,
        updated_at: row.updated_at,
      }),
    )
    .execute()
}

export async function findTokens(db: Db, connectionId: string): Promise<TokenRow | undefined> {
  return await db.selectFrom('connection_tokens').select(TOKEN_COLUMNS).where('connection_id', '=', connectionId).executeTakeFirst()
}

export async function deleteTokens(db: Db, connectionId: string): Promise<TokenRow | undefined> {
  return await db.deleteFrom('connection_tokens').where('connection_id', '=', connectionId).returning(TOKEN_COLUMNS).executeTakeFirst()
}

/**
 * Takes the refresh lease if nobody holds a live one. The single UPDATE is atomic under the row
 * lock it takes, so of two workers racing exactly one gets the row back: the other waits and reads
 * the rotated token. The lease, not a transaction, spans the platform call (no network I/O ever
 * happens inside a transaction), and it expires, so a worker that dies mid-refresh blocks no one for long.
 */
export async function takeRefreshLease(db: Db, connectionId: string, owner: string, now: Date, until: Date): Promise<TokenRow | undefined> {
  return await db
    .updateTable('connection_tokens')
    .set({ refresh_lease_owner: owner, refresh_lease_until: until })
    .where('connection_id', '=', connectionId)
    .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<=', now)]))
    .returning(TOKEN_COLUMNS)
    .executeTakeFirst()
}

/** Stores the rotated tokens only if this worker still holds the lease. */
export async function storeRefreshedTokens(
  db: Db,
  connectionId: string,
  owner: string,
  tokens: Pick<TokenRow, 'sealed' | 'access_expires_at' | 'has_refresh_token' | 'updated_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('connection_tokens')
    .set({ ...tokens, refresh_lease_owner: null, refresh_lease_until: null })
    .where('connection_id', '=', connectionId)
    .where('refresh_lease_owner', '=', owner)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function releaseRefreshLease(db: Db, connectionId: string, owner: string): Promise<void> {
  await db
    .updateTable('connection_tokens')
    .set({ refresh_lease_owner: null, refresh_lease_until: null })
    .where('connection_id', '=', connectionId)
    .where('refresh_lease_owner', '=', owner)
    .execute()
}

/** Linked connections whose refreshable access token expires before `before`: the keep-alive sweep. */
export async function listTokensExpiringBefore(db: Db, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('connection_tokens')
    .innerJoin('connections', 'connections.id', 'connection_tokens.connection_id')
    .select('connection_tokens.connection_id')
    .where('connection_tokens.has_refresh_token', '=', true)
    .where('connection_tokens.access_expires_at', '<', before)
    .where('connections.status', '=', 'Linked')
    .orderBy('connection_tokens.access_expires_at')
    .limit(limit)
    .execute()
  return rows.map((row) => row.connection_id)
}
