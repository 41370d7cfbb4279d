/**
 * @module Who is calling a platform's data API: the access token's grant, checked for expiry,
 * revocation and platform, then the admin's rate limit. Each API renders a refusal in its own
 * shape; the generic Bearer one (RFC 6750 §3) lives here too.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { GenerationContext } from './generated-data.js'
import type { PlatformDefinition } from './platform-definition.js'
import type { SandboxDeps } from './sandbox-deps.js'
import type { Grant } from './token-store.js'

export type ApiRefusal =
  /** No token was sent. → 401 */
  | { kind: 'missing_token' }
  /** The token is unknown, revoked, expired or another platform's (or shop's). → 401 */
  | { kind: 'invalid_token'; description: string }
  /** The admin asked for this call to be throttled. → 429 */
  | { kind: 'rate_limited'; retryAfterSeconds: number }

export type ApiAccess = { ok: true; grant: Grant; scopes: readonly string[] } | { ok: false; refusal: ApiRefusal }

export function authorizeApiCall(deps: SandboxDeps, platform: PlatformDefinition, token: string | undefined, shop?: string): ApiAccess {
  if (token === undefined) return { ok: false, refusal: { kind: 'missing_token' } }
  const record = deps.store.findAccessToken(token)
  const grant = record === undefined ? undefined : deps.store.getGrant(record.grantId)
  if (record === undefined || grant === undefined || grant.isRevoked || grant.platform !== platform.key || grant.shop !== shop) {
    return { ok: false, refusal: { kind: 'invalid_token', description: 'The access token is invalid or revoked.' } }
  }
  if (record.expiresAt !== null && deps.clock.now().getTime() >= record.expiresAt) {
    return { ok: false, refusal: { kind: 'invalid_token', description: 'The access token has expired.' } }
  }
  // After authentication, so that a call with a bad token does not use up the admin's count.
  const retryAfterSeconds = deps.controls.takeRateLimit(platform.key)
  if (retryAfterSeconds !== undefined) return { ok: false, refusal: { kind: 'rate_limited', retryAfterSeconds } }
  return { ok: true, grant, scopes: record.scopes }
}

/** The token of an `Authorization: Bearer …` header (RFC 6750 §2.1). */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const match = /^bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(request.headers.authorization ?? '')
  return match?.[1]
}

/** The generated data a grant sees: seeded by the grant, anchored at its creation, sized by the admin. */
export function generationContextOf(deps: SandboxDeps, platform: PlatformDefinition, grant: Grant, overrides: Partial<Pick<GenerationContext, 'seed' | 'baseCurrency'>> = {}): GenerationContext {
  return {
    seed: grant.seed,
    anchor: grant.createdAt,
    sizeOf: (dataset) => deps.controls.datasetSize(platform, dataset),
    ...overrides,
  }
}

/** RFC 6750 §3's refusal: 401 with a Bearer challenge, or 429 with Retry-After. */
export function sendBearerRefusal(reply: FastifyReply, platform: PlatformDefinition, refusal: ApiRefusal): FastifyReply {
  switch (refusal.kind) {
    case 'missing_token':
      // §3.1: a request without credentials gets the challenge without an error code.
      return reply
        .status(401)
        .header('www-authenticate', `Bearer realm="${platform.displayName}"`)
        .send({ error: 'invalid_token', error_description: 'The request has no bearer access token.' })
    case 'invalid_token':
      return reply.status(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'invalid_token', error_description: refusal.description })
    case 'rate_limited':
      return reply
        .status(429)
        .header('retry-after', String(refusal.retryAfterSeconds))
        .send({ error: 'rate_limited', error_description: `Too many requests; retry after ${refusal.retryAfterSeconds} seconds.` })
  }
}

/** RFC 6750 §3.1's insufficient_scope: 403 naming the scope that would do. */
export function sendInsufficientScope(reply: FastifyReply, scope: string): FastifyReply {
  return reply
    .status(403)
    .header('www-authenticate', `Bearer error="insufficient_scope", scope="${scope}"`)
    .send({ error: 'insufficient_scope', error_description: `This call needs the ${scope} scope.` })
}
