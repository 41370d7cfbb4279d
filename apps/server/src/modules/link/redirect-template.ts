/**
 * @module Where a person goes after Link: the client's redirect template with its placeholders
 * filled (reference §8.2), checked against the allow-list. Values are URL-encoded, so no value can
 * change the host; a template whose host itself has placeholders must resolve to an allowed URL.
 */

export const RESERVED_PLACEHOLDERS = [
  'clientId', 'companyId', 'connectionId', 'integrationId', 'sourceId', 'platform', 'platformName', 'sourceType', 'statusCode', 'errorMessage', 'statusText',
] as const
export type ReservedPlaceholder = (typeof RESERVED_PLACEHOLDERS)[number]

export const LINK_STATUS = {
  success: { statusCode: '200', errorMessage: '', statusText: 'Success' },
  noChange: { statusCode: '201', errorMessage: '', statusText: 'No content' },
  cancelled: { statusCode: '403', errorMessage: 'User cancelled', statusText: 'Not available' },
  failed: { statusCode: '500', errorMessage: 'Unknown error occurred.', statusText: 'Unknown error' },
  notSupported: { statusCode: '501', errorMessage: 'Not supported.', statusText: 'Not supported' },
} as const
export type LinkOutcome = keyof typeof LINK_STATUS

export type RedirectResolution = { kind: 'none' } | { kind: 'redirect'; url: string } | { kind: 'refused'; reason: string }

const PLACEHOLDER = /\{([^{}]*)\}/g

function originPart(template: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(template)
  return match ? match[0] : ''
}

function isAllowedBy(url: URL, entry: string): boolean {
  let allowed: URL
  try {
    allowed = new URL(entry)
  } catch {
    return false
  }
  if (allowed.origin !== url.origin) return false
  const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`
  return url.pathname === allowed.pathname || url.pathname.startsWith(prefix) || allowed.pathname === '/'
}

export function resolveRedirect(
  template: string,
  whiteListUrls: readonly string[],
  reserved: Readonly<Record<ReservedPlaceholder, string>>,
  custom: Readonly<Record<string, string>>,
): RedirectResolution {
  if (template.trim() === '') return { kind: 'none' }
  const origin = originPart(template)
  const hostPlaceholders = [...origin.matchAll(PLACEHOLDER)].map((match) => match[1]!)
  if (hostPlaceholders.some((name) => (RESERVED_PLACEHOLDERS as readonly string[]).includes(name))) {
    return { kind: 'refused', reason: 'The redirect template uses a reserved placeholder in its host.' }
  }
  const filled = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = Object.hasOwn(reserved, name) ? reserved[name as ReservedPlaceholder] : Object.hasOwn(custom, name) ? custom[name]! : ''
    // Inside the host a value must stay a host label; elsewhere it is one encoded component.
    return encodeURIComponent(value)
  })
  let url: URL
  try {
    url = new URL(filled)
  } catch {
    return { kind: 'refused', reason: 'The redirect template does not resolve to a URL.' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'refused', reason: 'The redirect URL is not http(s).' }
  if (hostPlaceholders.length === 0) return { kind: 'redirect', url: url.href }
  if (whiteListUrls.some((entry) => isAllowedBy(url, entry))) return { kind: 'redirect', url: url.href }
  return { kind: 'refused', reason: `The resolved redirect ${url.origin} is not in the allowed redirect URLs.` }
}
