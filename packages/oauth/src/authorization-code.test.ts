/** The code exchange (RFC 6749 §4.1.3 with PKCE, and Shopify's JSON variant), against a real HTTP server on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formOf, platformAuth, platformAuthFailureOf, startPlatformServer, withoutIdTokenCheck, withoutPlainHttp, type PlatformServer } from './testing/platform-server.js'
import { exchangeAuthorizationCode } from './token-endpoint.js'

const NOW = new Date('2026-12-01T10:00:00.000Z')
const CLIENT = { clientId: 'linkway', clientSecret: 'hush' }
const REDIRECT_URI = 'https://linkway.example/link/oauth/callback'
const VERIFIER = 'dBjftJeZ4CVP-mJ92K9kH2lrtD-fnjm1fKLLkeoPGX0'
const FORM = 'application/x-www-form-urlencoded;charset=UTF-8'

describe('exchangeAuthorizationCode', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatformServer()
  })
  afterAll(async () => {
    await platform.close()
  })

  const exchange = (auth: Parameters<typeof exchangeAuthorizationCode>[0], callback: string, connectionParameters: Record<string, string> = {}) =>
    exchangeAuthorizationCode(auth, CLIENT, { callbackParameters: new URLSearchParams(callback), redirectUri: REDIRECT_URI, codeVerifier: VERIFIER }, { connectionParameters, now: NOW })
  const xero = () => withoutIdTokenCheck(platformAuth('gbol', { tokenUrl: `${platform.url}/xero/token`, jwksUrl: `${platform.url}/xero/jwks` }))

  it('posts the code, redirect_uri and PKCE verifier, the client in Basic auth where the platform says client_secret_basic (Xero)', async () => {
    platform.answerWith({ status: 200, body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 1800, refresh_token: 'rt-1', scope: 'accounting.transactions offline_access' } })
    expect(await exchange(xero(), 'code=c-1&state=s-1&scope=ignored')).toEqual({
      accessToken: 'at-1',
      // oauth4webapi lowercases token_type (RFC 6749 §5.1: case-insensitive).
      tokenType: 'bearer',
      refreshToken: 'rt-1',
      scope: 'accounting.transactions offline_access',
      expiresAt: new Date('2026-12-01T10:30:00.000Z'),
    })
    expect(platform.received).toHaveLength(1)
    const [request] = platform.received
    expect(request).toMatchObject({ method: 'POST', url: '/xero/token', headers: { authorization: 'Basic bGlua3dheTpodXNo', 'content-type': FORM, accept: 'application/json' } })
    expect(formOf(request)).toEqual({ grant_type: 'authorization_code', code: 'c-1', redirect_uri: REDIRECT_URI, code_verifier: VERIFIER })
  })

  it('puts the client in the form where the platform says client_secret_post, and keeps the response fields its definition names (Stripe)', async () => {
    const stripe = platformAuth('exgd', { tokenUrl: `${platform.url}/stripe/token` })
    platform.answerWith({ status: 200, body: { access_token: 'sk_acct', token_type: 'bearer', refresh_token: 'rt_acct', scope: 'read_only', stripe_user_id: 'acct_123', livemode: false } })
    expect(await exchange(stripe, 'code=ac_1')).toEqual({ accessToken: 'sk_acct', tokenType: 'bearer', refreshToken: 'rt_acct', scope: 'read_only', parameters: { stripe_user_id: 'acct_123' } })
    const [request] = platform.received
    expect(request?.headers.authorization).toBeUndefined()
    expect(formOf(request)).toEqual({ grant_type: 'authorization_code', code: 'ac_1', redirect_uri: REDIRECT_URI, code_verifier: VERIFIER, client_id: 'linkway', client_secret: 'hush' })
  })

  it('sends nothing when the callback carries no code', async () => {
    platform.answerWith({ status: 200, body: { access_token: 'at-1', token_type: 'Bearer' } })
    expect(await platformAuthFailureOf(exchange(xero(), 'state=s-1'))).toEqual({ code: 'invalid_response', message: 'The platform sent no authorization code', isTransient: false, details: {} })
    expect(platform.received).toEqual([])
  })

  it("keeps the platform's error and description when it refuses the code, and needs a person to start again", async () => {
    platform.answerWith({ status: 400, body: { error: 'invalid_grant', error_description: 'The authorization code has expired' } })
    expect(await platformAuthFailureOf(exchange(xero(), 'code=c-old'))).toEqual({
      code: 'invalid_grant',
      message: 'The platform refused the token request: invalid_grant',
      isTransient: false,
      details: { upstreamError: 'invalid_grant', upstreamDescription: 'The authorization code has expired', httpStatus: 400 },
    })
  })

  it('calls an unknown upstream error an invalid response, keeping its name', async () => {
    platform.answerWith({ status: 400, body: { error: 'invalid_scope' } })
    expect(await platformAuthFailureOf(exchange(xero(), 'code=c-1'))).toEqual({
      code: 'invalid_response',
      message: 'The platform refused the token request: invalid_scope',
      isTransient: false,
      details: { upstreamError: 'invalid_scope', httpStatus: 400 },
    })
  })

  it('refuses a 200 that is not a token response (no token_type)', async () => {
    platform.answerWith({ status: 200, body: { access_token: 'at-1' } })
    expect(await platformAuthFailureOf(exchange(xero(), 'code=c-1'))).toEqual({
      code: 'invalid_response',
      message: 'The platform answered with something that is not a valid token response',
      isTransient: false,
      details: {},
    })
  })

  describe("Square's JSON grant (json-oauth)", () => {
    const square = () => platformAuth('zsth', { tokenUrl: `${platform.url}/oauth2/token` })

    it('posts the grant’s parameters, grant_type and secret included, as JSON, and reads expires_at and the merchant', async () => {
      platform.answerWith({ status: 200, body: { access_token: 'EAAA-1', token_type: 'bearer', expires_at: '2027-01-01T10:00:00Z', merchant_id: 'ML123', refresh_token: 'EQAA-1', short_lived: false } })
      expect(await exchange(square(), 'code=sq0cgp-1&state=s-1')).toEqual({
        accessToken: 'EAAA-1',
        tokenType: 'bearer',
        refreshToken: 'EQAA-1',
        expiresAt: new Date('2027-01-01T10:00:00Z'),
        parameters: { merchant_id: 'ML123' },
      })
      const [request] = platform.received
      expect(request).toMatchObject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/json', accept: 'application/json' } })
      expect(JSON.parse(request?.body ?? '')).toEqual({ client_id: 'linkway', client_secret: 'hush', grant_type: 'authorization_code', code: 'sq0cgp-1', redirect_uri: REDIRECT_URI, code_verifier: VERIFIER })
    })

    it('reads Square’s error body: a refused code is invalid_grant, a refused client invalid_client, with Square’s words', async () => {
      platform.answerWith({ status: 400, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST', detail: 'Invalid authorization code' }] } })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toEqual({
        code: 'invalid_grant',
        message: 'The platform refused the authorization code',
        isTransient: false,
        details: { httpStatus: 400, upstreamError: 'BAD_REQUEST', upstreamDescription: 'Invalid authorization code' },
      })
      // Square refuses a code with a 401, in its older body too: the code's refusal, though the words say "app".
      platform.answerWith({ status: 401, body: { message: 'Authorization code not found for app [sq0idp-a]', type: 'service.not_authorized' } })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toMatchObject({
        code: 'invalid_grant',
        details: { httpStatus: 401, upstreamError: 'service.not_authorized', upstreamDescription: 'Authorization code not found for app [sq0idp-a]' },
      })
      // A bare "Not Authorized" is what Square answers a wrong client secret with: the client's refusal, never the grant's
      // (read as the grant's, a mistyped secret would deauthorize every connection at the next refresh).
      platform.answerWith({ status: 401, body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'Not Authorized' }] } })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toMatchObject({ code: 'invalid_client', details: { httpStatus: 401, upstreamError: 'UNAUTHORIZED' } })
      platform.answerWith({ status: 401, body: { message: 'Not Authorized', type: 'service.not_authorized' } })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toMatchObject({ code: 'invalid_client' })
      // Words that name the application's credentials are the client's refusal too.
      platform.answerWith({ status: 401, body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'Invalid client_secret' }] } })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toMatchObject({ code: 'invalid_client', details: { httpStatus: 401, upstreamError: 'UNAUTHORIZED' } })
      platform.answerWith({ status: 401, body: { message: 'Not Authorized: invalid application', type: 'service.not_authorized' } })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toMatchObject({ code: 'invalid_client' })
    })

    it('reads a 2xx that is not a token answer (an expires_at that is not a time, no body) as invalid_response, never a refused grant', async () => {
      platform.answerWith({ status: 200, body: { access_token: 'EAAA-1', token_type: 'bearer', expires_at: 'soon' } })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toMatchObject({ code: 'invalid_response', details: { httpStatus: 200 } })
      platform.answerWith({ status: 200, body: { access_token: 'EAAA-1', token_type: 'bearer', expires_at: 17 } })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toMatchObject({ code: 'invalid_response' })
      platform.answerWith({ status: 200 })
      expect(await platformAuthFailureOf(exchange(square(), 'code=sq0cgp-1'))).toMatchObject({ code: 'invalid_response', details: { httpStatus: 200 } })
    })
  })

  describe("Shopify's JSON exchange", () => {
    const shopify = () => platformAuth('fztf', { tokenUrl: `${platform.url}/shops/{shop}/admin/oauth/access_token` })

    it('posts client id, secret and code as JSON to the shop the person named, and keeps the offline token', async () => {
      platform.answerWith({ status: 200, body: { access_token: 'shpat_1', scope: 'read_orders,read_products' } })
      expect(await exchange(shopify(), 'code=c-1&shop=toft-stores.myshopify.com&hmac=x', { shop: 'toft-stores' })).toEqual({ accessToken: 'shpat_1', tokenType: 'Bearer', scope: 'read_orders,read_products' })
      expect(platform.received).toHaveLength(1)
      const [request] = platform.received
      expect(request).toMatchObject({ method: 'POST', url: '/shops/toft-stores/admin/oauth/access_token', headers: { 'content-type': 'application/json', accept: 'application/json' } })
      expect(request?.headers.authorization).toBeUndefined()
      // Shopify ignores PKCE and the redirect_uri here; exactly these three fields go.
      expect(JSON.parse(request?.body ?? '')).toEqual({ client_id: 'linkway', client_secret: 'hush', code: 'c-1' })
    })

    it('calls a refusal invalid_grant, or invalid_client when Shopify says so, keeping its words', async () => {
      platform.answerWith({ status: 400, body: { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' } })
      expect(await platformAuthFailureOf(exchange(shopify(), 'code=c-1', { shop: 'toft-stores' }))).toEqual({
        code: 'invalid_grant',
        message: 'The platform refused the authorization code',
        isTransient: false,
        details: { httpStatus: 400, upstreamError: 'invalid_request', upstreamDescription: 'The authorization code was not found or was already used' },
      })
      platform.answerWith({ status: 401, body: { error: 'invalid_client' } })
      expect(await platformAuthFailureOf(exchange(shopify(), 'code=c-1', { shop: 'toft-stores' }))).toMatchObject({ code: 'invalid_client', details: { httpStatus: 401, upstreamError: 'invalid_client' } })
      platform.answerWith({ status: 200, body: '<html>Log in</html>' })
      expect(await platformAuthFailureOf(exchange(shopify(), 'code=c-1', { shop: 'toft-stores' }))).toEqual({ code: 'invalid_grant', message: 'The platform refused the authorization code', isTransient: false, details: { httpStatus: 200 } })
    })

    it('treats a 5xx as the platform being down', async () => {
      platform.answerWith({ status: 502, body: 'Bad gateway' })
      expect(await platformAuthFailureOf(exchange(shopify(), 'code=c-1', { shop: 'toft-stores' }))).toEqual({
        code: 'platform_unavailable',
        message: "The platform's token endpoint answered 502",
        isTransient: true,
        details: { httpStatus: 502 },
      })
    })
  })

  describe('plain http', () => {
    it('is refused to a loopback token endpoint without the opt-in, before anything is sent', async () => {
      platform.answerWith({ status: 200, body: { access_token: 'at-1', token_type: 'Bearer' } })
      await expect(exchange(withoutPlainHttp(xero()), 'code=c-1')).rejects.toThrow(new TypeError(`Platform URLs must use https: ${platform.url}`))
      const shopify = platformAuth('fztf', { tokenUrl: `${platform.url}/shops/{shop}/admin/oauth/access_token` })
      await expect(exchange(withoutPlainHttp(shopify), 'code=c-1', { shop: 'toft-stores' })).rejects.toThrow(new TypeError(`Platform URLs must use https: ${platform.url}`))
      expect(platform.received).toEqual([])
    })

    it('is refused off loopback even with the opt-in', async () => {
      const elsewhere = { ...xero(), tokenUrl: 'http://identity.example/token' }
      expect(elsewhere.allowPlainHttp).toBe(true)
      await expect(exchange(elsewhere, 'code=c-1')).rejects.toThrow(new TypeError('Platform URLs must use https (plain http is allowed to loopback only): http://identity.example'))
    })
  })
})
