/**
 * Embedded Link's trip to the platform when things do not go straight, in Chromium: the browser
 * blocks the popup (the component offers a link that opens a tab, and still learns the outcome),
 * a double click on Allow (one trip, one window), and the person closing the sign-in window
 * (back to the consent screen, told why). The host page is on another origin; all on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { de } from '../../../packages/link-ui/src/i18n/de.js'
import { en } from '../../../packages/link-ui/src/i18n/en.js'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser } from './browser.js'
import { buildLinkBundle } from './link-bundle.js'

const SANDBOX_CLIENT = { clientId: 'linkway-e2e-embedded-popup', clientSecret: 'e2e-embedded-popup-secret' }

type Call = [string, unknown?]

describe.runIf(hasChromium)('Embedded Link’s platform window, in Chromium on pglite', () => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let browser: Browser
  let host: Server
  let hostOrigin: string
  let companyId = ''

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })

  beforeAll(async () => {
    const bundlePath = buildLinkBundle()
    sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    t = await createTestApp('pglite', { listen: true, startQueue: true, catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }), sandboxClient: SANDBOX_CLIENT, linkBundlePath: bundlePath, rateLimits: { linkPerMinute: 0 } })
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
    client = await t.createClient('Acme Lending')
    await api('PUT', '/profile', { name: 'Acme Lending' })
    // The client's page, in the reference's sample shape: the company comes in the query.
    host = createServer((request, response) => {
      const id = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('company') ?? ''
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><title>Client page</title>
<div id="codat-link-container" style="width:460px;height:840px"></div>
<script type="module">
  window.calls = []
  const record = (name) => (args) => window.calls.push(args === undefined ? [name] : [name, args])
  const { CodatLink } = await import('${t.url}/sdk/link.js')
  new CodatLink({ target: document.getElementById('codat-link-container'), props: { companyId: ${JSON.stringify(id)}, onConnection: record('onConnection'), onConsent: (args) => window.calls.push(['onConsent']), onFinish: record('onFinish'), onClose: record('onClose'), onError: record('onError') } })
</script>`)
    })
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`
    await api('POST', '/corsSettings', { allowedOrigins: [hostOrigin] })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
    await sandbox?.close()
    host?.close()
  })

  /** The host page with Link open on the consent screen of the sandbox accounting platform. */
  async function openConsent(options: { blockPopups?: boolean; locale?: string; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
    companyId = (await api('POST', '/companies', { name: 'Bäckerei Müller' })).json().id
    const t = options.locale?.startsWith('de') ? de : en
    const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: { width: options.width ?? 1000, height: 900 } })
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort())
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    // As a browser that blocks popups answers: window.open gives null.
    if (options.blockPopups) await page.addInitScript('window.open = () => null')
    await page.goto(`${hostOrigin}/?company=${companyId}`)
    await page.getByRole('button', { name: t.categories.accounting.connect }).click()
    await page.getByRole('button', { name: /Sandbox accounting/ }).click()
    await page.getByRole('button', { name: t.allowAccess }).waitFor()
    return { context, page }
  }
  const calls = async (page: Page) => (await page.evaluate('window.calls')) as Call[]
  const connectionStatuses = async () => ((await api('GET', `/companies/${companyId}/connections`)).json().results as Array<{ status: string }>).map((connection) => connection.status)

  it('a blocked popup: the component offers the platform as a link, and learns the outcome from the tab it opens', async () => {
    const { context, page } = await openConsent({ blockPopups: true })
    await page.getByRole('button', { name: en.allowAccess }).click()
    const open = page.getByRole('link', { name: en.popup.open.replace('{platformName}', 'Sandbox accounting') })
    await open.waitFor()
    // Drawn as a button: white on the primary colour, never the link colour on itself.
    // (The e2e code is typed without the DOM library: the browser's global, as the page has it.)
    const colourOf = (element: unknown) => (globalThis as unknown as { getComputedStyle(of: unknown): { color: string } }).getComputedStyle(element).color
    expect(await open.evaluate(colourOf)).toBe('rgb(255, 255, 255)')
    const [tab] = await Promise.all([context.waitForEvent('page'), open.click()])
    await tab.getByRole('button', { name: 'Approve' }).click()
    await page.getByText(/Connected to Sandbox accounting/).first().waitFor()
    expect((await calls(page)).map(([name]) => name)).toEqual(['onConsent', 'onConnection'])
    expect(await connectionStatuses()).toEqual(['Linked'])
    await context.close()
  })

  it('a double click on Allow makes one trip: one consent, one window, one connection', async () => {
    const { context, page } = await openConsent()
    const windows: Page[] = []
    context.on('page', (opened) => windows.push(opened))
    await page.getByRole('button', { name: en.allowAccess }).dblclick()
    await page.getByRole('heading', { name: en.popup.title.replace('{platformName}', 'Sandbox accounting') }).waitFor()
    await windows[0]!.getByRole('button', { name: 'Approve' }).click()
    await page.getByText(/Connected to Sandbox accounting/).first().waitFor()
    expect(windows).toHaveLength(1)
    expect(await calls(page)).toEqual([['onConsent'], ['onConnection', expect.objectContaining({ integrationKey: 'mqjo' })]])
    expect(await connectionStatuses()).toEqual(['Linked'])
    await context.close()
  })

  it('the person closes the sign-in window: back on the consent screen, told why, and can try again', async () => {
    const { context, page } = await openConsent()
    const [platform] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: en.allowAccess }).click()])
    await platform.getByRole('button', { name: 'Approve' }).waitFor()
    await platform.close()
    await page.getByRole('button', { name: en.allowAccess }).waitFor()
    await page.getByText(en.popup.closed.replace('{platformName}', 'Sandbox accounting')).waitFor({ state: 'attached' })
    expect(await connectionStatuses()).toEqual(['PendingAuth'])
    // Again, to the end: the same connection is linked.
    const [again] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: en.allowAccess }).click()])
    await again.getByRole('button', { name: 'Approve' }).click()
    await page.getByText(/Connected to Sandbox accounting/).first().waitFor()
    expect(await connectionStatuses()).toEqual(['Linked'])
    await context.close()
  })

  it('a window cut off from the page (it looks closed) whose sign-in finishes anyway: the page hears it from the server', async () => {
    const { context, page } = await openConsent()
    const [platform] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: en.allowAccess }).click()])
    await platform.getByRole('button', { name: 'Approve' }).waitFor()
    const consentUrl = platform.url()
    // As a platform page sending Cross-Origin-Opener-Policy does: this page can no longer see the window.
    await platform.close()
    await page.getByText(en.popup.closed.replace('{platformName}', 'Sandbox accounting')).waitFor({ state: 'attached' })
    // The person goes on signing in, in a window with no opener.
    const elsewhere = await context.newPage()
    await elsewhere.goto(consentUrl)
    await elsewhere.getByRole('button', { name: 'Approve' }).click()
    await page.getByText(/Connected to Sandbox accounting/).first().waitFor({ timeout: 15_000 })
    expect((await calls(page)).map(([name]) => name)).toEqual(['onConsent', 'onConnection'])
    expect(await connectionStatuses()).toEqual(['Linked'])
    await context.close()
  })

  it('in German at 375 px, through the platform’s window and back: the wait and the outcome in German, by the keyboard', async () => {
    const { context, page } = await openConsent({ locale: 'de-DE', width: 375 })
    await page.getByRole('button', { name: de.allowAccess }).focus()
    const [platform] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')])
    await page.getByRole('heading', { name: de.popup.title.replace('{platformName}', 'Sandbox accounting') }).waitFor()
    await platform.getByRole('button', { name: 'Approve' }).click()
    await page.getByText(de.statusConnectedTo.replace('{platformName}', 'Sandbox accounting')).first().waitFor()
    expect((await calls(page)).map(([name]) => name)).toEqual(['onConsent', 'onConnection'])
    await context.close()
  })
})
