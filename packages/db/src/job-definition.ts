/**
 * @module Jobs as definitions: a name, a payload schema and how a job is sent, in one place. A
 * module declares its jobs with `defineJob`; the composition root binds each to the queue
 * (`queue.bind(definition)`) and hands the bound sender to the services that send it, and
 * `startWorkers` attaches the handlers. Nothing here does I/O at import.
 */
import type { Transaction } from 'kysely'
import type { z } from 'zod'
import type { Tables } from './tables.js'

export interface JobSendOptions<P> {
  /** Times pg-boss runs the job again after its handler throws (0: the handler owns its retries). */
  retryLimit?: number
  /** Seconds before the first retry. */
  retryDelay?: number
  /** Doubles the delay at each retry. */
  retryBackoff?: boolean
  /** A job still running after this is failed (and retried, if it has retries left). */
  expireInSeconds?: number
  /** At most one queued job per key (pg-boss's singletonKey). */
  singletonKey?: (payload: P) => string
}

export interface JobDefinition<P> {
  /** Dotted lowercase, `<module>.<verb>`: `sync.dataset`, `connection.revoke`. */
  readonly name: string
  readonly payload: z.ZodType<P>
  readonly options: JobSendOptions<P>
}

/**
 * @example
 * export const SyncDatasetPayload = z.object({ datasetId: z.uuid() })
 * export const syncDatasetJob = defineJob({ name: 'sync.dataset', payload: SyncDatasetPayload, options: { retryLimit: 0 } })
 * // in a service, with the bound sender it was given:
 * await deps.jobs.syncDataset.send(trx, { datasetId })
 */
export function defineJob<P>(definition: { name: string; payload: z.ZodType<P>; options?: JobSendOptions<P> }): JobDefinition<P> {
  return Object.freeze({ name: definition.name, payload: definition.payload, options: Object.freeze({ ...definition.options }) })
}

/** A definition bound to the queue: what a service is given to send that job. */
export interface JobSender<P> {
  readonly definition: JobDefinition<P>
  /**
   * Enqueues in the caller's transaction (the outbox): the job exists only if it commits.
   * `startAfterSeconds` delays it, counted by the database's clock, not ours. `id` (a UUID) is the
   * job's own: jobs sent in one transaction are taken in the order of their ids. Resolves to the
   * job's id, or null when the definition has a `singletonKey` and a job with that key is already queued.
   */
  send(trx: Transaction<Tables>, payload: P, options?: { startAfterSeconds?: number; id?: string }): Promise<string | null>
  /**
   * Ids of this definition's jobs that a worker took before `before` and has not finished
   * (pg-boss's state `active`). A worker killed while holding a job leaves it so until the job
   * expires, and nobody runs it meanwhile: a handler that records its progress elsewhere (the sync
   * engine's lease) can tell from this a job that died before its first statement.
   */
  findTakenBefore(before: Date): Promise<string[]>
}

/** The payload a job carries is not what its definition says: a bug in the sender, or a job from an older version. */
export class JobPayloadError extends Error {
  constructor(jobName: string, issues: string) {
    super(`The ${jobName} job's payload is invalid: ${issues}`)
    this.name = 'JobPayloadError'
  }
}

export function parseJobPayload<P>(definition: JobDefinition<P>, data: unknown): P {
  const parsed = definition.payload.safeParse(data)
  if (!parsed.success) throw new JobPayloadError(definition.name, parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '))
  return parsed.data
}
