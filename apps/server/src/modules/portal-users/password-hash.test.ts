import { describe, expect, it } from 'vitest'
import { hashPassword, unknownUserHash, verifyPassword } from './password-hash.js'

describe('Portal password hashes', () => {
  it('stores scrypt with its parameters, a random salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery staple')
    const second = await hashPassword('correct horse battery staple')
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(first).not.toBe(second)
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true)
    expect(await verifyPassword('correct horse battery stapl', first)).toBe(false)
    expect(await verifyPassword('anything at all here', unknownUserHash())).toBe(false)
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false)
  })

  it('verifies a hash made with other parameters (so they can be raised later)', async () => {
    const { scryptSync } = await import('node:crypto')
    const salt = Buffer.alloc(16, 1)
    const key = scryptSync('older password here', salt, 64, { N: 1024, r: 8, p: 1 })
    expect(await verifyPassword('older password here', `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`)).toBe(true)
  })

  it('hashes with the parameters it is given, and the unknown-user hash costs what a real one does', async () => {
    const cheap = { N: 1024, r: 8, p: 1 }
    const hash = await hashPassword('a cheaper password', cheap)
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/)
    expect(await verifyPassword('a cheaper password', hash)).toBe(true)
    expect(unknownUserHash(cheap)).toMatch(/^scrypt\$1024\$8\$1\$/)
    expect(unknownUserHash()).toMatch(/^scrypt\$32768\$8\$1\$/)
  })
})
