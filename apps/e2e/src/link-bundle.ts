/**
 * @module The Link component's bundle for the browser journeys: built once per test run with the
 * same script `npm run build` uses, so `npm test` needs no build step before it.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BUILD_SCRIPT = fileURLToPath(new URL('../../../packages/link-ui/scripts/build-bundle.mjs', import.meta.url))
export const LINK_BUNDLE = fileURLToPath(new URL('../../../packages/link-ui/dist-bundle/link.js', import.meta.url))

let isBuilt = false

export function buildLinkBundle(): string {
  if (!isBuilt) {
    execFileSync(process.execPath, [BUILD_SCRIPT], { stdio: 'pipe' })
    isBuilt = true
  }
  return LINK_BUNDLE
}
