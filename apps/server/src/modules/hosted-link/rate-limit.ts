/**
 * @module A fixed-window limit per key (an IP address), in this process's memory. It bounds what
 * one address can do to a public form; behind a load balancer each process counts on its own, so
 * the effective limit is the per-process limit times the processes.
 */
import type { Clock } from '../../app-deps.js'

export interface RateLimiter {
  /** True when this key may go ahead now (and counts it). */
  tryTake(key: string): boolean
}

export function createRateLimiter(options: { clock: Clock; limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>()
  const maxKeys = options.maxKeys ?? 10_000
  return {
    tryTake(key) {
      const now = options.clock.now().getTime()
      const current = windows.get(key)
      if (!current || now - current.startedAt >= options.windowMs) {
        // Forget the oldest keys first rather than grow without bound under a spray of addresses.
        if (!current && windows.size >= maxKeys) windows.delete(windows.keys().next().value!)
        windows.set(key, { startedAt: now, count: 1 })
        return true
      }
      current.count += 1
      return current.count <= options.limit
    },
  }
}
