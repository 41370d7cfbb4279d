/**
 * @module Shopify signs its OAuth callback: `hmac` is the hex HMAC-SHA256, keyed with the app's
 * client secret, of every other query parameter sorted by name, form-encoded as a query string
 * (as Shopify's own libraries build it: a `/` or `+` in `host` is escaped).
 * An unsigned or wrongly signed callback is refused before any code is exchanged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export function shopifySignature(params: URLSearchParams, clientSecret: string): string {
  const message = new URLSearchParams(
    [...params.entries()].filter(([name]) => name !== 'hmac' && name !== 'signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ).toString()
  return createHmac('sha256', clientSecret).update(message).digest('hex')
}

export function isShopifyCallbackSigned(params: URLSearchParams, clientSecret: string): boolean {
  const given = params.get('hmac')
  if (!given || !/^[0-9a-f]{64}$/i.test(given)) return false
  const expected = Buffer.from(shopifySignature(params, clientSecret), 'hex')
  return timingSafeEqual(expected, Buffer.from(given.toLowerCase(), 'hex'))
}
