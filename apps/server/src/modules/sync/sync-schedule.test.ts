/**
 * Sync settings and what they drive: the client's defaults, a company's override, validation, the
 * first link queueing only fetchOnFirstLink types, and the schedule queueing what is due.
 */
import { ACCOUNTING_DATATYPES, FINANCIAL_STATEMENT_DATATYPES } from '@linkway/connectors'
import { DATA_TYPES, isDataType, REFERENCE_DATA_TYPES, type DataType } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'

/** What Sandbox accounting offers: every accounting data type and the statements built from its ledger. */
const SANDBOX_ACCOUNTING: readonly string[] = [...ACCOUNTING_DATATYPES, ...FINANCIAL_STATEMENT_DATATYPES]

describe.each(testedBackends())('sync settings and schedules on %s', (backend) => {
  let h: SyncHarness
  let workers: SyncWorkers

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    workers = await h.startWorkers()
  })
  afterAll(async () => {
    await h?.close()
  })

  it("lists Linkway's defaults for every data type until the client sets its own", async () => {
    const res = await h.api('GET', '/profile/syncSettings')
    expect(res.statusCode).toBe(200)
    const { clientId, settings } = res.json()
    expect(clientId).toBe(h.client.clientId)
    expect(settings).toHaveLength(DATA_TYPES.length)
    expect(settings[0]).toEqual({ dataType: 'company', fetchOnFirstLink: true, syncSchedule: 24, syncOrder: 0 })
    // The reference keeps 24 months of the financial statements by default, everything of every other type.
    expect(settings.filter((setting: { monthsToSync?: number }) => setting.monthsToSync !== undefined)).toEqual(
      ['balanceSheet', 'profitAndLoss', 'cashFlowStatement'].map((dataType) => ({ dataType, fetchOnFirstLink: true, syncSchedule: 24, syncOrder: DATA_TYPES.indexOf(dataType as DataType), monthsToSync: 24 })),
    )
    expect(settings.every((setting: { fetchOnFirstLink: boolean; syncSchedule: number }) => setting.fetchOnFirstLink && setting.syncSchedule === 24)).toBe(true)
  })

  it('refuses a data type given twice, an unknown one and a negative schedule, in the error body', async () => {
    const twice = await h.api('POST', '/profile/syncSettings', {
      settings: [
        { dataType: 'invoices', fetchOnFirstLink: true, syncSchedule: 24, syncOrder: 0 },
        { dataType: 'invoices', fetchOnFirstLink: false, syncSchedule: 24, syncOrder: 1 },
      ],
    })
    expect(twice.statusCode).toBe(400)
    expect(twice.json().error).toContain('settings has invoices twice')
    const unknown = await h.api('POST', '/profile/syncSettings', { settings: [{ dataType: 'ledgers', fetchOnFirstLink: true, syncSchedule: 24, syncOrder: 0 }] })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error).toContain('dataType must be one of accountTransactions, balanceSheet')
    const negative = await h.api('POST', '/profile/syncSettings', { settings: [{ dataType: 'invoices', fetchOnFirstLink: true, syncSchedule: -1, syncOrder: 0 }] })
    expect(negative.statusCode).toBe(400)
  })

  it('keeps a setting for a data type of the reference that Linkway does not sync, echoes it, and syncs nothing for it', async () => {
    const notSynced = REFERENCE_DATA_TYPES.find((dataType) => !isDataType(dataType))
    if (!notSynced) return
    const setting = (dataType: string, syncOrder: number) => ({ dataType, fetchOnFirstLink: true, syncSchedule: 1, syncOrder })
    const off = ['company', 'chartOfAccounts', 'customers', 'suppliers', 'bills', 'payments', 'bankAccounts', 'journalEntries'].map((dataType, index) => ({ dataType, fetchOnFirstLink: false, syncSchedule: 0, syncOrder: index + 2 }))
    const company = (await h.api('POST', '/companies', { name: 'Asks for more' })).json()
    const set = await h.api('POST', `/companies/${company.id}/syncSettings`, { settings: [setting(notSynced, 0), setting('invoices', 1), ...off], overridesDefaults: true })
    expect(set.statusCode, set.body).toBe(204)
    const saved = (await h.api('GET', `/companies/${company.id}/syncSettings`)).json()
    expect(saved.settings[0]).toEqual(setting(notSynced, 0))

    await h.linkSandbox('mqjo', h.client, company.id)
    expect((await h.waitForSyncs(company.id)).map((dataset) => dataset['dataType'])).toEqual(['invoices'])
    // Due on the schedule an hour later: invoices again, still nothing for the other.
    h.t.clock.advance(3_600_000)
    await workers.services.sync.queueDueSyncs()
    const history = (await h.api('GET', `/companies/${company.id}/data/history?pageSize=100`)).json()
    expect(history.results.map((dataset: { dataType: string }) => dataset.dataType)).toEqual(['invoices', 'invoices'])
  })

  it('a company override decides what its first link fetches; the client defaults apply elsewhere', async () => {
    const only = (dataType: string) => ({ dataType, fetchOnFirstLink: true, syncSchedule: 0, syncOrder: 0 })
    const off = SANDBOX_ACCOUNTING.filter((dataType) => dataType !== 'invoices').map((dataType, index) => ({ dataType, fetchOnFirstLink: false, syncSchedule: 0, syncOrder: index + 1 }))
    const company = (await h.api('POST', '/companies', { name: 'Only invoices' })).json()
    const set = await h.api('POST', `/companies/${company.id}/syncSettings`, { settings: [only('invoices'), ...off], overridesDefaults: true })
    expect(set.statusCode, set.body).toBe(204)
    const saved = (await h.api('GET', `/companies/${company.id}/syncSettings`)).json()
    expect(saved).toMatchObject({ companyId: company.id, overridesDefaults: true })
    expect(saved.settings.find((setting: { dataType: string }) => setting.dataType === 'invoices')).toEqual(only('invoices'))

    await h.linkSandbox('mqjo', h.client, company.id)
    const history = await h.waitForSyncs(company.id)
    expect(history.map((dataset) => dataset['dataType'])).toEqual(['invoices'])

    // Back to the client's defaults: the company follows them again.
    const reset = await h.api('POST', `/companies/${company.id}/syncSettings`, { settings: [], overridesDefaults: false })
    expect(reset.statusCode).toBe(204)
    const followed = (await h.api('GET', `/companies/${company.id}/syncSettings`)).json()
    expect(followed.overridesDefaults).toBe(false)
    expect(followed.settings.every((setting: { fetchOnFirstLink: boolean }) => setting.fetchOnFirstLink)).toBe(true)
  })

  it('queues on the schedule what is due, counted from the last request, and nothing twice', async () => {
    // Three daily data types and the rest off: what is due is the point, not syncing every data type
    // again (on a busy machine that alone outlasted the test's time).
    const daily = ['company', 'customers', 'invoices']
    const settings = DATA_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: daily.includes(dataType), syncSchedule: daily.includes(dataType) ? 24 : 0, syncOrder }))
    expect((await h.api('POST', '/profile/syncSettings', { settings })).statusCode).toBe(204)
    const { companyId } = await h.linkSandbox('mqjo')
    await h.waitForSyncs(companyId)
    const countFor = async () => (await h.api('GET', `/companies/${companyId}/data/history?pageSize=100`)).json().totalResults as number
    const before = await countFor()
    expect(before).toBe(daily.length)

    // 23 hours on: nothing of this company is due yet.
    h.t.clock.advance(23 * 3_600_000)
    await workers.services.sync.queueDueSyncs()
    expect(await countFor()).toBe(before)

    // 25 hours on: every daily data type is due once.
    h.t.clock.advance(2 * 3_600_000)
    await workers.services.sync.queueDueSyncs()
    await workers.services.sync.queueDueSyncs()
    expect(await countFor()).toBe(before + daily.length)
    const history = await h.waitForSyncs(companyId)
    const scheduled = history.filter((dataset) => dataset['requested'] === h.t.clock.now().toISOString())
    expect(scheduled).toHaveLength(daily.length)
    expect(scheduled.every((dataset) => dataset['status'] === 'Complete')).toBe(true)
    // Incremental where the platform filters by date: the lists; the company object is read whole.
    expect(scheduled.filter((dataset) => typeof dataset['modifiedSince'] === 'string').map((dataset) => dataset['dataType']).sort()).toEqual(['customers', 'invoices'])
  })

  it('answers 404 for the sync settings of an unknown company', async () => {
    const res = await h.api('GET', '/companies/00000000-0000-4000-8000-000000000000/syncSettings')
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toBe('No company was found with ID 00000000-0000-4000-8000-000000000000')
  })
})

describe.each(testedBackends())('the order a read syncs in, on %s', (backend) => {
  let h: SyncHarness

  beforeAll(async () => {
    h = await createSyncHarness(backend)
  })
  afterAll(async () => {
    await h?.close()
  })

  it("takes a read's datasets in the client's syncOrder, not the catalogue's or at random", async () => {
    // The reverse of the catalogue's order; everything else off.
    const wanted = ['invoices', 'suppliers', 'customers', 'company']
    const settings = DATA_TYPES.map((dataType) => ({
      dataType,
      fetchOnFirstLink: wanted.includes(dataType),
      syncSchedule: 0,
      syncOrder: wanted.includes(dataType) ? wanted.indexOf(dataType) : wanted.length + DATA_TYPES.indexOf(dataType),
    }))
    expect((await h.api('POST', '/profile/syncSettings', { settings })).statusCode).toBe(204)
    const { companyId } = await h.linkSandbox('mqjo')
    // One slot, started once the read is queued: each job is taken when the one before it is done.
    await h.startWorkers({ concurrency: 1 })
    const history = await h.waitForSyncs(companyId)
    expect(history.map((dataset) => dataset['status'])).toEqual(wanted.map(() => 'Complete'))
    // When the worker took each job, by the database's clock (the app's clock stands still in tests).
    const { rows } = await sql<{ datasetId: string }>`select data->>'datasetId' as "datasetId" from pgboss.job where name = 'sync.dataset' order by started_on`.execute(h.t.database.db)
    const dataTypeOf = new Map(history.map((dataset) => [dataset['id'], dataset['dataType']]))
    expect(rows.map((row) => dataTypeOf.get(row.datasetId))).toEqual(wanted)
  })
})
