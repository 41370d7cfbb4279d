/**
 * @module The rate limits' counters in Redis (REDIS_URL): one hash per key and window, counted by a
 * small Lua script, so the increment, fixing the window's limit and its expiry are one atomic
 * step. Keys expire when their window ends, so nothing needs pruning. When Redis cannot be
 * reached a request goes through uncounted (`onUnavailable` is told, for the log) rather than the
 * whole API failing with it; a command waits at most `commandTimeoutMs`.
 */
import { Redis, type Result } from 'ioredis'
import type { RateLimitStore } from './counter-store.js'

// KEYS[1] the window's hash; ARGV[1] its limit, ARGV[2] the milliseconds until it ends.
const COUNT_REQUEST_LUA = `
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
if count == 1 then
  redis.call('HSET', KEYS[1], 'max', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return { count, tonumber(redis.call('HGET', KEYS[1], 'max')) }
`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    linkwayCountRequest(key: string, maxCount: number, ttlMs: number): Result<[number, number], Context>
  }
}

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  url: string
  /** Every key starts with this; default `linkway:rate-limit:`. */
  keyPrefix?: string
  /** Called with each failure to reach Redis (main.ts logs them, once per 30 s). */
  onUnavailable: (error: unknown) => void
  commandTimeoutMs?: number
}

/** Connects (failing if Redis is not there at start, as a bad DATABASE_URL does) and returns the store. */
export async function connectRedisRateLimitStore(options: RedisStoreOptions): Promise<RateLimitStore> {
  const prefix = options.keyPrefix ?? 'linkway:rate-limit:'
  const redis = new Redis(options.url, {
    lazyConnect: true,
    // While Redis is away a command fails at once instead of queueing behind the reconnection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 2_000,
    scripts: { linkwayCountRequest: { lua: COUNT_REQUEST_LUA, numberOfKeys: 1 } },
  })
  // An EventEmitter with no 'error' listener throws; ioredis reconnects by itself.
  redis.on('error', options.onUnavailable)
  try {
    await redis.connect()
  } catch (error) {
    redis.disconnect()
    throw new Error(`Redis at REDIS_URL is not reachable: ${error instanceof Error ? error.message : String(error)}`)
  }
  const keyOf = (key: string, windowEnd: Date) => `${prefix}${key}:${windowEnd.getTime()}`
  return {
    async hit(key, window, now) {
      try {
        const [count, maxCount] = await redis.linkwayCountRequest(keyOf(key, window.end), window.maxCount, Math.max(1, window.end.getTime() - now.getTime()))
        return { count, maxCount }
      } catch (error) {
        options.onUnavailable(error)
        return undefined
      }
    },
    async peek(key, windowEnd) {
      try {
        const [count, maxCount] = await redis.hmget(keyOf(key, windowEnd), 'count', 'max')
        return count === null || maxCount === null ? undefined : { count: Number(count), maxCount: Number(maxCount) }
      } catch (error) {
        options.onUnavailable(error)
        return undefined
      }
    },
    async prune() {
      return 0
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
