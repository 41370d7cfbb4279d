import { describe, expect, it } from 'vitest'
import { normalizeConnectionParameter, parseConnectionParameter } from './connection-parameters.js'
import { shopify } from './platforms/shopify.js'

const shop = shopify.auth.kind === 'oauth2' ? shopify.auth.connectionParameters[0]! : undefined

describe('connection parameters', () => {
  it('normalizes what people paste for a Shopify store to the store name', () => {
    const cases: Array<[string, string]> = [
      ['Acme-Outdoors.myshopify.com', 'acme-outdoors'],
      ['acme-outdoors', 'acme-outdoors'],
      ['  ACME-OUTDOORS  ', 'acme-outdoors'],
      ['https://acme-outdoors.myshopify.com/', 'acme-outdoors'],
      ['http://acme-outdoors.myshopify.com', 'acme-outdoors'],
      ['acme-outdoors.myshopify.com/admin/orders', 'acme-outdoors'],
      ['https://admin.shopify.com/store/acme-outdoors/orders', 'acme-outdoors'],
    ]
    for (const [input, expected] of cases) expect(parseConnectionParameter(shop!, input), input).toBe(expected)
  })

  it('refuses a value that does not match the pattern in full', () => {
    for (const input of ['', 'acme outdoors', '-acme', 'acme.example.com', 'evil.com#', 'a'.repeat(62), 'acme_outdoors']) {
      expect(parseConnectionParameter(shop!, input), input).toBeUndefined()
    }
  })

  it('only trims a parameter without a normalizer', () => {
    expect(normalizeConnectionParameter({}, '  Some Value ')).toBe('Some Value')
    expect(parseConnectionParameter({ pattern: '[0-9]+' }, ' 123 ')).toBe('123')
    expect(parseConnectionParameter({ pattern: '[0-9]+' }, '123abc')).toBeUndefined()
  })
})
