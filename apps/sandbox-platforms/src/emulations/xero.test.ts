import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { basicAuthorization, CLIENT, createPkce, getJson, postForm, REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'
import { XERO_TENANTS } from './xero.js'

let sandbox: TestSandbox
let xero: EmulatedEndpoints['xero']
beforeAll(async () => {
  sandbox = await startTestSandbox()
  xero = emulatedEndpoints(sandbox.url).xero
})
afterAll(async () => {
  await sandbox.close()
})

const [UK, US] = XERO_TENANTS.map((tenant) => tenant.tenantId) as [string, string]
const SCOPES = 'openid profile email accounting.transactions accounting.contacts accounting.settings offline_access'

function authorizeUrl(pkce?: { challenge: string }): string {
  const url = new URL(xero.authorizeUrl)
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    scope: SCOPES,
    state: 'xero-state',
    ...(pkce ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
  }).toString()
  return url.href
}

async function linkXero(tenants?: string[]): Promise<{ access_token: string; refresh_token: string; expires_in: number }> {
  const pkce = createPkce()
  const callback = new URL(await approveConsent(authorizeUrl(pkce), tenants === undefined ? {} : { tenants }))
  const response = await postForm(
    xero.tokenUrl,
    { grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier },
    { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) },
  )
  expect(response.status).toBe(200)
  return (await response.json()) as { access_token: string; refresh_token: string; expires_in: number }
}

describe('the Xero emulation', () => {
  it('serves its identity URLs', () => {
    expect(xero).toEqual({
      authorizeUrl: `${sandbox.url}/emulate/xero/identity/connect/authorize`,
      tokenUrl: `${sandbox.url}/emulate/xero/identity/connect/token`,
      revokeUrl: `${sandbox.url}/emulate/xero/identity/connect/revocation`,
      tenantsUrl: `${sandbox.url}/emulate/xero/connections`,
      apiBaseUrl: `${sandbox.url}/emulate/xero/api.xro/2.0`,
    })
  })

  it('offers both demo organisations as ticked checkboxes on the consent page', async () => {
    const html = await (await fetch(authorizeUrl(createPkce()), { redirect: 'manual' })).text()
    expect(html).toContain(`<input type="checkbox" id="tenant-0" name="tenant" value="${UK}" checked> Demo Company (UK)</label>`)
    expect(html).toContain(`<input type="checkbox" id="tenant-1" name="tenant" value="${US}" checked> Demo Company (US)</label>`)
  })

  it('authorizes only the organisations picked and lists them as connections', async () => {
    const tokens = await linkXero([UK])
    const connections = (await (await getJson(xero.tenantsUrl, tokens.access_token)).json()) as Record<string, string>[]
    expect(connections).toHaveLength(1)
    expect(connections[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      authEventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenantId: UK,
      tenantType: 'ORGANISATION',
      tenantName: 'Demo Company (UK)',
      createdDateUtc: '2025-03-01T09:00:00.0000000',
      updatedDateUtc: '2025-03-01T09:00:00.0000000',
    })
    const grant = sandbox.admin.listGrants().find((candidate) => candidate.platform === 'xero')
    expect(grant?.tenants).toEqual([{ tenantId: UK, tenantName: 'Demo Company (UK)' }])

    const ok = await getJson(`${xero.apiBaseUrl}/Invoices?page=1`, tokens.access_token, { 'xero-tenant-id': UK })
    expect(ok.status).toBe(200)
    const forbidden = await getJson(`${xero.apiBaseUrl}/Invoices?page=1`, tokens.access_token, { 'xero-tenant-id': US })
    expect(forbidden.status).toBe(403)
    expect(await forbidden.json()).toMatchObject({ Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' })
    expect((await getJson(`${xero.apiBaseUrl}/Invoices`, tokens.access_token)).status).toBe(403)
  })

  it('answers the Accounting API in Xero’s shape, 100 records a page', async () => {
    const tokens = await linkXero()
    const first = (await (await getJson(`${xero.apiBaseUrl}/Invoices?page=1`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as {
      Status: string
      DateTimeUTC: string
      Invoices: Record<string, unknown>[]
    }
    expect(first.Status).toBe('OK')
    expect(first.DateTimeUTC).toMatch(/^\/Date\(\d+\+0000\)\/$/)
    expect(first.Invoices).toHaveLength(100)
    expect(first.Invoices[0]).toMatchObject({
      Type: 'ACCREC',
      InvoiceID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      InvoiceNumber: 'INV-00001',
      Date: expect.stringMatching(/^\/Date\(\d+\+0000\)\/$/),
      Status: expect.stringMatching(/^(DRAFT|AUTHORISED|PAID|VOIDED)$/),
      CurrencyCode: expect.stringMatching(/^(GBP|USD|EUR)$/),
      LineItems: expect.any(Array),
      UpdatedDateUTC: expect.stringMatching(/^\/Date\(\d+\+0000\)\/$/),
    })
    const second = (await (await getJson(`${xero.apiBaseUrl}/Invoices?page=2`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as { Invoices: unknown[] }
    expect(second.Invoices).toHaveLength(20)
    const third = (await (await getJson(`${xero.apiBaseUrl}/Invoices?page=3`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as { Invoices: unknown[] }
    expect(third.Invoices).toEqual([])

    const contacts = (await (await getJson(`${xero.apiBaseUrl}/Contacts`, tokens.access_token, { 'xero-tenant-id': US })).json()) as { Contacts: { IsCustomer: boolean }[] }
    expect(contacts.Contacts).toHaveLength(60)
    const accounts = (await (await getJson(`${xero.apiBaseUrl}/Accounts`, tokens.access_token, { 'xero-tenant-id': US })).json()) as { Accounts: { Code: string; CurrencyCode: string }[] }
    expect(accounts.Accounts[0]).toMatchObject({ Code: '090', Type: 'BANK', CurrencyCode: 'USD' })
    const organisation = (await (await getJson(`${xero.apiBaseUrl}/Organisation`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as { Organisations: unknown[] }
    expect(organisation.Organisations).toEqual([expect.objectContaining({ OrganisationID: UK, Name: 'Demo Company (UK)', BaseCurrency: 'GBP' })])

    const ukInvoice = first.Invoices[0]
    const usInvoice = ((await (await getJson(`${xero.apiBaseUrl}/Invoices?page=1`, tokens.access_token, { 'xero-tenant-id': US })).json()) as { Invoices: unknown[] }).Invoices[0]
    expect(usInvoice).not.toEqual(ukInvoice)
    expect((await getJson(`${xero.apiBaseUrl}/Invoices?page=zero`, tokens.access_token, { 'xero-tenant-id': UK })).status).toBe(400)
  })

  it('requires at least one organisation', async () => {
    await expect(approveConsent(authorizeUrl(createPkce()), { tenants: [] })).rejects.toThrow('Choose at least one of the organisations listed.')
    await expect(approveConsent(authorizeUrl(createPkce()), { tenants: ['not-a-tenant'] })).rejects.toThrow('Choose at least one of the organisations listed.')
  })

  it('takes client_secret_basic only, and PKCE when the client sends it', async () => {
    const callback = new URL(await approveConsent(authorizeUrl()))
    const posted = await postForm(xero.tokenUrl, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    })
    expect(posted.status).toBe(401)
    expect(await posted.json()).toEqual({ error: 'invalid_client', error_description: 'Xero (emulated) expects client authentication with HTTP Basic.' })

    // The code above was not spent (client authentication comes first), so a Basic call redeems it without PKCE.
    const basic = await postForm(
      xero.tokenUrl,
      { grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI },
      { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) },
    )
    expect(basic.status).toBe(200)
  })

  it('rotates refresh tokens, revokes at its revocation URL, and throttles with Xero’s headers', async () => {
    const tokens = await linkXero()
    const auth = { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) }
    const refreshed = (await (await postForm(xero.tokenUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, auth)).json()) as { access_token: string; refresh_token: string }
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)

    sandbox.admin.rateLimitNextApiCalls('xero', 1, 60)
    const limited = await getJson(`${xero.apiBaseUrl}/Invoices`, refreshed.access_token, { 'xero-tenant-id': UK })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(limited.headers.get('x-rate-limit-problem')).toBe('minute')

    expect((await postForm(xero.revokeUrl, { token: refreshed.refresh_token }, auth)).status).toBe(200)
    expect((await getJson(xero.tenantsUrl, refreshed.access_token)).status).toBe(401)
  })
})
