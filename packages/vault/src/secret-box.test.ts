import { describe, expect, it } from 'vitest'
import { createSecretBox, SecretBoxError } from './secret-box.js'

const k1 = { id: 'k1', key: Buffer.alloc(32, 1) }
const k2 = { id: 'k2', key: Buffer.alloc(32, 2) }

describe('secret box', () => {
  it('seals and opens; the sealed bytes contain neither the secret nor the key', () => {
    const box = createSecretBox([k1])
    const sealed = box.seal('whsec_very-secret', 'webhook_consumers:1:secret')
    expect(sealed.includes(Buffer.from('very-secret'))).toBe(false)
    expect(sealed.includes(k1.key)).toBe(false)
    expect(box.open(sealed, 'webhook_consumers:1:secret')).toBe('whsec_very-secret')
  })

  it('never seals the same value to the same bytes', () => {
    const box = createSecretBox([k1])
    expect(box.seal('x', 'c').equals(box.seal('x', 'c'))).toBe(false)
  })

  it('refuses a value moved to another record (associated data) or altered', () => {
    const box = createSecretBox([k1])
    const sealed = box.seal('secret', 'row:1')
    expect(() => box.open(sealed, 'row:2')).toThrow(SecretBoxError)
    const altered = Buffer.from(sealed)
    altered[altered.length - 1] = altered[altered.length - 1]! ^ 1
    expect(() => box.open(altered, 'row:1')).toThrow('The sealed value does not open')
    expect(() => box.open(Buffer.from([9, 9]), 'row:1')).toThrow('unknown format')
  })

  it('rotates: the first key seals, every listed key opens, a removed key is named', () => {
    const old = createSecretBox([k1]).seal('before rotation', 'c')
    const rotated = createSecretBox([k2, k1])
    expect(rotated.currentKeyId).toBe('k2')
    expect(rotated.open(old, 'c')).toBe('before rotation')
    expect(rotated.open(rotated.seal('after', 'c'), 'c')).toBe('after')
    expect(() => createSecretBox([k2]).open(old, 'c')).toThrow('The value was sealed with key "k1", which is not configured')
  })

  it('derives a subkey per key and purpose: stable, current key first, unrelated to the key and to other purposes', () => {
    const derived = createSecretBox([k2, k1]).deriveKeys('consent-signing')
    expect(derived.map((entry) => entry.id)).toEqual(['k2', 'k1'])
    expect(derived[1]!.key).toEqual(createSecretBox([k1]).deriveKeys('consent-signing')[0]!.key)
    expect(derived[0]!.key).toHaveLength(32)
    expect(derived[0]!.key.equals(k2.key)).toBe(false)
    expect(derived[0]!.key.equals(createSecretBox([k2]).deriveKeys('something-else')[0]!.key)).toBe(false)
  })
})
