import { sql, type Kysely } from 'kysely'

/**
 * One GIN index over a company's client, tags and name trigrams, in place of 0008's trigram index
 * on the name. A companies query such as `tags.region=uk && name~acme` is then answered inside
 * the index, each condition's entries intersected there, and only the matching companies are read:
 * with one index per condition, PostgreSQL read every company holding the name (or the tag) and
 * checked the other condition row by row. With the client as one more key (btree_gin), another
 * client's companies with the same tags and name are never read either.
 *
 * 0001's tags index stays: a name fragment too short for a trigram (`name~ac`) gives this index
 * no key for its name column, and PostgreSQL then plans no path on it at all, not even one on its
 * other columns; `tags.uid=cust-1 && name~ac` is served by the tags index, as before.
 *
 * `fastupdate = off`: with GIN's default, new entries wait in a pending list that every search
 * reads in full until a vacuum merges it; after a client creates companies in bulk, the planner
 * then finds the index dear and reads every company of the tag instead. Companies are written
 * rarely and read often, so inserts pay (0001's tags index did the same; 0008's did not).
 *
 * Measured on 10,000 companies of one client, 191 matching (docs/performance.md): the statement
 * executes in 0.44-0.47 ms, against 0.68-0.71 ms with 0008's index written at insert and 1.08 ms
 * with its entries pending. btree_gin, like pg_trgm, is a trusted extension (PostgreSQL 13+) and
 * ships with PGlite. The index is built in the migration's transaction: writes to companies wait
 * for it (about 0.1 s per 10,000 companies).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists btree_gin`.execute(db)
  await sql`create index companies_search_idx on companies using gin (client_id, tags jsonb_path_ops, name gin_trgm_ops) with (fastupdate = off)`.execute(db)
  await sql`drop index companies_name_trgm_idx`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index companies_name_trgm_idx on companies using gin (name gin_trgm_ops)`.execute(db)
  await sql`drop index companies_search_idx`.execute(db)
}
