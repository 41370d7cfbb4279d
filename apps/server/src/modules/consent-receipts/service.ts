/**
 * @module Consent receipts: recording what a person agreed to on Link's consent screen, signed, in
 * one transaction with its `connection.consented` event; reading a receipt back (client-scoped);
 * the published keys (JWKS); and purging a company's receipts with it.
 */
import type { CompanyReference, ConsentReceipt, ConsentSigningJwks, LinkCategory, RenderedConsentTexts, SignedConsentReceipt } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { Kysely, Transaction } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { CompanyReferenceRow } from '../connections/index.js'
import { emitEvent } from '../webhooks/index.js'
import * as repo from './repo.js'
import { canonicalJson, signCompactJws, type ConsentSigningKey } from './signing.js'

/** Where the public keys are published (RFC 8615's well-known space). */
export const CONSENT_JWKS_PATH = '/.well-known/linkway-consent-keys.json'

export interface ConsentReceiptsDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  publicUrl: string
  /** The first signs; every one is published. */
  signingKeys: readonly ConsentSigningKey[]
  /** The company, read in the recording transaction (its tags route the webhook). */
  findCompany(clientId: string, companyId: string, trx: Transaction<Tables>): Promise<CompanyReferenceRow | undefined>
  companyReference(company: CompanyReferenceRow): CompanyReference
}

/** What hosted Link knows at the moment of consent; the service adds the id, the time and the issuer. */
export interface ConsentToRecord {
  client: { id: string; name: string }
  companyId: string
  connectionId: string
  platform: { key: string; name: string; sourceType: string }
  category: LinkCategory
  language: ConsentReceipt['language']
  dataTypes: string[]
  texts: RenderedConsentTexts
}

export function createConsentReceiptsService(deps: ConsentReceiptsDeps) {
  const { db, clock, ids, publicUrl, signingKeys } = deps
  const jwksUrl = `${publicUrl}${CONSENT_JWKS_PATH}`
  const signed = (row: repo.ReceiptRow): SignedConsentReceipt => ({ receipt: JSON.parse(row.receipt_json) as ConsentReceipt, jws: row.jws, kid: row.kid, jwksUrl })

  return {
    /**
     * Signs and stores the receipt and emits `connection.consented` with it, all in one
     * transaction: a receipt exists exactly when its event was emitted.
     */
    async record(consent: ConsentToRecord): Promise<SignedConsentReceipt> {
      const key = signingKeys[0]
      if (!key) throw new Error('No consent signing key: the secret box has no keys')
      return await db.transaction().execute(async (trx) => {
        const company = await deps.findCompany(consent.client.id, consent.companyId, trx)
        if (!company) throw new AppError('company_not_found', { companyId: consent.companyId })
        const consentedAt = clock.now()
        const receipt: ConsentReceipt = {
          version: 1,
          receiptId: ids.uuid(),
          issuer: publicUrl,
          consentedAt: consentedAt.toISOString(),
          client: consent.client,
          company: { id: company.id, name: company.name },
          connectionId: consent.connectionId,
          platform: consent.platform,
          category: consent.category,
          language: consent.language,
          dataTypes: consent.dataTypes,
          texts: consent.texts,
        }
        const receiptJson = canonicalJson(receipt)
        const row = { id: receipt.receiptId, kid: key.kid, receipt_json: receiptJson, jws: signCompactJws(receiptJson, key) }
        await repo.publishKey(trx, key.kid, { ...key.publicJwk }, consentedAt)
        await repo.insertReceipt(trx, { id: row.id, clientId: consent.client.id, companyId: company.id, connectionId: consent.connectionId, kid: row.kid, receiptJson, jws: row.jws, consentedAt })
        const result = signed(row)
        await emitEvent(trx, { clock, ids }, {
          clientId: consent.client.id,
          eventType: 'connection.consented',
          payload: { referenceCompany: deps.companyReference(company), connectionId: consent.connectionId, consent: result },
          companyTags: company.tags,
        })
        return result
      })
    },

    /** The connection's latest receipt; another client's company or connection looks the same as a missing one. */
    async get(client: Pick<AuthenticatedClient, 'clientId'>, companyId: string, connectionId: string): Promise<SignedConsentReceipt> {
      const row = await repo.findLatest(db, client.clientId, companyId, connectionId)
      if (!row) throw new AppError('consent_not_found', { connectionId })
      return signed(row)
    },

    /**
     * What each connection's person last consented to share (its latest receipt's `dataTypes`), for
     * the connections that have a receipt; one made without Link's consent screen has none.
     */
    async consentedDataTypes(trx: Transaction<Tables>, clientId: string, companyId: string, connectionIds: readonly string[]): Promise<Map<string, readonly string[]>> {
      const rows = await repo.findLatestOfConnections(trx, clientId, companyId, connectionIds)
      return new Map(rows.map((row) => [row.connection_id, (JSON.parse(row.receipt_json) as Pick<ConsentReceipt, 'dataTypes'>).dataTypes]))
    },

    /**
     * The public keys: every configured key (the first one signs new receipts) and every key that
     * ever signed one, so a receipt stays verifiable after its key is rotated out.
     */
    async jwks(): Promise<ConsentSigningJwks> {
      const configured = signingKeys.map((key) => key.publicJwk)
      const published = (await repo.listPublishedKeys(db)).map((row) => row.public_jwk as unknown as ConsentSigningJwks['keys'][number])
      const seen = new Set(configured.map((jwk) => jwk.kid))
      return { keys: [...configured, ...published.filter((jwk) => !seen.has(jwk.kid))] }
    },

    /** The companies' onDeleting hook: a company's receipts go with it, in its deleting transaction. */
    async deleteForCompany(trx: Transaction<Tables>, clientId: string, companyId: string): Promise<void> {
      await repo.deleteForCompany(trx, clientId, companyId)
    },

    jwksUrl,
  }
}

export type ConsentReceiptsService = ReturnType<typeof createConsentReceiptsService>
