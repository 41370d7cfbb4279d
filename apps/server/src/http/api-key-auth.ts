/**
 * @module Puts the authenticated client on every request of the scope it is added to, and limits
 * what an address can try without a valid key: past RATE_LIMIT_AUTH_FAILURES_PER_MINUTE failures
 * in a minute, its requests are answered 429 before their key is even hashed.
 */
import type { FastifyInstance } from 'fastify'
import { AppError } from '../app-error.js'
import type { ApiKeysService, AuthenticatedClient } from '../modules/api-keys/index.js'
import type { RateLimitsService } from '../modules/rate-limits/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The client whose API key signed this request; every query is scoped to it. */
    client: AuthenticatedClient
  }
}

export function requireApiKey(app: FastifyInstance, apiKeys: ApiKeysService, rateLimits: RateLimitsService): void {
  app.decorateRequest('client', null as unknown as AuthenticatedClient)
  // onRequest runs before the body is read, so an anonymous caller cannot make us parse 1 MiB.
  app.addHook('onRequest', async (request) => {
    // Known in this process's memory: no hash, no lookup, no round trip for an address already refused.
    const blockedForSeconds = rateLimits.blockedAddress(request.ip)
    if (blockedForSeconds !== undefined) throw new AppError('rate_limited', { retryAfterSeconds: blockedForSeconds })
    try {
      request.client = await apiKeys.authenticate(request.headers.authorization)
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') {
        // Every failure is counted in the shared store, so the limit holds across processes.
        const decision = await rateLimits.countFailedAuthentication(request.ip)
        if (!decision.isAllowed) throw new AppError('rate_limited', { retryAfterSeconds: decision.retryAfterSeconds })
      }
      throw error
    }
  })
}
