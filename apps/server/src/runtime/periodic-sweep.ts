/**
 * @module A sweep a worker runs every so often (the sync recovery, the token keep-alive): never
 * two at once in one process, a failure logged and retried at the next tick, and `stop()` waits
 * for the one in flight. Several processes may sweep together: each sweep is safe to run twice
 * (leases and single UPDATEs decide who does what).
 */
import type { Logger } from '../app-deps.js'

export interface PeriodicSweep {
  /** Runs one sweep now, unless one is running (then waits for it). Tests call it instead of waiting a tick. */
  runNow(): Promise<void>
  stop(): Promise<void>
}

export function startPeriodicSweep(options: { name: string; everyMs: number; logger: Logger; sweep: () => Promise<void> }): PeriodicSweep {
  let running: Promise<void> | undefined
  const runNow = () => {
    running ??= options
      .sweep()
      .catch((error: unknown) => options.logger.error(`${options.name} failed`, error))
      .finally(() => (running = undefined))
    return running
  }
  const timer = setInterval(() => void runNow(), options.everyMs)
  // A sweep never keeps the process alive on its own: shutdown stops it explicitly.
  timer.unref()
  return {
    runNow,
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
