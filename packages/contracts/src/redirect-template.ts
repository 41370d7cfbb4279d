/**
 * @module The redirect template's grammar (reference §8.2): its `{placeholders}`, and which part of
 * the URL each one lands in once a browser parses it. PUT /profile and the redirect itself both
 * read templates through this one parser.
 */

/** Filled by Linkway (reference §8.2); any other `{name}` is a custom placeholder. Names are case-sensitive. */
export const RESERVED_PLACEHOLDERS = [
  'clientId', 'companyId', 'connectionId', 'integrationId', 'sourceId', 'platform', 'platformName', 'sourceType', 'statusCode', 'errorMessage', 'statusText',
] as const
export type ReservedPlaceholder = (typeof RESERVED_PLACEHOLDERS)[number]

export const isReservedPlaceholder = (name: string): name is ReservedPlaceholder => (RESERVED_PLACEHOLDERS as readonly string[]).includes(name)

/** Replaces each `{name}` (any text without braces) with `valueOf(name, index)`, index counting occurrences from 0. */
export function fillPlaceholders(template: string, valueOf: (name: string, index: number) => string): string {
  let index = 0
  return template.replace(/\{([^{}]*)\}/g, (_whole, name: string) => valueOf(name, index++))
}

// Lowercase ASCII letters and digits come through every part of a parsed URL unchanged (hosts are
// lowercased, and only other characters are percent-encoded), so finding a marker in the parsed URL
// says which part its placeholder landed in, as a browser reads it.
const marker = (index: number) => `lwph${index}x`
const MARKERS = /lwph\d+x/g

export interface RedirectTemplate {
  /** The template as a browser reads it, each placeholder holding a neutral value (its marker). */
  neutral: URL
  /**
   * Placeholders that land before the path, in the user, password or host: their values choose
   * where the person goes. (A placeholder in the scheme or the port leaves no http(s) URL.)
   */
  hostPlaceholders: string[]
}

/** The URL, when `text` is an absolute http(s) URL. */
export function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined
  } catch {
    return undefined
  }
}

/**
 * Reads a template with the WHATWG URL parser, as a browser will read it once filled, so that
 * `https:{env}/x`, `https:\\{env}`, `HTTPS:{env}` or a leading space put `{env}` in the host
 * exactly as `https://{env}/x` does. `undefined` when the template is not an absolute http(s) URL.
 *
 * @example parseRedirectTemplate('https://{env}.acme.example/{companyId}')?.hostPlaceholders // ['env']
 */
export function parseRedirectTemplate(template: string): RedirectTemplate | undefined {
  const names: string[] = []
  const filled = fillPlaceholders(template, (name, index) => {
    names.push(name)
    return marker(index)
  })
  const neutral = parseHttpUrl(filled)
  if (!neutral) return undefined
  const beforePath = `${neutral.username}:${neutral.password}@${neutral.host}`
  return { neutral, hostPlaceholders: names.filter((_name, index) => beforePath.includes(marker(index))) }
}

/**
 * Whether some values could make the template resolve to the origin of `entry`, an allow-list
 * entry: its origin with each marker standing for any text. PUT /profile uses it to refuse a host
 * placeholder that no entry covers; the redirect checks the resolved URL itself.
 */
export function canReachOrigin(template: RedirectTemplate, entry: string): boolean {
  const allowed = parseHttpUrl(entry)
  if (!allowed) return false
  // Matched piece by piece, leftmost first, not by a regular expression: `.*` once per placeholder
  // would backtrack exponentially on a template with many of them.
  const [first = '', ...rest] = template.neutral.origin.split(MARKERS)
  const origin = allowed.origin
  if (rest.length === 0) return origin === first
  const last = rest.pop()!
  if (!origin.startsWith(first) || !origin.endsWith(last)) return false
  let at = first.length
  for (const piece of rest) {
    const found = origin.indexOf(piece, at)
    if (found === -1) return false
    at = found + piece.length
  }
  return at <= origin.length - last.length
}
