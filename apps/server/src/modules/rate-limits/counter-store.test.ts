/**
 * One suite for every RateLimitStore: the PostgreSQL store on each tested backend, and the Redis
 * store against the Redis at REDIS_TEST_URL (default redis://127.0.0.1:6379), skipped with a note
 * when none answers. Then the API on the Redis store: two apps on one database, each with its own
 * connection to Redis, share the quota.
 */
import { randomUUID } from 'node:crypto'
import type { Database } from '@linkway/db'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../app.js'
import { createTestApp, type TestApp } from '../../testing/test-app.js'
import { createPostgresRateLimitStore, type RateLimitStore } from './counter-store.js'
import { connectRedisRateLimitStore } from './redis-store.js'

const REDIS_URL = process.env.REDIS_TEST_URL || 'redis://127.0.0.1:6379'
/** Every key this run writes starts with it, so runs (and other users of the server) never meet. */
const KEY_PREFIX = `linkway-test:${randomUUID()}:`

async function isRedisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {})
  try {
    await probe.connect()
    return (await probe.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    probe.disconnect()
  }
}

const hasRedis = await isRedisReachable()
if (!hasRedis) console.warn(`Redis rate-limit store tests skipped: no Redis answers at ${REDIS_URL} (set REDIS_TEST_URL)`)

const connectRedisStore = (prefix = KEY_PREFIX) =>
  connectRedisRateLimitStore({
    url: REDIS_URL,
    keyPrefix: prefix,
    onUnavailable: (error) => {
      throw error
    },
  })

interface StoreUnderTest {
  name: string
  open(): Promise<{ store: RateLimitStore; close(): Promise<void> }>
}

const stores: StoreUnderTest[] = [
  ...testedBackends().map((backend) => ({
    name: `PostgreSQL store on ${backend}`,
    async open() {
      const database: Database = await createTestDatabase(backend)
      return { store: createPostgresRateLimitStore(database.db), close: () => database.close() }
    },
  })),
  ...(hasRedis
    ? [
        {
          name: 'Redis store',
          async open() {
            const store = await connectRedisStore()
            return { store, close: () => store.close() }
          },
        },
      ]
    : []),
]

describe.each(stores)('$name', ({ open }) => {
  let store: RateLimitStore
  let close: () => Promise<void>
  const now = new Date('2026-01-01T10:00:00.000Z')
  const end = new Date('2026-01-02T00:00:00.000Z')

  beforeAll(async () => {
    ;({ store, close } = await open())
  })
  afterAll(async () => {
    await close?.()
  })

  it('counts atomically: concurrent hits each get their own count', async () => {
    const key = `client:${randomUUID()}`
    const counts = await Promise.all(Array.from({ length: 40 }, () => store.hit(key, { end, maxCount: 10 }, now)))
    expect(counts.map((counted) => counted!.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    expect(await store.peek(key, end)).toEqual({ count: 40, maxCount: 10 })
  })

  it('lets the window’s first hit fix its limit; another window counts afresh', async () => {
    const key = `auth:${randomUUID()}`
    expect(await store.hit(key, { end, maxCount: 3 }, now)).toEqual({ count: 1, maxCount: 3 })
    expect(await store.hit(key, { end, maxCount: 99 }, now)).toEqual({ count: 2, maxCount: 3 })
    const next = new Date(end.getTime() + 86_400_000)
    expect(await store.hit(key, { end: next, maxCount: 99 }, end)).toEqual({ count: 1, maxCount: 99 })
    expect(await store.peek(`auth:${randomUUID()}`, end)).toBeUndefined()
  })
})

describe.each(testedBackends())('the PostgreSQL store on %s, coalescing hits', (backend) => {
  const end = new Date('2026-01-02T00:00:00.000Z')
  const now = new Date('2026-01-01T10:00:00.000Z')
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase(backend)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('keeps counts exact across processes: two stores on one database hand out each count once', async () => {
    // Two stores stand for two processes: each coalesces its own hits, the database orders the statements.
    const [first, second] = [createPostgresRateLimitStore(database.db), createPostgresRateLimitStore(database.db)]
    const key = `client:${randomUUID()}`
    const hits = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? first : second).hit(key, { end, maxCount: 50 }, now))
    const counts = (await Promise.all(hits)).map((counted) => counted!.count)
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
    // Exactly one request is the one that went over the limit.
    expect(counts.filter((count) => count === 51)).toHaveLength(1)
  })

  it('sends fewer statements than hits when hits arrive together', async () => {
    let statements = 0
    // Counted as results come back: the counter's statement is compiled once (a prepared statement), so it is built only once.
    const counting = database.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => ((statements += 1), args.result),
    })
    const store = createPostgresRateLimitStore(counting)
    const key = `client:${randomUUID()}`
    await Promise.all(Array.from({ length: 25 }, () => store.hit(key, { end, maxCount: 100 }, now)))
    // The first hit goes alone; the 24 that arrive while it is in flight go together.
    expect(statements).toBe(2)
    expect(await store.peek(key, end)).toEqual({ count: 25, maxCount: 100 })
  })

  it('fails every hit of a failed statement, and counts the next ones afresh', async () => {
    const store = createPostgresRateLimitStore(database.db)
    const key = `client:${randomUUID()}`
    // 2^31 does not fit `count` (a 32-bit integer): the statement fails for every hit it carries.
    await store.hit(key, { end, maxCount: 10 }, now)
    await database.db.updateTable('rate_limit_counters').set({ count: 2 ** 31 - 2 }).where('key', '=', key).execute()
    const failed = await Promise.allSettled(Array.from({ length: 5 }, () => store.hit(key, { end, maxCount: 10 }, now)))
    expect(failed.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected'])
    await database.db.updateTable('rate_limit_counters').set({ count: 3 }).where('key', '=', key).execute()
    expect(await store.hit(key, { end, maxCount: 10 }, now)).toEqual({ count: 4, maxCount: 10 })
  })
})

describe('the PostgreSQL store', () => {
  it('forgets windows that have ended when pruned', async () => {
    const database = await createTestDatabase('pglite')
    try {
      const store = createPostgresRateLimitStore(database.db)
      const ended = new Date('2026-01-01T00:01:00.000Z')
      const later = new Date('2026-01-01T00:02:00.000Z')
      await store.hit('link:a', { end: ended, maxCount: 5 }, new Date('2026-01-01T00:00:30.000Z'))
      await store.hit('link:b', { end: later, maxCount: 5 }, new Date('2026-01-01T00:01:30.000Z'))
      expect(await store.prune(ended)).toBe(1)
      expect(await store.peek('link:a', ended)).toBeUndefined()
      expect(await store.peek('link:b', later)).toEqual({ count: 1, maxCount: 5 })
    } finally {
      await database.close()
    }
  })
})

describe.skipIf(!hasRedis)('the Redis store', () => {
  it('expires a window’s key when the window ends, by the injected clock', async () => {
    const store = await connectRedisStore()
    const redis = new Redis(REDIS_URL)
    try {
      const key = `link:${randomUUID()}`
      const end = new Date('2026-01-01T00:01:00.000Z')
      await store.hit(key, { end, maxCount: 5 }, new Date('2026-01-01T00:00:45.000Z'))
      const ttl = await redis.pttl(`${KEY_PREFIX}${key}:${end.getTime()}`)
      expect(ttl).toBeGreaterThan(14_000)
      expect(ttl).toBeLessThanOrEqual(15_000)
    } finally {
      redis.disconnect()
      await store.close()
    }
  })

  it('lets requests through uncounted, and says so, when Redis goes away', async () => {
    const problems: unknown[] = []
    const store = await connectRedisRateLimitStore({ url: REDIS_URL, keyPrefix: KEY_PREFIX, onUnavailable: (error) => problems.push(error) })
    await store.close()
    expect(await store.hit('client:gone', { end: new Date('2026-01-02T00:00:00Z'), maxCount: 5 }, new Date('2026-01-01T00:00:00Z'))).toBeUndefined()
    expect(problems.length).toBeGreaterThan(0)
  })

  it('refuses to start when Redis is not there', async () => {
    await expect(connectRedisRateLimitStore({ url: 'redis://127.0.0.1:9', onUnavailable: () => {} })).rejects.toThrow(/Redis at REDIS_URL is not reachable/)
  })
})

describe.skipIf(!hasRedis).each(testedBackends())('the API with its counters in Redis, on %s', (backend) => {
  let t: TestApp
  let second: FastifyInstance
  let secondStoreClose: () => Promise<void>

  beforeAll(async () => {
    // A prefix of this suite's own: a test app's clock starts every run at the same instant.
    const prefix = `${KEY_PREFIX}${backend}:`
    t = await createTestApp(backend, { rateLimits: { clientPerDay: 3, clientPerLinkedCompanyPerDay: 0 }, rateLimitStore: await connectRedisStore(prefix) })
    const store = await connectRedisRateLimitStore({ url: REDIS_URL, keyPrefix: prefix, onUnavailable: () => {} })
    secondStoreClose = () => store.close()
    second = await buildApp({ ...t.deps, rateLimitStore: store })
    await second.ready()
  })
  afterAll(async () => {
    await second?.close()
    await secondStoreClose?.()
    await t?.deps.rateLimitStore?.close()
    await t?.close()
  })

  it('shares the quota between apps, with the headers and the 429', async () => {
    const client = await t.createClient()
    const answers = []
    for (let i = 0; i < 5; i += 1) answers.push(await (i % 2 === 0 ? t.app : second).inject({ method: 'GET', url: '/companies', headers: client.headers }))
    expect(answers.map((res) => [res.statusCode, res.headers['x-rate-limit-remaining']])).toEqual([
      [200, '2'],
      [200, '1'],
      [200, '0'],
      [429, '0'],
      [429, '0'],
    ])
    expect(answers[3]!.headers['retry-after']).toBe('86400')
    expect(answers[3]!.json()).toMatchObject({ statusCode: 429, error: 'You have made too many requests in a given amount of time; please retry later.' })
    // The crossing is decided by Redis's count and recorded in the database, once.
    const resets = await t.database.db.selectFrom('rate_limit_resets').select(['daily_quota']).where('client_id', '=', client.clientId).execute()
    expect(resets).toEqual([{ daily_quota: 3 }])
  })
})
