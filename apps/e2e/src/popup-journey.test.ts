/**
 * Embedded Link's trip to a platform in a popup, in Debian's Chromium: a client's page on its own
 * 127.0.0.1 port opens the popup (`display: 'popup'`), the person answers the sandbox platform in
 * it, and the client's page hears the outcome by postMessage from Linkway's origin while the popup
 * closes itself. Without an opener (a new tab) the page stays and says what happened. Linkway's
 * real Content-Security-Policy applies (no bypass): the popup's script runs only if its hash is
 * right. One server and one browser, on PGlite (the databases are covered by the server's
 * popup-journey test); every request stays on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser } from './browser.js'
import { newLoopbackPage } from './page-checks.js'

const SANDBOX_CLIENT = { clientId: 'linkway-e2e-popup', clientSecret: 'e2e-popup-secret' }

/**
 * The client's page that embeds Link, reduced to what matters here: a button that opens the
 * popup at `?start=` (a click, so the browser allows it), and a listener that keeps every message
 * with its origin and whether it came from that popup.
 */
const HOST_PAGE = `<!doctype html><html lang="en"><title>Acme Lending</title><h1>Acme Lending</h1>
<button id="connect" type="button">Connect your bank</button>
<script>
  window.received = [];
  var popup = null;
  document.getElementById('connect').addEventListener('click', function () {
    popup = window.open(new URLSearchParams(location.search).get('start'), 'linkway', 'popup,width=520,height=720');
  });
  window.addEventListener('message', function (event) {
    window.received.push({ origin: event.origin, isFromPopup: event.source === popup, data: event.data });
  });
</script></html>`

async function startHostPage(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(HOST_PAGE)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe.runIf(hasChromium)('Embedded Link’s popup journey in Chromium', () => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let host: { origin: string; server: Server }
  let browser: Browser

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })

  /**
   * The Link API's popup start as the embedded component on the client's page sends it: a
   * cross-site call from that page's origin, which is on the client's CORS list, saying
   * `X-Link-Embedded: 1` (no token). Sent from here, with the headers Chromium would set, so the
   * test can open the popup itself; embedded-link.test.ts has the component make it in the browser.
   */
  async function popupStartUrl(platformKey: string): Promise<{ companyId: string; connectionId: string; authorizeUrl: string }> {
    const companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string
    const headers = { origin: host.origin, 'sec-fetch-site': 'cross-site', 'x-link-embedded': '1' }
    const session = await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session`, headers })
    expect(session.statusCode, session.body).toBe(200)
    const res = await t.app.inject({
      method: 'POST',
      url: `/link/api/companies/${companyId}/connections`,
      headers,
      payload: { platformKey, sessionId: session.json().sessionId, display: 'popup' },
    })
    expect(res.statusCode, res.body).toBe(200)
    return { companyId, ...(res.json() as { connectionId: string; authorizeUrl: string }) }
  }

  /** What Linkway's pages in this window refused under their Content-Security-Policy (the platform's pages are not ours to judge). */
  function collectRefusals(page: Page): string[] {
    const refusals: string[] = []
    page.on('console', (message) => {
      if (message.location().url.startsWith(t.url) && /Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text())
    })
    return refusals
  }

  /** The client's page, its popup opened by a click, at the platform's consent page. */
  async function openPopup(authorizeUrl: string): Promise<{ hostPage: Page; popup: Page; refusals: string[] }> {
    const hostPage = await newLoopbackPage(browser, { viewport: { width: 1024, height: 800 } })
    hostPage.setDefaultTimeout(10_000)
    await hostPage.goto(`${host.origin}/?start=${encodeURIComponent(authorizeUrl)}`)
    const [popup] = await Promise.all([hostPage.waitForEvent('popup'), hostPage.getByRole('button', { name: 'Connect your bank' }).click()])
    popup.setDefaultTimeout(10_000)
    const refusals = collectRefusals(popup)
    await popup.waitForURL(/\/oauth\/authorize/)
    return { hostPage, popup, refusals }
  }

  const received = async (hostPage: Page) => {
    await hostPage.waitForFunction('window.received.length > 0')
    return await hostPage.evaluate('window.received')
  }

  beforeAll(async () => {
    sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    t = await createTestApp('pglite', {
      listen: true,
      startQueue: true,
      catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }),
      sandboxClient: SANDBOX_CLIENT,
      rateLimits: { linkPerMinute: 0 },
    })
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
    client = await t.createClient('Acme Lending')
    await api('PUT', '/profile', { name: 'Acme Lending' })
    host = await startHostPage()
    expect((await api('POST', '/corsSettings', { allowedOrigins: [host.origin] })).statusCode).toBe(200)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => host?.server.close(resolve))
    await t?.close()
    await sandbox?.close()
  })

  it('posts the linked outcome to the client’s page from Linkway’s origin, and the popup closes itself', async () => {
    const { companyId, connectionId, authorizeUrl } = await popupStartUrl('bsbx')
    const { hostPage, popup, refusals } = await openPopup(authorizeUrl)
    // A reload at the platform keeps the journey.
    await popup.reload()
    const closed = popup.waitForEvent('close')
    await popup.getByRole('button', { name: 'Approve' }).click()
    await closed
    expect(await received(hostPage)).toEqual([
      { origin: t.url, isFromPopup: true, data: { type: 'linkway:link-result', companyId, connectionId, statusCode: '200' } },
    ])
    expect(refusals).toEqual([])
    expect((await api('GET', `/companies/${companyId}/connections/${connectionId}`)).json().status).toBe('Linked')
    await hostPage.context().close()
  })

  it('posts a cancelled outcome (403) when the person denies at the platform', async () => {
    const { companyId, connectionId, authorizeUrl } = await popupStartUrl('bsbx')
    const { hostPage, popup, refusals } = await openPopup(authorizeUrl)
    const closed = popup.waitForEvent('close')
    await popup.getByRole('button', { name: 'Deny' }).click()
    await closed
    expect(await received(hostPage)).toEqual([{ origin: t.url, isFromPopup: true, data: { type: 'linkway:link-result', companyId, connectionId, statusCode: '403' } }])
    expect(refusals).toEqual([])
    await hostPage.context().close()
  })

  it('without an opener (a new tab) the page stays, says what happened and where to go; Back and the platform again show where it stands', async () => {
    const { authorizeUrl } = await popupStartUrl('aiwb')
    const tab = await newLoopbackPage(browser, { viewport: { width: 375, height: 700 } })
    tab.setDefaultTimeout(10_000)
    const refusals = collectRefusals(tab)
    await tab.goto(authorizeUrl)
    await tab.getByRole('button', { name: 'Approve' }).click()
    await tab.getByRole('heading', { level: 1, name: 'Sandbox commerce is connected' }).waitFor()
    await tab.getByText('You can close this window and return to Acme Lending’s page.').waitFor()
    expect(tab.isClosed()).toBe(false)
    expect(await tab.locator('a').count()).toBe(0)
    // Its script found no opener and left the page as it is; the policy refused nothing.
    expect(refusals).toEqual([])

    await tab.goBack()
    await tab.getByRole('button', { name: 'Approve' }).click()
    await tab.getByRole('heading', { level: 1, name: 'Sandbox commerce is connected' }).waitFor()
    expect(await tab.locator('script').count()).toBe(0)
    await tab.context().close()
  })
})
