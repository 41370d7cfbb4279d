/**
 * @module SQL for consent receipts: only this module reads or writes `consent_receipts` and
 * `consent_signing_keys`. Every read of a receipt is scoped to its client and company.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '@linkway/db'

type Db = Kysely<Tables> | Transaction<Tables>

export interface ReceiptRow {
  id: string
  kid: string
  receipt_json: string
  jws: string
}

/** Remembers a signing key's public half the first time it signs (its receipts outlive its configuration). */
export async function publishKey(db: Db, kid: string, publicJwk: Record<string, string>, at: Date): Promise<void> {
  await db.insertInto('consent_signing_keys').values({ kid, public_jwk: JSON.stringify(publicJwk), created_at: at }).onConflict((oc) => oc.column('kid').doNothing()).execute()
}

export async function insertReceipt(
  db: Db,
  row: { id: string; clientId: string; companyId: string; connectionId: string; kid: string; receiptJson: string; jws: string; consentedAt: Date },
): Promise<void> {
  await db
    .insertInto('consent_receipts')
    .values({ id: row.id, client_id: row.clientId, company_id: row.companyId, connection_id: row.connectionId, kid: row.kid, receipt_json: row.receiptJson, jws: row.jws, consented_at: row.consentedAt })
    .execute()
}

/** The connection's latest receipt (a reconnection is a new consent), within one client's company. */
export async function findLatest(db: Db, clientId: string, companyId: string, connectionId: string): Promise<ReceiptRow | undefined> {
  return await db
    .selectFrom('consent_receipts')
    .select(['id', 'kid', 'receipt_json', 'jws'])
    .where('client_id', '=', clientId)
    .where('company_id', '=', companyId)
    .where('connection_id', '=', connectionId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** The latest receipt of each of these connections that has one, within one client's company. */
export async function findLatestOfConnections(db: Db, clientId: string, companyId: string, connectionIds: readonly string[]): Promise<Array<{ connection_id: string; receipt_json: string }>> {
  if (connectionIds.length === 0) return []
  return await db
    .selectFrom('consent_receipts')
    .select(['connection_id', 'receipt_json'])
    .distinctOn('connection_id')
    .where('client_id', '=', clientId)
    .where('company_id', '=', companyId)
    .where('connection_id', 'in', connectionIds)
    .orderBy('connection_id')
    .orderBy('seq', 'desc')
    .execute()
}

export async function deleteForCompany(db: Db, clientId: string, companyId: string): Promise<void> {
  await db.deleteFrom('consent_receipts').where('client_id', '=', clientId).where('company_id', '=', companyId).execute()
}

export async function listPublishedKeys(db: Db): Promise<Array<{ kid: string; public_jwk: Record<string, string> }>> {
  return await db.selectFrom('consent_signing_keys').select(['kid', 'public_jwk']).orderBy('created_at').orderBy('kid').execute()
}
