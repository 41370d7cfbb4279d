/**
 * @module The docs' screenshots (docs/images/hosted-link/), written only when `LINKWAY_DOCS_IMAGES=1`:
 * the journeys that show a step take its picture there, so the docs show the current Link.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'

export const DOCS_IMAGES_DIR = process.env.LINKWAY_DOCS_IMAGES === '1' ? fileURLToPath(new URL('../../../docs/images/hosted-link/', import.meta.url)) : undefined

/** The visible viewport (not the full page): what a person sees at that size. */
export async function docsImage(page: Page, name: string): Promise<void> {
  if (!DOCS_IMAGES_DIR) return
  mkdirSync(DOCS_IMAGES_DIR, { recursive: true })
  await page.screenshot({ path: `${DOCS_IMAGES_DIR}${name}.png`, fullPage: false })
}
