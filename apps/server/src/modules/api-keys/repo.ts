/** @module SQL for API keys. Every query names the client it serves. */
import { sql, type Kysely, type Transaction } from 'kysely'
import { lockUntilCommit, type Tables } from '@linkway/db'

type Db = Kysely<Tables> | Transaction<Tables>

export interface ApiKeyRow {
  id: string
  client_id: string
  name: string | null
  key_hint: string
  created_at: Date
}

export async function findKeyByHashes(
  db: Db,
  hashes: Buffer[],
): Promise<{ id: string; client_id: string; key_hash: Buffer } | undefined> {
  if (hashes.length === 0) return undefined
  return await db.selectFrom('api_keys').select(['id', 'client_id', 'key_hash']).where('key_hash', 'in', hashes).executeTakeFirst()
}

export async function listKeys(db: Db, clientId: string): Promise<ApiKeyRow[]> {
  return await db
    .selectFrom('api_keys')
    .select(['id', 'client_id', 'name', 'key_hint', 'created_at'])
    .where('client_id', '=', clientId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function countKeys(db: Db, clientId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow()
  return row.count
}

/** Serialises key changes of one client, so two requests cannot both pass the "at most 10" or "not the last" check. */
export async function lockClientKeys(trx: Transaction<Tables>, clientId: string): Promise<void> {
  await lockUntilCommit(trx, 'api_keys', clientId)
}

export async function insertKey(
  db: Db,
  key: { id: string; clientId: string; name: string | null; hash: Buffer; hint: string; createdAt: Date },
): Promise<ApiKeyRow> {
  return await db
    .insertInto('api_keys')
    .values({ id: key.id, client_id: key.clientId, name: key.name, key_hash: key.hash, key_hint: key.hint, created_at: key.createdAt })
    .returning(['id', 'client_id', 'name', 'key_hint', 'created_at'])
    .executeTakeFirstOrThrow()
}

export async function deleteKey(db: Db, clientId: string, apiKeyId: string): Promise<boolean> {
  const result = await db.deleteFrom('api_keys').where('client_id', '=', clientId).where('id', '=', apiKeyId).executeTakeFirst()
  return result.numDeletedRows > 0n
}
