/**
 * What a sync does when the platform misbehaves, on both databases: a blip retried in place, an
 * outage retried over attempts until it gives up, a rate limit waited out or paused on, a grant
 * revoked mid-sync, and the refusals of the queue endpoint. The sandbox's admin injects each
 * failure at a chosen call, so every count below is exact.
 */
import { DATA_TYPES, isDataType, REFERENCE_DATA_TYPES, type PullOperation } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'
import type { TestClient } from '../../testing/test-app.js'

/** 5 pages of 100: page 3 is mid-sync. */
const TRANSACTIONS = 500
const PAGE_SIZE = 100
const TRANSACTIONS_PATH = '/banking/api/transactions'

describe.each(testedBackends())('sync failures on %s', (backend) => {
  let h: SyncHarness
  let workers: SyncWorkers

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    // pg-boss holds a paused dataset's job until `startAfter` by the database's clock: with the fake
    // clock at the real time, "paused for 30 s" lasts 30 s and the test can look at the paused dataset.
    h.t.clock.set(new Date())
    h.sandbox.admin.setDatasetSize('banking', 'transactions', TRANSACTIONS)
    workers = await h.startWorkers({ pageSize: PAGE_SIZE })
  })
  afterEach(() => {
    h.sandbox.admin.failNextApiCalls('banking', 0)
    h.sandbox.admin.rateLimitNextApiCalls('banking', 0, 0)
  })
  afterAll(async () => {
    await h?.close()
  })

  async function historyOf(companyId: string, who: TestClient): Promise<PullOperation[]> {
    const response = await h.api('GET', `/companies/${companyId}/data/history?pageSize=100`, undefined, who)
    expect(response.statusCode, response.body).toBe(200)
    return response.json().results
  }

  /** Polls the company's only dataset until `isReached` holds (20 s at most). */
  async function waitForDataset(companyId: string, who: TestClient, isReached: (dataset: PullOperation) => boolean, what: string): Promise<PullOperation> {
    const deadline = Date.now() + 20_000
    for (;;) {
      const history = await historyOf(companyId, who)
      expect(history).toHaveLength(1)
      if (isReached(history[0]!)) return history[0]!
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(history[0])}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  async function attemptsOf(datasetId: string): Promise<number> {
    const row = await h.t.database.db.selectFrom('datasets').select('attempts').where('id', '=', datasetId).executeTakeFirstOrThrow()
    return row.attempts
  }

  async function storedCount(connectionId: string): Promise<number> {
    const row = await h.t.database.db
      .selectFrom('data_records')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('connection_id', '=', connectionId)
      .where('data_type', '=', 'banking-transactions')
      .executeTakeFirstOrThrow()
    return row.n
  }

  const servedCalls = (): number => h.sandbox.admin.apiCallCount('banking')
  const pausedUntil = (afterMs: number, reason: string): string => `Paused until ${new Date(h.t.clock.now().getTime() + afterMs).toISOString()} (${reason})`

  it('retries a 503 on page 3 in place and completes with every record', async () => {
    const who = await h.clientSyncingTransactionsOnly()
    const before = servedCalls()
    h.sandbox.admin.failNextApiCalls('banking', 1, { status: 503, afterCalls: 2 })
    const { companyId, connectionId } = await h.linkSandbox('bsbx', who)
    const dataset = await waitForDataset(companyId, who, (d) => d.isCompleted, 'the sync to finish')
    expect(dataset).toMatchObject({ dataType: 'banking-transactions', status: 'Complete', progress: 100, isErrored: false, recordsRead: TRANSACTIONS, recordsModified: TRANSACTIONS, totalRecords: TRANSACTIONS })
    expect(dataset.errorMessage).toBeUndefined()
    // Retried within the attempt: the dataset was never given back.
    expect(await attemptsOf(dataset.id)).toBe(0)
    expect(servedCalls() - before).toBe(TRANSACTIONS / PAGE_SIZE)
    expect(await storedCount(connectionId)).toBe(TRANSACTIONS)
    const list = await h.api('GET', `/companies/${companyId}/connections/${connectionId}/data/banking-transactions?pageSize=1`, undefined, who)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().totalResults).toBe(TRANSACTIONS)
  })

  it('pauses after the in-place retries of an outage, backs off longer each attempt, and ends FetchError after the fifth', async () => {
    const who = await h.clientSyncingTransactionsOnly()
    const before = servedCalls()
    h.sandbox.admin.failNextApiCalls('banking', 1_000_000)
    const { companyId } = await h.linkSandbox('bsbx', who)
    const outage = `The platform answered 503 at ${TRANSACTIONS_PATH}`

    const paused = await waitForDataset(companyId, who, (d) => d.statusDescription !== undefined, 'the first pause')
    expect(paused).toMatchObject({ status: 'Queued', statusDescription: pausedUntil(30_000, outage), isCompleted: false, isErrored: false, recordsRead: 0 })
    expect(await attemptsOf(paused.id)).toBe(1)

    // Each later attempt is what pg-boss runs when the pause is over; run at once here, in order.
    for (const [attempts, backoffMs] of [
      [2, 60_000],
      [3, 120_000],
      [4, 240_000],
    ] as const) {
      await workers.runner.run(paused.id)
      const again = (await historyOf(companyId, who))[0]!
      expect(again).toMatchObject({ id: paused.id, status: 'Queued', statusDescription: pausedUntil(backoffMs, outage) })
      expect(await attemptsOf(paused.id)).toBe(attempts)
    }
    await workers.runner.run(paused.id)
    const failed = (await historyOf(companyId, who))[0]!
    expect(failed).toMatchObject({ id: paused.id, status: 'FetchError', isCompleted: true, isErrored: true, errorMessage: `${outage} (gave up after 5 attempts)`, recordsRead: 0 })
    expect(failed.statusDescription).toBeUndefined()
    expect(servedCalls() - before).toBe(0)
  })

  it('waits out a 429 with Retry-After 1 mid-sync and completes', async () => {
    const who = await h.clientSyncingTransactionsOnly()
    const before = servedCalls()
    h.sandbox.admin.rateLimitNextApiCalls('banking', 1, 1, { afterCalls: 2 })
    const { companyId, connectionId } = await h.linkSandbox('bsbx', who)
    const dataset = await waitForDataset(companyId, who, (d) => d.isCompleted, 'the sync to finish')
    expect(dataset).toMatchObject({ status: 'Complete', recordsRead: TRANSACTIONS, recordsModified: TRANSACTIONS })
    expect(await attemptsOf(dataset.id)).toBe(0)
    expect(servedCalls() - before).toBe(TRANSACTIONS / PAGE_SIZE)
    expect(await storedCount(connectionId)).toBe(TRANSACTIONS)
  })

  it('pauses on a 429 with Retry-After 600 without counting an attempt, then resumes from page 3', async () => {
    const who = await h.clientSyncingTransactionsOnly()
    const before = servedCalls()
    h.sandbox.admin.rateLimitNextApiCalls('banking', 1, 600, { afterCalls: 2 })
    const { companyId, connectionId } = await h.linkSandbox('bsbx', who)
    const paused = await waitForDataset(companyId, who, (d) => d.statusDescription !== undefined, 'the pause')
    expect(paused).toMatchObject({ status: 'Queued', statusDescription: pausedUntil(600_000, 'rate limited by the platform'), isCompleted: false, recordsRead: 2 * PAGE_SIZE })
    expect(await attemptsOf(paused.id)).toBe(0)
    expect(await storedCount(connectionId)).toBe(2 * PAGE_SIZE)

    // What pg-boss does in ten minutes: the job runs again.
    await workers.runner.run(paused.id)
    const done = (await historyOf(companyId, who))[0]!
    expect(done).toMatchObject({ id: paused.id, status: 'Complete', recordsRead: TRANSACTIONS, recordsModified: TRANSACTIONS })
    expect(done.statusDescription).toBeUndefined()
    // Pages 1 and 2, then 3, 4 and 5 after the pause. Page 4 is asked for ahead only while page 3 is
    // still travelling: once page 3's refusal has come, no page is asked beside it; so page 4 is read
    // twice at most, when it was asked before that refusal arrived.
    expect(servedCalls() - before).toBeGreaterThanOrEqual(TRANSACTIONS / PAGE_SIZE)
    expect(servedCalls() - before).toBeLessThanOrEqual(TRANSACTIONS / PAGE_SIZE + 1)
    expect(await storedCount(connectionId)).toBe(TRANSACTIONS)
  })

  it('ends AuthError when the grant is revoked mid-sync, deauthorizes the connection, and keeps what was read', async () => {
    const who = await h.clientSyncingTransactionsOnly()
    h.sandbox.admin.revokeGrantsAfterApiCalls('banking', 2)
    const { companyId, connectionId } = await h.linkSandbox('bsbx', who)
    const dataset = await waitForDataset(companyId, who, (d) => d.isCompleted, 'the sync to end')
    expect(dataset).toMatchObject({
      status: 'AuthError',
      isErrored: true,
      errorMessage: 'The platform no longer accepts this connection’s authorization; the person must re-authorize it through the connection’s linkUrl.',
      recordsRead: 2 * PAGE_SIZE,
    })

    const connection = (await h.api('GET', `/companies/${companyId}/connections/${connectionId}`, undefined, who)).json()
    expect(connection.status).toBe('Deauthorized')
    expect(connection.dataConnectionErrors).toEqual([
      {
        statusCode: '401',
        statusText: 'The integration de-authorized access to the connection.',
        errorMessage: 'The integration de-authorized access to the connection.',
        erroredOnUtc: h.t.clock.now().toISOString(),
        status: 'Active',
      },
    ])

    const queued = await h.api('POST', `/companies/${companyId}/data/queue/banking-transactions?connectionId=${connectionId}`, undefined, who)
    expect(queued.statusCode).toBe(400)
    expect(queued.json()).toMatchObject({
      statusCode: 400,
      error: `Connection ${connectionId} is Deauthorized; only Linked connections sync. Re-authorize it through its linkUrl.`,
    })

    // The two pages read before the revocation stay readable.
    expect(await storedCount(connectionId)).toBe(2 * PAGE_SIZE)
    const list = await h.api('GET', `/companies/${companyId}/connections/${connectionId}/data/banking-transactions?pageSize=500`, undefined, who)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().totalResults).toBe(2 * PAGE_SIZE)
  })

  it('refuses a second queue of a data type while its sync is still in progress with 409', async () => {
    const who = await h.clientSyncingTransactionsOnly()
    // A long rate limit on the first page keeps the sync in progress (Queued, paused) for ten minutes.
    h.sandbox.admin.rateLimitNextApiCalls('banking', 1, 600)
    const { companyId, connectionId } = await h.linkSandbox('bsbx', who)
    const running = await waitForDataset(companyId, who, (d) => d.statusDescription !== undefined, 'the pause')
    const inProgress = `DatasetAlreadyInProgressException: Cannot queue banking-transactions sync for ${companyId} as previous sync ${running.id} is still in progress`

    for (const url of [`/companies/${companyId}/data/queue/banking-transactions`, `/companies/${companyId}/data/queue/banking-transactions?connectionId=${connectionId}`]) {
      const again = await h.api('POST', url, undefined, who)
      expect(again.statusCode).toBe(409)
      expect(again.json()).toMatchObject({ statusCode: 409, error: inProgress })
    }
    // data/all leaves a running data type to finish rather than refusing.
    expect((await h.api('POST', `/companies/${companyId}/data/all`, undefined, who)).statusCode).toBe(204)
    expect((await historyOf(companyId, who)).map((dataset) => dataset.id)).toEqual([running.id])
  })

  it('answers a key that is no data type with 400, one Linkway does not sync with 404, and a company without a connection with 400', async () => {
    const company = (await h.api('POST', '/companies', { name: 'Not linked yet' })).json()
    const invalid = await h.api('POST', `/companies/${company.id}/data/queue/banking-statements`)
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json()).toMatchObject({ statusCode: 400, validation: { errors: [{ itemId: 'dataType' }] } })
    // One of the reference's data types that Linkway does not sync (yet).
    const notSynced = REFERENCE_DATA_TYPES.find((dataType) => !isDataType(dataType))
    if (notSynced) {
      const unknown = await h.api('POST', `/companies/${company.id}/data/queue/${notSynced}`)
      expect(unknown.statusCode).toBe(404)
      expect(unknown.json()).toMatchObject({ statusCode: 404, error: `Unknown data type ${notSynced}; Linkway syncs ${DATA_TYPES.join(', ')}.` })
    }

    const unlinked = await h.api('POST', `/companies/${company.id}/data/queue/invoices`)
    expect(unlinked.statusCode).toBe(400)
    expect(unlinked.json()).toMatchObject({ statusCode: 400, error: `Company ${company.id} has no Linked connection that can sync invoices; link one first.` })
    expect((await historyOf(company.id, h.client)).length).toBe(0)
  })
})
