/**
 * The whole Link journey over real HTTP: Linkway listening on 127.0.0.1, the sandbox platforms
 * on their own port, a "browser" that follows redirects by hand (and never follows one that
 * leaves loopback: the client's redirect is only read, as a Location header).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { exchangeAuthorizationCode, buildAuthorizationUrl, createCodeVerifier, PlatformAuthError } from '@linkway/oauth'
import { approveConsent, emulatedEndpoints, startSandboxPlatforms, XERO_TENANTS, type RunningSandbox } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { systemIds } from '../../app-deps.js'
import { createAppServices } from '../../app-services.js'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'
import { refreshExpiringTokens, revokeTokensOf, type RevokeTokensJob } from '../connections/index.js'

const SANDBOX_CLIENT = { clientId: 'linkway-flow-test', clientSecret: 'flow-test-sandbox-secret' }
const REDIRECT = 'https://client.example/done/{companyId}?status={statusCode}&conn={connectionId}&msg={errorMessage}&ref={ref}&src={sourceType}'

async function get(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

function location(response: Response): string {
  const value = response.headers.get('location')
  if (!value) throw new Error(`expected a redirect, got ${response.status}`)
  return value
}

describe.each(testedBackends())('the Link flow over HTTP on %s', (backend) => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let other: TestClient

  const api = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, who: TestClient = client) =>
    await t.app.inject({ method, url, headers: who.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const eventTypes = async () => (await sql<{ event_type: string }>`select event_type from webhook_events order by generated_at`.execute(t.database.db)).rows.map((r) => r.event_type)
  async function newConnection(platformKey: string, who: TestClient = client): Promise<{ companyId: string; id: string; linkUrl: string }> {
    const companyId = (await api('POST', '/companies', { name: 'Toft stores' }, who)).json().id
    const res = await api('POST', `/companies/${companyId}/connections`, { platformKey }, who)
    expect(res.statusCode, res.body).toBe(200)
    return { companyId, ...res.json() }
  }
  /** Start → platform → consent → callback: returns Linkway's answer to the callback. */
  async function walk(linkUrl: string, decision: 'approve' | 'deny' = 'approve', tenants?: string[]): Promise<Response> {
    const toPlatform = location(await get(linkUrl))
    const callback = await approveConsent(toPlatform, { decision, ...(tenants ? { tenants } : {}) })
    return await get(callback)
  }

  beforeAll(async () => {
    // The platforms' OAuth servers keep Linkway's (fake) time, as real ones share real time: Xero's ID tokens are checked against it.
    sandbox = await startSandboxPlatforms({ port: 0, clients: [], tokenClock: { now: () => t.clock.now() } })
    const emulated = emulatedEndpoints(sandbox.url)
    const catalogue = createPlatformCatalogue({
      sandboxUrl: sandbox.url,
      endpointOverrides: {
        gbol: { authorizeUrl: emulated.xero.authorizeUrl, tokenUrl: emulated.xero.tokenUrl, revokeUrl: emulated.xero.revokeUrl, tenantsUrl: emulated.xero.tenantsUrl, jwksUrl: emulated.xero.jwksUrl },
        qhyg: { authorizeUrl: emulated.quickbooks.authorizeUrl, tokenUrl: emulated.quickbooks.tokenUrl, revokeUrl: emulated.quickbooks.revokeUrl },
        fztf: { authorizeUrl: emulated.shopify.authorizeUrl, tokenUrl: emulated.shopify.tokenUrl },
        zsth: { authorizeUrl: emulated.square.authorizeUrl, tokenUrl: emulated.square.tokenUrl, revokeUrl: emulated.square.revokeUrl },
      },
    })
    t = await createTestApp(backend, { listen: true, startQueue: true, catalogue, sandboxClient: SANDBOX_CLIENT })
    const callbackUrl = `${t.url}/link/oauth/callback`
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [callbackUrl] })
    client = await t.createClient()
    other = await t.createClient()
    expect((await api('PUT', '/profile', { name: 'Client', redirectUrl: REDIRECT })).statusCode).toBe(200)
    await api('POST', '/webhooks', { url: 'http://127.0.0.1:9/h', eventTypes: ['connection.connected', 'connection.failed', 'connection.disconnected', 'connection.reconnected'] })
    // Credentials for the emulated real platforms, registered at the "platform" too.
    for (const [platformKey, id] of [['gbol', 'xero-app'], ['qhyg', 'qbo-app'], ['fztf', 'shopify-app'], ['zsth', 'square-app']] as const) {
      sandbox.admin.registerClient({ clientId: id, clientSecret: `${id}-secret`, redirectUris: [callbackUrl] })
      expect((await api('PUT', `/integrations/${platformKey}/credentials`, { clientId: id, clientSecret: `${id}-secret` })).statusCode).toBe(200)
    }
  })
  afterAll(async () => {
    await t?.close()
    await sandbox?.close()
  })

  it('links a sandbox connection end to end and lands on the client redirect with its placeholders filled', async () => {
    const { companyId, id, linkUrl } = await newConnection('mqjo')
    const start = await get(`${linkUrl}?ref=abc%20123`)
    expect(start.status).toBe(302)
    expect(start.headers.get('x-frame-options')).toBe('DENY')
    const authorize = new URL(location(start))
    expect(authorize.origin + authorize.pathname).toBe(`${sandbox.url}/accounting/oauth/authorize`)
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: SANDBOX_CLIENT.clientId,
      redirect_uri: `${t.url}/link/oauth/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    })
    // Only the state's hash is stored.
    const session = await t.database.db.selectFrom('link_sessions').selectAll().where('connection_id', '=', id).executeTakeFirstOrThrow()
    expect(session.state_hash.includes(Buffer.from(authorize.searchParams.get('state')!))).toBe(false)

    const callback = await approveConsent(authorize.href)
    const done = await get(callback)
    expect(done.status).toBe(302)
    expect(location(done)).toBe(`https://client.example/done/${companyId}?status=200&conn=${id}&msg=&ref=abc%20123&src=Accounting`)
    const connection = (await api('GET', `/companies/${companyId}/connections/${id}`)).json()
    expect(connection.status).toBe('Linked')
    expect(await eventTypes()).toContain('connection.connected')

    // The same callback again (a replay, a double click): an error page, no second redirect.
    const replay = await get(callback)
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('This link has expired')
    // Already linked: the Link URL answers 201 "nothing changed" without a trip to the platform.
    expect(location(await get(linkUrl))).toContain('status=201')
  })

  it('sends a replayed callback of a hosted Link journey back to the company’s page, in its language, not to a dead end', async () => {
    const { linkUrl, companyId } = await newConnection('bsbx')
    const start = new URL(linkUrl)
    start.searchParams.set('link.return', 'hosted')
    start.searchParams.set('lang', 'fr')
    const callback = await approveConsent(location(await get(start.href)))
    expect(location(await get(callback))).toMatch(new RegExp(`^${t.url}/link/company/${companyId}\\?link\\.result=`))
    // The person pressed Back after returning and answered the platform's page again.
    const replay = await get(callback)
    expect(replay.status).toBe(302)
    expect(location(replay)).toBe(`${t.url}/link/company/${companyId}?lang=fr`)
  })

  it('tells a hosted Link journey back from a sign-in that outlived its session so (408), and links nothing', async () => {
    const { linkUrl, companyId, id } = await newConnection('bsbx')
    const start = new URL(linkUrl)
    start.searchParams.set('link.return', 'hosted')
    start.searchParams.set('lang', 'de')
    const callback = await approveConsent(location(await get(start.href)))
    t.clock.advance(16 * 60_000)
    const late = await get(callback)
    expect(late.status).toBe(302)
    expect(location(late)).toBe(`${t.url}/link/company/${companyId}?link.result=${id}%3A408&lang=de`)
    expect((await api('GET', `/companies/${companyId}/connections/${id}`)).json().status).toBe('PendingAuth')
  })

  it('says nothing of a time-out to a sign-in that outlived its session when another tab linked the connection meanwhile', async () => {
    const { linkUrl, companyId, id } = await newConnection('bsbx')
    const start = new URL(linkUrl)
    start.searchParams.set('link.return', 'hosted')
    start.searchParams.set('lang', 'fr')
    const staleTab = await approveConsent(location(await get(start.href)))
    const otherTab = await approveConsent(location(await get(start.href)))
    expect(location(await get(otherTab))).toBe(`${t.url}/link/company/${companyId}?link.result=${id}%3A200&lang=fr`)
    t.clock.advance(16 * 60_000)
    const late = await get(staleTab)
    expect(late.status).toBe(302)
    expect(location(late)).toBe(`${t.url}/link/company/${companyId}?lang=fr`)
    expect((await api('GET', `/companies/${companyId}/connections/${id}`)).json().status).toBe('Linked')
  })

  it('refuses a tampered or expired state with an error page, never a redirect', async () => {
    const { linkUrl, companyId, id } = await newConnection('bsbx')
    const callback = new URL(await approveConsent(location(await get(linkUrl))))
    const tampered = new URL(callback)
    tampered.searchParams.set('state', `${callback.searchParams.get('state')!.slice(0, -2)}xx`)
    const refused = await get(tampered.href)
    expect(refused.status).toBe(400)
    expect(refused.headers.get('location')).toBeNull()
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const missing = await get(`${t.url}/link/oauth/callback?code=abc`)
    expect(missing.status).toBe(400)

    t.clock.advance(16 * 60_000)
    const late = await get(callback.href)
    expect(late.status).toBe(400)
    expect(await late.text()).toContain('This link has expired')
    expect((await api('GET', `/companies/${companyId}/connections/${id}`)).json().status).toBe('PendingAuth')
  })

  it('records a denial as 403 User cancelled, then links on the second try and resolves the error', async () => {
    const { companyId, id, linkUrl } = await newConnection('aiwb')
    const denied = await walk(linkUrl, 'deny')
    expect(location(denied)).toBe(`https://client.example/done/${companyId}?status=403&conn=${id}&msg=User%20cancelled&ref=&src=Commerce`)
    const failed = (await api('GET', `/companies/${companyId}/connections/${id}`)).json()
    expect(failed.status).toBe('PendingAuth')
    expect(failed.dataConnectionErrors).toEqual([
      { statusCode: '403', statusText: 'User cancelled linking', errorMessage: 'User cancelled', erroredOnUtc: expect.any(String), status: 'Active' },
    ])
    expect(await eventTypes()).toContain('connection.failed')
    expect(location(await walk(linkUrl))).toContain('status=200')
    const linked = (await api('GET', `/companies/${companyId}/connections/${id}`)).json()
    expect(linked.status).toBe('Linked')
    expect(linked.dataConnectionErrors[0]).toMatchObject({ status: 'Resolved', resolvedOnUtc: expect.any(String) })
  })

  it('refuses a redirect that is not on the allow-list, and uses its own page when no redirect is set', async () => {
    const { linkUrl } = await newConnection('bsbx')
    await api('PUT', '/profile', { name: 'Client', redirectUrl: 'https://{env}.client.example/done', whiteListUrls: ['https://uat.client.example'] })
    try {
      const refused = await walk(`${linkUrl}?env=attacker`)
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain('is not in the allowed redirect URLs')
      const second = await newConnection('bsbx')
      expect(location(await walk(`${second.linkUrl}?env=uat`))).toBe('https://uat.client.example/done')
      await api('PUT', '/profile', { name: 'Client', redirectUrl: '' })
      const third = await newConnection('bsbx')
      const own = await walk(third.linkUrl)
      expect(own.status).toBe(200)
      expect(await own.text()).toContain('Sandbox bank is connected')
    } finally {
      await api('PUT', '/profile', { name: 'Client', redirectUrl: REDIRECT })
    }
  })

  it('answers a broken form post or an unknown session with a page, not JSON', async () => {
    const res = await fetch(`${t.url}/link/sessions/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/tenant`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'stepToken=x&tenantId=y',
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('text/html')
    const malformed = await fetch(`${t.url}/link/sessions/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/tenant`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    })
    expect(malformed.status).toBe(400)
    expect(malformed.headers.get('content-type')).toContain('text/html')
    expect(malformed.headers.get('x-frame-options')).toBe('DENY')
  })

  it("does not start another client's connection from a mismatched company id", async () => {
    const mine = await newConnection('mqjo')
    const theirs = await newConnection('mqjo', other)
    const crossed = await get(`${t.url}/link/companies/${theirs.companyId}/connections/${mine.id}/start`)
    expect(crossed.status).toBe(404)
    expect((await get(`${t.url}/link/companies/not-a-guid/connections/${mine.id}/start`)).status).toBe(404)
  })

  it('a code works once and only with its PKCE verifier (at the token endpoint)', async () => {
    const connector = t.deps.catalogue.get('mqjo')!
    if (connector.auth.kind !== 'oauth2') throw new Error('unreachable')
    const redirectUri = `${t.url}/link/oauth/callback`
    const context = { connectionParameters: {}, now: new Date() }
    const codeFor = async (verifier: string) => {
      const url = await buildAuthorizationUrl(connector.auth as never, { clientId: SANDBOX_CLIENT.clientId, redirectUri, state: 's', codeVerifier: verifier, connectionParameters: {} })
      return new URL(await approveConsent(url.href)).searchParams
    }
    const verifier = createCodeVerifier()
    const params = await codeFor(verifier)
    const tokens = await exchangeAuthorizationCode(connector.auth as never, SANDBOX_CLIENT, { callbackParameters: params, redirectUri, codeVerifier: verifier }, context)
    expect(tokens.accessToken.length).toBeGreaterThan(20)
    await expect(exchangeAuthorizationCode(connector.auth as never, SANDBOX_CLIENT, { callbackParameters: params, redirectUri, codeVerifier: verifier }, context)).rejects.toMatchObject({ code: 'invalid_grant' })
    const other = await codeFor(createCodeVerifier())
    const mismatch = exchangeAuthorizationCode(connector.auth as never, SANDBOX_CLIENT, { callbackParameters: other, redirectUri, codeVerifier: createCodeVerifier() }, context)
    await expect(mismatch).rejects.toBeInstanceOf(PlatformAuthError)
    await expect(mismatch).rejects.toMatchObject({ code: 'invalid_grant' })
  })

  it('refreshes once when two workers race for an expiring rotated token', async () => {
    const { id, linkUrl } = await newConnection('bsbx')
    await walk(linkUrl)
    const before = sandbox.admin.listGrants().filter((g) => g.platform === 'banking' && !g.isRevoked)
    t.clock.advance(31 * 60_000)
    // Two workers: separate service graphs on the same database.
    const workers = [createAppServices(t.deps), createAppServices({ ...t.deps, ids: systemIds })]
    const seen = await Promise.all(workers.map((w) => w.vault.withAccessToken(id, async (token) => token)))
    expect(seen[0]).toBe(seen[1])
    const after = sandbox.admin.listGrants().filter((g) => g.platform === 'banking' && !g.isRevoked)
    expect(after.length).toBe(before.length)
    const refreshed = after.filter((g) => g.refreshCount > 0)
    expect(refreshed.map((g) => g.refreshCount)).toEqual([1])
    // The rotated token works at the platform.
    const data = await fetch(`${sandbox.url}/banking/api/accounts?page=1&pageSize=1`, { headers: { authorization: `Bearer ${seen[0]}` } })
    expect(data.status).toBe(200)
  })

  it('detects a grant revoked at the platform: Deauthorized, a 401 error, connection.disconnected; Link reconnects the same connection', async () => {
    const { companyId, id, linkUrl } = await newConnection('aiwb')
    await walk(linkUrl)
    const grant = sandbox.admin.listGrants().filter((g) => g.platform === 'commerce' && !g.isRevoked).at(-1)!
    expect(sandbox.admin.revokeGrant({ grantId: grant.grantId })).toBe(true)
    t.clock.advance(29 * 60_000)
    const sweep = await refreshExpiringTokens({ database: t.database, clock: t.clock, vault: createAppServices(t.deps).vault })
    expect(sweep.deauthorized).toBeGreaterThanOrEqual(1)
    const deauthorized = (await api('GET', `/companies/${companyId}/connections/${id}`)).json()
    expect(deauthorized.status).toBe('Deauthorized')
    expect(deauthorized.dataConnectionErrors.at(-1)).toMatchObject({ statusCode: '401', errorMessage: 'The integration de-authorized access to the connection.', status: 'Active' })
    expect(await eventTypes()).toContain('connection.disconnected')
    expect(location(await walk(linkUrl))).toContain('status=200')
    const again = (await api('GET', `/companies/${companyId}/connections`)).json()
    expect(again.results.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[id, 'Linked']])
    expect(await eventTypes()).toContain('connection.reconnected')
  })

  it('deleting a Linked connection revokes its grant at the platform', async () => {
    const { companyId, id, linkUrl } = await newConnection('bsbx')
    await walk(linkUrl)
    const grant = sandbox.admin.listGrants().filter((g) => g.platform === 'banking' && !g.isRevoked).at(-1)!
    expect((await api('DELETE', `/companies/${companyId}/connections/${id}`)).statusCode).toBe(200)
    const job = (await sql<{ data: RevokeTokensJob }>`select data from pgboss.job where name = 'connection.revoke' order by created_on desc limit 1`.execute(t.database.db)).rows[0]!
    expect(job.data.connectionId).toBe(id)
    const services = createAppServices(t.deps)
    expect(await revokeTokensOf(job.data, { database: t.database, catalogue: t.deps.catalogue, secrets: t.secrets, credentials: services.credentials, clock: t.clock })).toBe('revoked')
    expect(sandbox.admin.listGrants().find((g) => g.grantId === grant.grantId)?.isRevoked).toBe(true)
  })

  describe('quirks of real platforms, against their emulations', () => {
    it("Xero: several organisations → Linkway's pick page; one → taken directly", async () => {
      const { companyId, id, linkUrl } = await newConnection('gbol')
      const pick = await walk(linkUrl)
      expect(pick.status).toBe(200)
      const html = await pick.text()
      for (const tenant of XERO_TENANTS) expect(html).toContain(tenant.tenantName)
      const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&')
      const stepToken = /name="stepToken" value="([^"]+)"/.exec(html)![1]!
      const chosen = XERO_TENANTS[1]!
      const form = (token: string) => fetch(action, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ stepToken: token, tenantId: chosen.tenantId }).toString() })
      expect((await form('forged-token')).status).toBe(400)
      const done = await form(stepToken)
      expect(location(done)).toContain('status=200')
      expect((await form(stepToken)).status).toBe(400)
      const connection = (await api('GET', `/companies/${companyId}/connections/${id}`)).json()
      expect(connection).toMatchObject({ status: 'Linked', connectionInfo: { tenantId: chosen.tenantId, tenantName: chosen.tenantName } })

      const single = await newConnection('gbol')
      expect(location(await walk(single.linkUrl, 'approve', [XERO_TENANTS[0]!.tenantId]))).toContain('status=200')
      expect((await api('GET', `/companies/${single.companyId}/connections/${single.id}`)).json().connectionInfo).toMatchObject({ tenantId: XERO_TENANTS[0]!.tenantId })
    })

    it('Xero: a person who authorised one organisation before and now consents to another gets the new one attached, never the old', async () => {
      const [earlier, now] = XERO_TENANTS as [(typeof XERO_TENANTS)[0], (typeof XERO_TENANTS)[0]]
      const first = await newConnection('gbol')
      expect(location(await walk(first.linkUrl, 'approve', [earlier.tenantId]))).toContain('status=200')
      // Xero's /connections now lists both organisations: only this consent's is taken, directly, with no pick page.
      const second = await newConnection('gbol')
      expect(location(await walk(second.linkUrl, 'approve', [now.tenantId]))).toContain('status=200')
      expect((await api('GET', `/companies/${second.companyId}/connections/${second.id}`)).json()).toMatchObject({ status: 'Linked', connectionInfo: { tenantId: now.tenantId, tenantName: now.tenantName } })
    })

    it("QuickBooks Online: the callback's realmId is kept in connectionInfo", async () => {
      const { companyId, id, linkUrl } = await newConnection('qhyg')
      expect(location(await walk(linkUrl))).toContain('status=200')
      const connection = (await api('GET', `/companies/${companyId}/connections/${id}`)).json()
      expect(connection.connectionInfo.realmId).toMatch(/^\d{10,}$/)
      const grant = sandbox.admin.listGrants().filter((g) => g.platform === 'quickbooks').at(-1)!
      expect(connection.connectionInfo.realmId).toBe(grant.realmId)
    })

    it('Shopify: the store name first, a per-shop authorize URL, and a signed callback (a forged one is refused)', async () => {
      // A clock near the real one, as the shop's own would be.
      t.clock.set(new Date())
      const { companyId, id, linkUrl } = await newConnection('fztf')
      const form = await get(linkUrl)
      expect(form.status).toBe(200)
      expect(await form.text()).toContain('name="shop"')
      const bad = await get(`${linkUrl}?shop=${encodeURIComponent('not a shop!')}`)
      expect(await bad.text()).toContain('role="alert"')
      const toShop = location(await get(`${linkUrl}?shop=Acme-Outdoors.myshopify.com`))
      expect(toShop.startsWith(`${sandbox.url}/emulate/shopify/shops/acme-outdoors/admin/oauth/authorize?`)).toBe(true)
      const callback = new URL(await approveConsent(toShop))
      expect(callback.searchParams.get('hmac')).toMatch(/^[0-9a-f]{64}$/)
      const forged = new URL(callback)
      forged.searchParams.set('timestamp', '1')
      expect(location(await get(forged.href))).toContain('status=500')

      const second = await newConnection('fztf')
      const good = new URL(await approveConsent(location(await get(`${second.linkUrl}?shop=acme-outdoors`))))
      expect(location(await get(good.href))).toContain('status=200')
      expect((await api('GET', `/companies/${second.companyId}/connections/${second.id}`)).json()).toMatchObject({ status: 'Linked', connectionInfo: { shop: 'acme-outdoors' } })
      expect((await api('GET', `/companies/${companyId}/connections/${id}`)).json().dataConnectionErrors.at(-1)).toMatchObject({ statusCode: '500', statusText: 'The callback signature did not verify' })
    })

    it('Square: its scopes space-separated, the token request in JSON, the seller kept, and the refresh before expiry in JSON too', async () => {
      t.clock.set(new Date())
      const { companyId, id, linkUrl } = await newConnection('zsth')
      const toSquare = new URL(location(await get(linkUrl)))
      expect(`${toSquare.origin}${toSquare.pathname}`).toBe(`${sandbox.url}/emulate/square/oauth2/authorize`)
      expect(toSquare.searchParams.get('scope')).toBe('MERCHANT_PROFILE_READ CUSTOMERS_READ ORDERS_READ ITEMS_READ PAYMENTS_READ DISPUTES_READ')
      expect(location(await get(await approveConsent(toSquare.href)))).toContain('status=200')
      const grant = sandbox.admin.listGrants().filter((g) => g.platform === 'square').at(-1)!
      expect((await api('GET', `/companies/${companyId}/connections/${id}`)).json()).toMatchObject({ status: 'Linked', connectionInfo: { merchant_id: expect.stringMatching(/^ML[0-9A-F]{12}$/) } })

      // The access token expires_at 30 minutes on (the emulation's lifetime): the sweep refreshes it first, by Square's JSON grant.
      t.clock.advance(29 * 60_000)
      await refreshExpiringTokens({ database: t.database, clock: t.clock, vault: createAppServices(t.deps).vault })
      expect(sandbox.admin.listGrants().find((g) => g.grantId === grant.grantId)).toMatchObject({ refreshCount: 1, isRevoked: false })
      expect((await api('GET', `/companies/${companyId}/connections/${id}`)).json().status).toBe('Linked')
    })

    it("Shopify: a signed callback whose timestamp is more than 90 seconds old is refused, with why, and the link can be tried again", async () => {
      t.clock.set(new Date())
      const { companyId, id, linkUrl } = await newConnection('fztf')
      const callback = await approveConsent(location(await get(`${linkUrl}?shop=acme-outdoors`)))
      t.clock.advance(91_000)
      const refused = await get(callback)
      expect(refused.status).toBe(302)
      expect(location(refused)).toContain('status=500')
      const connection = (await api('GET', `/companies/${companyId}/connections/${id}`)).json()
      expect(connection.status).not.toBe('Linked')
      expect(connection.dataConnectionErrors.at(-1)).toMatchObject({ statusCode: '500', statusText: "The callback's timestamp is more than 90 seconds from Linkway's clock" })

      t.clock.set(new Date())
      expect(location(await get(await approveConsent(location(await get(`${linkUrl}?shop=acme-outdoors`)))))).toContain('status=200')
      expect((await api('GET', `/companies/${companyId}/connections/${id}`)).json()).toMatchObject({ status: 'Linked', connectionInfo: { shop: 'acme-outdoors' } })
    })
  })
})
