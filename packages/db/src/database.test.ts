import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import type { Database } from './index.js'

describe.each(testedBackends())('database on %s', (backend) => {
  let database: Database

  beforeAll(async () => {
    database = await createTestDatabase(backend, { startQueue: true })
    await database.queue.ensureQueue('test.outbox')
  })
  afterAll(async () => {
    await database?.close()
  })

  it('reads int8 as a number, bytea as a Buffer and date as text, the same on both backends', async () => {
    const { rows } = await sql<{ big: number; bytes: Buffer; day: string; count: number }>`
      select 9007199254740991::int8 as big, '\\x00ff10'::bytea as bytes, '2024-02-29'::date as day,
             (select count(*) from generate_series(1, 3))::int as count`.execute(database.db)
    expect(rows[0]).toEqual({ big: 9007199254740991, bytes: Buffer.from([0, 255, 16]), day: '2024-02-29', count: 3 })
    expect(Buffer.isBuffer(rows[0]!.bytes)).toBe(true)
  })

  it('refuses an int8 beyond 2^53 rather than rounding it', async () => {
    await expect(sql`select 9007199254740993::int8 as big`.execute(database.db)).rejects.toThrow(/MAX_SAFE_INTEGER/)
  })

  it('runs migrations idempotently, and twice at once without colliding', async () => {
    await Promise.all([database.migrate(), database.migrate()])
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from linkway_migrations`.execute(database.db)
    expect(rows[0]!.n).toBeGreaterThan(0)
  })

  it('keeps concurrent transactions apart (on PGlite they queue for the one session)', async () => {
    const clientId = crypto.randomUUID()
    await database.db.insertInto('clients').values({ id: clientId, name: 'c', created_at: new Date() }).execute()
    const insertIn = (name: string, fail: boolean) =>
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('companies').values({ id: crypto.randomUUID(), client_id: clientId, name, tags: '{}', created_at: new Date() }).execute()
        await new Promise((resolve) => setTimeout(resolve, 20))
        if (fail) throw new Error('roll back')
      })
    const outcomes = await Promise.allSettled([insertIn('kept', false), insertIn('rolled back', true), insertIn('kept too', false)])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const names = await database.db.selectFrom('companies').select('name').where('client_id', '=', clientId).orderBy('name').execute()
    expect(names.map((n) => n.name)).toEqual(['kept', 'kept too'])
  })

  it('enqueues a job inside a transaction: committed → delivered, rolled back → never exists', async () => {
    const received: string[] = []
    await database.queue.work<{ tag: string }>('test.outbox', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) received.push(job.data.tag)
    })
    await database.db.transaction().execute(async (trx) => {
      await database.queue.send('test.outbox', { tag: 'committed' }, { trx })
    })
    await expect(
      database.db.transaction().execute(async (trx) => {
        await database.queue.send('test.outbox', { tag: 'rolled-back' }, { trx })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')

    await expect.poll(() => received, { timeout: 10_000, interval: 100 }).toContain('committed')
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'test.outbox' and data->>'tag' = 'rolled-back'`.execute(database.db)
    expect(rows[0]!.n).toBe(0)
    expect(received).not.toContain('rolled-back')
  })

  it.runIf(backend === 'postgres')('survives its connection being cut mid-transaction: the transaction fails, the next query works', async () => {
    // The server ends this session as it does when it restarts (57P01). Before, the pooled client's
    // unheard 'error' event ended the whole process.
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx)
      }),
    ).rejects.toThrow(/terminating connection|Connection terminated/)
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db)
    expect(rows).toEqual([{ one: 1 }])
  })

  it("survives the job queue's background errors (pg-boss emits them while the database is away)", async () => {
    // With no 'error' listener an EventEmitter throws: that ended the process 30 s into an outage.
    expect(() => database.queue.boss.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:5432'))).not.toThrow()
  })

  it('delivers a NOTIFY sent in a transaction only when it commits', async () => {
    let count = 0
    const stop = await database.listen('test_channel', () => count++)
    try {
      await expect(
        database.db.transaction().execute(async (trx) => {
          await sql`select pg_notify('test_channel', '')`.execute(trx)
          throw new Error('abort')
        }),
      ).rejects.toThrow('abort')
      await database.db.transaction().execute(async (trx) => {
        await sql`select pg_notify('test_channel', '')`.execute(trx)
      })
      // PGlite hands notifications over after a statement; any later query lets it.
      await expect.poll(async () => (await sql`select 1`.execute(database.db), count), { timeout: 5_000, interval: 50 }).toBe(1)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(count).toBe(1)
    } finally {
      await stop()
    }
  })
})
