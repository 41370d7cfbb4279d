/**
 * @module The one error a platform's authorization server makes us raise. The upstream `error`
 * and `error_description` are kept as fields (a person or a log can read them); tokens, codes and
 * the raw response never are.
 */

export const PLATFORM_AUTH_ERROR_CODES = {
  /** The grant is gone: the person revoked it, a refresh token was reused, a code expired or was used. Re-authorize. */
  invalid_grant: 'invalid_grant',
  /** The platform refused our client credentials (wrong client id or secret). Fix the credentials. */
  invalid_client: 'invalid_client',
  /** The platform answered 429; `retryAfterSeconds` says when to try again. */
  rate_limited: 'rate_limited',
  /** The platform is down, timed out or answered 5xx; retrying later may succeed. */
  platform_unavailable: 'platform_unavailable',
  /** The platform answered something that is not a valid OAuth response. */
  invalid_response: 'invalid_response',
  /**
   * The platform's ID token failed a check (signature against its published keys, issuer, audience, exp or iat,
   * nonce, at_hash): the tokens beside it are not to be trusted, and are not stored. A link fails; a refresh keeps
   * the tokens it had (the platform still honours the refresh token it rotated for a while: Xero for 30 minutes), so
   * the next try may succeed, and a grant that is really gone ends as invalid_grant then. Not retried at once.
   */
  invalid_id_token: 'invalid_id_token',
} as const

export type PlatformAuthErrorCode = keyof typeof PLATFORM_AUTH_ERROR_CODES

export class PlatformAuthError extends Error {
  constructor(
    readonly code: PlatformAuthErrorCode,
    message: string,
    readonly details: { upstreamError?: string; upstreamDescription?: string; httpStatus?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message)
    this.name = 'PlatformAuthError'
  }

  /** Transient failures are retried; the rest need a person (re-authorize) or an operator (credentials). */
  get isTransient(): boolean {
    return this.code === 'rate_limited' || this.code === 'platform_unavailable'
  }
}
