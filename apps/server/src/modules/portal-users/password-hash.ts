/**
 * @module Portal passwords: scrypt (Node's crypto) with N=2^15, r=8, p=1, a 16-byte salt and a
 * 64-byte key, stored as `scrypt$N$r$p$salt$key` so the parameters can be raised later and older
 * hashes still verify. About 100 ms and 32 MiB per hash: enough to make a stolen table expensive
 * to guess, cheap enough for a sign-in.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** scrypt's cost: N (CPU and memory), r (block size), p (parallelism). */
export interface ScryptParameters {
  N: number
  r: number
  p: number
}

export const SCRYPT_PARAMETERS: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 }
const SALT_BYTES = 16
const KEY_BYTES = 64

function derive(password: string, salt: Buffer, options: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that at N=2^15, r=8, so it is raised.
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r }
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, scryptOptions, (error, key) => (error ? reject(error) : resolve(key))))
}

/** `parameters` other than the default only where hashing cost is not the point (tests; see AppDeps). */
export async function hashPassword(password: string, parameters: ScryptParameters = SCRYPT_PARAMETERS, salt: Buffer = randomBytes(SALT_BYTES)): Promise<string> {
  const { N, r, p } = parameters
  const key = await derive(password, salt, parameters)
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Whether `password` matches `stored`, compared in constant time; false for a hash it cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * A hash no password matches, verified when the email is unknown: made with the parameters new
 * hashes get, the answer then takes as long as a wrong password's, so timing does not tell which
 * emails have accounts.
 */
export function unknownUserHash({ N, r, p }: ScryptParameters = SCRYPT_PARAMETERS): string {
  return `scrypt$${N}$${r}$${p}$${Buffer.alloc(SALT_BYTES).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`
}
