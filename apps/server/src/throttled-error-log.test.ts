import { describe, expect, it } from 'vitest'
import type { Logger } from './app-deps.js'
import { throttledErrorLog } from './throttled-error-log.js'

describe('throttledErrorLog', () => {
  it('logs the first failure at once, then one line per interval with the count in between', () => {
    const lines: string[] = []
    const logger: Logger = { info: () => {}, warn: () => {}, error: (message) => lines.push(message) }
    let time = 0
    const report = throttledErrorLog(logger, 'job queue', { intervalMs: 30_000, now: () => time })
    for (; time < 90_000; time += 500) report(new Error('connect ECONNREFUSED'))
    expect(lines).toEqual([
      'job queue failed; retrying',
      'job queue failed (and 59 more since the last report); retrying',
      'job queue failed (and 59 more since the last report); retrying',
    ])
  })
})
