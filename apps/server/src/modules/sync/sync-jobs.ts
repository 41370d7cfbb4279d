/**
 * @module The sync jobs: `sync.dataset` (one dataset, queued in the transaction that creates it),
 * `sync.schedule` (a pg-boss schedule, every minute: queues what each company's syncSchedule says
 * is due) and the recovery sweep (datasets whose worker died are queued again).
 */
import type { JobQueue } from '@linkway/db'

export const SYNC_DATASET_JOB = 'sync.dataset'
export const SYNC_SCHEDULE_JOB = 'sync.schedule'

export interface SyncDatasetJob {
  datasetId: string
}

/** The queues must exist before any process sends to them (pg-boss 10 drops jobs for unknown queues). */
export async function ensureSyncQueues(queue: JobQueue): Promise<void> {
  await queue.ensureQueue(SYNC_DATASET_JOB)
  await queue.ensureQueue(SYNC_SCHEDULE_JOB)
}

export interface SyncWorkerDeps {
  queue: JobQueue
  runDataset(datasetId: string): Promise<void>
  queueDueSyncs(): Promise<unknown>
  recoverAbandoned(): Promise<unknown>
  /** Datasets run at once by this process. */
  concurrency: number
  /** How often the sweep looks for abandoned datasets. */
  sweepEveryMs: number
  log(message: string): void
}

export async function startSyncWorkers(deps: SyncWorkerDeps): Promise<{ stop(): Promise<void> }> {
  // pg-boss 10 runs one handler at a time per `work` call: one call per slot.
  for (let slot = 0; slot < deps.concurrency; slot++) {
    await deps.queue.work<SyncDatasetJob>(SYNC_DATASET_JOB, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) await deps.runDataset(job.data.datasetId)
    })
  }
  await deps.queue.work(SYNC_SCHEDULE_JOB, { batchSize: 1 }, async () => {
    await deps.queueDueSyncs()
  })
  // Every minute; pg-boss sends one job per tick however many workers schedule it.
  await deps.queue.boss.schedule(SYNC_SCHEDULE_JOB, '* * * * *')
  let running: Promise<void> | undefined
  const sweep = async () => {
    try {
      await deps.recoverAbandoned()
    } catch (error) {
      deps.log(`sync recovery sweep failed: ${(error as Error).message}`)
    }
  }
  const timer = setInterval(() => {
    running ??= sweep().finally(() => (running = undefined))
  }, deps.sweepEveryMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
      await deps.queue.boss.offWork(SYNC_DATASET_JOB)
      await deps.queue.boss.offWork(SYNC_SCHEDULE_JOB)
    },
  }
}
