/**
 * Bad input is a 400 in the wire error body, never a 500: the values the fuzzer
 * (api-fuzz.property.test.ts) found reaching the database, each refused by the contract. A NUL or
 * an unpaired surrogate in any string, an expiry past what the database stores, a year-0000 instant.
 */
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from './testing/test-app.js'

const NUL = 'must not contain the NUL character (U+0000)'
const SURROGATE = 'must be valid Unicode (an unpaired surrogate, U+D800–U+DFFF, is not)'

/** The wire error body of a request the contract refused at one place. */
function refused(itemId: string, message: string, validatorName = 'custom') {
  return {
    statusCode: 400,
    service: 'PublicApi',
    error: `The request is invalid: ${itemId}: ${message}`,
    correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    validation: { errors: [{ itemId, message, validatorName }], warnings: [] },
    canBeRetried: 'Unknown',
    detailedErrorCode: 0,
  }
}

describe.each(testedBackends())('bad input on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let companyId: string
  let connectionId: string

  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  const api = (method: Method, url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: client.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  /** JSON text as sent, for what JSON.stringify would not write (a lone surrogate is escaped, so it arrives as one). */
  const raw = (method: Method, url: string, body: string) =>
    t.app.inject({ method, url, headers: { ...client.headers, 'content-type': 'application/json' }, payload: body })

  beforeAll(async () => {
    // Linking queues the first sync: the queue runs.
    t = await createTestApp(backend, { startQueue: true })
    client = await t.createClient()
    companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id
    connectionId = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'mqjo' })).json().id
    expect((await api('PUT', `/companies/${companyId}/connections/${connectionId}/authorization`, { accessToken: 'held-token' })).statusCode).toBe(200)
    // One synced invoice, so reading a record by id reaches the database.
    await sql`insert into data_records (connection_id, data_type, record_id, client_id, company_id, dataset_id, data)
              values (${connectionId}, 'invoices', 'inv-1', ${client.clientId}, ${companyId}, ${crypto.randomUUID()}, ${JSON.stringify({ id: 'inv-1' })}::jsonb)`.execute(t.database.db)
  })
  afterAll(async () => {
    await t?.close()
  })

  describe('a NUL or an unpaired surrogate in a string', () => {
    it('is refused in a company description, on create and on update', async () => {
      const created = await api('POST', '/companies', { name: 'Toft stores', description: 'ref\u0000 42' })
      expect(created.statusCode).toBe(400)
      expect(created.json()).toEqual(refused('description', NUL))
      const patched = await raw('PATCH', `/companies/${companyId}`, '{"description":"ref \\ud800 42"}')
      expect(patched.statusCode).toBe(400)
      expect(patched.json()).toEqual(refused('description', SURROGATE))
    })

    it('is refused in a tag value and in a tag key', async () => {
      const value = await api('POST', '/companies', { name: 'Toft stores', tags: { region: 'uk\u0000' } })
      expect(value.statusCode).toBe(400)
      expect(value.json()).toEqual(refused('tags.region', NUL))
      const key = await api('PUT', `/companies/${companyId}`, { name: 'Toft stores', tags: { 're\u0000gion': 'uk' } })
      expect(key.statusCode).toBe(400)
      expect(key.json()).toEqual(refused('tags.re\u0000gion', NUL, 'invalid_key'))
    })

    it("is refused in a list's query and tag filter by the query language, in the reference's words", async () => {
      for (const url of [`/companies?query=${encodeURIComponent('name=To\u0000ft')}`, `/companies?tags=${encodeURIComponent('region=uk\u0000')}`, '/companies?orderBy=na%00me']) {
        const res = await api('GET', url)
        expect(res.statusCode).toBe(400)
        expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error: expect.stringMatching(/^Error parsing (query|orderBy) - /), validation: null })
      }
    })

    it('is refused in an API key name, a Link settings text and a webhook companyTags entry', async () => {
      const key = await api('POST', '/apiKeys', { name: 'ci\u0000' })
      expect(key.statusCode).toBe(400)
      expect(key.json()).toEqual(refused('name', NUL))
      const settings = await api('PUT', '/linkSettings', { consent: { title: 'Share your books\u0000' } })
      expect(settings.statusCode).toBe(400)
      expect(settings.json()).toEqual(refused('consent.title', NUL))
      const webhook = await api('POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['company.created'], companyTags: ['region:uk\u0000'] })
      expect(webhook.statusCode).toBe(400)
      expect(webhook.json()).toEqual(refused('companyTags.0', NUL))
    })

    it("is refused in a synced record's id in the path", async () => {
      // The lookup itself reaches the database: an unknown id is its 404.
      expect((await api('GET', `/companies/${companyId}/data/invoices/inv-2`)).json()).toMatchObject({ statusCode: 404, error: 'No invoices record was found with ID inv-2' })
      const res = await api('GET', `/companies/${companyId}/data/invoices/inv%00-1`)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual(refused('recordId', NUL))
    })

    it("is refused in a Link funnel event's step", async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/link/api/companies/${companyId}/events`,
        payload: { sessionId: crypto.randomUUID(), event: 'opened', step: 'consent\u0000' },
      })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual(refused('step', NUL))
    })

    it("is refused in the OAuth callback's error_description with the Link flow's own 400 page", async () => {
      const { linkUrl } = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'bsbx' })).json()
      const start = await t.app.inject({ method: 'GET', url: new URL(linkUrl).pathname })
      expect(start.statusCode).toBe(302)
      const state = new URL(start.headers.location as string).searchParams.get('state')!
      const res = await t.app.inject({ method: 'GET', url: `/link/oauth/callback?state=${state}&error=server_error&error_description=went%00wrong` })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.body).toContain('This request could not be understood')
    })

    it("is refused in a Link URL's own query (a custom redirect placeholder) with the same page", async () => {
      const { linkUrl } = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'aiwb' })).json()
      const res = await t.app.inject({ method: 'GET', url: `${new URL(linkUrl).pathname}?ref=abc%00` })
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('This request could not be understood')
    })
  })

  describe('a path the router cannot read', () => {
    // Answered by the router before any route or hook: Fastify's own body until frameworkErrors.
    it.each([
      ['an unpaired surrogate, percent-encoded', '/companies/%ED%A0%80', 400, 'The URL is not valid: its path is not percent-encoded UTF-8.'],
      ['a segment longer than any id', `/companies/${'x'.repeat(6001)}`, 414, "A segment of the URL's path is longer than 6000 characters."],
    ])('answers %s in the wire error body', async (_what, url, status, error) => {
      const res = await api('GET', url)
      expect(res.statusCode).toBe(status)
      expect(res.json()).toEqual({
        statusCode: status,
        service: 'PublicApi',
        error,
        correlationId: res.headers['x-correlation-id'],
        validation: null,
        canBeRetried: 'Unknown',
        detailedErrorCode: 0,
      })
    })
  })

  describe('an instant the database cannot store', () => {
    const authorization = () => `/companies/${companyId}/connections/${connectionId}/authorization`

    it('refuses expiresIn that puts the expiry past the year 9999 on PUT …/authorization', async () => {
      const res = await api('PUT', authorization(), { accessToken: 'held-token', expiresIn: 9e12 })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({
        statusCode: 400,
        service: 'PublicApi',
        error: 'expiresIn is too large: 9000000000000 seconds from now is after 9999-12-31T23:59:59.999Z, the latest expiry Linkway stores',
        validation: null,
      })
    })

    it.each(['0000-06-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-001000-01-01T00:00:00Z'])('refuses expiresAt %s on PUT …/authorization', async (expiresAt) => {
      const res = await api('PUT', authorization(), { accessToken: 'held-token', expiresAt })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({
        statusCode: 400,
        service: 'PublicApi',
        error: 'expiresAt must be between 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z',
      })
    })

    it('refuses a year-0000 instant in the funnel range, a sync setting and a webhook recovery', async () => {
      const outOfRange = (field: string) => `${field} must be between 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z`
      const funnel = await api('GET', '/link/funnel?from=0000-01-01T00:00:00Z')
      expect(funnel.statusCode).toBe(400)
      expect(funnel.json()).toEqual(refused('from', outOfRange('from')))
      const settings = await api('POST', `/companies/${companyId}/syncSettings`, {
        overridesDefaults: true,
        settings: [{ dataType: 'invoices', fetchOnFirstLink: true, syncSchedule: 24, syncOrder: 0, syncFromUtc: '0000-12-31T00:00:00Z' }],
      })
      expect(settings.statusCode).toBe(400)
      expect(settings.json()).toEqual(refused('settings.0.syncFromUtc', outOfRange('syncFromUtc')))
      const webhook = (await api('POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['company.created'] })).json()
      // Midnight of year 1 at +01:00 is still year 0 in UTC.
      const recover = await api('POST', `/webhooks/${webhook.id}/recover`, { since: '0001-01-01T00:30:00+01:00' })
      expect(recover.statusCode).toBe(400)
      expect(recover.json()).toEqual(refused('since', outOfRange('since')))
    })

    it('still takes the first and the last instant of the range', async () => {
      expect((await api('GET', '/link/funnel?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z')).statusCode).toBe(200)
      // 30 days before a `to` in year 1 would be year 0: the default `from` stops at the range's start.
      expect((await api('GET', '/link/funnel?to=0001-01-02T00:00:00Z')).json()).toMatchObject({ from: '0001-01-01T00:00:00.000Z' })
      expect((await api('PUT', authorization(), { accessToken: 'held-token', expiresAt: '9999-12-31T23:59:59.999Z' })).statusCode).toBe(200)
    })
  })
})
