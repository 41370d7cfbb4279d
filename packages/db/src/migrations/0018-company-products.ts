/**
 * @module The products enabled for a company (`Company.products`, PUT/DELETE
 * /companies/{id}/products/{productIdentifier}): identifiers from the product catalogue
 * (@linkway/contracts' PRODUCTS), in the order they were enabled, as the reference lists them.
 * A column of companies rather than a table of its own: every read of a company shows them, and a
 * column keeps those reads (the companies list is on the hot path) one table scan.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table companies add column products text[] not null default '{}'`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table companies drop column products`.execute(db)
}
