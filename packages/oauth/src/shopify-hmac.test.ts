import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkShopifyCallback, shopifySignedMessage } from './shopify-hmac.js'

describe("Shopify's callback signature", () => {
  const secret = 'hush'
  const timestamp = 1337178173
  const now = new Date(timestamp * 1000)
  // Shopify's documented example query, signed as its libraries sign it.
  const query = `code=0907a61c0c8d55e99db179b68161bc00&host=YWNtZS5teXNob3BpZnkuY29tL2FkbWlu%2B%2F&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=${timestamp}`
  const sign = (message: string) => createHmac('sha256', secret).update(message).digest('hex')
  const signed = (message = query) => {
    const params = new URLSearchParams(message)
    params.set('hmac', sign(message))
    return params
  }

  it('accepts a callback signed over the sorted, URL-encoded parameters', () => {
    expect(shopifySignedMessage(signed())).toBe(query)
    expect(checkShopifyCallback(signed(), secret, now)).toBe('signed')
    // The order the parameters arrive in does not matter, nor does an unsigned `signature`.
    const shuffled = new URLSearchParams([...signed()].reverse())
    shuffled.set('signature', 'anything')
    expect(checkShopifyCallback(shuffled, secret, now)).toBe('signed')
  })

  it('accepts a value with a space signed the Shopify way (%20), and refuses one signed with a form’s +', () => {
    const withSpace = `code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=my%20state&timestamp=${timestamp}`
    const params = new URLSearchParams(withSpace)
    expect(params.get('state')).toBe('my state')
    params.set('hmac', sign(withSpace))
    expect(checkShopifyCallback(params, secret, now)).toBe('signed')

    const formEncoded = withSpace.replace('my%20state', 'my+state')
    const plus = new URLSearchParams(formEncoded)
    plus.set('hmac', sign(formEncoded))
    expect(checkShopifyCallback(plus, secret, now)).toBe('bad_signature')
    // A literal + is %2B in Shopify's message, never a space.
    expect(shopifySignedMessage(new URLSearchParams({ a: '1+2 3' }))).toBe('a=1%2B2%203')
  })

  it('joins a repeated parameter’s values with commas, as Shopify’s library does', () => {
    const params = new URLSearchParams(`ids=1&ids=2&shop=some-shop.myshopify.com&timestamp=${timestamp}`)
    expect(shopifySignedMessage(params)).toBe(`ids=1%2C2&shop=some-shop.myshopify.com&timestamp=${timestamp}`)
  })

  it('refuses a changed parameter, another secret, a missing or malformed hmac', () => {
    const changed = signed()
    changed.set('shop', 'other-shop.myshopify.com')
    expect(checkShopifyCallback(changed, secret, now)).toBe('bad_signature')
    expect(checkShopifyCallback(signed(), 'other', now)).toBe('bad_signature')
    const none = signed()
    none.delete('hmac')
    expect(checkShopifyCallback(none, secret, now)).toBe('bad_signature')
    const short = signed()
    short.set('hmac', 'abc')
    expect(checkShopifyCallback(short, secret, now)).toBe('bad_signature')
  })

  it('refuses a signed timestamp more than 90 seconds from the clock, either way, or none', () => {
    const at = (seconds: number) => new Date((timestamp + seconds) * 1000)
    expect(checkShopifyCallback(signed(), secret, at(90))).toBe('signed')
    expect(checkShopifyCallback(signed(), secret, at(-90))).toBe('signed')
    expect(checkShopifyCallback(signed(), secret, at(91))).toBe('stale_timestamp')
    expect(checkShopifyCallback(signed(), secret, at(-91))).toBe('stale_timestamp')
    const untimed = 'code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com'
    expect(checkShopifyCallback(signed(untimed), secret, now)).toBe('stale_timestamp')
    expect(checkShopifyCallback(signed(`${untimed}&timestamp=soon`), secret, now)).toBe('stale_timestamp')
  })
})
