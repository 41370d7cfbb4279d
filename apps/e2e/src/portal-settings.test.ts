/**
 * Settings › Link and Settings › Integrations, as an operations person uses them: a change shows in
 * the live preview before it is saved, in German too; saved settings survive a reload and the API
 * agrees; the server's refusal shows at its field; a platform's secret is written once and never
 * shown; a viewer sees the settings without controls and the API refuses them. At 1280 and 768 px,
 * by keyboard, with axe.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docsImage } from './docs-images.js'
import { expectAccessible, expectNoHorizontalScroll } from './page-checks.js'
import { startPortalTestbed, type PortalTestbed } from './portal-testbed.js'

const UNICODE_NAME = 'Müller & Söhne — 株式会社 🚀'
const SECRET = 'xero-secret-never-shown-0d9f'

describe('Portal › Settings', () => {
  let bed: PortalTestbed
  beforeAll(async () => {
    bed = await startPortalTestbed()
  }, 60_000)
  afterAll(async () => {
    await bed?.close()
  })

  /** The Link component in the preview (a shadow root: Playwright's locators reach inside). */
  const preview = (page: Page) => page.locator('.pt-preview-frame')
  const buttonColour = async (page: Page, name: string) => await preview(page).getByRole('button', { name }).evaluate((button) => (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }).getComputedStyle(button).backgroundColor)

  it('Link: the preview follows the draft in every language; saved values stay; the server refuses at the field', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, '/portal/settings/link')
    await expect.poll(() => preview(page).getByText('Acme Lending').count()).toBeGreaterThan(0)

    const landing = page.getByRole('region', { name: 'Landing page' })
    await landing.getByLabel('Show a landing page').check()
    await landing.getByLabel('Title').fill(`Welcome, ${UNICODE_NAME}`)
    await landing.getByLabel('Text').fill('We **only read** your books.')
    await page.getByLabel('Primary colour', { exact: true }).fill('#0a5c36')

    // Before saving: the preview shows them, the API does not have them.
    await preview(page).getByRole('heading', { name: `Welcome, ${UNICODE_NAME}` }).waitFor()
    await expect.poll(() => buttonColour(page, 'Get started')).toBe('rgb(10, 92, 54)')
    expect(await preview(page).locator('strong', { hasText: 'only read' }).count()).toBe(1)
    expect((await bed.api('GET', '/linkSettings')).json().landingPage.enabled).toBe(false)
    // The Markdown preview beside the text box renders it too.
    await landing.getByText('Markdown preview').click()
    expect(await landing.locator('.pt-md-preview strong', { hasText: 'only read' }).count()).toBe(1)

    // The preview in German: Link's own texts in German, the client's text as written.
    await page.getByLabel('Language').selectOption('de')
    await page.waitForURL(/\?lang=de$/)
    await preview(page).getByRole('button', { name: 'Los geht’s' }).waitFor()
    await preview(page).getByRole('heading', { name: `Welcome, ${UNICODE_NAME}` }).waitFor()
    await page.screenshot({ path: '/tmp/portal-settings-link-1280.png', fullPage: true })
    await docsImage(page, 'settings-link', 'portal')
    await expectAccessible(page, 'Link settings with the German preview')

    // Save, twice in a row: one save, and the API agrees.
    const save = page.getByRole('button', { name: 'Save settings' })
    await save.dblclick()
    await page.getByText('Saved. Link shows these settings from now on.').waitFor()
    const stored = (await bed.api('GET', '/linkSettings')).json()
    expect(stored.landingPage).toEqual({ enabled: true, title: `Welcome, ${UNICODE_NAME}`, body: 'We **only read** your books.' })
    expect(stored.branding.primaryColor).toBe('#0a5c36')

    // Reload: the saved values, and the preview's language from the address.
    await page.reload()
    await expect.poll(() => landing.getByLabel('Title').inputValue()).toBe(`Welcome, ${UNICODE_NAME}`)
    expect(await page.getByLabel('Primary colour', { exact: true }).inputValue()).toBe('#0a5c36')
    expect(await page.getByLabel('Language').inputValue()).toBe('de')
    await preview(page).getByRole('button', { name: 'Los geht’s' }).waitFor()
    // Back: the preview in English again, the address says so.
    await page.goBack()
    await page.waitForURL((url) => url.pathname === '/portal/settings/link' && url.search === '')
    await preview(page).getByRole('button', { name: 'Get started' }).waitFor()

    // The server's refusals, each at its field, and nothing saved.
    const logo = page.getByLabel('Logo URL')
    await logo.fill('http://example.com/logo.png')
    await save.click()
    const logoError = page.getByText(/logoUrl must be an https URL/).first()
    await logoError.waitFor()
    expect(await logo.getAttribute('aria-invalid')).toBe('true')
    expect(await logo.getAttribute('aria-describedby')).toContain(await logoError.getAttribute('id'))
    await logo.fill('')
    const colour = page.getByLabel('Secondary colour', { exact: true })
    await colour.fill('blue')
    await save.click()
    // The field's own message (the preview's status, which quotes it once the preview catches up, has no id).
    const colourError = page.locator('.pt-field-error[id]', { hasText: 'must be a colour such as #2748c4' })
    await colourError.waitFor()
    expect(await colour.getAttribute('aria-describedby')).toContain(await colourError.getAttribute('id'))
    // The preview keeps the last valid settings and says why.
    await page.getByText(/The preview shows the last valid settings/).waitFor()
    expect((await bed.api('GET', '/linkSettings')).json().branding.secondaryColor).toBe('#1d2330')
    await expectAccessible(page, 'Link settings with errors')

    // 768 px: one column, nothing wider than the screen.
    await page.setViewportSize({ width: 768, height: 1000 })
    await expectNoHorizontalScroll(page, 'Link settings at 768 px')
    await page.screenshot({ path: '/tmp/portal-settings-link-768.png', fullPage: true })
    await page.context().close()
  }, 60_000)

  it("Link: the consent list follows the sync settings until the client writes its own, and back", async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, '/portal/settings/link')
    const accounting = page.getByRole('region', { name: 'Data types' }).getByRole('group', { name: 'Accounting' })
    const follows = accounting.getByLabel('List what the sync settings read (recommended)')
    await follows.waitFor()
    expect(await follows.isChecked()).toBe(true)
    expect(await accounting.getByLabel('bills', { exact: true }).count()).toBe(0)

    // Unticked: every data type offered, ticked, for the client to narrow; by keyboard.
    await follows.focus()
    await page.keyboard.press('Space')
    const bills = accounting.getByLabel('bills', { exact: true })
    await bills.waitFor()
    expect(await accounting.getByLabel('invoices', { exact: true }).isChecked()).toBe(true)
    await bills.uncheck()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByText('Saved. Link shows these settings from now on.').waitFor()
    const written = (await bed.api('GET', '/linkSettings')).json().dataTypes
    expect(written.accounting).toContain('invoices')
    expect(written.accounting).not.toContain('bills')
    expect(written.banking).toBeUndefined()

    // Reload: the client's list; ticking the box again hands the list back to the sync settings.
    await page.reload()
    await accounting.getByLabel('bills', { exact: true }).waitFor()
    expect(await accounting.getByLabel('bills', { exact: true }).isChecked()).toBe(false)
    await follows.check()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByText('Saved. Link shows these settings from now on.').waitFor()
    expect((await bed.api('GET', '/linkSettings')).json().dataTypes).toEqual({})
    await expectAccessible(page, 'Link settings, data types following the sync settings')
    await page.context().close()
  }, 60_000)

  it('Integrations: set a secret that is never shown again, switch a platform off, test a sandbox connection, by keyboard', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, '/portal/settings/integrations')
    await page.getByRole('textbox', { name: 'Redirect URI' }).waitFor()
    expect(await page.getByRole('textbox', { name: 'Redirect URI' }).inputValue()).toBe(`${bed.t.url}/link/oauth/callback`)

    // The form's state is in the address: Back closes it, Forward opens it again.
    await page.getByRole('button', { name: 'Set credentials of Xero' }).click()
    await page.waitForURL(/\?edit=gbol$/)
    await page.goBack()
    await page.waitForURL((url) => url.search === '')
    expect(await page.getByRole('form', { name: 'Credentials of Xero' }).count()).toBe(0)
    await page.goForward()
    const form = page.getByRole('form', { name: 'Credentials of Xero' })
    await form.waitFor()
    await form.getByLabel('Client id').fill('xero-app-id')
    await form.getByLabel('Client secret').fill(SECRET)
    await form.getByRole('button', { name: 'Save credentials' }).dblclick()
    await page.getByText('The credentials of Xero are saved.').waitFor()

    // The API holds them, says a secret is set, and never returns it; the page never shows it.
    const credentials = await bed.api('GET', '/integrations/gbol/credentials')
    expect(credentials.json()).toMatchObject({ clientId: 'xero-app-id', hasClientSecret: true, enabled: true })
    expect(credentials.body).not.toContain(SECRET)
    await page.reload()
    const xero = page.getByRole('row', { name: /Xero gbol/ })
    await xero.getByText('Secret: set').waitFor()
    expect(await page.content()).not.toContain(SECRET)
    await page.screenshot({ path: '/tmp/portal-settings-integrations-1280.png', fullPage: true })
    await docsImage(page, 'settings-integrations', 'portal')
    await expectAccessible(page, 'Integrations')

    // Switched off with the mouse, on again with the keyboard (Space on the focused switch).
    const enabled = xero.getByRole('switch', { name: 'Enabled (Xero)' })
    await enabled.click()
    await page.getByText('Xero is disabled.').waitFor()
    expect((await bed.api('GET', '/integrations/gbol')).json().enabled).toBe(false)
    expect((await bed.api('GET', '/integrations/gbol/credentials')).json()).toMatchObject({ clientId: 'xero-app-id', enabled: false })
    // The switch ignores a change while the last one still saves (it says so with aria-busy); on a
    // busy machine the message came before the list's reload ended, and the Space was ignored.
    await expect.poll(() => enabled.getAttribute('aria-busy')).toBe('false')
    await expect.poll(() => enabled.isChecked()).toBe(false)
    // The reloaded list may draw the switch anew: the focus must be on the one shown when Space is pressed.
    await expect.poll(async () => {
      await enabled.focus()
      return await enabled.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)
    }).toBe(true)
    await page.keyboard.press('Space')
    await page.getByText('Xero is enabled.').waitFor()
    expect((await bed.api('GET', '/integrations/gbol')).json().enabled).toBe(true)
    expect(await page.evaluate("document.activeElement.matches(':focus-visible')")).toBe(true)

    // Test connection: a new tab at the platform's sign-in, for one test company (a double click makes one).
    const companiesBefore = (await bed.api('GET', '/companies')).json().totalResults
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Test connection to Sandbox accounting' }).dblclick()])
    await tab!.waitForURL((url) => url.href.startsWith(bed.sandbox.url))
    await page.getByText(/opened in a new tab, for the test company "Connection test"/).waitFor()
    expect((await bed.api('GET', '/companies')).json().totalResults).toBe(companiesBefore + 1)
    await tab!.close()
    // A second test (another platform) uses the same test company: clicks do not pile up companies.
    const [second] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Test connection to Sandbox bank' }).click()])
    await second!.waitForURL((url) => url.href.startsWith(bed.sandbox.url))
    await page.getByText(/Sandbox bank opened in a new tab, for the test company "Connection test"/).waitFor()
    expect((await bed.api('GET', '/companies')).json().totalResults).toBe(companiesBefore + 1)
    await second!.close()

    await page.setViewportSize({ width: 768, height: 1000 })
    await expectNoHorizontalScroll(page, 'Integrations at 768 px')
    await page.screenshot({ path: '/tmp/portal-settings-integrations-768.png', fullPage: true })
    await page.context().close()
  }, 60_000)

  it('a viewer reads both pages without change controls, and the API refuses their change', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.viewer, '/portal/settings/link')
    await preview(page).getByRole('heading', { name: `Welcome, ${UNICODE_NAME}` }).waitFor()
    expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0)
    expect(await page.getByRole('region', { name: 'Landing page' }).getByLabel('Title').isDisabled()).toBe(true)
    await expectAccessible(page, 'Link settings, viewer')

    await page.goto(`${bed.t.url}/portal/settings/integrations`)
    await page.getByRole('row', { name: /Xero gbol/ }).getByText('Secret: set').waitFor()
    expect(await page.getByRole('switch').count()).toBe(0)
    expect(await page.getByRole('button', { name: /Set credentials|Change credentials|Test connection/ }).count()).toBe(0)

    const status = await page.evaluate(async () => {
      // Runs in the page: the Portal's own fetch, its cookie and CSRF token, as a changed page script would.
      const me = (await (await fetch('/portal/api/me')).json()) as { csrfToken: string }
      const response = await fetch('/integrations/gbol/credentials', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ enabled: false }) })
      return response.status
    })
    expect(status).toBe(403)
    expect((await bed.api('GET', '/integrations/gbol')).json().enabled).toBe(true)
    await page.context().close()
  }, 30_000)
})
