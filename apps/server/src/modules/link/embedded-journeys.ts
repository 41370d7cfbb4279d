/**
 * @module Embedded Link's trips to a platform in a popup (`display: 'popup'`). The Link component
 * runs on the client's own page; the platform's sign-in opens in a popup, which ends on Linkway's
 * page that posts the outcome to the embedding page's origin and closes. That origin is where a
 * person's result goes, so it must not come from the URL as written: the Link API checks it (the
 * request's `Origin`) and seals it, bound to the connection, into the popup's start URL
 * (`link.embed`); the start opens it and keeps it on the link session.
 */
import type { SecretBox } from '@linkway/vault'
import { AppError } from '../../app-error.js'
import type { Clock } from '../../app-deps.js'

/** A popup's start URL is opened at once (or from a "continue in a new tab" link): it outlives neither by much. */
export const EMBED_TOKEN_TTL_MS = 15 * 60_000
/** The start URL's parameter that carries the sealed origin. */
export const EMBED_PARAMETER = 'link.embed'

const embedContext = (connectionId: string) => `link_embed:${connectionId}`

/**
 * The origin a popup journey posts its result to: the embedding page's `Origin` header, exactly an
 * http(s) origin as the WHATWG parser writes it, and not Linkway's own (the hosted page never opens
 * a popup). Anything else is a 400 in the wire body, before anything changes.
 *
 * @example checkEmbedOrigin('https://app.acme.example', 'https://link.example') // 'https://app.acme.example'
 */
export function checkEmbedOrigin(origin: string | undefined, publicUrl: string): string {
  if (origin === undefined) throw new AppError('link_embed_origin_invalid', { reason: 'the request has no Origin header; send it from the page that embeds Link' })
  let parsed: URL | undefined
  try {
    parsed = new URL(origin)
  } catch {
    parsed = undefined
  }
  if (!parsed || parsed.origin !== origin || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new AppError('link_embed_origin_invalid', { reason: 'the Origin header is not an http(s) origin (scheme://host[:port])' })
  }
  if (origin === new URL(publicUrl).origin) throw new AppError('link_embed_origin_invalid', { reason: 'the Origin is Linkway’s own; hosted Link returns in its own window' })
  return origin
}

interface EmbedTokenBody {
  /** The embedding page's origin. */
  o: string
  /** Expiry, epoch ms. */
  x: number
}

export function createEmbedTokens(deps: { secrets: SecretBox; clock: Clock }) {
  const { secrets, clock } = deps
  return {
    /** The sealed origin for one connection's popup start URL. */
    seal(connectionId: string, embedOrigin: string): string {
      const body: EmbedTokenBody = { o: embedOrigin, x: clock.now().getTime() + EMBED_TOKEN_TTL_MS }
      return secrets.seal(JSON.stringify(body), embedContext(connectionId)).toString('base64url')
    },

    /** The origin sealed for this connection, unexpired; undefined for anything else (tampered, another connection's, old). */
    open(token: string, connectionId: string): string | undefined {
      if (token.length > 2000) return undefined
      try {
        const body = JSON.parse(secrets.open(Buffer.from(token, 'base64url'), embedContext(connectionId))) as EmbedTokenBody
        return typeof body.o === 'string' && typeof body.x === 'number' && body.x > clock.now().getTime() ? body.o : undefined
      } catch {
        return undefined
      }
    },
  }
}

export type EmbedTokens = ReturnType<typeof createEmbedTokens>
