/** @module Whether a URL a client gives for its webhook consumer is one Linkway may post to. */
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { forbiddenAddressReason, type OutboundPolicy } from './outbound-address.js'

/** The longest consumer URL accepted, in characters. */
export const MAX_CONSUMER_URL_LENGTH = 2048

export type ConsumerUrlCheck = { ok: true; url: URL } | { ok: false; reason: string }

export interface CheckConsumerUrlOptions {
  policy: OutboundPolicy
  /** The host name's addresses; empty or a rejection when it has none. Defaults to the system resolver. */
  resolve?: (hostname: string) => Promise<string[]>
}

/**
 * Checks a consumer URL when a client saves it, so that a bad one is a 400 at once rather than
 * a string of failed deliveries. Every address the host name resolves to must be allowed, since
 * any of them may be the one connected to. The delivery checks the address again
 * (`postWebhook`): DNS may answer differently by then.
 *
 * Reasons are sentences for an API error; they never repeat the resolved addresses, which would
 * tell a client about networks it cannot see.
 *
 * @example await checkConsumerUrl('https://hooks.example.com/linkway', { policy }) // { ok: true, url }
 */
export async function checkConsumerUrl(text: string, options: CheckConsumerUrlOptions): Promise<ConsumerUrlCheck> {
  if (text.length > MAX_CONSUMER_URL_LENGTH) return refuse(`The URL is longer than ${MAX_CONSUMER_URL_LENGTH} characters.`)
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return refuse('The URL is not a valid absolute URL.')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('The URL must use http or https.')
  if (url.username !== '' || url.password !== '') return refuse('The URL must not contain a user name or password.')
  if (url.hostname === '') return refuse('The URL has no host.')

  // The URL parser has already normalised IP literals (0x7f.1 → 127.0.0.1, [::ffff:127.0.0.1] →
  // [::ffff:7f00:1]), so what is not an IP literal here is a host name.
  const host = unbracketed(url.hostname)
  if (isIP(host) !== 0) {
    const reason = forbiddenAddressReason(host, options.policy)
    return reason === undefined ? { ok: true, url } : refuse(`The URL's host is ${reason}, which webhooks may not target.`)
  }

  let addresses: string[]
  try {
    addresses = await (options.resolve ?? resolveWithSystem)(host)
  } catch (error) {
    return refuse(isNameNotFound(error) ? 'The host name does not resolve.' : 'The host name could not be resolved (DNS lookup failed).')
  }
  if (addresses.length === 0) return refuse('The host name does not resolve.')
  for (const address of addresses) {
    const reason = forbiddenAddressReason(address, options.policy)
    if (reason !== undefined) return refuse(`The URL resolves to ${reason}, which webhooks may not target.`)
  }
  return { ok: true, url }
}

function refuse(reason: string): ConsumerUrlCheck {
  return { ok: false, reason }
}

/** `url.hostname` keeps the brackets of an IPv6 literal; addresses do not have them. */
export function unbracketed(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
}

async function resolveWithSystem(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true })
  return found.map((entry) => entry.address)
}

function isNameNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOTFOUND' || code === 'ENODATA' || code === 'EAI_NONAME' || code === 'EAI_NODATA'
}
