/**
 * @module The sandbox's secrets: 256-bit random values (tokens, codes, request ids), the SHA-256
 * digests it keeps instead of them, and a comparison whose time does not depend on the input.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/** Random bytes of the given size; `crypto.randomBytes` unless a test injects its own. */
export type RandomBytes = (size: number) => Buffer

/** A fresh bearer value: 256 random bits, base64url (43 characters). */
export function generateSecret(random: RandomBytes): string {
  return random(32).toString('base64url')
}

/** What the store keys a token, code or request id by, so a leaked state file holds no usable value. */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('base64url')
}

/**
 * Whether two secrets are equal, in a time that depends on neither: both are hashed first, so the
 * comparison is always of 32 bytes and reveals not even the length.
 */
export function isSameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/** The PKCE S256 transform (RFC 7636 §4.2): base64url of the SHA-256 of the verifier. */
export function codeChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}

/** A random version-4 UUID drawn from the injected source. */
export function generateUuid(random: RandomBytes): string {
  return formatUuid(Buffer.from(random(16)))
}

/** Formats 16 bytes as a version-4 UUID (the version and variant bits are overwritten). */
export function formatUuid(bytes: Buffer): string {
  const b = Buffer.alloc(16)
  bytes.copy(b, 0, 0, 16)
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const hex = b.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
