import { describe, expect, it } from 'vitest'
import { redactSecrets } from './redact.js'

describe('redactSecrets', () => {
  it('replaces fields named like secrets, at any depth, and keeps the rest', () => {
    expect(
      redactSecrets({ name: 'Acme', clientSecret: 's', password: 'p', nested: [{ accessToken: 't', apiKey: 'k', keep: 1 }], authorization: { a: 1 } }),
    ).toEqual({ name: 'Acme', clientSecret: '[redacted]', password: '[redacted]', nested: [{ accessToken: '[redacted]', apiKey: '[redacted]', keep: 1 }], authorization: '[redacted]' })
    expect(redactSecrets('plain')).toBe('plain')
    // What jsonb cannot hold is replaced, so a hostile body still gets its entry.
    expect(redactSecrets({ 'a\u0000': 'b\u0000\ud800' })).toEqual({ 'a\uFFFD': 'b\uFFFD\uFFFD' })
    expect(redactSecrets(null)).toBeNull()
  })
})
