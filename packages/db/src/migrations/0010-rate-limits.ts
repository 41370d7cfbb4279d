/**
 * @module The rate limits' tables (apps/server/src/modules/rate-limits). `rate_limit_counters` is
 * the shared count of each fixed window (a client's day, an address's minute): one row per key
 * and window, bumped by one upsert per request. `rate_limit_resets` remembers each client window
 * whose quota was reached, until the worker announces its reset.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // UNLOGGED: every API request bumps a row here, and a change to an unlogged table writes no WAL,
  // so its commit waits for no disk flush. A crash empties the table: the windows then count
  // from zero, which can let requests through but never refuses one wrongly.
  await sql`
    create unlogged table rate_limit_counters (
      key text not null,
      window_end timestamptz not null,
      count integer not null,
      max_count integer not null,
      primary key (key, window_end)
    )`.execute(db)
  await sql`create index rate_limit_counters_window_end_idx on rate_limit_counters (window_end)`.execute(db)

  await sql`
    create table rate_limit_resets (
      client_id uuid not null references clients(id) on delete cascade,
      window_end timestamptz not null,
      daily_quota integer not null,
      primary key (client_id, window_end)
    )`.execute(db)
  await sql`create index rate_limit_resets_window_end_idx on rate_limit_resets (window_end)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_limit_resets`.execute(db)
  await sql`drop table rate_limit_counters`.execute(db)
}
