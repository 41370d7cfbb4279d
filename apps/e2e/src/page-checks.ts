/**
 * @module What every browser journey does to a page: open it on loopback only, check it with
 * axe-core and for sideways scroll, and answer the sandbox platform's consent page.
 */
import { createRequire } from 'node:module'
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core'
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

/**
 * The words of these elements' text that the browser laid out across two lines (a word cut between
 * two letters, as `overflow-wrap:anywhere` does to a word wider than its box), and how many
 * elements there were.
 */
export async function wordsSplitAcrossLines(elements: Locator): Promise<{ split: string[]; elements: number }> {
  // Runs in the page: `globalThis` is its window (this file is type-checked without the DOM's types).
  return await elements.evaluateAll((found: PageNode[]) => {
    const { document, Node } = globalThis as unknown as PageGlobals
    const split: string[] = []
    for (const element of found) {
      for (const text of element.childNodes) {
        if (text.nodeType !== Node.TEXT_NODE) continue
        for (const word of (text.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange()
          range.setStart(text, word.index)
          range.setEnd(text, word.index + word[0].length)
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)))
          if (lines.size > 1) split.push(word[0])
        }
      }
    }
    return { split, elements: found.length }
  })
}

/** The little of the DOM `wordsSplitAcrossLines` uses. */
interface PageNode {
  nodeType: number
  textContent: string | null
  childNodes: Iterable<PageNode>
}
interface PageGlobals {
  Node: { TEXT_NODE: number }
  document: { createRange(): { setStart(node: PageNode, offset: number): void; setEnd(node: PageNode, offset: number): void; getClientRects(): Iterable<{ top: number }> } }
}

/** On the sandbox's consent page (a real page of the platform): approve or deny, and wait to be back on Link. */
export async function decideAtPlatform(page: Page, decision: 'Approve' | 'Deny', beforeDeciding?: (page: Page) => Promise<void>): Promise<void> {
  await page.waitForURL(/\/oauth\/authorize/)
  await beforeDeciding?.(page)
  await page.getByRole('button', { name: decision }).click()
  await page.waitForURL(/\/link\/company\//)
}
