/**
 * The per-address limits: requests with no valid API key, and the keyless Link endpoints (the
 * component's changes, the Invite company form), each counted across every app on the database;
 * and TRUST_PROXY, which decides whose X-Forwarded-For names the address.
 */
import { testedBackends } from '@linkway/test-kit'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../app.js'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'
import { addressKey } from './service.js'

const BAD_KEY = { authorization: 'Bearer lwk_not_a_key_0000000000000000000000000000000' }
const TOO_MANY = 'You have made too many requests in a given amount of time; please retry later.'

describe('addressKey', () => {
  it('counts an IPv6 host by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7')
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7')
  })
})

describe.each(testedBackends())('the per-address limits on %s', (backend) => {
  let t: TestApp
  /** A second app on the same database: another process, as far as the limits can tell. */
  let second: FastifyInstance
  let client: TestClient

  const from = (app: FastifyInstance, address: string, headers: Record<string, string>, url = '/companies') =>
    app.inject({ method: 'GET', url, remoteAddress: address, headers })

  beforeAll(async () => {
    t = await createTestApp(backend, { rateLimits: { authFailuresPerMinute: 3, linkPerMinute: 3, invitesPerMinute: 2 } })
    second = await buildApp(t.deps)
    await second.ready()
    client = await t.createClient()
  })
  afterAll(async () => {
    await second?.close()
    await t?.close()
  })

  it('limits requests with no valid API key per address, across apps; past it even a valid key is refused until the minute ends', async () => {
    t.clock.set('2026-01-01T00:00:00.000Z')
    const failures = [
      await from(t.app, '10.0.0.1', BAD_KEY),
      await from(second, '10.0.0.1', BAD_KEY),
      await from(t.app, '10.0.0.1', {}),
      await from(second, '10.0.0.1', BAD_KEY),
    ]
    expect(failures.map((res) => res.statusCode)).toEqual([401, 401, 401, 429])
    t.clock.advance(20_000)
    const refused = await from(t.app, '10.0.0.1', BAD_KEY)
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBe('40')
    expect(refused.json()).toMatchObject({ statusCode: 429, service: 'PublicApi', error: TOO_MANY })
    // Blocked before its key is looked at: the right key from that address is refused too.
    expect((await from(second, '10.0.0.1', client.headers)).statusCode).toBe(429)
    // Another address is not affected, nor is a good key's own count.
    expect((await from(t.app, '10.0.0.2', client.headers)).statusCode).toBe(200)
    expect((await from(t.app, '10.0.0.2', BAD_KEY)).statusCode).toBe(401)
    t.clock.set('2026-01-01T00:01:00.000Z')
    expect((await from(t.app, '10.0.0.1', client.headers)).statusCode).toBe(200)
    expect((await from(second, '10.0.0.1', BAD_KEY)).statusCode).toBe(401)
  })

  it('limits the Link component’s changes per address, across apps, whether or not they carry the page’s token', async () => {
    t.clock.set('2026-01-01T01:00:00.000Z')
    const companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: { name: 'Toft stores' } })).json().id
    const page = await t.app.inject({ method: 'GET', url: `/link/company/${companyId}` })
    const token = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!).linkToken
    const cookie = String(page.headers['set-cookie']).split(';')[0]!
    const sessionId = '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
    const event = (app: FastifyInstance, address: string, headers: Record<string, string> = { 'x-link-token': token, cookie, origin: TEST_PUBLIC_URL }) =>
      app.inject({ method: 'POST', url: `/link/api/companies/${companyId}/events`, remoteAddress: address, headers, payload: { sessionId, event: 'opened' } })

    expect((await event(t.app, '10.1.0.1')).statusCode).toBe(204)
    expect((await event(second, '10.1.0.1', {})).statusCode).toBe(403)
    expect((await event(t.app, '10.1.0.1')).statusCode).toBe(204)
    const refused = await event(second, '10.1.0.1')
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toMatchObject({ statusCode: 429, error: TOO_MANY })
    expect(refused.headers['retry-after']).toBe('60')
    // Reading is not limited; another address is not affected; the next minute starts afresh.
    expect((await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session`, remoteAddress: '10.1.0.1' })).statusCode).toBe(200)
    expect((await event(t.app, '10.1.0.2')).statusCode).toBe(204)
    t.clock.advance(60_000)
    expect((await event(second, '10.1.0.1')).statusCode).toBe(204)
  })

  it('limits the Invite company form per address, across apps', async () => {
    t.clock.set('2026-01-01T02:00:00.000Z')
    const invite = (app: FastifyInstance, address: string, companyName: string) =>
      app.inject({
        method: 'POST',
        url: `/link/client/${client.clientId}`,
        remoteAddress: address,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ companyName }).toString(),
      })
    expect((await invite(t.app, '10.2.0.1', 'First')).statusCode).toBe(303)
    expect((await invite(second, '10.2.0.1', 'Second')).statusCode).toBe(303)
    t.clock.advance(15_000)
    const refused = await invite(t.app, '10.2.0.1', 'Third')
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBe('45')
    expect(refused.body).toContain('Too many attempts')
    expect((await invite(second, '10.2.0.2', 'Elsewhere')).statusCode).toBe(303)
  })
})

describe('TRUST_PROXY', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp('pglite', { trustProxy: ['10.9.0.1'], rateLimits: { authFailuresPerMinute: 2 } })
  })
  afterAll(async () => {
    await t?.close()
  })

  const fail = (remoteAddress: string, forwardedFor: string) =>
    t.app.inject({ method: 'GET', url: '/companies', remoteAddress, headers: { ...BAD_KEY, 'x-forwarded-for': forwardedFor } })

  it('counts a request through a listed proxy against the address it forwards for', async () => {
    expect((await fail('10.9.0.1', '203.0.113.7')).statusCode).toBe(401)
    expect((await fail('10.9.0.1', '203.0.113.7')).statusCode).toBe(401)
    expect((await fail('10.9.0.1', '203.0.113.7')).statusCode).toBe(429)
    // The proxy itself, and the other people behind it, are not blocked with that one.
    expect((await fail('10.9.0.1', '203.0.113.8')).statusCode).toBe(401)
    // What the person put in the header themselves, left of what the proxy saw, is not believed.
    expect((await fail('10.9.0.1', '198.51.100.1, 203.0.113.7')).statusCode).toBe(429)
  })

  it('ignores X-Forwarded-For from anywhere else: a spoofed header does not move the count', async () => {
    expect((await fail('10.9.0.9', '198.51.100.1')).statusCode).toBe(401)
    expect((await fail('10.9.0.9', '198.51.100.2')).statusCode).toBe(401)
    expect((await fail('10.9.0.9', '198.51.100.3')).statusCode).toBe(429)
  })
})
