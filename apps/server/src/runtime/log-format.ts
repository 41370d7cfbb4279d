/**
 * @module Where log lines go and how they read. Off a terminal (a container, a file, a pipe) each
 * entry is pino's JSON line, for a log collector. On a terminal each is one line a person reads —
 * time, level, message, then the facts — so a few warnings sit under the banner instead of a wall
 * of JSON pushing it off screen. Fastify's request logger and the process logger both write here.
 */

/** `json`: pino's own lines. `pretty`: one readable line each (see formatLogLine). */
export type LogFormat = 'json' | 'pretty'

/** What pino writes to: anything with `write(line)`. */
export interface LogStream {
  write(line: string): void
}

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }

/** pino's bookkeeping, and the fields rendered in their own way. */
const NOT_LISTED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v', 'req', 'res', 'responseTime', 'err'])

function twoDigits(value: number): string {
  return String(value).padStart(2, '0')
}

/** `key=value`, quoted as JSON when the value has spaces, quotes or is not a plain string. */
function field(key: string, value: unknown): string {
  const text = typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)
  return `${key}=${text}`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/**
 * One pino JSON line as a person reads it: local time, level, message, the request (method and
 * URL), the response (status, time taken), then every other field as `key=value`. An error adds
 * its type and message, and its stack on the lines below. A line that is not pino's JSON passes as is.
 *
 * @example
 * formatLogLine('{"level":30,"time":1795858205000,"correlationId":"8a0f","res":{"statusCode":200},"responseTime":12.4,"msg":"request completed"}')
 * // → '09:30:05 INFO  request completed 200 12 ms correlationId=8a0f\n' (with TZ=UTC: the time is the local zone's)
 */
export function formatLogLine(line: string): string {
  let entry: unknown
  try {
    entry = JSON.parse(line)
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`
  }
  if (!isObject(entry)) return line.endsWith('\n') ? line : `${line}\n`

  const time = typeof entry['time'] === 'number' ? new Date(entry['time']) : undefined
  const parts = [
    time ? `${twoDigits(time.getHours())}:${twoDigits(time.getMinutes())}:${twoDigits(time.getSeconds())}` : '--:--:--',
    (LEVEL_NAMES[entry['level'] as number] ?? String(entry['level'])).padEnd(5),
  ]
  if (typeof entry['msg'] === 'string' && entry['msg'] !== '') parts.push(entry['msg'])
  const { req, res, responseTime, err } = entry
  if (isObject(req)) parts.push(`${String(req['method'])} ${String(req['url'])}`)
  if (isObject(res)) parts.push(String(res['statusCode']))
  if (typeof responseTime === 'number') parts.push(`${Math.round(responseTime)} ms`)
  let stack: string[] = []
  if (isObject(err)) {
    parts.push(`– ${typeof err['type'] === 'string' ? `${err['type']}: ` : ''}${String(err['message'])}`)
    // The stack's first line repeats the type and message.
    if (typeof err['stack'] === 'string') stack = err['stack'].split('\n').slice(1).map((frame) => `    ${frame.trim()}`)
  }
  for (const [key, value] of Object.entries(entry)) if (!NOT_LISTED.has(key)) parts.push(field(key, value))
  return [parts.join(' '), ...stack].join('\n') + '\n'
}

/** Where pino writes: its own stdout writer for JSON (undefined), or `out` through formatLogLine. */
export function logDestination(format: LogFormat, out: { write(text: string): unknown } = process.stdout): LogStream | undefined {
  if (format === 'json') return undefined
  return { write: (line) => void out.write(formatLogLine(line)) }
}
