/**
 * @module The authorization endpoint's decisions (RFC 6749 §4.1.1–4.1.2): which requests get the
 * consent page, which go back to the client with an error, and which may not go back at all
 * because the client or its redirect_uri cannot be trusted (§4.1.2.1). Then what the person's
 * Approve or Deny does.
 */
import { OAuthError } from './oauth-error.js'
import type { PlatformDefinition, TenantChoice } from './platform-definition.js'
import { readParameters, type RequestParameters } from './request-parameters.js'
import type { SandboxDeps } from './sandbox-deps.js'
import { generateUuid } from './secret-values.js'
import type { AuthorizationRequest, GrantTenant } from './token-store.js'

/** What the consent page shows. */
export interface ConsentView {
  platform: PlatformDefinition
  clientId: string
  scopes: readonly string[]
  requestId: string
  redirectUri: string
  /** Where the form posts: the platform's decision path, for this shop when there is one. */
  decisionPath: string
  shop?: string
  tenants?: readonly TenantChoice[]
  /** Tenants ticked when the page is shown again. */
  checkedTenants?: readonly string[]
  /** Why the page is shown again: the form came back incomplete. */
  problem?: string
}

export type AuthorizationOutcome =
  | { kind: 'consent'; view: ConsentView; status: 200 | 400 }
  | { kind: 'redirect'; location: string }
  /** An error page: the request cannot be sent back to a client it cannot trust. */
  | { kind: 'error'; message: string }

/** RFC 7636 §4.2: an S256 challenge is 43 base64url characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/

/** Handles GET authorize. `shop` is the route's shop for per-shop platforms. */
export function beginAuthorization(deps: SandboxDeps, platform: PlatformDefinition, query: unknown, shop: string | undefined): AuthorizationOutcome {
  let params: RequestParameters
  let clientId: string | undefined
  let redirectUri: string | undefined
  try {
    params = readParameters(query)
    clientId = params.get('client_id')
    redirectUri = params.get('redirect_uri')
  } catch (error) {
    if (error instanceof OAuthError) return { kind: 'error', message: error.description }
    throw error
  }
  if (clientId === undefined) return { kind: 'error', message: 'The request has no client_id, so the app asking cannot be identified.' }
  const client = deps.store.getClient(clientId)
  if (client === undefined) return { kind: 'error', message: `No app is registered with the client_id “${clientId}”.` }
  if (redirectUri === undefined) return { kind: 'error', message: 'The request has no redirect_uri.' }
  // Exact string comparison, as RFC 9700 §4.1.3 asks: no prefix, host or path-segment matching.
  if (!client.redirectUris.includes(redirectUri)) {
    return { kind: 'error', message: `The redirect_uri “${redirectUri}” is not registered for this app, so you will not be sent there.` }
  }

  // From here the client and its redirect_uri are trusted, so errors go back to it (§4.1.2.1).
  let state: string | undefined
  try {
    state = params.get('state')
    const responseType = params.get('response_type')
    if (responseType === undefined) {
      if (platform.requiresResponseType) throw new OAuthError('invalid_request', 'The response_type parameter is required.')
    } else if (responseType !== 'code') {
      throw new OAuthError('unsupported_response_type', 'Only response_type=code is supported.')
    }
    const codeChallenge = readCodeChallenge(platform, params)
    const scopes = readScopes(platform, params.get('scope'))
    const nonce = platform.idToken === undefined ? undefined : params.get('nonce')
    const request: AuthorizationRequest = {
      platform: platform.key,
      clientId,
      redirectUri,
      scopes,
      ...(state !== undefined ? { state } : {}),
      ...(codeChallenge !== undefined ? { codeChallenge } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
      ...(shop !== undefined ? { shop } : {}),
      expiresAt: deps.tokenClock.now().getTime() + deps.consentTtlSeconds * 1000,
    }
    const requestId = deps.store.saveAuthorizationRequest(request)
    return { kind: 'consent', status: 200, view: consentViewOf(platform, request, requestId) }
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error
    return { kind: 'redirect', location: callbackUrl(redirectUri, { error: error.code, error_description: error.description, state }) }
  }
}

/** Handles the consent form's POST. */
export function decideAuthorization(deps: SandboxDeps, platform: PlatformDefinition, body: unknown, shop: string | undefined): AuthorizationOutcome {
  let params: RequestParameters
  let requestId: string | undefined
  let decision: string | undefined
  try {
    params = readParameters(body)
    requestId = params.get('request_id')
    decision = params.get('decision')
  } catch (error) {
    if (error instanceof OAuthError) return { kind: 'error', message: error.description }
    throw error
  }
  const request = requestId === undefined ? undefined : deps.store.peekAuthorizationRequest(requestId)
  if (requestId === undefined || request === undefined || request.platform !== platform.key || request.shop !== shop) {
    return { kind: 'error', message: 'This authorization request has expired or was already answered. Go back to the app and start again.' }
  }
  if (decision !== 'approve' && decision !== 'deny') {
    return { kind: 'consent', status: 400, view: { ...consentViewOf(platform, request, requestId), problem: 'Choose Approve or Deny.' } }
  }
  if (decision === 'deny') {
    deps.store.takeAuthorizationRequest(requestId)
    return { kind: 'redirect', location: callbackUrl(request.redirectUri, { error: 'access_denied', error_description: 'The user denied access', state: request.state }) }
  }

  let tenants: GrantTenant[] | undefined
  if (platform.tenants !== undefined) {
    const picked = params.getAll('tenant')
    const known = platform.tenants.filter((tenant) => picked.includes(tenant.tenantId))
    if (known.length === 0 || known.length !== new Set(picked).size) {
      const view = { ...consentViewOf(platform, request, requestId), checkedTenants: picked, problem: 'Choose at least one of the organisations listed.' }
      return { kind: 'consent', status: 400, view }
    }
    tenants = known.map((tenant) => ({ ...tenant, connectionId: generateUuid(deps.random) }))
  }

  const client = deps.store.getClient(request.clientId)
  if (client === undefined) return { kind: 'error', message: 'The app that asked is no longer registered.' }
  deps.store.takeAuthorizationRequest(requestId)
  const grant = deps.store.createGrant({
    platform: platform.key,
    clientId: request.clientId,
    scopes: request.scopes,
    redirectUri: request.redirectUri,
    ...(tenants !== undefined ? { tenants } : {}),
    ...(request.shop !== undefined ? { shop: request.shop } : {}),
    ...platform.assignGrantDetails?.(deps.random),
  })
  const code = deps.store.issueCode(grant, { redirectUri: request.redirectUri, codeChallenge: request.codeChallenge, nonce: request.nonce, ttlSeconds: deps.codeTtlSeconds })
  const base: Record<string, string> = request.state === undefined ? { code } : { code, state: request.state }
  const parameters = platform.callbackParameters?.(base, { grant, client, now: deps.tokenClock.now() }) ?? base
  return { kind: 'redirect', location: callbackUrl(request.redirectUri, parameters) }
}

/** The client's redirect_uri with parameters added (its own query kept, RFC 6749 §3.1.2). */
export function callbackUrl(redirectUri: string, parameters: Readonly<Record<string, string | undefined>>): string {
  const url = new URL(redirectUri)
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.set(name, value)
  return url.href
}

/** A route pattern filled in for one shop. */
export function pathForShop(pattern: string, shop: string | undefined): string {
  return shop === undefined ? pattern : pattern.replace(':shop', shop)
}

function consentViewOf(platform: PlatformDefinition, request: AuthorizationRequest, requestId: string): ConsentView {
  return {
    platform,
    clientId: request.clientId,
    scopes: request.scopes,
    requestId,
    redirectUri: request.redirectUri,
    decisionPath: pathForShop(platform.paths.decision, request.shop),
    ...(request.shop !== undefined ? { shop: request.shop } : {}),
    ...(platform.tenants !== undefined ? { tenants: platform.tenants } : {}),
  }
}

function readCodeChallenge(platform: PlatformDefinition, params: RequestParameters): string | undefined {
  if (platform.pkce === 'ignored') return undefined
  const challenge = params.get('code_challenge')
  const method = params.get('code_challenge_method')
  if (challenge === undefined) {
    if (platform.pkce === 'required') throw new OAuthError('invalid_request', 'PKCE is required: send code_challenge and code_challenge_method=S256.')
    if (method !== undefined) throw new OAuthError('invalid_request', 'code_challenge_method was sent without a code_challenge.')
    return undefined
  }
  // An absent method means plain (RFC 7636 §4.3), which RFC 9700 §2.1.1 tells servers to refuse.
  if (method !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256; plain is not accepted.')
  if (!S256_CHALLENGE.test(challenge)) throw new OAuthError('invalid_request', 'code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).')
  return challenge
}

/** The requested scopes, each known to the platform, without duplicates. */
export function readScopes(platform: PlatformDefinition, text: string | undefined): string[] {
  if (text === undefined) throw new OAuthError('invalid_scope', 'No scope was requested.')
  const scopes = [...new Set(text.split(platform.scopeSeparator).map((scope) => scope.trim()).filter((scope) => scope !== ''))]
  if (scopes.length === 0) throw new OAuthError('invalid_scope', 'No scope was requested.')
  const unknown = scopes.filter((scope) => !Object.hasOwn(platform.scopes, scope))
  if (unknown.length > 0) throw new OAuthError('invalid_scope', `Unknown scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`)
  return scopes
}
