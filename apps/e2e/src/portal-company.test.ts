/**
 * A company's page in the Portal, as a person uses it in Debian's Chromium: a company added in the
 * Portal, its Link URL copied from the page and walked through to Linked in a second window, the
 * page reloaded showing the connection Linked and its data read; refreshing, editing, unlinking
 * with a confirmation (Escape cancels), Back and Reload, 768 px, the keyboard, double clicks that
 * act once, a viewer without controls whom the API refuses, axe on every state, another client's
 * company as "not found", one-time Link URLs, and deleting the company.
 *
 * `LINKWAY_DOCS_IMAGES=1` also writes the docs' screenshots (docs/images/portal/company-*.png).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../../packages/link-ui/src/i18n/index.js'
import { silentLogger } from '../../server/src/app-deps.js'
import { startWorkers, type Workers } from '../../server/src/workers.js'
import { hasChromium } from './browser.js'
import { docsImage } from './docs-images.js'
import { decideAtPlatform, expectAccessible, expectNoHorizontalScroll } from './page-checks.js'
import { startPortalTestbed, type PortalTestbed } from './portal-testbed.js'

const UNICODE_NAME = 'Müller & Söhne — 株式会社 🚀'

/** The page's own session asks the audit log how often its user's change reached the server (refused ones too). */
async function auditCount(page: Page, action: string): Promise<number> {
  return (await page.evaluate(async (wanted) => {
    const me = (await (await fetch('/portal/api/me')).json()) as { user: { email: string } }
    const response = await fetch(`/portal/api/audit?action=${encodeURIComponent(wanted)}`)
    return ((await response.json()) as { results: Array<{ userEmail: string }> }).results.filter((entry) => entry.userEmail === me.user.email).length
  }, action)) as number
}

/** Presses Tab until the focused element is the one named, as a keyboard user would. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab')
    const focused = (await page.evaluate('document.activeElement ? (document.activeElement.textContent || document.activeElement.getAttribute("aria-label") || "").trim() : ""')) as string
    if (name.test(focused)) return
  }
  throw new Error(`Tab never reached ${name}`)
}

describe.runIf(hasChromium)('a company’s page in the Portal', () => {
  let bed: PortalTestbed
  let receiver: Server
  let workers: Workers
  let companyId: string

  beforeAll(async () => {
    receiver = createServer((_request, response) => response.writeHead(204).end())
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    bed = await startPortalTestbed()
    // The syncs and webhook messages the page shows are run by workers, as a deployment's are.
    const deps = bed.t.deps
    workers = await startWorkers({ ...deps, config: { ...deps.config, syncConcurrency: 2, webhookDisableAfterMs: 0, webhookRetentionMs: 0 }, logger: silentLogger }, { only: ['sync', 'webhooks'], syncRecoveryEveryMs: 3_600_000 })
    const hooks = await bed.api('POST', '/webhooks', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, eventTypes: ['company.created', 'connection.connected', 'read.completed'] })
    expect(hooks.statusCode).toBe(201)
  }, 120_000)
  afterAll(async () => {
    await workers?.stop()
    await bed?.close()
    await new Promise((resolve) => receiver?.close(resolve))
  })

  it('adds a company, copies its Link URL, links it in another window, and shows the connection Linked with its data read', async () => {
    const en = MESSAGES.en
    const page = await bed.newPage({ permissions: ['clipboard-read', 'clipboard-write'] })
    await bed.signIn(page, bed.admin, '/portal/companies')
    await page.getByRole('button', { name: 'Add company' }).click()
    await page.getByLabel('Name', { exact: true }).fill(UNICODE_NAME)
    // A double click adds one company.
    await page.getByRole('button', { name: 'Add', exact: true }).dblclick()
    await page.waitForURL(/\/portal\/companies\/[0-9a-f-]{36}$/)
    companyId = new URL(page.url()).pathname.split('/').at(-1)!
    const listed = (await bed.api('GET', `/companies?query=${encodeURIComponent('name~"Söhne"')}`)).json()
    expect(listed.totalResults).toBe(1)
    const company = (await bed.api('GET', `/companies/${companyId}`)).json()
    await page.getByRole('heading', { level: 1, name: company.name }).waitFor()
    expect(await page.title()).toBe(`${company.name} · Linkway Portal`)
    await expectAccessible(page, 'a new company')

    // The Link URL, copied with the page's own button.
    const linkUrlBox = page.getByLabel('Link URL', { exact: true })
    expect(await linkUrlBox.inputValue()).toBe(company.redirect)
    await page.getByRole('button', { name: 'Copy' }).first().click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string
    expect(copied).toBe(company.redirect)

    // The person it was sent to opens it and connects the sandbox accounting platform.
    const person = await bed.newPage()
    await person.goto(copied)
    await person.getByRole('button', { name: en.categories.accounting.connect }).click()
    await person.getByRole('button', { name: /^Sandbox/ }).click()
    await person.getByRole('button', { name: en.allowAccess }).click()
    await decideAtPlatform(person, 'Approve')
    await person.getByText('Connected to Sandbox accounting').waitFor()
    await person.context().close()

    // Products enabled through the API are listed with the facts, in the order they were enabled.
    const facts = page.locator('dl.pt-facts')
    expect(await facts.locator('dt:text-is("Products") + dd').innerText()).toBe('None')
    for (const product of ['lending', 'accounting']) expect((await bed.api('PUT', `/companies/${companyId}/products/${product}`)).statusCode).toBe(204)
    await page.reload()
    const products = facts.locator('dt:text-is("Products") + dd .pt-tag')
    await products.first().waitFor()
    expect(await products.allInnerTexts()).toEqual(['lending', 'accounting'])
    const connections = page.locator('section', { has: page.getByRole('heading', { name: 'Connections' }) })
    const row = connections.getByRole('row', { name: /Sandbox accounting/ })
    await row.getByText('Linked', { exact: true }).waitFor()
    // The sync runs in the testbed's queue; the page follows it to its end without a reload.
    const history = page.getByRole('table', { name: 'Pull history' })
    await history.getByText('Complete', { exact: true }).first().waitFor({ timeout: 30_000 })
    await page.getByText('Reading data…').waitFor({ state: 'detached', timeout: 30_000 })
    const statuses = (await bed.api('GET', `/companies/${companyId}/dataStatus`)).json() as Record<string, { currentStatus?: string }>
    const statusTable = page.getByRole('table', { name: 'Data status' })
    for (const [dataType, status] of Object.entries(statuses)) {
      await statusTable.getByRole('row', { name: new RegExp(`^${dataType} `) }).getByText(status.currentStatus!, { exact: true }).waitFor()
    }
    expect(Object.values(statuses).some((status) => status.currentStatus === 'Complete')).toBe(true)
    // The last sync is now known, on the facts and on the connection.
    await page.locator('dl.pt-facts time').nth(1).waitFor()
    // The webhook messages about this company: its creation among them.
    await page.getByRole('table', { name: 'Webhook messages' }).getByText('company.created').waitFor()
    await expectAccessible(page, 'a Linked company with its data')
    await expectNoHorizontalScroll(page, '1280 px')
    await docsImage(page, 'company-page', 'portal')
    await page.screenshot({ path: '/tmp/portal-company-1280.png', fullPage: true })

    // Refresh all data: a double click queues once, and the page follows it until it ends.
    await page.getByRole('button', { name: 'Refresh all data' }).dblclick()
    await expect.poll(() => auditCount(page, `POST /companies/:companyId/data/all`)).toBe(1)
    await page.getByText('Reading data…').waitFor({ state: 'detached', timeout: 30_000 })

    await page.setViewportSize({ width: 768, height: 1000 })
    await expectNoHorizontalScroll(page, '768 px')
    await expectAccessible(page, '768 px')
    await docsImage(page, 'company-page-768', 'portal')
    await page.screenshot({ path: '/tmp/portal-company-768.png', fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
  }, 120_000)

  it('unlinks by the keyboard behind a confirmation: Escape cancels, a double click on the confirmation unlinks once, and the API agrees', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, `/portal/companies/${companyId}`)
    const connection = (await bed.api('GET', `/companies/${companyId}/connections`)).json().results[0]
    expect(connection.status).toBe('Linked')

    await tabTo(page, /^Unlink/)
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Unlink Sandbox accounting?' })
    await dialog.waitFor()
    await expectAccessible(page, 'the unlink dialog')
    await docsImage(page, 'company-unlink-dialog', 'portal')
    await page.screenshot({ path: '/tmp/portal-company-unlink.png' })
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    // Focus returns to the button that opened it.
    expect(await page.evaluate('document.activeElement.textContent')).toMatch(/^Unlink/)
    expect((await bed.api('GET', `/companies/${companyId}/connections/${connection.id}`)).json().status).toBe('Linked')

    await page.keyboard.press(' ')
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Unlink' }).dblclick()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('row', { name: /Sandbox accounting/ }).getByText('Unlinked', { exact: true }).waitFor()
    expect((await bed.api('GET', `/companies/${companyId}/connections/${connection.id}`)).json().status).toBe('Unlinked')
    expect(await auditCount(page, 'PATCH /companies/:companyId/connections/:connectionId')).toBe(1)
    // No Linked connection: nothing to refresh.
    expect(await page.getByRole('button', { name: 'Refresh all data' }).isDisabled()).toBe(true)
  })

  it('keeps editing and the history page in the address: Reload and Back return to them; the edit reaches the API', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, '/portal/companies')
    await page.getByRole('link', { name: /Müller/ }).click()
    await page.waitForURL(`**/portal/companies/${companyId}`)
    await page.getByRole('button', { name: /^Edit/ }).click()
    await page.waitForURL(/\?edit=1$/)
    await page.reload()
    const tags = page.getByLabel('Tags')
    await tags.fill('region=uk\nteam=lending')
    await page.getByLabel('Description').fill('Kunde seit 2019 — Zweigstelle Köln')
    await page.getByRole('button', { name: 'Save', exact: true }).dblclick()
    // Saved, the page leaves editing: the address loses ?edit=1 (the heading is there in both states).
    await page.waitForURL((url) => url.search === '')
    const saved = (await bed.api('GET', `/companies/${companyId}`)).json()
    expect(saved).toMatchObject({ tags: { region: 'uk', team: 'lending' }, description: 'Kunde seit 2019 — Zweigstelle Köln' })
    expect(await auditCount(page, 'PUT /companies/:companyId')).toBe(1)
    await page.getByText('team=lending').waitFor()

    // A tag line that is not key=value is named, and nothing is sent.
    await page.getByRole('button', { name: /^Edit/ }).click()
    await page.getByLabel('Tags').fill('region')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByText('“region” is not key=value.').waitFor()
    await page.getByRole('button', { name: 'Cancel' }).click()

    // The pull history's page is in the address too.
    const pager = page.getByRole('navigation', { name: 'Pull history pages' })
    if (await pager.isVisible()) {
      await pager.getByRole('button', { name: 'Next' }).click()
      await page.waitForURL(/history=2/)
      await page.reload()
      await pager.getByText(/^Page 2 of/).waitFor()
      await page.goBack()
      await pager.getByText(/^Page 1 of/).waitFor()
    }

    // Back leaves for the list; Forward returns to the company.
    while (new URL(page.url()).pathname !== '/portal/companies') await page.goBack()
    await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor()
    await page.goForward()
    await page.getByRole('heading', { level: 2, name: 'Facts' }).waitFor()
  })

  it('shows a viewer the page without a control, and the API refuses the viewer a change', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.viewer, `/portal/companies/${companyId}`)
    await page.getByRole('heading', { name: 'Connections' }).waitFor()
    await page.getByRole('table', { name: 'Data status' }).waitFor()
    const buttons = await page.locator('main button').allTextContents()
    // Copying and paging change nothing; every other button would.
    expect(buttons.filter((text) => !/^(Copy|Copied|Previous|Next)$/.test(text))).toEqual([])
    await expectAccessible(page, 'the viewer’s page')
    const refused = (await page.evaluate(async (id) => {
      const me = (await (await fetch('/portal/api/me')).json()) as { csrfToken: string }
      const response = await fetch(`/companies/${id}`, { method: 'DELETE', headers: { 'x-csrf-token': me.csrfToken } })
      return { status: response.status, body: await response.json() }
    }, companyId)) as { status: number; body: { error: string } }
    expect(refused).toEqual({ status: 403, body: expect.objectContaining({ error: 'Forbidden: a Portal viewer may not do this.' }) })
    expect((await bed.api('GET', `/companies/${companyId}`)).statusCode).toBe(200)
  })

  it('answers another client’s company, and an address that is no company id, with "Company not found"', async () => {
    const other = await bed.t.createClient('Other Lender')
    const theirs = (await bed.t.app.inject({ method: 'POST', url: '/companies', headers: other.headers, payload: { name: 'Not yours Ltd' } })).json()
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, `/portal/companies/${theirs.id}`)
    await page.getByRole('heading', { level: 1, name: 'Company not found' }).waitFor()
    expect(await page.getByText('Not yours Ltd').count()).toBe(0)
    await expectAccessible(page, 'not found')
    await page.goto(`${bed.t.url}/portal/companies/not-a-company`)
    await page.getByRole('heading', { level: 1, name: 'Company not found' }).waitFor()
    await page.getByRole('link', { name: 'Go to the companies' }).click()
    await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor()
  })

  it("gives the company its own sync settings, kept through Reload, and back to the client's defaults", async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, `/portal/companies/${companyId}`)
    const own = page.getByLabel('This company has its own sync settings')
    await own.waitFor()
    expect(await own.isChecked()).toBe(false)
    await own.check()
    await page.getByLabel('Schedule of invoices').selectOption('1')
    await page.getByRole('button', { name: 'Save sync settings' }).dblclick()
    await page.getByText('Saved.').waitFor()
    const saved = (await bed.api('GET', `/companies/${companyId}/syncSettings`)).json()
    expect(saved.overridesDefaults).toBe(true)
    expect(saved.settings.find((setting: { dataType: string }) => setting.dataType === 'invoices').syncSchedule).toBe(1)
    await page.reload()
    await page.getByLabel('Schedule of invoices').waitFor()
    expect(await page.getByLabel('Schedule of invoices').inputValue()).toBe('1')
    await expectAccessible(page, "the company's own sync settings")
    await page.getByLabel('This company has its own sync settings').uncheck()
    await page.getByRole('button', { name: 'Save sync settings' }).click()
    await page.getByText('Saved.').waitFor()
    expect((await bed.api('GET', `/companies/${companyId}/syncSettings`)).json().overridesDefaults).toBe(false)
    await page.context().close()
  })

  it('makes a new one-time Link URL on demand when one-time Link URLs are on', async () => {
    const settings = (await bed.api('GET', '/linkSettings')).json()
    expect((await bed.api('PUT', '/linkSettings', { ...settings, oneTimeLinks: true })).statusCode).toBe(200)
    try {
      const page = await bed.newPage()
      await bed.signIn(page, bed.admin, `/portal/companies/${companyId}`)
      const box = page.getByLabel('One-time Link URL')
      await box.waitFor()
      const first = await box.inputValue()
      expect(new URL(first).searchParams.get('link.otp')).toBeTruthy()
      await page.getByRole('button', { name: 'Make a new one-time URL' }).click()
      await expect.poll(() => box.inputValue()).not.toBe(first)
      expect(new URL(await box.inputValue()).searchParams.get('link.otp')).toBeTruthy()
      await expectAccessible(page, 'one-time Link URLs')
    } finally {
      await bed.api('PUT', '/linkSettings', { ...settings, oneTimeLinks: false })
    }
  })

  it('deletes the company behind a confirmation that names it, and returns to the list', async () => {
    const company = (await bed.api('GET', `/companies/${companyId}`)).json()
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, `/portal/companies/${companyId}`)
    await page.getByRole('button', { name: 'Delete company' }).click()
    const dialog = page.getByRole('dialog', { name: `Delete ${company.name}?` })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Delete company' }).dblclick()
    await page.waitForURL(/\/portal\/companies$/)
    await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor()
    expect((await bed.api('GET', `/companies/${companyId}`)).statusCode).toBe(404)
    expect(await auditCount(page, 'DELETE /companies/:companyId')).toBe(1)
  })
})
