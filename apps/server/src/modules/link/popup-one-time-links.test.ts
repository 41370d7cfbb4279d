/**
 * Popup journeys (Embedded Link) where they could go wrong: a client with one-time Link URLs on
 * (the popup has no hosted page's cookie, so its start URL carries a one-time token of its own;
 * the caller proved itself with a company access token, which one-time Link URLs make Embedded
 * Link require), and a caller that names an origin the client never listed, which must never
 * receive a journey's outcome.
 */
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

const SANDBOX_CLIENT = { clientId: 'linkway-popup-otp-test', clientSecret: 'popup-otp-test-secret' }
const EMBED_ORIGIN = 'https://app.acme.example'

async function get(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

describe.each(testedBackends())('a popup journey with one-time Link URLs on, on %s', (backend) => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => await t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })

  beforeAll(async () => {
    sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    t = await createTestApp(backend, { listen: true, startQueue: true, catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }), sandboxClient: SANDBOX_CLIENT, rateLimits: { linkPerMinute: 0 } })
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
    client = await t.createClient()
    expect((await api('PUT', '/linkSettings', { oneTimeLinks: true })).statusCode).toBe(200)
    expect((await api('POST', '/corsSettings', { allowedOrigins: [EMBED_ORIGIN] })).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
    await sandbox?.close()
  })

  it('links through the popup with the company token alone, and its start URL works once', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string
    const token = (await api('GET', `/companies/${companyId}/accessToken`)).json().accessToken as string
    const embedded = { authorization: `Bearer ${token}`, origin: EMBED_ORIGIN, 'sec-fetch-site': 'cross-site' }
    const session = await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session`, headers: embedded })
    expect(session.statusCode, session.body).toBe(200)
    const started = await t.app.inject({ method: 'POST', url: `/link/api/companies/${companyId}/connections`, headers: embedded, payload: { platformKey: 'mqjo', sessionId: session.json().sessionId, display: 'popup' } })
    expect(started.statusCode, started.body).toBe(200)
    const { authorizeUrl, connectionId } = started.json() as { authorizeUrl: string; connectionId: string }
    expect(new URL(authorizeUrl).searchParams.get('link.otp')).toBeTruthy()

    // The popup, with no cookie of Linkway's: to the platform, and back to the page that posts the outcome.
    const toPlatform = await get(authorizeUrl)
    expect(toPlatform.status).toBe(302)
    const done = await get(await approveConsent(toPlatform.headers.get('location')!))
    expect(done.status, await done.clone().text()).toBe(200)
    expect(await done.text()).toContain(`"connectionId":"${connectionId}","statusCode":"200"`)
    expect((await api('GET', `/companies/${companyId}/connections/${connectionId}`)).json().status).toBe('Linked')
    // One-time: the same start URL again is refused.
    expect((await get(authorizeUrl)).status).toBe(403)
  })

  it('never starts a popup journey towards an origin the client did not list, whatever Sec-Fetch-Site says', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string
    const token = (await api('GET', `/companies/${companyId}/accessToken`)).json().accessToken as string
    const sessionId = (await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session`, headers: { authorization: `Bearer ${token}` } })).json().sessionId as string
    // A client that is not a browser can claim to be Linkway's own page while naming any origin.
    for (const site of ['same-origin', 'none', 'cross-site']) {
      const started = await t.app.inject({
        method: 'POST',
        url: `/link/api/companies/${companyId}/connections`,
        headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example', 'sec-fetch-site': site },
        payload: { platformKey: 'mqjo', sessionId, display: 'popup' },
      })
      expect(started.statusCode, site).toBe(403)
      expect(started.json().error).toContain('https://evil.example')
    }
    expect((await api('GET', `/companies/${companyId}/connections`)).json().results).toEqual([])
  })
})
