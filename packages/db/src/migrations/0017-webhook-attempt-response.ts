/**
 * @module What a webhook receiver answered, kept with each attempt: the first characters of its
 * response body, so whoever reads the message log sees why a receiver refused ("invalid signature")
 * without reaching for the receiver's own logs. Older attempts have none.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_attempts add column response_excerpt text`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_attempts drop column response_excerpt`.execute(db)
}
