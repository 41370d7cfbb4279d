/**
 * @module The process's logger for everything outside a request (workers, sweeps): pino, as
 * Fastify's request logger is, with the same level and the same redaction, one JSON line each.
 */
import { pino } from 'pino'
import type { Logger } from '../app-deps.js'
import { REDACTED_LOG_PATHS } from '../app.js'
import type { Config } from '../config.js'

export function createProcessLogger(level: Config['logLevel']): Logger {
  const logger = pino({ level, redact: REDACTED_LOG_PATHS, enabled: level !== 'silent' })
  return {
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    // The error's message and stack, never the objects it may carry (a response with tokens in it).
    error: (message, error) => logger.error(error instanceof Error ? { err: { type: error.name, message: error.message, stack: error.stack } } : {}, message),
  }
}
