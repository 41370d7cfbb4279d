/**
 * @module Who is calling a platform's data API: the access token's grant, checked for expiry,
 * revocation and platform, then the admin's scheduled failures and rate limits; a call let through
 * is counted, and may bring the admin's scheduled revocation of the platform's grants. Each API
 * renders a refusal in its own shape; the generic Bearer one (RFC 6750 §3) lives here too.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { GenerationContext } from './generated-data.js'
import type { PlatformDefinition, PlatformKey } from './platform-definition.js'
import type { SandboxDeps } from './sandbox-deps.js'
import type { Grant } from './token-store.js'

export type ApiRefusal =
  /** No token was sent. → 401 */
  | { kind: 'missing_token' }
  /** The token is unknown, revoked, expired or another platform's (or shop's). → 401 */
  | { kind: 'invalid_token'; description: string }
  /** The admin asked for this call to be throttled. → 429 */
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  /** The admin asked for this call to fail, as a platform's outage or timeout would. → `status` (5xx or 408) */
  | { kind: 'platform_failure'; status: number }

export type ApiAccess = { ok: true; grant: Grant; scopes: readonly string[] } | { ok: false; refusal: ApiRefusal }

export function authorizeApiCall(deps: SandboxDeps, platform: PlatformDefinition, token: string | undefined, shop?: string): ApiAccess {
  if (token === undefined) return { ok: false, refusal: { kind: 'missing_token' } }
  const record = deps.store.findAccessToken(token)
  const grant = record === undefined ? undefined : deps.store.getGrant(record.grantId)
  if (record === undefined || grant === undefined || grant.isRevoked || grant.platform !== platform.key || grant.shop !== shop) {
    return { ok: false, refusal: { kind: 'invalid_token', description: 'The access token is invalid or revoked.' } }
  }
  if (record.expiresAt !== null && deps.tokenClock.now().getTime() >= record.expiresAt) {
    return { ok: false, refusal: { kind: 'invalid_token', description: 'The access token has expired.' } }
  }
  // After authentication, so that a call with a bad token does not use up the admin's count.
  const scheduled = deps.controls.takeApiRefusal(platform.key)
  if (scheduled?.kind === 'failure') return { ok: false, refusal: { kind: 'platform_failure', status: scheduled.status } }
  if (scheduled?.kind === 'rate_limit') return { ok: false, refusal: { kind: 'rate_limited', retryAfterSeconds: scheduled.retryAfterSeconds } }
  // This call is served with the grant it was authorized with; the revocation bites from the next one.
  if (deps.controls.recordServedApiCall(platform.key)) revokeLiveGrants(deps, platform.key)
  return { ok: true, grant, scopes: record.scopes }
}

/** Revokes every live grant of the platform, as `revokeGrant` does each; returns how many. */
export function revokeLiveGrants(deps: Pick<SandboxDeps, 'store'>, platform: PlatformKey): number {
  const live = deps.store.listGrants().filter((grant) => grant.platform === platform && !grant.isRevoked)
  for (const grant of live) deps.store.revokeGrant(grant.grantId)
  return live.length
}

/** The token of an `Authorization: Bearer …` header (RFC 6750 §2.1). */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const match = /^bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(request.headers.authorization ?? '')
  return match?.[1]
}

/** The generated data a grant sees: seeded by the grant, anchored at its creation, sized by the admin, in the admin's currency when set. */
export function generationContextOf(deps: SandboxDeps, platform: PlatformDefinition, grant: Grant, overrides: Partial<Pick<GenerationContext, 'seed' | 'baseCurrency'>> = {}): GenerationContext {
  const baseCurrency = deps.controls.baseCurrency(platform.key)
  return {
    seed: grant.seed,
    anchor: grant.createdAt,
    sizeOf: (dataset) => deps.controls.datasetSize(platform, dataset),
    ...(baseCurrency === undefined ? {} : { baseCurrency }),
    ...overrides,
  }
}

/** RFC 6750 §3's refusal: 401 with a Bearer challenge, 429 with Retry-After, or the admin's injected failure. */
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
    case 'platform_failure':
      return reply.status(refusal.status).send(platformFailureBody(refusal.status))
  }
}

/** RFC 6750 §3.1's insufficient_scope: 403 naming the scope that would do. */
export function sendInsufficientScope(reply: FastifyReply, scope: string): FastifyReply {
  return reply
    .status(403)
    .header('www-authenticate', `Bearer error="insufficient_scope", scope="${scope}"`)
    .send({ error: 'insufficient_scope', error_description: `This call needs the ${scope} scope.` })
}

/** The JSON body of an injected failure: an error code for the status, and a sentence saying it was injected. */
function platformFailureBody(status: number): { error: string; error_description: string } {
  const error = status === 408 ? 'request_timeout' : status === 503 ? 'temporarily_unavailable' : 'server_error'
  return { error, error_description: `The sandbox admin asked for this call to fail with ${status}.` }
}
