/**
 * @module Embedded Link's server side: company access tokens (apps/server/src/modules/company-tokens)
 * and each client's CORS allow-list (apps/server/src/modules/cors-settings).
 *
 * A company access token is stored only as its SHA-256: the raw token is in the response that
 * issued it and nowhere else. It goes with its company (and its client) by cascade. The expiry
 * index serves the sweep that removes tokens a week past their expiry.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table company_access_tokens (
      token_hash bytea primary key,
      client_id uuid not null references clients(id) on delete cascade,
      company_id uuid not null references companies(id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db)
  // Deleting a company finds its tokens by this index (the cascade), the sweep by the next.
  await sql`create index company_access_tokens_company_idx on company_access_tokens (company_id)`.execute(db)
  await sql`create index company_access_tokens_expiry_idx on company_access_tokens (expires_at)`.execute(db)

  // One row per client that has set its list: the normalised origins (scheme://host[:port]), in the order given.
  await sql`
    create table cors_settings (
      client_id uuid primary key references clients(id) on delete cascade,
      allowed_origins jsonb not null,
      updated_at timestamptz not null
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table cors_settings`.execute(db)
  await sql`drop table company_access_tokens`.execute(db)
}
