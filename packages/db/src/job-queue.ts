/**
 * @module The job queue: pg-boss on the same database as the data, so that a job can be enqueued
 * in the transaction that causes it (the outbox). Rolled back means never sent.
 */
import { CompiledQuery, type Transaction } from 'kysely'
import PgBoss from 'pg-boss'
import { parseJobPayload, type JobDefinition, type JobSender } from './job-definition.js'
import type { Tables } from './tables.js'

/** What pg-boss needs of a database: one function that runs SQL and returns rows. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

export interface SendOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  trx?: Transaction<Tables>
  startAfter?: Date | number
  singletonKey?: string
  retryLimit?: number
  retryDelay?: number
  retryBackoff?: boolean
  expireInSeconds?: number
}

export interface JobQueueStartOptions {
  /** Run pg-boss's maintenance (expiry, archiving, retries). Only processes that work jobs need it. */
  supervise: boolean
}

/** pg-boss's schema, named here so that the one query of ours on its tables names the same one. */
const PGBOSS_SCHEMA = 'pgboss'

export type JobHandler<T> = (jobs: Array<PgBoss.Job<T>>) => Promise<unknown>

export interface JobQueueOptions {
  supervise: boolean
  /**
   * What pg-boss failed at in the background (a poll for jobs, its maintenance) while the database
   * is away. pg-boss retries by itself; this only says so. Default: a process warning.
   */
  onBackgroundError?: (error: unknown) => void
  /**
   * Runs pg-boss's start (which installs or migrates its schema) so that processes starting
   * together do not race: pg-boss's own install is not safe against a concurrent one.
   */
  serializeStart?: <T>(work: () => Promise<T>) => Promise<T>
}

/**
 * The channel a bound sender NOTIFYs, with the job's name, in the transaction that sends it: a
 * process handling that job wakes its handlers at commit (`wake`) instead of at their next poll
 * (pg-boss 10 polls; its floor is half a second). The NOTIFY is only a hint: a process that misses
 * it still finds the job at its next poll.
 */
export const JOB_WAKE_CHANNEL = 'linkway_jobs'

export class JobQueue {
  readonly boss: PgBoss
  readonly #executor: SqlExecutor
  readonly #serializeStart: NonNullable<JobQueueOptions['serializeStart']>
  #isStarted = false
  /** This process's pg-boss worker ids, by job name: what `wake` notifies. */
  readonly #workerIds = new Map<string, string[]>()

  constructor(executor: SqlExecutor, options: JobQueueOptions) {
    this.#executor = executor
    this.#serializeStart = options.serializeStart ?? ((work) => work())
    this.boss = new PgBoss({
      db: executor as PgBoss.Db,
      schema: PGBOSS_SCHEMA,
      supervise: options.supervise,
      schedule: options.supervise,
      migrate: true,
    })
    // pg-boss reports a failed poll or maintenance run as an 'error' event. An EventEmitter with no
    // 'error' listener throws it, which ended the whole process about 30 s into a database outage.
    const onBackgroundError = options.onBackgroundError ?? ((error: unknown) => process.emitWarning(`job queue: ${(error as Error)?.message ?? String(error)}`))
    this.boss.on('error', onBackgroundError)
  }

  get isStarted(): boolean {
    return this.#isStarted
  }

  async start(): Promise<void> {
    if (this.#isStarted) return
    await this.#serializeStart(() => this.boss.start())
    this.#isStarted = true
  }

  /**
   * Creates the queue if it does not exist yet (pg-boss 10 drops jobs for unknown queues). Under the
   * same lock as start: two processes creating one queue at once deadlock inside pg-boss.
   */
  async ensureQueue(name: string, options: Omit<PgBoss.Queue, 'name'> = {}): Promise<void> {
    await this.#serializeStart(async () => {
      const existing = await this.boss.getQueue(name)
      if (!existing) await this.boss.createQueue(name, { name, ...options })
    })
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    const { trx, ...rest } = options
    const sendOptions: PgBoss.SendOptions & { db?: PgBoss.Db } = { ...rest }
    if (trx) sendOptions.db = transactionExecutor(trx) as PgBoss.Db
    return await this.boss.send(name, data, sendOptions)
  }

  /** The definition's typed sender: its payload checked, its options applied, in the caller's transaction. */
  bind<P>(definition: JobDefinition<P>): JobSender<P> {
    const { singletonKey, ...options } = definition.options
    return {
      definition,
      send: async (trx, payload, perJob = {}) => {
        const data = parseJobPayload(definition, payload) as object
        const jobId = await this.send(definition.name, data, {
          trx,
          ...options,
          ...(singletonKey ? { singletonKey: singletonKey(payload) } : {}),
          ...(perJob.startAfterSeconds === undefined ? {} : { startAfter: perJob.startAfterSeconds }),
          // pg-boss takes jobs of equal priority by (created_on, id); one transaction's share created_on.
          ...(perJob.id === undefined ? {} : { id: perJob.id }),
        })
        // pg-boss 10 answers null for a queue that does not exist (or a singleton already queued).
        if (jobId === null && !singletonKey) throw new Error(`The ${definition.name} queue does not exist; create the job queues before serving requests`)
        // A delayed job is found by the poll when it comes due; waking a handler now would find nothing.
        if (jobId !== null && perJob.startAfterSeconds === undefined) await trx.executeQuery(CompiledQuery.raw('select pg_notify($1, $2)', [JOB_WAKE_CHANNEL, definition.name]))
        return jobId
      },
      findTakenBefore: (before) => this.findTakenBefore(definition.name, before),
    }
  }

  /** See JobSender.findTakenBefore. pg-boss has no call for it; its job table is read directly. */
  async findTakenBefore(name: string, before: Date): Promise<string[]> {
    const { rows } = await this.#executor.executeSql(`select id from ${PGBOSS_SCHEMA}.job where name = $1 and state = 'active' and started_on < $2`, [name, before])
    return rows.map((row) => String((row as { id: unknown }).id))
  }

  /**
   * Attaches a handler to the definition's queue; each job's payload is checked before the
   * handler sees it (a bad one fails that job). `slots`: jobs of this kind run at once here (pg-boss 10
   * runs one batch at a time per `work` call, so one call per slot).
   */
  async handle<P>(definition: JobDefinition<P>, options: { slots?: number; batchSize?: number; pollingIntervalSeconds?: number }, handler: (payload: P) => Promise<unknown>): Promise<void> {
    const { slots = 1, ...workOptions } = options
    const ids = this.#workerIds.get(definition.name) ?? []
    for (let slot = 0; slot < slots; slot++) {
      const worker: { id?: string } = {}
      const id = await this.boss.work<unknown>(definition.name, { batchSize: 1, ...workOptions }, async (jobs) => {
        for (const job of jobs) await handler(parseJobPayload(definition, job.data))
        // pg-boss waits out the rest of its polling interval after every batch, even when more jobs
        // are queued: each slot then ran at most one job per interval (two small datasets a second).
        // Having just done work, look again at once; an empty look then waits the interval as usual.
        // Not after a failure: a job retried without a delay would use up its retries in milliseconds.
        if (worker.id !== undefined) this.boss.notifyWorker(worker.id)
      })
      worker.id = id
      ids.push(id)
    }
    this.#workerIds.set(definition.name, ids)
  }

  /**
   * Makes this process's handlers of that job look for work now (a NOTIFY on JOB_WAKE_CHANNEL said
   * one was sent); an empty name (a listener back after missing notifications) wakes them all.
   */
  wake(jobName: string): void {
    const names = jobName === '' ? [...this.#workerIds.keys()] : [jobName]
    for (const name of names) for (const id of this.#workerIds.get(name) ?? []) this.boss.notifyWorker(id)
  }

  /** Stops this process's handlers of the definition (jobs in flight finish). */
  async stopHandling<P>(definition: JobDefinition<P>): Promise<void> {
    this.#workerIds.delete(definition.name)
    await this.boss.offWork(definition.name)
  }

  async work<T>(name: string, options: PgBoss.WorkOptions, handler: JobHandler<T>): Promise<string> {
    return await this.boss.work<T>(name, options, handler)
  }

  async stop(): Promise<void> {
    if (!this.#isStarted) return
    this.#isStarted = false
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 })
  }
}

/** Runs pg-boss's statements on the caller's transaction, so its insert commits or rolls back with it. */
export function transactionExecutor(trx: Transaction<Tables>): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values))
      return { rows: result.rows as unknown[] }
    },
  }
}
