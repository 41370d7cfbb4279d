/**
 * @module Who is calling the token or revocation endpoint: client_secret_basic (HTTP Basic with
 * the form-encoded id and secret, RFC 6749 §2.3.1) or client_secret_post (both in the body), as
 * the platform allows. Secrets are compared in constant time.
 */
import { OAuthError } from './oauth-error.js'
import type { PlatformDefinition } from './platform-definition.js'
import type { RequestParameters } from './request-parameters.js'
import { isSameSecret } from './secret-values.js'
import type { StoredClient, TokenStore } from './token-store.js'

/** Compared against when the client id is unknown, so an unknown id takes as long as a wrong secret. */
const ABSENT_SECRET = 'no client has this secret'

export function authenticateClient(store: TokenStore, platform: PlatformDefinition, authorization: string | undefined, params: RequestParameters): StoredClient {
  const basic = readBasicCredentials(authorization)
  const bodyClientId = params.get('client_id')
  const bodySecret = params.get('client_secret')

  if (basic !== undefined) {
    if (!platform.clientAuthentication.includes('client_secret_basic')) {
      throw new OAuthError('invalid_client', `${platform.displayName} does not accept HTTP Basic client authentication; send client_id and client_secret in the body.`, true)
    }
    if (bodySecret !== undefined) throw new OAuthError('invalid_request', 'The client authenticated twice (HTTP Basic and client_secret in the body); use one method.')
    if (bodyClientId !== undefined && bodyClientId !== basic.clientId) throw new OAuthError('invalid_client', 'The client_id in the body is not the one authenticated.', true)
    return verifySecret(store, basic.clientId, basic.clientSecret, true)
  }
  if (bodyClientId !== undefined && bodySecret !== undefined) {
    if (!platform.clientAuthentication.includes('client_secret_post')) {
      throw new OAuthError('invalid_client', `${platform.displayName} expects client authentication with HTTP Basic.`)
    }
    return verifySecret(store, bodyClientId, bodySecret, false)
  }
  throw new OAuthError('invalid_client', 'Client authentication is required.', authorization !== undefined)
}

function verifySecret(store: TokenStore, clientId: string, secret: string, isBasic: boolean): StoredClient {
  const client = store.getClient(clientId)
  const isMatch = isSameSecret(secret, client?.clientSecret ?? ABSENT_SECRET)
  if (client === undefined || !isMatch) throw new OAuthError('invalid_client', 'Client authentication failed.', isBasic)
  return client
}

/** The id and secret of a Basic header, or undefined when there is no Basic header. Malformed → invalid_client. */
function readBasicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | undefined {
  if (authorization === undefined) return undefined
  const match = /^basic +([A-Za-z0-9+/=_-]*) *$/i.exec(authorization)
  if (match === null) {
    if (/^basic\b/i.test(authorization)) throw new OAuthError('invalid_client', 'The Basic authorization header is malformed.', true)
    return undefined
  }
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) throw new OAuthError('invalid_client', 'The Basic authorization header is malformed.', true)
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) }
  } catch {
    throw new OAuthError('invalid_client', 'The Basic authorization header is malformed.', true)
  }
}

/** RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are joined. */
function formDecode(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '))
}
