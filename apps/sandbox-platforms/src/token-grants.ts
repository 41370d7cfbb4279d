/**
 * @module The token endpoint's grants and the revocation endpoint: authorization_code with PKCE
 * (RFC 6749 §4.1.3, RFC 7636 §4.6), rotating refresh tokens with reuse detection (RFC 9700
 * §4.14.2), and revocation (RFC 7009). Every failure is an OAuthError; nothing here knows HTTP.
 */
import { readScopes } from './authorization-request.js'
import { authenticateClient } from './client-authentication.js'
import { OAuthError } from './oauth-error.js'
import { accessTokenHashOf } from './id-tokens.js'
import type { IdTokenDefinition, IssuedTokens, PlatformDefinition } from './platform-definition.js'
import type { RequestParameters } from './request-parameters.js'
import type { SandboxDeps } from './sandbox-deps.js'
import { codeChallengeOf, generateSecret, isSameSecret } from './secret-values.js'
import type { Grant, StoredClient } from './token-store.js'

export interface TokenCall {
  params: RequestParameters
  /** The Authorization header, for client_secret_basic. */
  authorization: string | undefined
  /** The route's shop for per-shop platforms: a code or token is good at its own shop only. */
  shop: string | undefined
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/

/** Answers a token request with the body to send, or throws the OAuthError to send. */
export function exchangeToken(deps: SandboxDeps, platform: PlatformDefinition, call: TokenCall): Record<string, unknown> {
  const client = authenticateClient(deps.store, platform, call.authorization, call.params)
  const grantType = call.params.get('grant_type') ?? platform.defaultGrantType
  if (grantType === undefined) throw new OAuthError('invalid_request', 'The grant_type parameter is required.')
  if (grantType === 'authorization_code') return redeemCode(deps, platform, client, call)
  if (grantType === 'refresh_token' && platform.refreshTokens !== 'never') return refreshGrant(deps, platform, client, call)
  throw new OAuthError('unsupported_grant_type', `${platform.displayName} does not support grant_type=${grantType}.`)
}

function redeemCode(deps: SandboxDeps, platform: PlatformDefinition, client: StoredClient, call: TokenCall): Record<string, unknown> {
  const { params } = call
  const code = params.get('code')
  if (code === undefined) throw new OAuthError('invalid_request', 'The code parameter is required.')
  const redirectUri = params.get('redirect_uri')
  if (platform.tokenRequiresRedirectUri && redirectUri === undefined) throw new OAuthError('invalid_request', 'The redirect_uri parameter is required.')
  const verifier = platform.pkce === 'ignored' ? undefined : params.get('code_verifier')

  const record = deps.store.findCode(code)
  const grant = record === undefined ? undefined : deps.store.getGrant(record.grantId)
  if (record === undefined || grant === undefined || !isGrantOf(grant, platform, call.shop)) throw new OAuthError('invalid_grant', 'The authorization code is invalid.')
  // Not spent: another client must not be able to burn this client's code.
  if (record.clientId !== client.clientId) throw new OAuthError('invalid_grant', 'The authorization code was issued to another client.')
  if (record.isUsed) {
    // RFC 6749 §4.1.2: a code used twice may have been stolen, so what it bought is taken back.
    deps.store.revokeGrant(grant.grantId)
    throw new OAuthError('invalid_grant', 'The authorization code was already used; the tokens issued from it are revoked.')
  }

  // Spent from here on, whatever follows: a code is tried once.
  deps.store.markCodeUsed(code)
  const refuse = (description: string): never => {
    deps.store.revokeGrant(grant.grantId)
    throw new OAuthError('invalid_grant', description)
  }
  if (deps.tokenClock.now().getTime() >= record.expiresAt) refuse('The authorization code has expired.')
  if (platform.tokenRequiresRedirectUri && redirectUri !== record.redirectUri) refuse('The redirect_uri is not the one of the authorization request.')
  if (record.codeChallenge !== undefined) {
    if (verifier === undefined) refuse('The code_verifier parameter is required: the authorization request had a code_challenge.')
    else if (!CODE_VERIFIER.test(verifier) || !isSameSecret(codeChallengeOf(verifier), record.codeChallenge)) refuse('The code_verifier does not match the code_challenge.')
  } else if (verifier !== undefined) {
    // RFC 9700 §2.1.1: a verifier for a code issued without a challenge is a PKCE downgrade.
    refuse('A code_verifier was sent, but the authorization request had no code_challenge.')
  }
  return issueFor(deps, platform, grant, grant.scopes, grant.scopes, record.nonce)
}

function refreshGrant(deps: SandboxDeps, platform: PlatformDefinition, client: StoredClient, call: TokenCall): Record<string, unknown> {
  const token = call.params.get('refresh_token')
  if (token === undefined) throw new OAuthError('invalid_request', 'The refresh_token parameter is required.')
  const requested = call.params.get('scope')
  const record = deps.store.findRefreshToken(token)
  const grant = record === undefined ? undefined : deps.store.getGrant(record.grantId)
  if (record === undefined || grant === undefined || grant.isRevoked || !isGrantOf(grant, platform, call.shop)) throw new OAuthError('invalid_grant', 'The refresh token is invalid or revoked.')
  if (grant.clientId !== client.clientId) throw new OAuthError('invalid_grant', 'The refresh token was issued to another client.')
  const isInGrace = record.isUsed && platform.rotatedRefreshTokenGraceSeconds !== undefined && deps.store.isWithinReuseGrace(record, platform.rotatedRefreshTokenGraceSeconds)
  if (record.isUsed && !isInGrace) {
    // Rotation means only the latest refresh token is good; an older one coming back means two
    // parties hold the grant, and the server cannot tell which is the client.
    deps.store.revokeGrant(grant.grantId)
    throw new OAuthError('invalid_grant', 'The refresh token was already used; the grant is revoked.')
  }
  let scopes = record.scopes
  // A narrower scope narrows the access token only; the new refresh token keeps the old one's scope (RFC 6749 §6).
  if (requested !== undefined) {
    scopes = readScopes(platform, requested)
    const extra = scopes.filter((scope) => !grant.scopes.includes(scope))
    if (extra.length > 0) throw new OAuthError('invalid_scope', `The refresh asks for scopes not granted: ${extra.join(', ')}.`)
  }
  deps.store.useRefreshToken(token)
  return issueFor(deps, platform, grant, scopes, record.scopes)
}

/** Handles a revocation request (RFC 7009 §2.1): any token of a grant revokes the whole grant. */
export function revokeToken(deps: SandboxDeps, platform: PlatformDefinition, call: TokenCall): void {
  const client = authenticateClient(deps.store, platform, call.authorization, call.params)
  const token = call.params.get('token')
  if (token === undefined) throw new OAuthError('invalid_request', 'The token parameter is required.')
  // token_type_hint is only a hint (§2.1): both kinds are looked up whatever it says.
  const grant = deps.store.findGrantByToken(token)
  // §2.2: an unknown token, or another client's, is answered with 200 all the same.
  if (grant !== undefined && grant.clientId === client.clientId && isGrantOf(grant, platform, call.shop)) deps.store.revokeGrant(grant.grantId)
}

function isGrantOf(grant: Grant, platform: PlatformDefinition, shop: string | undefined): boolean {
  return grant.platform === platform.key && grant.shop === shop
}

function issueFor(deps: SandboxDeps, platform: PlatformDefinition, grant: Grant, scopes: readonly string[], refreshScopes: readonly string[], nonce?: string): Record<string, unknown> {
  const withRefreshToken = platform.refreshTokens === 'always' || (platform.refreshTokens === 'with-offline-scope' && grant.scopes.includes('offline_access'))
  const accessTtlSeconds = platform.accessTokensExpire ? deps.accessTokenTtlSeconds : undefined
  const { accessToken, refreshToken } = deps.store.issueTokens(grant, scopes, {
    accessTtlSeconds,
    refreshScopes: withRefreshToken ? refreshScopes : undefined,
    claims: platform.accessTokenClaims?.(grant, scopes),
  })
  const idToken = platform.idToken !== undefined && grant.scopes.includes('openid') ? issueIdToken(deps, platform, platform.idToken, grant, accessToken, nonce) : undefined
  const issued: IssuedTokens = {
    accessToken,
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(accessTtlSeconds !== undefined ? { expiresInSeconds: accessTtlSeconds } : {}),
    scopes,
    ...(idToken !== undefined ? { idToken } : {}),
  }
  return platform.presentTokens?.(issued, { grant, now: deps.clock.now() }) ?? presentOAuthTokens(issued, platform)
}

/** RFC 6749 §5.1's token response. */
function presentOAuthTokens(tokens: IssuedTokens, platform: PlatformDefinition): Record<string, unknown> {
  return {
    access_token: tokens.accessToken,
    token_type: 'Bearer',
    ...(tokens.expiresInSeconds !== undefined ? { expires_in: tokens.expiresInSeconds } : {}),
    ...(tokens.refreshToken !== undefined ? { refresh_token: tokens.refreshToken } : {}),
    scope: tokens.scopes.join(platform.scopeSeparator),
    ...(tokens.idToken !== undefined ? { id_token: tokens.idToken } : {}),
    ...platform.tokenResponseExtras,
  }
}

/** How long before now an `expired` ID token ran out, and how far ahead an `issued-in-future` one is: past any relying party's tolerance. */
const FLAWED_BY_SECONDS = 600

/**
 * An ID token for this issuance (OpenID Connect Core §2), dated by the token clock as the access token beside it is.
 * A refresh sends no nonce, so its ID token carries none (§12.2); auth_time stays the approval's.
 */
function issueIdToken(deps: SandboxDeps, platform: PlatformDefinition, definition: IdTokenDefinition, grant: Grant, accessToken: string, nonce: string | undefined): string {
  const flaw = deps.controls.takeIdTokenFlaw(platform.key)
  const now = Math.floor(deps.tokenClock.now().getTime() / 1000)
  const issuedAt = flaw === 'expired' ? now - definition.lifetimeSeconds - FLAWED_BY_SECONDS : flaw === 'issued-in-future' ? now + FLAWED_BY_SECONDS : now
  const sentNonce = flaw === 'wrong-nonce' ? generateSecret(deps.random) : nonce
  const claims = {
    iss: definition.issuer,
    aud: flaw === 'wrong-audience' ? `not-${grant.clientId}` : grant.clientId,
    exp: issuedAt + definition.lifetimeSeconds,
    iat: issuedAt,
    auth_time: Math.floor((grant.authenticatedAt ?? grant.createdAt) / 1000),
    ...definition.personClaims(grant),
    at_hash: accessTokenHashOf(flaw === 'wrong-at-hash' ? `${accessToken}.another` : accessToken),
    ...(sentNonce !== undefined ? { nonce: sentNonce } : {}),
  }
  return deps.idTokens.sign(claims, { isForged: flaw === 'forged' })
}
