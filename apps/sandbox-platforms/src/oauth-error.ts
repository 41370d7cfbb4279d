/**
 * @module The OAuth errors the servers answer with (RFC 6749 §4.1.2.1 and §5.2), a closed set.
 * Thrown inside a grant's handling; the route renders it as a redirect or a JSON body.
 */

export type OAuthErrorCode =
  /** A parameter is missing, repeated or malformed. → 400, or a redirect from authorize */
  | 'invalid_request'
  /** The client is unknown, its secret is wrong, or it used a method the platform refuses. → 401 */
  | 'invalid_client'
  /** The code or refresh token is unknown, expired, used, revoked or another client's; or PKCE failed. → 400 */
  | 'invalid_grant'
  /** The grant_type is not one the platform offers. → 400 */
  | 'unsupported_grant_type'
  /** A scope is unknown, or a refresh asks for more than was granted. → 400, or a redirect */
  | 'invalid_scope'
  /** response_type is not `code`. → redirect from authorize */
  | 'unsupported_response_type'
  /** The person chose Deny. → redirect */
  | 'access_denied'

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** Whether the client authenticated with HTTP Basic, so a 401 must challenge it (RFC 6749 §5.2). */
    readonly isBasicChallenge = false,
  ) {
    super(`${code}: ${description}`)
    this.name = 'OAuthError'
  }

  get status(): number {
    return this.code === 'invalid_client' ? 401 : 400
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description }
  }
}
