/** @module SQL for clients: the businesses that run Linkway. Only this module reads or writes `clients`. */
import type { Tables } from '@linkway/db'
import type { Kysely, Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export async function insertClient(db: Db, row: { id: string; name: string; created_at: Date }): Promise<void> {
  await db.insertInto('clients').values(row).execute()
}

export async function hasAnyClient(db: Db): Promise<boolean> {
  return (await db.selectFrom('clients').select('id').limit(1).executeTakeFirst()) !== undefined
}

/** The client's name, or undefined when there is no such client. */
export async function findClientName(db: Db, clientId: string): Promise<string | undefined> {
  const row = await db.selectFrom('clients').select('name').where('id', '=', clientId).executeTakeFirst()
  return row?.name
}

/** The oldest client: the one the start banner and the Portal's first admin belong to. */
export async function findFirstClientId(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('clients').select('id').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst()
  return row?.id
}
