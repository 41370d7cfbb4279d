/** @module SQL for CORS settings: only this module reads or writes `cors_settings`. */
import type { Tables } from '@linkway/db'
import type { Kysely, Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export async function findAllowedOrigins(db: Db, clientId: string): Promise<string[] | undefined> {
  const row = await db.selectFrom('cors_settings').select('allowed_origins').where('client_id', '=', clientId).executeTakeFirst()
  return row?.allowed_origins
}

export async function upsertAllowedOrigins(db: Db, clientId: string, origins: string[], now: Date): Promise<void> {
  const json = JSON.stringify(origins)
  await db
    .insertInto('cors_settings')
    .values({ client_id: clientId, allowed_origins: json, updated_at: now })
    .onConflict((conflict) => conflict.column('client_id').doUpdateSet({ allowed_origins: json, updated_at: now }))
    .execute()
}
