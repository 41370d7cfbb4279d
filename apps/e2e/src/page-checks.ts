/**
 * @module What every browser journey does to a page: open it on loopback only, check it with
 * axe-core and for sideways scroll, and answer the sandbox platform's consent page.
 */
import { createRequire } from 'node:module'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { expect } from 'vitest'

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * A page in a context of its own whose requests stay on 127.0.0.1: anything else is aborted, never
 * sent. The context closes with the browser.
 */
export async function newLoopbackPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', ...options })
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort())
  return await context.newPage()
}

/** axe-core, WCAG 2.1 A and AA, on the page as it is now (shadow roots included). Needs a context with `bypassCSP`. */
export async function expectAccessible(page: Page, step: string): Promise<void> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.addScriptTag({ path: AXE_PATH })
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  )) as string[]
  expect(violations, step).toEqual([])
}

export async function expectNoHorizontalScroll(page: Page, step: string): Promise<void> {
  const { scrollWidth, innerWidth } = (await page.evaluate('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })')) as { scrollWidth: number; innerWidth: number }
  expect(scrollWidth, step).toBeLessThanOrEqual(innerWidth)
}

/** On the sandbox's consent page (a real page of the platform): approve or deny, and wait to be back on Link. */
export async function decideAtPlatform(page: Page, decision: 'Approve' | 'Deny', beforeDeciding?: (page: Page) => Promise<void>): Promise<void> {
  await page.waitForURL(/\/oauth\/authorize/)
  await beforeDeciding?.(page)
  await page.getByRole('button', { name: decision }).click()
  await page.waitForURL(/\/link\/company\//)
}
