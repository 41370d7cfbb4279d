/**
 * Deletions at the platform mirrored: the Sandbox accounting platform deletes invoices after Linkway first synced
 * them, and the next (incremental) sync stores them with `metadata.isDeleted: true`. They stay readable, as the
 * reference keeps deleted records, and `query=metadata.isDeleted=…` tells them apart. Only invoices are synced.
 */
import { DATA_TYPES } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'

type Json = Record<string, any>

/** The sandbox's invoices by index: invoice i is number INV-(i + 1). */
const DELETED_INDICES = [2, 7, 50]
const DELETED_NUMBERS = ['INV-00003', 'INV-00008', 'INV-00051']

describe.each(testedBackends())('invoices deleted at the sandbox after the first sync, on %s', (backend) => {
  let h: SyncHarness
  let companyId: string
  let firstRead: Json[]
  let secondSync: Json

  beforeAll(async () => {
    // The sandbox keeps Linkway's (fake) time, so an incremental sync's bound falls where the platform's data does.
    let sandboxNow = 0
    h = await createSyncHarness(backend, { sandboxClock: { now: () => new Date(sandboxNow) } })
    sandboxNow = h.t.clock.now().getTime()
    // Only invoices, on first link and on request: no other data type's sync is paid for.
    const settings = DATA_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: dataType === 'invoices', syncSchedule: 0, syncOrder }))
    expect((await h.api('POST', '/profile/syncSettings', { settings })).statusCode).toBe(204)
    await h.startWorkers()
    ;({ companyId } = await h.linkSandbox('mqjo'))
    await h.waitForSyncs(companyId)
    firstRead = (await h.api('GET', `/companies/${companyId}/data/invoices?pageSize=5000`)).json().results
    sandboxNow += 60_000
    h.sandbox.admin.deleteRecords('accounting', 'invoices', DELETED_INDICES)
    const queued = await h.api('POST', `/companies/${companyId}/data/queue/invoices`)
    expect(queued.statusCode, queued.body).toBe(200)
    const history = await h.waitForSyncs(companyId)
    secondSync = history.find((dataset) => dataset['id'] === queued.json().id)!
  }, 60_000)
  afterAll(async () => {
    await h?.close()
  })

  it('reads only what changed since the first sync: the deleted invoices', () => {
    expect(firstRead.length).toBeGreaterThan(DELETED_INDICES.length)
    expect(firstRead.every((invoice) => invoice['metadata']['isDeleted'] === false)).toBe(true)
    expect(secondSync).toMatchObject({ dataType: 'invoices', status: 'Complete', recordsRead: DELETED_INDICES.length, recordsModified: DELETED_INDICES.length })
    expect(secondSync['modifiedSince']).toBeDefined()
  })

  it('keeps every invoice, the deleted ones marked metadata.isDeleted true, readable by id, everything else as it was', async () => {
    const now = (await h.api('GET', `/companies/${companyId}/data/invoices?pageSize=5000`)).json()
    expect(now.totalResults).toBe(firstRead.length)
    const before = new Map(firstRead.map((invoice) => [invoice['id'], invoice]))
    for (const invoice of now.results as Json[]) {
      const isDeleted = DELETED_NUMBERS.includes(invoice['invoiceNumber'])
      expect(invoice['metadata'], invoice['invoiceNumber']).toEqual({ isDeleted })
      if (!isDeleted) expect(invoice).toEqual(before.get(invoice['id']))
      else expect(Date.parse(invoice['modifiedDate'])).toBeGreaterThan(Date.parse(before.get(invoice['id'])!['modifiedDate']))
    }
    const deleted = (now.results as Json[]).find((invoice) => invoice['invoiceNumber'] === DELETED_NUMBERS[0])!
    const byId = await h.api('GET', `/companies/${companyId}/data/invoices/${deleted['id']}`)
    expect(byId.statusCode).toBe(200)
    expect(byId.json()).toMatchObject({ invoiceNumber: DELETED_NUMBERS[0], metadata: { isDeleted: true } })
  })

  it('tells them apart with query on metadata.isDeleted', async () => {
    const numbersWhere = async (query: string) =>
      ((await h.api('GET', `/companies/${companyId}/data/invoices?pageSize=5000&orderBy=invoiceNumber&query=${encodeURIComponent(query)}`)).json().results as Json[]).map((invoice) => invoice['invoiceNumber'])
    expect(await numbersWhere('metadata.isDeleted=true')).toEqual(DELETED_NUMBERS)
    expect(await numbersWhere('metadata.isDeleted=false')).toHaveLength(firstRead.length - DELETED_NUMBERS.length)
  })
})
