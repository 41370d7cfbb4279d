import { describe, expect, it } from 'vitest'
import { fillUrlTemplate, placeholdersOf } from './url-template.js'

describe('url templates', () => {
  it('fills every placeholder, URL-encoded', () => {
    expect(fillUrlTemplate('https://{shop}.myshopify.com/admin/oauth/authorize', { shop: 'acme-outdoors' })).toBe('https://acme-outdoors.myshopify.com/admin/oauth/authorize')
    expect(fillUrlTemplate('https://x.example/{a}/{b}?c={a}', { a: 'a/b?c#d', b: 'é &' })).toBe('https://x.example/a%2Fb%3Fc%23d/%C3%A9%20%26?c=a%2Fb%3Fc%23d')
  })

  it('leaves a template without placeholders as it is', () => {
    expect(fillUrlTemplate('https://identity.xero.com/connect/token', {})).toBe('https://identity.xero.com/connect/token')
  })

  it('throws on a missing or empty value, and never fills from Object.prototype', () => {
    expect(() => fillUrlTemplate('https://{shop}.myshopify.com/', {})).toThrow('The URL template https://{shop}.myshopify.com/ needs a value for {shop}')
    expect(() => fillUrlTemplate('https://{shop}.myshopify.com/', { shop: '' })).toThrow('needs a value for {shop}')
    expect(() => fillUrlTemplate('https://x.example/{constructor}', {})).toThrow('needs a value for {constructor}')
  })

  it('lists placeholders once each, in order', () => {
    expect(placeholdersOf('{sandboxUrl}/a/{shop}/{sandboxUrl}')).toEqual(['sandboxUrl', 'shop'])
    expect(placeholdersOf('https://x.example/')).toEqual([])
  })
})
