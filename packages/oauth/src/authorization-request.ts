/**
 * @module The first leg: the URL that sends a person to the platform's consent page, with state and
 * a PKCE S256 challenge always (RFC 9700 §2.1.1), an OpenID Connect nonce where the platform's ID
 * tokens are checked, and whatever else the platform's definition adds.
 */
import { fillUrlTemplate, type OAuth2Auth } from '@linkway/connectors'
import * as oauth from 'oauth4webapi'
import { idTokenNonceOf } from './id-token.js'
import { platformUrl } from './platform-http.js'

export interface AuthorizationRequestInput {
  clientId: string
  redirectUri: string
  state: string
  codeVerifier: string
  /** Values the person gave before authorizing (Shopify's shop), for the URL templates. */
  connectionParameters: Readonly<Record<string, string>>
}

/** A fresh PKCE verifier: 32 random bytes, base64url (RFC 7636 §4.1). */
export function createCodeVerifier(): string {
  return oauth.generateRandomCodeVerifier()
}

export async function buildAuthorizationUrl(auth: OAuth2Auth, input: AuthorizationRequestInput): Promise<URL> {
  const url = platformUrl(fillUrlTemplate(auth.authorizeUrl, input.connectionParameters), { allowPlainHttp: auth.allowPlainHttp })
  const params = url.searchParams
  for (const [name, value] of Object.entries(auth.authorizeParams)) params.set(name, value)
  params.set('response_type', 'code')
  params.set('client_id', input.clientId)
  params.set('redirect_uri', input.redirectUri)
  params.set('scope', auth.scopes.join(auth.scopeSeparator))
  params.set('state', input.state)
  params.set('code_challenge', await oauth.calculatePKCECodeChallenge(input.codeVerifier))
  params.set('code_challenge_method', 'S256')
  // Binds the ID token to this request: the code exchange expects it back (derived from the verifier, so nothing more is stored).
  if (auth.idToken) params.set('nonce', idTokenNonceOf(input.codeVerifier))
  return url
}
