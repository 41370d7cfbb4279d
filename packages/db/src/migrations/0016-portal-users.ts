/**
 * @module The Portal's accounts (apps/server/src/modules/portal-users) and its audit log
 * (apps/server/src/modules/audit-log).
 *
 * A password is stored as its scrypt hash with the parameters that made it, so they can be raised
 * later without breaking older hashes. A session, a setup link and an invitation are stored only
 * as the SHA-256 of their random token: the raw token is in the cookie or the link and nowhere else.
 * An email belongs to one client (unique across clients): signing in needs no client id.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table portal_users (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      email text not null unique,
      password_hash text not null,
      role text not null check (role in ('admin', 'viewer')),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db)
  await sql`create index portal_users_client_idx on portal_users (client_id)`.execute(db)

  await sql`
    create table portal_sessions (
      id_hash bytea primary key,
      user_id uuid not null references portal_users(id) on delete cascade,
      client_id uuid not null references clients(id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null
    )`.execute(db)
  await sql`create index portal_sessions_user_idx on portal_sessions (user_id)`.execute(db)

  // The first admin's setup link (kind 'setup', no email) and colleagues' invitations.
  await sql`
    create table portal_invitations (
      token_hash bytea primary key,
      client_id uuid not null references clients(id) on delete cascade,
      kind text not null check (kind in ('setup', 'invitation')),
      email text,
      role text not null check (role in ('admin', 'viewer')),
      invited_by uuid references portal_users(id) on delete set null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      check ((kind = 'setup') = (email is null))
    )`.execute(db)
  await sql`create index portal_invitations_client_idx on portal_invitations (client_id)`.execute(db)

  await sql`
    create table audit_log (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      user_id uuid,
      user_email text not null,
      action text not null,
      target_ids jsonb not null,
      before jsonb,
      after jsonb,
      status integer not null,
      at timestamptz not null,
      seq bigint generated always as identity
    )`.execute(db)
  await sql`create index audit_log_client_idx on audit_log (client_id, at desc, seq desc)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log`.execute(db)
  await sql`drop table portal_invitations`.execute(db)
  await sql`drop table portal_sessions`.execute(db)
  await sql`drop table portal_users`.execute(db)
}
