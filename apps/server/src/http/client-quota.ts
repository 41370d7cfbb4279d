/**
 * @module The client's daily quota on every authenticated API request (add it after
 * `requireApiKey`): the reference's `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and
 * `X-Rate-Limit-Reset` (Unix seconds) on every answer, and past the quota a 429 with Retry-After.
 */
import type { FastifyInstance } from 'fastify'
import { AppError } from '../app-error.js'
import type { RateLimitsService } from '../modules/rate-limits/index.js'

export function limitClientRequests(app: FastifyInstance, rateLimits: RateLimitsService): void {
  // onRequest, before the body is read: a request over the quota costs no parsing and no handler.
  // Headers set here stay on the answer, whatever the route or the error handler then sends.
  app.addHook('onRequest', async (request, reply) => {
    const usage = await rateLimits.countClientRequest(request.client.clientId)
    if (!usage) return
    reply.header('X-Rate-Limit-Limit', String(usage.limit))
    reply.header('X-Rate-Limit-Remaining', String(usage.remaining))
    reply.header('X-Rate-Limit-Reset', String(Math.floor(usage.resetsAt.getTime() / 1000)))
    if (!usage.isAllowed) throw new AppError('rate_limited', { retryAfterSeconds: usage.retryAfterSeconds })
  })
}
