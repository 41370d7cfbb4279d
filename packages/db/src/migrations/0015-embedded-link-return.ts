/**
 * @module Embedded Link's trips to a platform in a popup: a link session can end by posting its
 * outcome to the page that embeds Link (`return_to = 'embedded'`), whose origin it keeps. The
 * origin is where the result may go, so a session has one exactly when it is embedded.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // 0006 declared the check inline, so PostgreSQL named it <table>_<column>_check.
  await sql`alter table link_sessions drop constraint link_sessions_return_to_check`.execute(db)
  await sql`alter table link_sessions add constraint link_sessions_return_to_check check (return_to in ('redirect', 'hosted', 'embedded'))`.execute(db)
  await sql`alter table link_sessions add column embed_origin text`.execute(db)
  await sql`alter table link_sessions add constraint link_sessions_embed_origin_check check ((return_to = 'embedded') = (embed_origin is not null))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // An embedded journey has nowhere to return without its origin: its sessions go with the column.
  await sql`delete from link_sessions where return_to = 'embedded'`.execute(db)
  await sql`alter table link_sessions drop constraint link_sessions_embed_origin_check`.execute(db)
  await sql`alter table link_sessions drop column embed_origin`.execute(db)
  await sql`alter table link_sessions drop constraint link_sessions_return_to_check`.execute(db)
  await sql`alter table link_sessions add constraint link_sessions_return_to_check check (return_to in ('redirect', 'hosted'))`.execute(db)
}
