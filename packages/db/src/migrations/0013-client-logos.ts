/**
 * @module Clients' uploaded logos (apps/server/src/modules/profile): one per client, the bytes as
 * checked at upload (an SVG as sanitised), served publicly by their content hash so Link pages
 * load them from Linkway itself.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table client_logos (
      client_id uuid primary key references clients(id) on delete cascade,
      content_hash text not null,
      content_type text not null,
      content bytea not null,
      uploaded_at timestamptz not null
    )`.execute(db)
  // The public route finds a logo by the hash in its URL.
  await sql`create index client_logos_content_hash_idx on client_logos (content_hash)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table client_logos`.execute(db)
}
