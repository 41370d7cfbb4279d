/**
 * Hosted Link in a real browser (Debian's Chromium): the journeys a person walks, with axe on
 * every step, a 375 px run, and the page refusing to be framed. Screenshots of every step land in
 * apps/e2e/screenshots/. Every request the browser makes stays on 127.0.0.1: anything else is aborted.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { buildLinkBundle } from './link-bundle.js'
import { decideAtPlatform, expectAccessible, expectNoHorizontalScroll, newLoopbackPage } from './page-checks.js'

const SANDBOX_CLIENT = { clientId: 'linkway-e2e', clientSecret: 'e2e-sandbox-secret' }

if (!hasChromium) console.log('Browser journeys skipped: /usr/bin/chromium is not installed (apt-get install -y chromium); CI installs it and runs them.')

/** The client's own app, on loopback: where Complete lands. */
async function startClientApp(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    if (request.url?.startsWith('/framing')) {
      const target = new URL(request.url, 'http://x').searchParams.get('src') ?? ''
      response.end(`<!doctype html><html lang="en"><title>Client page</title><iframe id="frame" title="Link" src="${target.replace(/"/g, '')}"></iframe></html>`)
      return
    }
    response.end('<!doctype html><html lang="en"><title>Back in the client app</title><h1>Back in the client app</h1></html>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe.runIf(hasChromium).each(testedBackends())('hosted Link in Chromium on %s', (backend) => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let clientApp: { url: string; server: Server }
  let browser: Browser

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
  const newCompany = async (name: string) => (await api('POST', '/companies', { name })).json().id as string

  const newPage = (options: { width?: number; bypassCSP?: boolean } = {}) => newLoopbackPage(browser, { viewport: { width: options.width ?? 1024, height: 900 }, bypassCSP: options.bypassCSP ?? true })

  async function connect(page: Page, category: 'accounting' | 'banking', platform: RegExp, decision: 'Approve' | 'Deny' = 'Approve', shots?: string): Promise<void> {
    await page.getByRole('button', { name: `Connect ${category}` }).click()
    if (shots) await screenshot(page, `${shots}-platforms`)
    await page.getByRole('button', { name: platform }).click()
    await page.getByRole('button', { name: 'Allow access' }).waitFor()
    if (shots) await screenshot(page, `${shots}-consent`)
    await page.getByRole('button', { name: 'Allow access' }).click()
    await decideAtPlatform(page, decision, shots ? (platformPage) => screenshot(platformPage, `${shots}-platform`) : undefined)
  }

  beforeAll(async () => {
    const bundlePath = buildLinkBundle()
    sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    t = await createTestApp(backend, {
      listen: true,
      startQueue: true,
      catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }),
      sandboxClient: SANDBOX_CLIENT,
      linkBundlePath: bundlePath,
      // Every journey's browser is 127.0.0.1 and the test clock stands still: the whole file would
      // share one minute of Link changes (about 70 of them). The limits are tested in apps/server.
      rateLimits: { linkPerMinute: 0 },
    })
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
    clientApp = await startClientApp()
    client = await t.createClient('Acme Lending')
    await api('PUT', '/profile', { name: 'Acme Lending', redirectUrl: `${clientApp.url}/done/{companyId}?status={statusCode}&conn={connectionId}&ref={ref}` })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => clientApp?.server.close(resolve))
    await t?.close()
    await sandbox?.close()
  })

  it('accounting and banking end to end, accessible at every step, landing on the client redirect', async () => {
    const companyId = await newCompany('Toft stores')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}?ref=order-42`)
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    await screenshot(page, `${backend}-01-categories`)
    await expectAccessible(page, 'categories')
    await page.getByRole('button', { name: 'Connect accounting' }).click()
    await expectAccessible(page, 'platforms')
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: 'Allow access' }).waitFor()
    await screenshot(page, `${backend}-02-consent`)
    await expectAccessible(page, 'consent')
    await page.getByRole('button', { name: 'Allow access' }).click()
    await decideAtPlatform(page, 'Approve', (platformPage) => screenshot(platformPage, `${backend}-03-platform-consent`))
    await page.getByText('Connected to Sandbox accounting').first().waitFor()
    await screenshot(page, `${backend}-04-accounting-connected`)
    await expectAccessible(page, 'after accounting')
    await connect(page, 'banking', /^Sandbox bank/)
    await page.getByText('Connected to Sandbox bank').first().waitFor()
    await screenshot(page, `${backend}-05-both-connected`)
    const connections = (await api('GET', `/companies/${companyId}/connections`)).json().results as Array<{ id: string; integrationKey: string; status: string }>
    expect(connections.map((c) => [c.integrationKey, c.status])).toEqual([['mqjo', 'Linked'], ['bsbx', 'Linked']])
    await page.getByRole('button', { name: 'Complete' }).click()
    await page.waitForURL(`${clientApp.url}/done/**`)
    expect(page.url()).toBe(`${clientApp.url}/done/${companyId}?status=200&conn=${connections[1]!.id}&ref=order-42`)
    // The funnel saw the visit through.
    const funnel = (await api('GET', '/link/funnel')).json().steps as Array<{ event: string; visits: number }>
    for (const event of ['opened', 'platform_chosen', 'consent_given', 'sent_to_platform', 'returned']) expect(funnel.find((s) => s.event === event)?.visits, event).toBeGreaterThanOrEqual(1)
  })

  it('a denial shows what happened and Try again links it; an optional category can be skipped', async () => {
    const companyId = await newCompany('Deny and retry')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}`)
    await connect(page, 'accounting', /^Sandbox/, 'Deny')
    await page.getByText('You cancelled at Sandbox accounting. Try again or choose another platform.').first().waitFor()
    await screenshot(page, `${backend}-06-denied`)
    await expectAccessible(page, 'denied')
    await page.getByRole('button', { name: 'Try again' }).first().click()
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: 'Allow access' }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Connected to Sandbox accounting').first().waitFor()
    await page.getByRole('button', { name: 'Skip' }).click()
    await page.getByRole('button', { name: 'Complete' }).click()
    await page.waitForURL(`${clientApp.url}/done/**`)
    expect(page.url()).toContain('status=200')
    const connections = (await api('GET', `/companies/${companyId}/connections`)).json().results as Array<{ integrationKey: string; status: string }>
    expect(connections.map((c) => [c.integrationKey, c.status])).toEqual([['mqjo', 'Linked']])
  })

  it('a returning visitor reconnects a Deauthorized connection: the same connection, Linked again', async () => {
    const companyId = await newCompany('Returning')
    const connection = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'bsbx' })).json()
    await api('PUT', `/companies/${companyId}/connections/${connection.id}/authorization`, { accessToken: 'old' })
    const { createAppServices } = await import('../../server/src/app-services.js')
    await createAppServices(t.deps).connections.deauthorize(connection.id)
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByRole('button', { name: 'Reconnect' }).waitFor()
    await screenshot(page, `${backend}-07-returning`)
    await expectAccessible(page, 'returning visitor')
    await page.getByRole('button', { name: 'Reconnect' }).click()
    await page.getByRole('button', { name: 'Allow access' }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Connected to Sandbox bank').first().waitFor()
    const after = (await api('GET', `/companies/${companyId}/connections`)).json().results as Array<{ id: string; status: string }>
    expect(after.map((c) => [c.id, c.status])).toEqual([[connection.id, 'Linked']])
  })

  it('a colleague opening the shared link sees the same company and finishes it', async () => {
    const companyId = await newCompany('Shared')
    const first = await newPage()
    await first.goto(`${t.url}/link/company/${companyId}`)
    await first.getByRole('button', { name: 'Can’t sign in to your accounting platform?' }).click()
    await first.getByRole('button', { name: 'Copy link' }).waitFor()
    await screenshot(first, `${backend}-08-share`)
    await expectAccessible(first, 'share')
    const shared = await first.getByRole('textbox', { name: 'Link to share' }).inputValue()
    expect(shared).toBe(`${t.url}/link/company/${companyId}`)
    const mailto = await first.getByRole('link', { name: /Email the link/ }).getAttribute('href')
    expect(mailto).toContain(encodeURIComponent(shared))
    const colleague = await newPage()
    await colleague.goto(shared)
    await connect(colleague, 'accounting', /^Sandbox/)
    await colleague.getByText('Connected to Sandbox accounting').first().waitFor()
    expect((await api('GET', `/companies/${companyId}/connections`)).json().results[0].status).toBe('Linked')
  })

  it('fits a 375 px screen with no horizontal scroll at every step', async () => {
    const companyId = await newCompany('A company with a rather long name that must wrap on a small phone screen')
    const page = await newPage({ width: 375 })
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    await expectNoHorizontalScroll(page, 'categories')
    await screenshot(page, `${backend}-09-narrow-categories`)
    await page.getByRole('button', { name: 'Connect accounting' }).click()
    await expectNoHorizontalScroll(page, 'platforms')
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: 'Allow access' }).waitFor()
    await expectNoHorizontalScroll(page, 'consent')
    await screenshot(page, `${backend}-10-narrow-consent`)
    await page.getByRole('button', { name: 'Allow access' }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Connected to Sandbox accounting').first().waitFor()
    await expectNoHorizontalScroll(page, 'connected')
  })

  it('refuses to render inside a frame, with its policy enforced', async () => {
    const companyId = await newCompany('Framed')
    const page = await newPage({ bypassCSP: false })
    const blocked: string[] = []
    page.on('console', (message) => blocked.push(message.text()))
    await page.goto(`${clientApp.url}/framing?src=${encodeURIComponent(`${t.url}/link/company/${companyId}`)}`)
    await page.waitForTimeout(500)
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame())
    const framedText = frame ? await frame.evaluate('document.body ? document.body.innerText : ""').catch(() => '') : ''
    expect(framedText).not.toContain('Connect your platforms')
    expect(blocked.join('\n')).toMatch(/frame-ancestors|Refused to (display|frame)/)
  })

  it('works with the keyboard alone, from the categories to the platform', async () => {
    const companyId = await newCompany('Keyboard only')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    // Tab to "Connect accounting" and press Enter; then to the Sandbox platform; then Allow access.
    const pressUntilFocused = async (name: RegExp) => {
      for (let i = 0; i < 25; i += 1) {
        await page.keyboard.press('Tab')
        const focused = (await page.evaluate(`(() => { let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent || '').trim() : '' })()`)) as string
        if (name.test(focused)) return
      }
      throw new Error(`never reached ${name} with Tab`)
    }
    await pressUntilFocused(/^Connect accounting$/)
    await page.keyboard.press('Enter')
    await pressUntilFocused(/^Sandbox/)
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Allow access' }).waitFor()
    await pressUntilFocused(/^Allow access$/)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/oauth\/authorize/)
    await pressUntilFocused(/^Approve$/)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/link\/company\//)
    await page.getByText('Connected to Sandbox accounting').first().waitFor()
  })

  it('the invite page: a person names their company, then connects it', async () => {
    const { url } = (await api('GET', '/linkSettings/inviteUrl')).json()
    const page = await newPage()
    await page.goto(url.replace('http://linkway.test', t.url))
    await page.getByLabel("Your company's name").waitFor()
    await expectAccessible(page, 'invite page')
    await screenshot(page, `${backend}-12-invite`)
    await page.getByLabel("Your company's name").fill('Invited Traders')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    const companyId = /\/link\/company\/([0-9a-f-]{36})/.exec(page.url())![1]!
    expect((await api('GET', `/companies/${companyId}`)).json().name).toBe('Invited Traders')
    await connect(page, 'accounting', /^Sandbox/)
    await page.getByText('Connected to Sandbox accounting').first().waitFor()
  })

  it("uses the client's Link settings: landing page, consent texts with placeholders, Markdown rendered safely", async () => {
    await api('PUT', '/linkSettings', {
      landingPage: { enabled: true, title: 'Welcome, {companyName}', body: 'We need **two minutes** of your time.' },
      consent: { title: 'Share {platformName} with us', purpose: 'Underwriting. <img src=x onerror="window.__xss=1"> [our policy](https://acme.example/policy) [bad](javascript:alert(1))' },
    })
    try {
      const companyId = await newCompany('Settings <b>Ltd</b>')
      const page = await newPage()
      await page.goto(`${t.url}/link/company/${companyId}`)
      await page.getByRole('heading', { name: 'Welcome, Settings bLtdb' }).waitFor()
      expect(await page.locator('strong', { hasText: 'two minutes' }).count()).toBe(1)
      await expectAccessible(page, 'landing page')
      await page.getByRole('button', { name: 'Get started' }).click()
      await page.getByRole('button', { name: 'Connect accounting' }).click()
      await page.getByRole('button', { name: /^Sandbox/ }).click()
      await page.getByRole('heading', { name: 'Share Sandbox accounting with us' }).waitFor()
      // The markup stays text, the javascript: link is not a link, the https one is.
      await page.getByText('<img src=x onerror="window.__xss=1">', { exact: false }).first().waitFor()
      expect(await page.evaluate('window.__xss')).toBeUndefined()
      expect(await page.getByRole('link', { name: /our policy/ }).getAttribute('href')).toBe('https://acme.example/policy')
      expect(await page.getByRole('link', { name: /^bad/ }).count()).toBe(0)
      await expectAccessible(page, 'custom consent')
    } finally {
      await api('PUT', '/linkSettings', {})
    }
  })

  it('speaks French when asked, by lang or by the browser', async () => {
    const companyId = await newCompany('Toft')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}?lang=fr`)
    expect(await page.getAttribute('html', 'lang')).toBe('fr')
    await page.getByRole('button', { name: /comptabilit/i }).first().waitFor()
    await screenshot(page, `${backend}-11-french`)
    await expectAccessible(page, 'french')
  })
})
