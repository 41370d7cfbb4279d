/**
 * @module startWorkers(deps): every background worker of a `--role=worker|all` process, from its
 * dependencies: the twin of `buildApp(deps)`. It attaches each job definition's handler (jobs.ts),
 * starts the webhook delivery worker and the periodic sweeps (sync recovery, token keep-alive,
 * rate-limit resets), and stops them all in order.
 * Importing this file does no I/O.
 */
import { JOB_WAKE_CHANNEL } from '@linkway/db'
import type { Logger } from './app-deps.js'
import { createAppServices, type AppServices, type ServiceDeps } from './app-services.js'
import type { Config } from './config.js'
import { refreshExpiringTokens, revokeTokensJob, revokeTokensOf } from './modules/connections/index.js'
import { SYNC_SCHEDULE_CRON, syncDatasetJob, syncScheduleJob } from './modules/sync/index.js'
import { createDeliveryWorker } from './modules/webhooks/index.js'
import { startPeriodicSweep, type PeriodicSweep } from './runtime/periodic-sweep.js'

/** Well under the dataset lease (2 minutes), so a crashed worker's dataset waits about one lease. */
export const SYNC_RECOVERY_EVERY_MS = 30_000
/** Well under the keep-alive horizon (5 minutes), so no token expires between two sweeps. */
export const TOKEN_KEEP_ALIVE_EVERY_MS = 60_000
/** `client.rateLimit.reset` goes out within this of midnight UTC. */
export const RATE_LIMIT_SWEEP_EVERY_MS = 15_000

export type WorkerKind = 'sync' | 'webhooks' | 'connections' | 'rate-limits'
const ALL_WORKERS: readonly WorkerKind[] = ['sync', 'webhooks', 'connections', 'rate-limits']

export interface WorkerDeps extends ServiceDeps {
  config: ServiceDeps['config'] & Pick<Config, 'syncConcurrency' | 'webhookDisableAfterMs' | 'webhookRetentionMs'>
  logger: Logger
}

export interface WorkerOptions {
  /** The services to run with (tests: a dataset runner with small pages); default: built from `deps`. */
  services?: AppServices
  /** Which workers run; default all. Tests start the part they exercise. */
  only?: readonly WorkerKind[]
  /** Sweep intervals; tests set them long and call `runNow()`. */
  syncRecoveryEveryMs?: number
  tokenKeepAliveEveryMs?: number
  rateLimitSweepEveryMs?: number
}

export interface Workers {
  services: AppServices
  sweeps: { syncRecovery?: PeriodicSweep; tokenKeepAlive?: PeriodicSweep; rateLimits?: PeriodicSweep }
  /** Stops taking work, lets what is in flight finish, then returns. */
  stop(): Promise<void>
}

export async function startWorkers(deps: WorkerDeps, options: WorkerOptions = {}): Promise<Workers> {
  const { database, logger, config } = deps
  const { queue } = database
  const services = options.services ?? createAppServices(deps)
  const kinds = new Set(options.only ?? ALL_WORKERS)
  const stops: Array<() => Promise<void>> = []
  const sweeps: Workers['sweeps'] = {}
  // A job sent anywhere wakes its handlers here at commit, not at their next poll.
  const stopListening = await database.listen(JOB_WAKE_CHANNEL, (jobName) => queue.wake(jobName))
  stops.push(stopListening)

  if (kinds.has('webhooks')) {
    const delivery = createDeliveryWorker({
      database,
      clock: deps.clock,
      ids: deps.ids,
      secrets: deps.secrets,
      outboundPolicy: config.webhookOutboundPolicy,
      disableAfterMs: config.webhookDisableAfterMs,
      retentionMs: config.webhookRetentionMs,
      logger,
    })
    await delivery.start()
    stops.push(() => delivery.stop())
  }

  if (kinds.has('sync')) {
    await queue.handle(syncDatasetJob, { slots: config.syncConcurrency, pollingIntervalSeconds: 0.5 }, (job) => services.datasetRunner.run(job.datasetId))
    await queue.handle(syncScheduleJob, {}, () => services.sync.queueDueSyncs())
    // pg-boss sends one job per tick however many workers schedule it.
    await queue.boss.schedule(syncScheduleJob.name, SYNC_SCHEDULE_CRON)
    stops.push(() => queue.stopHandling(syncDatasetJob), () => queue.stopHandling(syncScheduleJob))
    sweeps.syncRecovery = startPeriodicSweep({
      name: 'sync recovery sweep',
      everyMs: options.syncRecoveryEveryMs ?? SYNC_RECOVERY_EVERY_MS,
      logger,
      sweep: async () => {
        const requeued = await services.datasetRunner.recoverAbandoned()
        if (requeued > 0) logger.info(`sync recovery: ${requeued} abandoned datasets queued again`)
      },
    })
  }

  if (kinds.has('connections')) {
    await queue.handle(revokeTokensJob, { batchSize: 5 }, (job) =>
      revokeTokensOf(job, { database, catalogue: deps.catalogue, secrets: deps.secrets, credentials: services.credentials, clock: deps.clock }),
    )
    stops.push(() => queue.stopHandling(revokeTokensJob))
    sweeps.tokenKeepAlive = startPeriodicSweep({
      name: 'token keep-alive',
      everyMs: options.tokenKeepAliveEveryMs ?? TOKEN_KEEP_ALIVE_EVERY_MS,
      logger,
      sweep: async () => {
        const result = await refreshExpiringTokens({ database, clock: deps.clock, vault: services.vault })
        if (result.refreshed + result.deauthorized + result.failed > 0) {
          logger.info(`token keep-alive: ${result.refreshed} refreshed, ${result.deauthorized} deauthorized, ${result.failed} failed`)
        }
        await services.link.pruneExpiredSessions()
        await services.oneTimeLinks.prune()
        await services.companyTokens.prune()
        await services.portalUsers.prune()
      },
    })
  }

  if (kinds.has('rate-limits')) {
    sweeps.rateLimits = startPeriodicSweep({
      name: 'rate limit sweep',
      everyMs: options.rateLimitSweepEveryMs ?? RATE_LIMIT_SWEEP_EVERY_MS,
      logger,
      sweep: async () => {
        const resets = await services.rateLimits.sweep()
        if (resets > 0) logger.info(`rate limits: ${resets} client quotas reset`)
      },
    })
  }

  return {
    services,
    sweeps,
    async stop() {
      for (const sweep of Object.values(sweeps)) await sweep.stop()
      for (const stop of stops) await stop()
    },
  }
}
