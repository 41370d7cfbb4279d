/**
 * @module The docs' screenshots (docs/images/hosted-link/, docs/images/portal/), written only when
 * `LINKWAY_DOCS_IMAGES=1`: the journeys that show a step take its picture there, so the docs show
 * the current pages.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'

const DOCS_IMAGES_ROOT = process.env.LINKWAY_DOCS_IMAGES === '1' ? fileURLToPath(new URL('../../../docs/images/', import.meta.url)) : undefined
export const DOCS_IMAGES_DIR = DOCS_IMAGES_ROOT ? `${DOCS_IMAGES_ROOT}hosted-link/` : undefined

/** The visible viewport (not the full page): what a person sees at that size. */
export async function docsImage(page: Page, name: string, folder: 'hosted-link' | 'portal' = 'hosted-link'): Promise<void> {
  if (!DOCS_IMAGES_ROOT) return
  const dir = `${DOCS_IMAGES_ROOT}${folder}/`
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: false })
}
