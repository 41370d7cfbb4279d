/**
 * The Link journey as a person leaves it, in Debian's Chromium: Back, Forward and Reload on every
 * step, the trip to the sandbox platform and back in another language, a returning visitor, the
 * pending and cancelled states, the done page naming what was connected, the consent's action in
 * view at 375×812 and 1280×800, axe (WCAG 2.1 AA) on every step in English, German and French,
 * and no horizontal scroll at 320 px. One server and one browser for the file, on PGlite (the
 * database is covered elsewhere); every request stays on 127.0.0.1.
 *
 * `LINKWAY_DOCS_IMAGES=1` also writes the docs' screenshots (docs/images/hosted-link/, 1280 and 375 px).
 */
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contrastRatio } from '../../../packages/link-ui/src/contrast.js'
import { MESSAGES } from '../../../packages/link-ui/src/i18n/index.js'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser } from './browser.js'
import { buildLinkBundle } from './link-bundle.js'
import { docsImage } from './docs-images.js'
import { decideAtPlatform, expectAccessible, expectNoHorizontalScroll, newLoopbackPage, wordsSplitAcrossLines } from './page-checks.js'

const SANDBOX_CLIENT = { clientId: 'linkway-e2e-journey', clientSecret: 'e2e-journey-secret' }
type Lang = 'en' | 'de' | 'fr'
/** A computed colour (`rgb(39, 72, 196)`) as hex. */
const hexOf = (rgb: string) => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((part) => Number(part).toString(16).padStart(2, '0')).join('')}`

describe.runIf(hasChromium)('the Link journey in Chromium', () => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let browser: Browser

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
  const newCompany = async (name: string) => (await api('POST', '/companies', { name })).json().id as string
  /** A connection made through the API: PendingAuth, or Linked once it has tokens. */
  async function connectionFor(companyId: string, platformKey: string, status: 'PendingAuth' | 'Linked') {
    const connection = (await api('POST', `/companies/${companyId}/connections`, { platformKey })).json()
    if (status === 'Linked') await api('PUT', `/companies/${companyId}/connections/${connection.id}/authorization`, { accessToken: 'e2e' })
    return connection.id as string
  }

  async function newPage(viewport: { width: number; height: number } = { width: 1280, height: 800 }, locale = 'en-GB'): Promise<Page> {
    const page = await newLoopbackPage(browser, { viewport, locale, bypassCSP: true })
    // A step that does not come fails in seconds, naming its locator, rather than at the test's timeout.
    page.setDefaultTimeout(10_000)
    return page
  }

  const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name })

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
    // No redirect: Complete ends on Linkway's own done page.
    await api('PUT', '/profile', { name: 'Acme Lending' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
    await sandbox?.close()
  })

  it('keeps every step in the history: Back, Forward and Reload stay on Link’s steps; Back from the platform returns to the consent; the platform’s page seen again leads back to Link', async () => {
    const en = MESSAGES.en
    const companyId = await newCompany('History Ltd')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}`)
    await heading(page, en.categoriesTitle).waitFor()
    await docsImage(page, '01-categories')
    expect(new URL(page.url()).hash).toBe('#lw=categories')
    await page.reload()
    await heading(page, en.categoriesTitle).waitFor()

    await page.getByRole('button', { name: en.categories.accounting.connect }).click()
    await heading(page, en.categories.accounting.choosePlatform).waitFor()
    await docsImage(page, 'platforms-step')
    expect(new URL(page.url()).hash).toBe('#lw=platforms.accounting')
    await page.reload()
    await heading(page, en.categories.accounting.choosePlatform).waitFor()

    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: en.allowAccess }).waitFor()
    expect(new URL(page.url()).hash).toBe('#lw=consent.accounting.mqjo')
    await page.reload()
    await page.getByRole('button', { name: en.allowAccess }).waitFor()

    // Back and Forward walk the same steps; the on-screen Back agrees with the browser's.
    await page.goBack()
    await heading(page, en.categories.accounting.choosePlatform).waitFor()
    await page.goBack()
    await heading(page, en.categoriesTitle).waitFor()
    await page.goForward()
    await heading(page, en.categories.accounting.choosePlatform).waitFor()
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: en.back }).click()
    await heading(page, en.categories.accounting.choosePlatform).waitFor()
    await page.goForward()
    await page.getByRole('button', { name: en.allowAccess }).waitFor()

    // At the platform, Back returns to the consent, ready to go again (never "Taking you to…").
    await page.getByRole('button', { name: en.allowAccess }).click()
    await page.waitForURL(/\/oauth\/authorize/)
    await page.getByRole('button', { name: 'Approve' }).waitFor()
    await docsImage(page, '03-platform-consent')
    await page.goBack()
    await page.getByRole('button', { name: en.allowAccess }).waitFor()
    expect(page.url()).toContain('/link/company/')
    await page.getByRole('button', { name: en.allowAccess }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Connected to Sandbox accounting').waitFor()
    // Coming back from the platform lands on the categories with the outcome; a reload keeps it. The
    // step is written into the address by an effect after the paint: on a busy machine, a moment later.
    await expect.poll(() => new URL(page.url()).hash).toBe('#lw=categories')
    await page.reload()
    await page.getByText('Connected to Sandbox accounting').waitFor()
    // Back from there is the platform's page (the browser keeps it; no page can remove it). Answering
    // it again is no dead end: Linkway knows that trip is over and brings the person back to Link.
    await page.goBack()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Connected to Sandbox accounting').waitFor()
  })

  it('keeps the language across the trip to the platform and back, and ends on a done page in it naming what this visit connected', async () => {
    const de = MESSAGES.de
    const companyId = await newCompany('Bäckerei Müller')
    // Connected before this visit: the done page does not name it as made now.
    await connectionFor(companyId, 'aiwb', 'Linked')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}?lang=de`)
    await heading(page, de.categoriesTitle).waitFor()
    await page.getByRole('button', { name: de.categories.accounting.connect }).click()
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: de.allowAccess }).click()
    await decideAtPlatform(page, 'Approve')
    expect(new URL(page.url()).searchParams.get('lang')).toBe('de')
    expect(await page.getAttribute('html', 'lang')).toBe('de')
    await page.getByText('Verbunden mit Sandbox accounting').waitFor()
    await page.getByRole('button', { name: de.categories.banking.connect }).click()
    await page.getByRole('button', { name: /^Sandbox bank/ }).click()
    await page.getByRole('button', { name: de.allowAccess }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Verbunden mit Sandbox bank').waitFor()
    await page.getByRole('button', { name: de.complete }).click()
    await heading(page, 'Fertig: Sandbox accounting, Sandbox bank').waitFor()
    expect(await page.getAttribute('html', 'lang')).toBe('de')
    await page.locator('header', { hasText: 'Acme Lending' }).waitFor()
    await expectAccessible(page, 'done (de)')
    await docsImage(page, 'done')
    // The way forward: back to the connections, still in German.
    await page.getByRole('link', { name: 'Ihre Verbindungen ansehen' }).click()
    await heading(page, de.yourConnections).waitFor()
    // A visit that connects nothing and completes: "All done" with the company's connections, as before.
    await page.getByRole('button', { name: de.complete }).click()
    await heading(page, 'Fertig: Sandbox commerce, Sandbox accounting, Sandbox bank').waitFor()
  })

  it('offers the hosted link to a colleague who can sign in, with Copy link and Email the link', async () => {
    const companyId = await newCompany('Shared Ltd')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByRole('button', { name: 'Can’t sign in to your accounting platform?' }).click()
    await page.getByRole('button', { name: 'Copy link' }).waitFor()
    expect(await page.getByRole('textbox', { name: 'Link to share' }).inputValue()).toBe(`${t.url}/link/company/${companyId}`)
    // Both actions readable: their text stands out from their own background (WCAG AA, 4.5:1).
    for (const action of [page.getByRole('button', { name: 'Copy link' }), page.getByRole('link', { name: 'Email the link' })]) {
      const { color, background } = await action.evaluate((element) => {
        const style = (globalThis as unknown as { getComputedStyle(element: unknown): { color: string; backgroundColor: string } }).getComputedStyle(element)
        return { color: style.color, background: style.backgroundColor }
      })
      expect(contrastRatio(hexOf(color), hexOf(background)), `${await action.textContent()}: ${color} on ${background}`).toBeGreaterThanOrEqual(4.5)
    }
    await docsImage(page, '08-share')
  })

  it('sends a fully connected returning visitor straight to their connections, with Disconnect styled destructive', async () => {
    await api('PUT', '/linkSettings', { landingPage: { enabled: true, title: 'Welcome', body: 'First time here.' } })
    try {
      const companyId = await newCompany('Returning Ltd')
      await connectionFor(companyId, 'mqjo', 'Linked')
      const page = await newPage()
      await page.goto(`${t.url}/link/company/${companyId}`)
      await heading(page, MESSAGES.en.yourConnections).waitFor()
      expect(await page.getByRole('button', { name: MESSAGES.en.getStarted }).count()).toBe(0)
      // One place shows the category's state: its card, which carries Disconnect; no second line
      // ("Sandbox accounting · Accounting · Connected") in a list above it.
      const accounting = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: MESSAGES.en.categories.accounting.name }) })
      await accounting.getByText('Connected to Sandbox accounting').waitFor()
      expect(await page.getByText('Connected to Sandbox accounting').count()).toBe(1)
      expect(await page.getByText(`${MESSAGES.en.categories.accounting.name} · ${MESSAGES.en.connectionStatus.Linked}`).count()).toBe(0)
      const disconnect = accounting.getByRole('button', { name: MESSAGES.en.disconnect })
      expect(await page.getByRole('button', { name: MESSAGES.en.disconnect }).count()).toBe(1)
      expect(await disconnect.getAttribute('aria-describedby')).toBeTruthy()
      expect(await disconnect.evaluate((button) => button.ownerDocument.defaultView!.getComputedStyle(button).color)).toBe('rgb(161, 25, 25)')
      await docsImage(page, '07-returning')
      // From the keyboard: a real button, focusable; Enter asks for the confirmation, Escape cancels it.
      await disconnect.focus()
      await page.keyboard.press('Enter')
      await page.getByRole('dialog').waitFor()
      await page.keyboard.press('Escape')
      await expect.poll(async () => await page.getByRole('dialog').count()).toBe(0)
      await disconnect.click()
      const confirm = page.getByRole('dialog').getByRole('button', { name: MESSAGES.en.disconnect })
      expect(await confirm.evaluate((button) => button.ownerDocument.defaultView!.getComputedStyle(button).backgroundColor)).toBe('rgb(161, 25, 25)')
      await expectAccessible(page, 'disconnect dialog')
    } finally {
      await api('PUT', '/linkSettings', {})
    }
  })

  it('shows a pending connection as "Waiting for sign-in · Continue" wherever it appears, and a cancellation as a cancellation', async () => {
    const en = MESSAGES.en
    const companyId = await newCompany('Pending Ltd')
    await connectionFor(companyId, 'mqjo', 'PendingAuth')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByText('Waiting for sign-in at Sandbox accounting').waitFor()
    // One place shows it: the category's card, not a second, different line under Your connections.
    expect(await page.getByRole('button', { name: en.continue, exact: true }).count()).toBe(1)
    expect(await page.getByText(en.connectionStatus.PendingAuth).count()).toBe(1)
    await docsImage(page, 'pending')
    await expectAccessible(page, 'pending')
    await page.getByRole('button', { name: en.continue, exact: true }).first().click()
    await page.getByRole('button', { name: en.allowAccess }).click()
    await decideAtPlatform(page, 'Deny')
    // On the card (the live region announces the same words a moment later).
    await page.locator('li.lw-card').getByText('You cancelled at Sandbox accounting. Try again or choose another platform.').waitFor()
    expect(await page.getByText(en.connectionStatus.PendingAuth).count()).toBe(0)
    await docsImage(page, '06-denied')
    await expectAccessible(page, 'cancelled')
    await page.getByRole('button', { name: en.tryAgain }).click()
    await heading(page, en.categories.accounting.choosePlatform).waitFor()
    // Not a warning about an existing connection: the cancelled attempt holds nothing.
    expect(await page.getByText('already has an accounting connection').count()).toBe(0)
  })

  for (const viewport of [
    { width: 375, height: 812 },
    { width: 1280, height: 800 },
  ]) {
    it(`shows the consent's primary action without scrolling at ${viewport.width}×${viewport.height}`, async () => {
      const companyId = await newCompany('Consent in view')
      const page = await newPage(viewport)
      await page.goto(`${t.url}/link/company/${companyId}#lw=consent.accounting.mqjo`)
      const allow = page.getByRole('button', { name: MESSAGES.en.allowAccess })
      await allow.waitFor()
      expect(await page.evaluate('window.scrollY')).toBe(0)
      const box = (await allow.boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
      await docsImage(page, viewport.width === 375 ? '10-narrow-consent' : '02-consent')
      // The sections fold away, and open again.
      const purpose = page.getByText(MESSAGES.en.consentHeaders.purpose, { exact: true })
      await purpose.click()
      const purposeText = page.getByText('to provide its service.')
      await purposeText.waitFor({ state: 'hidden' })
      await purpose.click()
      await purposeText.waitFor()
    })
  }

  it('splits no word of the data listed on the consent across two lines on a 375 px phone, in any language (German compounds are wider than half the screen)', async () => {
    const companyId = await newCompany('Words whole')
    // Every data type Link has a German name for (English names most of them from the key): the longest names of each language.
    await api('PUT', '/linkSettings', { dataTypes: { accounting: Object.keys(MESSAGES.de.dataTypes) } })
    for (const lang of ['en', 'de', 'fr'] as const satisfies readonly Lang[]) {
      const page = await newPage({ width: 375, height: 812 })
      await page.goto(`${t.url}/link/company/${companyId}?lang=${lang}#lw=consent.accounting.mqjo`)
      await page.getByRole('button', { name: MESSAGES[lang].allowAccess }).waitFor()
      // Link draws into a shadow root: the locator reaches into it.
      const split = await wordsSplitAcrossLines(page.locator('.lw-data-list li'))
      expect(split.elements, lang).toBeGreaterThan(20)
      expect(split.split, lang).toEqual([])
      await page.close()
    }
    await api('PUT', '/linkSettings', {})
  })

  for (const lang of ['en', 'de', 'fr'] as const satisfies readonly Lang[]) {
    it(`has no WCAG 2.1 AA violation on any step in ${lang}`, async () => {
      const m = MESSAGES[lang]
      const companyId = await newCompany(`Axe ${lang}`)
      const page = await newPage()
      await page.goto(`${t.url}/link/company/${companyId}?lang=${lang}`)
      await heading(page, m.categoriesTitle).waitFor()
      await expectAccessible(page, `${lang} categories`)
      await page.getByRole('button', { name: m.categories.accounting.connect }).click()
      await heading(page, m.categories.accounting.choosePlatform).waitFor()
      await expectAccessible(page, `${lang} platforms`)
      await page.getByRole('button', { name: m.categories.accounting.cantSignIn }).click()
      await heading(page, m.shareTitle).waitFor()
      await expectAccessible(page, `${lang} share`)
      await page.goBack()
      await page.getByRole('button', { name: /^Sandbox/ }).click()
      await page.getByRole('button', { name: m.allowAccess }).waitFor()
      await expectAccessible(page, `${lang} consent`)
      await page.getByRole('button', { name: m.allowAccess }).click()
      await decideAtPlatform(page, 'Approve')
      await page.getByText(m.statusConnectedTo.replace('{platformName}', 'Sandbox accounting')).waitFor()
      await expectAccessible(page, `${lang} connected`)
      await page.getByRole('button', { name: m.complete }).click()
      await page.waitForURL(/\/complete/)
      await expectAccessible(page, `${lang} done`)
      await page.goto(`${t.url}/link/client/${client.clientId}?lang=${lang}`)
      await expectAccessible(page, `${lang} invite`)
      if (lang === 'en') await docsImage(page, '12-invite')
      await page.goto(`${t.url}/link/company/00000000-0000-4000-8000-000000000000?lang=${lang}`)
      await expectAccessible(page, `${lang} not found`)
    })
  }

  it('has no horizontal scroll at 320 px on any step', async () => {
    const companyId = await newCompany('Een bedrijf met een buitengewoon lange naam dat op een klein scherm moet afbreken')
    await connectionFor(companyId, 'bsbx', 'PendingAuth')
    const page = await newPage({ width: 320, height: 640 })
    await page.goto(`${t.url}/link/company/${companyId}`)
    await heading(page, MESSAGES.en.categoriesTitle).waitFor()
    await expectNoHorizontalScroll(page, 'categories')
    await page.getByRole('button', { name: MESSAGES.en.categories.accounting.connect }).click()
    await expectNoHorizontalScroll(page, 'platforms')
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: MESSAGES.en.allowAccess }).waitFor()
    await expectNoHorizontalScroll(page, 'consent')
    await page.getByRole('button', { name: MESSAGES.en.allowAccess }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Connected to Sandbox accounting').waitFor()
    await expectNoHorizontalScroll(page, 'connected')
    await docsImage(page, 'narrow-320-connected')
    await page.getByRole('button', { name: MESSAGES.en.complete }).click()
    await page.waitForURL(/\/complete/)
    await expectNoHorizontalScroll(page, 'done')
    await page.goto(`${t.url}/link/client/${client.clientId}`)
    await expectNoHorizontalScroll(page, 'invite')
    await page.goto(`${t.url}/link/company/not-a-company`)
    await expectNoHorizontalScroll(page, 'not found')
  })

  // Last: both move the test app's clock on.
  it('says what to do on a page left open a day: Reload the page, which picks up at the same step in the same language, also after a trip to a platform', async () => {
    const fr = MESSAGES.fr
    const companyId = await newCompany('Le lendemain')
    const page = await newPage({ width: 375, height: 812 })
    await page.goto(`${t.url}/link/company/${companyId}?lang=fr`)
    await page.getByRole('button', { name: fr.categories.accounting.connect }).click()
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: fr.allowAccess }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Connecté à Sandbox accounting').first().waitFor()
    // Back from the platform, the address names that trip's outcome; then on to the bank's consent.
    expect(new URL(page.url()).searchParams.get('link.result')).toMatch(/:200$/)
    await page.getByRole('button', { name: fr.categories.banking.connect }).click()
    await page.getByRole('button', { name: /^Sandbox bank/ }).click()
    await page.getByRole('button', { name: fr.allowAccess }).waitFor()
    // The page's token lasts a day: the next day the server refuses the page's changes.
    t.clock.advance(25 * 60 * 60_000)
    await page.getByRole('button', { name: fr.allowAccess }).click()
    await page.getByRole('alert').getByText(fr.errorPageExpired).waitFor()
    const reloaded = page.waitForEvent('load')
    await page.getByRole('button', { name: fr.reloadPage }).click()
    await reloaded
    // The same step, not the categories: the last trip's outcome was not told again.
    await page.getByRole('heading', { level: 1, name: fr.consentTitle.replace('{platformName}', 'Sandbox bank') }).waitFor()
    expect(new URL(page.url()).searchParams.has('link.result')).toBe(false)
    await page.getByRole('button', { name: fr.allowAccess }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Connecté à Sandbox bank').first().waitFor()
  })

  it('says to ask for a new link, not to reload, on a page a one-time Link URL opened a day ago', async () => {
    const en = MESSAGES.en
    await api('PUT', '/linkSettings', { oneTimeLinks: true })
    try {
      const company = (await api('POST', '/companies', { name: 'Once only' })).json()
      const page = await newPage()
      await page.goto(company.redirect)
      await page.getByRole('button', { name: en.categories.accounting.connect }).click()
      await page.getByRole('button', { name: /^Sandbox/ }).click()
      await page.getByRole('button', { name: en.allowAccess }).waitFor()
      // A day on, the one-time link's cookie has run out with the page's token: a reload would find the link used.
      t.clock.advance(25 * 60 * 60_000)
      await page.getByRole('button', { name: en.allowAccess }).click()
      await page.getByRole('alert').getByText(en.errorRequest).waitFor()
      expect(await page.getByRole('button', { name: en.reloadPage }).count()).toBe(0)
    } finally {
      await api('PUT', '/linkSettings', { oneTimeLinks: false })
    }
  })

  it('says so when the sign-in at the platform took longer than Link waits, and Try again starts it afresh', async () => {
    const de = MESSAGES.de
    const companyId = await newCompany('Langsam GmbH')
    const page = await newPage()
    await page.goto(`${t.url}/link/company/${companyId}?lang=de`)
    await page.getByRole('button', { name: de.categories.accounting.connect }).click()
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: de.allowAccess }).click()
    await page.waitForURL(/\/oauth\/authorize/)
    // A sign-in at the platform may take a quarter of an hour at most (a password to find, a second factor).
    t.clock.advance(16 * 60_000)
    await decideAtPlatform(page, 'Approve')
    // On the accounting card, as its status (the page's live region may say it too, for a moment).
    const timedOut = de.result408.replace('{platformName}', 'Sandbox accounting')
    await page.locator('main').getByRole('status').filter({ hasText: timedOut }).waitFor()
    expect(await page.getAttribute('html', 'lang')).toBe('de')
    await page.getByRole('button', { name: de.tryAgain }).click()
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: de.allowAccess }).click()
    await decideAtPlatform(page, 'Approve')
    await page.getByText('Verbunden mit Sandbox accounting').waitFor()
  })
})
