/**
 * Synced data belongs to one client: another client gets 404 for every sync and data path of a
 * company it does not own, and for a connection that is not its company's. Deleting a connection
 * or a company takes its data with it; unlinking keeps the data readable and stops the syncs.
 * On both databases.
 */
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'
import type { TestClient } from '../../testing/test-app.js'

type Table = 'data_records' | 'datasets' | 'data_reads'

describe.each(testedBackends())('synced data isolation on %s', (backend) => {
  let h: SyncHarness
  let workers: SyncWorkers
  let owner: TestClient
  let stranger: TestClient
  /** The owner's company, with an accounting and a banking connection, synced. */
  let a: { companyId: string; accountingId: string; bankId: string; datasetId: string; invoiceId: string; transactionId: string }

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    workers = await h.startWorkers({ pageSize: 100 })
    owner = h.client
    stranger = await h.t.createClient('stranger')
    const accounting = await h.linkSandbox('mqjo', owner)
    const bank = await h.linkSandbox('bsbx', owner, accounting.companyId)
    const history = await h.waitForSyncs(accounting.companyId)
    const invoices = (await h.api('GET', `/companies/${accounting.companyId}/data/invoices?pageSize=1`)).json()
    const transactions = (await h.api('GET', `/companies/${accounting.companyId}/connections/${bank.connectionId}/data/banking-transactions?pageSize=1`)).json()
    a = {
      companyId: accounting.companyId,
      accountingId: accounting.connectionId,
      bankId: bank.connectionId,
      datasetId: history.find((dataset) => dataset['dataType'] === 'invoices')!['id'] as string,
      invoiceId: invoices.results[0].id,
      transactionId: transactions.results[0].id,
    }
  })
  afterAll(async () => {
    await h?.close()
  })

  async function rowsOf(table: Table, column: 'company_id' | 'connection_id', id: string): Promise<number> {
    const row = await h.t.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).where(column, '=', id).executeTakeFirstOrThrow()
    return row.n
  }

  /** Every sync and data path of a company, with the body a POST needs. */
  function companyPaths(companyId: string, connectionId: string): Array<['GET' | 'POST', string, unknown?]> {
    return [
      ['GET', `/companies/${companyId}/data/invoices`],
      ['GET', `/companies/${companyId}/data/invoices/${a.invoiceId}`],
      ['GET', `/companies/${companyId}/data/info`],
      ['GET', `/companies/${companyId}/connections/${connectionId}/data/banking-transactions`],
      ['GET', `/companies/${companyId}/connections/${connectionId}/data/banking-transactions/${a.transactionId}`],
      ['GET', `/companies/${companyId}/dataStatus`],
      ['GET', `/companies/${companyId}/data/history`],
      ['GET', `/companies/${companyId}/data/history/${a.datasetId}`],
      ['POST', `/companies/${companyId}/data/queue/invoices`],
      ['POST', `/companies/${companyId}/data/queue/banking-transactions?connectionId=${connectionId}`],
      ['POST', `/companies/${companyId}/data/all`],
      ['GET', `/companies/${companyId}/syncSettings`],
      ['POST', `/companies/${companyId}/syncSettings`, { settings: [{ dataType: 'invoices', fetchOnFirstLink: false, syncSchedule: 0, syncOrder: 0 }], overridesDefaults: true }],
    ]
  }

  it('answers another client 404 (company not found) on every sync and data path of the company', async () => {
    for (const [method, url, body] of companyPaths(a.companyId, a.bankId)) {
      const response = await h.api(method, url, body, stranger)
      expect(response.statusCode, `${method} ${url}`).toBe(404)
      expect(response.json(), `${method} ${url}`).toMatchObject({ statusCode: 404, error: `No company was found with ID ${a.companyId}` })
    }
    // The owner reads the same records and dataset: the 404s are about who asks.
    for (const url of [`/companies/${a.companyId}/data/invoices/${a.invoiceId}`, `/companies/${a.companyId}/connections/${a.bankId}/data/banking-transactions/${a.transactionId}`, `/companies/${a.companyId}/data/history/${a.datasetId}`]) {
      expect((await h.api('GET', url, undefined, owner)).statusCode, url).toBe(200)
    }
    // Nothing the stranger sent was queued or changed.
    expect(await rowsOf('datasets', 'company_id', a.companyId)).toBe((await h.api('GET', `/companies/${a.companyId}/data/history?pageSize=1`)).json().totalResults)
    expect((await h.api('GET', `/companies/${a.companyId}/syncSettings`)).json().overridesDefaults).toBe(false)
  })

  it('answers 404 (connection not found) for the owner’s connection under the other client’s own company', async () => {
    const own = (await h.api('POST', '/companies', { name: 'Stranger Ltd' }, stranger)).json()
    for (const url of [`/companies/${own.id}/connections/${a.bankId}/data/banking-transactions`, `/companies/${own.id}/connections/${a.bankId}/data/banking-transactions/${a.transactionId}`]) {
      const response = await h.api('GET', url, undefined, stranger)
      expect(response.statusCode, url).toBe(404)
      expect(response.json()).toMatchObject({ statusCode: 404, error: `No connection was found with ID ${a.bankId}` })
    }
    const queued = await h.api('POST', `/companies/${own.id}/data/queue/banking-transactions?connectionId=${a.bankId}`, undefined, stranger)
    expect(queued.statusCode).toBe(404)
    expect(queued.json()).toMatchObject({ statusCode: 404, error: `No connection was found with ID ${a.bankId}` })
    const dataset = await h.api('GET', `/companies/${own.id}/data/history/${a.datasetId}`, undefined, stranger)
    expect(dataset.statusCode).toBe(404)
    expect(dataset.json()).toMatchObject({ statusCode: 404, error: `No dataset was found with ID ${a.datasetId}` })
    expect((await h.api('GET', `/companies/${own.id}/data/history`, undefined, stranger)).json().totalResults).toBe(0)
  })

  it('deletes a connection’s records and datasets with it', async () => {
    const { companyId, connectionId } = await h.linkSandbox('bsbx', owner)
    const history = await h.waitForSyncs(companyId)
    const read = history.reduce((sum, dataset) => sum + (dataset['recordsRead'] as number), 0)
    expect(read).toBeGreaterThan(0)
    expect(await rowsOf('data_records', 'connection_id', connectionId)).toBe(read)

    const deleted = await h.api('DELETE', `/companies/${companyId}/connections/${connectionId}`)
    expect(deleted.statusCode, deleted.body).toBe(200)
    expect(await rowsOf('data_records', 'connection_id', connectionId)).toBe(0)
    expect(await rowsOf('datasets', 'connection_id', connectionId)).toBe(0)
    const list = await h.api('GET', `/companies/${companyId}/connections/${connectionId}/data/banking-transactions`)
    expect(list.statusCode).toBe(404)
    expect(list.json()).toMatchObject({ statusCode: 404, error: `No connection was found with ID ${connectionId}` })
  })

  it('deletes a company’s records, datasets and reads with it', async () => {
    const accounting = await h.linkSandbox('mqjo', owner)
    await h.linkSandbox('bsbx', owner, accounting.companyId)
    await h.waitForSyncs(accounting.companyId)
    const { companyId } = accounting
    for (const table of ['data_records', 'datasets', 'data_reads'] as const) expect(await rowsOf(table, 'company_id', companyId), table).toBeGreaterThan(0)

    expect((await h.api('DELETE', `/companies/${companyId}`)).statusCode).toBe(204)
    for (const table of ['data_records', 'datasets', 'data_reads'] as const) expect(await rowsOf(table, 'company_id', companyId), table).toBe(0)
    // The other company's data is untouched.
    expect((await h.api('GET', `/companies/${a.companyId}/data/invoices?pageSize=1`)).statusCode).toBe(200)
  })

  it('keeps an unlinked connection’s data readable and syncs it no more', async () => {
    const { companyId, connectionId } = await h.linkSandbox('mqjo', owner)
    const history = await h.waitForSyncs(companyId)
    const invoicesRead = history.find((dataset) => dataset['dataType'] === 'invoices')!['recordsRead']

    const unlinked = await h.api('PATCH', `/companies/${companyId}/connections/${connectionId}`, { status: 'Unlinked' })
    expect(unlinked.statusCode, unlinked.body).toBe(200)
    expect(unlinked.json().status).toBe('Unlinked')
    const invoices = await h.api('GET', `/companies/${companyId}/data/invoices?pageSize=1`)
    expect(invoices.statusCode, invoices.body).toBe(200)
    expect(invoices.json().totalResults).toBe(invoicesRead)

    const named = await h.api('POST', `/companies/${companyId}/data/queue/invoices?connectionId=${connectionId}`)
    expect(named.statusCode).toBe(400)
    expect(named.json()).toMatchObject({ statusCode: 400, error: `Connection ${connectionId} is Unlinked; only Linked connections sync. Re-authorize it through its linkUrl.` })
    const any = await h.api('POST', `/companies/${companyId}/data/queue/invoices`)
    expect(any.statusCode).toBe(400)
    expect(any.json()).toMatchObject({ statusCode: 400, error: `Company ${companyId} has no Linked connection that can sync invoices; link one first.` })
    expect((await h.api('POST', `/companies/${companyId}/data/all`)).statusCode).toBe(204)
    // A day on, the schedule passes it by too.
    h.t.clock.advance(25 * 3_600_000)
    await workers.services.sync.queueDueSyncs()
    expect(await rowsOf('datasets', 'connection_id', connectionId)).toBe(history.length)
  })
})
