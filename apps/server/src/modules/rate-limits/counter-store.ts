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

interface WaitingHit {
  resolve(counted: WindowCount): void
  reject(error: unknown): void
}

/** The hits on one key and window that arrived while its statement was in flight: the next statement's. */
interface PendingHits {
  windowEnd: Date
  maxCount: number
  waiting: WaitingHit[]
}

/**
 * The counters in the app's own database: one UNLOGGED row per key and window. Every API request
 * counts, and every request of a client counts on its one row, so hits are coalesced the way a
 * database coalesces commits: while a key's statement is in flight, the hits that arrive for it
 * wait, and go together in the next statement, which adds their number and hands each its own
 * count (`count - n + 1 … count`). The counts stay exact, and shared with every other process; a
 * busy process sends one statement per round trip instead of one per request.
 */
export function createPostgresRateLimitStore(db: Kysely<Tables>): RateLimitStore {
  /** Keys (and windows) with a statement in flight, each with the hits its next statement will carry. */
  const inFlight = new Map<string, { next?: PendingHits }>()

  async function send(slot: string, key: string, batch: PendingHits): Promise<void> {
    try {
      const row = await repo.countRequests(db, key, batch.windowEnd, batch.maxCount, batch.waiting.length)
      const first = row.count - batch.waiting.length + 1
      batch.waiting.forEach((hit, index) => hit.resolve({ count: first + index, maxCount: row.max_count }))
    } catch (error) {
      for (const hit of batch.waiting) hit.reject(error)
    }
    const state = inFlight.get(slot)!
    const next = state.next
    if (!next) return void inFlight.delete(slot)
    state.next = undefined
    void send(slot, key, next)
  }

  return {
    hit(key, window) {
      // One slot per key and window: a request of the next window never waits on this one's.
      const slot = `${key} ${window.end.getTime()}`
      return new Promise<WindowCount>((resolve, reject) => {
        const state = inFlight.get(slot)
        if (!state) {
          inFlight.set(slot, {})
          void send(slot, key, { windowEnd: window.end, maxCount: window.maxCount, waiting: [{ resolve, reject }] })
        } else {
          state.next ??= { windowEnd: window.end, maxCount: window.maxCount, waiting: [] }
          state.next.waiting.push({ resolve, reject })
        }
      })
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
