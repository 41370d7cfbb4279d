/**
 * @module The hosted Link page's script (bundled to dist-bundle/link.js). The page carries its
 * configuration as JSON in `<script type="application/json" id="linkway-link-config">`, data the
 * CSP lets through, so the page needs no inline script.
 */
import { MESSAGES } from './i18n/index.js'
import { mountLink } from './index.js'
import { browserStepHistory } from './step-history.js'
import type { LinkResult } from './types.js'

interface HostedLinkConfig {
  apiBaseUrl: string
  companyId: string
  /** Sent with every call of the component: the page's proof (with its cookie) that a change comes from it. */
  linkToken: string
  lang?: string
  result?: LinkResult
  visitId?: string
  redirectParams?: Record<string, string>
  /** Where the person goes after Complete. */
  completeUrl: string
  /** Whether reloading the page gets a refused page going again (not where a one-time Link URL opened it). */
  canReload?: boolean
}

/**
 * Reloads the page at the step it shows. The outcome of the last trip to a platform is dropped from
 * the address first: it was told already, and a page that has one starts from the categories. A
 * connection it linked stays named (`link.connection`), for Complete to pass on to your redirect.
 */
function reloadAtSameStep(): void {
  const url = new URL(location.href)
  const linked = /^(.+):200$/.exec(url.searchParams.get('link.result') ?? '')
  if (linked) url.searchParams.set('link.connection', linked[1]!)
  url.searchParams.delete('link.result')
  history.replaceState(history.state, '', url)
  location.reload()
}

const config = JSON.parse(document.getElementById('linkway-link-config')?.textContent ?? 'null') as HostedLinkConfig | null
const target = document.getElementById('linkway-link')
if (!config || !target) throw new Error('The hosted Link page needs #linkway-link and its #linkway-link-config JSON')

mountLink(target, {
  ...config,
  // The hosted page carries all three languages (Embedded Link loads the one it needs).
  messages: MESSAGES,
  // The page is Link's own: each step is an entry of the browser's history, and a reload keeps it.
  history: browserStepHistory(),
  onFinish: () => location.assign(config.completeUrl),
  ...(config.canReload ? { reloadPage: reloadAtSameStep } : {}),
})
