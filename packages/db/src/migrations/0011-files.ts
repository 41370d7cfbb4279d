/**
 * @module The files module's table (apps/server/src/modules/files): files a company's person
 * uploaded through hosted Link, or the client through the Files API, kept in the database
 * (bytea) so every process and every backup has them. A company's files go with it.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table files (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      company_id uuid not null references companies(id) on delete cascade,
      connection_id uuid,
      category text,
      source_type text not null,
      file_name text not null,
      content_type text not null,
      size_bytes integer not null,
      content bytea not null,
      uploaded_at timestamptz not null,
      seq bigint generated always as identity
    )`.execute(db)
  // Lists and downloads read a company's files in upload order; the daily limit counts them by
  // day. company_id leads, so deleting a company (its cascade too) finds its files by the index.
  await sql`create index files_company_uploaded_idx on files (company_id, uploaded_at, seq)`.execute(db)
  // Large files: keep them out of the main heap's TOAST compression attempts (PDFs, images and
  // spreadsheets are compressed already).
  await sql`alter table files alter column content set storage external`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table files`.execute(db)
}
