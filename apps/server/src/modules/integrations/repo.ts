/** @module SQL for a client's platform credentials. */
import type { Tables } from '@linkway/db'
import type { Kysely, Selectable, Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>
export type CredentialsRow = Selectable<Tables['platform_credentials']>

const COLUMNS = ['client_id', 'platform_key', 'oauth_client_id', 'client_secret_sealed', 'is_enabled', 'updated_at'] as const

export async function findCredentials(db: Db, clientId: string, platformKey: string): Promise<CredentialsRow | undefined> {
  return await db.selectFrom('platform_credentials').select(COLUMNS).where('client_id', '=', clientId).where('platform_key', '=', platformKey).executeTakeFirst()
}

/** Which platforms this client has switched on (credentials set and enabled). */
export async function listEnabledPlatformKeys(db: Db, clientId: string): Promise<string[]> {
  const rows = await db.selectFrom('platform_credentials').select('platform_key').where('client_id', '=', clientId).where('is_enabled', '=', true).execute()
  return rows.map((row) => row.platform_key)
}

export async function upsertCredentials(db: Db, row: CredentialsRow): Promise<CredentialsRow> {
  return await db
    .insertInto('platform_credentials')
    .values(row)
    .onConflict((conflict) =>
      conflict.columns(['client_id', 'platform_key']).doUpdateSet({
        oauth_client_id: row.oauth_client_id,
        client_secret_sealed: row.client_secret_sealed,
        is_enabled: row.is_enabled,
        updated_at: row.updated_at,
      }),
    )
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
}

/** Changes the given columns of a client's credentials for one platform; undefined when there are none. */
export async function updateCredentials(
  db: Db,
  clientId: string,
  platformKey: string,
  changes: Partial<Pick<CredentialsRow, 'oauth_client_id' | 'client_secret_sealed' | 'is_enabled'>> & Pick<CredentialsRow, 'updated_at'>,
): Promise<CredentialsRow | undefined> {
  return await db.updateTable('platform_credentials').set(changes).where('client_id', '=', clientId).where('platform_key', '=', platformKey).returning(COLUMNS).executeTakeFirst()
}

export async function deleteCredentials(db: Db, clientId: string, platformKey: string): Promise<boolean> {
  const result = await db.deleteFrom('platform_credentials').where('client_id', '=', clientId).where('platform_key', '=', platformKey).executeTakeFirst()
  return result.numDeletedRows > 0n
}
