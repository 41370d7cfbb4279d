/**
 * Embedded Link as an integrator uses it, in Debian's Chromium: the client's own page (another
 * origin, a node:http server on its own 127.0.0.1 port) imports `{linkway}/sdk/link.js` and mounts
 * `new CodatLink({ target, props })` the way the reference's samples do, and the test walks the
 * journey a person walks, through the sandbox platform in a popup, reading the callbacks the page
 * recorded. One server and one browser on PGlite (the server's suites cover the databases); every
 * request stays on 127.0.0.1. Screenshots of the main states go to apps/e2e/screenshots/embedded-link/
 * (not tracked).
 */
import path from 'node:path'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en } from '../../../packages/link-ui/src/i18n/en.js'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from './browser.js'
import { hostPageHtml, startHostSite, type HostPageOptions, type HostSite } from './embedded-host-page.js'
import { buildLinkBundle } from './link-bundle.js'
import { expectAccessible, expectNoHorizontalScroll, newLoopbackPage } from './page-checks.js'

const SANDBOX_CLIENT = { clientId: 'linkway-e2e-embedded', clientSecret: 'e2e-embedded-secret' }
const CONNECTION_CALLBACK_KEYS = ['connectionId', 'integrationId', 'integrationKey', 'platformName', 'sourceId', 'sourceType']

type Style = { color: string; fontFamily: string; backgroundColor: string }
/** An element's computed colours and font, read in the page (whose `window` these tests' types, without the DOM's, do not know). */
async function computedStyleOf(locator: Locator): Promise<Style> {
  return await locator.evaluate((element) => {
    const { color, fontFamily, backgroundColor } = (globalThis as unknown as { getComputedStyle(of: typeof element): Style }).getComputedStyle(element)
    return { color, fontFamily, backgroundColor }
  })
}

type Call = { name: string; args?: Record<string, unknown> }

describe.runIf(hasChromium)('Embedded Link on a client’s page, in Chromium', () => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let browser: Browser
  let listed: HostSite
  let unlisted: HostSite

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
  const newCompany = async (name = 'Toft stores') => (await api('POST', '/companies', { name })).json().id as string
  const tokenFor = async (companyId: string) => (await api('GET', `/companies/${companyId}/accessToken`)).json().accessToken as string
  const connectionsOf = async (companyId: string) => (await api('GET', `/companies/${companyId}/connections`)).json().results as Array<Record<string, unknown>>

  /** The host page at `site`, loaded, with Link's first screen (or its error) shown. */
  async function openHostPage(options: Omit<HostPageOptions, 'linkway'>, { site = listed, context = {} as BrowserContextOptions } = {}): Promise<Page> {
    const page = await newLoopbackPage(browser, { viewport: { width: 1280, height: 1000 }, ...context })
    page.setDefaultTimeout(10_000)
    await page.goto(site.serve(hostPageHtml({ linkway: t.url, ...options })))
    await page.waitForFunction('window.isLinkImported === true')
    return page
  }

  const calls = async (page: Page) => (await page.evaluate('window.calls')) as Call[]
  const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name })
  const shot = async (page: Page, name: string) => await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'embedded-link', `${name}.png`), fullPage: true })

  /**
   * Categories → accounting → the sandbox platform → consent → Allow: the popup, approved there,
   * closes itself. `slowSession`: the session's reload after the popup answers takes 1.2 s (a slow
   * network), long enough for the component to see the window closed meanwhile.
   */
  async function connectSandboxAccounting(page: Page, { slowSession = false } = {}): Promise<void> {
    await page.getByRole('button', { name: en.categories.accounting.connect }).click()
    await heading(page, en.categories.accounting.choosePlatform).waitFor()
    await page.getByRole('button', { name: /^Sandbox accounting/ }).click()
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: en.allowAccess }).click()])
    await heading(page, 'Sign in to Sandbox accounting in the new window').waitFor()
    await shot(page, '03-popup-waiting')
    await popup.waitForURL(/\/oauth\/authorize/)
    if (slowSession) await page.route(/\/link\/api\/companies\/[^/]+\/session/, async (route) => setTimeout(() => void route.continue(), 1_200))
    const closed = popup.waitForEvent('close')
    await popup.getByRole('button', { name: 'Approve' }).click()
    await closed
  }

  async function expectLinkedOutcome(page: Page, companyId: string, expectStarted: boolean): Promise<void> {
    await page.getByText('Connected to Sandbox accounting').waitFor()
    const [connection] = await connectionsOf(companyId)
    expect(connection).toMatchObject({ status: 'Linked', platformName: 'Sandbox accounting' })
    const expected = {
      connectionId: connection!.id,
      integrationId: connection!.integrationId,
      integrationKey: connection!.integrationKey,
      platformName: connection!.platformName,
      sourceId: connection!.sourceId,
      sourceType: connection!.sourceType,
    }
    await page.waitForFunction("window.calls.some((call) => call.name === 'onConnection')")
    const recorded = await calls(page)
    const onConnection = recorded.find((call) => call.name === 'onConnection')!
    expect(Object.keys(onConnection.args!).sort()).toEqual([...CONNECTION_CALLBACK_KEYS].sort())
    expect(recorded).toEqual([...(expectStarted ? [{ name: 'onConnectionStarted', args: expected }] : []), { name: 'onConnection', args: expected }])

    await page.getByRole('button', { name: en.complete }).click()
    await page.waitForFunction("window.calls.some((call) => call.name === 'onFinish')")
    expect((await calls(page)).map((call) => call.name)).toEqual([...(expectStarted ? ['onConnectionStarted'] : []), 'onConnection', 'onFinish'])
  }

  beforeAll(async () => {
    const bundlePath = buildLinkBundle()
    sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    t = await createTestApp('pglite', {
      listen: true,
      startQueue: true,
      catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }),
      sandboxClient: SANDBOX_CLIENT,
      linkBundlePath: bundlePath,
      rateLimits: { linkPerMinute: 0 },
    })
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
    client = await t.createClient('Acme Lending')
    await api('PUT', '/profile', { name: 'Acme Lending' })
    listed = await startHostSite()
    unlisted = await startHostSite()
    expect((await api('POST', '/corsSettings', { allowedOrigins: [listed.origin] })).statusCode).toBe(200)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await listed?.close()
    await unlisted?.close()
    await t?.close()
    await sandbox?.close()
  })

  it('the reference’s vanilla sample, no token, from a listed origin: the journey to a Linked connection, onConnection with the connection’s fields, then onFinish', async () => {
    const companyId = await newCompany()
    const page = await openHostPage({ companyId })
    await heading(page, en.categoriesTitle).waitFor()
    await shot(page, '01-categories')
    // The popup's message and its closing both bring Link back: a slow answer must not report the connection twice.
    await connectSandboxAccounting(page, { slowSession: true })
    await shot(page, '04-linked')
    await expectLinkedOutcome(page, companyId, false)
    await shot(page, '05-done')
    await page.context().close()
  })

  it('the React sample’s shape with a company access token: onConnectionStarted, onConnection, onFinish in order', async () => {
    const companyId = await newCompany()
    const accessToken = await tokenFor(companyId)
    // A token needs no CORS entry of its own, but the browser still needs the origin listed to read the answers.
    const page = await openHostPage({ companyId, accessToken, shape: 'react', withOnConnectionStarted: true })
    await heading(page, en.categoriesTitle).waitFor()
    await connectSandboxAccounting(page)
    await expectLinkedOutcome(page, companyId, true)
    await page.context().close()
  })

  it('leaves the host page’s URL and history alone; a reload mid-journey opens Link afresh, and it shows a sign-in finished meanwhile in the popup', async () => {
    const companyId = await newCompany()
    const page = await openHostPage({ companyId })
    await heading(page, en.categoriesTitle).waitFor()
    const before = (await page.evaluate('({ url: location.href, length: history.length })')) as { url: string; length: number }
    await page.getByRole('button', { name: en.categories.accounting.connect }).click()
    await heading(page, en.categories.accounting.choosePlatform).waitFor()
    await page.getByRole('button', { name: /^Sandbox accounting/ }).click()
    await page.getByRole('button', { name: en.allowAccess }).waitFor()
    expect(await page.evaluate('({ url: location.href, length: history.length })')).toEqual(before)

    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: en.allowAccess }).click()])
    await popup.waitForURL(/\/oauth\/authorize/)
    await page.reload()
    await page.waitForFunction('window.isLinkImported === true')
    await heading(page, en.categoriesTitle).waitFor()
    await shot(page, '12-reloaded-mid-journey')
    const closed = popup.waitForEvent('close')
    await popup.getByRole('button', { name: 'Approve' }).click()
    await closed
    // The window's opener is this page still: Link hears the outcome it posts, without reloading.
    await page.getByText('Connected to Sandbox accounting').waitFor()
    const [connection] = await connectionsOf(companyId)
    await page.waitForFunction('window.calls.length > 0')
    expect(await calls(page)).toEqual([
      { name: 'onConnection', args: { connectionId: connection!.id, integrationId: connection!.integrationId, integrationKey: 'mqjo', platformName: 'Sandbox accounting', sourceId: connection!.sourceId, sourceType: 'Accounting' } },
    ])
    await page.context().close()
  })

  it('closes with × (onClose), opens again on the same target, and $destroy() leaves nothing: no element, the popup closed, no later callback', async () => {
    const companyId = await newCompany()
    const page = await openHostPage({ companyId })
    await heading(page, en.categoriesTitle).waitFor()
    // Nothing connected yet, so Link asks first (the client's exit confirmation): Stay keeps it, Leave closes.
    await page.getByRole('button', { name: en.close }).click()
    await page.getByRole('heading', { name: en.exitTitle }).waitFor()
    await shot(page, '02-exit-confirmation')
    await page.getByRole('button', { name: en.stay }).click()
    await heading(page, en.categoriesTitle).waitFor()
    expect(await calls(page)).toEqual([])
    await page.getByRole('button', { name: en.close }).click()
    await page.getByRole('button', { name: en.leave }).click()
    await page.waitForFunction('window.calls.length > 0')
    expect(await calls(page)).toEqual([{ name: 'onClose' }])

    // What the reference's samples do on onClose: remove the target's child; then open it again.
    await page.evaluate("document.getElementById('codat-link-container').firstElementChild.remove()")
    expect(await page.evaluate("document.getElementById('codat-link-container').children.length")).toBe(0)
    await page.evaluate('window.openLink()')
    await heading(page, en.categoriesTitle).waitFor()
    expect(await page.evaluate("document.getElementById('codat-link-container').children.length")).toBe(1)

    // Destroyed while the platform's window is open: that window closes too, and nothing reports later.
    await page.getByRole('button', { name: en.categories.accounting.connect }).click()
    await page.getByRole('button', { name: /^Sandbox accounting/ }).click()
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: en.allowAccess }).click()])
    await heading(page, 'Sign in to Sandbox accounting in the new window').waitFor()
    const closed = popup.waitForEvent('close')
    await page.evaluate('window.link.$destroy()')
    await closed
    expect(await page.evaluate("document.getElementById('codat-link-container').children.length")).toBe(0)
    await page.waitForTimeout(500)
    expect(await calls(page)).toEqual([{ name: 'onClose' }])
    await page.context().close()
  })

  it('an origin not in the CORS list, without a token: onError (a network failure, worth a retry), the browser’s CORS block in the console, nothing created', async () => {
    const companyId = await newCompany()
    const consoleErrors: string[] = []
    const page = await newLoopbackPage(browser)
    page.on('console', (message) => consoleErrors.push(message.text()))
    await page.goto(unlisted.serve(hostPageHtml({ linkway: t.url, companyId })))
    await page.waitForFunction("window.calls.some((call) => call.name === 'onError')")
    expect(await calls(page)).toEqual([{ name: 'onError', args: { message: expect.stringContaining('Could not reach'), userRecoverable: true, errorCode: 0 } }])
    expect(consoleErrors.join('\n')).toMatch(/blocked by CORS policy/)
    await page.getByRole('heading', { name: en.errorTitle }).waitFor()
    await shot(page, '06-cors-refused')
    expect(await connectionsOf(companyId)).toEqual([])
    await page.context().close()
  })

  it('a token of another company: onError that the person cannot recover from', async () => {
    const companyA = await newCompany('Company A')
    const companyB = await newCompany('Company B')
    const page = await openHostPage({ companyId: companyB, accessToken: await tokenFor(companyA) })
    await page.waitForFunction("window.calls.some((call) => call.name === 'onError')")
    expect(await calls(page)).toEqual([{ name: 'onError', args: { message: 'The company access token was issued for another company.', userRecoverable: false, errorCode: 403 } }])
    await page.getByRole('heading', { name: en.errorTitle }).waitFor()
    await page.context().close()
  })

  it('the host page’s CSS does not reach Link, and Link’s does not reach the page', async () => {
    const companyId = await newCompany()
    const css = '* { color: red !important; font-family: serif } button { display: none } p.host { margin: 7px 3px; font-size: 13px; line-height: 17px }'
    const page = await newLoopbackPage(browser, { viewport: { width: 1280, height: 1000 } })
    page.setDefaultTimeout(10_000)
    const url = listed.serve(hostPageHtml({ linkway: t.url, companyId, css, body: '<p class="host">The client’s own paragraph.</p>' }))
    const hostParagraphStyle = () => page.evaluate("(() => { const s = getComputedStyle(document.querySelector('p.host')); return [s.color, s.fontFamily, s.fontSize, s.lineHeight, s.margin, s.fontWeight] })()")
    // The paragraph's style before Link loads (the import is in flight) and after.
    await page.goto(url, { waitUntil: 'domcontentloaded' })
    const before = await hostParagraphStyle()
    await heading(page, en.categoriesTitle).waitFor()
    expect(await hostParagraphStyle()).toEqual(before)
    expect(before).toEqual(['rgb(255, 0, 0)', 'serif', '13px', '17px', '7px 3px', '400'])

    const primary = page.getByRole('button', { name: en.categories.accounting.connect })
    expect(await primary.isVisible()).toBe(true)
    const style = await computedStyleOf(primary)
    expect(style.color).not.toBe('rgb(255, 0, 0)')
    expect(style.fontFamily).not.toBe('serif')
    expect((await computedStyleOf(heading(page, en.categoriesTitle))).color).not.toBe('rgb(255, 0, 0)')
    await shot(page, '07-host-css')
    await page.context().close()
  })

  it('is accessible (axe, WCAG 2.1 AA) on the host page, fits 375 px without sideways scroll, and its first steps work with the keyboard alone', async () => {
    const companyId = await newCompany()
    // At 375 px the reference's fixed 460 px box would overflow the page itself: a responsive page gives it the width there is.
    const page = await openHostPage({ companyId, containerStyle: 'width:100%;max-width:460px;height:840px' }, { context: { viewport: { width: 375, height: 812 } } })
    await heading(page, en.categoriesTitle).waitFor()
    await expectAccessible(page, 'categories')
    await expectNoHorizontalScroll(page, 'categories at 375 px')
    const frameOverflow = () => page.evaluate("(() => { const frame = document.querySelector('#codat-link-container > div').shadowRoot.querySelector('.lw-frame'); return frame.scrollWidth - frame.clientWidth })()")
    expect(await frameOverflow()).toBe(0)
    await shot(page, '08-categories-375')

    /** Tab until the element focused inside Link's shadow root has this accessible text, then Enter. */
    const tabTo = async (text: string | RegExp) => {
      for (let presses = 0; presses < 30; presses++) {
        await page.keyboard.press('Tab')
        const focused = (await page.evaluate("(() => { let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent || '') : '' })()")) as string
        if (typeof text === 'string' ? focused.trim() === text : text.test(focused)) return await page.keyboard.press('Enter')
      }
      throw new Error(`Tab never reached ${String(text)}`)
    }
    await tabTo(en.categories.accounting.connect)
    await heading(page, en.categories.accounting.choosePlatform).waitFor()
    await expectAccessible(page, 'platforms')
    await expectNoHorizontalScroll(page, 'platforms at 375 px')
    expect(await frameOverflow()).toBe(0)
    await shot(page, '09-platforms-375')
    await tabTo(/^Sandbox accounting/)
    await page.getByRole('button', { name: en.allowAccess }).waitFor()
    await expectAccessible(page, 'consent')
    await expectNoHorizontalScroll(page, 'consent at 375 px')
    expect(await frameOverflow()).toBe(0)
    await shot(page, '10-consent-375')
    await page.context().close()
  })

  it('options: sourceTypes with banking only shows banking; hideBorder drops the border; theme.colors.primary colours the primary button; a wrong-typed option is reported and Link still works', async () => {
    const companyId = await newCompany()
    const frameBorder = (page: Page) => page.evaluate("getComputedStyle(document.querySelector('#codat-link-container > div').shadowRoot.querySelector('.lw-frame')).borderTopWidth")

    const banking = await openHostPage({ companyId, options: { sourceTypes: { banking: { optional: false, enableIntegrations: true } } } })
    await heading(banking, en.categoriesTitle).waitFor()
    expect(await banking.getByRole('button', { name: en.categories.banking.connect }).isVisible()).toBe(true)
    expect(await banking.getByRole('button', { name: en.categories.accounting.connect }).count()).toBe(0)
    expect(await banking.getByRole('button', { name: en.categories.commerce.connect }).count()).toBe(0)
    expect(await frameBorder(banking)).toBe('1px')
    expect(await calls(banking)).toEqual([])
    await banking.context().close()

    const plain = await openHostPage({ companyId, options: { hideBorder: true, theme: { colors: { primary: '#0a7d38' } } } })
    await heading(plain, en.categoriesTitle).waitFor()
    expect(await frameBorder(plain)).toBe('0px')
    expect(await computedStyleOf(plain.getByRole('button', { name: en.categories.accounting.connect }))).toMatchObject({ backgroundColor: 'rgb(10, 125, 56)' })
    await shot(plain, '11-hide-border-theme')
    await plain.context().close()

    const wrong = await openHostPage({ companyId, options: { hideBorder: 'yes' } })
    await heading(wrong, en.categoriesTitle).waitFor()
    expect(await calls(wrong)).toEqual([{ name: 'onError', args: { message: 'options.hideBorder must be true or false; it is ignored', userRecoverable: true } }])
    await wrong.getByRole('button', { name: en.categories.accounting.connect }).click()
    await heading(wrong, en.categories.accounting.choosePlatform).waitFor()
    expect(await frameBorder(wrong)).toBe('1px')
    await wrong.context().close()
  })

  // Last: it moves the test app's clock a day on.
  it('an expired company token: onError the person can recover from (the page fetches a new token)', async () => {
    const companyId = await newCompany()
    const accessToken = await tokenFor(companyId)
    t.clock.advance(24 * 60 * 60_000)
    const page = await openHostPage({ companyId, accessToken })
    await page.waitForFunction("window.calls.some((call) => call.name === 'onError')")
    expect(await calls(page)).toEqual([{ name: 'onError', args: { message: 'The company access token has expired; ask your server for a new one.', userRecoverable: true, errorCode: 401 } }])
    await page.context().close()
  })
})
