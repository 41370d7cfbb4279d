/**
 * Choosing a platform in Chromium, with the Link page's own CSP in force (not bypassed): the
 * platforms' real marks load as images Linkway serves, in their brand colours; a long list gets a
 * search box that filters as one types and hands over to the keyboard; a short list has none; a
 * mark that cannot load becomes a monogram; the client's uploaded logo heads the page. Every
 * request stays on 127.0.0.1.
 */
import { mkdirSync } from 'node:fs'
import { defineConnector, platformDefinitions } from '@linkway/connectors'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { testedBackends } from '@linkway/test-kit'
import type { Browser, Page } from 'playwright-core'
import { siXero } from 'simple-icons'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_SANDBOX, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser } from './browser.js'
import { newLoopbackPage } from './page-checks.js'
import { buildLinkBundle } from './link-bundle.js'

/** Screenshots for a person to look at; never into the repository. */
const SHOTS = '/tmp/linkway-platform-choice'

/** Real platforms enabled with credentials, plus three more sandbox ledgers: nine accounting platforms, one more than fits without search. */
const ENABLED_WITH_CREDENTIALS = ['gbol', 'qhyg', 'fbrh', 'tgff', 'rwuv']
const sandboxAccounting = platformDefinitions.find((definition) => definition.key === 'mqjo')!
const extraLedgers = ['Ledger North', 'Ledger South', 'Ledger West'].map((name, index) => defineConnector({ ...sandboxAccounting, key: `ldg${'abc'[index]}`, name }))

describe.runIf(hasChromium).each(testedBackends())('choosing a platform in Chromium on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let browser: Browser

  beforeAll(async () => {
    const bundlePath = buildLinkBundle()
    t = await createTestApp(backend, {
      listen: true,
      catalogue: createPlatformCatalogue({ sandboxUrl: TEST_SANDBOX.url, definitions: [...platformDefinitions, ...extraLedgers] }),
      linkBundlePath: bundlePath,
      rateLimits: { linkPerMinute: 0 },
    })
    client = await t.createClient('Acme Lending')
    for (const key of ENABLED_WITH_CREDENTIALS) {
      const res = await t.app.inject({ method: 'PUT', url: `/integrations/${key}/credentials`, headers: client.headers, payload: { clientId: `${key}-app`, clientSecret: `${key}-secret` } })
      expect(res.statusCode, res.body).toBe(200)
    }
    browser = await launchBrowser()
    mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  /** A page with the CSP enforced, collecting every console error (a CSP violation is one). */
  async function openLink(viewport: { width: number; height: number }, unreachable?: RegExp): Promise<{ page: Page; consoleErrors: string[] }> {
    const page = await newLoopbackPage(browser, { viewport, bypassCSP: false })
    if (unreachable) await page.context().route(unreachable, (route) => route.abort())
    const consoleErrors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => consoleErrors.push(error.message))
    const companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: { name: 'Bäckerei Müller' } })).json().id as string
    await page.goto(`${t.url}/link/company/${companyId}`)
    return { page, consoleErrors }
  }

  it("shows the platforms' own marks, loaded from Linkway under the page's CSP, in their brand colours", async () => {
    const { page, consoleErrors } = await openLink({ width: 1280, height: 800 })
    await page.getByRole('button', { name: 'Connect accounting' }).click()
    const xero = page.getByRole('button', { name: /^Xero/ })
    const mark = xero.locator('img')
    await mark.waitFor()
    expect(await mark.getAttribute('src')).toBe(`${t.url}/assets/integrations/gbol/square.svg`)
    // Loaded, not blocked: a refused or broken image has no natural size. (Browser code as strings:
    // this package's types have no DOM.)
    const xeroImage = `(() => { for (const host of document.querySelectorAll('*')) { const img = host.shadowRoot?.querySelector('img[src$="/assets/integrations/gbol/square.svg"]'); if (img) return img } return null })()`
    // Polled with evaluate: waitForFunction compiles its string in the page, which the page's CSP forbids.
    await expect.poll(async () => await page.evaluate(`(() => { const img = ${xeroImage}; return img !== null && img.complete && img.naturalWidth > 0 })()`)).toBe(true)
    // Drawn in Xero's colour: rasterise the image as the page shows it and count pixels of its brand hex.
    const branded = (await page.evaluate(`(() => {
      const img = ${xeroImage}
      const canvas = document.createElement('canvas')
      canvas.width = 64
      canvas.height = 64
      const context = canvas.getContext('2d')
      context.drawImage(img, 0, 0, 64, 64)
      const pixels = context.getImageData(0, 0, 64, 64).data
      const [r, g, b] = [0, 2, 4].map((offset) => Number.parseInt('${siXero.hex}'.slice(offset, offset + 2), 16))
      let count = 0
      for (let i = 0; i < pixels.length; i += 4) if (Math.abs(pixels[i] - r) < 24 && Math.abs(pixels[i + 1] - g) < 24 && Math.abs(pixels[i + 2] - b) < 24) count++
      return count
    })()`)) as number
    expect(branded).toBeGreaterThan(400)
    // FreeAgent has no mark in simple-icons: its image is our monogram square, also served by Linkway.
    expect(await page.getByRole('button', { name: /^FreeAgent/ }).locator('img').getAttribute('src')).toBe(`${t.url}/assets/integrations/fbrh/square.svg`)
    await page.screenshot({ path: `${SHOTS}/${backend}-platforms-1280.png`, fullPage: true })
    expect(consoleErrors).toEqual([])
  })

  it("fits every platform's name inside its full logo and its buttons, in this browser's fonts", async () => {
    const context = await browser.newContext({ bypassCSP: false })
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort())
    const page = await context.newPage()
    const overflowing: string[] = []
    for (const key of ['gbol', 'qhyg', 'fbrh', 'tgff', 'rwuv', 'mqjo', 'fztf', 'zsth', 'exgd', 'upvr', 'trji', 'akxx']) {
      for (const variant of ['full', 'button', 'button-hover']) {
        // The SVG opened as a document: its text's box, measured in the fonts Chromium picks, against its viewBox.
        await page.goto(`${t.url}/assets/integrations/${key}/${variant}.svg`)
        const fits = await page.evaluate(`(() => { const box = document.querySelector('text:last-of-type').getBBox(); return box.x + box.width <= document.documentElement.viewBox.baseVal.width })()`)
        if (fits !== true) overflowing.push(`${key}/${variant}`)
      }
    }
    expect(overflowing).toEqual([])
    await context.close()
  })

  it('offers search in a long list: it filters as one types, case aside, and hands over to the keyboard', async () => {
    const { page, consoleErrors } = await openLink({ width: 375, height: 812 })
    await page.getByRole('button', { name: 'Connect accounting' }).click()
    const list = page.locator('.lw-platform-button')
    const names = page.locator('.lw-platform-name')
    await list.first().waitFor()
    expect(await list.count()).toBe(9)
    const search = page.getByRole('searchbox', { name: 'Search platforms' })
    await search.click()
    await page.keyboard.type('quick')
    await expect.poll(async () => await names.allInnerTexts()).toEqual(['QuickBooks Online'])
    await page.screenshot({ path: `${SHOTS}/${backend}-search-375.png`, fullPage: true })
    // Tab from the box reaches the one match; Enter chooses it.
    await page.keyboard.press('Tab')
    const focused = `(() => { for (const host of document.querySelectorAll('*')) { const active = host.shadowRoot?.activeElement; if (active) return active.textContent } return null })()`
    await expect.poll(async () => await page.evaluate(focused)).toBe('QuickBooks Online')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Allow access' }).waitFor()
    await page.getByRole('button', { name: 'Back' }).first().click()
    await search.waitFor()
    await search.fill('LEDGER')
    await expect.poll(async () => await names.allInnerTexts()).toEqual(['Ledger North', 'Ledger South', 'Ledger West'])
    await search.fill('zzz')
    await page.getByText('No platform matches your search.').waitFor()
    expect(await list.count()).toBe(0)
    await search.fill('')
    await expect.poll(async () => await list.count()).toBe(9)
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number
    expect(width).toBeLessThanOrEqual(375)
    expect(consoleErrors).toEqual([])
  })

  it('shows no search box where the list is short', async () => {
    const { page, consoleErrors } = await openLink({ width: 1280, height: 800 })
    await page.getByRole('button', { name: 'Connect banking' }).click()
    await page.getByRole('button', { name: /^Sandbox bank/ }).waitFor()
    expect(await page.getByRole('searchbox').count()).toBe(0)
    // Its name says Sandbox already: no "Sandbox" badge repeating it.
    await page.getByRole('button', { name: 'Sandbox bank', exact: true }).waitFor()
    expect(await page.locator('.lw-badge').count()).toBe(0)
    expect(consoleErrors).toEqual([])
  })

  it('shows a monogram, not a broken image, when a mark cannot be loaded', async () => {
    const { page } = await openLink({ width: 375, height: 812 }, /\/assets\/integrations\/gbol\/square\.svg$/)
    await page.getByRole('button', { name: 'Connect accounting' }).click()
    const xero = page.getByRole('button', { name: /^Xero/ })
    await xero.locator('.lw-platform-monogram', { hasText: 'X' }).waitFor()
    expect(await xero.locator('img').count()).toBe(0)
    // The others still show their images.
    expect(await page.getByRole('button', { name: /^QuickBooks Online/ }).locator('img').count()).toBe(1)
  })

  it("shows the client's uploaded logo in the header, served by Linkway under the page's CSP", async () => {
    const logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 32"><rect width="120" height="32" rx="6" fill="#ffcc00"/><text x="60" y="21" font-size="16" text-anchor="middle" fill="#1d2330">ACME</text><script>alert(1)</script></svg>'
    const uploaded = await t.app.inject({ method: 'PUT', url: '/profile/logo', headers: { ...client.headers, 'content-type': 'image/svg+xml' }, payload: logo })
    expect(uploaded.statusCode, uploaded.body).toBe(200)
    const logoUrl = uploaded.json().logoUrl as string
    expect(logoUrl.startsWith(`${t.url}/assets/client-logos/`)).toBe(true)
    const { page, consoleErrors } = await openLink({ width: 1280, height: 800 })
    const header = `(() => { for (const host of document.querySelectorAll('*')) { const img = host.shadowRoot?.querySelector('img[src="${logoUrl}"]'); if (img) return img } return null })()`
    await expect.poll(async () => await page.evaluate(`(() => { const img = ${header}; return img !== null && img.complete && img.naturalWidth > 0 })()`)).toBe(true)
    await page.screenshot({ path: `${SHOTS}/${backend}-client-logo-1280.png` })
    expect(consoleErrors).toEqual([])
    expect((await t.app.inject({ method: 'DELETE', url: '/profile/logo', headers: client.headers })).statusCode).toBe(204)
  })
})
