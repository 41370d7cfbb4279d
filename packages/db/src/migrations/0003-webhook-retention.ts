/**
 * @module Indexes for pruning the webhook message log: old events are found by their time, and
 * deleting one cascades to its deliveries, found by event.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('webhook_events_generated_idx').on('webhook_events').column('generated_at').execute()
  await db.schema.createIndex('webhook_deliveries_event_idx').on('webhook_deliveries').column('event_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists webhook_deliveries_event_idx`.execute(db)
  await sql`drop index if exists webhook_events_generated_idx`.execute(db)
}
