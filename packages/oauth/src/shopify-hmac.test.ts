import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isShopifyCallbackSigned, shopifySignature } from './shopify-hmac.js'

describe("Shopify's callback signature", () => {
  const secret = 'hush'
  // Shopify's documented example query, signed as its libraries sign it.
  const query = 'code=0907a61c0c8d55e99db179b68161bc00&host=YWNtZS5teXNob3BpZnkuY29tL2FkbWlu%2B%2F&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173'
  const signed = () => {
    const params = new URLSearchParams(query)
    params.set('hmac', createHmac('sha256', secret).update(query).digest('hex'))
    return params
  }

  it('accepts a callback signed over the sorted, form-encoded parameters', () => {
    expect(shopifySignature(signed(), secret)).toBe(createHmac('sha256', secret).update(query).digest('hex'))
    expect(isShopifyCallbackSigned(signed(), secret)).toBe(true)
  })

  it('refuses a changed parameter, another secret, a missing or malformed hmac', () => {
    const changed = signed()
    changed.set('shop', 'other-shop.myshopify.com')
    expect(isShopifyCallbackSigned(changed, secret)).toBe(false)
    expect(isShopifyCallbackSigned(signed(), 'other')).toBe(false)
    const none = signed()
    none.delete('hmac')
    expect(isShopifyCallbackSigned(none, secret)).toBe(false)
    const short = signed()
    short.set('hmac', 'abc')
    expect(isShopifyCallbackSigned(short, secret)).toBe(false)
  })
})
