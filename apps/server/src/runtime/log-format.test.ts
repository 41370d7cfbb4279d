import { describe, expect, it } from 'vitest'
import { formatLogLine, logDestination } from './log-format.js'
import { createProcessLogger } from './process-logger.js'

/** 09:30:05 in whatever zone the test runs in: the terminal shows local time. */
const AT = new Date(2026, 10, 22, 9, 30, 5, 120).getTime()

function line(entry: Record<string, unknown>): string {
  return `${JSON.stringify({ level: 30, time: AT, pid: 4242, hostname: 'vm', ...entry })}\n`
}

describe('formatLogLine', () => {
  it('writes time, level and message, without pino’s pid and hostname', () => {
    expect(formatLogLine(line({ level: 40, msg: 'job queue: connection refused (3 more in the last 30 s)' }))).toBe(
      '09:30:05 WARN  job queue: connection refused (3 more in the last 30 s)\n',
    )
  })

  it('writes Fastify’s request lines as method and URL, then status and time taken', () => {
    const incoming = line({ correlationId: '8a0f4c1e', req: { method: 'POST', url: '/companies', remoteAddress: '127.0.0.1' }, msg: 'incoming request' })
    expect(formatLogLine(incoming)).toBe('09:30:05 INFO  incoming request POST /companies correlationId=8a0f4c1e\n')
    const completed = line({ correlationId: '8a0f4c1e', res: { statusCode: 200 }, responseTime: 12.4, msg: 'request completed' })
    expect(formatLogLine(completed)).toBe('09:30:05 INFO  request completed 200 12 ms correlationId=8a0f4c1e\n')
  })

  it('lists other fields as key=value, quoting what has spaces and writing objects as JSON', () => {
    expect(formatLogLine(line({ msg: 'dataset paused', dataType: 'invoices', reason: 'rate limited', attempt: 2, page: { size: 100 } }))).toBe(
      '09:30:05 INFO  dataset paused dataType=invoices reason="rate limited" attempt=2 page={"size":100}\n',
    )
  })

  it('adds an error’s type and message, and its stack below the line', () => {
    const err = { type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432', stack: 'Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect (node:net:1611:16)' }
    expect(formatLogLine(line({ level: 50, err, msg: 'webhook delivery failed' }))).toBe(
      '09:30:05 ERROR webhook delivery failed – Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect (node:net:1611:16)\n',
    )
  })

  it('passes a line that is not pino’s JSON through as it is', () => {
    expect(formatLogLine('not json\n')).toBe('not json\n')
    expect(formatLogLine('42')).toBe('42\n')
  })
})

describe('logDestination', () => {
  it('leaves JSON to pino’s own stdout writer', () => {
    expect(logDestination('json')).toBeUndefined()
  })
})

describe('the process logger', () => {
  function capture(): { out: { write(text: string): boolean }; text(): string } {
    let text = ''
    return { out: { write: (chunk: string) => ((text += chunk), true) }, text: () => text }
  }

  it('on a terminal writes one readable line per entry, below its level none, with secrets redacted', () => {
    const { out, text } = capture()
    const logger = createProcessLogger({ logLevel: 'warn', logFormat: 'pretty' }, out)
    logger.info('dataset complete')
    logger.warn('DATA_DIR was readable by other users')
    logger.error('token refresh failed', Object.assign(new Error('invalid_grant'), { accessToken: 'secret' }))
    const lines = text().split('\n')
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN {2}DATA_DIR was readable by other users$/)
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d ERROR token refresh failed – Error: invalid_grant$/)
    expect(lines[2]).toMatch(/^ {4}at /)
    expect(text()).not.toContain('dataset complete')
    expect(text()).not.toContain('secret')
  })
})
