/**
 * @module The port the rate limits count through, and its PostgreSQL implementation. A store
 * keeps one counter per key and fixed window, shared by every process; `hit` is one atomic step,
 * so the processes never disagree on a count. The Redis store (redis-store.ts) is the other
 * implementation; the composition root picks one from REDIS_URL.
 */
import type { Kysely } from 'kysely'
import type { Tables } from '@linkway/db'
import * as repo from './repo.js'

export interface WindowCount {
  /** Requests counted in the window so far, this one included. */
  count: number
  /** The window's limit, as its first request set it. */
  maxCount: number
}

export interface CounterWindow {
  end: Date
  /** The limit to fix if this is the window's first request. */
  maxCount: number
}

export interface RateLimitStore {
  /**
   * Counts one request against `key` in the window ending at `window.end`. Undefined when the store
   * cannot be reached and lets requests through uncounted (Redis); the PostgreSQL store throws,
   * as the rest of the request would.
   */
  hit(key: string, window: CounterWindow, now: Date): Promise<WindowCount | undefined>
  /** The window's count so far, without counting; undefined when it has no request yet (or the store is unreachable). */
  peek(key: string, windowEnd: Date): Promise<WindowCount | undefined>
  /** Forgets windows that have ended (Redis expires its keys by itself); returns how many. */
  prune(now: Date): Promise<number>
  close(): Promise<void>
}

const PRUNE_BATCH = 1000

/** The counters in the app's own database: one UNLOGGED row per key and window, one upsert per request. */
export function createPostgresRateLimitStore(db: Kysely<Tables>): RateLimitStore {
  return {
    async hit(key, window) {
      const row = await repo.countRequest(db, key, window.end, window.maxCount)
      return { count: row.count, maxCount: row.max_count }
    },
    async peek(key, windowEnd) {
      const row = await repo.findCount(db, key, windowEnd)
      return row ? { count: row.count, maxCount: row.max_count } : undefined
    },
    async prune(now) {
      let pruned = 0
      for (;;) {
        const deleted = await repo.deleteEndedWindows(db, now, PRUNE_BATCH)
        pruned += deleted
        if (deleted < PRUNE_BATCH) return pruned
      }
    },
    async close() {},
  }
}
