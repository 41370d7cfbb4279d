import { describe, expect, it } from 'vitest'
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './password-hash.js'

describe('Portal password hashes', () => {
  it('stores scrypt with its parameters, a random salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery staple')
    const second = await hashPassword('correct horse battery staple')
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(first).not.toBe(second)
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true)
    expect(await verifyPassword('correct horse battery stapl', first)).toBe(false)
    expect(await verifyPassword('anything at all here', UNKNOWN_USER_HASH)).toBe(false)
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false)
  })

  it('verifies a hash made with other parameters (so they can be raised later)', async () => {
    const { scryptSync } = await import('node:crypto')
    const salt = Buffer.alloc(16, 1)
    const key = scryptSync('older password here', salt, 64, { N: 1024, r: 8, p: 1 })
    expect(await verifyPassword('older password here', `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`)).toBe(true)
  })
})
