/**
 * @module Serialising one kind of change per owner, for the rest of a transaction: a PostgreSQL
 * advisory lock, so a module can guard a rule such as "at most 10 API keys per client" without
 * locking a row of a table another module owns.
 */
import { sql, type Transaction } from 'kysely'
import type { Tables } from './tables.js'

/**
 * Waits until no other transaction holds `(scope, key)`, then holds it until this one commits or
 * rolls back. The two-int form keeps these apart from single-bigint advisory locks (pg-boss's,
 * the first-client lock); a hash collision between two keys only makes them wait for each other.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await lockUntilCommit(trx, 'api_keys', clientId)
 *   if ((await countKeys(trx, clientId)) >= 10) throw new AppError('api_key_limit_reached')
 *   await insertKey(trx, key)
 * })
 */
export async function lockUntilCommit(trx: Transaction<Tables>, scope: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${scope}), hashtext(${key}))`.execute(trx)
}
