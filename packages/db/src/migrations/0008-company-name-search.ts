import { sql, type Kysely } from 'kysely'

/**
 * `name~acme` (the query language's "contains", compiled to ILIKE) served by a trigram index
 * instead of reading every company of the client. pg_trgm is a trusted extension (PostgreSQL 13+:
 * the database's owner may create it) and ships with PGlite, which loads it at start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)
  await sql`create index companies_name_trgm_idx on companies using gin (name gin_trgm_ops)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists companies_name_trgm_idx`.execute(db)
}
