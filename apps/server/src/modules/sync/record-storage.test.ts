/**
 * How a page of synced records is stored: a first sync inserts, an upsert counts only the rows it
 * added or changed, a first sync over a record that is stored already falls back to the upsert,
 * and a connection deleted while its page is being written takes the page with it (no foreign key
 * does this since migration 0019: the engine's lock on the connection and the deletion trigger do).
 * On both databases; the deletion racing a page needs two connections, so PostgreSQL only.
 */
import { DATA_TYPES } from '@linkway/contracts'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { testedBackends } from '@linkway/test-kit'
import { JsonParameter, type Tables } from '@linkway/db'
import { sql, type CompiledQuery, type Transaction } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'
import * as repo from './repo.js'

const INVOICES = 250

describe.each(testedBackends())('storing synced records on %s', (backend) => {
  let h: SyncHarness
  let workers: SyncWorkers
  let companyId: string
  let connectionId: string

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    h.sandbox.admin.setDatasetSize('accounting', 'invoices', INVOICES)
    // Nothing on first link: each test syncs what it reads.
    await h.api('POST', '/profile/syncSettings', { settings: DATA_TYPES.map((dataType, index) => ({ dataType, fetchOnFirstLink: false, syncSchedule: 0, syncOrder: index })) })
    workers = await h.startWorkers({ pageSize: 100 })
    ;({ companyId, connectionId } = await h.linkSandbox('mqjo'))
  })
  afterAll(async () => {
    await h?.close()
  })

  const target = (dataType: string) => ({ connectionId, dataType, clientId: h.client.clientId, companyId, datasetId: crypto.randomUUID() })
  const record = (id: string, amount: number) => ({ id, modifiedAt: '2026-01-02T03:04:05.000Z', data: { id, amount } })

  async function storedData(dataType: string): Promise<unknown[]> {
    const rows = await h.t.database.db.selectFrom('data_records').select(['data']).where('company_id', '=', companyId).where('data_type', '=', dataType).where('connection_id', '=', connectionId).orderBy('record_id').execute()
    return rows.map((row) => row.data)
  }

  it('inserts a new page, refuses to insert a stored record again, and upserts counting only what was added or changed', async () => {
    const into = target('storage-counts')
    const inserted = await h.t.database.db.transaction().execute((trx) => repo.insertRecords(trx, into, [record('a', 1), record('b', 2)]))
    expect(inserted).toBe(2)
    await expect(h.t.database.db.transaction().execute((trx) => repo.insertRecords(trx, into, [record('c', 3), record('a', 1)]))).rejects.toMatchObject({ code: '23505' })
    const upserted = await h.t.database.db.transaction().execute((trx) => repo.upsertRecords(trx, into, [record('a', 1), record('b', 20), record('c', 3)]))
    expect(upserted).toBe(2)
    expect(await h.t.database.db.transaction().execute((trx) => repo.upsertRecords(trx, into, [record('a', 1), record('b', 20), record('c', 3)]))).toBe(0)
    expect(await storedData('storage-counts')).toEqual([
      { id: 'a', amount: 1 },
      { id: 'b', amount: 20 },
      { id: 'c', amount: 3 },
    ])
  })

  it('holds a page as its records until the statement is sent, never as one long JSON text', async () => {
    // The text of a page of 1,000 is a V8 large object: held by the query while PostgreSQL works,
    // it outlived scavenges and waited in the old generation for a major collection, one per page
    // (docs/performance.md, "Worker memory, flat"). Sent as a JSON parameter, it lives only while the
    // driver copies it into its message.
    const page = Array.from({ length: 1000 }, (_, index) => record(`held-${String(index).padStart(4, '0')}`, index))
    const sentParameters: unknown[] = []
    const recordingParameters = (trx: Transaction<Tables>): Transaction<Tables> =>
      new Proxy(trx, {
        get(target, key) {
          if (key !== 'getExecutor') return Reflect.get(target, key, target)
          const executor = target.getExecutor()
          return () =>
            new Proxy(executor, {
              get(inner, name) {
                if (name === 'executeQuery') return (query: CompiledQuery) => (sentParameters.push(...query.parameters), inner.executeQuery(query))
                const member = Reflect.get(inner, name, inner)
                return typeof member === 'function' ? member.bind(inner) : member
              },
            })
        },
      })
    const into = target('storage-held')
    await h.t.database.db.transaction().execute((trx) => repo.insertRecords(recordingParameters(trx), into, page))
    await h.t.database.db.transaction().execute((trx) => repo.upsertRecords(recordingParameters(trx), into, page))
    const longTexts = sentParameters.filter((parameter) => typeof parameter === 'string' && parameter.length > 1_000)
    expect(longTexts).toEqual([])
    expect(sentParameters.filter((parameter) => parameter instanceof JsonParameter)).toHaveLength(2)
    expect(await storedData('storage-held')).toHaveLength(1000)
  })

  it('completes a first sync over a record stored already (a platform repeating one), with each record once and as the platform has it', async () => {
    // The platform's first invoice, stored before the first sync as a stale copy.
    const catalogue = createPlatformCatalogue({ sandboxUrl: h.sandbox.url })
    const platform = catalogue.get('mqjo')!
    const request = platform.dataSources.invoices!.request({ baseUrl: platform.apiBaseUrl!.replace(/\/+$/, ''), connectionInfo: {}, modifiedSince: undefined, pageSize: 1 }, undefined)
    const token = await workers.services.vault.withAccessToken(connectionId, async (value) => value)
    const firstPage = (await (await fetch(request.url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })).json()) as { items: Array<{ id: string }> }
    const repeatedId = firstPage.items[0]!.id
    await sql`insert into data_records (connection_id, data_type, record_id, client_id, company_id, dataset_id, data)
      values (${connectionId}, 'invoices', ${repeatedId}, ${h.client.clientId}, ${companyId}, ${crypto.randomUUID()}, ${JSON.stringify({ id: repeatedId, stale: true })}::jsonb)`.execute(h.t.database.db)

    const queued = await h.api('POST', `/companies/${companyId}/data/queue/invoices?connectionId=${connectionId}`)
    expect(queued.statusCode, queued.body).toBe(200)
    await h.waitForSyncs(companyId)
    const dataset = (await h.api('GET', `/companies/${companyId}/data/history/${queued.json().id}`)).json()
    expect(dataset).toMatchObject({ status: 'Complete', recordsRead: INVOICES })
    const invoices = (await storedData('invoices')) as Array<{ id: string; stale?: boolean; invoiceNumber?: string }>
    expect(invoices).toHaveLength(INVOICES)
    expect(new Set(invoices.map((invoice) => invoice.id)).size).toBe(INVOICES)
    const repeated = invoices.find((invoice) => invoice.id === repeatedId)!
    expect(repeated.stale).toBeUndefined()
    expect(repeated.invoiceNumber).toEqual(expect.any(String))
  })

  it.runIf(backend === 'postgres')('deletes a page written while its connection is being deleted, once the page commits', async () => {
    const bank = await h.linkSandbox('bsbx', h.client, companyId)
    const into = { ...target('storage-race'), connectionId: bank.connectionId }
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let written!: () => void
    const isWritten = new Promise<void>((resolve) => (written = resolve))
    const page = h.t.database.db.transaction().execute(async (trx) => {
      expect(await workers.services.connections.findHeldUntilCommit(trx, bank.connectionId)).toMatchObject({ id: bank.connectionId, status: 'Linked' })
      await repo.insertRecords(trx, into, [record('x', 1), record('y', 2)])
      written()
      await released
    })
    await isWritten
    let isDeleted = false
    const deletion = h.api('DELETE', `/companies/${companyId}/connections/${bank.connectionId}`).then((response) => {
      isDeleted = true
      return response
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    // The deletion waits for the page's transaction, as it waited for a foreign key's lock.
    expect(isDeleted).toBe(false)
    release()
    await page
    expect((await deletion).statusCode).toBe(200)
    const left = await h.t.database.db.selectFrom('data_records').select(sql<number>`count(*)::int`.as('n')).where('connection_id', '=', bank.connectionId).executeTakeFirstOrThrow()
    expect(left.n).toBe(0)
    // And a page that comes after the deletion finds no connection to write for.
    expect(await h.t.database.db.transaction().execute((trx) => workers.services.connections.findHeldUntilCommit(trx, bank.connectionId))).toBeUndefined()
  })
})
