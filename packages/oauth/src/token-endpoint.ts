/**
 * @module The token endpoint: exchanging a code, refreshing, revoking. Standard platforms go through
 * oauth4webapi, which checks the responses to the letter; Shopify's JSON exchange (no token_type, no
 * expiry) is the one hand-written request. Where the platform declares `idToken` (OpenID Connect), its ID
 * tokens are checked in full on every exchange and refresh (id-token.ts). Every failure becomes a
 * PlatformAuthError. Every URL is https unless the connector carries the catalogue's `allowPlainHttp`
 * (a sandbox, an emulation on loopback).
 */
import { fillUrlTemplate, type OAuth2Auth } from '@linkway/connectors'
import * as oauth from 'oauth4webapi'
import { checkIdTokenSignatureAndHashes, idTokenFailureOf, idTokenNonceOf, withIdTokenCheck } from './id-token.js'
import { PlatformAuthError } from './platform-auth-error.js'
import { PLATFORM_TIMEOUT_MS, platformUrl, retryAfterSeconds } from './platform-http.js'
import type { TokenSet } from './token-set.js'

export interface PlatformClient {
  clientId: string
  clientSecret: string
}

export interface TokenRequestContext {
  connectionParameters: Readonly<Record<string, string>>
  now: Date
}

interface Endpoints {
  as: oauth.AuthorizationServer
  client: oauth.Client
  clientAuth: oauth.ClientAuth
  options: oauth.TokenEndpointRequestOptions & { [oauth.allowInsecureRequests]?: boolean }
}

function endpoints(auth: OAuth2Auth, credentials: PlatformClient, context: TokenRequestContext): Endpoints {
  const tokenUrl = platformUrl(fillUrlTemplate(auth.tokenUrl, context.connectionParameters), { allowPlainHttp: auth.allowPlainHttp })
  const revokeUrl = auth.revokeUrl ? platformUrl(fillUrlTemplate(auth.revokeUrl, context.connectionParameters), { allowPlainHttp: auth.allowPlainHttp }) : undefined
  const plain: { as: oauth.AuthorizationServer; client: oauth.Client } = {
    as: { issuer: tokenUrl.origin, token_endpoint: tokenUrl.href, ...(revokeUrl ? { revocation_endpoint: revokeUrl.href } : {}) },
    client: { client_id: credentials.clientId },
  }
  const { as, client } = auth.idToken
    ? withIdTokenCheck(plain.as, plain.client, auth.idToken, platformUrl(auth.idToken.jwksUrl, { allowPlainHttp: auth.allowPlainHttp }), context.now)
    : plain
  return {
    as,
    client,
    clientAuth: auth.clientAuth === 'client_secret_basic' ? oauth.ClientSecretBasic(credentials.clientSecret) : oauth.ClientSecretPost(credentials.clientSecret),
    options: {
      signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
      // Only where the catalogue opted in (a sandbox or an emulation); platformUrl above has already
      // refused plain http to anything but loopback, so oauth4webapi need not check it again.
      ...(auth.allowPlainHttp === true ? { [oauth.allowInsecureRequests]: true } : {}),
    },
  }
}

function toTokenSet(response: oauth.TokenEndpointResponse, now: Date, keep: readonly string[] = []): TokenSet {
  const parameters = Object.fromEntries(keep.flatMap((name) => (typeof response[name] === 'string' ? [[name, response[name] as string]] : [])))
  return {
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    accessToken: response.access_token,
    tokenType: response.token_type,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.scope ? { scope: response.scope } : {}),
    ...(typeof response.expires_in === 'number' ? { expiresAt: new Date(now.getTime() + response.expires_in * 1000) } : {}),
  }
}

/** Reads a failed HTTP answer before oauth4webapi would: 429 and 5xx are transient, not protocol errors. */
function transientFailure(response: Response, now: Date): PlatformAuthError | undefined {
  if (response.status === 429) {
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'), now)
    return new PlatformAuthError('rate_limited', 'The platform is rate limiting token requests', {
      httpStatus: 429,
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    })
  }
  if (response.status >= 500) {
    return new PlatformAuthError('platform_unavailable', `The platform's token endpoint answered ${response.status}`, { httpStatus: response.status })
  }
  return undefined
}

function translate(error: unknown): PlatformAuthError {
  if (error instanceof PlatformAuthError) return error
  const idTokenFailure = idTokenFailureOf(error)
  if (idTokenFailure) return idTokenFailure
  if (error instanceof oauth.ResponseBodyError) {
    const code = error.error === 'invalid_grant' ? 'invalid_grant' : error.error === 'invalid_client' ? 'invalid_client' : 'invalid_response'
    return new PlatformAuthError(code, `The platform refused the token request: ${error.error}`, {
      upstreamError: error.error,
      ...(error.error_description ? { upstreamDescription: error.error_description } : {}),
      httpStatus: error.status,
    })
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new PlatformAuthError('invalid_client', 'The platform refused our client credentials', { httpStatus: error.status })
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || error.name === 'TypeError')) {
    // fetch raises TypeError for a refused connection or a DNS failure.
    return new PlatformAuthError('platform_unavailable', `The platform could not be reached (${error.name})`)
  }
  return new PlatformAuthError('invalid_response', 'The platform answered with something that is not a valid token response')
}

async function guarded(
  request: () => Promise<Response>,
  process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
  now: Date,
  keep?: readonly string[],
): Promise<TokenSet> {
  try {
    const response = await request()
    const transient = transientFailure(response, now)
    if (transient) throw transient
    return toTokenSet(await process(response), now, keep)
  } catch (error) {
    throw translate(error)
  }
}

/** Shopify: JSON in, `{ access_token, scope }` out; an offline token with no expiry and no refresh token. */
async function exchangeShopifyStyle(auth: OAuth2Auth, credentials: PlatformClient, code: string, context: TokenRequestContext): Promise<TokenSet> {
  const tokenUrl = platformUrl(fillUrlTemplate(auth.tokenUrl, context.connectionParameters), { allowPlainHttp: auth.allowPlainHttp })
  try {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ client_id: credentials.clientId, client_secret: credentials.clientSecret, code }),
      signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
      redirect: 'manual',
    })
    const transient = transientFailure(response, context.now)
    if (transient) throw transient
    const body = (await response.json().catch(() => undefined)) as { access_token?: unknown; scope?: unknown; error?: unknown; error_description?: unknown } | undefined
    if (!response.ok || !body || typeof body.access_token !== 'string') {
      const upstream = typeof body?.error === 'string' ? body.error : undefined
      throw new PlatformAuthError(upstream === 'invalid_client' ? 'invalid_client' : 'invalid_grant', 'The platform refused the authorization code', {
        httpStatus: response.status,
        ...(upstream ? { upstreamError: upstream } : {}),
        ...(typeof body?.error_description === 'string' ? { upstreamDescription: body.error_description } : {}),
      })
    }
    return { accessToken: body.access_token, tokenType: 'Bearer', ...(typeof body.scope === 'string' ? { scope: body.scope } : {}) }
  } catch (error) {
    throw translate(error)
  }
}

/**
 * Square's refusal of a token request, read from either of its bodies: `{ errors: [{ category, code, detail }] }`, or the
 * older `{ message, type }` (e.g. `{"message":"Authorization code not found for app [...]","type":"service.not_authorized"}`)
 * that its token endpoint still answers; an RFC 6749 `{ error, error_description }` is read too.
 */
function squareRefusalOf(body: Record<string, unknown> | undefined): { upstream: string | undefined; description: string | undefined } {
  const first = Array.isArray(body?.['errors']) ? (body['errors'][0] as Record<string, unknown> | undefined) : undefined
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)
  return {
    upstream: text(body?.['error']) ?? text(first?.['code']) ?? text(body?.['type']),
    description: text(body?.['error_description']) ?? text(first?.['detail']) ?? text(body?.['message']),
  }
}

/**
 * A refusal whose words are about the seller's code or refresh token. Only these make a grant invalid: Square answers a
 * wrong client secret with a bare 401 "Not Authorized" too, and reading that as the grant's refusal would mark every
 * connection of a client whose secret was mistyped Deauthorized, beyond undoing.
 */
const NAMES_THE_GRANT = /\b(?:refresh[ _-]?token|authorization[ _-]?code|code not found|expired|revoked)\b/i

/**
 * Square: the RFC 6749 grant's parameters as JSON (`grant_type` is required there, as is the secret in the body), and an
 * answer carrying `expires_at`, an RFC 3339 time, where RFC 6749 has `expires_in`. Square answers a refused code or
 * refresh token with a 401 (not RFC 6749's 400), and a wrong client secret with a 401 as well: a refusal is the grant's
 * when its words name the code or refresh token (then a revoked seller's connection becomes Deauthorized), else the
 * client's (a credentials problem for the operator, which deauthorizes nothing).
 */
async function postJsonGrant(auth: OAuth2Auth, credentials: PlatformClient, grant: Record<string, string>, context: TokenRequestContext): Promise<TokenSet> {
  const tokenUrl = platformUrl(fillUrlTemplate(auth.tokenUrl, context.connectionParameters), { allowPlainHttp: auth.allowPlainHttp })
  try {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ client_id: credentials.clientId, client_secret: credentials.clientSecret, ...grant }),
      signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
      redirect: 'manual',
    })
    const transient = transientFailure(response, context.now)
    if (transient) throw transient
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined
    if (!response.ok) {
      const { upstream, description } = squareRefusalOf(body)
      const isGrantRefused = upstream === 'invalid_grant' || (upstream !== 'invalid_client' && description !== undefined && NAMES_THE_GRANT.test(description))
      throw new PlatformAuthError(isGrantRefused ? 'invalid_grant' : 'invalid_client', grant['grant_type'] === 'refresh_token' ? 'The platform refused the refresh token' : 'The platform refused the authorization code', {
        httpStatus: response.status,
        ...(upstream ? { upstreamError: upstream } : {}),
        ...(description ? { upstreamDescription: description } : {}),
      })
    }
    // A 2xx that is not a token answer says nothing about the grant: never invalid_grant, which would mark it revoked.
    const expiresAt = typeof body?.['expires_at'] === 'string' ? new Date(body['expires_at']) : undefined
    if (!body || typeof body['access_token'] !== 'string' || (body['expires_at'] !== undefined && (expiresAt === undefined || Number.isNaN(expiresAt.getTime())))) {
      throw new PlatformAuthError('invalid_response', 'The platform answered with something that is not a valid token response', { httpStatus: response.status })
    }
    const parameters = Object.fromEntries((auth.tokenResponseParameters ?? []).flatMap((name) => (typeof body[name] === 'string' ? [[name, body[name] as string]] : [])))
    return {
      ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
      accessToken: body['access_token'],
      tokenType: typeof body['token_type'] === 'string' ? body['token_type'] : 'bearer',
      ...(typeof body['refresh_token'] === 'string' ? { refreshToken: body['refresh_token'] } : {}),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    }
  } catch (error) {
    throw translate(error)
  }
}

/**
 * Exchanges the callback's code (with the PKCE verifier) for tokens. The caller has already matched
 * `state` to its link session, so the state check here is skipped on purpose.
 */
export async function exchangeAuthorizationCode(
  auth: OAuth2Auth,
  credentials: PlatformClient,
  input: { callbackParameters: URLSearchParams; redirectUri: string; codeVerifier: string },
  context: TokenRequestContext,
): Promise<TokenSet> {
  const code = input.callbackParameters.get('code')
  if (!code) throw new PlatformAuthError('invalid_response', 'The platform sent no authorization code')
  if (auth.tokenRequestFormat === 'json') return await exchangeShopifyStyle(auth, credentials, code, context)
  if (auth.tokenRequestFormat === 'json-oauth') {
    return await postJsonGrant(auth, credentials, { grant_type: 'authorization_code', code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier }, context)
  }
  const { as, client, clientAuth, options } = endpoints(auth, credentials, context)
  return await guarded(
    async () => {
      const validated = oauth.validateAuthResponse(as, client, new URLSearchParams({ code }), oauth.skipStateCheck)
      return await oauth.authorizationCodeGrantRequest(as, client, clientAuth, validated, input.redirectUri, input.codeVerifier, options)
    },
    async (response) => {
      if (!auth.idToken) return await oauth.processAuthorizationCodeResponse(as, client, response)
      // The nonce buildAuthorizationUrl sent; an ID token is required, as `openid` was asked for.
      const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: idTokenNonceOf(input.codeVerifier), requireIdToken: true })
      await checkIdTokenSignatureAndHashes(as, response, result, context.now, auth.allowPlainHttp === true)
      return result
    },
    context.now,
    auth.tokenResponseParameters,
  )
}

export async function refreshAccessToken(auth: OAuth2Auth, credentials: PlatformClient, refreshToken: string, context: TokenRequestContext): Promise<TokenSet> {
  if (auth.tokenRequestFormat === 'json-oauth') return await postJsonGrant(auth, credentials, { grant_type: 'refresh_token', refresh_token: refreshToken }, context)
  const { as, client, clientAuth, options } = endpoints(auth, credentials, context)
  return await guarded(
    () => oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, options),
    async (response) => {
      // A refresh's ID token is optional (OpenID Connect Core §12.2) and carries no nonce; when there is one, it is checked as the first was.
      const result = await oauth.processRefreshTokenResponse(as, client, response)
      if (auth.idToken) await checkIdTokenSignatureAndHashes(as, response, result, context.now, auth.allowPlainHttp === true)
      return result
    },
    context.now,
  )
}

/** A revocation sent by hand, for the platforms whose revoke call is not RFC 7009's form. */
async function postRevocation(url: URL, init: { headers: Record<string, string>; body?: string }, now: Date, alreadyRevoked: readonly number[] = [400, 404]): Promise<void> {
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS), redirect: 'manual' })
  } catch (error) {
    throw translate(error)
  }
  const transient = transientFailure(response, now)
  if (transient) throw transient
  // A token the platform no longer knows is revoked as far as we are concerned.
  if (response.ok || alreadyRevoked.includes(response.status)) return
  if (response.status === 401 || response.status === 403) throw new PlatformAuthError('invalid_client', 'The platform refused our client credentials for revocation', { httpStatus: response.status })
  throw new PlatformAuthError('invalid_response', `The platform's revocation endpoint answered ${response.status}`, { httpStatus: response.status })
}

/**
 * Revokes at the platform. RFC 7009 by default; the platforms that do it their own way say so in
 * their definition (`revokeRequest`). Returns false where the platform has no revocation endpoint.
 * `values` carries what a platform's call needs beyond the token (Stripe's account id). `isAccountShared` says another
 * live connection holds a grant of the same account (Square's seller): Square's call, which would end every grant of
 * the seller, then revokes the access token named alone (and a refresh token, which it cannot revoke alone, not at all:
 * false). Stripe's deauthorization has no such form and is sent as before.
 */
export async function revokeToken(
  auth: OAuth2Auth,
  credentials: PlatformClient,
  token: { value: string; hint: 'refresh_token' | 'access_token' },
  context: TokenRequestContext & { values?: Readonly<Record<string, string>>; isAccountShared?: boolean },
): Promise<boolean> {
  if (!auth.revokeUrl) return false
  const url = platformUrl(fillUrlTemplate(auth.revokeUrl, context.connectionParameters), { allowPlainHttp: auth.allowPlainHttp })
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString('base64')}`
  switch (auth.revokeRequest ?? 'rfc7009-form') {
    case 'rfc7009-json':
      await postRevocation(url, { headers: { authorization: basic, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ token: token.value }) }, context.now)
      return true
    case 'token-in-query':
      // The platform's documented form: the token rides in the query of a server-to-server TLS call, never a browser's.
      url.searchParams.set('token', token.value)
      await postRevocation(url, { headers: { accept: 'application/json' } }, context.now)
      return true
    case 'square': {
      // Square revokes the seller's whole authorization of the application (every token of every connection to that
      // seller), whether a merchant_id or an access token is named, unless revoke_only_access_token says to end that
      // token alone. It takes only an access token or the merchant_id: never the refresh token, the one usually kept.
      const merchant = context.values?.merchant_id
      const subject =
        context.isAccountShared === true
          ? token.hint === 'access_token'
            ? { access_token: token.value, revoke_only_access_token: true }
            : undefined
          : merchant
            ? { merchant_id: merchant }
            : token.hint === 'access_token'
              ? // The seller unknown, another connection to it cannot be ruled out: end this token alone.
                { access_token: token.value, revoke_only_access_token: true }
              : undefined
      if (!subject) return false
      await postRevocation(
        url,
        { headers: { authorization: `Client ${credentials.clientSecret}`, 'content-type': 'application/json' }, body: JSON.stringify({ client_id: credentials.clientId, ...subject }) },
        context.now,
        // Square answers 404 for a token or seller it no longer knows; a 400 is a request it refused, so nothing was revoked.
        [404],
      )
      return true
    }
    case 'stripe-deauthorize': {
      const account = context.values?.stripe_user_id
      if (!account) return false
      await postRevocation(
        url,
        { headers: { authorization: `Bearer ${credentials.clientSecret}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: credentials.clientId, stripe_user_id: account }).toString() },
        context.now,
      )
      return true
    }
    case 'rfc7009-form': {
      const { as, client, clientAuth, options } = endpoints(auth, credentials, context)
      try {
        const response = await oauth.revocationRequest(as, client, clientAuth, token.value, { ...options, additionalParameters: { token_type_hint: token.hint } })
        const transient = transientFailure(response, context.now)
        if (transient) throw transient
        await oauth.processRevocationResponse(response)
        return true
      } catch (error) {
        throw translate(error)
      }
    }
  }
}
