import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSandboxApp, getSandboxAdmin } from './sandbox-app.js'
import { basicAuthorization, CLIENT, createPkce, getJson, linkPlatform, postForm, REDIRECT_URI, startTestSandbox, type TestSandbox } from './testing/sandbox-harness.js'
import { approveConsent } from './approve-consent.js'

let sandbox: TestSandbox
beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

/** As a test in another process calls the admin: JSON, with the admin token. */
async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

async function getAdmin(path: string): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${sandbox.adminToken}` } })
}

describe('the admin routes', () => {
  it('register a client that can then link', async () => {
    const created = await postJson('/admin/clients', { clientId: 'second-app', clientSecret: 'second-secret', redirectUris: ['http://127.0.0.1:9/second'] })
    expect(created.status).toBe(201)
    const pkce = createPkce()
    const url = new URL(sandbox.endpoints.banking.authorizeUrl)
    url.search = new URLSearchParams({ response_type: 'code', client_id: 'second-app', redirect_uri: 'http://127.0.0.1:9/second', scope: 'banking.read', code_challenge: pkce.challenge, code_challenge_method: 'S256' }).toString()
    const code = new URL(await approveConsent(url.href)).searchParams.get('code') ?? ''
    const tokens = await postForm(sandbox.endpoints.banking.tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/second', code_verifier: pkce.verifier }, { authorization: basicAuthorization('second-app', 'second-secret') })
    expect(tokens.status).toBe(200)
  })

  it('list grants, and revoke one by id or by access token', async () => {
    const first = await linkPlatform(sandbox, 'accounting', 'accounting.read')
    const second = await linkPlatform(sandbox, 'accounting', 'accounting.read')
    const grants = (await (await getAdmin('/admin/grants')).json()) as { grantId: string; platform: string; isRevoked: boolean }[]
    const accounting = grants.filter((grant) => grant.platform === 'accounting')
    expect(accounting).toHaveLength(2)
    expect(accounting[0]).toEqual({ grantId: expect.any(String), platform: 'accounting', clientId: CLIENT.clientId, scopes: ['accounting.read'], isRevoked: false, refreshCount: 0, createdAt: '2025-03-01T09:00:00.000Z' })

    expect(await (await postJson('/admin/grants/revoke', { accessToken: first.access_token })).json()).toEqual({ revoked: true })
    expect((await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/accounts`, first.access_token)).status).toBe(401)
    expect(await (await postJson('/admin/grants/revoke', { grantId: accounting[1]?.grantId })).json()).toEqual({ revoked: true })
    expect((await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/accounts`, second.access_token)).status).toBe(401)
    expect(await (await postJson('/admin/grants/revoke', { grantId: 'nope' })).json()).toEqual({ revoked: false })
  })

  it('issue a test its own token on a grant, for a scope the client did not ask for: it reads that grant’s data', async () => {
    const linked = await linkPlatform(sandbox, 'accounting', 'accounting.read')
    const grantId = ((await (await getAdmin('/admin/grants')).json()) as { grantId: string; platform: string }[]).filter((grant) => grant.platform === 'accounting').at(-1)!.grantId
    const issued = await postJson('/admin/grants/access-token', { grantId, scopes: ['accounting.read', 'accounting.write'] })
    expect(issued.status).toBe(200)
    const { access_token: extra } = (await issued.json()) as { access_token: string }
    const invoices = async (token: string) => await (await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/invoices?pageSize=5`, token)).json()
    expect(await invoices(extra)).toEqual(await invoices(linked.access_token))
    for (const [body, description] of [
      [{ grantId: 'nope', scopes: ['accounting.read'] }, 'grantId must name a live grant.'],
      [{ grantId, scopes: ['banking.read'] }, 'scopes must list scopes of accounting: accounting.read, accounting.write, offline_access.'],
    ] as const) {
      const refused = await postJson('/admin/grants/access-token', body)
      expect(refused.status).toBe(400)
      expect(await refused.json()).toEqual({ error: 'invalid_request', error_description: description })
    }
  })

  it('expire tokens, inject token failures and rate limits, and resize datasets', async () => {
    const tokens = await linkPlatform(sandbox, 'commerce', 'commerce.read')
    expect((await postJson('/admin/dataset-size', { platform: 'commerce', dataset: 'orders', count: 5000 })).status).toBe(204)
    expect(((await (await getJson(`${sandbox.endpoints.commerce.apiBaseUrl}/orders`, tokens.access_token)).json()) as { totalItems: number }).totalItems).toBe(5000)
    // One currency for every business of the platform, whatever each grant's seed would draw; null: the seed's again.
    const currenciesOfOrders = async () => new Set(((await (await getJson(`${sandbox.endpoints.commerce.apiBaseUrl}/orders?pageSize=20`, tokens.access_token)).json()) as { items: Array<{ currency: string }> }).items.map((order) => order.currency))
    const [drawn] = [...(await currenciesOfOrders())]
    for (const currency of [drawn, ...['EUR', 'USD', 'GBP'].filter((other) => other !== drawn)]) {
      expect((await postJson('/admin/base-currency', { platform: 'commerce', currency })).status).toBe(204)
      expect(await currenciesOfOrders()).toEqual(new Set([currency]))
    }
    expect((await postJson('/admin/base-currency', { platform: 'commerce', currency: null })).status).toBe(204)
    expect(await currenciesOfOrders()).toEqual(new Set([drawn]))

    expect((await postJson('/admin/rate-limit', { platform: 'commerce', count: 1, retryAfterSeconds: 5 })).status).toBe(204)
    expect((await getJson(`${sandbox.endpoints.commerce.apiBaseUrl}/orders`, tokens.access_token)).status).toBe(429)

    expect((await postJson('/admin/token-failures', { platform: 'commerce', count: 1, status: 500, error: 'server_error' })).status).toBe(204)
    const failed = await postForm(sandbox.endpoints.commerce.tokenUrl, {})
    expect(failed.status).toBe(500)
    expect(await failed.json()).toEqual({ error: 'server_error' })

    expect(await (await postJson('/admin/tokens/expire', { platform: 'commerce' })).json()).toEqual({ expired: 1 })
    expect((await getJson(`${sandbox.endpoints.commerce.apiBaseUrl}/orders`, tokens.access_token)).status).toBe(401)
  })

  it('schedule API failures, rate limits after some calls and grant revocations, and count the calls served', async () => {
    const tokens = await linkPlatform(sandbox, 'banking', 'banking.read')
    const transactions = async (): Promise<number> => (await getJson(`${sandbox.endpoints.banking.apiBaseUrl}/transactions`, tokens.access_token)).status
    const served = async (): Promise<unknown> => (await getAdmin('/admin/api-calls?platform=banking')).json()
    expect(await served()).toEqual({ platform: 'banking', apiCallCount: 0 })

    expect((await postJson('/admin/api-failures', { platform: 'banking', count: 1, status: 502, afterCalls: 1 })).status).toBe(204)
    expect([await transactions(), await transactions(), await transactions()]).toEqual([200, 502, 200])
    expect((await postJson('/admin/api-failures', { platform: 'banking', count: 1 })).status).toBe(204)
    expect(await transactions()).toBe(503)

    expect((await postJson('/admin/rate-limit', { platform: 'banking', count: 1, retryAfterSeconds: 3, afterCalls: 1 })).status).toBe(204)
    expect([await transactions(), await transactions()]).toEqual([200, 429])
    expect(await served()).toEqual({ platform: 'banking', apiCallCount: 3 })

    expect((await postJson('/admin/grants/revoke-after', { platform: 'banking', afterCalls: 1 })).status).toBe(204)
    expect([await transactions(), await transactions()]).toEqual([200, 401])
    expect(await served()).toEqual({ platform: 'banking', apiCallCount: 4 })
  })

  it('answer GET /admin/api-calls for an unknown platform with 400', async () => {
    const response = await getAdmin('/admin/api-calls?platform=sage')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'platform must be one of accounting, banking, commerce, xero, quickbooks, shopify, square.' })
  })

  it.each([
    ['/admin/api-failures', { platform: 'banking', count: 1, status: 429 }, 'status must be a whole number from 500 to 599, or 408.'],
    ['/admin/api-failures', { platform: 'banking', count: 1, afterCalls: -2 }, 'afterCalls must be a whole number from 0 to 1000000.'],
    ['/admin/api-failures', { platform: 'banking' }, 'count must be a whole number from 0 to 1000000.'],
    ['/admin/rate-limit', { platform: 'banking', count: 1, retryAfterSeconds: 1, afterCalls: 'soon' }, 'afterCalls must be a whole number from 0 to 1000000.'],
    ['/admin/grants/revoke-after', { platform: 'banking' }, 'afterCalls must be a whole number from 0 to 1000000.'],
    ['/admin/grants/revoke-after', { platform: 'nowhere', afterCalls: 1 }, 'platform must be one of accounting, banking, commerce, xero, quickbooks, shopify, square.'],
    ['/admin/dataset-size', { platform: 'commerce', dataset: 'invoices', count: 5 }, 'commerce has no dataset “invoices”; it has customers, orders, products, payments, disputes, locations, paymentMethods, productCategories, taxComponents, transactions.'],
    ['/admin/dataset-size', { platform: 'commerce', dataset: 'orders', count: -1 }, 'count must be a whole number from 0 to 10000000.'],
    ['/admin/base-currency', { platform: 'commerce', currency: 'JPY' }, 'currency must be one of GBP, USD, EUR, or null.'],
    ['/admin/base-currency', { platform: 'xero', currency: 'EUR' }, 'Xero (emulated) has no currency to set: each of its organisations has its own.'],
    ['/admin/rate-limit', { platform: 'nowhere', count: 1, retryAfterSeconds: 1 }, 'platform must be one of accounting, banking, commerce, xero, quickbooks, shopify, square.'],
    ['/admin/token-failures', { platform: 'xero', count: 1, status: 200 }, 'status must be a whole number from 400 to 599.'],
    ['/admin/id-token-flaws', { platform: 'xero', count: 1, flaw: 'late' }, 'flaw must be one of forged, wrong-audience, expired, issued-in-future, wrong-nonce, wrong-at-hash.'],
    ['/admin/id-token-flaws', { platform: 'shopify', count: 1, flaw: 'forged' }, 'Shopify (emulated) issues no ID tokens.'],
    ['/admin/clients', { clientId: 'x', clientSecret: 's', redirectUris: ['/relative'] }, 'The redirect URI “/relative” must be an absolute http(s) URL without a fragment.'],
    ['/admin/clients', { clientId: 'x', clientSecret: 's', redirectUris: ['https://app.example/cb#frag'] }, 'The redirect URI “https://app.example/cb#frag” must be an absolute http(s) URL without a fragment.'],
    ['/admin/grants/revoke', [], 'The body must be a JSON object.'],
  ])('answer %s %j with 400', async (path, body, description) => {
    const response = await postJson(path, body)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: description })
  })
})

describe('the admin routes refuse what another web page could send', () => {
  const expire = `/admin/tokens/expire`
  // What a page on any origin can send to 127.0.0.1 without a CORS preflight: a form, a text/plain
  // or untyped fetch body. None carries the token; even with it, none of these bodies is accepted.
  const crossSiteBodies: Array<[string, Record<string, string>, string | Blob]> = [
    ['a form post', { 'content-type': 'application/x-www-form-urlencoded' }, 'platform=accounting'],
    ['a multipart form post', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="platform"\r\n\r\naccounting\r\n--x--\r\n'],
    ['a text/plain body', { 'content-type': 'text/plain;charset=UTF-8' }, '{"platform":"accounting"}'],
    ['an untyped body', {}, new Blob(['{"platform":"accounting"}'])],
  ]

  it.each(crossSiteBodies)('refuses %s with 415, with or without the token', async (_name, headers, body) => {
    const tokens = await linkPlatform(sandbox, 'accounting', 'accounting.read')
    for (const authorization of [{}, { authorization: `Bearer ${sandbox.adminToken}` }] as Record<string, string>[]) {
      const response = await fetch(`${sandbox.url}${expire}`, { method: 'POST', headers: { ...headers, ...authorization }, body })
      expect(response.status).toBe(415)
      expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'The admin routes take JSON bodies only (Content-Type: application/json).' })
    }
    expect((await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/accounts`, tokens.access_token)).status).toBe(200)
  })

  it('refuses JSON without the token, or with a wrong one, with 401', async () => {
    const tokens = await linkPlatform(sandbox, 'accounting', 'accounting.read')
    const missing = await fetch(`${sandbox.url}${expire}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"platform":"accounting"}' })
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="Sandbox admin"')
    expect(await missing.json()).toEqual({ error: 'invalid_token', error_description: 'The admin routes need Authorization: Bearer <admin token>.' })
    for (const authorization of [`Bearer ${sandbox.adminToken}x`, `Bearer ${'A'.repeat(43)}`, `Basic ${Buffer.from(`admin:${sandbox.adminToken}`).toString('base64')}`]) {
      const wrong = await fetch(`${sandbox.url}${expire}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"platform":"accounting"}' })
      expect(wrong.status, authorization).toBe(401)
    }
    const wrong = await fetch(`${sandbox.url}/admin/grants`, { headers: { authorization: `Bearer ${sandbox.adminToken}x` } })
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(await wrong.json()).toEqual({ error: 'invalid_token', error_description: 'The admin token is wrong.' })
    expect((await fetch(`${sandbox.url}/admin/grants`)).status).toBe(401)
    expect((await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/accounts`, tokens.access_token)).status).toBe(200)

    // With the token, the same call does what it says.
    const done = await postJson(expire, { platform: 'accounting' })
    expect(done.status).toBe(200)
    expect(((await done.json()) as { expired: number }).expired).toBeGreaterThan(0)
    expect((await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/accounts`, tokens.access_token)).status).toBe(401)
  })

  it('grants no CORS preflight, so a page cannot send the token from a script either', async () => {
    const preflight = await fetch(`${sandbox.url}${expire}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull()
  })

  it('takes the token it is given', async () => {
    const adminToken = 'given-admin-token-0123456789abcdefghijklmnop'
    const app = await buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [], adminToken })
    try {
      expect((await app.inject({ method: 'GET', url: '/admin/grants', headers: { authorization: `Bearer ${adminToken}` } })).json()).toEqual([])
      expect((await app.inject({ method: 'GET', url: '/admin/grants' })).statusCode).toBe(401)
    } finally {
      await app.close()
    }
  })
})

describe('the rest of the origin', () => {
  it('serves an index page, a health check and JSON 404s', async () => {
    const index = await fetch(`${sandbox.url}/`)
    expect(index.status).toBe(200)
    const html = await index.text()
    for (const name of ['Sandbox accounting', 'Sandbox bank', 'Sandbox commerce', 'Xero (emulated)', 'QuickBooks Online (emulated)', 'Shopify (emulated)']) expect(html).toContain(name)
    expect(html).toContain(`${sandbox.url}/accounting/oauth/authorize`)
    expect(await (await fetch(`${sandbox.url}/health`)).json()).toEqual({ status: 'ok' })
    const missing = await fetch(`${sandbox.url}/nowhere?secret=1`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: 'not_found', error_description: 'Nothing is served at GET /nowhere.' })
  })

  it('refuses admin calls that do not come from this machine, even with the token', async () => {
    const adminToken = 'loopback-admin-token-0123456789abcdefghijkl'
    const app = await buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [], adminToken })
    try {
      const headers = { authorization: `Bearer ${adminToken}` }
      const response = await app.inject({ method: 'GET', url: '/admin/grants', headers, remoteAddress: '203.0.113.5' })
      expect(response.statusCode).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/admin/grants', headers })).json()).toEqual([])
      expect(getSandboxAdmin(app).listGrants()).toEqual([])
    } finally {
      await app.close()
    }
  })

  it('fails loudly on bad options', async () => {
    await expect(buildSandboxApp({ publicUrl: 'localhost:8081', clients: [] })).rejects.toThrow('publicUrl “localhost:8081” must be http or https.')
    await expect(buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [{ clientId: 'a', clientSecret: '', redirectUris: [REDIRECT_URI] }] })).rejects.toThrow('clientSecret must be a non-empty string.')
    await expect(buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [], codeTtlSeconds: 0 })).rejects.toThrow('codeTtlSeconds must be a whole number of seconds from 1 to 31536000.')
    await expect(buildSandboxApp({ publicUrl: 'http://localhost:8081', clients: [], adminToken: 'short' })).rejects.toThrow('adminToken must be 32 to 200 characters: letters, digits and . _ ~ + / - (then any = padding).')
  })
})
