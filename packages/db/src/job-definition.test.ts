/**
 * Jobs as definitions on both backends: the bound sender checks the payload and applies the
 * definition's options in the caller's transaction; the handler sees only payloads that parse.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import { defineJob, JOB_WAKE_CHANNEL, JobPayloadError, lockUntilCommit, type Database } from './index.js'

const greetJob = defineJob({ name: 'test.greet', payload: z.object({ name: z.string().min(1) }), options: { retryLimit: 2, retryDelay: 7, expireInSeconds: 60 } })
const takenJob = defineJob({ name: 'test.taken', payload: z.object({}) })
const missingQueueJob = defineJob({ name: 'test.no_such_queue', payload: z.object({}) })
const wakeJob = defineJob({ name: 'test.wake', payload: z.object({ n: z.number() }) })
const backlogJob = defineJob({ name: 'test.backlog', payload: z.object({ n: z.number() }) })
const failingJob = defineJob({ name: 'test.failing', payload: z.object({}), options: { retryLimit: 3, retryDelay: 0 } })

describe.each(testedBackends())('job definitions on %s', (backend) => {
  let database: Database

  beforeAll(async () => {
    database = await createTestDatabase(backend, { startQueue: true })
    await database.queue.ensureQueue(greetJob.name)
  })
  afterAll(async () => {
    await database?.close()
  })

  async function storedJobs(name: string) {
    const { rows } = await sql<{ data: unknown; retry_limit: number; retry_delay: number; expire_seconds: number }>`
      select data, retry_limit, retry_delay, extract(epoch from expire_in)::int as expire_seconds from pgboss.job where name = ${name} order by created_on`.execute(database.db)
    return rows
  }

  it('sends with the definition options, in the transaction: rolled back, it never existed', async () => {
    const greet = database.queue.bind(greetJob)
    await database.db.transaction().execute((trx) => greet.send(trx, { name: 'Ada' }))
    await expect(
      database.db.transaction().execute(async (trx) => {
        await greet.send(trx, { name: 'Rolled back' })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await storedJobs('test.greet')).toEqual([{ data: { name: 'Ada' }, retry_limit: 2, retry_delay: 7, expire_seconds: 60 }])
  })

  it('refuses a payload its schema does not accept, before anything is written', async () => {
    const greet = database.queue.bind(greetJob)
    const sending = database.db.transaction().execute((trx) => greet.send(trx, { name: '' }))
    await expect(sending).rejects.toThrow(JobPayloadError)
    await expect(sending).rejects.toThrow("The test.greet job's payload is invalid: name: Too small: expected string to have >=1 characters")
  })

  it('says so when the queue was never created, instead of dropping the job', async () => {
    const sending = database.db.transaction().execute((trx) => database.queue.bind(missingQueueJob).send(trx, {}))
    await expect(sending).rejects.toThrow('The test.no_such_queue queue does not exist; create the job queues before serving requests')
  })

  it('finds the jobs a worker took before a given time and has not finished', async () => {
    await database.queue.ensureQueue(takenJob.name)
    const job = database.queue.bind(takenJob)
    const sent = await database.db.transaction().execute((trx) => job.send(trx, {}))
    expect(await job.findTakenBefore(new Date(Date.now() + 60_000))).toEqual([])
    // A worker takes it, then is gone before it finishes: the job stays active.
    const [taken] = await database.queue.boss.fetch(takenJob.name)
    expect(taken?.id).toBe(sent)
    expect(await job.findTakenBefore(new Date(Date.now() - 60_000))).toEqual([])
    expect(await job.findTakenBefore(new Date(Date.now() + 60_000))).toEqual([sent])
    await database.queue.boss.complete(takenJob.name, sent!)
    expect(await job.findTakenBefore(new Date(Date.now() + 60_000))).toEqual([])
  })

  it('wakes the handler at commit through the NOTIFY, not at its next poll', async () => {
    await database.queue.ensureQueue(wakeJob.name)
    const stopListening = await database.listen(JOB_WAKE_CHANNEL, (jobName) => database.queue.wake(jobName))
    const handledAt: number[] = []
    // A poll every 30 s: only the wake can bring the job in within the 5 s this test waits.
    await database.queue.handle(wakeJob, { pollingIntervalSeconds: 30 }, async () => {
      handledAt.push(Date.now())
    })
    await new Promise((resolve) => setTimeout(resolve, 500))
    const sentAt = Date.now()
    await database.db.transaction().execute((trx) => database.queue.bind(wakeJob).send(trx, { n: 1 }))
    await expect.poll(() => handledAt.length, { timeout: 5_000, interval: 20 }).toBe(1)
    expect(handledAt[0]! - sentAt).toBeLessThan(5_000)
    await database.queue.stopHandling(wakeJob)
    await stopListening()
  })

  it('drains a backlog job after job, not one job per polling interval', async () => {
    await database.queue.ensureQueue(backlogJob.name)
    // Queued before any handler and without a wake: only the handler's own looking finds them.
    await database.queue.boss.insert([1, 2, 3, 4, 5].map((n) => ({ name: backlogJob.name, data: { n } })))
    const handled: number[] = []
    // A poll every 60 s: pg-boss waits out the interval after each job, so without looking again at
    // once the second job would come a minute after the first.
    await database.queue.handle(backlogJob, { pollingIntervalSeconds: 60 }, async ({ n }) => {
      handled.push(n)
    })
    await expect.poll(() => handled.length, { timeout: 10_000, interval: 50 }).toBe(5)
    expect([...handled].sort()).toEqual([1, 2, 3, 4, 5])
    await database.queue.stopHandling(backlogJob)
  })

  it('does not hurry a failed job’s retries: the next look waits the polling interval', async () => {
    await database.queue.ensureQueue(failingJob.name)
    await database.db.transaction().execute((trx) => database.queue.bind(failingJob).send(trx, {}))
    let attempts = 0
    await database.queue.handle(failingJob, { pollingIntervalSeconds: 60 }, async () => {
      attempts += 1
      throw new Error('the platform is down')
    })
    await expect.poll(() => attempts, { timeout: 10_000, interval: 50 }).toBe(1)
    // Retried at once, the three retries would all have run by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(attempts).toBe(1)
    await database.queue.stopHandling(failingJob)
  })

  it('hands the handler parsed payloads, and stops handling on request', async () => {
    const greeted: string[] = []
    await database.queue.handle(greetJob, { pollingIntervalSeconds: 0.5 }, async ({ name }) => {
      greeted.push(name)
    })
    await database.db.transaction().execute((trx) => database.queue.bind(greetJob).send(trx, { name: 'Grace' }))
    await expect.poll(() => greeted, { timeout: 10_000, interval: 100 }).toEqual(expect.arrayContaining(['Ada', 'Grace']))
    await database.queue.stopHandling(greetJob)
  })
})

describe.each(testedBackends())('lockUntilCommit on %s', (backend) => {
  let database: Database

  beforeAll(async () => {
    database = await createTestDatabase(backend)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('makes transactions on the same scope and key wait for each other', async () => {
    const order: string[] = []
    const holding = (name: string, scope: string, key: string, holdMs: number) =>
      database.db.transaction().execute(async (trx) => {
        await lockUntilCommit(trx, scope, key)
        order.push(`${name} in`)
        await new Promise((resolve) => setTimeout(resolve, holdMs))
        order.push(`${name} out`)
      })
    const first = holding('first', 'api_keys', 'client-a', 150)
    await new Promise((resolve) => setTimeout(resolve, 30))
    await Promise.all([first, holding('second', 'api_keys', 'client-a', 0)])
    expect(order).toEqual(['first in', 'first out', 'second in', 'second out'])
  })
})
