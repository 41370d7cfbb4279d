/**
 * A worker killed mid-sync: the dataset's lease lapses, the recovery sweep queues it again, and a
 * fresh worker resumes it from the stored cursor: the same dataset completes with every record
 * once, and the platform is asked again for the pages that were in flight (the sandbox numbers its
 * pages, so two travel at once: the next and the one after), not for the pages already stored. In-process on both databases; on PostgreSQL also with real worker processes,
 * one of them SIGKILLed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { PullOperation } from '@linkway/contracts'
import { postgresUrlForTests, testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cleanUpServers, newDataDir, startServer, stopServer } from '../../../test/server-process.js'
import type { TokenVault } from '../connections/index.js'
import { createAppServices } from '../../app-services.js'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'
import type { TestClient } from '../../testing/test-app.js'
import { DATASET_LEASE_MS, syncDatasetJob } from './index.js'

async function waitFor<T>(read: () => Promise<T>, isReached: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (isReached(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function onlyDataset(h: SyncHarness, companyId: string, who: TestClient): Promise<PullOperation> {
  const results = (await h.api('GET', `/companies/${companyId}/data/history?pageSize=100`, undefined, who)).json().results as PullOperation[]
  expect(results).toHaveLength(1)
  return results[0]!
}

async function storedTransactions(h: SyncHarness, connectionId: string): Promise<number> {
  const row = await h.t.database.db
    .selectFrom('data_records')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('connection_id', '=', connectionId)
    .where('data_type', '=', 'banking-transactions')
    .executeTakeFirstOrThrow()
  return row.n
}

async function attemptsOf(h: SyncHarness, datasetId: string): Promise<number> {
  return (await h.t.database.db.selectFrom('datasets').select('attempts').where('id', '=', datasetId).executeTakeFirstOrThrow()).attempts
}

describe.each(testedBackends())('a worker killed mid-sync on %s', (backend) => {
  const TRANSACTIONS = 1000
  const PAGE_SIZE = 100
  let h: SyncHarness
  let killWorker: (error: Error) => void = () => {}

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    h.sandbox.admin.setDatasetSize('banking', 'transactions', TRANSACTIONS)
  })
  afterAll(async () => {
    // The killed worker's page never returns; ending it lets the job queue stop without waiting for it.
    killWorker(new Error('the worker was killed'))
    await h?.close()
  })

  /**
   * A worker whose vault lets `pages` pages through, then has the platform answer the next one and
   * never hands it back: the process died between reading a page and storing it.
   */
  async function startWorkerThatDiesAfter(pages: number): Promise<void> {
    const killed = new Promise<never>((_, reject) => (killWorker = reject))
    killed.catch(() => {})
    let calls = 0
    await h.startWorkers({
      pageSize: PAGE_SIZE,
      concurrency: 1,
      wrapVault: (vault): TokenVault => ({
        ...vault,
        async withAccessToken(connectionId, use) {
          // Numbered by when it was asked for: a later page may be asked for before this one returns.
          const call = ++calls
          const page = await vault.withAccessToken(connectionId, use)
          return call <= pages ? page : await killed
        },
      }),
    })
  }

  it('resumes the same dataset from its cursor after the lease lapses, with every record once', async () => {
    const who = await h.clientSyncingTransactionsOnly()
    const servedBefore = h.sandbox.admin.apiCallCount('banking')
    await startWorkerThatDiesAfter(3)
    const { companyId, connectionId } = await h.linkSandbox('bsbx', who)

    // Three pages stored; the fourth answered by the platform but never stored, and the fifth,
    // asked for while the fourth travelled, answered too.
    const stalled = await waitFor(
      async () => ({ dataset: await onlyDataset(h, companyId, who), served: h.sandbox.admin.apiCallCount('banking') - servedBefore }),
      ({ dataset, served }) => dataset.recordsRead === 3 * PAGE_SIZE && served === 5,
      'three pages stored and the fourth and fifth in flight',
    )
    expect(stalled.dataset).toMatchObject({ status: 'Fetching', progress: 30, totalRecords: TRANSACTIONS })
    // The worker is gone: it takes no more jobs, and its lease runs out.
    await h.t.database.queue.stopHandling(syncDatasetJob)
    h.t.clock.advance(DATASET_LEASE_MS + 1_000)

    const fresh = await h.startWorkers({ pageSize: PAGE_SIZE })
    expect(await fresh.runner.recoverAbandoned()).toBe(1)
    const done = await waitFor(() => onlyDataset(h, companyId, who), (dataset) => dataset.isCompleted, 'the resumed sync to finish')

    expect(done).toMatchObject({ id: stalled.dataset.id, status: 'Complete', progress: 100, recordsRead: TRANSACTIONS, recordsModified: TRANSACTIONS, totalRecords: TRANSACTIONS })
    expect(await attemptsOf(h, done.id)).toBe(1)
    expect(await storedTransactions(h, connectionId)).toBe(TRANSACTIONS)
    // Ten pages, and the fourth and fifth once more: starting over would have been 3 + 10.
    expect(h.sandbox.admin.apiCallCount('banking') - servedBefore).toBe(TRANSACTIONS / PAGE_SIZE + 2)
    const list = await h.api('GET', `/companies/${companyId}/connections/${connectionId}/data/banking-transactions?pageSize=1`, undefined, who)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().totalResults).toBe(TRANSACTIONS)
  })
})

describe.each(testedBackends())('a worker killed after taking a sync job, before starting its dataset, on %s', (backend) => {
  let h: SyncHarness

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    // pg-boss stamps a taken job with the database's clock; the app's clock starts from the real time too.
    h.t.clock.set(new Date())
  })
  afterAll(async () => {
    await h?.close()
  })

  it('queues the dataset again once its job has been taken as long as a lease lasts, with no lease taken', async () => {
    const who = await h.clientSyncingTransactionsOnly()
    // No worker runs yet: the dataset's job waits in the queue.
    const { companyId } = await h.linkSandbox('bsbx', who)
    const queued = await onlyDataset(h, companyId, who)
    expect(queued).toMatchObject({ status: 'Queued', isCompleted: false })
    // A worker takes the job, and is killed before its first statement: pg-boss has the job active
    // (and would keep it so for four hours), and no lease on the dataset says anyone holds it.
    const taken = await h.t.database.queue.boss.fetch<{ datasetId: string }>(syncDatasetJob.name)
    expect(taken.map((job) => job.data.datasetId)).toEqual([queued.id])

    h.t.clock.advance(DATASET_LEASE_MS + 1_000)
    const fresh = await h.startWorkers()
    expect(await fresh.runner.recoverAbandoned()).toBe(1)
    const done = await waitFor(() => onlyDataset(h, companyId, who), (dataset) => dataset.isCompleted, 'the dataset to be synced after all')
    expect(done).toMatchObject({ id: queued.id, status: 'Complete', recordsRead: 120 })
    expect(await attemptsOf(h, done.id)).toBe(1)
    // Once taken up again, the dead worker's job is not counted a second time.
    h.t.clock.advance(DATASET_LEASE_MS + 1_000)
    expect(await fresh.runner.recoverAbandoned()).toBe(0)
  })
})

/** An HTTP proxy in front of the sandbox that forwards the first `passPages` transactions pages and holds every later one unanswered, until told to pass. */
interface HoldingProxy {
  url: string
  /** Transactions pages forwarded to the sandbox. */
  forwarded: number
  /** Transactions pages held unanswered. */
  held: number
  passPages: number
  close(): Promise<void>
}

async function startHoldingProxy(targetUrl: string, passPages: number): Promise<HoldingProxy> {
  const sockets = new Set<Socket>()
  const proxy: HoldingProxy = { url: '', forwarded: 0, held: 0, passPages, close: async () => {} }
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const isTransactionsPage = (request.url ?? '').startsWith('/banking/api/transactions')
    if (isTransactionsPage && proxy.forwarded >= proxy.passPages) {
      proxy.held += 1
      return
    }
    if (isTransactionsPage) proxy.forwarded += 1
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers[name] = value
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
      fetch(`${targetUrl}${request.url}`, { method: request.method ?? 'GET', headers, ...(body ? { body } : {}), redirect: 'manual' })
        .then(async (answer) => {
          const answerHeaders: Record<string, string> = {}
          answer.headers.forEach((value, name) => {
            if (name !== 'content-encoding' && name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') answerHeaders[name] = value
          })
          response.writeHead(answer.status, answerHeaders).end(Buffer.from(await answer.arrayBuffer()))
        })
        .catch(() => response.writeHead(502).end())
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return proxy
}

const postgresUrl = postgresUrlForTests()

describe.runIf(postgresUrl)('a worker process SIGKILLed mid-sync on postgres', () => {
  const TRANSACTIONS = 5000
  /** The worker process reads pages of the engine's default size, the sandbox's largest: 1000. */
  const PAGE_SIZE = 1000
  let h: SyncHarness
  let proxy: HoldingProxy

  beforeAll(async () => {
    h = await createSyncHarness('postgres')
    // The worker processes run on the real clock: the API's clock is set to it, so tokens issued
    // at link are fresh for them and leases and schedules agree.
    h.t.clock.set(new Date())
    h.sandbox.admin.setDatasetSize('banking', 'transactions', TRANSACTIONS)
    proxy = await startHoldingProxy(h.sandbox.url, 2)
  })
  afterEach(() => {
    cleanUpServers()
  })
  afterAll(async () => {
    await proxy?.close()
    await h?.close()
  })

  it('a second worker process resumes the dataset from its cursor, without duplicates', { timeout: 120_000 }, async () => {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(h.t.database.db)
    const databaseUrl = new URL(postgresUrl!)
    databaseUrl.pathname = `/${rows[0]!.name}`
    const env = {
      DATABASE_URL: databaseUrl.href,
      // test-app.ts's TEST_SECRETS key: the worker opens the tokens the API stored at link.
      ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
      SANDBOX_PLATFORMS: 'false',
      SANDBOX_URL: proxy.url,
      // Only a token refresh would use it, and the tokens stay fresh for the whole test.
      SANDBOX_CLIENT_SECRET: 'unused-by-this-test-0123456789abcdef',
      SYNC_CONCURRENCY: '1',
      DATA_DIR: newDataDir(),
    }
    const who = await h.clientSyncingTransactionsOnly()
    const servedBefore = h.sandbox.admin.apiCallCount('banking')
    const first = await startServer(env, ['--role=worker'], /Linkway worker running/)
    const { companyId, connectionId } = await h.linkSandbox('bsbx', who)

    const stalled = await waitFor(
      () => onlyDataset(h, companyId, who),
      (dataset) => dataset.recordsRead === 2 * PAGE_SIZE && proxy.held === 2,
      'two pages stored and the third and fourth in flight',
    )
    expect(stalled).toMatchObject({ status: 'Fetching', totalRecords: TRANSACTIONS })
    first.child.kill('SIGKILL')
    await first.exited

    proxy.passPages = Number.POSITIVE_INFINITY
    const second = await startServer(env, ['--role=worker'], /Linkway worker running/)
    // The dead worker's lease would lapse in two minutes of real time; it is moved into the past
    // instead, and the sweep is run here rather than waited for (a worker sweeps every 30 s).
    await h.t.database.db.updateTable('datasets').set({ lease_until: new Date(h.t.clock.now().getTime() - 1_000) }).where('id', '=', stalled.id).execute()
    expect(await createAppServices(h.t.deps).datasetRunner.recoverAbandoned()).toBe(1)
    const done = await waitFor(() => onlyDataset(h, companyId, who), (dataset) => dataset.isCompleted, 'the second worker to finish the sync', 30_000)

    expect(done).toMatchObject({ id: stalled.id, status: 'Complete', progress: 100, recordsRead: TRANSACTIONS, recordsModified: TRANSACTIONS, totalRecords: TRANSACTIONS })
    expect(await storedTransactions(h, connectionId)).toBe(TRANSACTIONS)
    // Pages 1 and 2 by the first worker, 3 to 5 by the second; the held pages never reached the sandbox.
    expect(proxy.forwarded).toBe(TRANSACTIONS / PAGE_SIZE)
    expect(h.sandbox.admin.apiCallCount('banking') - servedBefore).toBe(TRANSACTIONS / PAGE_SIZE)
    expect(await attemptsOf(h, done.id)).toBe(1)
    expect(await stopServer(second)).toBe(0)
  })
})
