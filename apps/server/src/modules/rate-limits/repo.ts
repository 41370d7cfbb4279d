/**
 * @module SQL for the rate limits: only this module reads or writes `rate_limit_counters` (the
 * PostgreSQL store's windows) and `rate_limit_resets` (client windows whose quota was reached).
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import { preparedStatement, type Tables } from '@linkway/db'

type Db = Kysely<Tables> | Transaction<Tables>

/**
 * Counts `hits` requests in a window, atomically: the window's first statement inserts the row (and
 * fixes the window's limit), every later one adds to it. The count returned is the window's after
 * these hits, so concurrent statements, in any process, each own a distinct run of counts, and
 * exactly one request is the one whose count first goes over the limit.
 */
export async function countRequests(db: Db, key: string, windowEnd: Date, maxCount: number, hits: number): Promise<{ count: number; max_count: number }> {
  const [row] = await countRequestsStatement.execute(db, key, windowEnd, maxCount, hits)
  return row!
}

// Raw SQL, not the query builder, and a named prepared statement: this runs on every API request.
// Building the statement cost about 20 µs of the server's CPU each time; parsing and planning it,
// PostgreSQL's.
const countRequestsStatement = preparedStatement(
  (db: Kysely<Tables>, key: string, windowEnd: Date, maxCount: number, hits: number) => sql<{ count: number; max_count: number }>`
    insert into rate_limit_counters as c (key, window_end, count, max_count) values (${key}, ${windowEnd}, ${hits}, ${maxCount})
    on conflict (key, window_end) do update set count = c.count + excluded.count
    returning count, max_count
  `,
)

export async function findCount(db: Db, key: string, windowEnd: Date): Promise<{ count: number; max_count: number } | undefined> {
  return await db.selectFrom('rate_limit_counters').select(['count', 'max_count']).where('key', '=', key).where('window_end', '=', windowEnd).executeTakeFirst()
}

/** Deletes up to `limit` windows that ended by `now`; returns how many. */
export async function deleteEndedWindows(db: Db, now: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from rate_limit_counters
    where (key, window_end) in (select key, window_end from rate_limit_counters where window_end <= ${now} limit ${limit})
  `.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

export interface ResetRow {
  client_id: string
  window_end: Date
  daily_quota: number
}

/** In the transaction that announces `client.rateLimit.reached`: the reset to announce when the window ends. */
export async function insertReset(trx: Transaction<Tables>, row: ResetRow): Promise<void> {
  await trx.insertInto('rate_limit_resets').values(row).onConflict((conflict) => conflict.doNothing()).execute()
}

export async function listEndedResets(db: Db, now: Date, limit: number): Promise<ResetRow[]> {
  return await db.selectFrom('rate_limit_resets').select(['client_id', 'window_end', 'daily_quota']).where('window_end', '<=', now).orderBy('window_end').limit(limit).execute()
}

/** Takes a reset to announce; of several workers taking the same one, exactly one gets true. */
export async function deleteReset(trx: Transaction<Tables>, clientId: string, windowEnd: Date): Promise<boolean> {
  const result = await trx.deleteFrom('rate_limit_resets').where('client_id', '=', clientId).where('window_end', '=', windowEnd).executeTakeFirst()
  return result.numDeletedRows > 0n
}
