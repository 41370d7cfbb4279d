import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table link_settings (
      client_id uuid primary key references clients(id) on delete cascade,
      settings jsonb not null,
      updated_at timestamptz not null
    )`.execute(db)

  // One row per step a person reaches in a Link visit: the funnel the portal's conversion chart reads.
  await sql`
    create table link_funnel_events (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      company_id uuid not null references companies(id) on delete cascade,
      visit_id uuid not null,
      event text not null,
      category text,
      platform_key text,
      step text,
      occurred_at timestamptz not null
    )`.execute(db)
  await sql`create index link_funnel_events_client_time_idx on link_funnel_events (client_id, occurred_at)`.execute(db)

  // One-time Link URLs are sealed tokens (nothing stored when they are made); a token's nonce is
  // written here when it is used, so it works once. Rows outlive the token's own expiry by nothing.
  await sql`
    create table link_used_tokens (
      nonce text primary key,
      used_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db)
  await sql`create index link_used_tokens_expiry_idx on link_used_tokens (expires_at)`.execute(db)

  // A journey started from hosted Link comes back to it (not straight to the client's redirect).
  await sql`alter table link_sessions add column return_to text check (return_to in ('redirect', 'hosted')) not null default 'redirect'`.execute(db)
  await sql`alter table link_sessions add column visit_id uuid`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table link_sessions drop column visit_id`.execute(db)
  await sql`alter table link_sessions drop column return_to`.execute(db)
  await sql`drop table link_used_tokens`.execute(db)
  await sql`drop table link_funnel_events`.execute(db)
  await sql`drop table link_settings`.execute(db)
}
