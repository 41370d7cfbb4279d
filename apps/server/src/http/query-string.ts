/**
 * @module The query string, read as the reference API's users write it. The seeds' own example
 * sends `?query=sourceType=accounting&&enabled=true` unencoded: a standard parser would split it at
 * the `&&`. Here only a single `&` separates parameters; `&&` belongs to the value it stands in.
 */

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    // Malformed percent-encoding: keep the text as sent; the route's validation decides.
    return text
  }
}

export function parseQueryString(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.create(null)
  if (text.length === 0) return result
  for (const part of text.split(/(?<!&)&(?!&)/)) {
    if (part.length === 0) continue
    const equals = part.indexOf('=')
    const name = decode(equals === -1 ? part : part.slice(0, equals))
    const value = equals === -1 ? '' : decode(part.slice(equals + 1))
    const existing = result[name]
    result[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return result
}

/** A request's URL for the log: a Link page's query (OAuth code, state, signatures) never is written. */
export function loggedUrl(url: string): string {
  const query = url.indexOf('?')
  return query !== -1 && url.startsWith('/link/') ? `${url.slice(0, query)}?[redacted]` : url
}
