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
export async function sendDatasetJob(trx: Transaction<Tables>, sender: JobSender<SyncDatasetJob>, datasetId: string, options: { startAfterSeconds?: number; id?: string } = {}): Promise<void> {
  const jobId = await sender.send(trx, { datasetId }, options)
  await repo.recordDatasetJob(trx, datasetId, jobId)
}

/** Positions a read's job ids can tell apart (18 bits); later ones share the last, in any order among them. */
const ORDERED_POSITIONS = 2 ** 18

/**
 * The job id of a read's `position`th dataset. pg-boss takes jobs of equal priority by
 * (created_on, id), and a read's jobs are sent in one transaction, so they share created_on: ids
 * that sort in the read's order have the worker take its datasets in the client's syncOrder, as the
 * reference's SyncSetting.syncOrder says, where random ids took them in any order. Laid out as a
 * UUIDv7: the read's time (48 bits), the version, the position (18 bits around the variant), and
 * the rest of `randomId`, so ids stay unique across reads and processes.
 *
 * @example datasetJobIdInOrder(new Date(0), 1, 'f3b1c2d4-…') // '00000000-0000-7000-8001-…'
 */
export function datasetJobIdInOrder(at: Date, position: number, randomId: string): string {
  const slot = Math.min(Math.max(0, Math.floor(position)), ORDERED_POSITIONS - 1)
  const time = Math.max(0, at.getTime()).toString(16).padStart(12, '0').slice(-12)
  const random = randomId.replaceAll('-', '')
  const versionAndHigh = (0x7000 | ((slot >> 6) & 0x0fff)).toString(16).padStart(4, '0')
  const variantAndLow = (0x80 | (slot & 0x3f)).toString(16).padStart(2, '0')
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${versionAndHigh}-${variantAndLow}${random.slice(18, 20)}-${random.slice(20, 32)}`
}

/** pg-boss's schedule sends no data (null). */
export const syncScheduleJob = defineJob({ name: 'sync.schedule', payload: z.union([z.null(), z.object({})]) })

/** Every minute; pg-boss sends one job per tick however many workers schedule it. */
export const SYNC_SCHEDULE_CRON = '* * * * *'
