/**
 * The browsable API reference at /docs in Chromium, as a developer reads it: Swagger UI resolves
 * every schema of the document (/openapi.json, which /docs renders as OpenAPI 3.0.3), so an
 * operation shows its real request and response fields, never "Resolver error" or a body reduced
 * to "string", and again after a reload of its deep link. Every request stays on 127.0.0.1.
 */
import { mkdirSync } from 'node:fs'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../server/src/testing/test-app.js'
import { hasChromium, launchBrowser } from './browser.js'
import { newLoopbackPage } from './page-checks.js'

/** Screenshots for a person to look at; never into the repository. */
const SHOTS = '/tmp/linkway-api-docs'

// The reference renders /openapi.json, which no database shapes: one backend is enough, and the
// page is the slowest the suite opens (Swagger UI over every schema).
const backend = 'pglite'

describe.runIf(hasChromium)('the API reference at /docs in Chromium', () => {
  let t: TestApp
  let browser: Browser

  beforeAll(async () => {
    t = await createTestApp(backend, { listen: true })
    browser = await launchBrowser()
    mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  /** Expands one operation (Swagger UI's deep link id: `operations-{tag}-{operationId}`) and waits for its body. */
  async function expand(page: Page, tag: string, operationId: string): Promise<Locator> {
    const operation = page.locator(`#operations-${tag.replaceAll(' ', '_')}-${operationId}`)
    await operation.locator('.opblock-summary').first().click()
    await operation.locator('.opblock-body').waitFor()
    return operation
  }

  /**
   * The property names Swagger UI shows in one schema (a request body, a response) in its schema
   * view, every nested model opened as a person would, one level after another.
   */
  async function propertiesOf(section: Locator): Promise<Set<string>> {
    await section.getByRole('tab', { name: 'Schema' }).first().click()
    // A schema the viewer could not resolve shows as a bare type ("string"), with no properties.
    const rows = section.locator('tr.property-row > td:first-child')
    const hasProperties = await rows.first().waitFor({ timeout: 5_000 }).then(() => true, () => false)
    expect(hasProperties, `a schema with properties, not: ${(await section.innerText()).slice(0, 500)}`).toBe(true)
    for (let depth = 0; depth < 4; depth++) {
      const collapsed = section.locator('button.model-box-control[aria-expanded="false"]')
      const count = await collapsed.count()
      if (count === 0) break
      // Opening one re-renders the others: open the first until none is left at this depth.
      for (let opened = 0; opened < count && (await collapsed.count()) > 0; opened++) await collapsed.first().click()
    }
    const names = await rows.allInnerTexts()
    return new Set(names.map((name) => name.replace('*', '').trim()))
  }

  it('shows POST /companies and the invoices list with their real fields, and no resolver error anywhere', async () => {
    const page = await newLoopbackPage(browser, { viewport: { width: 1280, height: 900 } })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(`${t.url}/docs/`)
    await page.locator('.opblock').first().waitFor()
    await page.screenshot({ path: `${SHOTS}/docs-${backend}.png`, fullPage: false })

    const createCompany = await expand(page, 'Companies', 'create-company')
    const requestFields = await propertiesOf(createCompany.locator('.opblock-section-request-body'))
    for (const field of ['name', 'description', 'tags']) expect(requestFields).toContain(field)
    // The answer is the company itself, with its Link URL and connections.
    const companyFields = await propertiesOf(createCompany.locator('tr.response[data-code="200"]'))
    for (const field of ['id', 'name', 'redirect', 'dataConnections']) expect(companyFields).toContain(field)
    await createCompany.screenshot({ path: `${SHOTS}/create-company-${backend}.png` })
    // The open operation is in the address (deep linking): a reload, or the link shared, opens it again, resolved.
    expect(page.url()).toMatch(/#\/Companies\/create-company$/)
    await page.reload()
    const reopened = page.locator('#operations-Companies-create-company')
    await reopened.locator('.opblock-body').waitFor()
    expect(await propertiesOf(reopened.locator('.opblock-section-request-body'))).toContain('name')

    const invoices = await expand(page, 'Accounting data', 'list-invoices')
    const invoiceFields = await propertiesOf(invoices.locator('tr.response[data-code="200"]'))
    await invoices.screenshot({ path: `${SHOTS}/list-invoices-${backend}.png` })
    for (const field of ['results', 'totalResults', 'pageNumber', '_links', 'invoiceNumber', 'amountDue', 'customerRef']) expect(invoiceFields).toContain(field)
    // Its paging parameters, as the reference types them.
    const pageSize = invoices.locator('tr[data-param-name="pageSize"]')
    expect(await pageSize.innerText()).toMatch(/integer/)

    expect(await page.getByText('Resolver error').count()).toBe(0)
    expect(await page.locator('.errors-wrapper').count()).toBe(0)
    expect(pageErrors).toEqual([])
    await page.screenshot({ path: `${SHOTS}/expanded-${backend}.png`, fullPage: true })
  }, 90_000)
})
