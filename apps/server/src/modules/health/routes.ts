/** @module HTTP for health checks: `GET /health` (the process answers) and `GET /ready` (its database answers too). */
import { ErrorMessage } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { HealthService } from './service.js'

const HealthStatus = z.object({ status: z.literal('ok') })

export function healthRoutes(health: HealthService): FastifyPluginAsyncZod {
  return async (app) => {
    // Liveness: no I/O, so a slow database never gets a live process restarted.
    app.get('/health', { schema: { hide: true, response: { 200: HealthStatus } } }, async () => ({ status: 'ok' as const }))
    // Readiness: 503 in the wire error body while the database does not answer.
    app.get('/ready', { schema: { hide: true, response: { 200: HealthStatus, 503: ErrorMessage } } }, async () => {
      await health.checkReady()
      return { status: 'ok' as const }
    })
  }
}
