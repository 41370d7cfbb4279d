/**
 * @module When a failed delivery is tried again: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h and 10 h after each failure (about 28 hours), as the reference service does.
 */

const SECOND = 1_000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** Delay after the n-th failed attempt (index 0 = after the first). */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const

/** Attempts in all: the immediate one and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

/** Undefined when `failedAttempts` attempts have failed and none is left. */
export function delayAfterFailure(failedAttempts: number): number | undefined {
  return RETRY_DELAYS_MS[failedAttempts - 1]
}

/** A claimed delivery whose worker died is tried again after this. */
export const ATTEMPT_LEASE_MS = 30 * SECOND

/** A 2xx within this is success; anything else, including no answer, is failure. */
export const ATTEMPT_TIMEOUT_MS = 15 * SECOND
