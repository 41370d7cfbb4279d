/**
 * @module The worker's connection jobs: token revocation (pg-boss, queued by unlink and delete),
 * the token keep-alive sweep and the removal of old link sessions and used one-time tokens (a timer: every worker sweeps,
 * and the refresh lease makes a token refresh once however many sweep it together).
 */
import type { Database } from '@linkway/db'
import type { AppServices } from '../app-services.js'
import type { Clock } from '../app-deps.js'
import type { ServiceDeps } from '../app-services.js'
import { refreshExpiringTokens, REVOKE_TOKENS_JOB, startRevokeTokensWorker } from '../modules/connections/index.js'
import { pruneLinkSessions } from '../modules/link/index.js'
import { ensureSyncQueues } from '../modules/sync/index.js'

const SWEEP_EVERY_MS = 60_000

/** The queues must exist before any process sends to them (pg-boss 10 drops jobs for unknown queues). */
export async function ensureConnectionQueues(database: Database): Promise<void> {
  await database.queue.ensureQueue(REVOKE_TOKENS_JOB)
  await ensureSyncQueues(database.queue)
}

export async function startConnectionJobs(deps: ServiceDeps & { services: AppServices; log: (message: string) => void }): Promise<{ stop(): Promise<void> }> {
  const { database, clock, services } = deps
  await startRevokeTokensWorker({ queue: database.queue, catalogue: deps.catalogue, secrets: deps.secrets, credentials: services.credentials, clock })
  let running: Promise<void> | undefined
  const sweep = async (sweepClock: Clock) => {
    try {
      const result = await refreshExpiringTokens({ database, clock: sweepClock, vault: services.vault })
      if (result.refreshed + result.deauthorized + result.failed > 0) deps.log(`token keep-alive: ${result.refreshed} refreshed, ${result.deauthorized} deauthorized, ${result.failed} failed`)
      await pruneLinkSessions(database.db, sweepClock)
      await services.oneTimeLinks.prune()
    } catch (error) {
      deps.log(`token keep-alive failed: ${(error as Error).message}`)
    }
  }
  const timer = setInterval(() => {
    running ??= sweep(clock).finally(() => (running = undefined))
  }, SWEEP_EVERY_MS)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
