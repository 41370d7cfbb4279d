/**
 * @module Proof that a state change comes from the hosted Link page itself, not from another web
 * site that knows (or guesses) a company's id. Double submit, bound to the company:
 *
 * - Loading the page gives the browser a cookie `linkway_link_page` (a random nonce; HttpOnly,
 *   SameSite=Lax, Path=/link) and puts in the page's configuration a token sealed over
 *   `{ company, nonce, expiry }`.
 * - The Link component sends the token in `X-Link-Token` with every call. A change is accepted
 *   only when the token opens, names this company, has not expired, and carries the cookie's nonce.
 *
 * Another site cannot read the page (no CORS) nor the cookie; a cross-site form or a bodiless
 * "simple" POST cannot set the header, and a cross-site fetch that sets it is preflighted and
 * refused. A nonce already in the browser is kept, so two tabs of the same person both work.
 */
import type { SecretBox } from '@linkway/vault'
import type { Clock, RandomSource } from '../../app-deps.js'
import { cookieValue } from '../../http/cookies.js'

export const LINK_PAGE_COOKIE = 'linkway_link_page'
export const LINK_TOKEN_HEADER = 'x-link-token'
/** As long as a one-time Link URL's cookie: a person who leaves the page open for a day can still finish. */
export const LINK_PAGE_TOKEN_TTL_MS = 24 * 60 * 60_000
const TOKEN_CONTEXT = 'link_page_token'
/** 16 random bytes, base64url: what `issue` writes; anything else in the cookie is replaced. */
const NONCE = /^[A-Za-z0-9_-]{22}$/

interface TokenBody {
  /** The company. */
  c: string
  /** The cookie's nonce. */
  n: string
  /** Expiry, epoch ms. */
  x: number
}

export function createLinkPageTokens(deps: { secrets: SecretBox; clock: Clock; random: RandomSource }) {
  const { secrets, clock, random } = deps
  return {
    /** The token for a page of this company, and the cookie to set when the browser has none yet. */
    issue(companyId: string, cookieHeader: string | undefined, isSecure: boolean): { token: string; setCookie?: string } {
      const existing = cookieValue(cookieHeader, LINK_PAGE_COOKIE)
      const nonce = existing && NONCE.test(existing) ? existing : random.bytes(16).toString('base64url')
      const body: TokenBody = { c: companyId, n: nonce, x: clock.now().getTime() + LINK_PAGE_TOKEN_TTL_MS }
      const token = secrets.seal(JSON.stringify(body), TOKEN_CONTEXT).toString('base64url')
      if (nonce === existing) return { token }
      return { token, setCookie: `${LINK_PAGE_COOKIE}=${nonce}; Path=/link; HttpOnly; SameSite=Lax${isSecure ? '; Secure' : ''}` }
    },

    /** Whether this header and cookie prove the request comes from a page of this company. */
    verify(companyId: string, tokenHeader: string | undefined, cookieHeader: string | undefined): boolean {
      if (!tokenHeader || tokenHeader.length > 1000) return false
      let body: TokenBody
      try {
        body = JSON.parse(secrets.open(Buffer.from(tokenHeader, 'base64url'), TOKEN_CONTEXT)) as TokenBody
      } catch {
        return false
      }
      const nonce = cookieValue(cookieHeader, LINK_PAGE_COOKIE)
      return body.c === companyId && body.x > clock.now().getTime() && nonce !== undefined && body.n === nonce
    },
  }
}

export type LinkPageTokens = ReturnType<typeof createLinkPageTokens>
