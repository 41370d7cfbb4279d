/** @module SQL for readiness: one round trip that proves the database answers. This module owns no table. */
import type { Tables } from '@linkway/db'
import { sql, type Kysely } from 'kysely'

export async function pingDatabase(db: Kysely<Tables>): Promise<void> {
  await sql`select 1`.execute(db)
}
