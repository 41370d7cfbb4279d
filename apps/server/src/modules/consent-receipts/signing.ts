/**
 * @module The receipts' signatures: Ed25519 keys derived from the encryption keys (so they are kept,
 * configured and rotated as those are: ENCRYPTION_KEYS, or DATA_DIR/encryption-keys in embedded
 * mode), canonical JSON, and the compact JWS (RFC 7515, `alg` EdDSA per RFC 8037) over it.
 */
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto'
import type { SecretBox } from '@linkway/vault'

/** HKDF's info for these keys: a subkey for any other purpose is unrelated to them. */
const SIGNING_KEY_PURPOSE = 'consent-receipt-signing-v1'
/** PKCS#8 for an Ed25519 private key: this prefix, then the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

export interface ConsentPublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
  kid: string
  alg: 'EdDSA'
  use: 'sig'
}

export interface ConsentSigningKey {
  kid: string
  privateKey: KeyObject
  publicJwk: ConsentPublicJwk
}

/**
 * One signing key per encryption key, the current one first (it signs; the others are published).
 * The kid names the encryption key it comes from: `consent-<keyId>`.
 */
export function consentSigningKeys(secrets: Pick<SecretBox, 'deriveKeys'>): ConsentSigningKey[] {
  return secrets.deriveKeys(SIGNING_KEY_PURPOSE).map(({ id, key }) => {
    const kid = `consent-${id}`
    const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, key]), format: 'der', type: 'pkcs8' })
    const { x } = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string }
    return { kid, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } }
  })
}

/**
 * JSON with object keys sorted at every level and no whitespace: the same object always gives the
 * same bytes, so a verifier can re-derive them. Receipts hold only strings, arrays and objects.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/** A compact JWS over `payload` (already canonical JSON): `header.payload.signature`, base64url. */
export function signCompactJws(payload: string, key: ConsentSigningKey): string {
  const header = Buffer.from(canonicalJson({ alg: 'EdDSA', kid: key.kid, typ: 'linkway-consent-receipt+jws' })).toString('base64url')
  const body = Buffer.from(payload, 'utf8').toString('base64url')
  const signature = sign(null, Buffer.from(`${header}.${body}`, 'ascii'), key.privateKey).toString('base64url')
  return `${header}.${body}.${signature}`
}
