/**
 * @module Signed consent receipts (apps/server/src/modules/consent-receipts). `consent_receipts`
 * holds each receipt as signed: the canonical JSON that was signed and the compact JWS, so the
 * bytes a client or a person verifies are the bytes stored. `consent_signing_keys` remembers the
 * public key of every key that ever signed one: a key taken out of the configuration stays
 * published, and its receipts stay verifiable.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consent_signing_keys (
      kid text primary key,
      public_jwk jsonb not null,
      created_at timestamptz not null
    )`.execute(db)

  // No reference to connections: a receipt proves what was agreed even after its connection is
  // deleted. It goes with its company (the companies' onDeleting hook, and this cascade as the last word).
  await sql`
    create table consent_receipts (
      id uuid primary key,
      client_id uuid not null references clients(id) on delete cascade,
      company_id uuid not null references companies(id) on delete cascade,
      connection_id uuid not null,
      kid text not null references consent_signing_keys(kid),
      receipt_json text not null,
      jws text not null,
      consented_at timestamptz not null,
      seq bigint generated always as identity
    )`.execute(db)
  await sql`create index consent_receipts_connection_idx on consent_receipts (client_id, company_id, connection_id, seq desc)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table consent_receipts`.execute(db)
  await sql`drop table consent_signing_keys`.execute(db)
}
