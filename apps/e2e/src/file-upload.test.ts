/**
 * File upload in a real browser (Debian's Chromium, PGlite): a person sends a file instead of
 * connecting their accounting platform, sees it go (a progress bar, the upload slowed down by
 * Chromium's own network throttling so the bar can be seen between 0 and 100), sees it listed,
 * sees a wrong type dropped on the page refused inline, and can then complete, also after a reload;
 * at 375 px, in German, the file picker opens from the keyboard. The client reads the file back
 * through the Files API. Every request stays on 127.0.0.1.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { docsImage } from './docs-images.js'
import { buildLinkBundle } from './link-bundle.js'
import { expectAccessible, newLoopbackPage } from './page-checks.js'

/** A PDF large enough that its upload, throttled, takes a few seconds. */
const STATEMENT = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(768 * 1024, 0x20), Buffer.from('\n%%EOF\n')])
const FILE_NAME = 'Summen- und Saldenliste 2025 – Müller.pdf'

describe.runIf(hasChromium)('file upload in Chromium on pglite', () => {
  let t: TestApp
  let client: TestClient
  let browser: Browser
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })

  /** `bypassCSP` lets axe's script in; one journey runs under the page's own CSP. */
  const newPage = (width: number, height: number, bypassCSP = true) => newLoopbackPage(browser, { viewport: { width, height }, bypassCSP })

  beforeAll(async () => {
    const bundlePath = buildLinkBundle()
    t = await createTestApp('pglite', { listen: true, sandboxClient: null, linkBundlePath: bundlePath, rateLimits: { linkPerMinute: 0 } })
    client = await t.createClient('Acme Lending')
    const settings = (await api('GET', '/linkSettings')).json()
    settings.categories.accounting.enableFileUpload = true
    settings.categories.businessDocuments.enabled = true
    expect((await api('PUT', '/linkSettings', settings)).statusCode).toBe(200)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('sends a file instead of connecting, with its progress, lists it, refuses a wrong type inline, then completes', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string
    const page = await newPage(1280, 800)
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    expect(await page.getByRole('button', { name: 'Complete' }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Upload files instead' }).click()
    await page.getByRole('heading', { name: 'Upload accounting files' }).waitFor()
    // The upload screen is a step: the browser's Back closes it, Forward opens it again.
    await page.goBack()
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    expect(page.url()).toContain('/link/company/')
    await page.goForward()
    await page.getByRole('heading', { name: 'Upload accounting files' }).waitFor()
    // Reload keeps the person on it, and Back still closes it.
    await page.reload()
    await page.getByRole('heading', { name: 'Upload accounting files' }).waitFor()
    await page.goBack()
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    await page.goForward()
    await page.getByRole('heading', { name: 'Upload accounting files' }).waitFor()
    await expectAccessible(page, 'upload')

    // Slow the upload down (Chromium's own throttling), so the bar is seen on its way.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 192 * 1024 })
    const input = page.locator('input[type=file]')
    await input.setInputFiles([{ name: FILE_NAME, mimeType: 'application/pdf', buffer: STATEMENT }])
    const bar = page.getByRole('progressbar', { name: new RegExp(`^${FILE_NAME}: \\d+% sent$`) })
    await bar.waitFor()
    await expect.poll(async () => Number(await bar.getAttribute('value').catch(() => '0')), { timeout: 20_000 }).toBeGreaterThan(0)
    const midway = Number(await bar.getAttribute('value').catch(() => '100'))
    await screenshot(page, 'file-upload-progress')
    await page.screenshot({ path: '/tmp/lf-upload-progress-1280.png', fullPage: true })
    expect(midway).toBeLessThan(100)
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })

    const sentList = page.locator('.lw-sent-list')
    await sentList.getByText(FILE_NAME).waitFor({ timeout: 30_000 })
    expect(await sentList.textContent()).toContain('768 KB')

    // Dropped on the drop zone: a type not accepted is refused beside its name, before sending.
    const dropped = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer()
      transfer.items.add(new File(['MZ'], 'setup.exe', { type: 'application/octet-stream' }))
      return transfer
    })()`)
    await page.locator('.lw-dropzone').dispatchEvent('drop', { dataTransfer: dropped })
    await page.getByRole('alert').getByText('setup.exe is not a type we accept.').waitFor()
    await docsImage(page, '13-file-upload')
    await page.screenshot({ path: '/tmp/lf-upload-1280.png', fullPage: true })
    await expectAccessible(page, 'upload with a sent file and a refused one')

    // The client reads it through the Files API.
    const files = (await api('GET', `/companies/${companyId}/files`)).json()
    expect(files).toEqual([expect.objectContaining({ fileName: FILE_NAME, sourceType: 'Accounting' })])

    await page.getByRole('button', { name: 'Done' }).click()
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    await page.getByText('Files sent').first().waitFor()
    expect(await page.getByRole('button', { name: 'Complete' }).isDisabled()).toBe(false)
    await page.screenshot({ path: '/tmp/lf-categories-1280.png', fullPage: true })

    // A reload forgets nothing that was sent: the category is still done.
    await page.reload()
    await page.getByRole('heading', { name: 'Connect your platforms' }).waitFor()
    await page.getByText('Files sent').first().waitFor()
    expect(await page.getByRole('button', { name: 'Complete' }).isDisabled()).toBe(false)
  })

  it('fits a 375 px screen, business documents included', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Small shop' })).json().id as string
    const page = await newPage(375, 812)
    await page.goto(`${t.url}/link/company/${companyId}?lang=de`)
    await page.getByRole('button', { name: 'Stattdessen Dateien hochladen' }).waitFor()
    await page.screenshot({ path: '/tmp/lf-categories-375.png', fullPage: true })
    await page.getByRole('button', { name: 'Dokumente hochladen' }).click()
    await page.getByRole('heading', { name: 'Geschäftsdokumente hochladen' }).waitFor()
    // The picker opens from the keyboard: the focused button, Enter.
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Dateien auswählen' }).focus()
    await page.keyboard.press('Enter')
    await (await chooser).setFiles([{ name: 'Vertrag.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') }])
    await page.locator('.lw-sent-list').getByText('Vertrag.pdf').waitFor()
    await page.screenshot({ path: '/tmp/lf-upload-375.png', fullPage: true })
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(375)
    await expectAccessible(page, 'upload at 375 px in German')
    expect((await api('GET', `/companies/${companyId}/files`)).json()).toEqual([expect.objectContaining({ fileName: 'Vertrag.pdf', sourceType: 'Other' })])
  })

  it('uploads under the hosted page’s own Content-Security-Policy', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Strict shop' })).json().id as string
    const page = await newPage(1280, 800, false)
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByRole('button', { name: 'Upload files instead' }).click()
    await page.locator('input[type=file]').setInputFiles([{ name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') }])
    await page.locator('.lw-sent-list').getByText('ledger.csv').waitFor()
    expect((await api('GET', `/companies/${companyId}/files`)).json()).toEqual([expect.objectContaining({ fileName: 'ledger.csv' })])
  })
})
