import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from './approve-consent.js'
import {
  authorizeUrlFor,
  basicAuthorization,
  CLIENT,
  createPkce,
  getJson,
  linkPlatform,
  obtainCode,
  postForm,
  redeemCode,
  REDIRECT_URI,
  refresh,
  startTestSandbox,
  type TestSandbox,
} from './testing/sandbox-harness.js'

let sandbox: TestSandbox
beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const BASIC = (): Record<string, string> => ({ authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) })

function accountingAuthorizeUrl(overrides: Record<string, string | undefined> = {}): string {
  return authorizeUrlFor(sandbox.endpoints.accounting, {
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'accounting.read offline_access',
    state: 'xyz',
    code_challenge: createPkce().challenge,
    code_challenge_method: 'S256',
    ...overrides,
  })
}

describe('the authorization code flow with PKCE', () => {
  it('shows a consent page naming the platform, the app and the scopes, with a form and no script', async () => {
    const response = await fetch(accountingAuthorizeUrl(), { redirect: 'manual' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'")
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    const html = await response.text()
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<h1>Sandbox accounting</h1>')
    expect(html).toContain('<strong>linkway:test</strong>')
    expect(html).toContain('<code>accounting.read</code>')
    expect(html).toContain('<code>offline_access</code>')
    expect(html).toContain('<form method="post" action="/accounting/oauth/authorize/decision">')
    expect(html).toMatch(/<input type="hidden" name="request_id" value="[A-Za-z0-9_-]{43}">/)
    expect(html).toContain('<button type="submit" name="decision" value="approve">Approve</button>')
    expect(html).toContain('<button type="submit" name="decision" value="deny">Deny</button>')
    expect(html).not.toContain('<script')
  })

  it('approves into a code and state, redeems it with the verifier, and the token reads the API', async () => {
    const grant = await obtainCode(sandbox, 'accounting', 'accounting.read offline_access')
    expect(grant.callback.origin + grant.callback.pathname).toBe(REDIRECT_URI)
    expect(grant.state).toBe('state-123')
    expect(grant.code).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const response = await redeemCode(sandbox, 'accounting', grant)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const tokens = (await response.json()) as Record<string, unknown>
    expect(Object.keys(tokens)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope'])
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'accounting.read offline_access' })
    expect(tokens['access_token']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(tokens['refresh_token']).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const company = await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/company`, tokens['access_token'] as string)
    expect(company.status).toBe(200)
    expect(await company.json()).toMatchObject({ baseCurrency: expect.stringMatching(/^(GBP|USD|EUR)$/) })
  })

  it('issues no refresh token without offline_access', async () => {
    const tokens = await linkPlatform(sandbox, 'accounting', 'accounting.read')
    expect(tokens.refresh_token).toBeUndefined()
    expect(tokens.scope).toBe('accounting.read')
  })

  it('sends a denial back as access_denied with the state', async () => {
    const location = await approveConsent(accountingAuthorizeUrl({ state: 'deny-me' }), { decision: 'deny' })
    expect(location).toBe(`${REDIRECT_URI}?error=access_denied&error_description=The+user+denied+access&state=deny-me`)
  })

  it('accepts client_secret_post as well as client_secret_basic, and a JSON body', async () => {
    const grant = await obtainCode(sandbox, 'banking', 'banking.read')
    const posted = await postForm(sandbox.endpoints.banking.tokenUrl, {
      grant_type: 'authorization_code',
      code: grant.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: grant.verifier,
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    })
    expect(posted.status).toBe(200)

    const second = await obtainCode(sandbox, 'banking', 'banking.read')
    const json = await fetch(sandbox.endpoints.banking.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...BASIC() },
      body: JSON.stringify({ grant_type: 'authorization_code', code: second.code, redirect_uri: REDIRECT_URI, code_verifier: second.verifier }),
    })
    expect(json.status).toBe(200)
  })
})

describe('authorize errors', () => {
  it('shows an error page and does not redirect when the redirect_uri is not registered exactly', async () => {
    for (const redirectUri of ['http://127.0.0.1:9/oauth/callback/', 'http://127.0.0.1:9/oauth/callback?x=1', 'http://evil.example/oauth/callback']) {
      const response = await fetch(accountingAuthorizeUrl({ redirect_uri: redirectUri }), { redirect: 'manual' })
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
      expect(await response.text()).toContain('is not registered for this app, so you will not be sent there.')
    }
    await expect(approveConsent(accountingAuthorizeUrl({ redirect_uri: 'http://evil.example/cb' }))).rejects.toThrow(
      'The redirect_uri “http://evil.example/cb” is not registered for this app, so you will not be sent there.',
    )
  })

  it('shows an error page for an unknown client', async () => {
    await expect(approveConsent(accountingAuthorizeUrl({ client_id: 'nobody' }))).rejects.toThrow('No app is registered with the client_id “nobody”.')
  })

  it.each([
    [{ code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request', 'PKCE is required: send code_challenge and code_challenge_method=S256.'],
    [{ code_challenge_method: 'plain' }, 'invalid_request', 'code_challenge_method must be S256; plain is not accepted.'],
    [{ code_challenge_method: undefined }, 'invalid_request', 'code_challenge_method must be S256; plain is not accepted.'],
    [{ code_challenge: 'short' }, 'invalid_request', 'code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).'],
    [{ response_type: 'token' }, 'unsupported_response_type', 'Only response_type=code is supported.'],
    [{ response_type: undefined }, 'invalid_request', 'The response_type parameter is required.'],
    [{ scope: 'accounting.read banking.read' }, 'invalid_scope', 'Unknown scope: banking.read.'],
    [{ scope: undefined }, 'invalid_scope', 'No scope was requested.'],
  ])('redirects %j back with %s', async (overrides, error, description) => {
    const response = await fetch(accountingAuthorizeUrl(overrides), { redirect: 'manual' })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') ?? '')
    expect(Object.fromEntries(location.searchParams)).toEqual({ error, error_description: description, state: 'xyz' })
  })

  it('treats a repeated parameter as invalid_request', async () => {
    const response = await fetch(`${accountingAuthorizeUrl()}&scope=accounting.write`, { redirect: 'manual' })
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error_description')).toBe('The scope parameter is repeated.')
  })
})

describe('the consent decision', () => {
  async function consentForm(): Promise<{ action: string; requestId: string }> {
    const html = await (await fetch(accountingAuthorizeUrl(), { redirect: 'manual' })).text()
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1] ?? ''
    return { action: new URL('/accounting/oauth/authorize/decision', sandbox.url).href, requestId }
  }

  it('takes a request_id once', async () => {
    const form = await consentForm()
    const first = await postForm(form.action, { request_id: form.requestId, decision: 'approve' })
    expect(first.status).toBe(302)
    const second = await postForm(form.action, { request_id: form.requestId, decision: 'approve' })
    expect(second.status).toBe(400)
    expect(second.headers.get('location')).toBeNull()
    expect(await second.text()).toContain('This authorization request has expired or was already answered.')
  })

  it('lets a request_id wait 15 minutes for the decision, not longer', async () => {
    const slow = await consentForm()
    sandbox.clock.advanceSeconds(14 * 60)
    expect((await postForm(slow.action, { request_id: slow.requestId, decision: 'approve' })).status).toBe(302)
    const form = await consentForm()
    sandbox.clock.advanceSeconds(15 * 60 + 1)
    const late = await postForm(form.action, { request_id: form.requestId, decision: 'approve' })
    expect(late.status).toBe(400)
  })

  it('asks again, without spending the request, when the decision is missing', async () => {
    const form = await consentForm()
    const blank = await postForm(form.action, { request_id: form.requestId })
    expect(blank.status).toBe(400)
    expect(await blank.text()).toContain('Choose Approve or Deny.')
    expect((await postForm(form.action, { request_id: form.requestId, decision: 'approve' })).status).toBe(302)
  })

  it('refuses a request_id posted to another platform', async () => {
    const form = await consentForm()
    const elsewhere = await postForm(new URL('/banking/oauth/authorize/decision', sandbox.url).href, { request_id: form.requestId, decision: 'approve' })
    expect(elsewhere.status).toBe(400)
  })
})

describe('redeeming codes', () => {
  it('refuses a code used twice and revokes the tokens issued from it', async () => {
    const grant = await obtainCode(sandbox, 'accounting', 'accounting.read offline_access')
    const tokens = (await (await redeemCode(sandbox, 'accounting', grant)).json()) as { access_token: string; refresh_token: string }
    expect((await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/invoices`, tokens.access_token)).status).toBe(200)

    const replay = await redeemCode(sandbox, 'accounting', grant)
    expect(replay.status).toBe(400)
    expect(await replay.json()).toEqual({ error: 'invalid_grant', error_description: 'The authorization code was already used; the tokens issued from it are revoked.' })
    const api = await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/invoices`, tokens.access_token)
    expect(api.status).toBe(401)
    expect(api.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(await api.json()).toEqual({ error: 'invalid_token', error_description: 'The access token is invalid or revoked.' })
    expect((await refresh(sandbox, 'accounting', tokens.refresh_token)).status).toBe(400)
  })

  it('lets a code expire after codeTtlSeconds on the injected clock', async () => {
    const fresh = await obtainCode(sandbox, 'accounting', 'accounting.read')
    sandbox.clock.advanceSeconds(59)
    expect((await redeemCode(sandbox, 'accounting', fresh)).status).toBe(200)

    const stale = await obtainCode(sandbox, 'accounting', 'accounting.read')
    sandbox.clock.advanceSeconds(60)
    const response = await redeemCode(sandbox, 'accounting', stale)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'The authorization code has expired.' })
  })

  it('refuses a verifier that does not match the challenge, and a missing one', async () => {
    const grant = await obtainCode(sandbox, 'accounting', 'accounting.read')
    const wrong = await redeemCode(sandbox, 'accounting', { ...grant, verifier: createPkce().verifier })
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'The code_verifier does not match the code_challenge.' })

    const other = await obtainCode(sandbox, 'accounting', 'accounting.read')
    const missing = await postForm(sandbox.endpoints.accounting.tokenUrl, { grant_type: 'authorization_code', code: other.code, redirect_uri: REDIRECT_URI }, BASIC())
    expect(await missing.json()).toEqual({ error: 'invalid_grant', error_description: 'The code_verifier parameter is required: the authorization request had a code_challenge.' })
  })

  it('refuses a redirect_uri other than the one authorized, even another registered one', async () => {
    const grant = await obtainCode(sandbox, 'accounting', 'accounting.read')
    const response = await postForm(
      sandbox.endpoints.accounting.tokenUrl,
      { grant_type: 'authorization_code', code: grant.code, redirect_uri: 'http://127.0.0.1:9/other-callback', code_verifier: grant.verifier },
      BASIC(),
    )
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'The redirect_uri is not the one of the authorization request.' })
  })

  it('refuses a code at another platform', async () => {
    const grant = await obtainCode(sandbox, 'accounting', 'accounting.read')
    const response = await redeemCode(sandbox, 'banking', grant)
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid.' })
  })
})

describe('client authentication', () => {
  it('answers a wrong Basic secret with 401 invalid_client and a Basic challenge', async () => {
    const response = await postForm(sandbox.endpoints.accounting.tokenUrl, { grant_type: 'refresh_token', refresh_token: 'x' }, { authorization: basicAuthorization(CLIENT.clientId, 'wrong') })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="Sandbox accounting", charset="UTF-8"')
    expect(await response.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' })
  })

  it('answers a wrong posted secret, and none at all, with 401 invalid_client', async () => {
    const wrong = await postForm(sandbox.endpoints.accounting.tokenUrl, { grant_type: 'refresh_token', refresh_token: 'x', client_id: CLIENT.clientId, client_secret: 'wrong' })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('www-authenticate')).toBeNull()
    expect(await wrong.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' })
    const none = await postForm(sandbox.endpoints.accounting.tokenUrl, { grant_type: 'refresh_token', refresh_token: 'x', client_id: CLIENT.clientId })
    expect(await none.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication is required.' })
  })

  it('refuses two authentication methods at once', async () => {
    const response = await postForm(sandbox.endpoints.accounting.tokenUrl, { grant_type: 'refresh_token', refresh_token: 'x', client_secret: CLIENT.clientSecret }, BASIC())
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'The client authenticated twice (HTTP Basic and client_secret in the body); use one method.' })
  })
})

describe('refresh tokens', () => {
  it('rotate: each refresh returns a new refresh token and the old one stops working', async () => {
    const first = await linkPlatform(sandbox, 'commerce', 'commerce.read offline_access')
    const response = await refresh(sandbox, 'commerce', first.refresh_token ?? '')
    expect(response.status).toBe(200)
    const second = (await response.json()) as { access_token: string; refresh_token: string; scope: string }
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(second.scope).toBe('commerce.read offline_access')
    expect((await getJson(`${sandbox.endpoints.commerce.apiBaseUrl}/orders`, second.access_token)).status).toBe(200)
    const third = await refresh(sandbox, 'commerce', second.refresh_token)
    expect(third.status).toBe(200)
  })

  it('revoke the whole grant when a used refresh token comes back', async () => {
    const first = await linkPlatform(sandbox, 'commerce', 'commerce.read offline_access')
    const second = (await (await refresh(sandbox, 'commerce', first.refresh_token ?? '')).json()) as { access_token: string; refresh_token: string }

    const reuse = await refresh(sandbox, 'commerce', first.refresh_token ?? '')
    expect(reuse.status).toBe(400)
    expect(await reuse.json()).toEqual({ error: 'invalid_grant', error_description: 'The refresh token was already used; the grant is revoked.' })
    expect(await (await refresh(sandbox, 'commerce', second.refresh_token)).json()).toEqual({ error: 'invalid_grant', error_description: 'The refresh token is invalid or revoked.' })
    expect((await getJson(`${sandbox.endpoints.commerce.apiBaseUrl}/orders`, second.access_token)).status).toBe(401)

    const summary = sandbox.admin.listGrants().find((grant) => grant.isRevoked && grant.refreshCount === 1 && grant.platform === 'commerce')
    expect(summary).toMatchObject({ clientId: CLIENT.clientId, scopes: ['commerce.read', 'offline_access'] })
  })

  it('may narrow the access token scope but not widen it', async () => {
    const tokens = await linkPlatform(sandbox, 'accounting', 'accounting.read accounting.write offline_access')
    const narrowed = await postForm(sandbox.endpoints.accounting.tokenUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', scope: 'accounting.read' }, BASIC())
    const body = (await narrowed.json()) as { scope: string; refresh_token: string }
    expect(body.scope).toBe('accounting.read')
    const widened = await refresh(sandbox, 'accounting', body.refresh_token)
    expect(((await widened.json()) as { scope: string }).scope).toBe('accounting.read accounting.write offline_access')
  })
})

describe('revocation (RFC 7009)', () => {
  it('revokes the grant from either of its tokens and answers 200 for unknown tokens', async () => {
    const tokens = await linkPlatform(sandbox, 'banking', 'banking.read offline_access')
    const revoked = await postForm(sandbox.endpoints.banking.revokeUrl, { token: tokens.refresh_token ?? '', token_type_hint: 'refresh_token' }, BASIC())
    expect(revoked.status).toBe(200)
    expect((await getJson(`${sandbox.endpoints.banking.apiBaseUrl}/accounts`, tokens.access_token)).status).toBe(401)
    expect((await refresh(sandbox, 'banking', tokens.refresh_token ?? '')).status).toBe(400)

    const other = await linkPlatform(sandbox, 'banking', 'banking.read')
    expect((await postForm(sandbox.endpoints.banking.revokeUrl, { token: other.access_token }, BASIC())).status).toBe(200)
    expect((await getJson(`${sandbox.endpoints.banking.apiBaseUrl}/accounts`, other.access_token)).status).toBe(401)

    expect((await postForm(sandbox.endpoints.banking.revokeUrl, { token: 'never-issued' }, BASIC())).status).toBe(200)
  })

  it('requires client authentication and a token', async () => {
    const anonymous = await postForm(sandbox.endpoints.banking.revokeUrl, { token: 'x' })
    expect(anonymous.status).toBe(401)
    const empty = await postForm(sandbox.endpoints.banking.revokeUrl, {}, BASIC())
    expect(await empty.json()).toEqual({ error: 'invalid_request', error_description: 'The token parameter is required.' })
  })
})

describe('admin-injected token failures', () => {
  it('fails the next N token calls with the status asked for, then recovers', async () => {
    const tokens = await linkPlatform(sandbox, 'accounting', 'accounting.read offline_access')
    sandbox.admin.failNextTokenCalls('accounting', 2)
    for (let call = 0; call < 2; call++) {
      const failed = await refresh(sandbox, 'accounting', tokens.refresh_token ?? '')
      expect(failed.status).toBe(503)
      expect(await failed.json()).toEqual({ error: 'temporarily_unavailable' })
    }
    expect((await refresh(sandbox, 'accounting', tokens.refresh_token ?? '')).status).toBe(200)
  })

  it('answers a 429 with Retry-After', async () => {
    sandbox.admin.failNextTokenCalls('banking', 1, { status: 429, error: 'slow_down', retryAfterSeconds: 7 })
    const failed = await refresh(sandbox, 'banking', 'anything')
    expect(failed.status).toBe(429)
    expect(failed.headers.get('retry-after')).toBe('7')
    expect(await failed.json()).toEqual({ error: 'slow_down' })
  })
})

describe('bad input at the token endpoint', () => {
  it.each([
    [{ grant_type: 'password' }, 400, { error: 'unsupported_grant_type', error_description: 'Sandbox accounting does not support grant_type=password.' }],
    [{}, 400, { error: 'invalid_request', error_description: 'The grant_type parameter is required.' }],
    [{ grant_type: 'authorization_code' }, 400, { error: 'invalid_request', error_description: 'The code parameter is required.' }],
    [{ grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT_URI }, 400, { error: 'invalid_grant', error_description: 'The authorization code is invalid.' }],
  ])('answers %j with an RFC 6749 error', async (fields, status, body) => {
    const response = await postForm(sandbox.endpoints.accounting.tokenUrl, fields, BASIC())
    expect(response.status).toBe(status)
    expect(await response.json()).toEqual(body)
  })

  it('answers an unparseable body with a 4xx, never a 500', async () => {
    const badJson = await fetch(sandbox.endpoints.accounting.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...BASIC() }, body: '{"grant_type":' })
    expect(badJson.status).toBe(400)
    expect(await badJson.json()).toMatchObject({ error: 'invalid_request' })
    const text = await fetch(sandbox.endpoints.accounting.tokenUrl, { method: 'POST', headers: { 'content-type': 'text/plain', ...BASIC() }, body: 'hello' })
    expect(await text.json()).toEqual({ error: 'invalid_request', error_description: 'The request body must be application/x-www-form-urlencoded (or a JSON object).' })
    const xml = await fetch(sandbox.endpoints.accounting.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' })
    expect(xml.status).toBe(415)
    const decision = await fetch(new URL('/accounting/oauth/authorize/decision', sandbox.url), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })
    expect(decision.status).toBe(400)
    const repeated = await fetch(sandbox.endpoints.accounting.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...BASIC() }, body: 'grant_type=refresh_token&grant_type=authorization_code' })
    expect(await repeated.json()).toEqual({ error: 'invalid_request', error_description: 'The grant_type parameter is repeated.' })
  })
})
