/**
 * @module One-time Link URLs (Link settings `oneTimeLinks`): a company's hosted URL and a
 * connection's Link URL carry `link.otp`, a sealed token naming what it opens and until when (a
 * day). Making one stores nothing; using one writes its nonce, so it works once. Opening the
 * hosted page with a good token gives the browser a day-long cookie for that company, which the
 * page's own calls and its trips to the platforms then use.
 */
import type { Tables } from '@linkway/db'
import type { SecretBox } from '@linkway/vault'
import type { Kysely } from 'kysely'
import type { Clock, RandomSource } from '../../app-deps.js'
import { cookieValue } from '../../http/cookies.js'
import * as repo from './repo.js'

export const ONE_TIME_LINK_TTL_MS = 24 * 60 * 60_000
export const LINK_COOKIE = 'linkway_link'
const TOKEN_CONTEXT = 'link_one_time_url'
const COOKIE_CONTEXT = 'link_company_cookie'

interface TokenBody {
  /** The company it opens. */
  c: string
  /** The connection it opens (a Link URL), or absent (the company's hosted URL). */
  n?: string
  /** Expiry, epoch ms. */
  x: number
  /** Nonce: written when used. */
  u: string
}

export function createOneTimeLinks(deps: { db: Kysely<Tables>; secrets: SecretBox; clock: Clock; random: RandomSource }) {
  const { db, secrets, clock, random } = deps

  function openSealed<T>(text: string | undefined, context: string): T | undefined {
    if (!text || text.length > 2000) return undefined
    try {
      return JSON.parse(secrets.open(Buffer.from(text, 'base64url'), context)) as T
    } catch {
      return undefined
    }
  }

  return {
    /** A token for the company's hosted URL, or for one connection's Link URL. */
    mint(companyId: string, connectionId?: string): string {
      const body: TokenBody = { c: companyId, ...(connectionId ? { n: connectionId } : {}), x: clock.now().getTime() + ONE_TIME_LINK_TTL_MS, u: random.bytes(16).toString('base64url') }
      return secrets.seal(JSON.stringify(body), TOKEN_CONTEXT).toString('base64url')
    },

    /** Uses the token if it opens exactly this (company, connection), is unexpired and unused. */
    async use(token: string | undefined, companyId: string, connectionId?: string): Promise<boolean> {
      const body = openSealed<TokenBody>(token, TOKEN_CONTEXT)
      const now = clock.now()
      if (!body || body.c !== companyId || (body.n ?? undefined) !== connectionId || body.x <= now.getTime()) return false
      return await repo.insertUsedNonce(db, { nonce: body.u, used_at: now, expires_at: new Date(body.x) })
    },

    /** The cookie a used token leaves: this browser may keep working on this company for a day. */
    cookieFor(companyId: string, isSecure: boolean): string {
      const expires = clock.now().getTime() + ONE_TIME_LINK_TTL_MS
      const value = secrets.seal(JSON.stringify({ c: companyId, x: expires }), COOKIE_CONTEXT).toString('base64url')
      return `${LINK_COOKIE}=${value}; Path=/link; Max-Age=${ONE_TIME_LINK_TTL_MS / 1000}; HttpOnly; SameSite=Lax${isSecure ? '; Secure' : ''}`
    },

    /** Whether the request's cookie opens this company. */
    hasCookieFor(cookieHeader: string | undefined, companyId: string): boolean {
      const body = openSealed<{ c: string; x: number }>(cookieValue(cookieHeader, LINK_COOKIE), COOKIE_CONTEXT)
      return body !== undefined && body.c === companyId && body.x > clock.now().getTime()
    },

    /** Used nonces are kept until their token would have expired anyway. */
    async prune(): Promise<number> {
      return await repo.deleteUsedNoncesExpiredBefore(db, clock.now())
    },
  }
}

export type OneTimeLinks = ReturnType<typeof createOneTimeLinks>
