/**
 * @module Every job Linkway runs, as definitions (name, payload schema, send options), each
 * declared by the module whose work it is. The queues are created from this list at start;
 * services are given the bound senders; `startWorkers` attaches the handlers.
 */
import type { JobQueue } from '@linkway/db'
import { revokeTokensJob } from './modules/connections/index.js'
import { syncDatasetJob, syncScheduleJob } from './modules/sync/index.js'

export const JOB_DEFINITIONS = [syncDatasetJob, syncScheduleJob, revokeTokensJob] as const

/** The queues must exist before any process sends to them (pg-boss 10 drops jobs for unknown queues). */
export async function createJobQueues(queue: JobQueue): Promise<void> {
  for (const definition of JOB_DEFINITIONS) await queue.ensureQueue(definition.name)
}

/** The senders services are given: `jobs.syncDataset.send(trx, { datasetId })`. */
export function bindJobs(queue: JobQueue) {
  return { syncDataset: queue.bind(syncDatasetJob), revokeTokens: queue.bind(revokeTokensJob) }
}

export type BoundJobs = ReturnType<typeof bindJobs>
