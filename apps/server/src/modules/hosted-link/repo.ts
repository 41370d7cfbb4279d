/** @module SQL for hosted Link: a company found by its id alone (its hosted URL is its credential). */
import type { Tables } from '@linkway/db'
import type { Kysely } from 'kysely'

export interface LinkCompanyRow {
  id: string
  client_id: string
  name: string
}

export async function findCompanyForLink(db: Kysely<Tables>, companyId: string): Promise<LinkCompanyRow | undefined> {
  return await db.selectFrom('companies').select(['id', 'client_id', 'name']).where('id', '=', companyId).executeTakeFirst()
}

/** The client's name, or undefined when there is no such client. */
export async function findClientName(db: Kysely<Tables>, clientId: string): Promise<string | undefined> {
  const row = await db.selectFrom('clients').select('name').where('id', '=', clientId).executeTakeFirst()
  return row?.name
}
