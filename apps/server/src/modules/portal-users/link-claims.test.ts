/**
 * A setup or invitation link is claimed before its new password is hashed: a burst of uses of one
 * real link costs one hash, not one per use, and a use that fails short of a user gives the link
 * back. Hashes are counted through the hashing parameters the service is given (each hash reads
 * them; how many reads one hash makes is measured first, so the count does not depend on how).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { AppError } from '../../app-error.js'
import { createAppServices } from '../../app-services.js'
import { createTestApp, TEST_PASSWORD_HASHING, TEST_PUBLIC_URL, type TestApp } from '../../testing/test-app.js'
import type { PortalUsersService } from './index.js'
import { hashPassword } from './password-hash.js'

let parameterReads = 0
const countingHashing = {
  get N() {
    parameterReads++
    return TEST_PASSWORD_HASHING.N
  },
  r: TEST_PASSWORD_HASHING.r,
  p: TEST_PASSWORD_HASHING.p,
}

async function hashesDuring(work: () => Promise<unknown>): Promise<number> {
  parameterReads = 0
  await hashPassword('calibration password', countingHashing)
  const readsPerHash = parameterReads
  parameterReads = 0
  await work()
  return parameterReads / readsPerHash
}

const PASSWORD = 'correct horse battery staple'
const ORIGIN = { origin: TEST_PUBLIC_URL }

describe.each(testedBackends())('claiming setup and invitation links on %s', (backend) => {
  let t: TestApp
  let portal: PortalUsersService
  let addressCount = 0
  const nextAddress = () => `198.51.100.${++addressCount}`

  beforeAll(async () => {
    t = await createTestApp(backend, { rateLimits: { authFailuresPerMinute: 30, loginFailuresPerAccount: 5 } })
    portal = createAppServices(t.deps).portalUsers
  })
  afterAll(async () => {
    await t?.close()
  })

  it('hashes once for a burst of twenty uses of one real setup link: one makes the admin, the others lose the claim', async () => {
    const counted = createAppServices({ ...t.deps, passwordHashing: countingHashing }).portalUsers
    const client = await t.createClient('burst')
    const token = (await counted.prepareFirstAdmin(client.clientId)).setupUrl!.split('#token=')[1]!
    const address = nextAddress()
    let outcomes: string[] = []
    const hashes = await hashesDuring(async () => {
      const uses = Array.from({ length: 20 }, (_, index) => counted.completeSetup(address, { token, email: `admin${index}@burst.example`, password: PASSWORD }))
      outcomes = (await Promise.allSettled(uses)).map((use) => (use.status === 'fulfilled' ? 'created' : use.reason instanceof AppError ? use.reason.code : String(use.reason)))
    })
    expect(outcomes.sort()).toEqual(['created', ...Array<string>(19).fill('portal_link_invalid')])
    expect(hashes).toBe(1)
  })

  it('gives a setup link back when its email is taken, so the person can choose another; each such try counts', async () => {
    const taken = await portal.createUser((await t.createClient('taken')).clientId, { email: 'taken@claims.example', password: PASSWORD, role: 'admin' })
    const client = await t.createClient('fresh')
    const token = (await portal.prepareFirstAdmin(client.clientId)).setupUrl!.split('#token=')[1]!
    const address = nextAddress()
    const setup = (email: string) => t.app.inject({ method: 'POST', url: '/portal/api/setup', headers: ORIGIN, remoteAddress: address, payload: { token, email, password: PASSWORD } })
    const refused = await setup(taken.email)
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ statusCode: 409, error: 'A Portal user with this email already exists.' })
    const made = await setup('first@claims.example')
    expect(made.statusCode, made.body).toBe(201)
    expect(made.json().user).toMatchObject({ email: 'first@claims.example', role: 'admin' })
  })
})
