/**
 * The Portal's conversion page, as an operations person uses it: the Link funnel recorded by the
 * hosted Link API and connections in every state (one linked through the sandbox platform, one
 * deauthorized, one left waiting for more than a day), then the numbers in the charts' tables,
 * the charts drawn, the range changed by preset, by dates and by keyboard, Back and Reload, 768 px,
 * axe, and a viewer.
 */
import { approveConsent } from '@linkway/sandbox-platforms'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../server/src/app-services.js'
import { docsImage } from './docs-images.js'
import { expectAccessible, expectNoHorizontalScroll } from './page-checks.js'
import { startPortalTestbed, type PortalTestbed } from './portal-testbed.js'

const DAY_MS = 24 * 60 * 60 * 1000
const UNICODE_NAME = 'Müller & Söhne — 株式会社 🚀'

describe('Portal: conversion and connection health', () => {
  let bed: PortalTestbed
  let page: Page

  /** The company with a Deauthorized connection, as Linkway stored its name (it keeps only the characters a company name may hold). */
  let deauthorizedCompanyName: string

  async function newCompany(name: string): Promise<string> {
    return (await bed.api('POST', '/companies', { name })).json().id as string
  }

  /** Funnel events as the hosted Link page's component sends them: its token and cookie, from Linkway's origin, over HTTP. */
  async function recordVisit(companyId: string, events: Array<[string, { category?: string; platformKey?: string }?]>): Promise<void> {
    const hosted = await fetch(`${bed.t.url}/link/company/${companyId}`)
    const token = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(await hosted.text())![1]!).linkToken as string
    const cookie = hosted.headers.getSetCookie().find((value) => value.startsWith('linkway_link_page='))!.split(';')[0]!
    const sessionId = crypto.randomUUID()
    for (const [event, details] of events) {
      const res = await fetch(`${bed.t.url}/link/api/companies/${companyId}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-link-token': token, cookie, origin: bed.t.url },
        body: JSON.stringify({ sessionId, event, ...details }),
      })
      expect(res.status, await res.text()).toBe(204)
    }
  }

  /** A connection linked the way a person links it: its Link URL, the sandbox platform's consent, the callback. */
  async function linkThroughSandbox(companyId: string, platformKey: string): Promise<string> {
    const connection = (await bed.api('POST', `/companies/${companyId}/connections`, { platformKey })).json()
    const toPlatform = (await fetch(connection.linkUrl, { redirect: 'manual' })).headers.get('location')!
    const callback = await approveConsent(toPlatform)
    await fetch(callback, { redirect: 'manual' })
    expect((await bed.api('GET', `/companies/${companyId}/connections/${connection.id}`)).json().status).toBe('Linked')
    return connection.id as string
  }

  /** The cells of one row of a chart's table, by its row header. */
  async function rowOf(table: string, rowHeader: string): Promise<string[]> {
    const row = page.locator(`table[data-table="${table}"] tbody tr`).filter({ has: page.locator('th', { hasText: new RegExp(`^${rowHeader}$`) }) })
    return await row.locator('td').allTextContents()
  }

  const visitsAt = async (step: string) => (await rowOf('steps', step))[0]

  async function expectChartsDrawn(): Promise<void> {
    const sizes = (await page.evaluate(`[...document.querySelectorAll('.pt-chart canvas')].map((canvas) => [canvas.width, canvas.height])`)) as Array<[number, number]>
    // Steps, days, per platform, per category.
    expect(sizes.length).toBe(4)
    for (const [width, height] of sizes) {
      expect(width).toBeGreaterThan(100)
      expect(height).toBeGreaterThan(100)
    }
  }

  const waitForRange = async (from: string, to: string) => {
    await page.waitForURL((url) => url.searchParams.get('from') === from && url.searchParams.get('to') === to)
    await expect.poll(() => page.locator('#conversion-from').inputValue()).toBe(from)
  }

  beforeAll(async () => {
    bed = await startPortalTestbed()
    // 2026-01-01: two visits go through to the sandbox accounting platform and back (one completes); one only opens Link.
    const funnelCompany = await newCompany(UNICODE_NAME)
    const throughAccounting: Array<[string, { category?: string; platformKey?: string }?]> = [
      ['opened'],
      ['category_chosen', { category: 'accounting' }],
      ['platform_chosen', { category: 'accounting', platformKey: 'mqjo' }],
      ['consent_given', { category: 'accounting', platformKey: 'mqjo' }],
      ['sent_to_platform', { category: 'accounting', platformKey: 'mqjo' }],
      ['returned', { category: 'accounting', platformKey: 'mqjo' }],
    ]
    await recordVisit(funnelCompany, [...throughAccounting, ['completed']])
    await recordVisit(funnelCompany, throughAccounting)
    await recordVisit(funnelCompany, [['opened']])
    // Connections: one Linked, one Deauthorized (linked, then the platform withdrew access), one left PendingAuth.
    await linkThroughSandbox(await newCompany('Toft stores'), 'mqjo')
    const deauthorizedCompany = await newCompany(UNICODE_NAME)
    deauthorizedCompanyName = (await bed.api('GET', `/companies/${deauthorizedCompany}`)).json().name
    expect(deauthorizedCompanyName).toContain('Müller & Söhne')
    const withdrawn = await linkThroughSandbox(deauthorizedCompany, 'bsbx')
    await createAppServices(bed.t.deps).connections.deauthorize(withdrawn)
    await bed.api('POST', `/companies/${await newCompany('Harbour cafés')}/connections`, { platformKey: 'mqjo' })
    // Two days later (the pending connection is now over a day old): a fourth visit chooses the sandbox bank.
    bed.t.clock.advance(2 * DAY_MS + 60 * 60_000)
    await recordVisit(funnelCompany, [['opened'], ['category_chosen', { category: 'banking' }], ['platform_chosen', { category: 'banking', platformKey: 'bsbx' }]])
    page = await bed.newPage()
    // The browser's today is the server's (its clock is the test's): "the last 7 days" mean the same to both.
    await page.clock.setFixedTime(bed.t.clock.now())
    await bed.signIn(page, bed.admin, '/portal/conversion')
  }, 120_000)
  afterAll(async () => {
    await bed?.close()
  })

  it('shows the funnel, per platform and per category, and connection health, with the charts drawn', async () => {
    await page.locator('table[data-table="steps"]').waitFor({ state: 'attached' })
    await page.locator('table[data-table="platform"] th', { hasText: 'Sandbox bank' }).waitFor({ state: 'attached' })
    expect(await page.locator('main h1').textContent()).toBe('Conversion')
    // The last 30 days by default: 2025-12-05 to 2026-01-03.
    expect(await page.locator('#conversion-from').inputValue()).toBe('2025-12-05')
    expect(await page.locator('#conversion-to').inputValue()).toBe('2026-01-03')
    expect(await page.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true')
    expect(await rowOf('steps', 'Opened Link')).toEqual(['4', '100%'])
    expect(await rowOf('steps', 'Chose a category')).toEqual(['3', '75%'])
    expect(await rowOf('steps', 'Chose a platform')).toEqual(['3', '75%'])
    expect(await rowOf('steps', 'Went to the platform')).toEqual(['2', '50%'])
    expect(await rowOf('steps', 'Completed')).toEqual(['1', '25%'])
    expect(await page.locator('.pt-summary').textContent()).toBe('4 visits opened Link; 2 came back from a platform and 1 completed (25%).')
    // Per platform (by name): chose, consent, sent, returned, came back.
    expect(await rowOf('platform', 'Sandbox accounting')).toEqual(['2', '2', '2', '2', '100%'])
    expect(await rowOf('platform', 'Sandbox bank')).toEqual(['1', '0', '0', '0', '0%'])
    expect(await rowOf('category', 'Accounting')).toEqual(['2', '2', '2', '2', '100%'])
    expect(await rowOf('category', 'Banking')).toEqual(['1', '1', '0', '0', '0%'])
    // Per day: 2026-01-01 two went to the platform, one completed; 2026-01-03 one opened.
    expect(await page.locator('table[data-table="daily"] tbody tr').count()).toBe(30)
    expect(await page.locator('table[data-table="daily"] tbody tr').nth(27).locator('td').allTextContents()).toEqual(['3', '2', '1'])
    expect(await page.locator('table[data-table="daily"] tbody tr').nth(29).locator('td').allTextContents()).toEqual(['1', '0', '0'])
    await expectChartsDrawn()
    // Connection health.
    const health = (label: string) => page.locator(`[data-health="${label}"] .pt-health-count`)
    expect(await health('Linked').textContent()).toBe('1 connection')
    expect(await health('Deauthorized').textContent()).toBe('1 connection')
    expect(await health('Waiting for over a day').textContent()).toBe('1 connection')
    await page.screenshot({ path: '/tmp/portal-conversion-1280.png', fullPage: true })
    await docsImage(page, 'conversion', 'portal')
    await expectAccessible(page, 'conversion at 1280 px')
    // The tables opened, too.
    for (const summary of await page.locator('details.pt-chart-table summary').all()) await summary.click()
    await expectAccessible(page, 'conversion with its tables open')
  })

  it('leads from a health count to the companies concerned, and Back returns', async () => {
    await page.locator('[data-health="Deauthorized"]').getByRole('link', { name: 'See the 1 company' }).click()
    await page.waitForURL(/\/portal\/companies\?q=/)
    await page.getByRole('link', { name: deauthorizedCompanyName }).waitFor()
    expect(await page.locator('table.pt-table tbody tr').count()).toBe(1)
    await page.goBack()
    await page.locator('[data-health="Deauthorized"]').waitFor()
    expect(new URL(page.url()).pathname).toBe('/portal/conversion')
  })

  it('changes the range by preset and by dates; the address keeps it through Reload and Back; a double click acts once', async () => {
    await page.getByRole('button', { name: 'Last 7 days' }).click()
    await waitForRange('2025-12-28', '2026-01-03')
    expect(await page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('true')
    await page.locator('#conversion-from').fill('2026-01-03')
    await page.locator('#conversion-to').fill('2026-01-03')
    await page.locator('#conversion-to').press('Enter')
    await waitForRange('2026-01-03', '2026-01-03')
    await page.locator('table[data-table="daily"] tbody tr').first().waitFor({ state: 'attached' })
    await expect.poll(() => visitsAt('Opened Link')).toBe('1')
    expect(await visitsAt('Went to the platform')).toBe('0')
    expect(await page.locator('table[data-table="daily"] tbody tr').count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('false')
    await page.reload()
    await waitForRange('2026-01-03', '2026-01-03')
    await expect.poll(() => visitsAt('Opened Link')).toBe('1')
    expect(await page.locator('#conversion-to').inputValue()).toBe('2026-01-03')
    await expectChartsDrawn()
    await page.goBack()
    await waitForRange('2025-12-28', '2026-01-03')
    await expect.poll(() => visitsAt('Opened Link')).toBe('4')
    // Two clicks on one preset: one step in the history, so Back goes to the range before it.
    await page.goForward()
    await waitForRange('2026-01-03', '2026-01-03')
    await page.getByRole('button', { name: 'Last 90 days' }).dblclick()
    await waitForRange('2025-10-06', '2026-01-03')
    await expect.poll(() => visitsAt('Opened Link')).toBe('4')
    await page.goBack()
    await waitForRange('2026-01-03', '2026-01-03')
  })

  it('works by keyboard alone, with the focus visible', async () => {
    await page.getByRole('button', { name: 'Last 30 days' }).focus()
    await page.keyboard.press('Enter')
    await waitForRange('2025-12-05', '2026-01-03')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await waitForRange('2025-10-06', '2026-01-03')
    const focused = await page.evaluate(`({ text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle })`)
    expect(focused).toEqual({ text: 'Last 90 days', outline: 'solid' })
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.id')).toBe('conversion-from')
    // A chart's table opens from its summary with Enter.
    const summary = page.locator('details.pt-chart-table summary').first()
    await page.evaluate(`document.querySelector('details.pt-chart-table').open = false`)
    await summary.focus()
    await page.keyboard.press('Enter')
    expect(await page.evaluate(`document.querySelector('details.pt-chart-table').open`)).toBe(true)
    expect(await page.locator('table[data-table="steps"]').isVisible()).toBe(true)
  })

  it('fits 768 px with no sideways scroll, the charts as wide as their cards', async () => {
    await page.setViewportSize({ width: 768, height: 1000 })
    await page.waitForFunction(`[...document.querySelectorAll('.pt-chart canvas')].every((canvas) => canvas.getBoundingClientRect().right <= window.innerWidth)`)
    await expectNoHorizontalScroll(page, 'conversion at 768 px')
    await expectChartsDrawn()
    await page.screenshot({ path: '/tmp/portal-conversion-768.png', fullPage: true })
    await docsImage(page, 'conversion-768', 'portal')
    await expectAccessible(page, 'conversion at 768 px')
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('a viewer reads the same numbers; the API refuses the viewer a change', async () => {
    const viewerPage = await bed.newPage()
    await viewerPage.clock.setFixedTime(bed.t.clock.now())
    await bed.signIn(viewerPage, bed.viewer, '/portal/conversion?from=2026-01-01&to=2026-01-03')
    await viewerPage.locator('table[data-table="steps"]').waitFor({ state: 'attached' })
    const opened = viewerPage.locator('table[data-table="steps"] tbody tr').first().locator('td').first()
    expect(await opened.textContent()).toBe('4')
    expect(await viewerPage.locator('[data-health="Linked"] .pt-health-count').textContent()).toBe('1 connection')
    // The session's own CSRF token, so the refusal is the viewer rule's, not the CSRF check's.
    const status = await viewerPage.evaluate(`(async () => {
      const me = await (await fetch('/portal/api/me')).json()
      const res = await fetch('/companies', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ name: 'Not by a viewer' }) })
      return res.status
    })()`)
    expect(status).toBe(403)
    expect((await bed.api('GET', `/companies?query=${encodeURIComponent('name="Not by a viewer"')}`)).json().totalResults).toBe(0)
  })
})
