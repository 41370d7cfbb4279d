import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Sync settings: one row for the client's defaults (company_id null) and one per company that overrides them.
  await sql`
    create table sync_settings (
      client_id uuid not null references clients(id) on delete cascade,
      company_id uuid references companies(id) on delete cascade,
      settings jsonb not null,
      overrides_defaults boolean not null default true,
      updated_at timestamptz not null
    )`.execute(db)
  await sql`create unique index sync_settings_client_idx on sync_settings (client_id) where company_id is null`.execute(db)
  await sql`create unique index sync_settings_company_idx on sync_settings (company_id) where company_id is not null`.execute(db)

  // A read: the datasets queued together (a first link, data/all, one data type, a schedule tick).
  // read.completed is sent once, when the last of them finishes; the row is what serialises that.
  await sql`
    create table data_reads (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      company_id uuid not null references companies(id) on delete cascade,
      is_initial boolean not null,
      requested timestamptz not null,
      completed timestamptz
    )`.execute(db)

  // A dataset (the wire's PullOperation): one sync of one data type from one connection. cursor is
  // where the next page starts, written with each page's records, so a killed worker resumes there.
  await sql`
    create table datasets (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      company_id uuid not null references companies(id) on delete cascade,
      connection_id uuid not null references connections(id) on delete cascade,
      read_id uuid not null references data_reads(id) on delete cascade,
      data_type text not null,
      status text not null,
      status_description text,
      error_message text,
      requested timestamptz not null,
      started timestamptz,
      completed timestamptz,
      progress int not null default 0,
      records_read int not null default 0,
      records_modified int not null default 0,
      total_records int,
      modified_since timestamptz,
      cursor jsonb,
      attempts int not null default 0,
      lease_owner uuid,
      lease_until timestamptz,
      seq bigserial not null
    )`.execute(db)
  // One running dataset per connection and data type: the index holds the rule when two requests race.
  await sql`create unique index datasets_one_running_idx on datasets (connection_id, data_type) where status in ('Initial', 'Queued', 'Fetching', 'Mapping')`.execute(db)
  await sql`create index datasets_company_idx on datasets (company_id, requested, seq)`.execute(db)
  await sql`create index datasets_read_idx on datasets (read_id)`.execute(db)
  await sql`create index datasets_connection_type_idx on datasets (connection_id, data_type, requested)`.execute(db)
  // What the recovery sweep scans: running datasets whose worker stopped renewing the lease.
  await sql`create index datasets_running_lease_idx on datasets (lease_until) where status in ('Initial', 'Queued', 'Fetching', 'Mapping')`.execute(db)

  // Synced records in the unified model, one row per platform record. Deleting the connection
  // deletes its records in the same statement (the cascade), so none is readable afterwards.
  await sql`
    create table data_records (
      connection_id uuid not null references connections(id) on delete cascade,
      data_type text not null,
      record_id text not null,
      client_id uuid not null,
      company_id uuid not null,
      modified_at timestamptz,
      dataset_id uuid not null,
      data jsonb not null,
      primary key (connection_id, data_type, record_id)
    )`.execute(db)
  // Company-level lists (accounting data types) read across the company's connections in id order.
  await sql`create index data_records_company_idx on data_records (company_id, data_type, record_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table data_records`.execute(db)
  await sql`drop table datasets`.execute(db)
  await sql`drop table data_reads`.execute(db)
  await sql`drop table sync_settings`.execute(db)
}
