/**
 * @module One entry of a client's CORS allow-list, read with the WHATWG URL parser (the browser's
 * own, so the origin stored is the one a browser's `Origin` header says): http or https, a host and
 * maybe a port, nothing else. Returns the normalised origin (lower-case host, IDN as punycode,
 * default port dropped), or why the entry is refused.
 */

/**
 * The parser quietly drops tabs and line breaks anywhere and trims spaces and control characters
 * at the ends, so `https://ex\tample.com` would be stored as another origin than the one written:
 * refused instead.
 */
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/u

export function normaliseOrigin(entry: string): { origin: string } | { reason: string } {
  if (entry === '') return { reason: 'it is empty' }
  if (SPACE_OR_CONTROL.test(entry)) return { reason: 'it holds a space or a control character' }
  // The parser takes `*` as part of a host name; a browser never sends one in Origin.
  if (entry.includes('*')) return { reason: 'wildcards are not supported; list each origin' }
  let url: URL
  try {
    url = new URL(entry)
  } catch {
    return { reason: 'it is not an absolute URL such as https://www.example.com' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { reason: 'only http and https origins are allowed' }
  if (url.username !== '' || url.password !== '' || entry.includes('@')) return { reason: 'an origin has no user name or password' }
  // `?` and `#` on their own leave search and hash empty: the text decides.
  if (url.search !== '' || url.hash !== '' || entry.includes('?') || entry.includes('#')) return { reason: 'an origin has no query or fragment' }
  if (url.pathname !== '/') return { reason: 'an origin has no path: give only scheme, host and port' }
  return { origin: url.origin }
}
