import { createPublicKey, verify, type JsonWebKey } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createSecretBox } from '@linkway/vault'
import { renderConsentTexts } from '@linkway/link-ui/consent-texts'
import { DATA_TYPES } from '@linkway/contracts'
import { buildApp } from '../../app.js'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000'

/** What the default sync settings read from an accounting platform, in catalogue order: what consent must list. */
const EVERY_ACCOUNTING_DATA_TYPE = [
  'company', 'chartOfAccounts', 'customers', 'suppliers', 'invoices', 'bills', 'payments', 'bankAccounts', 'journalEntries', 'items', 'taxRates', 'trackingCategories', 'paymentMethods', 'accountTransactions',
  'bankTransactions', 'transfers', 'balanceSheet', 'profitAndLoss', 'cashFlowStatement', 'creditNotes', 'billCreditNotes', 'billPayments', 'directCosts', 'directIncomes', 'itemReceipts', 'journals', 'purchaseOrders', 'salesOrders',
]
const EVERY_ACCOUNTING_DATA_TYPE_NAME = [
  'Company', 'Chart of accounts', 'Customers', 'Suppliers', 'Invoices', 'Bills', 'Payments', 'Bank accounts', 'Journal entries', 'Items', 'Tax rates', 'Tracking categories', 'Payment methods', 'Account transactions',
  'Bank account transactions', 'Transfers', 'Balance sheet', 'Profit and loss', 'Cash flow statement', 'Credit notes', 'Bill credit notes', 'Bill payments', 'Direct costs', 'Direct incomes', 'Item receipts', 'Journals', 'Purchase orders', 'Sales orders',
]

/** Verifies a compact JWS with a key from a JWKS, by node:crypto alone (not the signing code). */
function verifyWithJwks(jws: string, jwks: { keys: Array<JsonWebKey & { kid: string }> }): { isValid: boolean; payload: unknown } {
  const [header, payload, signature] = jws.split('.') as [string, string, string]
  const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg: string; kid: string }
  const jwk = jwks.keys.find((key) => key.kid === kid)
  if (alg !== 'EdDSA' || !jwk) return { isValid: false, payload: undefined }
  const isValid = verify(null, Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url'))
  return { isValid, payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) }
}

describe.each(testedBackends())('consent receipts on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient
  const api = (who: TestClient, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })
  const open = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })

  /** Allow access as the hosted page's component does it: its token and cookie, from this origin. */
  async function allowAccess(companyId: string, body: object) {
    const page = await open('GET', `/link/company/${companyId}`)
    const token = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!).linkToken as string
    const cookie = String([page.headers['set-cookie']].flat().find((value) => String(value).startsWith('linkway_link_page='))).split(';')[0]!
    return await open('POST', `/link/api/companies/${companyId}/connections`, body, { 'x-link-token': token, cookie, origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin' })
  }

  /** The consent screen's texts as the component renders them for this company, platform and language. */
  async function renderedTexts(companyId: string, lang: 'en' | 'fr' | 'de', category: 'accounting' | 'banking', platformKey: string) {
    const session = (await open('GET', `/link/api/companies/${companyId}/session?lang=${lang}`)).json()
    return { session, texts: renderConsentTexts({ session, lang, category, platformKey }) }
  }

  async function newCompany(name = 'Toft stores'): Promise<string> {
    return (await api(client, 'POST', '/companies', { name })).json().id
  }

  beforeAll(async () => {
    t = await createTestApp(backend, { startQueue: true })
    client = await t.createClient('Acme Lending')
    other = await t.createClient('Other Lending')
    const hook = await api(client, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['connection.consented'] })
    expect(hook.statusCode).toBe(201)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('records what the person saw, as rendered in their language, when they allow access', async () => {
    const companyId = await newCompany()
    const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    const started = await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } })
    expect(started.statusCode, started.body).toBe(200)
    const { connectionId } = started.json()

    const res = await api(client, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)
    expect(res.statusCode, res.body).toBe(200)
    const { receipt, kid, jwksUrl, jws } = res.json()
    expect(kid).toBe('consent-test')
    expect(jwksUrl).toBe(`${TEST_PUBLIC_URL}/.well-known/linkway-consent-keys.json`)
    expect(jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(receipt).toEqual({
      version: 1,
      receiptId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      issuer: TEST_PUBLIC_URL,
      consentedAt: '2026-01-01T00:00:00.000Z',
      client: { id: client.clientId, name: 'Acme Lending' },
      company: { id: companyId, name: 'Toft stores' },
      connectionId,
      platform: { key: 'mqjo', name: 'Sandbox accounting', sourceType: 'Accounting' },
      category: 'accounting',
      language: 'en',
      dataTypes: EVERY_ACCOUNTING_DATA_TYPE,
      texts: {
        title: 'Connect Sandbox accounting',
        subtitle: 'Acme Lending asks Toft stores for access to data in Sandbox accounting. Review what you share before you continue.',
        purpose: { heading: 'Purpose', text: 'Acme Lending uses this data to understand the finances of Toft stores and to provide its service.' },
        access: { heading: 'Access', text: 'Acme Lending can read the data listed under Platform data from Sandbox accounting, through Linkway, until you disconnect.' },
        accountInformation: { heading: 'Account information', text: 'You sign in at Sandbox accounting. Your password is never shared with Acme Lending or Linkway.' },
        platformData: { heading: 'Platform data', items: EVERY_ACCOUNTING_DATA_TYPE_NAME },
        retention: { heading: 'Retention', text: 'The data is kept while Toft stores uses the service of Acme Lending. You can disconnect Sandbox accounting at any time from this page.' },
        termsAndConditions: 'By selecting Allow access, you agree that Acme Lending may access this data on behalf of Toft stores.',
      },
    })
  })

  it("lists what this company's sync settings read, not a fixed few: a company that reads less is told less", async () => {
    const companyId = await newCompany('Toft books')
    // Read nothing but invoices and bills, on first link, and the bank accounts on a schedule only.
    const settings = DATA_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: dataType === 'invoices' || dataType === 'bills', syncSchedule: dataType === 'bankAccounts' ? 24 : 0, syncOrder }))
    const put = await api(client, 'POST', `/companies/${companyId}/syncSettings`, { settings, overridesDefaults: true })
    expect(put.statusCode, put.body).toBeLessThan(300)

    const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    expect(session.settings.dataTypes.accounting).toEqual(['invoices', 'bills', 'bankAccounts'])
    expect(texts.platformData.items).toEqual(['Invoices', 'Bills', 'Bank accounts'])
    const { connectionId } = (await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } })).json()
    const { receipt } = (await api(client, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)).json()
    expect(receipt.dataTypes).toEqual(['invoices', 'bills', 'bankAccounts'])
    // Another company of the same client keeps the client's defaults.
    expect((await renderedTexts(await newCompany('Toft other'), 'en', 'accounting', 'mqjo')).session.settings.dataTypes.accounting).toEqual(EVERY_ACCOUNTING_DATA_TYPE)
  })

  it("records the client's own texts, Markdown reduced to its words, in French", async () => {
    const settings = (await api(client, 'GET', '/linkSettings')).json()
    const custom = { ...settings, consent: { ...settings.consent, purpose: 'We check **{companyName}**:\n\n- cash flow\n- [our terms](https://example.com/terms)' }, dataTypes: { ...settings.dataTypes, banking: ['banking-transactions'] } }
    expect((await api(client, 'PUT', '/linkSettings', custom)).statusCode).toBe(200)
    try {
      const companyId = await newCompany('Toft Paris')
      const { session, texts } = await renderedTexts(companyId, 'fr', 'banking', 'bsbx')
      const { connectionId } = (await allowAccess(companyId, { platformKey: 'bsbx', sessionId: session.sessionId, consent: { lang: 'fr', texts } })).json()
      const { receipt } = (await api(client, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)).json()
      expect(receipt.language).toBe('fr')
      expect(receipt.category).toBe('banking')
      expect(receipt.dataTypes).toEqual(['banking-transactions'])
      expect(receipt.texts.purpose).toEqual({ heading: 'Finalité', text: 'We check Toft Paris:\n\n- cash flow\n- our terms <https://example.com/terms>' })
      expect(receipt.texts.title).toBe(texts.title)
      expect(receipt.texts.title).not.toBe('Connect Sandbox accounting')
    } finally {
      await api(client, 'PUT', '/linkSettings', settings)
    }
  })

  it('records texts as long as a client’s settings can render: placeholders filled with a 255-character name', async () => {
    const settings = (await api(client, 'GET', '/linkSettings')).json()
    const title = '{companyName}'.repeat(15)
    const subtitle = '{companyName} '.repeat(70)
    expect((await api(client, 'PUT', '/linkSettings', { ...settings, consent: { ...settings.consent, title, subtitle } })).statusCode).toBe(200)
    try {
      const companyId = await newCompany('Ö'.repeat(255))
      const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
      expect(texts.title.length).toBe(15 * 255)
      const started = await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } })
      expect(started.statusCode, started.body).toBe(200)
      const { receipt } = (await api(client, 'GET', `/companies/${companyId}/connections/${started.json().connectionId}/consent`)).json()
      expect(receipt.texts.title).toBe(texts.title)
    } finally {
      await api(client, 'PUT', '/linkSettings', settings)
    }
  })

  it('answers a platform that is not offered as it would without consent, not as changed texts', async () => {
    const companyId = await newCompany('Toft unknown platform')
    const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    const without = await allowAccess(companyId, { platformKey: 'zzzz', sessionId: session.sessionId })
    const withConsent = await allowAccess(companyId, { platformKey: 'zzzz', sessionId: session.sessionId, consent: { lang: 'en', texts } })
    expect(without.statusCode).toBeGreaterThanOrEqual(400)
    expect([withConsent.statusCode, withConsent.json().error]).toEqual([without.statusCode, without.json().error])
  })

  it('refuses texts the client never configured: 400, and nothing is created or recorded', async () => {
    const companyId = await newCompany()
    const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    const tampered = { ...texts, purpose: { ...texts.purpose, text: 'We will never look at your data.' } }
    const refused = await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts: tampered } })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error: 'The consent texts sent are not the ones this company’s Link shows; reload the page and review them again.' })
    // Texts of another language than the one claimed are refused too.
    const german = (await renderedTexts(companyId, 'de', 'accounting', 'mqjo')).texts
    expect((await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts: german } })).statusCode).toBe(400)
    expect((await api(client, 'GET', `/companies/${companyId}/connections`)).json().results).toEqual([])
    const stored = await sql<{ count: number }>`select count(*)::int as count from consent_receipts where company_id = ${companyId}`.execute(t.database.db)
    expect(stored.rows[0]!.count).toBe(0)
    // A body that is not the contract's shape is a 400 in the wire body too, never a 500.
    const malformed = await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'xx', texts: 'hello' } })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ statusCode: 400 })
  })

  it("answers only the connection's own client: another client's key gets 404, as does a connection with no receipt", async () => {
    const companyId = await newCompany()
    const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    const { connectionId } = (await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } })).json()
    const crossClient = await api(other, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)
    expect(crossClient.statusCode).toBe(404)
    expect(crossClient.json()).toMatchObject({ statusCode: 404, error: `No consent receipt was found for connection ${connectionId}` })
    expect(crossClient.body).not.toContain('Toft')
    expect((await api(client, 'GET', `/companies/${companyId}/connections/${NO_SUCH_ID}/consent`)).statusCode).toBe(404)
    expect((await api(client, 'GET', `/companies/${NO_SUCH_ID}/connections/${connectionId}/consent`)).statusCode).toBe(404)
    const viaApi = (await api(client, 'POST', `/companies/${companyId}/connections`, { platformKey: 'bsbx' })).json()
    expect((await api(client, 'GET', `/companies/${companyId}/connections/${viaApi.id}/consent`)).statusCode).toBe(404)
    expect((await api(client, 'GET', `/companies/${companyId}/connections/not-a-guid/consent`)).json()).toMatchObject({ statusCode: 400 })
    expect((await t.app.inject({ method: 'GET', url: `/companies/${companyId}/connections/${connectionId}/consent` })).statusCode).toBe(401)
  })

  it('signs the receipt: the published JWKS verifies it with node:crypto, and a changed receipt does not verify', async () => {
    const companyId = await newCompany()
    const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    const { connectionId } = (await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } })).json()
    const signed = (await api(client, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)).json()
    const jwksResponse = await open('GET', '/.well-known/linkway-consent-keys.json')
    expect(jwksResponse.statusCode).toBe(200)
    const jwks = jwksResponse.json()
    expect(jwks.keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/), kid: 'consent-test', alg: 'EdDSA', use: 'sig' }])
    expect(JSON.stringify(jwks)).not.toContain('"d"')
    const header = JSON.parse(Buffer.from(signed.jws.split('.')[0], 'base64url').toString('utf8'))
    expect(header).toEqual({ alg: 'EdDSA', kid: 'consent-test', typ: 'linkway-consent-receipt+jws' })
    const checked = verifyWithJwks(signed.jws, jwks)
    expect(checked.isValid).toBe(true)
    expect(checked.payload).toEqual(signed.receipt)
    // One word changed in the payload: the signature no longer holds.
    const [h, p, s] = signed.jws.split('.')
    const forged = Buffer.from(Buffer.from(p, 'base64url').toString('utf8').replace('Toft stores', 'Evil stores')).toString('base64url')
    expect(verifyWithJwks(`${h}.${forged}.${s}`, jwks).isValid).toBe(false)
  })

  it('keeps old receipts verifiable when the keys rotate, even once the old key is out of the configuration', async () => {
    const companyId = await newCompany()
    const first = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    const { connectionId } = (await allowAccess(companyId, { platformKey: 'mqjo', sessionId: first.session.sessionId, consent: { lang: 'en', texts: first.texts } })).json()
    const old = (await api(client, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)).json()

    const newKey = { id: 'k2', key: Buffer.alloc(32, 9) }
    const rotated = await buildApp({ ...t.deps, secrets: createSecretBox([newKey, { id: 'test', key: Buffer.alloc(32, 7) }]) })
    const retired = await buildApp({ ...t.deps, secrets: createSecretBox([newKey]) })
    try {
      const banking = await renderedTexts(companyId, 'en', 'banking', 'bsbx')
      const page = await rotated.inject({ method: 'GET', url: `/link/company/${companyId}` })
      const token = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!).linkToken as string
      const cookie = String([page.headers['set-cookie']].flat().find((value) => String(value).startsWith('linkway_link_page='))).split(';')[0]!
      const started = await rotated.inject({
        method: 'POST',
        url: `/link/api/companies/${companyId}/connections`,
        headers: { 'x-link-token': token, cookie, origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
        payload: { platformKey: 'bsbx', sessionId: banking.session.sessionId, consent: { lang: 'en', texts: banking.texts } },
      })
      expect(started.statusCode, started.body).toBe(200)
      const fresh = (await rotated.inject({ method: 'GET', url: `/companies/${companyId}/connections/${started.json().connectionId}/consent`, headers: client.headers })).json()
      expect(fresh.kid).toBe('consent-k2')

      const rotatedJwks = (await rotated.inject({ method: 'GET', url: '/.well-known/linkway-consent-keys.json' })).json()
      expect(rotatedJwks.keys.map((key: { kid: string }) => key.kid)).toEqual(['consent-k2', 'consent-test'])
      expect(verifyWithJwks(old.jws, rotatedJwks).isValid).toBe(true)
      expect(verifyWithJwks(fresh.jws, rotatedJwks).isValid).toBe(true)

      // The old encryption key removed: its public key stays published, from the receipts it signed.
      const retiredJwks = (await retired.inject({ method: 'GET', url: '/.well-known/linkway-consent-keys.json' })).json()
      expect(retiredJwks.keys.map((key: { kid: string }) => key.kid)).toEqual(['consent-k2', 'consent-test'])
      expect(verifyWithJwks(old.jws, retiredJwks).isValid).toBe(true)
    } finally {
      await rotated.close()
      await retired.close()
    }
  })

  it('sends connection.consented with the signed receipt, in the transaction that records it', async () => {
    const companyId = await newCompany()
    const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    const { connectionId } = (await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } })).json()
    const signed = (await api(client, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)).json()
    const events = await sql<{ payload: Record<string, unknown> }>`select payload from webhook_events where event_type = 'connection.consented' and client_id = ${client.clientId}`.execute(t.database.db)
    const event = events.rows.find((row) => (row.payload as { connectionId: string }).connectionId === connectionId)
    expect(event?.payload).toEqual({
      referenceCompany: { id: companyId, name: 'Toft stores', links: { portal: `${TEST_PUBLIC_URL}/companies/${companyId}` }, tags: {} },
      connectionId,
      consent: signed,
    })
    // No token or secret rides along: the receipt is what the person saw, and the signature.
    expect(JSON.stringify(event?.payload)).not.toMatch(/token|secret|password"/i)
  })

  it("gives the person their receipt as a file from the company's Link, and purges receipts with the company", async () => {
    const companyId = await newCompany()
    const { session, texts } = await renderedTexts(companyId, 'en', 'accounting', 'mqjo')
    const { connectionId } = (await allowAccess(companyId, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } })).json()
    const download = await open('GET', `/link/api/companies/${companyId}/connections/${connectionId}/consent`)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toBe(`attachment; filename="consent-receipt-${connectionId}.json"`)
    expect(download.json()).toEqual((await api(client, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)).json())
    const otherCompany = await newCompany()
    expect((await open('GET', `/link/api/companies/${otherCompany}/connections/${connectionId}/consent`)).statusCode).toBe(404)

    expect((await api(client, 'DELETE', `/companies/${companyId}`)).statusCode).toBe(204)
    const stored = await sql<{ count: number }>`select count(*)::int as count from consent_receipts where company_id = ${companyId}`.execute(t.database.db)
    expect(stored.rows[0]!.count).toBe(0)
    expect((await api(client, 'GET', `/companies/${companyId}/connections/${connectionId}/consent`)).statusCode).toBe(404)
  })
})
