/**
 * @module API keys as material: 256 random bits, shown once, stored as SHA-256. A password KDF
 * would add nothing against 256-bit secrets and would cost milliseconds on every request.
 */
import { createHash } from 'node:crypto'
import type { RandomSource } from '../../app-deps.js'

/** A prefix makes leaked keys findable by secret scanners and tells them apart from other tokens. */
const KEY_PREFIX = 'lwk_'

export function generateApiKey(random: RandomSource): string {
  return KEY_PREFIX + random.bytes(32).toString('base64url')
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest()
}

export function apiKeyHint(key: string): string {
  return key.slice(-4)
}

/** How a listed key is shown: enough to recognise it, never enough to use it. */
export function maskedApiKey(hint: string): string {
  return `${KEY_PREFIX}…${hint}`
}

/**
 * The keys an Authorization header may carry. The reference scheme is `Basic <base64(key)>`;
 * `Basic <key>` (unencoded, a common slip) and `Bearer <key>` are accepted too. Returns no
 * candidate for anything else, so a malformed header is simply unauthorized.
 */
export function apiKeyCandidates(header: string | undefined): string[] {
  if (!header) return []
  const match = /^(Basic|Bearer)\s+(\S{1,512})\s*$/i.exec(header)
  if (!match) return []
  const [, scheme, token] = match as unknown as [string, string, string]
  if (scheme.toLowerCase() === 'bearer') return [token]
  const decoded = Buffer.from(token, 'base64').toString('utf8')
  const isPrintable = /^[\x21-\x7e]{16,256}$/.test(decoded)
  return isPrintable && decoded !== token ? [decoded, token] : [token]
}
