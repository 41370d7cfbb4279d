/**
 * @module Company access tokens (reference §10.3): a client's server asks for one with its API key
 * and hands it to the Link component on its own page, which sends it to the Link API as
 * `Authorization: Bearer …`. A token names one company and lasts a day; it opens that company's
 * Link API and nothing else (the API's key check never finds it). docs/embedded-link.md.
 */
import { COMPANY_ACCESS_TOKEN_TTL_SECONDS, type CompanyAccessToken } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { Kysely, Transaction } from 'kysely'
import type { Clock, RandomSource } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import * as repo from './repo.js'
import { generateCompanyToken, hashCompanyToken, isCompanyTokenForm } from './token-material.js'

const TTL_MS = COMPANY_ACCESS_TOKEN_TTL_SECONDS * 1000
/**
 * An expired token's row is kept this long after its expiry, so a page left open over a weekend
 * still hears "expired" (its host page can fetch a new one) rather than "not valid".
 */
export const EXPIRED_TOKEN_KEPT_MS = 7 * 24 * 60 * 60_000

/** What a token presented to the Link API is: good for this company, or why not. */
export type CompanyTokenVerdict = { clientId: string; companyId: string } | 'expired' | 'invalid' | 'wrong_company'

export interface CompanyTokensDeps {
  db: Kysely<Tables>
  clock: Clock
  random: RandomSource
  /** The company, if it is this client's (the companies service). */
  findCompany: (clientId: string, companyId: string, trx?: Kysely<Tables> | Transaction<Tables>) => Promise<{ id: string } | undefined>
}

export function createCompanyTokensService({ db, clock, random, findCompany }: CompanyTokensDeps) {
  return {
    /** A new token for one of the client's companies; the raw token is in this answer and nowhere else. */
    async issue(client: AuthenticatedClient, companyId: string): Promise<CompanyAccessToken> {
      if (!(await findCompany(client.clientId, companyId))) throw new AppError('company_not_found', { companyId })
      const token = generateCompanyToken(random)
      const now = clock.now()
      await repo.insertToken(db, { token_hash: hashCompanyToken(token), client_id: client.clientId, company_id: companyId, created_at: now, expires_at: new Date(now.getTime() + TTL_MS) })
      return { accessToken: token, expiresIn: COMPANY_ACCESS_TOKEN_TTL_SECONDS, tokenType: 'Bearer' }
    },

    /**
     * What a token sent to the Link API of `companyId` is. Another company's token is told apart
     * (403: a new one would not help) before its expiry (401: the host page can fetch a new one).
     */
    async verify(token: string, companyId: string): Promise<CompanyTokenVerdict> {
      if (!isCompanyTokenForm(token)) return 'invalid'
      const row = await repo.findTokenByHash(db, hashCompanyToken(token))
      if (!row) return 'invalid'
      if (row.company_id !== companyId) return 'wrong_company'
      if (row.expires_at.getTime() <= clock.now().getTime()) return 'expired'
      return { clientId: row.client_id, companyId: row.company_id }
    },

    /** The sweep: tokens a week past their expiry. Returns how many went. */
    async prune(): Promise<number> {
      return await repo.deleteExpiredBefore(db, new Date(clock.now().getTime() - EXPIRED_TOKEN_KEPT_MS))
    },
  }
}

export type CompanyTokensService = ReturnType<typeof createCompanyTokensService>
