/**
 * @module Background failures that repeat while the database is away (pg-boss polls every half
 * second per worker slot): the first is logged at once, then one line per interval with how many
 * there were, so a 90-second outage is a few lines, not hundreds, and its end is visible as the
 * lines stopping.
 */
import type { Logger } from './app-deps.js'

export function throttledErrorLog(logger: Logger, what: string, options: { intervalMs?: number; now?: () => number } = {}): (error: unknown) => void {
  const intervalMs = options.intervalMs ?? 30_000
  const now = options.now ?? Date.now
  let lastLoggedAt = Number.NEGATIVE_INFINITY
  let unlogged = 0
  return (error) => {
    const at = now()
    if (at - lastLoggedAt < intervalMs) {
      unlogged += 1
      return
    }
    const earlier = unlogged > 0 ? ` (and ${unlogged} more since the last report)` : ''
    logger.error(`${what} failed${earlier}; retrying`, error)
    lastLoggedAt = at
    unlogged = 0
  }
}
