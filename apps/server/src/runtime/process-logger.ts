/**
 * @module The process's logger for everything outside a request (workers, sweeps): pino, as
 * Fastify's request logger is, with the same level, redaction and format (JSON, or one readable
 * line each on a terminal: log-format.ts).
 */
import { pino } from 'pino'
import type { Logger } from '../app-deps.js'
import { REDACTED_LOG_PATHS } from '../app.js'
import type { Config } from '../config.js'
import { logDestination } from './log-format.js'

/** `out`: where pretty lines go (stdout; a test's capture). JSON goes to stdout through pino's own writer. */
export function createProcessLogger({ logLevel: level, logFormat }: Pick<Config, 'logLevel' | 'logFormat'>, out?: { write(text: string): unknown }): Logger {
  const logger = pino({ level, redact: REDACTED_LOG_PATHS, enabled: level !== 'silent' }, logDestination(logFormat, out))
  return {
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message, error) => logger.error(error instanceof Error ? { err: errorFacts(error) } : {}, message),
  }
}

/**
 * The error's name, message and stack, never the objects it may carry (a response with tokens in
 * it). Without a prototype: pino's error serializer names a plain object's type "Object".
 */
function errorFacts(error: Error): object {
  return Object.assign(Object.create(null) as object, { type: error.name, message: error.message, stack: error.stack })
}
