/** @module SQL for company access tokens: only this module reads or writes `company_access_tokens`. */
import type { Tables } from '@linkway/db'
import type { Kysely, Selectable, Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>
export type CompanyTokenRow = Selectable<Tables['company_access_tokens']>

export async function insertToken(db: Db, row: CompanyTokenRow): Promise<void> {
  await db.insertInto('company_access_tokens').values(row).execute()
}

export async function findTokenByHash(db: Db, tokenHash: Buffer): Promise<CompanyTokenRow | undefined> {
  return await db.selectFrom('company_access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
}

/** Tokens that expired before `before`; returns how many went. */
export async function deleteExpiredBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('company_access_tokens').where('expires_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}
