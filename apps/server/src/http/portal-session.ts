/**
 * @module The Portal's session on a request: the `linkway_portal` cookie read into
 * `request.portalSession`. The Portal's own endpoints and the public API (which accepts a session
 * where no API key is sent) read it the same way; the change rule (X-CSRF-Token and Origin) is
 * the portal-users service's.
 */
import type { FastifyRequest } from 'fastify'
import type { SessionContext } from '../modules/portal-users/index.js'
import { soleCookieValue } from './cookies.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The Portal session that authenticated this request, when one did (not an API key). */
    portalSession: SessionContext | null
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isChangeRequest(method: string): boolean {
  return !SAFE_METHODS.has(method)
}

/** The session cookie of a request, under `cookieName` (the portal-users service's); none when it comes twice. */
export function sessionCookieOf(request: FastifyRequest, cookieName: string): string | undefined {
  return soleCookieValue(request.headers.cookie, cookieName)
}
