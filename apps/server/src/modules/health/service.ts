/**
 * @module Liveness and readiness. A process is live while it answers at all (`GET /health`); it is
 * ready while its database answers too (`GET /ready`), which is what a load balancer or an
 * orchestrator should route by: an API process whose database is away can only answer 503.
 */
import type { Tables } from '@linkway/db'
import type { Kysely } from 'kysely'
import { AppError } from '../../app-error.js'
import * as repo from './repo.js'

export function createHealthService({ db }: { db: Kysely<Tables> }) {
  return {
    /** Resolves when the database answers; otherwise `service_unavailable`, with what failed as its cause (logged, never sent). */
    async checkReady(): Promise<void> {
      try {
        await repo.pingDatabase(db)
      } catch (error) {
        // Any failure means "not ready", not only the connection errors the API maps to 503 elsewhere:
        // a closed pool, a PGlite that failed to open, a statement timeout.
        const notReady = new AppError('service_unavailable')
        notReady.cause = error
        throw notReady
      }
    },
  }
}

export type HealthService = ReturnType<typeof createHealthService>
