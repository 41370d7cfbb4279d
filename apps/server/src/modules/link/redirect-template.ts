/**
 * @module Where a person goes after Link: the client's redirect template with its placeholders
 * filled (reference §8.2). The filled URL is read by the WHATWG parser, as the browser will read
 * it, and followed only when its scheme, user, host and port are the template's own (no
 * placeholder lands there), or when the allow-list allows the resolved URL itself.
 */
import { fillPlaceholders, isReservedPlaceholder, parseHttpUrl, parseRedirectTemplate, type ReservedPlaceholder } from '@linkway/contracts'

export const LINK_STATUS = {
  success: { statusCode: '200', errorMessage: '', statusText: 'Success' },
  noChange: { statusCode: '201', errorMessage: '', statusText: 'No content' },
  cancelled: { statusCode: '403', errorMessage: 'User cancelled', statusText: 'Not available' },
  failed: { statusCode: '500', errorMessage: 'Unknown error occurred.', statusText: 'Unknown error' },
  notSupported: { statusCode: '501', errorMessage: 'Not supported.', statusText: 'Not supported' },
} as const
export type LinkOutcome = keyof typeof LINK_STATUS

export type RedirectResolution = { kind: 'none' } | { kind: 'redirect'; url: string } | { kind: 'refused'; reason: string }

/** Everything a browser reads before the path: `https://user:pass@a.example:8443`. */
const beforePathOf = (url: URL) => `${url.protocol}//${url.username}:${url.password}@${url.host}`

/** Same scheme, host and port as the entry, and a path equal to the entry's or below it by whole segments. */
function isAllowedBy(url: URL, entry: string): boolean {
  const allowed = parseHttpUrl(entry)
  if (!allowed || allowed.origin !== url.origin) return false
  const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`
  return url.pathname === allowed.pathname || url.pathname.startsWith(prefix)
}

/**
 * Fills the template and decides whether to follow it. Every value is URL-encoded, so none can
 * add a `/`, `?`, `#`, `@` or `\`; where a value lands is the template's choice, read by the same
 * parser as the browser's (see parseRedirectTemplate).
 *
 * @example resolveRedirect('https://{env}.acme.example/done', ['https://eu.acme.example'], reserved, { env: 'eu' }) // { kind: 'redirect', url: 'https://eu.acme.example/done' }
 */
export function resolveRedirect(
  template: string,
  whiteListUrls: readonly string[],
  reserved: Readonly<Record<ReservedPlaceholder, string>>,
  custom: Readonly<Record<string, string>>,
): RedirectResolution {
  if (template.trim() === '') return { kind: 'none' }
  const parsed = parseRedirectTemplate(template)
  if (!parsed) return { kind: 'refused', reason: 'The redirect template is not an http(s) URL.' }
  if (parsed.hostPlaceholders.some(isReservedPlaceholder)) {
    return { kind: 'refused', reason: 'The redirect template uses a reserved placeholder in its host.' }
  }
  const filled = fillPlaceholders(template, (name) => {
    const value = isReservedPlaceholder(name) ? reserved[name] : Object.hasOwn(custom, name) ? custom[name]! : ''
    // A lone surrogate (a platform's error text can hold one) would make encodeURIComponent throw;
    // the URL parser itself reads one as U+FFFD, and so does this.
    return encodeURIComponent(value.replace(/\p{Cs}/gu, '\uFFFD'))
  })
  let url: URL
  try {
    url = new URL(filled)
  } catch {
    return { kind: 'refused', reason: 'The redirect template does not resolve to a URL.' }
  }
  // The template's own scheme and host (http(s), as parsed), as long as no value can touch them.
  if (parsed.hostPlaceholders.length === 0 && beforePathOf(url) === beforePathOf(parsed.neutral)) return { kind: 'redirect', url: url.href }
  if (whiteListUrls.some((entry) => isAllowedBy(url, entry))) return { kind: 'redirect', url: url.href }
  return { kind: 'refused', reason: `The resolved redirect ${url.origin} is not in the allowed redirect URLs.` }
}
