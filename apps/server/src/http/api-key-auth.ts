/**
 * @module Puts the authenticated client on every request of the scope it is added to, and limits
 * what an address can try without a valid key: past RATE_LIMIT_AUTH_FAILURES_PER_MINUTE failures
 * in a minute, its requests are answered 429 before their key is even hashed.
 *
 * A request with no Authorization header but a live Portal session cookie acts as the session's
 * client (the Portal calls the public API this way): a change then needs the session's CSRF token
 * and the Portal's Origin, and a viewer may only read. Each change made with a session is written
 * to the audit log just before its answer is sent.
 */
import type { FastifyInstance } from 'fastify'
import { AppError } from '../app-error.js'
import type { ApiKeysService, AuthenticatedClient } from '../modules/api-keys/index.js'
import type { AuditLogService } from '../modules/audit-log/index.js'
import type { PortalUsersService } from '../modules/portal-users/index.js'
import type { RateLimitsService } from '../modules/rate-limits/index.js'
import { isChangeRequest, sessionCookieOf } from './portal-session.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The client whose API key signed this request; every query is scoped to it. */
    client: AuthenticatedClient
  }
  interface FastifyContextConfig {
    /**
     * This GET answers with a credential (a webhook signing secret, a company access token): with
     * a Portal session only an admin may read it, and the read is audited like a change. A viewer
     * holding one could forge webhooks or act as Link.
     */
    revealsSecret?: boolean
    /**
     * This POST stores nothing (a preview): with a session it still needs the CSRF token, the
     * Portal's Origin and an admin, but it is not a change for the audit log, which it would flood.
     */
    changesNothing?: boolean
  }
}

export interface PortalSessionAuth {
  portal: PortalUsersService
  audit: AuditLogService
}

export function requireApiKey(app: FastifyInstance, apiKeys: ApiKeysService, rateLimits: RateLimitsService, sessions?: PortalSessionAuth): void {
  app.decorateRequest('client', null as unknown as AuthenticatedClient)
  // onRequest runs before the body is read, so an anonymous caller cannot make us parse 1 MiB.
  app.addHook('onRequest', async (request) => {
    // Known in this process's memory: no hash, no lookup, no round trip for an address already refused.
    const blockedForSeconds = rateLimits.blockedAddress(request.ip)
    if (blockedForSeconds !== undefined) throw new AppError('rate_limited', { retryAfterSeconds: blockedForSeconds })
    try {
      const cookie = sessions && request.headers.authorization === undefined ? sessionCookieOf(request, sessions.portal.cookieName) : undefined
      const session = cookie !== undefined ? await sessions!.portal.authenticate(cookie) : undefined
      if (session) {
        // Set first, so a refused change is in the audit log too.
        request.portalSession = session
        request.client = { clientId: session.clientId, apiKeyId: `portal-session:${session.user.id}` }
        if (isChangeRequest(request.method)) {
          sessions!.portal.assertChangeAllowed(session, request.headers)
          if (session.user.role !== 'admin') throw new AppError('portal_role_refused', { role: session.user.role })
        }
        if (request.routeOptions.config.revealsSecret && session.user.role !== 'admin') throw new AppError('portal_role_refused', { role: session.user.role })
        return
      }
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
  if (!sessions) return
  // onSend, not onResponse: the entry is written before the answer leaves, so whoever reads the
  // audit log after a change (the Portal's next request) finds it.
  app.addHook('onSend', async (request, reply, payload) => {
    const session = request.portalSession
    if (!session) return payload
    // What a session reads is the client's data in a person's browser: kept out of its caches
    // (disk, back/forward) after sign-out, and never served to another cookie by a shared cache.
    const vary = reply.getHeader('vary')
    reply.header('cache-control', 'no-store').header('vary', vary ? `${String(vary)}, Cookie` : 'Cookie')
    const config = request.routeOptions.config
    if ((!isChangeRequest(request.method) || config.changesNothing) && !config.revealsSecret) return payload
    try {
      await sessions.audit.record(
        { clientId: session.clientId, userId: session.user.id, userEmail: session.user.email },
        {
          action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
          targetIds: Object.fromEntries(Object.entries((request.params ?? {}) as Record<string, unknown>).map(([name, value]) => [name, String(value)])),
          // The body as sent, secrets redacted by the audit log (a multipart upload is not kept).
          after: request.body === undefined || Buffer.isBuffer(request.body) ? undefined : { requestBody: request.body },
          status: reply.statusCode,
        },
      )
    } catch (error) {
      // The change is made and answered; a lost audit entry is logged, never turned into an error.
      request.log.error({ err: error }, 'could not record the audit entry')
    }
    return payload
  })
}
