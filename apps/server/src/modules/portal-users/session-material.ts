/**
 * @module The Portal's random material: session ids (the cookie), setup and invitation tokens,
 * each 256 random bits and stored as SHA-256 only; the CSRF token, an HMAC of the session id under
 * a key derived from the encryption keys (nothing to store, and useless without the cookie).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { RandomSource } from '../../app-deps.js'

export const SESSION_COOKIE = 'linkway_portal'

/**
 * The session cookie's name: over https, `__Host-linkway_portal`, which a browser accepts only from
 * this host, Secure, on Path=/ and without Domain, so a sibling subdomain cannot plant one
 * (cookie tossing); over http (a developer's machine) the plain name.
 */
export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE
}

export function generateToken(random: RandomSource): string {
  return random.bytes(32).toString('base64url')
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** A token as this module makes them (43 base64url characters); anything else is refused before a lookup. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token)
}

export function csrfTokenOf(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(`portal-csrf:${sessionId}`, 'utf8').digest('base64url')
}

export function isCsrfTokenValid(key: Buffer, sessionId: string, sent: string | undefined): boolean {
  if (sent === undefined) return false
  const expected = Buffer.from(csrfTokenOf(key, sessionId), 'utf8')
  const actual = Buffer.from(sent, 'utf8')
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * The origin rule for a change made with the session cookie: the request's Origin is PUBLIC_URL's;
 * or, when a browser sends none, its Sec-Fetch-Site says same-origin. A request with neither
 * (curl with a stolen cookie and token) is refused: the Portal is a browser's.
 */
export function isSameOriginRequest(headers: { origin?: string | undefined; 'sec-fetch-site'?: string | string[] | undefined }, publicUrl: string): boolean {
  const origin = headers.origin
  if (origin !== undefined) return origin === new URL(publicUrl).origin
  return headers['sec-fetch-site'] === 'same-origin'
}

/** The Set-Cookie value for a session: HttpOnly, SameSite=Lax, Path=/, Secure when Linkway is served over https. */
export function sessionCookie(sessionId: string, publicUrl: string, maxAgeSeconds: number): string {
  const secure = publicUrl.startsWith('https:') ? '; Secure' : ''
  return `${sessionCookieName(publicUrl)}=${sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`
}

export function clearedSessionCookie(publicUrl: string): string {
  return sessionCookie('', publicUrl, 0)
}
