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
  // These cases are about the sales side: without bills and suppliers, Invoices and Contacts hold only invoices and
  // customers. xero-books.test.ts serves both kinds in one list, as Xero does.
  sandbox.admin.setDatasetSize('xero', 'bills', 0)
  sandbox.admin.setDatasetSize('xero', 'suppliers', 0)
})
afterAll(async () => {
  await sandbox.close()
})

const [UK, US] = XERO_TENANTS.map((tenant) => tenant.tenantId) as [string, string]

interface XeroAnswer {
  pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number }
  Invoices: Array<Record<string, unknown>>
  Contacts?: Array<Record<string, unknown>>
  Accounts?: Array<Record<string, unknown>>
}
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
      jwksUrl: `${sandbox.url}/emulate/xero/identity/.well-known/openid-configuration/jwks`,
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

  it('lists every organisation the person ever authorised, each naming its consent, which the access token (a JWT) names', async () => {
    const tokens = await linkXero([US])
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
    expect(claims).toMatchObject({ iss: 'https://identity.xero.com', client_id: CLIENT.clientId, authentication_event_id: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    const connections = (await (await getJson(xero.tenantsUrl, tokens.access_token)).json()) as Record<string, string>[]
    // The earlier consent's UK organisation is listed too, under its own authEventId.
    expect(connections.map((connection) => connection['tenantId'])).toEqual([UK, US])
    expect(connections.filter((connection) => connection['authEventId'] === claims['authentication_event_id']).map((connection) => connection['tenantId'])).toEqual([US])
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

    const contacts = (await (await getJson(`${xero.apiBaseUrl}/Contacts?includeArchived=true`, tokens.access_token, { 'xero-tenant-id': US })).json()) as { Contacts: { IsCustomer: boolean }[] }
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

  it('pages by page and pageSize, summing the paging up in pagination', async () => {
    const tokens = await linkXero([UK])
    const page = async (query: string) => (await (await getJson(`${xero.apiBaseUrl}/Invoices?${query}`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as XeroAnswer
    const second = await page('page=2&pageSize=40')
    expect(second.pagination).toEqual({ page: 2, pageSize: 40, pageCount: 3, itemCount: 120 })
    expect(second.Invoices.map((invoice) => invoice['InvoiceNumber'])).toEqual(Array.from({ length: 40 }, (_, index) => `INV-${String(41 + index).padStart(5, '0')}`))
    expect((await page('page=1&pageSize=1000')).Invoices).toHaveLength(120)
    expect(await page('page=4&pageSize=40')).toMatchObject({ pagination: { page: 4, pageSize: 40, pageCount: 3, itemCount: 120 }, Invoices: [] })
    // No page asked for: the first 100, and no paging summary.
    expect((await page('')).pagination).toBeUndefined()
    for (const pageSize of ['0', '1001', 'ten']) {
      const refused = await getJson(`${xero.apiBaseUrl}/Invoices?page=1&pageSize=${pageSize}`, tokens.access_token, { 'xero-tenant-id': UK })
      expect(refused.status, pageSize).toBe(400)
      expect(await refused.json()).toEqual({ ErrorNumber: 10, Type: 'ValidationException', Message: 'pageSize must be a whole number from 1 to 1000.' })
    }
  })

  it('serves the chart of accounts as one unpaged list, its ids the ones invoice lines refer to', async () => {
    const tokens = await linkXero([UK])
    sandbox.admin.setDatasetSize('xero', 'accounts', 150)
    try {
      const accounts = (await (await getJson(`${xero.apiBaseUrl}/Accounts?page=1`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as XeroAnswer
      expect(accounts.Accounts).toHaveLength(150)
      expect(accounts.pagination).toBeUndefined()
      const accountIds = new Set(accounts.Accounts!.map((account) => account['AccountID']))
      const invoices = (await (await getJson(`${xero.apiBaseUrl}/Invoices?page=1`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as XeroAnswer
      const lines = invoices.Invoices.flatMap((invoice) => invoice['LineItems'] as Array<{ AccountID: string; AccountCode: string }>)
      for (const line of lines) expect(accountIds.has(line.AccountID)).toBe(true)
      const account = accounts.Accounts!.find((candidate) => candidate['AccountID'] === lines[0]!.AccountID)
      expect(account?.['Code']).toBe(lines[0]!.AccountCode)
    } finally {
      sandbox.admin.setDatasetSize('xero', 'accounts', 40)
    }
  })

  it('filters with where, and leaves archived contacts out unless includeArchived=true', async () => {
    const tokens = await linkXero([UK])
    const list = async (path: string) => (await (await getJson(`${xero.apiBaseUrl}/${path}`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as XeroAnswer
    const where = (expression: string) => `where=${encodeURIComponent(expression)}`
    const all = (await list('Invoices?page=1&pageSize=1000')).Invoices
    expect((await list(`Invoices?page=1&pageSize=1000&${where('Type=="ACCREC"')}`)).Invoices).toEqual(all)
    expect(await list(`Invoices?page=1&${where('Type=="ACCPAY"')}`)).toMatchObject({ pagination: { pageCount: 0, itemCount: 0 }, Invoices: [] })
    const paid = all.filter((invoice) => invoice['Status'] === 'PAID')
    expect((await list(`Invoices?page=1&pageSize=1000&${where('Status=="PAID" AND Type=="ACCREC"')}`)).Invoices).toEqual(paid)
    expect((await list(`Invoices?page=1&pageSize=1000&${where('Status!="PAID"')}`)).Invoices).toHaveLength(all.length - paid.length)
    const contactId = (all[0]!['Contact'] as { ContactID: string }).ContactID
    const ofContact = (await list(`Invoices?page=1&pageSize=1000&${where(`Contact.ContactID==Guid("${contactId.toUpperCase()}")`)}`)).Invoices
    expect(ofContact.map((invoice) => invoice['InvoiceID'])).toEqual(all.filter((invoice) => (invoice['Contact'] as { ContactID: string }).ContactID === contactId).map((invoice) => invoice['InvoiceID']))

    const unknown = await getJson(`${xero.apiBaseUrl}/Invoices?${where('Kind=="ACCREC"')}`, tokens.access_token, { 'xero-tenant-id': UK })
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toEqual({ ErrorNumber: 16, Type: 'QueryParseException', Message: "No property or field 'Kind' exists in type 'Invoice'" })
    const beyond = await getJson(`${xero.apiBaseUrl}/Invoices?${where('Total>5')}`, tokens.access_token, { 'xero-tenant-id': UK })
    expect(await beyond.json()).toMatchObject({ ErrorNumber: 16, Message: 'The emulation cannot evaluate "Total>5": it understands Field=="text", Field==true, Field==12.5 and Field==Guid("…") (or !=), joined by AND and OR.' })

    // 400 contacts: some are sure to be archived (1 in 20 is).
    sandbox.admin.setDatasetSize('xero', 'customers', 400)
    try {
      const everyone = (await list(`Contacts?page=1&pageSize=1000&includeArchived=true&${where('IsCustomer==true')}`)).Contacts!
      expect(everyone).toHaveLength(400)
      const active = everyone.filter((contact) => contact['ContactStatus'] === 'ACTIVE')
      expect(active.length).toBeLessThan(400)
      const byDefault = await list(`Contacts?page=1&pageSize=1000&${where('IsCustomer==true')}`)
      expect(byDefault.Contacts).toEqual(active)
      expect(byDefault.pagination).toEqual({ page: 1, pageSize: 1000, pageCount: 1, itemCount: active.length })
      // Paged within what the filter keeps.
      expect((await list('Contacts?page=2&pageSize=100')).Contacts).toEqual(active.slice(100, 200))
    } finally {
      sandbox.admin.setDatasetSize('xero', 'customers', 60)
    }
  })

  it('reads If-Modified-Since as UTC, written as Xero documents it or as an HTTP-date', async () => {
    // A host far from UTC: a timestamp without a zone read as local time would be 13 hours off.
    const zone = process.env['TZ']
    process.env['TZ'] = 'Pacific/Auckland'
    try {
      const tokens = await linkXero([UK])
      const all = ((await (await getJson(`${xero.apiBaseUrl}/Invoices?page=1&pageSize=1000`, tokens.access_token, { 'xero-tenant-id': UK })).json()) as XeroAnswer).Invoices
      const updatedAt = (invoice: Record<string, unknown>) => Number(/\((\d+)\+0000\)/.exec(invoice['UpdatedDateUTC'] as string)![1])
      // An hour after invoice 70 changed (they are days apart): read 13 hours early, 70 would be let in.
      const since = updatedAt(all[70]!) + 3_600_000
      const changedSince = async (header: string) =>
        ((await (await getJson(`${xero.apiBaseUrl}/Invoices?page=1&pageSize=1000`, tokens.access_token, { 'xero-tenant-id': UK, 'if-modified-since': header })).json()) as XeroAnswer).Invoices
      const expected = all.filter((invoice) => updatedAt(invoice) >= since).map((invoice) => invoice['InvoiceID'])
      expect(expected).toHaveLength(49)
      expect((await changedSince(new Date(since).toISOString().slice(0, 19))).map((invoice) => invoice['InvoiceID'])).toEqual(expected)
      expect((await changedSince(new Date(since).toUTCString())).map((invoice) => invoice['InvoiceID'])).toEqual(expected)
      expect((await changedSince(new Date(since).toISOString())).map((invoice) => invoice['InvoiceID'])).toEqual(expected)
      // Unreadable: no bound, as a header Xero cannot read changes nothing.
      expect(await changedSince('last tuesday')).toHaveLength(120)
    } finally {
      if (zone === undefined) delete process.env['TZ']
      else process.env['TZ'] = zone
    }
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

describe('the Xero emulation’s spellings', () => {
  it('lists the connections at /Connections too, as Xero’s OpenAPI description spells it', async () => {
    const tokens = await linkXero([US])
    const lower = await getJson(xero.tenantsUrl, tokens.access_token)
    const upper = await getJson(xero.tenantsUrl.replace(/\/connections$/, '/Connections'), tokens.access_token)
    expect(upper.status).toBe(200)
    expect(await upper.json()).toEqual(await lower.json())
  })
})
