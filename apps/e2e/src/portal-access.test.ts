/**
 * Who gets into the Portal and what they may do there, in Debian's Chromium: the first-admin setup
 * link works once; sign-in by keyboard, its errors, and the way back to the page asked for (never
 * to another site); an invitation made on the Users page joins a viewer, who sees no change controls
 * and whom the API refuses too; a change without the CSRF token, or a form posted from another
 * site, is refused; another client's session sees none of this client's companies; signing out
 * leaves nothing behind Back. Also the companies list: search kept in the address through Back and
 * Reload, a Unicode name added by a double click once, 768 px, axe-core on every page.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../server/src/app-services.js'
import { hasChromium } from './browser.js'
import { docsImage } from './docs-images.js'
import { expectAccessible, expectNoHorizontalScroll } from './page-checks.js'
import { PORTAL_PASSWORD, startPortalTestbed, type PortalTestbed } from './portal-testbed.js'

const UNICODE_NAME = 'Müller & Söhne — 株式会社 🚀'

/** A call the page itself makes, with its cookie (and, when `csrf`, the token the Portal holds). */
async function fetchFromPage(page: Page, method: string, url: string, options: { body?: object; csrf?: boolean } = {}): Promise<{ status: number; body: string }> {
  return (await page.evaluate(
    `(async ({ method, url, body, csrf }) => {
      const headers = { 'content-type': 'application/json' }
      if (csrf) headers['x-csrf-token'] = (await (await fetch('/portal/api/me')).json()).csrfToken
      const response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined })
      return { status: response.status, body: await response.text() }
    })(${JSON.stringify({ method, url, body: options.body, csrf: options.csrf ?? false })})`,
  )) as { status: number; body: string }
}

describe.runIf(hasChromium)('who gets into the Portal, and what they may do', () => {
  let bed: PortalTestbed

  beforeAll(async () => {
    bed = await startPortalTestbed()
  })
  afterAll(async () => {
    await bed?.close()
  })

  it('lets the first admin in with the setup link once, and never again', async () => {
    const fresh = await bed.t.createClient('Fresh Lending')
    const { setupUrl } = await createAppServices(bed.t.deps).portalUsers.prepareFirstAdmin(fresh.clientId)
    expect(setupUrl).toMatch(/\/portal\/setup#token=/)

    const page = await bed.newPage()
    await page.goto(setupUrl!)
    await page.getByRole('heading', { level: 1, name: 'Set up the Portal' }).waitFor()
    await expectAccessible(page, 'the setup page')
    await docsImage(page, 'setup', 'portal')
    await page.getByLabel('Your email').fill('first.admin@fresh-lending.example')
    await page.getByLabel('Password').fill(PORTAL_PASSWORD)
    await page.getByRole('button', { name: 'Create the admin account' }).click()
    await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor()
    // The spent link's token left the address bar.
    expect(page.url()).not.toContain('token=')
    expect(await page.getByText('first.admin@fresh-lending.example (admin)').count()).toBe(1)

    const again = await bed.newPage()
    await again.goto(setupUrl!)
    await again.getByRole('button', { name: 'Create the admin account' }).waitFor()
    await again.getByLabel('Your email').fill('intruder@evil.example')
    await again.getByLabel('Password').fill(PORTAL_PASSWORD)
    await again.getByRole('button', { name: 'Create the admin account' }).click()
    await again.getByRole('alert').waitFor()
    expect(await again.getByRole('alert').textContent()).toMatch(/link/i)
    expect(new URL(again.url()).pathname).toBe('/portal/setup')
    await page.context().close()
    await again.context().close()
  })

  it('signs in by keyboard alone, says why a sign-in failed, and returns to the page asked for but never to another site', async () => {
    const page = await bed.newPage()
    await page.goto(`${bed.t.url}/portal/users`)
    await page.waitForURL(/\/portal\/login\?next=%2Fportal%2Fusers/)
    await page.getByLabel('Email').waitFor()
    await expectAccessible(page, 'the sign-in page')
    await docsImage(page, 'sign-in', 'portal')
    await page.getByLabel('Email').focus()
    await page.keyboard.type(bed.admin.email)
    await page.keyboard.press('Tab')
    await page.keyboard.type('not the password at all')
    await page.keyboard.press('Enter')
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('the email or password is incorrect')
    await page.getByLabel('Password').fill(bed.admin.password)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/portal/users')
    await page.context().close()

    for (const next of ['//evil.example/portal', 'https://evil.example/', '/portal\\..\\@evil.example']) {
      const other = await bed.newPage()
      await other.goto(`${bed.t.url}/portal/login?next=${encodeURIComponent(next)}`)
      await other.getByLabel('Email').fill(bed.admin.email)
      await other.getByLabel('Password').fill(bed.admin.password)
      await other.getByRole('button', { name: 'Sign in' }).click()
      await other.getByRole('heading', { level: 1, name: 'Companies' }).waitFor()
      expect(new URL(other.url()).origin, next).toBe(bed.t.url)
      expect(new URL(other.url()).pathname, next).toBe('/portal/companies')
      await other.context().close()
    }
  })

  it('joins a colleague invited on the Users page as a viewer, who sees no change controls and whom the API refuses', async () => {
    const admin = await bed.newPage()
    await bed.signIn(admin, bed.admin, '/portal/users')
    const email = `viewer.${Date.now()}@acme-lending.example`
    await admin.getByLabel('Email').fill(email)
    await admin.getByLabel('Role', { exact: true }).selectOption('viewer')
    await admin.getByRole('button', { name: 'Create invitation link' }).click()
    const invitationUrl = await admin.getByLabel('Invitation link').inputValue()
    expect(invitationUrl).toMatch(/\/portal\/invite#token=/)
    await expectAccessible(admin, 'the users page with an invitation')
    await docsImage(admin, 'users', 'portal')

    const viewer = await bed.newPage()
    await viewer.goto(invitationUrl)
    await viewer.getByLabel('Password').fill(PORTAL_PASSWORD)
    await viewer.getByRole('button', { name: 'Join' }).click()
    await viewer.getByRole('heading', { level: 1, name: 'Companies' }).waitFor()
    expect(await viewer.getByText(`${email} (viewer)`).count()).toBe(1)
    // The page offers no change…
    expect(await viewer.getByRole('button', { name: 'Add company' }).count()).toBe(0)
    await viewer.goto(`${bed.t.url}/portal/users`)
    await viewer.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    expect(await viewer.getByRole('button', { name: /Remove|Create invitation link/ }).count()).toBe(0)
    // …and the API refuses one made by hand, with the token and all.
    const refused = await fetchFromPage(viewer, 'POST', '/companies', { body: { name: 'Made by a viewer' }, csrf: true })
    expect(refused.status).toBe(403)
    expect(JSON.parse(refused.body).error).toBe('Forbidden: a Portal viewer may not do this.')
    const refusedInvite = await fetchFromPage(viewer, 'POST', '/portal/api/invitations', { body: { email: 'x@acme-lending.example', role: 'admin' }, csrf: true })
    expect(refusedInvite.status).toBe(403)
    expect((await bed.api('GET', `/companies?query=${encodeURIComponent('name=Made by a viewer')}`)).json().totalResults).toBe(0)
    await admin.context().close()
    await viewer.context().close()
  })

  it('refuses a change without the CSRF token, and a form another site posts with the cookie', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin)
    const withoutToken = await fetchFromPage(page, 'POST', '/companies', { body: { name: 'No token' } })
    expect(withoutToken.status).toBe(403)
    expect(JSON.parse(withoutToken.body).error).toBe('This request did not come from the Portal; reload the Portal and try again.')
    const withToken = await fetchFromPage(page, 'POST', '/companies', { body: { name: 'With token' }, csrf: true })
    expect(withToken.status).toBe(200)

    // Another site, on another port of 127.0.0.1 (same site for cookies, so SameSite=Lax does not
    // save us: the CSRF token and the Origin check must), posts a form to the API as the person.
    const evil: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end(`<!doctype html><form id="f" method="POST" action="${bed.t.url}/companies" enctype="text/plain"><input name='{"name":"Forged","x":"' value='"}'></form><script>document.getElementById('f').submit()</script>`)
    })
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`
    const answer = page.waitForResponse((response) => response.url() === `${bed.t.url}/companies` && response.request().method() === 'POST')
    await page.goto(evilUrl)
    expect((await answer).status()).toBe(403)
    expect((await bed.api('GET', `/companies?query=${encodeURIComponent('name=Forged')}`)).json().totalResults).toBe(0)
    await new Promise((resolve) => evil.close(resolve))
    await page.context().close()
  })

  it("shows another client's admin none of this client's companies", async () => {
    const companyId = (await bed.api('POST', '/companies', { name: 'Only for Acme' })).json().id as string
    const other = await bed.t.createClient('Other Lending')
    const otherAdmin = await bed.addUser('admin', other.clientId)
    const page = await bed.newPage()
    await bed.signIn(page, otherAdmin)
    expect(await page.getByText('Only for Acme').count()).toBe(0)
    expect((await fetchFromPage(page, 'GET', `/companies/${companyId}`)).status).toBe(404)
    expect((await fetchFromPage(page, 'DELETE', `/companies/${companyId}`, { csrf: true })).status).toBe(404)
    expect((await bed.api('GET', `/companies/${companyId}`)).statusCode).toBe(200)
    await page.context().close()
  })

  it('leaves nothing behind Back after signing out, and brings a person whose session ended back where they were', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin, '/portal/users')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/portal\/login/)
    await page.goBack()
    await page.waitForURL(/\/portal\/login/)
    expect(await page.getByRole('heading', { level: 1, name: 'Users' }).count()).toBe(0)
    expect((await fetchFromPage(page, 'GET', '/portal/api/users')).status).toBe(401)

    // A session ended elsewhere (logout everywhere from another browser): the next call leads to sign-in.
    const second = await bed.newPage()
    await bed.signIn(second, bed.admin, '/portal/audit')
    const third = await bed.newPage()
    await bed.signIn(third, bed.admin)
    expect((await fetchFromPage(third, 'POST', '/portal/api/logout-everywhere', { csrf: true })).status).toBe(204)
    await second.reload()
    await second.waitForURL(/\/portal\/login\?next=%2Fportal%2Faudit/)
    await second.getByLabel('Email').fill(bed.admin.email)
    await second.getByLabel('Password').fill(bed.admin.password)
    await second.getByRole('button', { name: 'Sign in' }).click()
    await second.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor()
    // The audit log shows what happened, newest first.
    await expect.poll(() => second.locator('table.pt-table tbody tr').first().textContent()).toContain('session.logoutEverywhere')
    await expectAccessible(second, 'the audit log')
    await docsImage(second, 'audit-log', 'portal')
    for (const context of [page, second, third]) await context.context().close()
  })

  it('keeps the companies search through Back and Reload, adds a Unicode name once on a double click, and reads at 768 px', async () => {
    for (const name of ['Toft stores', 'Toft holdings', 'Harbour cafe']) await bed.api('POST', '/companies', { name })
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin)
    await page.getByLabel('Search').fill('Toft')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\?q=Toft/)
    await expect.poll(() => page.locator('table.pt-table tbody tr').count()).toBe(2)
    await page.reload()
    await expect.poll(() => page.locator('table.pt-table tbody tr').count()).toBe(2)
    expect(await page.getByLabel('Search').inputValue()).toBe('Toft')
    await page.goBack()
    await page.waitForURL((url) => url.search === '')
    await expect.poll(() => page.getByText('Harbour cafe').count()).toBe(1)
    expect(await page.getByLabel('Search').inputValue()).toBe('')
    await page.goForward()
    await expect.poll(() => page.locator('table.pt-table tbody tr').count()).toBe(2)

    await page.getByRole('button', { name: 'Add company' }).click()
    await page.getByLabel('Name', { exact: true }).fill(UNICODE_NAME)
    await page.getByRole('button', { name: 'Add', exact: true }).dblclick()
    await page.waitForURL(/\/portal\/companies\/[0-9a-f-]{36}$/)
    const all = (await bed.api('GET', '/companies?pageSize=500')).json() as { results: { name: string }[] }
    // One company, under the name as the API keeps it (characters a company name may not hold, the
    // dash and the emoji, are dropped by the API's rule: docs/api.md).
    expect(all.results.filter((company) => company.name.startsWith('Müller & Söhne'))).toEqual([expect.objectContaining({ name: 'Müller & Söhne 株式会社' })])

    await page.goto(`${bed.t.url}/portal/companies`)
    await page.getByRole('link', { name: 'Müller & Söhne 株式会社' }).waitFor()
    await expectAccessible(page, 'the companies list')
    await docsImage(page, 'companies', 'portal')
    await page.setViewportSize({ width: 768, height: 900 })
    await expectNoHorizontalScroll(page, 'the companies list at 768 px')
    // A phone: the page itself never scrolls sideways (a wide table scrolls inside its own box).
    await page.setViewportSize({ width: 375, height: 800 })
    await expectNoHorizontalScroll(page, 'the companies list at 375 px')
    await page.goto(`${bed.t.url}/portal/users`)
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    await expectNoHorizontalScroll(page, 'the users page at 375 px')
    await page.context().close()
  })

  it('never scrolls sideways on a 375 px phone, on any page of the navigation (a wide table scrolls inside its own box)', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin)
    await page.setViewportSize({ width: 375, height: 800 })
    const navigation = page.getByRole('navigation', { name: 'Portal' })
    const names = await navigation.getByRole('link').allTextContents()
    expect(names.length).toBeGreaterThan(5)
    const heading = page.locator('main h1').first()
    for (const name of names) {
      const link = navigation.getByRole('link', { name, exact: true })
      const path = (await link.getAttribute('href'))!
      const before = (await heading.textContent()) ?? ''
      const isAlreadyThere = new URL(page.url()).pathname === path
      await link.click()
      await page.waitForURL((url) => url.pathname === path)
      // The page drawn, not the one before it (a page's code loads while the last one stays on screen),
      // and its data too: no "Loading" left.
      if (!isAlreadyThere) await expect.poll(async () => (await heading.textContent()) ?? '').not.toBe(before)
      await expect.poll(() => page.locator('main [role=status]', { hasText: 'Loading' }).count()).toBe(0)
      await expectNoHorizontalScroll(page, `${name} at 375 px`)
    }
    // A company's page, its name in the heading and the breadcrumb: a name may be one long word (a domain).
    const name = 'toftstoresinternationalholdings.example.co.uk'
    const companyId = (await bed.api('POST', '/companies', { name })).json().id as string
    await page.goto(`${bed.t.url}/portal/companies/${companyId}`)
    await page.getByRole('heading', { level: 1, name }).waitFor()
    await expectNoHorizontalScroll(page, 'a company with a long name at 375 px')
    // Its deletion's confirmation names it in full: nothing cut off at the dialog's edge.
    await page.getByRole('button', { name: 'Delete company' }).click()
    const dialog = page.getByRole('dialog', { name: `Delete ${name}?` })
    await dialog.waitFor()
    expect(await dialog.evaluate((element: { scrollWidth: number; clientWidth: number }) => element.scrollWidth - element.clientWidth)).toBe(0)
    // A company with no connection is told so, not "its 0 connections".
    expect(await dialog.textContent()).toContain(`${name} is deleted for good. Its Link URL stops working.`)
    await page.context().close()
  })

  it('moves the keyboard to the new page after a navigation, and says so when a page cannot load', async () => {
    const page = await bed.newPage()
    await bed.signIn(page, bed.admin)
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Users' }).press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('main')

    // A release replaced the page's file while this tab was open: its chunk no longer loads.
    await page.route(/\/portal\/assets\/audit\.[A-Z0-9]{8}\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }))
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Audit log' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('reload to get the current Portal')
    // The rest of the Portal still works.
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Companies' }).click()
    await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    await page.context().close()
  })
})
