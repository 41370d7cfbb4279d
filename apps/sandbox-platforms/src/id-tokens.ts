/**
 * @module OpenID Connect ID tokens, as an emulated identity server issues them: RS256 JWTs signed with a key
 * published at its JWKS URI, and the flawed ones a test asks for (a forged signature, another audience, an
 * expired or future-dated token, another nonce, an at_hash of another access token) so that a relying party's
 * checks are seen to refuse them.
 */
import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto'

/** How the next ID tokens of a platform go wrong, by the admin's choice; each is one check a relying party must make. */
export const ID_TOKEN_FLAWS = ['forged', 'wrong-audience', 'expired', 'issued-in-future', 'wrong-nonce', 'wrong-at-hash'] as const
export type IdTokenFlaw = (typeof ID_TOKEN_FLAWS)[number]

interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicJwk: Record<string, unknown>
}

export interface IdTokenSigner {
  /** The JWK Set a relying party verifies with (the published key only). */
  jwks(): { keys: Array<Record<string, unknown>> }
  /** An RS256 JWT of the claims, signed with the published key; `forged` signs with a key never published, under the same kid. */
  sign(claims: Record<string, unknown>, options?: { isForged?: boolean }): string
}

/**
 * A signer whose keys are made on first use, not at start: most sandboxes never issue an ID token, and a 2048-bit RSA
 * key takes a noticeable moment to generate. The keys live as long as the process; a restart publishes a new one,
 * which is harmless because an ID token is checked when it is received, never later.
 */
export function createIdTokenSigner(): IdTokenSigner {
  let published: SigningKey | undefined
  let unpublished: SigningKey | undefined
  const publishedKey = (): SigningKey => (published ??= generateSigningKey())
  return {
    jwks: () => ({ keys: [publishedKey().publicJwk] }),
    sign(claims, options = {}) {
      const key = publishedKey()
      // The forger knows the kid (it is public) but not the private key.
      const signingKey = options.isForged === true ? (unpublished ??= generateSigningKey()).privateKey : key.privateKey
      const signingInput = `${base64UrlJson({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64UrlJson(claims)}`
      const signature = createSign('RSA-SHA256').update(signingInput).sign(signingKey).toString('base64url')
      return `${signingInput}.${signature}`
    },
  }
}

/** OpenID Connect Core §3.1.3.6: base64url of the left half of the SHA-256 of the access token (RS256's hash). */
export function accessTokenHashOf(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url')
}

function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = publicKey.export({ format: 'jwk' })
  const kid = createHash('sha256').update(`${jwk.n}.${jwk.e}`).digest('base64url').slice(0, 16)
  return { kid, privateKey, publicJwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n: jwk.n, e: jwk.e } }
}

function base64UrlJson(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}
