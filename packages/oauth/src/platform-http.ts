/**
 * @module How we reach a platform: https always, except http on loopback (the sandbox platforms and
 * their emulations run on this machine). That exception is explicit, never a default for any host.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** Every platform call gives up after this long, so a hanging platform never holds a request or a job. */
export const PLATFORM_TIMEOUT_MS = 10_000

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname)
}

/** Refuses anything but https, or http on loopback. */
export function platformUrl(text: string): URL {
  const url = new URL(text)
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && isLoopbackUrl(url)) return url
  throw new TypeError(`Platform URLs must use https (http is allowed on loopback only): ${url.origin}`)
}

/** Parses a Retry-After header given in seconds or as an HTTP date. */
export function retryAfterSeconds(header: string | null, now: Date): number | undefined {
  if (!header) return undefined
  if (/^\d+$/.test(header.trim())) return Number(header.trim())
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000))
}
