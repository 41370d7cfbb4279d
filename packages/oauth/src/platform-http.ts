/**
 * @module How we reach a platform: https always. Plain http is an explicit opt-in (`allowPlainHttp`),
 * which the catalogue sets only on connectors it pointed at the sandbox platforms or at an emulation,
 * and even then only to a loopback host: they run on this machine. It is never a default, for any host.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** Every platform call gives up after this long, so a hanging platform never holds a request or a job. */
export const PLATFORM_TIMEOUT_MS = 10_000

export interface PlatformUrlOptions {
  /**
   * Allows `http:` to a loopback host (the sandbox platforms, an emulation in tests). Off unless set;
   * a real platform's definition never sets it. Other hosts need https whatever this says.
   */
  allowPlainHttp?: boolean
}

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname)
}

/**
 * Parses a platform URL, refusing anything but https unless `allowPlainHttp` is set and the host is loopback.
 *
 * @example
 * platformUrl('https://identity.xero.com/connect/token') // URL
 * platformUrl('http://127.0.0.1:8081/accounting/oauth/token') // throws: Platform URLs must use https: http://127.0.0.1:8081
 * platformUrl('http://127.0.0.1:8081/accounting/oauth/token', { allowPlainHttp: true }) // URL
 */
export function platformUrl(text: string, options: PlatformUrlOptions = {}): URL {
  const url = new URL(text)
  if (url.protocol === 'https:') return url
  if (options.allowPlainHttp === true) {
    if (url.protocol === 'http:' && isLoopbackUrl(url)) return url
    throw new TypeError(`Platform URLs must use https (plain http is allowed to loopback only): ${url.origin}`)
  }
  throw new TypeError(`Platform URLs must use https: ${url.origin}`)
}

/** Parses a Retry-After header given in seconds or as an HTTP date. */
export function retryAfterSeconds(header: string | null, now: Date): number | undefined {
  if (!header) return undefined
  if (/^\d+$/.test(header.trim())) return Number(header.trim())
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000))
}
