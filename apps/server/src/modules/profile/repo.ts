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
