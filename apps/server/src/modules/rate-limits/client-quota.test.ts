/**
 * A client's daily quota through the API, as the reference has it: the X-Rate-Limit-* headers on
 * every answer, 429 in the wire error body with Retry-After past the quota, the count shared by
 * every app on the database, a new window at 00:00 UTC, and client.rateLimit.reached / .reset
 * sent once per window whichever app or worker sees the crossing.
 */
import { testedBackends } from '@linkway/test-kit'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../app.js'
import { silentLogger } from '../../app-deps.js'
import { createAppServices } from '../../app-services.js'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'
import { startWorkers } from '../../workers.js'
import { createRateLimitsService } from './service.js'
import type { RateLimitStore } from './counter-store.js'

const QUOTA = 5
/** 2026-01-02T00:00:00Z, the end of the test clock's first day, in Unix seconds. */
const FIRST_DAY_END = '1767312000'
const TOO_MANY = 'You have made too many requests in a given amount of time; please retry later.'

describe.each(testedBackends())('the client quota on %s', (backend) => {
  let t: TestApp
  /** A second app on the same database: another process, as far as the limits can tell. */
  let second: FastifyInstance
  let client: TestClient

  const call = (app: FastifyInstance, method: 'GET' | 'POST', url: string, payload?: object, who: TestClient = client) =>
    app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })
  const events = async (clientId: string) =>
    (
      await sql<{ event_type: string; payload: Record<string, unknown> }>`
        select event_type, payload from webhook_events where client_id = ${clientId} and event_type like 'client.rateLimit.%' order by generated_at, event_type
      `.execute(t.database.db)
    ).rows
  /** Subscribes the client to both events (one API request, counted like any other). */
  const subscribe = async (who: TestClient) => {
    const res = await call(t.app, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['client.rateLimit.reached', 'client.rateLimit.reset'] }, who)
    expect(res.statusCode, res.body).toBe(201)
  }

  beforeAll(async () => {
    t = await createTestApp(backend, { rateLimits: { clientPerDay: QUOTA, clientPerLinkedCompanyPerDay: 0 } })
    second = await buildApp(t.deps)
    await second.ready()
  })
  afterAll(async () => {
    await second?.close()
    await t?.close()
  })
  beforeEach(async () => {
    t.clock.set('2026-01-01T00:00:00.000Z')
    client = await t.createClient()
  })

  it('answers every API request with X-Rate-Limit-Limit, -Remaining and -Reset, whatever the status', async () => {
    const answers = [
      await call(t.app, 'GET', '/companies'),
      await call(t.app, 'POST', '/companies', { name: 'Toft stores' }),
      await call(t.app, 'POST', '/companies', { name: '' }),
      await call(t.app, 'GET', '/companies/00000000-0000-4000-8000-000000000000'),
    ]
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 400, 404])
    expect(answers.map((res) => [res.headers['x-rate-limit-limit'], res.headers['x-rate-limit-remaining'], res.headers['x-rate-limit-reset']])).toEqual([
      ['5', '4', FIRST_DAY_END],
      ['5', '3', FIRST_DAY_END],
      ['5', '2', FIRST_DAY_END],
      ['5', '1', FIRST_DAY_END],
    ])
    // No key, no client: no quota to report (the address's failure limit applies instead).
    const anonymous = await t.app.inject({ method: 'GET', url: '/companies' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.headers['x-rate-limit-limit']).toBeUndefined()
  })

  it('answers 429 in the wire error body with Retry-After past the quota, until 00:00 UTC', async () => {
    for (let i = 0; i < QUOTA; i += 1) expect((await call(t.app, 'GET', '/companies')).statusCode).toBe(200)
    t.clock.advance(1_500)
    const refused = await call(t.app, 'POST', '/companies', { name: 'Not made' })
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual({
      statusCode: 429,
      service: 'PublicApi',
      error: TOO_MANY,
      correlationId: refused.headers['x-correlation-id'],
      validation: null,
      canBeRetried: 'Unknown',
      detailedErrorCode: 0,
    })
    expect(refused.headers['retry-after']).toBe('86399')
    expect([refused.headers['x-rate-limit-limit'], refused.headers['x-rate-limit-remaining'], refused.headers['x-rate-limit-reset']]).toEqual(['5', '0', FIRST_DAY_END])
    // Refused before the handler: nothing was created.
    const companies = await t.database.db.selectFrom('companies').select('id').where('client_id', '=', client.clientId).execute()
    expect(companies).toEqual([])
    // Another client's quota is its own.
    const other = await t.createClient()
    expect((await call(t.app, 'GET', '/companies', undefined, other)).statusCode).toBe(200)

    t.clock.set('2026-01-01T23:59:59.000Z')
    const last = await call(t.app, 'GET', '/companies')
    expect([last.statusCode, last.headers['retry-after']]).toEqual([429, '1'])
    t.clock.set('2026-01-02T00:00:00.000Z')
    const nextDay = await call(t.app, 'GET', '/companies')
    expect(nextDay.statusCode).toBe(200)
    expect([nextDay.headers['x-rate-limit-remaining'], nextDay.headers['x-rate-limit-reset']]).toEqual(['4', String(Number(FIRST_DAY_END) + 86_400)])
  })

  it('counts across every app on the database, so the quota holds across processes', async () => {
    const answers = []
    for (let i = 0; i < QUOTA + 2; i += 1) answers.push(await call(i % 2 === 0 ? t.app : second, 'GET', '/companies'))
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 200, 200, 200, 429, 429])
    expect(answers.map((res) => res.headers['x-rate-limit-remaining'])).toEqual(['4', '3', '2', '1', '0', '0', '0'])
    // At once, from both: exactly the quota goes through.
    const racer = await t.createClient()
    const raced = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i % 2 === 0 ? t.app : second, 'GET', '/companies', undefined, racer)))
    expect(raced.filter((res) => res.statusCode === 200)).toHaveLength(QUOTA)
    expect(raced.filter((res) => res.statusCode === 429)).toHaveLength(12 - QUOTA)
  })

  it('sends client.rateLimit.reached once when the quota is crossed, and client.rateLimit.reset once when its window ends', async () => {
    await subscribe(client)
    const raced = await Promise.all(Array.from({ length: 10 }, (_, i) => call(i % 2 === 0 ? t.app : second, 'GET', '/companies')))
    expect(raced.filter((res) => res.statusCode === 429)).toHaveLength(10 - (QUOTA - 1))
    expect(await events(client.clientId)).toEqual([
      { event_type: 'client.rateLimit.reached', payload: { dailyQuota: 5, quotaRemaining: 0, expiryDate: '2026-01-02T00:00:00.000Z' } },
    ])

    // Before the window ends, the sweep has nothing to say. One worker as a process starts it, one as bare services.
    const workerProcess = await startWorkers(
      { ...t.deps, logger: silentLogger, config: { ...t.deps.config, syncConcurrency: 1, webhookDisableAfterMs: 1, webhookRetentionMs: 1 } },
      { only: ['rate-limits'], rateLimitSweepEveryMs: 3_600_000 },
    )
    const workers = [workerProcess.services.rateLimits, createAppServices(t.deps).rateLimits]
    await workerProcess.sweeps.rateLimits!.runNow()
    expect(await events(client.clientId)).toHaveLength(1)
    // The new day's first requests come before the sweep: the reset says what is left of the new quota.
    t.clock.set('2026-01-02T00:00:05.000Z')
    expect((await call(second, 'GET', '/companies')).statusCode).toBe(200)
    expect((await call(t.app, 'GET', '/companies')).statusCode).toBe(200)
    // Two workers sweep at once (other tests' clients went over too): each reset goes out once.
    const sent = await Promise.all(workers.map((worker) => worker.sweep()))
    expect(sent[0]! + sent[1]!).toBeGreaterThanOrEqual(1)
    expect(await workers[1]!.sweep()).toBe(0)
    expect(await events(client.clientId)).toEqual([
      { event_type: 'client.rateLimit.reached', payload: { dailyQuota: 5, quotaRemaining: 0, expiryDate: '2026-01-02T00:00:00.000Z' } },
      { event_type: 'client.rateLimit.reset', payload: { dailyQuota: 5, quotaRemaining: 3, expiryDate: '2026-01-03T00:00:00.000Z' } },
    ])
    // A day within the quota sends nothing.
    t.clock.set('2026-01-03T00:00:05.000Z')
    expect(await workers[0]!.sweep()).toBe(0)
    expect(await events(client.clientId)).toHaveLength(2)
    await workerProcess.stop()
  })

  it('forgets ended windows at the sweep', async () => {
    await call(t.app, 'GET', '/companies')
    const windows = () => t.database.db.selectFrom('rate_limit_counters').select('key').where('key', '=', `client:${client.clientId}`).execute()
    expect(await windows()).toHaveLength(1)
    t.clock.set('2026-01-02T00:00:00.000Z')
    await createAppServices(t.deps).rateLimits.sweep()
    expect(await windows()).toEqual([])
  })
})

describe('the daily quota', () => {
  it('is RATE_LIMIT_PER_DAY plus RATE_LIMIT_PER_LINKED_COMPANY_PER_DAY for each linked company, fixed by the window’s first request', async () => {
    const hits: Array<{ key: string; maxCount: number }> = []
    const store: RateLimitStore = {
      hit: async (key, window) => {
        hits.push({ key, maxCount: window.maxCount })
        return { count: 1, maxCount: window.maxCount }
      },
      peek: async () => undefined,
      prune: async () => 0,
      close: async () => {},
    }
    let linked = 3
    let asked = 0
    const clock = { now: () => new Date('2026-03-04T10:00:00Z') }
    const limits = createRateLimitsService({
      db: undefined as never,
      store,
      clock,
      ids: { uuid: () => '00000000-0000-4000-8000-000000000000' },
      settings: { clientPerDay: 1000, clientPerLinkedCompanyPerDay: 1000, authFailuresPerMinute: 0, linkPerMinute: 0, invitesPerMinute: 0, loginFailuresPerAccount: 0 },
      countLinkedCompanies: async () => {
        asked += 1
        return linked
      },
    })
    const usage = await limits.countClientRequest('c1')
    expect(usage).toEqual({ limit: 4000, remaining: 3999, resetsAt: new Date('2026-03-05T00:00:00Z'), isAllowed: true, retryAfterSeconds: 50_400 })
    linked = 7
    await limits.countClientRequest('c1')
    // Worked out once per window in a process: the count of linked companies is not asked per request.
    expect(asked).toBe(1)
    expect(hits).toEqual([
      { key: 'client:c1', maxCount: 4000 },
      { key: 'client:c1', maxCount: 4000 },
    ])
  })
})
