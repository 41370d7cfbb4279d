/**
 * A setup or invitation link is claimed before its new password is hashed: a burst of requests on
 * one real link costs one hash, not one per request, and a use that fails short of a user gives the
 * link back. The hashing is counted by wrapping it (it still runs).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createAppServices } from '../../app-services.js'
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from '../../testing/test-app.js'
import type { PortalUsersService } from './index.js'

const hashes = vi.hoisted(() => ({ count: 0 }))
vi.mock('./password-hash.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./password-hash.js')>()
  return {
    ...original,
    hashPassword: async (...args: Parameters<typeof original.hashPassword>) => {
      hashes.count++
      return await original.hashPassword(...args)
    },
  }
})

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
    const client = await t.createClient('burst')
    const token = (await portal.prepareFirstAdmin(client.clientId)).setupUrl!.split('#token=')[1]!
    const address = nextAddress()
    hashes.count = 0
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => t.app.inject({ method: 'POST', url: '/portal/api/setup', headers: ORIGIN, remoteAddress: address, payload: { token, email: `admin${index}@burst.example`, password: PASSWORD } })),
    )
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, ...Array<number>(19).fill(400)])
    expect(hashes.count).toBe(1)
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
