/**
 * The Link API's embedded callers (docs/embedded-link.md, "Who may call the Link API"), on both
 * databases: CORS answers and preflights for the origins a client listed, a company access token
 * (way b), an allowed origin with `X-Link-Embedded: 1` (way c), and every refusal in the wire body.
 * Hosted Link's own page (way a) keeps working as hosted-link.test.ts checks.
 */
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'

const SHOP = 'https://shop.example'
const EVIL = 'https://evil.example'
const DAY_MS = 24 * 60 * 60_000

/** What a browser adds to a fetch from another site's page. */
const fromSite = (origin: string) => ({ origin, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' })
const embedded = (origin = SHOP) => ({ ...fromSite(origin), 'x-link-embedded': '1' })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const REFUSED = {
  expired: { statusCode: 401, service: 'PublicApi', error: 'The company access token has expired; ask your server for a new one.' },
  invalid: { statusCode: 401, service: 'PublicApi', error: 'The company access token is not valid.' },
  wrongCompany: { statusCode: 403, service: 'PublicApi', error: 'The company access token was issued for another company.' },
  origin: (origin: string) => ({ statusCode: 403, service: 'PublicApi', error: `The origin "${origin}" may not call this Link API; add it to the CORS settings (POST /corsSettings).` }),
  notPage: { statusCode: 403, service: 'PublicApi', error: 'This request did not come from this company’s Link page; reload the page and try again.' },
  requiredBySettings: {
    statusCode: 401,
    error: 'A company access token is required: this client’s Link settings ask for one (embeddedLinkRequiresToken); pass the one your server gets from GET /companies/{companyId}/accessToken.',
  },
  requiredByOneTimeLinks: {
    statusCode: 401,
    error: 'A company access token is required: one-time Link URLs are on for this client, so the company id alone is not enough; pass the one your server gets from GET /companies/{companyId}/accessToken.',
  },
}

describe.each(testedBackends())('embedded callers of the Link API on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient
  let companyA: string
  let companyB: string

  const api = (who: TestClient, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })
  const link = (method: 'GET' | 'POST' | 'OPTIONS', url: string, headers: Record<string, string>, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  const tokenFor = async (companyId: string) => (await api(client, 'GET', `/companies/${companyId}/accessToken`)).json().accessToken as string
  const event = (companyId: string, headers: Record<string, string>) => link('POST', `/link/api/companies/${companyId}/events`, headers, { sessionId: crypto.randomUUID(), event: 'opened' })
  const session = (companyId: string, headers: Record<string, string>) => link('GET', `/link/api/companies/${companyId}/session`, headers)
  /** Runs `body` with these Link settings, then puts the defaults back. */
  async function withSettings(settings: object, body: () => Promise<void>) {
    expect((await api(client, 'PUT', '/linkSettings', settings)).statusCode).toBe(200)
    try {
      await body()
    } finally {
      await api(client, 'PUT', '/linkSettings', {})
    }
  }

  beforeAll(async () => {
    // Linking a connection queues its first sync.
    t = await createTestApp(backend, { startQueue: true })
    client = await t.createClient('Acme Lending')
    other = await t.createClient('Other lender')
    companyA = (await api(client, 'POST', '/companies', { name: 'Toft stores' })).json().id
    companyB = (await api(client, 'POST', '/companies', { name: 'Bryn bakery' })).json().id
    expect((await api(client, 'POST', '/corsSettings', { allowedOrigins: [SHOP] })).statusCode).toBe(200)
    // EVIL is another client's origin: never one of this client's companies'.
    expect((await api(other, 'POST', '/corsSettings', { allowedOrigins: [EVIL] })).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
  })

  describe('CORS', () => {
    it('answers an allowed origin with Access-Control-Allow-Origin naming it, never with credentials; others get none', async () => {
      const allowed = await session(companyA, embedded())
      expect(allowed.statusCode).toBe(200)
      expect(allowed.headers['access-control-allow-origin']).toBe(SHOP)
      expect(allowed.headers['access-control-expose-headers']).toBe('content-disposition, retry-after, x-correlation-id')
      expect(allowed.headers.vary).toContain('Origin')
      expect(allowed.headers['access-control-allow-credentials']).toBeUndefined()
      for (const origin of [EVIL, 'https://shop.example.evil.example', 'http://shop.example', 'null', TEST_PUBLIC_URL]) {
        const res = await session(companyA, fromSite(origin))
        expect(res.headers['access-control-allow-origin'], origin).toBeUndefined()
        expect(res.headers.vary).toContain('Origin')
      }
      // Linkway's own page needs none.
      expect((await session(companyA, {})).headers['access-control-allow-origin']).toBeUndefined()
    })

    it('answers the preflight of an allowed origin with 204 and what the component may send, on every Link API route', async () => {
      const connectionId = crypto.randomUUID()
      const paths = ['session', 'connections', `connections/${connectionId}/disconnect`, `connections/${connectionId}/consent`, 'events', 'files?category=accounting']
      for (const path of paths) {
        const res = await link('OPTIONS', `/link/api/companies/${companyA}/${path}`, { ...fromSite(SHOP), 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' })
        expect(res.statusCode, path).toBe(204)
        expect(res.headers).toMatchObject({
          'access-control-allow-origin': SHOP,
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'authorization, content-type, x-link-token, x-link-embedded',
          'access-control-max-age': '600',
        })
        expect(res.headers['access-control-allow-credentials']).toBeUndefined()
        expect(res.body).toBe('')
      }
    })

    it('refuses the preflight of any other origin with 403 in the wire body and no CORS headers', async () => {
      const attempts: Array<[string, Record<string, string>]> = [
        [companyA, fromSite(EVIL)],
        [companyA, fromSite('null')],
        [companyA, {}],
        // Allowed for some company's client, but not this one's; and a company that does not exist.
        [(await api(other, 'POST', '/companies', { name: 'Theirs' })).json().id, fromSite(SHOP)],
        [`${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, fromSite(SHOP)],
      ]
      for (const [companyId, headers] of attempts) {
        const res = await link('OPTIONS', `/link/api/companies/${companyId}/events`, { ...headers, 'access-control-request-method': 'POST' })
        expect(res.statusCode, JSON.stringify(headers)).toBe(403)
        expect(res.json()).toMatchObject(REFUSED.origin(headers.origin ?? '(none)'))
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
        expect(res.headers['access-control-allow-methods']).toBeUndefined()
      }
      // A path the Link API does not have is still no route, not a method to suggest.
      expect((await link('POST', `/link/api/companies/${companyA}/nothing-here`, {})).statusCode).toBe(404)
    })

    it('lets the embedding page read a refusal: the error carries Access-Control-Allow-Origin too', async () => {
      const res = await session(companyA, { ...fromSite(SHOP), ...bearer('lwc_not-a-token') })
      expect(res.statusCode).toBe(401)
      expect(res.headers['access-control-allow-origin']).toBe(SHOP)
    })

    it('serves /sdk/* to any origin, GET only, and answers its preflight', async () => {
      const script = await link('GET', '/sdk/link.js', fromSite(EVIL))
      expect(script.headers['access-control-allow-origin']).toBe('*')
      const preflight = await link('OPTIONS', '/sdk/link.js', { ...fromSite(EVIL), 'access-control-request-method': 'GET' })
      expect(preflight.statusCode).toBe(204)
      expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET' })
      expect((await link('POST', '/sdk/link.js', fromSite(EVIL))).headers['access-control-allow-origin']).toBeUndefined()
    })
  })

  describe('b: a company access token', () => {
    it('reads and changes its company from an allowed origin or a server, with no page token, cookie or embedded header', async () => {
      const token = await tokenFor(companyA)
      const read = await session(companyA, { ...fromSite(SHOP), ...bearer(token) })
      expect(read.statusCode).toBe(200)
      expect(read.json().company).toEqual({ id: companyA, name: 'Toft stores' })
      expect((await session(companyA, bearer(token))).statusCode).toBe(200)
      expect((await event(companyA, { ...fromSite(SHOP), ...bearer(token) })).statusCode).toBe(204)
      const started = await link('POST', `/link/api/companies/${companyA}/connections`, { ...fromSite(SHOP), ...bearer(token) }, { platformKey: 'bsbx', sessionId: crypto.randomUUID() })
      expect(started.statusCode, started.body).toBe(200)
      expect(started.json().authorizeUrl).toContain(`/link/companies/${companyA}/connections/${started.json().connectionId}/start`)
    })

    it('refuses a token from an origin not in the CORS settings (403), for another company (403), expired (401) or never issued (401), each saying which', async () => {
      const token = await tokenFor(companyA)
      const forB = await link('POST', `/link/api/companies/${companyB}/events`, { ...fromSite(SHOP), ...bearer(token) }, { sessionId: crypto.randomUUID(), event: 'opened' })
      expect(forB.statusCode).toBe(403)
      expect(forB.json()).toMatchObject(REFUSED.wrongCompany)
      expect((await session(companyB, bearer(token))).json()).toMatchObject(REFUSED.wrongCompany)
      const fromEvil = await event(companyA, { ...fromSite(EVIL), ...bearer(token) })
      expect(fromEvil.statusCode).toBe(403)
      expect(fromEvil.json()).toMatchObject(REFUSED.origin(EVIL))
      expect((await session(companyA, { ...fromSite('null'), ...bearer(token) })).json()).toMatchObject(REFUSED.origin('null'))
      for (const forged of ['lwc_forged', 'Bearer', `${token}x`, 'a'.repeat(2000)]) {
        const res = await event(companyA, { ...fromSite(SHOP), authorization: forged === 'Bearer' ? 'Bearer' : `Bearer ${forged}` })
        expect(res.statusCode, forged.slice(0, 20)).toBe(401)
        expect(res.json()).toMatchObject(REFUSED.invalid)
      }
      t.clock.advance(DAY_MS)
      for (const res of [await session(companyA, { ...fromSite(SHOP), ...bearer(token) }), await event(companyA, { ...fromSite(SHOP), ...bearer(token) })]) {
        expect(res.statusCode).toBe(401)
        expect(res.json()).toMatchObject(REFUSED.expired)
      }
      // The host page's way out: a new token.
      expect((await event(companyA, { ...fromSite(SHOP), ...bearer(await tokenFor(companyA)) })).statusCode).toBe(204)
    })

    it('opens the Link API with one-time Link URLs on (the token stands for the page’s cookie) and with embeddedLinkRequiresToken', async () => {
      await withSettings({ oneTimeLinks: true, embeddedLinkRequiresToken: true }, async () => {
        const token = await tokenFor(companyA)
        expect((await session(companyA, {})).statusCode).toBe(403)
        expect((await session(companyA, { ...fromSite(SHOP), ...bearer(token) })).statusCode).toBe(200)
        expect((await event(companyA, { ...fromSite(SHOP), ...bearer(token) })).statusCode).toBe(204)
      })
    })

    it('opens the files module’s guarded upload route the same way: the guard passes, the route decides', async () => {
      const token = await tokenFor(companyA)
      const upload = (headers: Record<string, string>) => link('POST', `/link/api/companies/${companyA}/files?category=accounting`, { ...headers, 'content-type': 'multipart/form-data; boundary=x' })
      // Upload is off in the default settings: the route's own 403, past the guard.
      expect((await upload({ ...fromSite(SHOP), ...bearer(token) })).json()).toMatchObject({ statusCode: 403, error: 'File upload is not enabled for accounting in this Link.' })
      expect((await upload(fromSite(SHOP))).json()).toMatchObject(REFUSED.notPage)
    })
  })

  describe('c: an allowed origin with X-Link-Embedded: 1', () => {
    it('reads and changes its company without a token', async () => {
      const read = await session(companyA, embedded())
      expect(read.statusCode).toBe(200)
      expect(read.headers['access-control-allow-origin']).toBe(SHOP)
      expect((await event(companyA, embedded())).statusCode).toBe(204)
      const connection = (await api(client, 'POST', `/companies/${companyA}/connections`, { platformKey: 'aiwb' })).json()
      const authorized = await api(client, 'PUT', `/companies/${companyA}/connections/${connection.id}/authorization`, { accessToken: 'x' })
      expect(authorized.json().status, authorized.body).toBe('Linked')
      const disconnected = await link('POST', `/link/api/companies/${companyA}/connections/${connection.id}/disconnect`, embedded(), {})
      expect(disconnected.json()).toEqual({ status: 'Unlinked' })
    })

    it('refuses another origin (403), a change without the header (as hosted Link’s 403), and another client’s company', async () => {
      expect((await event(companyA, embedded(EVIL))).json()).toMatchObject(REFUSED.origin(EVIL))
      expect((await session(companyA, embedded(EVIL))).json()).toMatchObject(REFUSED.origin(EVIL))
      expect((await event(companyA, fromSite(SHOP))).json()).toMatchObject(REFUSED.notPage)
      expect((await event(companyA, { ...embedded(), 'x-link-embedded': 'yes' })).json()).toMatchObject(REFUSED.notPage)
      const theirs = (await api(other, 'POST', '/companies', { name: 'Theirs' })).json().id
      expect((await event(theirs, embedded(SHOP))).json()).toMatchObject(REFUSED.origin(SHOP))
      // Their own origin works for their company, not for ours.
      expect((await event(theirs, embedded(EVIL))).statusCode).toBe(204)
      expect((await event(companyA, embedded(EVIL))).statusCode).toBe(403)
    })

    it('wants a token when the client’s Link settings say embeddedLinkRequiresToken (401)', async () => {
      await withSettings({ embeddedLinkRequiresToken: true }, async () => {
        for (const res of [await session(companyA, embedded()), await event(companyA, embedded())]) {
          expect(res.statusCode).toBe(401)
          expect(res.json()).toMatchObject(REFUSED.requiredBySettings)
        }
      })
      expect((await event(companyA, embedded())).statusCode).toBe(204)
    })

    it('is refused for reading and changing alike when one-time Link URLs are on (401, saying so)', async () => {
      await withSettings({ oneTimeLinks: true }, async () => {
        for (const res of [await session(companyA, embedded()), await event(companyA, embedded())]) {
          expect(res.statusCode).toBe(401)
          expect(res.json()).toMatchObject(REFUSED.requiredByOneTimeLinks)
        }
      })
    })
  })

  describe('a: the hosted page is unchanged', () => {
    it('still needs its page token for a change, whatever CORS settings say', async () => {
      // An allowed origin alone is not hosted Link's page.
      expect((await event(companyA, { ...fromSite(SHOP), 'x-link-token': 'forged' })).json()).toMatchObject(REFUSED.notPage)
      // A browser's Basic credentials for the site are not a company token: the page's own rules decide.
      expect((await session(companyA, { authorization: 'Basic dXNlcjpwdw==' })).statusCode).toBe(200)
      expect((await event(companyA, { authorization: 'Basic dXNlcjpwdw==' })).json()).toMatchObject(REFUSED.notPage)
    })
  })
})
