/**
 * @module Shopify signs its OAuth callback: `hmac` is the hex HMAC-SHA256, keyed with the app's
 * client secret, of every other query parameter (but `signature`) sorted by name and written as a
 * URL-encoded query string with spaces as `%20`, a repeated name's values joined by commas: the
 * message Shopify's own app library rebuilds. The `timestamp` signed with it must be within
 * {@link SHOPIFY_CALLBACK_TOLERANCE_SECONDS} of our clock. A callback that fails either check is
 * refused before any code is exchanged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * How far a callback's signed `timestamp` may be from our clock, either way: the tolerance Shopify's
 * own library allows. Without it a signed callback, once seen (in a log, a browser's history),
 * could be replayed for ever.
 */
export const SHOPIFY_CALLBACK_TOLERANCE_SECONDS = 90

/** A callback's check: `signed` is the one that may go on to the code exchange. */
export type ShopifyCallbackCheck = 'signed' | 'bad_signature' | 'stale_timestamp'

/** The message Shopify signs, from the callback's query. */
export function shopifySignedMessage(params: URLSearchParams): string {
  const values = new Map<string, string>()
  for (const [name, value] of params) {
    if (name === 'hmac' || name === 'signature') continue
    const earlier = values.get(name)
    values.set(name, earlier === undefined ? value : `${earlier},${value}`)
  }
  const sorted = [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  // URLSearchParams writes a space as `+`; Shopify encodes it as `%20` (a literal `+` is `%2B` either way).
  return new URLSearchParams(sorted).toString().replaceAll('+', '%20')
}

export function shopifySignature(params: URLSearchParams, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(shopifySignedMessage(params)).digest('hex')
}

/**
 * Whether a callback's query is Shopify's: signed with the client secret, and signed recently.
 *
 * @example checkShopifyCallback(new URLSearchParams(request.query), client.clientSecret, clock.now()) // 'signed'
 */
export function checkShopifyCallback(params: URLSearchParams, clientSecret: string, now: Date): ShopifyCallbackCheck {
  const given = params.get('hmac')
  if (!given || !/^[0-9a-f]{64}$/i.test(given)) return 'bad_signature'
  const expected = Buffer.from(shopifySignature(params, clientSecret), 'hex')
  if (!timingSafeEqual(expected, Buffer.from(given.toLowerCase(), 'hex'))) return 'bad_signature'
  const timestamp = params.get('timestamp')
  if (timestamp === null || !/^\d{1,12}$/.test(timestamp)) return 'stale_timestamp'
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) > SHOPIFY_CALLBACK_TOLERANCE_SECONDS ? 'stale_timestamp' : 'signed'
}
