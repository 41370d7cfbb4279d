/**
 * @module SQL for the Link flow: only this module reads or writes `link_sessions` (one per trip to a
 * platform, found by the hash of its state) and `link_used_tokens` (the nonces of used one-time Link URLs).
 */
import type { Tables } from '@linkway/db'
import type { Kysely, Selectable, Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>
export type LinkSessionRow = Selectable<Tables['link_sessions']>

const COLUMNS = [
  'id', 'client_id', 'connection_id', 'state_hash', 'code_verifier_sealed', 'redirect_params', 'connection_params',
  'status', 'tenants', 'step_token_hash', 'pending_tokens_sealed', 'created_at', 'expires_at', 'used_at', 'return_to', 'visit_id', 'embed_origin',
] as const

export async function insertSession(
  db: Db,
  row: Pick<LinkSessionRow, 'id' | 'client_id' | 'connection_id' | 'state_hash' | 'code_verifier_sealed' | 'created_at' | 'expires_at' | 'return_to' | 'visit_id' | 'embed_origin'> & {
    redirect_params: Record<string, string>
    connection_params: Record<string, string>
  },
): Promise<void> {
  await db
    .insertInto('link_sessions')
    .values({ ...row, status: 'started', redirect_params: JSON.stringify(row.redirect_params), connection_params: JSON.stringify(row.connection_params) })
    .execute()
}

/**
 * Uses the session once: of two callbacks with the same state (a replay, a double click), exactly
 * one gets the row; an expired session is not returned.
 */
export async function claimSession(db: Db, stateHash: Buffer, now: Date): Promise<LinkSessionRow | undefined> {
  return await db
    .updateTable('link_sessions')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(COLUMNS)
    .executeTakeFirst()
}

/** A session by its state whether used or not (never claims it): to tell a replayed callback where it belongs. */
export async function findSessionByState(db: Db, stateHash: Buffer): Promise<LinkSessionRow | undefined> {
  return await db.selectFrom('link_sessions').select(COLUMNS).where('state_hash', '=', stateHash).executeTakeFirst()
}

export async function awaitTenant(db: Db, sessionId: string, changes: { tenants: Array<{ id: string; name: string }>; step_token_hash: Buffer; pending_tokens_sealed: Buffer }): Promise<void> {
  await db
    .updateTable('link_sessions')
    .set({ status: 'awaiting_tenant', tenants: JSON.stringify(changes.tenants), step_token_hash: changes.step_token_hash, pending_tokens_sealed: changes.pending_tokens_sealed })
    .where('id', '=', sessionId)
    .execute()
}

/** Finishes a session waiting for its tenant, once: the step token must match and the session must not have expired. */
export async function claimTenantStep(db: Db, sessionId: string, stepTokenHash: Buffer, now: Date): Promise<LinkSessionRow | undefined> {
  return await db
    .updateTable('link_sessions')
    // The pending tokens stay until finishSession: the caller reads them from the returned row.
    .set({ status: 'finished', step_token_hash: null })
    .where('id', '=', sessionId)
    .where('status', '=', 'awaiting_tenant')
    .where('step_token_hash', '=', stepTokenHash)
    .where('expires_at', '>', now)
    .returning(COLUMNS)
    .executeTakeFirst()
}

export async function finishSession(db: Db, sessionId: string): Promise<void> {
  await db.updateTable('link_sessions').set({ status: 'finished', pending_tokens_sealed: null }).where('id', '=', sessionId).execute()
}

/**
 * The connections a hosted Link visit took to their platform and back (finished sessions); the
 * client's own only. Whether each ended Linked is the caller's question (the connection's status).
 */
export async function connectionIdsOfVisit(db: Db, clientId: string, visitId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('link_sessions')
    .select('connection_id')
    .distinct()
    .where('client_id', '=', clientId)
    .where('visit_id', '=', visitId)
    .where('status', '=', 'finished')
    .execute()
  return rows.map((row) => row.connection_id)
}

/** Sessions are kept a day past expiry (to tell "expired" from "unknown"), then removed. */
export async function deleteSessionsExpiredBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('link_sessions').where('expires_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}

// ----- One-time Link URLs ------------------------------------------------------------------

/** Records a one-time token's nonce; false when it was already used (the primary key decides a race). */
export async function insertUsedNonce(db: Db, row: { nonce: string; used_at: Date; expires_at: Date }): Promise<boolean> {
  const inserted = await db.insertInto('link_used_tokens').values(row).onConflict((conflict) => conflict.column('nonce').doNothing()).executeTakeFirst()
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0
}

export async function deleteUsedNoncesExpiredBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('link_used_tokens').where('expires_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}
