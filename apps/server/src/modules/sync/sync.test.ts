/**
 * The first sync end to end: a sandbox connection linked through the consent page, its datasets
 * run by a worker over real HTTP, and the records read back through the API, on both databases.
 */
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'

const ACCOUNTING_TYPES = [
  'company',
  'chartOfAccounts',
  'customers',
  'suppliers',
  'invoices',
  'bills',
  'payments',
  'bankAccounts',
  'journalEntries',
  'creditNotes',
  'billCreditNotes',
  'billPayments',
  'directCosts',
  'directIncomes',
  'itemReceipts',
  'journals',
  'purchaseOrders',
  'salesOrders',
]

describe.each(testedBackends())('data sync on %s', (backend) => {
  let h: SyncHarness
  let workers: SyncWorkers
  let companyId: string
  let connectionId: string

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    h.sandbox.admin.setDatasetSize('accounting', 'invoices', 250)
    await h.api('POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['read.completed', 'read.completed.initial'] })
    workers = await h.startWorkers({ pageSize: 100 })
    ;({ companyId, connectionId } = await h.linkSandbox('mqjo'))
    await h.waitForSyncs(companyId)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('queues every accounting data type on first link and completes them', async () => {
    const history = (await h.api('GET', `/companies/${companyId}/data/history?pageSize=50`)).json()
    expect(history.totalResults).toBe(ACCOUNTING_TYPES.length)
    expect(history.results.map((dataset: { dataType: string }) => dataset.dataType).sort()).toEqual([...ACCOUNTING_TYPES].sort())
    for (const dataset of history.results) {
      expect(dataset).toMatchObject({ companyId, connectionId, status: 'Complete', progress: 100, isCompleted: true, isErrored: false })
      expect(dataset.completed).toEqual(expect.any(String))
    }
    const invoices = history.results.find((dataset: { dataType: string }) => dataset.dataType === 'invoices')
    expect(invoices).toMatchObject({ recordsRead: 250, recordsModified: 250, totalRecords: 250 })
    const one = await h.api('GET', `/companies/${companyId}/data/history/${invoices.id}`)
    expect(one.json()).toEqual(invoices)
  })

  it('sets lastSync on the connection and on its company when a sync completes', async () => {
    const history = (await h.api('GET', `/companies/${companyId}/data/history?pageSize=50`)).json()
    const lastCompleted = history.results.map((dataset: { completed: string }) => dataset.completed).sort().at(-1)
    const company = (await h.api('GET', `/companies/${companyId}`)).json()
    expect(company.lastSync).toBe(lastCompleted)
    expect(company.dataConnections[0].lastSync).toBe(lastCompleted)
    const connection = (await h.api('GET', `/companies/${companyId}/connections/${connectionId}`)).json()
    expect(connection.lastSync).toBe(lastCompleted)
    // The company list and its query language see it too.
    const synced = (await h.api('GET', `/companies?pageSize=100&query=${encodeURIComponent(`lastSync>=${lastCompleted}`)}`)).json()
    expect(synced.results.map((listed: { id: string; lastSync?: string }) => [listed.id, listed.lastSync])).toEqual([[companyId, lastCompleted]])
    const neverSynced = (await h.api('POST', '/companies', { name: 'Not yet synced' })).json()
    expect(neverSynced).not.toHaveProperty('lastSync')
  })

  it('reports each data type in dataStatus', async () => {
    const statuses = (await h.api('GET', `/companies/${companyId}/dataStatus`)).json()
    expect(Object.keys(statuses).sort()).toEqual([...ACCOUNTING_TYPES].sort())
    expect(statuses.invoices).toMatchObject({ dataType: 'invoices', currentStatus: 'Complete', lastSuccessfulSync: expect.any(String) })
    expect(statuses.invoices.latestSyncId).toBe(statuses.invoices.latestSuccessfulSyncId)
  })

  it('serves the records paged, filtered and ordered at the spec path', async () => {
    const first = await h.api('GET', `/companies/${companyId}/data/invoices?page=1&pageSize=100`)
    expect(first.statusCode, first.body).toBe(200)
    const page = first.json()
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 100, totalResults: 250 })
    expect(page.results).toHaveLength(100)
    expect(page._links.next.href).toBe(`/companies/${companyId}/data/invoices?page=2&pageSize=100`)
    const last = (await h.api('GET', `/companies/${companyId}/data/invoices?page=3&pageSize=100`)).json()
    expect(last.results).toHaveLength(50)
    const ids = new Set([...page.results, ...(await h.api('GET', `/companies/${companyId}/data/invoices?page=2&pageSize=100`)).json().results, ...last.results].map((invoice: { id: string }) => invoice.id))
    expect(ids.size).toBe(250)

    const outstanding = (await h.api('GET', `/companies/${companyId}/data/invoices?pageSize=500&query=${encodeURIComponent('amountDue>0')}&orderBy=-totalAmount`)).json()
    expect(outstanding.totalResults).toBeGreaterThan(0)
    expect(outstanding.totalResults).toBeLessThan(250)
    const amounts = outstanding.results.map((invoice: { totalAmount: number; amountDue: number }) => {
      expect(invoice.amountDue).toBeGreaterThan(0)
      return invoice.totalAmount
    })
    expect(amounts).toEqual([...amounts].sort((a: number, b: number) => b - a))

    const byId = await h.api('GET', `/companies/${companyId}/data/invoices/${page.results[0].id}`)
    expect(byId.json()).toEqual(page.results[0])
    const missing = await h.api('GET', `/companies/${companyId}/data/invoices/no-such-invoice`)
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error).toBe('No invoices record was found with ID no-such-invoice')
    // A record id may be up to 500 characters, in any script: each reaches the record lookup, one longer is a 400.
    const longest = 'ü'.repeat(500)
    const long = await h.api('GET', `/companies/${companyId}/data/invoices/${encodeURIComponent(longest)}`)
    expect(long.statusCode, long.body).toBe(404)
    expect(long.json().error).toBe(`No invoices record was found with ID ${longest}`)
    expect((await h.api('GET', `/companies/${companyId}/data/invoices/${'x'.repeat(501)}`)).statusCode).toBe(400)
  })

  it('answers a malformed or unknown query with 400 in the error body', async () => {
    const unknown = await h.api('GET', `/companies/${companyId}/data/invoices?query=${encodeURIComponent('isPaid=true')}`)
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error).toMatch(/^Error parsing query - Could not resolve property isPaid on /)
    const malformed = await h.api('GET', `/companies/${companyId}/data/invoices?query=${encodeURIComponent('amountDue>>')}`)
    expect(malformed.statusCode).toBe(400)
  })

  it('answers 409 for a data type never synced', async () => {
    const company = (await h.api('POST', '/companies', { name: 'Never synced' })).json()
    const res = await h.api('GET', `/companies/${company.id}/data/invoices`)
    expect(res.statusCode).toBe(409)
    expect(res.json().error).toBe(
      `The invoices data of company ${company.id} has not been synced yet. Queue it with POST /companies/${company.id}/data/queue/invoices, then wait for read.completed.`,
    )
  })

  it('sends read.completed and read.completed.initial once, with every data type', async () => {
    const events = (await sql<{ event_type: string; payload: { dataTypes: Array<{ dataType: string; status: string; recordsModified: boolean; connectionId: string }> } }>`
      select event_type, payload from webhook_events where event_type like 'read.%' order by event_type`.execute(h.t.database.db)).rows
    expect(events.map((event) => event.event_type)).toEqual(['read.completed', 'read.completed.initial'])
    const dataTypes = events[0]!.payload.dataTypes
    expect(dataTypes.map((entry) => entry.dataType).sort()).toEqual([...ACCOUNTING_TYPES].sort())
    expect(dataTypes.every((entry) => entry.status === 'Complete' && entry.recordsModified && entry.connectionId === connectionId)).toBe(true)
  })

  it('syncs again incrementally, modifying nothing that did not change', async () => {
    const queued = await h.api('POST', `/companies/${companyId}/data/queue/invoices`)
    expect(queued.statusCode, queued.body).toBe(200)
    expect(queued.json()).toMatchObject({ dataType: 'invoices', status: 'Queued', isCompleted: false, modifiedSince: expect.any(String) })
    await h.waitForSyncs(companyId)
    const again = (await h.api('GET', `/companies/${companyId}/data/history/${queued.json().id}`)).json()
    expect(again).toMatchObject({ status: 'Complete', recordsModified: 0 })
    const count = await h.t.database.db.selectFrom('data_records').select(sql<number>`count(*)::int`.as('n')).where('connection_id', '=', connectionId).where('data_type', '=', 'invoices').executeTakeFirstOrThrow()
    expect(count.n).toBe(250)
    expect(workers.services).toBeDefined()
  })

  it('syncs banking data per connection at the connection path', async () => {
    const bank = await h.linkSandbox('bsbx', h.client, companyId)
    await h.waitForSyncs(companyId)
    const res = await h.api('GET', `/companies/${companyId}/connections/${bank.connectionId}/data/banking-transactions?pageSize=5`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().results).toHaveLength(5)
    const other = await h.api('GET', `/companies/${companyId}/connections/${connectionId}/data/banking-transactions`)
    expect(other.statusCode).toBe(409)
  })
})
