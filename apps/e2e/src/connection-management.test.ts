/**
 * The connection management component (`/sdk/connections.js`, `CodatConnections`) in Debian's
 * Chromium, on a client's page of its own (another 127.0.0.1 port, listed in the CORS settings)
 * with a company access token: it lists the company's connections, disconnects one (after its
 * confirmation; the API says Unlinked; `onDisconnect` hears it), and reconnects it through the
 * consent screen and the sandbox platform in a popup (the API says Linked; `onReconnect`). A token
 * for another company is refused through `onError`. One server on PGlite; every request stays on
 * 127.0.0.1.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { buildLinkBundle } from './link-bundle.js'
import { expectAccessible, expectNoHorizontalScroll, newLoopbackPage } from './page-checks.js'

const SANDBOX_CLIENT = { clientId: 'linkway-e2e-connections', clientSecret: 'e2e-connections-secret' }

/**
 * The client's page, as the reference's samples embed a component: a container, the module
 * imported from Linkway, every callback kept in `window.events`. Its configuration (Linkway's URL,
 * the company, the token) comes from an init script, never in the page's address.
 */
const HOST_PAGE = `<!doctype html><html lang="en"><title>Acme Lending</title><main><h1>Acme Lending</h1>
<div id="codat-connections-container" style="width:460px;height:840px"></div></main>
<script type="module">
  const config = window.hostConfig
  window.events = []
  const { CodatConnections } = await import(config.linkwayUrl + '/sdk/connections.js')
  window.component = new CodatConnections({
    target: document.getElementById('codat-connections-container'),
    props: {
      companyId: config.companyId,
      accessToken: config.accessToken,
      onDisconnect: (args) => window.events.push({ type: 'disconnect', args }),
      onReconnect: (args) => window.events.push({ type: 'reconnect', args }),
      onError: (args) => window.events.push({ type: 'error', args }),
      onClose: () => window.events.push({ type: 'close' }),
    },
  })
</script></html>`

async function startHostPage(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(HOST_PAGE)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

type HostEvent = { type: string; args?: Record<string, unknown> }

describe.runIf(hasChromium)('the connection management component in Chromium', () => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let host: { origin: string; server: Server }
  let browser: Browser

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
  const tokenFor = async (companyId: string) => (await api('GET', `/companies/${companyId}/accessToken`)).json().accessToken as string
  const statusOf = async (companyId: string, connectionId: string) => (await api('GET', `/companies/${companyId}/connections/${connectionId}`)).json().status as string

  async function openHostPage(companyId: string, accessToken: string, locale = 'en-GB'): Promise<Page> {
    const page = await newLoopbackPage(browser, { viewport: { width: 1024, height: 900 }, bypassCSP: true, locale })
    await page.context().addInitScript({ content: `window.hostConfig = ${JSON.stringify({ linkwayUrl: t.url, companyId, accessToken })}` })
    page.setDefaultTimeout(10_000)
    await page.goto(host.origin)
    return page
  }

  /** What has focus inside the component's shadow root: its tag and text. */
  const focused = async (page: Page) =>
    (await page.evaluate(`(() => {
      const active = document.querySelector('#codat-connections-container > div')?.shadowRoot?.activeElement
      return active ? active.tagName + ':' + active.textContent.trim() : null
    })()`)) as string | null
  const events = async (page: Page) => (await page.evaluate('window.events')) as HostEvent[]
  const card = (page: Page, platformName: string) => page.locator('li.lw-card', { has: page.getByRole('heading', { level: 2, name: platformName }) })

  /** A connection Linked the way a person links one: its Link URL, the sandbox's consent page, Approve. */
  async function linkThroughSandbox(companyId: string, platformKey: string): Promise<{ id: string; created: string }> {
    const connection = (await api('POST', `/companies/${companyId}/connections`, { platformKey })).json()
    const page = await newLoopbackPage(browser)
    await page.goto(connection.linkUrl)
    await page.waitForURL(/\/oauth\/authorize/)
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.waitForURL((url) => url.origin === t.url)
    await page.context().close()
    expect(await statusOf(companyId, connection.id)).toBe('Linked')
    return connection
  }

  beforeAll(async () => {
    sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    t = await createTestApp('pglite', {
      listen: true,
      startQueue: true,
      catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }),
      sandboxClient: SANDBOX_CLIENT,
      linkBundlePath: buildLinkBundle(),
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

  it('lists the connections, disconnects one after its confirmation and reconnects it through the popup', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string
    const bank = await linkThroughSandbox(companyId, 'bsbx')
    const shop = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'aiwb' })).json()
    const page = await openHostPage(companyId, await tokenFor(companyId))

    // The list: each platform with its status in words, its dates, and only the actions it allows.
    await page.getByRole('heading', { level: 1, name: 'Your connections' }).waitFor()
    const bankCard = card(page, 'Sandbox bank')
    const shopCard = card(page, 'Sandbox commerce')
    await expect.poll(() => bankCard.locator('dd').first().textContent()).toBe('✓ Connected')
    expect(await shopCard.locator('dd').first().textContent()).toBe('Waiting for sign-in')
    expect(await shopCard.locator('dd').nth(1).textContent()).toBe('Not yet')
    expect(await bankCard.locator('dd').nth(2).textContent()).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/)
    expect(await bankCard.getByRole('button').allTextContents()).toEqual(['Disconnect'])
    expect(await shopCard.getByRole('button').allTextContents()).toEqual(['Reconnect'])
    await expectAccessible(page, 'the list')
    await expectNoHorizontalScroll(page, 'the list')
    await screenshot(page, 'connection-management-list')

    // Disconnect asks first; Escape keeps it, and gives focus back to the button.
    await bankCard.getByRole('button', { name: 'Disconnect' }).click()
    const dialog = page.getByRole('dialog', { name: 'Disconnect Sandbox bank?' })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await statusOf(companyId, bank.id)).toBe('Linked')
    await expect.poll(() => focused(page)).toBe('BUTTON:Disconnect')
    // By keyboard: Enter opens it again on the harmless choice; Shift+Tab reaches Disconnect.
    await page.keyboard.press('Enter')
    await dialog.waitFor()
    await expect.poll(() => focused(page)).toBe('BUTTON:Cancel')
    await expectAccessible(page, 'the confirmation')
    await page.keyboard.press('Shift+Tab')
    expect(await focused(page)).toBe('BUTTON:Disconnect')
    await page.keyboard.press('Enter')
    await page.getByText('Sandbox bank is disconnected.').first().waitFor()
    expect(await statusOf(companyId, bank.id)).toBe('Unlinked')
    const bankDetails = { connectionId: bank.id, integrationKey: 'bsbx', platformName: 'Sandbox bank', sourceType: 'Banking', integrationId: expect.any(String), sourceId: expect.any(String) }
    expect(await events(page)).toEqual([{ type: 'disconnect', args: bankDetails }])
    expect(await bankCard.locator('dd').first().textContent()).toBe('Disconnected')

    // A reload shows it as the server has it.
    await page.reload()
    await expect.poll(() => card(page, 'Sandbox bank').locator('dd').first().textContent()).toBe('Disconnected')

    // Reconnect: the consent screen first (its Back returns to the list), then the platform in a popup.
    await card(page, 'Sandbox bank').getByRole('button', { name: 'Reconnect' }).click()
    await page.getByRole('heading', { level: 1, name: 'Connect Sandbox bank' }).waitFor()
    await expect.poll(() => focused(page)).toBe('H1:Connect Sandbox bank')
    await page.getByRole('button', { name: 'Back' }).click()
    await page.getByRole('heading', { level: 1, name: 'Your connections' }).waitFor()
    await card(page, 'Sandbox bank').getByRole('button', { name: 'Reconnect' }).click()
    await page.getByRole('heading', { level: 1, name: 'Connect Sandbox bank' }).waitFor()
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Allow access' }).click()])
    await page.getByRole('heading', { level: 1, name: 'Sign in to Sandbox bank in the new window' }).waitFor()
    await popup.waitForURL(/\/oauth\/authorize/)
    const closed = popup.waitForEvent('close')
    await popup.getByRole('button', { name: 'Approve' }).click()
    await closed
    await page.getByText('Sandbox bank is connected.').first().waitFor()
    await expect.poll(() => card(page, 'Sandbox bank').locator('dd').first().textContent()).toBe('✓ Connected')
    expect(await statusOf(companyId, bank.id)).toBe('Linked')
    expect(await events(page)).toEqual([{ type: 'reconnect', args: bankDetails }])
    // The same connection, not a new one; the other is untouched.
    const listed = (await api('GET', `/companies/${companyId}/connections`)).json().results.map((connection: { id: string; status: string }) => [connection.id, connection.status])
    expect(listed.sort()).toEqual([[bank.id, 'Linked'], [shop.id, 'PendingAuth']].sort())
    await expectAccessible(page, 'after reconnecting')
    await screenshot(page, 'connection-management-reconnected')

    // Removing the target's child removes the component, as the reference's samples close it.
    await page.evaluate("document.getElementById('codat-connections-container').firstElementChild.remove()")
    expect(await page.locator('li.lw-card').count()).toBe(0)
    // A $destroy after that is harmless.
    await page.evaluate('window.component.$destroy()')
    await page.context().close()
  })

  it('a token for another company is refused: onError hears it, the page says so', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string
    const other = (await api('POST', '/companies', { name: 'Someone else' })).json().id as string
    const page = await openHostPage(companyId, await tokenFor(other))
    await page.getByRole('heading', { level: 1, name: 'Something went wrong' }).waitFor()
    expect(await events(page)).toEqual([{ type: 'error', args: { message: 'The company access token was issued for another company.', userRecoverable: false, errorCode: 403 } }])
    await page.context().close()
    // A companyId that is no GUID never reaches the server.
    const mistyped = await openHostPage('Toft stores', await tokenFor(companyId))
    await expect.poll(() => events(mistyped)).toEqual([{ type: 'error', args: { message: 'companyId must be the GUID of a company', userRecoverable: false } }])
    expect(await mistyped.locator('.lw-root').count()).toBe(0)
    await mistyped.context().close()
  })

  it('speaks German to a German browser, its dates too', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string
    await api('POST', `/companies/${companyId}/connections`, { platformKey: 'aiwb' })
    const page = await openHostPage(companyId, await tokenFor(companyId), 'de-DE')
    await page.getByRole('heading', { level: 1, name: 'Ihre Verbindungen' }).waitFor()
    const shopCard = card(page, 'Sandbox commerce')
    expect(await shopCard.locator('dt').allTextContents()).toEqual(['Status', 'Zuletzt synchronisiert', 'Hinzugefügt'])
    expect(await shopCard.locator('dd').allTextContents()).toEqual(['Anmeldung ausstehend', 'Noch nicht', expect.stringMatching(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/)])
    expect(await shopCard.getByRole('button').allTextContents()).toEqual(['Erneut verbinden'])
    await page.context().close()
  })
})
