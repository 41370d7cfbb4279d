/**
 * @module data_records keyed by company: one index where there were two, and no foreign key
 * checked per row. Every read of synced records starts from the company (company-level lists,
 * one record, the statements), so `(company_id, data_type, record_id, connection_id)` serves them
 * all, in the lists' order; the old key `(connection_id, data_type, record_id)` served only the
 * writes. A sync writes 1,000 rows a statement, and each row paid for both indexes and for the
 * foreign key's lookup of its connection: about a third of PostgreSQL's cost per bank transaction
 * (docs/performance.md, "Data sync").
 *
 * What the foreign key did is done otherwise: the engine locks the connection (FOR KEY SHARE,
 * through the connections module) in each page's transaction before it writes the page, so a
 * connection cannot be deleted while its page is being written; and deleting a connection deletes
 * its records in the same statement, by the trigger below, as the cascade did (also when the
 * deletion is itself a cascade from its company or client).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table data_records drop constraint data_records_connection_id_fkey`.execute(db)
  await sql`alter table data_records drop constraint data_records_pkey`.execute(db)
  await sql`drop index data_records_company_idx`.execute(db)
  await sql`alter table data_records add primary key (company_id, data_type, record_id, connection_id)`.execute(db)
  await sql`
    create function linkway_delete_connection_records() returns trigger
    language plpgsql
    as $$
    begin
      delete from data_records where company_id = old.company_id and connection_id = old.id;
      return null;
    end
    $$`.execute(db)
  await sql`create trigger connections_delete_records after delete on connections for each row execute function linkway_delete_connection_records()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger connections_delete_records on connections`.execute(db)
  await sql`drop function linkway_delete_connection_records()`.execute(db)
  await sql`alter table data_records drop constraint data_records_pkey`.execute(db)
  await sql`alter table data_records add primary key (connection_id, data_type, record_id)`.execute(db)
  await sql`create index data_records_company_idx on data_records (company_id, data_type, record_id)`.execute(db)
  await sql`delete from data_records where not exists (select 1 from connections where connections.id = data_records.connection_id)`.execute(db)
  await sql`alter table data_records add constraint data_records_connection_id_fkey foreign key (connection_id) references connections(id) on delete cascade`.execute(db)
}
