/**
 * Embedded Link's server side in a real browser (Debian's Chromium), on PGlite: a client's own page
 * (another origin, on 127.0.0.1) calls the Link API the way the embedded component does. Chromium
 * itself sends the preflights and enforces the answers: a listed origin reads the API with a
 * company token or with `X-Link-Embedded: 1`, and reads its refusals; an origin not listed, or a
 * credentialed fetch, is blocked by the browser. Every request stays on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser } from './browser.js'
import { newLoopbackPage } from './page-checks.js'

/** What a page's fetch came to: the answer it could read, or the browser's refusal. */
type Outcome = { status: number; body: string } | { blocked: string }

/** A client's web page: an empty document on its own origin. */
async function hostPage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Client page</title><p>Client page</p>'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** A fetch made by the page itself, so Chromium applies CORS to it. */
async function fetchFrom(page: Page, url: string, init: { method?: string; headers?: Record<string, string>; body?: string; credentials?: 'include' | 'omit' } = {}): Promise<Outcome> {
  return await page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, init)
        return { status: res.status, body: await res.text() }
      } catch (error) {
        return { blocked: String(error) }
      }
    },
    { url, init },
  )
}

describe.runIf(hasChromium)('embedded Link’s calls from another origin, in Chromium on pglite', () => {
  let t: TestApp
  let client: TestClient
  let browser: Browser
  let listed: { server: Server; origin: string }
  let unlisted: { server: Server; origin: string }
  let companyId: string

  const api = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
  const tokenFor = async (id: string) => (await api('GET', `/companies/${id}/accessToken`)).json().accessToken as string
  const openAt = async (origin: string) => {
    const page = await newLoopbackPage(browser)
    await page.goto(origin)
    return page
  }

  beforeAll(async () => {
    t = await createTestApp('pglite', { listen: true })
    client = await t.createClient('Acme Lending')
    listed = await hostPage()
    unlisted = await hostPage()
    companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id
    expect((await api('POST', '/corsSettings', { allowedOrigins: [listed.origin] })).json()).toEqual({ allowedOrigins: [listed.origin] })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
    listed?.server.close()
    unlisted?.server.close()
  })

  it('a listed page reads and changes its company with a company token: Chromium’s preflight passes', async () => {
    const page = await openAt(listed.origin)
    const token = await tokenFor(companyId)
    const session = await fetchFrom(page, `${t.url}/link/api/companies/${companyId}/session`, { headers: { authorization: `Bearer ${token}` } })
    expect(session).toMatchObject({ status: 200 })
    expect(JSON.parse((session as { body: string }).body).company).toEqual({ id: companyId, name: 'Toft stores' })
    const event = await fetchFrom(page, `${t.url}/link/api/companies/${companyId}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: crypto.randomUUID(), event: 'opened' }),
    })
    expect(event).toEqual({ status: 204, body: '' })
  })

  it('a listed page calls without a token when it says X-Link-Embedded: 1', async () => {
    const page = await openAt(listed.origin)
    const event = await fetchFrom(page, `${t.url}/link/api/companies/${companyId}/events`, {
      method: 'POST',
      headers: { 'x-link-embedded': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: crypto.randomUUID(), event: 'opened' }),
    })
    expect(event).toEqual({ status: 204, body: '' })
  })

  it('a listed page reads its refusal: an expired token is a 401 it can tell apart', async () => {
    const page = await openAt(listed.origin)
    const token = await tokenFor(companyId)
    t.clock.advance(24 * 60 * 60_000)
    const expired = await fetchFrom(page, `${t.url}/link/api/companies/${companyId}/session`, { headers: { authorization: `Bearer ${token}` } })
    expect(expired).toMatchObject({ status: 401 })
    expect(JSON.parse((expired as { body: string }).body)).toMatchObject({ statusCode: 401, error: 'The company access token has expired; ask your server for a new one.' })
  })

  it('a page not listed is blocked by the browser, even with a good token; a credentialed fetch too', async () => {
    const token = await tokenFor(companyId)
    const stranger = await openAt(unlisted.origin)
    expect(await fetchFrom(stranger, `${t.url}/link/api/companies/${companyId}/session`, { headers: { authorization: `Bearer ${token}` } })).toEqual({ blocked: 'TypeError: Failed to fetch' })
    expect(await fetchFrom(stranger, `${t.url}/link/api/companies/${companyId}/session`)).toEqual({ blocked: 'TypeError: Failed to fetch' })
    // No Access-Control-Allow-Credentials: a listed page cannot make the browser send Linkway's cookies.
    const page = await openAt(listed.origin)
    expect(await fetchFrom(page, `${t.url}/link/api/companies/${companyId}/session`, { headers: { authorization: `Bearer ${token}` }, credentials: 'include' })).toEqual({ blocked: 'TypeError: Failed to fetch' })
  })

  it('any page reads /sdk/*', async () => {
    const stranger = await openAt(unlisted.origin)
    expect(await fetchFrom(stranger, `${t.url}/sdk/link.js`)).toMatchObject({ status: expect.any(Number) })
  })
})
