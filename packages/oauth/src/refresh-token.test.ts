/** The refresh grant (RFC 6749 §6): rotation, a dead grant, and the failures worth retrying, against a real HTTP server on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formOf, platformAuth, platformAuthFailureOf, startPlatformServer, withoutIdTokenCheck, withoutPlainHttp, type PlatformServer } from './testing/platform-server.js'
import { refreshAccessToken } from './token-endpoint.js'

const NOW = new Date('2026-12-01T10:00:00.000Z')
const CLIENT = { clientId: 'linkway', clientSecret: 'hush' }

describe('refreshAccessToken', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatformServer()
  })
  afterAll(async () => {
    await platform.close()
  })

  const xero = () => withoutIdTokenCheck(platformAuth('gbol', { tokenUrl: `${platform.url}/xero/token`, jwksUrl: `${platform.url}/xero/jwks` }))
  const refresh = (auth = xero(), refreshToken = 'rt-1') => refreshAccessToken(auth, CLIENT, refreshToken, { connectionParameters: {}, now: NOW })

  it('sends the refresh token and returns the rotated one (Xero: Basic auth)', async () => {
    platform.answerWith({ status: 200, body: { access_token: 'at-2', token_type: 'Bearer', expires_in: 1800, refresh_token: 'rt-2', scope: 'accounting.transactions offline_access' } })
    expect(await refresh()).toEqual({ accessToken: 'at-2', tokenType: 'bearer', refreshToken: 'rt-2', scope: 'accounting.transactions offline_access', expiresAt: new Date('2026-12-01T10:30:00.000Z') })
    expect(platform.received).toHaveLength(1)
    const [request] = platform.received
    expect(request).toMatchObject({ method: 'POST', url: '/xero/token', headers: { authorization: 'Basic bGlua3dheTpodXNo', accept: 'application/json' } })
    expect(formOf(request)).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1' })
  })

  it('returns no refresh token when the platform does not rotate (the vault keeps the old one)', async () => {
    const sage = platformAuth('tgff', { tokenUrl: `${platform.url}/sage/token` })
    platform.answerWith({ status: 200, body: { access_token: 'at-2', token_type: 'bearer', expires_in: 300 } })
    expect(await refresh(sage)).toEqual({ accessToken: 'at-2', tokenType: 'bearer', expiresAt: new Date('2026-12-01T10:05:00.000Z') })
    // client_secret_post, as Sage declares.
    expect(formOf(platform.received[0])).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'linkway', client_secret: 'hush' })
  })

  it('reports a dead grant as invalid_grant, with the platform’s words, not to be retried', async () => {
    platform.answerWith({ status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token was already used' } })
    expect(await platformAuthFailureOf(refresh())).toEqual({
      code: 'invalid_grant',
      message: 'The platform refused the token request: invalid_grant',
      isTransient: false,
      details: { upstreamError: 'invalid_grant', upstreamDescription: 'Refresh token was already used', httpStatus: 400 },
    })
  })

  it('reports refused client credentials as invalid_client, from the body or from a WWW-Authenticate challenge', async () => {
    platform.answerWith({ status: 401, body: { error: 'invalid_client' } })
    expect(await platformAuthFailureOf(refresh())).toEqual({
      code: 'invalid_client',
      message: 'The platform refused the token request: invalid_client',
      isTransient: false,
      details: { upstreamError: 'invalid_client', httpStatus: 401 },
    })
    platform.answerWith({ status: 401, headers: { 'www-authenticate': 'Basic realm="token"' } })
    expect(await platformAuthFailureOf(refresh())).toEqual({ code: 'invalid_client', message: 'The platform refused our client credentials', isTransient: false, details: { httpStatus: 401 } })
  })

  it('treats a 5xx as transient, whatever its body says', async () => {
    platform.answerWith({ status: 503, body: { error: 'invalid_grant' } })
    expect(await platformAuthFailureOf(refresh())).toEqual({ code: 'platform_unavailable', message: "The platform's token endpoint answered 503", isTransient: true, details: { httpStatus: 503 } })
  })

  it('carries Retry-After on a 429, in seconds or as an HTTP date', async () => {
    platform.answerWith({ status: 429, headers: { 'retry-after': '120' } })
    expect(await platformAuthFailureOf(refresh())).toEqual({ code: 'rate_limited', message: 'The platform is rate limiting token requests', isTransient: true, details: { httpStatus: 429, retryAfterSeconds: 120 } })
    platform.answerWith({ status: 429, headers: { 'retry-after': 'Tue, 01 Dec 2026 10:01:30 GMT' } })
    expect((await platformAuthFailureOf(refresh())).details).toEqual({ httpStatus: 429, retryAfterSeconds: 90 })
    platform.answerWith({ status: 429 })
    expect((await platformAuthFailureOf(refresh())).details).toEqual({ httpStatus: 429 })
  })

  it('treats a platform that cannot be reached as transient', async () => {
    const gone = await startPlatformServer()
    await gone.close()
    const auth = platformAuth('gbol', { tokenUrl: `${gone.url}/xero/token`, jwksUrl: `${gone.url}/xero/jwks` })
    expect(await platformAuthFailureOf(refresh(auth))).toEqual({ code: 'platform_unavailable', message: 'The platform could not be reached (TypeError)', isTransient: true, details: {} })
  })

  it('refuses plain http to a loopback token endpoint without the opt-in, before anything is sent', async () => {
    platform.answerWith({ status: 200, body: { access_token: 'at-2', token_type: 'Bearer' } })
    await expect(refresh(withoutPlainHttp(xero()))).rejects.toThrow(new TypeError(`Platform URLs must use https: ${platform.url}`))
    expect(platform.received).toEqual([])
  })

  it('sends Square’s refresh as JSON with its grant_type, and reads the answer’s expires_at', async () => {
    const square = platformAuth('zsth', { tokenUrl: `${platform.url}/oauth2/token` })
    platform.answerWith({ status: 200, body: { access_token: 'EAAA-2', token_type: 'bearer', expires_at: '2027-01-30T10:00:00Z', merchant_id: 'ML123', refresh_token: 'EQAA-1' } })
    expect(await refresh(square, 'EQAA-1')).toEqual({ accessToken: 'EAAA-2', tokenType: 'bearer', refreshToken: 'EQAA-1', expiresAt: new Date('2027-01-30T10:00:00Z'), parameters: { merchant_id: 'ML123' } })
    const [request] = platform.received
    expect(request).toMatchObject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/json' } })
    expect(JSON.parse(request?.body ?? '')).toEqual({ client_id: 'linkway', client_secret: 'hush', grant_type: 'refresh_token', refresh_token: 'EQAA-1' })
  })

  it('reads Square’s 401 for a revoked refresh token, in either of its bodies, as invalid_grant (the connection is then Deauthorized)', async () => {
    const square = platformAuth('zsth', { tokenUrl: `${platform.url}/oauth2/token` })
    platform.answerWith({ status: 401, body: { message: 'Invalid refresh token', type: 'service.not_authorized' } })
    expect(await platformAuthFailureOf(refresh(square, 'EQAA-1'))).toEqual({
      code: 'invalid_grant',
      message: 'The platform refused the refresh token',
      isTransient: false,
      details: { httpStatus: 401, upstreamError: 'service.not_authorized', upstreamDescription: 'Invalid refresh token' },
    })
    platform.answerWith({ status: 401, body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'The refresh token is invalid or revoked.' }] } })
    expect(await platformAuthFailureOf(refresh(square, 'EQAA-1'))).toMatchObject({ code: 'invalid_grant', details: { httpStatus: 401, upstreamError: 'UNAUTHORIZED' } })
    platform.answerWith({ status: 401, body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'Invalid client_id or client_secret' }] } })
    expect(await platformAuthFailureOf(refresh(square, 'EQAA-1'))).toMatchObject({ code: 'invalid_client' })
    // A healthy grant's refresh answered with something unreadable is not a revoked grant.
    platform.answerWith({ status: 200, body: { token_type: 'bearer' } })
    expect(await platformAuthFailureOf(refresh(square, 'EQAA-1'))).toMatchObject({ code: 'invalid_response', details: { httpStatus: 200 } })
  })
})
