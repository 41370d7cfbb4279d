/**
 * A consent receipt in a real browser (Debian's Chromium), on PGlite: a person connects the
 * accounting sandbox, downloads their receipt under their connections and again from the done
 * page, and the receipt verifies against the key Linkway publishes (node:crypto, from the JWKS).
 * Every request the browser makes stays on 127.0.0.1.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import type { Browser, Download } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser } from './browser.js'
import { buildLinkBundle } from './link-bundle.js'
import { expectAccessible, newLoopbackPage } from './page-checks.js'

const SANDBOX_CLIENT = { clientId: 'linkway-e2e-consent', clientSecret: 'e2e-consent-sandbox-secret' }
/** Screenshots to look at while working on this page; never into the repository. */
const SHOTS = process.env.CONSENT_RECEIPT_SHOTS

interface SignedReceipt {
  receipt: { connectionId: string; company: { name: string }; texts: { title: string; subtitle: string; purpose: { heading: string; text: string }; retention: { heading: string; text: string }; termsAndConditions: string; platformData: { items: string[] } } }
  jws: string
  kid: string
}

/** Checks a compact JWS with the JWKS a Linkway publishes, with node:crypto alone. */
async function verifyWithPublishedKeys(jws: string, linkwayUrl: string): Promise<unknown> {
  const jwks = (await (await fetch(`${linkwayUrl}/.well-known/linkway-consent-keys.json`)).json()) as { keys: Array<JsonWebKey & { kid: string }> }
  const [header, payload, signature] = jws.split('.') as [string, string, string]
  const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg: string; kid: string }
  expect(alg).toBe('EdDSA')
  const jwk = jwks.keys.find((key) => key.kid === kid)
  expect(jwk, `the JWKS publishes ${kid}`).toBeDefined()
  expect(verify(null, Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk!, format: 'jwk' }), Buffer.from(signature, 'base64url'))).toBe(true)
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
}

async function readDownload(download: Download): Promise<SignedReceipt> {
  return JSON.parse(await readFile((await download.path())!, 'utf8')) as SignedReceipt
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

describe.runIf(hasChromium)('consent receipt in Chromium on pglite', () => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let browser: Browser

  /** The page's CSP holds unless `bypassCSP` (only to inject axe-core). */
  const newPage = (width: number, height: number, bypassCSP = false) => newLoopbackPage(browser, { viewport: { width, height }, acceptDownloads: true, bypassCSP })

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
    // No redirect set: Complete ends on Linkway's own done page.
    client = await t.createClient('Acme Lending')
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
    await sandbox?.close()
  })

  it('connects the accounting sandbox, downloads the receipt from the connections and the done page, and verifies it with the published key', async () => {
    const companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: { name: 'Toft stores' } })).json().id as string
    const page = await newPage(1280, 800)
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByRole('button', { name: 'Connect accounting' }).click()
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: 'Allow access' }).waitFor()
    // What the person reads on the consent screen: the receipt must say the same.
    const consentScreen = squash(await page.locator('main.lw-main').innerText())
    await page.getByRole('button', { name: 'Allow access' }).click()
    await page.waitForURL(/\/oauth\/authorize/)
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.waitForURL(/\/link\/company\//)
    await page.getByText('Sandbox accounting is connected.').first().waitFor()

    const receiptLink = page.getByRole('link', { name: 'Download the receipt for Sandbox accounting' })
    await receiptLink.waitFor()
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/receipts-1280.png`, fullPage: true })
    const [fromConnections] = await Promise.all([page.waitForEvent('download'), receiptLink.click()])
    expect(fromConnections.suggestedFilename()).toMatch(/^consent-receipt-[0-9a-f-]{36}\.json$/)
    const signed = await readDownload(fromConnections)
    expect(await verifyWithPublishedKeys(signed.jws, t.url)).toEqual(signed.receipt)
    const { texts } = signed.receipt
    for (const shown of [texts.title, texts.subtitle, texts.purpose.heading, texts.purpose.text, texts.retention.text, texts.termsAndConditions, ...texts.platformData.items]) {
      expect(consentScreen).toContain(squash(shown))
    }
    const [connection] = (await t.app.inject({ method: 'GET', url: `/companies/${companyId}/connections`, headers: client.headers })).json().results as Array<{ id: string; status: string }>
    expect(signed.receipt.connectionId).toBe(connection!.id)

    await page.getByRole('button', { name: 'Complete' }).click()
    await page.getByRole('heading', { name: 'All done: Sandbox accounting' }).waitFor()
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/done-1280.png`, fullPage: true })
    const [fromDonePage] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download your consent receipt' }).click()])
    const again = await readDownload(fromDonePage)
    expect(again.jws).toBe(signed.jws)
    await verifyWithPublishedKeys(again.jws, t.url)

  })

  it('shows the receipts accessibly on a 375 px screen, under the connections and on the done page', async () => {
    const companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: { name: 'Toft stores' } })).json().id as string
    const page = await newPage(375, 812, true)
    await page.goto(`${t.url}/link/company/${companyId}`)
    await page.getByRole('button', { name: 'Connect accounting' }).click()
    await page.getByRole('button', { name: /^Sandbox/ }).click()
    await page.getByRole('button', { name: 'Allow access' }).click()
    await page.waitForURL(/\/oauth\/authorize/)
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.waitForURL(/\/link\/company\//)
    await page.getByRole('link', { name: 'Download the receipt for Sandbox accounting' }).waitFor()
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/receipts-375.png`, fullPage: true })
    await expectAccessible(page, 'the receipts under the connections')
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await page.getByRole('button', { name: 'Complete' }).click()
    await page.getByRole('link', { name: 'Download your consent receipt' }).waitFor()
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/done-375.png`, fullPage: true })
    await expectAccessible(page, 'the done page')
  })
})
