/**
 * @module The sync jobs: `sync.dataset` (one dataset, queued in the transaction that creates it,
 * or that pauses it or finds it abandoned) and `sync.schedule` (a pg-boss schedule, every minute:
 * queues what each company's syncSchedule says is due). Their handlers are attached by
 * `startWorkers`.
 */
import { defineJob, type JobSender, type Tables } from '@linkway/db'
import type { Transaction } from 'kysely'
import { z } from 'zod'
import * as repo from './repo.js'

export const SyncDatasetPayload = z.object({ datasetId: z.uuid() })
export type SyncDatasetJob = z.infer<typeof SyncDatasetPayload>

/**
 * No pg-boss retries: the dataset row is the state, and the engine owns its retries (pages in
 * place, pauses as delayed jobs, the recovery sweep for a dead worker). A job left running four
 * hours is failed by pg-boss; the lease it held lapses and the sweep takes the dataset up again.
 */
export const syncDatasetJob = defineJob({ name: 'sync.dataset', payload: SyncDatasetPayload, options: { retryLimit: 0, expireInSeconds: 4 * 3600 } })

/**
 * Sends the dataset's `sync.dataset` job in the caller's transaction and records it on the dataset,
 * so that the recovery sweep can tell a job a worker took and died with (before it took the
 * dataset's lease) from one still waiting in the queue.
 */
export async function sendDatasetJob(trx: Transaction<Tables>, sender: JobSender<SyncDatasetJob>, datasetId: string, timing: { startAfterSeconds?: number } = {}): Promise<void> {
  const jobId = await sender.send(trx, { datasetId }, timing)
  await repo.recordDatasetJob(trx, datasetId, jobId)
}

/** pg-boss's schedule sends no data (null). */
export const syncScheduleJob = defineJob({ name: 'sync.schedule', payload: z.union([z.null(), z.object({})]) })

/** Every minute; pg-boss sends one job per tick however many workers schedule it. */
export const SYNC_SCHEDULE_CRON = '* * * * *'
