/**
 * @module The hosted Link page: an empty shell that loads the Link component (one script, from
 * Linkway itself) and hands it its configuration as a JSON data block. No inline script runs:
 * the Content-Security-Policy allows scripts from this origin only, and no framing.
 */
import { escapeHtml, jsonForHtml } from '../link/index.js'

export interface HostedPageConfig {
  apiBaseUrl: string
  companyId: string
  lang: string
  completeUrl: string
  result?: { connectionId: string; statusCode: string }
  visitId?: string
  /** The page's own query: custom placeholders of the client's redirect, carried through the journey. */
  redirectParams?: Record<string, string>
}

export const HOSTED_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const

export function renderHostedPage(config: HostedPageConfig, title: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(config.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="icon" href="data:,">
<style>html,body{margin:0;min-height:100%;background:#f5f6f8}#linkway-link{min-height:100vh}</style>
</head><body><div id="linkway-link"></div>
<script type="application/json" id="linkway-link-config">${jsonForHtml(config)}</script>
<script type="module" src="/link/assets/link.js"></script>
<noscript>Connecting your accounts needs JavaScript. Please turn it on and reload this page.</noscript>
</body></html>`
}
