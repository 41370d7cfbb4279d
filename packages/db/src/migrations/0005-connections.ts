import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table connections (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      company_id uuid not null references companies(id) on delete cascade,
      platform_key text not null,
      source_type text not null,
      status text not null check (status in ('PendingAuth', 'Linked', 'Unlinked', 'Deauthorized')),
      errors jsonb not null default '[]'::jsonb,
      connection_info jsonb not null default '{}'::jsonb,
      created_at timestamptz not null,
      last_sync_at timestamptz,
      seq bigserial not null
    )`.execute(db)
  // A company's connections in the listing order; also what company pages read in one pass.
  await sql`create index connections_company_idx on connections (company_id, created_at, seq)`.execute(db)
  // One accounting connection per company, whatever its status, until it is deleted: the index
  // holds the rule when two requests race, which a check-then-insert cannot.
  await sql`create unique index connections_one_accounting_idx on connections (company_id) where source_type = 'Accounting'`.execute(db)

  // A company's connections as one JSON array, for the statement that reads the company: GET
  // company stays one round trip. A function, as linkway_emit_event is: PL/pgSQL keeps the plan
  // of its query across calls, where the same subquery inline was planned again on every request.
  await sql`
    create function linkway_company_connections(p_company_id uuid) returns json
    language plpgsql stable
    as $$
    declare
      result json;
    begin
      select json_agg(json_build_object(
        'id', c.id, 'client_id', c.client_id, 'company_id', c.company_id, 'platform_key', c.platform_key,
        'source_type', c.source_type, 'status', c.status, 'errors', c.errors, 'connection_info', c.connection_info,
        'created_at', c.created_at, 'last_sync_at', c.last_sync_at
      ) order by c.created_at, c.seq)
      into result
      from connections c where c.company_id = p_company_id;
      return coalesce(result, '[]'::json);
    end
    $$`.execute(db)

  await sql`
    create table connection_tokens (
      connection_id uuid primary key references connections(id) on delete cascade,
      client_id uuid not null,
      sealed bytea not null,
      access_expires_at timestamptz,
      has_refresh_token boolean not null,
      refresh_lease_owner uuid,
      refresh_lease_until timestamptz,
      updated_at timestamptz not null
    )`.execute(db)
  // The keep-alive sweep: refreshable tokens by expiry.
  await sql`create index connection_tokens_expiry_idx on connection_tokens (access_expires_at) where has_refresh_token`.execute(db)

  await sql`
    create table link_sessions (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      connection_id uuid not null references connections(id) on delete cascade,
      state_hash bytea not null unique,
      code_verifier_sealed bytea not null,
      redirect_params jsonb not null default '{}'::jsonb,
      connection_params jsonb not null default '{}'::jsonb,
      status text not null default 'started' check (status in ('started', 'awaiting_tenant', 'finished')),
      tenants jsonb,
      step_token_hash bytea,
      pending_tokens_sealed bytea,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db)
  await sql`create index link_sessions_connection_idx on link_sessions (connection_id)`.execute(db)
  await sql`create index link_sessions_expiry_idx on link_sessions (expires_at)`.execute(db)

  await sql`
    create table platform_credentials (
      client_id uuid not null references clients(id) on delete cascade,
      platform_key text not null,
      oauth_client_id text not null,
      client_secret_sealed bytea not null,
      is_enabled boolean not null,
      updated_at timestamptz not null,
      primary key (client_id, platform_key)
    )`.execute(db)

  await sql`
    create table client_profiles (
      client_id uuid primary key references clients(id) on delete cascade,
      name text not null,
      logo_url text,
      icon_url text,
      redirect_url text not null default '',
      white_list_urls jsonb not null default '[]'::jsonb,
      updated_at timestamptz not null
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function linkway_company_connections(uuid)`.execute(db)
  for (const table of ['client_profiles', 'platform_credentials', 'link_sessions', 'connection_tokens', 'connections']) {
    await sql`drop table ${sql.table(table)}`.execute(db)
  }
}
