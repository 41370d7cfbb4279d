import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../app.js'
import { createAppServices } from '../../app-services.js'
import { createTestApp, TEST_PASSWORD_HASHING, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'
import { ErrorMessage } from '@linkway/contracts'
import { HOSTILE_BODIES } from '../../testing/openapi-arbitraries.js'
import { SETUP_LINK_VALID_MS, INVITATION_VALID_MS, type PortalUsersService } from './index.js'

const PASSWORD = 'correct horse battery staple'
const ORIGIN = { origin: TEST_PUBLIC_URL }
let addressCount = 0
/** Each test signs in from its own address, so the per-address limit of one never reaches another. */
const nextAddress = () => `192.0.2.${++addressCount}`

interface Signed {
  cookie: string
  csrfToken: string
  userId: string
  headers: Record<string, string>
}

function cookieOf(res: LightMyRequestResponse): string {
  const header = String(res.headers['set-cookie'])
  return header.split(';')[0]!
}

describe.each(testedBackends())('Portal accounts and sessions on %s', (backend) => {
  let t: TestApp
  let portal: PortalUsersService
  let clientA: TestClient
  let clientB: TestClient

  beforeAll(async () => {
    t = await createTestApp(backend, { rateLimits: { authFailuresPerMinute: 8, loginFailuresPerAccount: 5 } })
    portal = createAppServices(t.deps).portalUsers
    clientA = await t.createClient('A')
    clientB = await t.createClient('B')
  })
  afterAll(async () => {
    await t?.close()
  })

  let userCount = 0
  async function createUser(clientId: string, role: 'admin' | 'viewer' = 'admin', email = `user${++userCount}@example.com`) {
    return await portal.createUser(clientId, { email, password: PASSWORD, role })
  }

  const login = (email: string, password: string, address = nextAddress()) =>
    t.app.inject({ method: 'POST', url: '/portal/api/login', headers: ORIGIN, remoteAddress: address, payload: { email, password } })

  async function signIn(email: string): Promise<Signed> {
    const res = await login(email, PASSWORD)
    expect(res.statusCode, res.body).toBe(200)
    const cookie = cookieOf(res)
    const body = res.json()
    return { cookie, csrfToken: body.csrfToken, userId: body.user.id, headers: { cookie, 'x-csrf-token': body.csrfToken, ...ORIGIN } }
  }

  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/portal/api/me', headers: { cookie } })

  it('signs in with a session cookie (HttpOnly, SameSite=Lax, Path=/, not Secure over http) and the user with a CSRF token', async () => {
    const user = await createUser(clientA.clientId, 'admin', 'Mixed.Case@Example.com')
    const res = await login('  MIXED.case@example.COM', PASSWORD)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ user: { id: user.id, email: 'mixed.case@example.com', role: 'admin' }, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) })
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/^linkway_portal=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/)
    expect(setCookie).not.toContain('Secure')
    const current = await me(cookieOf(res))
    expect(current.statusCode).toBe(200)
    expect(current.json()).toEqual(res.json())
    expect(current.headers['cache-control']).toBe('no-store')
  })

  it('answers a wrong password and an unknown email the same way, in the wire error body', async () => {
    const user = await createUser(clientA.clientId)
    const wrong = await login(user.email, 'not the password at all')
    const unknown = await login('nobody@example.com', PASSWORD)
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401)
      expect(res.json()).toMatchObject({ statusCode: 401, service: 'PublicApi', error: 'Unauthorized: the email or password is incorrect.' })
      expect(res.headers['set-cookie']).toBeUndefined()
    }
    expect(wrong.json().error).toBe(unknown.json().error)
  })

  it('locks an account after 5 failures in 15 minutes, even for the right password, until the window ends', async () => {
    t.clock.set(new Date('2026-02-01T10:00:00.000Z'))
    const user = await createUser(clientA.clientId)
    // From different addresses: the account's limit, not an address's.
    for (let i = 0; i < 5; i++) expect((await login(user.email, `wrong password ${i}!`)).statusCode).toBe(401)
    const locked = await login(user.email, PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(locked.json()).toMatchObject({ statusCode: 429, error: 'You have made too many requests in a given amount of time; please retry later.' })
    expect(locked.headers['retry-after']).toBe('900')
    t.clock.advance(15 * 60_000)
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200)
  })

  it('limits failed sign-ins per address, whichever accounts they try', async () => {
    t.clock.set(new Date('2026-02-01T11:00:00.000Z'))
    const address = nextAddress()
    for (let i = 0; i < 8; i++) expect((await login(`probe${i}@example.com`, PASSWORD, address)).statusCode).toBe(401)
    const blocked = await login('probe-last@example.com', PASSWORD, address)
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    t.clock.advance(60_000)
  })

  it('ends a session idle for 30 minutes, and any session 12 hours after sign-in', async () => {
    t.clock.set(new Date('2026-02-02T08:00:00.000Z'))
    const user = await createUser(clientA.clientId)
    const idle = await signIn(user.email)
    t.clock.advance(29 * 60_000)
    expect((await me(idle.cookie)).statusCode).toBe(200)
    t.clock.advance(29 * 60_000)
    expect((await me(idle.cookie)).statusCode).toBe(200)
    t.clock.advance(30 * 60_000)
    const expired = await me(idle.cookie)
    expect(expired.statusCode).toBe(401)
    expect(expired.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized: sign in to the Portal first.' })

    const busy = await signIn(user.email)
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      t.clock.advance(20 * 60_000)
      expect((await me(busy.cookie)).statusCode, `after ${minutes} minutes`).toBe(200)
    }
    t.clock.advance(20 * 60_000)
    expect((await me(busy.cookie)).statusCode).toBe(401)
  })

  it('prunes sessions past their idle or absolute limit, which a request would refuse anyway', async () => {
    t.clock.set(new Date('2026-03-01T08:00:00.000Z'))
    const user = await createUser(clientA.clientId)
    const left = await signIn(user.email)
    const count = async () => (await t.database.db.selectFrom('portal_sessions').select('user_id').where('user_id', '=', user.id).execute()).length
    await portal.prune()
    expect(await count()).toBe(1)
    t.clock.advance(30 * 60_000)
    await portal.prune()
    expect(await count()).toBe(0)
    expect((await me(left.cookie)).statusCode).toBe(401)
  })

  it('logs out one session, or every session of the user', async () => {
    const user = await createUser(clientA.clientId)
    const first = await signIn(user.email)
    const second = await signIn(user.email)
    const third = await signIn(user.email)
    const out = await t.app.inject({ method: 'POST', url: '/portal/api/logout', headers: first.headers })
    expect(out.statusCode).toBe(204)
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0')
    expect((await me(first.cookie)).statusCode).toBe(401)
    expect((await me(second.cookie)).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'POST', url: '/portal/api/logout-everywhere', headers: second.headers })).statusCode).toBe(204)
    expect((await me(second.cookie)).statusCode).toBe(401)
    expect((await me(third.cookie)).statusCode).toBe(401)
  })

  it('refuses a change without the CSRF token, with a wrong one, or from another origin (403, wire body)', async () => {
    const user = await createUser(clientA.clientId)
    const s = await signIn(user.email)
    const attempts: Array<Record<string, string>> = [
      { cookie: s.cookie, ...ORIGIN },
      { cookie: s.cookie, 'x-csrf-token': 'A'.repeat(43), ...ORIGIN },
      { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: 'https://evil.example' },
      { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
      { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of attempts) {
      for (const [method, url, payload] of [
        ['POST', '/portal/api/logout', undefined],
        ['POST', '/companies', { name: 'Forged' }],
        ['POST', '/portal/api/invitations', { email: 'x@example.com', role: 'admin' }],
      ] as const) {
        const res = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
        expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(403)
        expect(res.json()).toMatchObject({ statusCode: 403, error: 'This request did not come from the Portal; reload the Portal and try again.' })
      }
    }
    // A same-origin fetch that sends no Origin is allowed by its Sec-Fetch-Site.
    const sameOrigin = await t.app.inject({ method: 'POST', url: '/companies', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'sec-fetch-site': 'same-origin' }, payload: { name: 'Ok' } })
    expect(sameOrigin.statusCode).toBe(200)
    // Signing in from another site's page is refused too (no login CSRF).
    expect((await t.app.inject({ method: 'POST', url: '/portal/api/login', headers: { origin: 'https://evil.example' }, payload: { email: user.email, password: PASSWORD } })).statusCode).toBe(403)
    expect((await me(s.cookie)).statusCode).toBe(200)
  })

  it('lets an admin session use the public API as its client, and never reach another client', async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const created = await t.app.inject({ method: 'POST', url: '/companies', headers: admin.headers, payload: { name: 'Made in the Portal' } })
    expect(created.statusCode).toBe(200)
    const ownCompany = created.json().id
    expect((await t.app.inject({ method: 'GET', url: `/companies/${ownCompany}`, headers: clientA.headers })).statusCode).toBe(200)
    const ofB = (await t.app.inject({ method: 'POST', url: '/companies', headers: clientB.headers, payload: { name: 'B only' } })).json().id
    const res = await t.app.inject({ method: 'GET', url: `/companies/${ofB}`, headers: { cookie: admin.cookie } })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ statusCode: 404, error: `No company was found with ID ${ofB}` })
    expect((await t.app.inject({ method: 'DELETE', url: `/companies/${ofB}`, headers: admin.headers })).statusCode).toBe(404)
    const listed = (await t.app.inject({ method: 'GET', url: '/companies?pageSize=100', headers: { cookie: admin.cookie } })).json().results.map((c: { id: string }) => c.id)
    expect(listed).toContain(ownCompany)
    expect(listed).not.toContain(ofB)
    // No cookie and no key: still the API's 401.
    expect((await t.app.inject({ method: 'GET', url: '/companies', headers: { cookie: 'linkway_portal=nonsense' } })).statusCode).toBe(401)
  })

  it('lets a viewer read but change nothing, through the public API or the users endpoints', async () => {
    const viewer = await signIn((await createUser(clientA.clientId, 'viewer')).email)
    expect((await t.app.inject({ method: 'GET', url: '/companies', headers: { cookie: viewer.cookie } })).statusCode).toBe(200)
    const refused = await t.app.inject({ method: 'POST', url: '/companies', headers: viewer.headers, payload: { name: 'Nope' } })
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ statusCode: 403, error: 'Forbidden: a Portal viewer may not do this.' })
    for (const [method, url, payload] of [
      ['GET', '/portal/api/users', undefined],
      ['GET', '/portal/api/audit', undefined],
      ['POST', '/portal/api/invitations', { email: 'v@example.com', role: 'admin' }],
      ['DELETE', `/portal/api/users/${viewer.userId}`, undefined],
      ['POST', `/portal/api/users/${viewer.userId}/role`, { role: 'admin' }],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: viewer.headers, ...(payload ? { payload } : {}) })
      expect(res.statusCode, url).toBe(403)
    }
  })

  it('makes the first admin once with the setup link, which expires after an hour', async () => {
    const fresh = await t.createClient('fresh')
    const { setupUrl } = await portal.prepareFirstAdmin(fresh.clientId)
    expect(setupUrl).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/portal/setup#token=[A-Za-z0-9_-]{43}$`))
    const token = setupUrl!.split('#token=')[1]!
    const setup = (email: string) => t.app.inject({ method: 'POST', url: '/portal/api/setup', headers: ORIGIN, payload: { token, email, password: PASSWORD } })
    const first = await setup('First.Admin@example.com')
    expect(first.statusCode).toBe(201)
    expect(first.json().user).toMatchObject({ email: 'first.admin@example.com', role: 'admin' })
    expect((await me(cookieOf(first))).statusCode).toBe(200)
    const again = await setup('second@example.com')
    expect(again.statusCode).toBe(400)
    expect(again.json()).toMatchObject({ statusCode: 400, error: 'This link is not valid: it has been used or has expired; ask for a new one.' })
    expect(await portal.prepareFirstAdmin(fresh.clientId)).toEqual({})

    const late = await t.createClient('late')
    const lateToken = (await portal.prepareFirstAdmin(late.clientId)).setupUrl!.split('#token=')[1]!
    t.clock.advance(SETUP_LINK_VALID_MS)
    const expired = await t.app.inject({ method: 'POST', url: '/portal/api/setup', headers: ORIGIN, payload: { token: lateToken, email: 'late@example.com', password: PASSWORD } })
    expect(expired.statusCode).toBe(400)
    // A short password is refused in the contract's words.
    const short = await t.app.inject({ method: 'POST', url: '/portal/api/setup', headers: ORIGIN, payload: { token: lateToken, email: 'late@example.com', password: 'short' } })
    expect(short.statusCode).toBe(400)
    expect(short.json().validation.errors[0]).toMatchObject({ itemId: 'password', message: 'password must be at least 12 characters' })
  })

  it('limits unknown setup and invitation links per address, like failed sign-ins', async () => {
    t.clock.set(new Date('2026-02-01T13:00:00.000Z'))
    const address = nextAddress()
    const unknownToken = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
    const use = (url: string, token: string) =>
      t.app.inject({ method: 'POST', url, headers: ORIGIN, remoteAddress: address, payload: { token, email: 'guess@example.com', password: PASSWORD } })
    const guesses = [
      ...Array.from({ length: 4 }, () => use('/portal/api/setup', unknownToken())),
      ...Array.from({ length: 3 }, () => use('/portal/api/invitations/accept', unknownToken())),
      use('/portal/api/invitations/accept', 'not-even-a-token'),
    ]
    for (const res of await Promise.all(guesses)) {
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ error: 'This link is not valid: it has been used or has expired; ask for a new one.' })
    }
    const blocked = await use('/portal/api/invitations/accept', unknownToken())
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json()).toMatchObject({ statusCode: 429, service: 'PublicApi' })
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    // Another address is not held back by this one's guesses.
    const fresh = await t.createClient('links-elsewhere')
    const token = (await portal.prepareFirstAdmin(fresh.clientId)).setupUrl!.split('#token=')[1]!
    const elsewhere = await t.app.inject({ method: 'POST', url: '/portal/api/setup', headers: ORIGIN, remoteAddress: nextAddress(), payload: { token, email: 'first@links.example', password: PASSWORD } })
    expect(elsewhere.statusCode).toBe(201)
    t.clock.advance(60_000)
  })

  it('counts a real link that can no longer be used against its address: an invitation to an email that became a user, a setup link of a client that has an admin', async () => {
    t.clock.set(new Date('2026-02-01T14:00:00.000Z'))
    const admin = await signIn((await createUser(clientA.clientId)).email)
    // Another client's user: the inviting admin is not told, the invitation fails when accepted.
    const taken = await createUser((await t.createClient('taken-elsewhere')).clientId, 'viewer')
    const invited = await t.app.inject({ method: 'POST', url: '/portal/api/invitations', headers: admin.headers, payload: { email: taken.email, role: 'viewer' } })
    expect(invited.statusCode, invited.body).toBe(201)
    const invitationToken = invited.json().url.split('#token=')[1] as string
    const late = await t.createClient('admin-made-otherwise')
    const setupToken = (await portal.prepareFirstAdmin(late.clientId)).setupUrl!.split('#token=')[1]!
    await createUser(late.clientId)

    const address = nextAddress()
    const accept = () => t.app.inject({ method: 'POST', url: '/portal/api/invitations/accept', headers: ORIGIN, remoteAddress: address, payload: { token: invitationToken, password: PASSWORD } })
    const setup = () => t.app.inject({ method: 'POST', url: '/portal/api/setup', headers: ORIGIN, remoteAddress: address, payload: { token: setupToken, email: 'second@late.example', password: PASSWORD } })
    for (let attempt = 0; attempt < 4; attempt++) {
      const refused = await accept()
      expect(refused.statusCode).toBe(409)
      expect(refused.json()).toMatchObject({ statusCode: 409, error: 'A Portal user with this email already exists.' })
      const again = await setup()
      expect(again.statusCode).toBe(400)
      expect(again.json()).toMatchObject({ error: 'This link is not valid: it has been used or has expired; ask for a new one.' })
    }
    // Eight refusals: the ninth try, with either link, is held back like a ninth wrong password.
    expect((await accept()).statusCode).toBe(429)
    expect((await setup()).statusCode).toBe(429)
    t.clock.advance(60_000)
  })

  it('invites a colleague with a single-use link valid 7 days; they sign in with the role given', async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const invite = async (email: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/portal/api/invitations', headers: admin.headers, payload: { email, role: 'viewer' } })
      expect(res.statusCode).toBe(201)
      return res.json().url.split('#token=')[1] as string
    }
    const accept = (token: string) => t.app.inject({ method: 'POST', url: '/portal/api/invitations/accept', headers: ORIGIN, payload: { token, password: PASSWORD } })
    const token = await invite('Colleague@Example.com')
    const accepted = await accept(token)
    expect(accepted.statusCode).toBe(201)
    expect(accepted.json().user).toMatchObject({ email: 'colleague@example.com', role: 'viewer' })
    expect((await me(cookieOf(accepted))).json().user.role).toBe('viewer')
    expect((await accept(token)).statusCode).toBe(400)
    const listed = (await t.app.inject({ method: 'GET', url: '/portal/api/users', headers: { cookie: admin.cookie } })).json().results
    expect(listed.map((u: { email: string }) => u.email)).toContain('colleague@example.com')
    expect((await t.app.inject({ method: 'POST', url: '/portal/api/invitations', headers: admin.headers, payload: { email: 'colleague@example.com', role: 'admin' } })).statusCode).toBe(409)

    const lateToken = await invite('late-colleague@example.com')
    t.clock.advance(INVITATION_VALID_MS)
    // A fresh sign-in: the admin's own session has expired meanwhile.
    expect((await accept(lateToken)).statusCode).toBe(400)
  })

  it('ends the invitations an admin made when that admin is removed or made a viewer, and lets admins list and revoke pending ones', async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const rogue = await signIn((await createUser(clientA.clientId)).email)
    const demoted = await signIn((await createUser(clientA.clientId)).email)
    const invite = async (by: Signed, email: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/portal/api/invitations', headers: by.headers, payload: { email, role: 'admin' } })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().url.split('#token=')[1] as string
    }
    const accept = (token: string) => t.app.inject({ method: 'POST', url: '/portal/api/invitations/accept', headers: ORIGIN, payload: { token, password: PASSWORD } })
    const byRogue = await invite(rogue, `friend-of-rogue-${userCount}@example.com`)
    const byDemoted = await invite(demoted, `friend-of-demoted-${userCount}@example.com`)
    const byAdmin = await invite(admin, `kept-${userCount}@example.com`)
    const revoked = await invite(admin, `revoked-${userCount}@example.com`)

    const pending = await t.app.inject({ method: 'GET', url: '/portal/api/invitations', headers: { cookie: admin.cookie } })
    expect(pending.statusCode).toBe(200)
    const emails = pending.json().results.map((row: { email: string }) => row.email)
    expect(emails).toEqual(expect.arrayContaining([`kept-${userCount}@example.com`, `revoked-${userCount}@example.com`]))
    const revokedRow = pending.json().results.find((row: { email: string }) => row.email === `revoked-${userCount}@example.com`)
    expect(revokedRow).toMatchObject({ role: 'admin', invitedBy: expect.stringMatching(/@example\.com$/), expiresDate: expect.any(String) })
    expect(revokedRow.id).not.toBe(revoked)

    expect((await t.app.inject({ method: 'DELETE', url: `/portal/api/users/${rogue.userId}`, headers: admin.headers })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'POST', url: `/portal/api/users/${demoted.userId}/role`, headers: admin.headers, payload: { role: 'viewer' } })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'DELETE', url: `/portal/api/invitations/${revokedRow.id}`, headers: admin.headers })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'DELETE', url: `/portal/api/invitations/${revokedRow.id}`, headers: admin.headers })).statusCode).toBe(404)

    expect((await accept(byRogue)).statusCode).toBe(400)
    expect((await accept(byDemoted)).statusCode).toBe(400)
    expect((await accept(revoked)).statusCode).toBe(400)
    expect((await accept(byAdmin)).statusCode).toBe(201)

    // A viewer neither lists nor revokes; another client's admin cannot revoke this client's invitation.
    const viewer = await signIn((await createUser(clientA.clientId, 'viewer')).email)
    expect((await t.app.inject({ method: 'GET', url: '/portal/api/invitations', headers: { cookie: viewer.cookie } })).statusCode).toBe(403)
    const another = await invite(admin, `another-${userCount}@example.com`)
    const anotherId = (await t.app.inject({ method: 'GET', url: '/portal/api/invitations', headers: { cookie: admin.cookie } })).json().results[0].id as string
    const otherAdmin = await signIn((await createUser(clientB.clientId)).email)
    expect((await t.app.inject({ method: 'DELETE', url: `/portal/api/invitations/${anotherId}`, headers: otherAdmin.headers })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'DELETE', url: '/portal/api/invitations/not-an-id', headers: admin.headers })).statusCode).toBe(400)
    expect((await accept(another)).statusCode).toBe(201)
  })

  it("does not tell an admin that an email belongs to another client's user", async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const elsewhere = await createUser(clientB.clientId)
    const res = await t.app.inject({ method: 'POST', url: '/portal/api/invitations', headers: admin.headers, payload: { email: elsewhere.email, role: 'viewer' } })
    expect(res.statusCode).toBe(201)
    const notYetAUser = await t.app.inject({ method: 'POST', url: '/portal/api/invitations', headers: admin.headers, payload: { email: `nobody-${userCount}@example.com`, role: 'viewer' } })
    expect(notYetAUser.statusCode).toBe(201)
    // The invited person, who owns that email, learns it when accepting; the user stays B's.
    const accepted = await t.app.inject({ method: 'POST', url: '/portal/api/invitations/accept', headers: ORIGIN, payload: { token: res.json().url.split('#token=')[1], password: PASSWORD } })
    expect(accepted.statusCode).toBe(409)
  })

  it("refuses a viewer the API's credentials (company access tokens, webhook secrets), audits an admin's reads of them, and keeps a session's answers out of caches", async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const viewer = await signIn((await createUser(clientA.clientId, 'viewer')).email)
    const companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: clientA.headers, payload: { name: 'Tokens Ltd' } })).json().id as string
    const webhookId = (await t.app.inject({ method: 'POST', url: '/webhooks', headers: clientA.headers, payload: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['company.created'] } })).json().id as string
    for (const url of [`/companies/${companyId}/accessToken`, `/companies/${companyId}/connectionManagement/accessToken`, `/webhooks/${webhookId}/secret`]) {
      for (const method of ['GET', 'HEAD'] as const) {
        const refused = await t.app.inject({ method, url, headers: { cookie: viewer.cookie } })
        expect(refused.statusCode, `${method} ${url}`).toBe(403)
      }
      const read = await t.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } })
      expect(read.statusCode, url).toBe(200)
      expect(read.headers['cache-control'], url).toBe('no-store')
    }
    const audit = (await t.app.inject({ method: 'GET', url: '/portal/api/audit', headers: { cookie: admin.cookie } })).json().results as { action: string; userId: string }[]
    const reads = audit.filter((entry) => entry.userId === admin.userId).map((entry) => entry.action)
    expect(reads).toEqual(expect.arrayContaining(['GET /companies/:companyId/accessToken', 'GET /companies/:companyId/connectionManagement/accessToken', 'GET /webhooks/:webhookId/secret']))
    // An ordinary read: the client's data in a browser, never cached, and varying by cookie.
    const listed = await t.app.inject({ method: 'GET', url: '/companies', headers: { cookie: viewer.cookie } })
    expect(listed.statusCode).toBe(200)
    expect(listed.headers['cache-control']).toBe('no-store')
    expect(String(listed.headers.vary)).toContain('Cookie')
  })

  it("keeps the live preview's drafts out of the audit log, but not a saved change, and refuses a viewer the preview POST", async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const viewer = await signIn((await createUser(clientA.clientId, 'viewer')).email)
    const settings = (await t.app.inject({ method: 'GET', url: '/linkSettings', headers: { cookie: admin.cookie } })).json()
    for (let draft = 0; draft < 3; draft++) {
      const preview = await t.app.inject({ method: 'POST', url: '/linkSettings/preview', headers: admin.headers, payload: { settings, lang: 'en' } })
      expect(preview.statusCode, preview.body).toBe(200)
    }
    expect((await t.app.inject({ method: 'POST', url: '/linkSettings/preview', headers: { cookie: admin.cookie, ...ORIGIN }, payload: { settings, lang: 'en' } })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'POST', url: '/linkSettings/preview', headers: viewer.headers, payload: { settings, lang: 'en' } })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'PUT', url: '/linkSettings', headers: admin.headers, payload: settings })).statusCode).toBe(200)
    const actions = ((await t.app.inject({ method: 'GET', url: '/portal/api/audit', headers: { cookie: admin.cookie } })).json().results as { action: string; userId: string }[]).filter((entry) => entry.userId === admin.userId).map((entry) => entry.action)
    expect(actions).toEqual(['PUT /linkSettings'])
  })

  it('trusts no session cookie that comes twice (one may be planted beside ours)', async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const viewer = await signIn((await createUser(clientA.clientId, 'viewer')).email)
    const both = `${viewer.cookie}; ${admin.cookie}`
    expect((await me(both)).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/companies', headers: { cookie: both } })).statusCode).toBe(401)
    expect((await me(admin.cookie)).statusCode).toBe(200)
  })

  it('never removes or demotes the last admin; removing a user ends their sessions', async () => {
    const solo = await t.createClient('solo')
    const adminUser = await createUser(solo.clientId)
    const viewerUser = await createUser(solo.clientId, 'viewer')
    const admin = await signIn(adminUser.email)
    const viewer = await signIn(viewerUser.email)
    const removeSelf = await t.app.inject({ method: 'DELETE', url: `/portal/api/users/${adminUser.id}`, headers: admin.headers })
    expect(removeSelf.statusCode).toBe(409)
    expect(removeSelf.json()).toMatchObject({ statusCode: 409, error: 'The last admin cannot be removed or made a viewer; make another user an admin first.' })
    expect((await t.app.inject({ method: 'POST', url: `/portal/api/users/${adminUser.id}/role`, headers: admin.headers, payload: { role: 'viewer' } })).statusCode).toBe(409)
    // Another client's user is not found.
    const other = await createUser(clientB.clientId)
    expect((await t.app.inject({ method: 'DELETE', url: `/portal/api/users/${other.id}`, headers: admin.headers })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'DELETE', url: `/portal/api/users/${viewerUser.id}`, headers: admin.headers })).statusCode).toBe(204)
    expect((await me(viewer.cookie)).statusCode).toBe(401)
  })

  it('records changes in the audit log, with secrets redacted, for admins to filter', async () => {
    const auditor = await t.createClient('audited')
    const adminUser = await createUser(auditor.clientId)
    const admin = await signIn(adminUser.email)
    const viewerUser = await createUser(auditor.clientId, 'viewer')
    expect((await t.app.inject({ method: 'POST', url: `/portal/api/users/${viewerUser.id}/role`, headers: admin.headers, payload: { role: 'admin' } })).statusCode).toBe(200)
    const secret = 'sup3r-secret-client-value'
    const put = await t.app.inject({ method: 'PUT', url: '/integrations/gbol/credentials', headers: admin.headers, payload: { clientId: 'xero-app', clientSecret: secret } })
    expect(put.statusCode, put.body).toBe(200)
    const viewer = await signIn((await createUser(auditor.clientId, 'viewer')).email)
    expect((await t.app.inject({ method: 'POST', url: '/companies', headers: viewer.headers, payload: { name: 'Refused' } })).statusCode).toBe(403)

    const page = await t.app.inject({ method: 'GET', url: '/portal/api/audit', headers: { cookie: admin.cookie } })
    expect(page.statusCode).toBe(200)
    const entries = page.json().results
    expect(JSON.stringify(entries)).not.toContain(secret)
    expect(entries.find((e: { action: string }) => e.action === 'user.role')).toMatchObject({
      userId: adminUser.id,
      userEmail: adminUser.email,
      targetIds: { userId: viewerUser.id },
      before: { id: viewerUser.id, role: 'viewer' },
      after: { id: viewerUser.id, role: 'admin' },
      status: 200,
    })
    expect(entries.find((e: { action: string }) => e.action === 'PUT /integrations/:platformKey/credentials')).toMatchObject({
      targetIds: { platformKey: 'gbol' },
      after: { requestBody: { clientId: 'xero-app', clientSecret: '[redacted]' } },
      status: 200,
    })
    expect(entries.find((e: { action: string }) => e.action === 'POST /companies')).toMatchObject({ status: 403 })
    // A body the API refuses, which jsonb could not hold as sent, is still recorded.
    const hostile = await t.app.inject({ method: 'POST', url: '/companies', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '{"name":"a\\u0000b\\ud800","token\\u0000":"x"}' })
    expect(hostile.statusCode).toBe(400)
    const recorded = (await t.app.inject({ method: 'GET', url: '/portal/api/audit?action=POST%20%2Fcompanies', headers: { cookie: admin.cookie } })).json().results
    expect(recorded[0]).toMatchObject({ status: 400, after: { requestBody: { name: 'a\uFFFDb\uFFFD', 'token\uFFFD': '[redacted]' } } })
    const filtered = await t.app.inject({ method: 'GET', url: `/portal/api/audit?action=user.role&userId=${adminUser.id}`, headers: { cookie: admin.cookie } })
    expect(filtered.json().results.map((e: { action: string }) => e.action)).toEqual(['user.role'])
    const none = await t.app.inject({ method: 'GET', url: `/portal/api/audit?from=2030-01-01T00:00:00Z`, headers: { cookie: admin.cookie } })
    expect(none.json().results).toEqual([])
    // Another client's admin sees none of it.
    const otherAdmin = await signIn((await createUser(clientB.clientId)).email)
    const theirs = (await t.app.inject({ method: 'GET', url: '/portal/api/audit', headers: { cookie: otherAdmin.cookie } })).json().results
    expect(theirs.some((e: { userEmail: string }) => e.userEmail === adminUser.email)).toBe(false)
  })

  it("refuses the audit log's filters and a sign-in's email in the contract's words, before the database sees them", async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const audit = (query: string) => t.app.inject({ method: 'GET', url: `/portal/api/audit?${query}`, headers: { cookie: admin.cookie } })
    const cases: Array<[string, string, string]> = [
      ['action=user%00role', 'action', 'must not contain the NUL character (U+0000)'],
      ['from=0001-01-01T00:00:00%2B23:59', 'from', 'from must be between 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z'],
      ['to=9999-12-31T23:59:59-23:59', 'to', 'to must be between 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z'],
      ['page=99999999999999999999', 'page', 'page must be at most 10000'],
      ['page=0x10', 'page', 'page must be a whole number'],
      ['page=1e3', 'page', 'page must be a whole number'],
    ]
    for (const [query, itemId, message] of cases) {
      const res = await audit(query)
      expect(res.statusCode, query).toBe(400)
      expect(res.json().validation.errors, query).toEqual([expect.objectContaining({ itemId, message })])
    }
    expect((await audit('page=2')).json()).toMatchObject({ page: 2 })
    const nul = await login('admin\u0000@example.com', PASSWORD)
    expect(nul.statusCode).toBe(400)
    expect(nul.json().validation.errors).toEqual([expect.objectContaining({ itemId: 'email', message: 'must not contain the NUL character (U+0000)' })])
  })

  it('keeps no raw session id, password or link token in the database', async () => {
    const user = await createUser(clientA.clientId)
    const s = await signIn(user.email)
    const rows = JSON.stringify([
      await t.database.db.selectFrom('portal_users').selectAll().execute(),
      await t.database.db.selectFrom('portal_sessions').selectAll().execute(),
    ])
    expect(rows).not.toContain(PASSWORD)
    expect(rows).not.toContain(s.cookie.split('=')[1])
    const hash = (await t.database.db.selectFrom('portal_users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash
    // The app hashes with the parameters it was given (the test app's cheaper N; a process uses SCRYPT_PARAMETERS).
    expect(hash).toMatch(new RegExp(`^scrypt\\$${TEST_PASSWORD_HASHING.N}\\$8\\$1\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{86}==$`))
  })

  it('answers hostile input on every Portal route below 500, in the wire error body', async () => {
    const admin = await signIn((await createUser(clientA.clientId)).email)
    const routes = [
      ['POST', '/portal/api/setup'],
      ['POST', '/portal/api/login'],
      ['POST', '/portal/api/invitations'],
      ['POST', '/portal/api/invitations/accept'],
      ['POST', `/portal/api/users/${admin.userId}/role`],
      ['POST', '/portal/api/users/not-a-uuid/role'],
      ['DELETE', '/portal/api/users/not-a-uuid'],
      ['GET', '/portal/api/audit?page=-1&from=yesterday&userId=x'],
      ['GET', '/portal/api/audit?action=%00&page=99999999'],
    ] as const
    const bodies = [...HOSTILE_BODIES, '{"email":"a@b.c","password":"x\\u0000yyyyyyyyyyyy","token":"' + 'A'.repeat(43) + '"}', '{"token":null}', '{"role":"owner"}']
    for (const [method, url] of routes) {
      for (const body of bodies) {
        for (const headers of [admin.headers, { ...ORIGIN }, {}]) {
          const res = await t.app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, remoteAddress: '198.51.100.7', ...(method === 'GET' ? {} : { payload: body }) })
          expect(res.statusCode, `${method} ${url} ${body.slice(0, 80)}`).toBeLessThan(500)
          if (res.statusCode >= 400) expect(ErrorMessage.safeParse(res.json()).success, res.body).toBe(true)
        }
      }
    }
    expect((await me(admin.cookie)).statusCode).toBe(200)
  })

  describe('in the request log', () => {
    afterEach(() => {
      vi.restoreAllMocks()
    })

    it('never writes a password, a session id or a CSRF token', async () => {
      const user = await createUser(clientA.clientId)
      const written: string[] = []
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true))
      const logged = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: 'trace', logFormat: 'json' } })
      try {
        const res = await logged.inject({ method: 'POST', url: '/portal/api/login', headers: ORIGIN, remoteAddress: nextAddress(), payload: { email: user.email, password: PASSWORD } })
        const cookie = cookieOf(res)
        const csrf = res.json().csrfToken as string
        await logged.inject({ method: 'GET', url: '/portal/api/me', headers: { cookie } })
        await logged.inject({ method: 'POST', url: '/companies', headers: { cookie, 'x-csrf-token': csrf, ...ORIGIN }, payload: { name: 'logged' } })
        await logged.inject({ method: 'POST', url: '/portal/api/login', headers: ORIGIN, remoteAddress: nextAddress(), payload: { email: user.email, password: 'wrong password here' } })
        const log = written.join('')
        expect(log).toContain('/portal/api/me')
        expect(log).not.toContain(PASSWORD)
        expect(log).not.toContain('wrong password here')
        expect(log).not.toContain(cookie.split('=')[1])
        expect(log).not.toContain(csrf)
      } finally {
        await logged.close()
      }
    })
  })
})

describe.each(testedBackends())('Portal settings on %s', (backend) => {
  it('marks the cookie Secure when PUBLIC_URL is https, and makes the first admin from the environment', async () => {
    const publicUrl = 'https://linkway.example.com'
    const t = await createTestApp(backend, { publicUrl, portal: { firstAdmin: { email: 'ops@example.com', password: PASSWORD } } })
    try {
      const client = await t.createClient()
      const portal = createAppServices(t.deps).portalUsers
      expect(await portal.prepareFirstAdmin(client.clientId)).toEqual({ createdAdmin: 'ops@example.com' })
      expect(await portal.prepareFirstAdmin(client.clientId)).toEqual({})
      const res = await t.app.inject({ method: 'POST', url: '/portal/api/login', headers: { origin: publicUrl }, payload: { email: 'ops@example.com', password: PASSWORD } })
      expect(res.statusCode).toBe(200)
      // __Host-: a browser takes it only from this host, Secure, on Path=/: no subdomain can plant one.
      expect(String(res.headers['set-cookie'])).toMatch(/^__Host-linkway_portal=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/)
      const cookie = String(res.headers['set-cookie']).split(';')[0]!
      expect((await t.app.inject({ method: 'GET', url: '/portal/api/me', headers: { cookie } })).statusCode).toBe(200)
      // The plain name is not read over https.
      expect((await t.app.inject({ method: 'GET', url: '/portal/api/me', headers: { cookie: cookie.replace('__Host-', '') } })).statusCode).toBe(401)
    } finally {
      await t.close()
    }
  })
})
