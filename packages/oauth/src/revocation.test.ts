/**
 * Revocation: RFC 7009 and each platform's own form of it (Intuit, Zoho, Square, Stripe), against a
 * real HTTP server on loopback, asserting exactly what the platform received.
 */
import { approveConsent, emulatedEndpoints, startSandboxPlatforms } from '@linkway/sandbox-platforms'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formOf, platformAuth, platformAuthFailureOf, startPlatformServer, withoutPlainHttp, type PlatformServer } from './testing/platform-server.js'
import { revokeToken } from './token-endpoint.js'

const NOW = new Date('2026-12-01T10:00:00.000Z')
const CLIENT = { clientId: 'linkway', clientSecret: 'hush' }
const BASIC = 'Basic bGlua3dheTpodXNo'
const REFRESH_TOKEN = { value: 'rt-1', hint: 'refresh_token' } as const

describe('revokeToken', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatformServer()
  })
  afterAll(async () => {
    await platform.close()
  })

  const revoke = (auth: Parameters<typeof revokeToken>[0], values?: Record<string, string>, token: Parameters<typeof revokeToken>[2] = REFRESH_TOKEN) =>
    revokeToken(auth, CLIENT, token, { connectionParameters: {}, now: NOW, ...(values ? { values } : {}) })

  describe('RFC 7009 (Xero)', () => {
    const xero = () => platformAuth('gbol', { revokeUrl: `${platform.url}/xero/revocation` })

    it('posts the token and its hint as a form, the client as the platform authenticates it', async () => {
      platform.answerWith({ status: 200 })
      expect(await revoke(xero())).toBe(true)
      expect(platform.received).toHaveLength(1)
      const [request] = platform.received
      expect(request).toMatchObject({ method: 'POST', url: '/xero/revocation', headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } })
      expect(formOf(request)).toEqual({ token: 'rt-1', token_type_hint: 'refresh_token' })
      expect(await revoke(xero(), undefined, { value: 'at-1', hint: 'access_token' })).toBe(true)
      expect(formOf(platform.received[1])).toEqual({ token: 'at-1', token_type_hint: 'access_token' })
    })

    it("keeps the platform's error, and reads 5xx and 429 as transient", async () => {
      platform.answerWith({ status: 400, body: { error: 'unsupported_token_type' } })
      expect(await platformAuthFailureOf(revoke(xero()))).toEqual({
        code: 'invalid_response',
        message: 'The platform refused the token request: unsupported_token_type',
        isTransient: false,
        details: { upstreamError: 'unsupported_token_type', httpStatus: 400 },
      })
      platform.answerWith({ status: 401, body: { error: 'invalid_client', error_description: 'Unknown client' } })
      expect(await platformAuthFailureOf(revoke(xero()))).toMatchObject({ code: 'invalid_client', details: { upstreamError: 'invalid_client', upstreamDescription: 'Unknown client', httpStatus: 401 } })
      platform.answerWith({ status: 503 })
      expect(await platformAuthFailureOf(revoke(xero()))).toEqual({ code: 'platform_unavailable', message: "The platform's token endpoint answered 503", isTransient: true, details: { httpStatus: 503 } })
      platform.answerWith({ status: 429, headers: { 'retry-after': '30' } })
      expect(await platformAuthFailureOf(revoke(xero()))).toEqual({ code: 'rate_limited', message: 'The platform is rate limiting token requests', isTransient: true, details: { httpStatus: 429, retryAfterSeconds: 30 } })
    })
  })

  it('posts JSON with Basic auth where the platform says rfc7009-json (Intuit)', async () => {
    const quickbooks = platformAuth('qhyg', { revokeUrl: `${platform.url}/intuit/revoke` })
    platform.answerWith({ status: 200 })
    expect(await revoke(quickbooks)).toBe(true)
    const [request] = platform.received
    expect(request).toMatchObject({ method: 'POST', url: '/intuit/revoke', headers: { authorization: BASIC, 'content-type': 'application/json', accept: 'application/json' } })
    expect(JSON.parse(request?.body ?? '')).toEqual({ token: 'rt-1' })
  })

  it('revokes the grant at the QuickBooks emulation, which takes only that form (a 400 would pass for revoked here)', async () => {
    const sandbox = await startSandboxPlatforms({ port: 0, clients: [{ ...CLIENT, redirectUris: ['http://127.0.0.1:9/callback'] }] })
    try {
      const endpoints = emulatedEndpoints(sandbox.url).quickbooks
      const authorize = new URL(endpoints.authorizeUrl)
      authorize.search = new URLSearchParams({ response_type: 'code', client_id: CLIENT.clientId, redirect_uri: 'http://127.0.0.1:9/callback', scope: 'com.intuit.quickbooks.accounting', state: 's' }).toString()
      const code = new URL(await approveConsent(authorize.href)).searchParams.get('code')!
      const answer = await fetch(endpoints.tokenUrl, {
        method: 'POST',
        headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/callback' }),
      })
      const { refresh_token: refreshToken } = (await answer.json()) as { refresh_token: string }
      expect(await revoke(platformAuth('qhyg', { revokeUrl: endpoints.revokeUrl }), undefined, { value: refreshToken, hint: 'refresh_token' })).toBe(true)
      expect(sandbox.admin.listGrants().filter((grant) => grant.platform === 'quickbooks').map((grant) => grant.isRevoked)).toEqual([true])
    } finally {
      await sandbox.close()
    }
  })

  it('puts the token in the query, with no client authentication and no body, where the platform says token-in-query (Zoho)', async () => {
    const zoho = platformAuth('rwuv', { revokeUrl: `${platform.url}/zoho/oauth/v2/token/revoke` })
    platform.answerWith({ status: 200, body: { status: 'success' } })
    expect(await revoke(zoho)).toBe(true)
    const [request] = platform.received
    expect(request).toMatchObject({ method: 'POST', url: '/zoho/oauth/v2/token/revoke?token=rt-1', body: '', headers: { accept: 'application/json' } })
    expect(request?.headers.authorization).toBeUndefined()
  })

  it('sends the client secret as `Authorization: Client`, and with the seller unknown ends the access token alone (Square)', async () => {
    const square = platformAuth('zsth', { revokeUrl: `${platform.url}/square/oauth2/revoke` })
    platform.answerWith({ status: 200, body: { success: true } })
    expect(await revoke(square, undefined, { value: 'EAAA-1', hint: 'access_token' })).toBe(true)
    const [request] = platform.received
    expect(request).toMatchObject({ method: 'POST', url: '/square/oauth2/revoke', headers: { authorization: 'Client hush', 'content-type': 'application/json' } })
    // Without the seller, another connection to it cannot be ruled out: revoking the whole authorization could end it.
    expect(JSON.parse(request?.body ?? '')).toEqual({ client_id: 'linkway', access_token: 'EAAA-1', revoke_only_access_token: true })
  })

  it('counts a 404 as already revoked, and a refused request (400) as not revoked (Square)', async () => {
    const square = platformAuth('zsth', { revokeUrl: `${platform.url}/square/oauth2/revoke` })
    platform.answerWith({ status: 404, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: 'No such token' }] } })
    expect(await revoke(square, { merchant_id: 'ML123' })).toBe(true)
    platform.answerWith({ status: 400, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST', detail: 'Unknown field' }] } })
    expect(await platformAuthFailureOf(revoke(square, { merchant_id: 'ML123' }))).toMatchObject({ code: 'invalid_response', details: { httpStatus: 400 } })
  })

  it('revokes by the seller kept from the token response, never sending a refresh token as an access token (Square)', async () => {
    const square = platformAuth('zsth', { revokeUrl: `${platform.url}/square/oauth2/revoke` })
    platform.answerWith({ status: 200, body: { success: true } })
    expect(await revoke(square, { merchant_id: 'ML123' })).toBe(true)
    expect(JSON.parse(platform.received[0]?.body ?? '')).toEqual({ client_id: 'linkway', merchant_id: 'ML123' })
    // Neither the seller nor an access token: nothing Square would take.
    platform.answerWith({ status: 200, body: { success: true } })
    expect(await revoke(square)).toBe(false)
    expect(platform.received).toHaveLength(0)
  })

  it('revokes the access token alone when another connection holds the same seller, as revoking by seller would end it too (Square)', async () => {
    const square = platformAuth('zsth', { revokeUrl: `${platform.url}/square/oauth2/revoke` })
    const shared = { connectionParameters: {}, values: { merchant_id: 'ML123' }, isAccountShared: true, now: NOW }
    platform.answerWith({ status: 200, body: { success: true } })
    expect(await revokeToken(square, CLIENT, { value: 'EAAA-1', hint: 'access_token' }, shared)).toBe(true)
    expect(JSON.parse(platform.received[0]?.body ?? '')).toEqual({ client_id: 'linkway', access_token: 'EAAA-1', revoke_only_access_token: true })
    // A refresh token cannot be revoked alone: nothing is sent.
    platform.answerWith({ status: 200, body: { success: true } })
    expect(await revokeToken(square, CLIENT, { value: 'EQAA-1', hint: 'refresh_token' }, shared)).toBe(false)
    expect(platform.received).toHaveLength(0)
  })

  describe('Stripe deauthorize', () => {
    const stripe = () => platformAuth('exgd', { revokeUrl: `${platform.url}/stripe/oauth/deauthorize` })

    it('deauthorizes the account kept from the token response, not the token', async () => {
      platform.answerWith({ status: 200, body: { stripe_user_id: 'acct_123' } })
      expect(await revoke(stripe(), { stripe_user_id: 'acct_123' })).toBe(true)
      const [request] = platform.received
      expect(request).toMatchObject({ method: 'POST', url: '/stripe/oauth/deauthorize', headers: { authorization: 'Bearer hush', 'content-type': 'application/x-www-form-urlencoded' } })
      expect(formOf(request)).toEqual({ client_id: 'linkway', stripe_user_id: 'acct_123' })
    })

    it('sends nothing, and says so, without the account id', async () => {
      platform.answerWith({ status: 200 })
      expect(await revoke(stripe())).toBe(false)
      expect(platform.received).toEqual([])
    })
  })

  it('reads the answers of a hand-written revocation: gone is revoked, 401/403 bad credentials, 5xx and 429 transient', async () => {
    const zoho = platformAuth('rwuv', { revokeUrl: `${platform.url}/zoho/revoke` })
    for (const status of [400, 404]) {
      platform.answerWith({ status, body: { error: 'invalid_token' } })
      expect(await revoke(zoho), `${status}`).toBe(true)
    }
    for (const status of [401, 403]) {
      platform.answerWith({ status })
      expect(await platformAuthFailureOf(revoke(zoho))).toEqual({ code: 'invalid_client', message: 'The platform refused our client credentials for revocation', isTransient: false, details: { httpStatus: status } })
    }
    platform.answerWith({ status: 500 })
    expect(await platformAuthFailureOf(revoke(zoho))).toEqual({ code: 'platform_unavailable', message: "The platform's token endpoint answered 500", isTransient: true, details: { httpStatus: 500 } })
    platform.answerWith({ status: 429, headers: { 'retry-after': '5' } })
    expect(await platformAuthFailureOf(revoke(zoho))).toMatchObject({ code: 'rate_limited', isTransient: true, details: { httpStatus: 429, retryAfterSeconds: 5 } })
    platform.answerWith({ status: 302, headers: { location: 'https://accounts.zoho.com/signin' } })
    expect(await platformAuthFailureOf(revoke(zoho))).toEqual({ code: 'invalid_response', message: "The platform's revocation endpoint answered 302", isTransient: false, details: { httpStatus: 302 } })
  })

  it('returns false, sending nothing, for a platform with no revocation endpoint (Shopify)', async () => {
    platform.answerWith({ status: 200 })
    expect(await revoke(platformAuth('fztf', { tokenUrl: `${platform.url}/shops/{shop}/admin/oauth/access_token` }))).toBe(false)
    expect(platform.received).toEqual([])
  })

  it('refuses plain http to a loopback revocation endpoint without the opt-in, in every style, before anything is sent', async () => {
    platform.answerWith({ status: 200 })
    const expected = new TypeError(`Platform URLs must use https: ${platform.url}`)
    await expect(revoke(withoutPlainHttp(platformAuth('gbol', { revokeUrl: `${platform.url}/xero/revocation` })))).rejects.toThrow(expected)
    await expect(revoke(withoutPlainHttp(platformAuth('qhyg', { revokeUrl: `${platform.url}/intuit/revoke` })))).rejects.toThrow(expected)
    await expect(revoke(withoutPlainHttp(platformAuth('rwuv', { revokeUrl: `${platform.url}/zoho/revoke` })))).rejects.toThrow(expected)
    await expect(revoke(withoutPlainHttp(platformAuth('zsth', { revokeUrl: `${platform.url}/square/revoke` })))).rejects.toThrow(expected)
    await expect(revoke(withoutPlainHttp(platformAuth('exgd', { revokeUrl: `${platform.url}/stripe/deauthorize` })), { stripe_user_id: 'acct_123' })).rejects.toThrow(expected)
    expect(platform.received).toEqual([])
  })
})
