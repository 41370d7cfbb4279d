/** @module SQL for clients' profiles: only this module reads or writes `client_profiles`. */
import type { Tables } from '@linkway/db'
import type { Kysely, Selectable, Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>
export type ProfileRow = Selectable<Tables['client_profiles']>

const COLUMNS = ['client_id', 'name', 'logo_url', 'icon_url', 'redirect_url', 'white_list_urls', 'updated_at'] as const

export async function findProfile(db: Db, clientId: string): Promise<ProfileRow | undefined> {
  return await db.selectFrom('client_profiles').select(COLUMNS).where('client_id', '=', clientId).executeTakeFirst()
}

export async function upsertProfile(db: Db, row: ProfileRow): Promise<ProfileRow> {
  const values = { ...row, white_list_urls: JSON.stringify(row.white_list_urls) }
  return await db
    .insertInto('client_profiles')
    .values(values)
    .onConflict((conflict) =>
      conflict.column('client_id').doUpdateSet({
        name: values.name,
        logo_url: values.logo_url,
        icon_url: values.icon_url,
        redirect_url: values.redirect_url,
        white_list_urls: values.white_list_urls,
        updated_at: values.updated_at,
      }),
    )
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
}

export type ClientLogoRow = Selectable<Tables['client_logos']>

/** One logo per client: a new upload replaces the last. */
export async function upsertLogo(db: Db, row: ClientLogoRow): Promise<void> {
  await db
    .insertInto('client_logos')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('client_id').doUpdateSet({ content_hash: row.content_hash, content_type: row.content_type, content: row.content, uploaded_at: row.uploaded_at }),
    )
    .execute()
}

/** Public by design (Link pages show it to anyone): found by its content hash alone. */
export async function findLogoByHash(db: Db, contentHash: string): Promise<Pick<ClientLogoRow, 'content_type' | 'content'> | undefined> {
  return await db.selectFrom('client_logos').select(['content_type', 'content']).where('content_hash', '=', contentHash).limit(1).executeTakeFirst()
}

export async function deleteLogo(db: Db, clientId: string): Promise<Pick<ClientLogoRow, 'content_hash' | 'content_type'> | undefined> {
  return await db.deleteFrom('client_logos').where('client_id', '=', clientId).returning(['content_hash', 'content_type']).executeTakeFirst()
}
