/**
 * @module OpenID Connect ID tokens from a token endpoint (Core §3.1.3.7, §12.2), checked in full on every code
 * exchange and refresh of a platform that declares `idToken`: oauth4webapi checks the claims (iss, aud, exp, sub,
 * nonce) as it reads the response; here the signature is verified against the platform's published keys, which
 * oauth4webapi leaves to the caller for a token endpoint's answer, and iat and at_hash are checked, which it does
 * not. The token itself never leaves this module: not in an error, not in a log.
 */
import { createHash } from 'node:crypto'
import type { IdTokenCheck } from '@linkway/connectors'
import * as oauth from 'oauth4webapi'
import { PlatformAuthError } from './platform-auth-error.js'
import { PLATFORM_TIMEOUT_MS } from './platform-http.js'

/**
 * How far a platform's clock may stand from Linkway's for an ID token's exp and iat: small, as the token is minutes
 * old, but not so small that an ordinary drift of a server's clock refuses every refresh.
 */
export const ID_TOKEN_CLOCK_TOLERANCE_SECONDS = 120

/**
 * The nonce of an authorization request, derived from its PKCE verifier so nothing more is stored per link: the
 * verifier is secret until the code exchange, and this hash (domain-separated from the S256 challenge) reveals nothing of it.
 */
export function idTokenNonceOf(codeVerifier: string): string {
  return createHash('sha256').update(`linkway-oidc-nonce:${codeVerifier}`).digest('base64url')
}

/**
 * The platforms' key sets, by their URL, in oauth4webapi's cache form: fetched once, then used for five minutes (and
 * fetched again for a key id not seen, below), so a busy refresh sweep does not fetch Xero's keys with every token.
 * Only public keys live here, and only from URLs the catalogue declared.
 */
const keySets = new Map<string, oauth.JWKSCacheInput>()

function keySetCacheOf(jwksUrl: string): oauth.JWKSCacheInput {
  let cache = keySets.get(jwksUrl)
  if (cache === undefined) {
    cache = {}
    keySets.set(jwksUrl, cache)
  }
  return cache
}

/**
 * Whether oauth4webapi failed on the key set's answer (not 200, not JSON, no `keys` array) rather than on the token:
 * the platform's fault, not a forgery. INVALID_RESPONSE is also its code for a bad signature, hence the message.
 */
function isKeySetUnreadable(error: oauth.OperationProcessingError): boolean {
  return error.code === oauth.RESPONSE_IS_NOT_CONFORM || error.code === oauth.RESPONSE_IS_NOT_JSON || (error.code === oauth.INVALID_RESPONSE && error.message.startsWith('"response" body "keys"'))
}

/** oauth4webapi's errors that are about the ID token, not the rest of the token response. */
const ID_TOKEN_ERROR_CODES: ReadonlySet<string> = new Set([oauth.JWT_TIMESTAMP_CHECK, oauth.JWT_CLAIM_COMPARISON, oauth.KEY_SELECTION])

/** The authorization server and client as oauth4webapi checks ID tokens with: this issuer and key set, Linkway's clock. */
export function withIdTokenCheck(as: oauth.AuthorizationServer, client: oauth.Client, check: IdTokenCheck, jwksUrl: URL, now: Date): { as: oauth.AuthorizationServer; client: oauth.Client } {
  return {
    as: { ...as, issuer: check.issuer, jwks_uri: jwksUrl.href, id_token_signing_alg_values_supported: ['RS256'] },
    client: {
      ...client,
      // oauth4webapi reads the time from Date.now(); Linkway's own clock (a test's fake one too) is what counts.
      [oauth.clockSkew]: Math.floor(now.getTime() / 1000) - Math.floor(Date.now() / 1000),
      [oauth.clockTolerance]: ID_TOKEN_CLOCK_TOLERANCE_SECONDS,
    },
  }
}

/** An oauth4webapi error raised while reading the token response, as an `invalid_id_token` when the ID token caused it. */
export function idTokenFailureOf(error: unknown): PlatformAuthError | undefined {
  if (!(error instanceof oauth.OperationProcessingError)) return undefined
  if (ID_TOKEN_ERROR_CODES.has(error.code ?? '') || /\bJWT\b|ID Token|"id_token"/.test(error.message)) return invalidIdToken(error.message)
  return undefined
}

/**
 * What oauth4webapi leaves to the caller: the signature against the platform's published keys, an iat that is not in
 * the future, and at_hash (when present) matching the access token beside it. `response` is the token endpoint's
 * Response that oauth4webapi has just processed into `result`.
 */
export async function checkIdTokenSignatureAndHashes(
  as: oauth.AuthorizationServer,
  response: Response,
  result: oauth.TokenEndpointResponse,
  now: Date,
  allowPlainHttp: boolean,
): Promise<void> {
  const claims = oauth.getValidatedIdTokenClaims(result)
  if (claims === undefined) return
  const jwksUrl = String(as.jwks_uri)
  // Plain http only where the catalogue allowed it, and platformUrl has already held the key set's URL to loopback.
  const verify = (server: oauth.AuthorizationServer) =>
    oauth.validateApplicationLevelSignature(server, response, {
      signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
      [oauth.jwksCache]: keySetCacheOf(jwksUrl),
      ...(allowPlainHttp ? { [oauth.allowInsecureRequests]: true } : {}),
    })
  try {
    try {
      await verify(as)
    } catch (error) {
      // A key id the cached set lacks: the platform may have rotated its keys since they were fetched (oauth4webapi
      // fetches them again only once its copy is a minute old). Fetch them now, once, before refusing the token.
      if (!(error instanceof oauth.OperationProcessingError && error.code === oauth.KEY_SELECTION)) throw error
      // A copy of the server's description: oauth4webapi also keeps the set it fetched per that object.
      keySets.delete(jwksUrl)
      await verify({ ...as })
    }
  } catch (error) {
    // Not reaching the key set, or a key set the platform answers with an error or garbage, is the platform's
    // outage, to retry: a link fails for now, a refresh is tried again, and nothing is taken as forged.
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || error.name === 'TypeError')) throw error
    if (error instanceof oauth.OperationProcessingError && isKeySetUnreadable(error)) {
      throw new PlatformAuthError('platform_unavailable', `The platform's published keys could not be read to check its ID token: ${error.message}`)
    }
    throw invalidIdToken(error instanceof oauth.OperationProcessingError ? error.message : 'its signature could not be verified against the published keys')
  }
  if (claims.iat > Math.floor(now.getTime() / 1000) + ID_TOKEN_CLOCK_TOLERANCE_SECONDS) throw invalidIdToken('it was issued in the future (iat)')
  const atHash = claims['at_hash']
  if (atHash !== undefined && atHash !== accessTokenHashOf(result.access_token)) throw invalidIdToken('its at_hash does not match the access token')
}

/** OpenID Connect Core §3.1.3.6 for RS256: base64url of the left half of the SHA-256 of the access token. */
function accessTokenHashOf(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url')
}

function invalidIdToken(reason: string): PlatformAuthError {
  return new PlatformAuthError('invalid_id_token', `The platform's ID token failed validation: ${reason}`)
}
