/**
 * @module Renders every failure in the wire error body (`statusCode, service, error,
 * correlationId, validation`), maps Fastify's own errors and the database's onto the closed set
 * of codes (a value the database refuses is a 400, an unreachable database a 503), and answers
 * unknown routes with 404 and known paths with the wrong method with 405.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { ErrorMessage } from '@linkway/contracts'
import { BODY_NOT_UTF8 } from '@linkway/fastify-json'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import FindMyWay from 'find-my-way'
import { QueryLanguageError } from '@linkway/query-language'
import { AppError, type ValidationItem } from '../app-error.js'

export const BODY_LIMIT_BYTES = 1024 * 1024
/** What a form post may carry (the Link pages' forms): a company name, a token, a few choices. */
export const FORM_BODY_LIMIT_BYTES = 16_384
/**
 * The router's limit on one path segment, as sent (percent-encoded); longer is a 414. The longest
 * id Linkway takes in a path is a record id, up to 500 characters: percent-encoded, a 4-byte UTF-8
 * character takes 12, so every record id the schema allows reaches it (and is checked there).
 */
export const MAX_PARAM_LENGTH = 500 * 12
export const CORRELATION_ID_HEADER = 'x-correlation-id'
const SERVICE_NAME = 'PublicApi'

/** PostgreSQL and socket errors that mean "the database is not there right now", not a defect. */
const DATABASE_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006',
])

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code
  const message = (error as { message?: unknown })?.message
  if (typeof code === 'string' && DATABASE_UNAVAILABLE_CODES.has(code)) return true
  // 55000 is "object not in prerequisite state" in general; only its "not accepting connections"
  // (a database being shut down, or switched off with ALLOW_CONNECTIONS false) is an outage.
  if (code === '55000' && typeof message === 'string' && /not (currently )?accepting connections/i.test(message)) return true
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(message)
}

/**
 * SQLSTATE class 22 (data exception): the database refused a value, not the request's shape. The
 * reason names the kind of value only: PostgreSQL's own message quotes the value and may name SQL.
 */
const DATA_EXCEPTION_REASONS: Record<string, string> = {
  '22001': 'a text is longer than its field allows',
  '22003': 'a number is out of range',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of range',
  '22021': 'a text holds a character that cannot be stored',
  '22P02': 'a value does not have the form its field needs',
  '22P05': 'a text holds a character that cannot be stored',
}

/** The reason of a class 22 error of either backend (pg and PGlite both carry `code`), or undefined. */
function dataExceptionReason(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return undefined
  return DATA_EXCEPTION_REASONS[code] ?? 'a value is not valid for its field'
}

function validationItems(error: FastifyError): ValidationItem[] {
  const where = error.validationContext ?? 'body'
  return (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
    // A record's key that fails its schema: zod says only "Invalid key in record"; the key's own issue says why.
    const keyReason = issue.keyword === 'invalid_key' ? (issue.params as { issues?: Array<{ message?: string }> }).issues?.[0]?.message : undefined
    return { itemId: path || where, message: keyReason ?? issue.message ?? 'is invalid', validatorName: String(issue.keyword) }
  })
}

/** Whether the body was sent as a form (only the Link pages read those, under their own limit). */
function isFormBody(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded'
}

/** Fastify's own errors, each onto one of our codes. */
export function toAppError(error: unknown, contentType: string | undefined): AppError {
  if (error instanceof AppError) return error
  // Every `query`, `tags` and `orderBy` the services compile: its message is the reference's own wording.
  if (error instanceof QueryLanguageError) return new AppError('query_invalid', { message: error.message })
  const fastifyError = error as FastifyError
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const items = validationItems(fastifyError)
    const summary = items.map((item) => `${item.itemId}: ${item.message}`).join('; ')
    return new AppError('validation_failed', { summary: `The request is invalid: ${summary}` }, items)
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', { contentType: (contentType ?? 'none').slice(0, 100) })
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      // Only the Link pages read forms, each under the smaller limit; everything else is JSON.
      return new AppError('payload_too_large', { limitBytes: isFormBody(contentType) ? FORM_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES })
    case 'FST_ERR_BAD_URL':
      return new AppError('url_invalid')
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('url_segment_too_long', { maxLength: MAX_PARAM_LENGTH })
    case BODY_NOT_UTF8:
      return new AppError('malformed_body', { detail: 'The body is not valid UTF-8; send JSON encoded as UTF-8.' })
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('malformed_body', { detail: 'The body is not valid JSON.' })
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new AppError('malformed_body', { detail: 'The body is not valid JSON.' })
  }
  if (isDatabaseUnavailable(error)) return new AppError('service_unavailable')
  const dataException = dataExceptionReason(error)
  if (dataException) return new AppError('value_not_storable', { reason: dataException })
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('malformed_body', { detail: 'The request could not be read.' })
  }
  return new AppError('internal_error')
}

export function errorBody(error: AppError, correlationId: string): ErrorMessage {
  return {
    statusCode: error.status,
    service: SERVICE_NAME,
    error: error.message,
    correlationId,
    validation: error.validationErrors ? { errors: error.validationErrors, warnings: [] } : null,
    canBeRetried: 'Unknown',
    detailedErrorCode: 0,
  }
}

async function sendError(error: AppError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (error.headers) reply.headers(error.headers)
  await reply.code(error.status).type('application/json; charset=utf-8').send(errorBody(error, request.id))
}

/**
 * Fastify's `frameworkErrors`: what the router answers before any route or hook runs (a path that
 * is not percent-encoded UTF-8, a segment over MAX_PARAM_LENGTH), in the wire error body too.
 */
export async function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header(CORRELATION_ID_HEADER, request.id)
  const appError = toAppError(error, undefined)
  request.log.info({ code: appError.code, status: appError.status }, appError.message)
  await sendError(appError, request, reply)
}

/** Node's parser errors, each onto one of our codes; anything else it refuses is not well-formed HTTP. */
function clientErrorOf(error: NodeJS.ErrnoException): AppError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return new AppError('request_headers_too_large')
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError('request_timeout')
  return new AppError('request_malformed')
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before there is a request or a
 * reply (a query string past the header size limit, a request line that is not HTTP, a client too
 * slow to send its request). Fastify's default writes a body of its own shape; this writes the wire
 * error body, with a correlation id in the header and the body, straight to the socket.
 */
export function answerClientError(newCorrelationId: () => string) {
  return function (this: FastifyInstance, error: NodeJS.ErrnoException, socket: Duplex): void {
    // A reset connection has no one left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    const appError = clientErrorOf(error)
    const correlationId = newCorrelationId()
    // Node's own code says what was wrong; the raw packet is not logged (it may hold Authorization or Cookie).
    this.log.info({ correlationId, code: appError.code, status: appError.status, parserCode: error.code, remoteAddress: (socket as Partial<Socket>).remoteAddress }, appError.message)
    // A kept-alive connection may still be sending the answer to an earlier request: an answer
    // written now would land inside that one's body, so it is only closed.
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage
    if (socket.writable && !inFlight?.headersSent) {
      const body = JSON.stringify(errorBody(appError, correlationId))
      socket.write(
        `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `${CORRELATION_ID_HEADER}: ${correlationId}\r\nConnection: close\r\n\r\n${body}`,
      )
    }
    socket.destroy()
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  // A router of our own, fed every route as it is added, answers "is there this path under another method?".
  const routesByPath = FindMyWay()
  const allowedMethods = new Map<string, Set<string>>()
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      if (!allowedMethods.has(route.url)) {
        allowedMethods.set(route.url, new Set())
        routesByPath.on('GET', route.url, () => {}, { url: route.url })
      }
      allowedMethods.get(route.url)!.add(method)
    }
  })

  // A callback hook, not an async one: it runs on every request and has nothing to wait for.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id)
    done()
  })

  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error, request.headers['content-type'])
    if (appError.status >= 500) {
      request.log.error({ err: error, code: appError.code }, 'request failed')
    } else if (appError.code === 'value_not_storable') {
      // A 400 for the caller, but a value the contract let through: worth a look.
      request.log.warn({ err: error, code: appError.code }, appError.message)
    } else {
      request.log.info({ code: appError.code, status: appError.status }, appError.message)
    }
    await sendError(appError, request, reply)
  })

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    const match = routesByPath.find('GET', path)
    const url = (match?.store as { url?: string } | undefined)?.url
    // OPTIONS is a CORS preflight (the Link API's, under a wildcard), never a method to suggest.
    const allowed = url ? [...(allowedMethods.get(url) ?? [])].filter((m) => m !== 'HEAD' && m !== 'OPTIONS' && m !== request.method) : []
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '))
      return await sendError(new AppError('method_not_allowed', { method: request.method, allowed }), request, reply)
    }
    await sendError(new AppError('route_not_found', { method: request.method, path: path.slice(0, 200) }), request, reply)
  })
}

