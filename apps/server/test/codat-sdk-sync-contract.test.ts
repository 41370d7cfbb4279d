/**
 * Contract tests, continued: data sync (refresh, data status, pull operations) and sync settings,
 * through the public Codat SDK (`@codat/platform`) over a real socket. A Sandbox connection is
 * linked through the consent page while no worker runs, so its first sync is seen Queued; then
 * workers start and it completes. The SDK parses every answer with its own schemas, closed enums
 * included: a status or data type it does not know fails the call.
 */
import type { CodatPlatform } from '@codat/platform'
import { DataTypes } from '@codat/platform/sdk/models/shared/datastatus.js'
import { DataType as SyncSettingDataType } from '@codat/platform/sdk/models/shared/datatype.js'
import { DatasetStatus, type PullOperation } from '@codat/platform/sdk/models/shared/pulloperation.js'
import { Status } from '@codat/platform/sdk/models/shared/status.js'
import type { SyncSetting } from '@codat/platform/sdk/models/shared/syncsetting.js'
import { DATA_TYPES, PULL_OPERATION_STATUSES } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness } from '../src/testing/sync-harness.js'
import type { TestClient } from '../src/testing/test-app.js'
import { CREATED, expectErrorMessage, expectUndeclaredError, rejection, sdkFactory, UUID } from './codat-sdk-kit.js'

/** What a Sandbox (mqjo) connection syncs on first link, in Linkway's queueing order. */
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
] as const
const BY_DATA_TYPE = [...ACCOUNTING_TYPES].sort()

/** Linkway's defaults as the SDK reads them: every data type on first link and daily, in catalogue order. */
const DEFAULT_SETTINGS: SyncSetting[] = DATA_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: true, syncSchedule: 24, syncOrder }))
const withSetting = (setting: SyncSetting): SyncSetting[] => DEFAULT_SETTINGS.map((each) => (each.dataType === setting.dataType ? setting : each))

describe.each(testedBackends())('the Codat SDK (@codat/platform) on data sync and sync settings, against Linkway on %s', (backend) => {
  let h: SyncHarness
  /** Every response the SDKs saw, as `METHOD /path STATUS`. */
  const seen: string[] = []
  const sdkFor = sdkFactory(() => h.t.url, seen)
  let sdk: CodatPlatform
  /** The harness client's company, linked to the Sandbox before any worker ran. */
  let companyId: string
  let connectionId: string
  /** Another client's company whose one sync the platform refused (set by the AuthError test). */
  let refused: { who: TestClient; companyId: string } | undefined

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    sdk = sdkFor(h.client.apiKey)
    ;({ companyId, connectionId } = await h.linkSandbox('mqjo'))
  })
  afterAll(async () => {
    await h?.close()
  })

  /**
   * A pull operation as the SDK parses it: only the fields it declares. Linkway's additions
   * (recordsRead, recordsModified, totalRecords, modifiedSince) are dropped by its schema.
   */
  const pullOperation = (fields: Pick<PullOperation, 'id' | 'dataType' | 'status'> & Partial<PullOperation>): PullOperation => ({
    companyId,
    connectionId,
    requested: CREATED,
    progress: 0,
    isCompleted: false,
    isErrored: false,
    ...fields,
  })
  const completed = (operation: PullOperation): PullOperation => ({ ...operation, status: 'Complete', completed: CREATED, progress: 100, isCompleted: true })

  /** Every pull operation of the company, through the SDK, oldest data type first. */
  async function pullOperationsOf(of: CodatPlatform = sdk, id: string = companyId): Promise<PullOperation[]> {
    const page = await of.refreshData.listPullOperations({ companyId: id, pageSize: 100, orderBy: 'dataType' })
    return page.results ?? []
  }

  describe('while the first sync is queued (no worker runs yet)', () => {
    it('listPullOperations: one Queued pull operation per accounting data type, ordered by dataType', async () => {
      const page = await sdk.refreshData.listPullOperations({ companyId, orderBy: 'dataType' })
      expect(seen).toContain(`GET /companies/${companyId}/data/history 200`)
      expect(page.results).toEqual(BY_DATA_TYPE.map((dataType) => pullOperation({ id: expect.stringMatching(UUID), dataType, status: 'Queued' })))
      expect(page).toMatchObject({ pageNumber: 1, pageSize: 100, totalResults: ACCOUNTING_TYPES.length })
      expect(page).not.toHaveProperty('_links')
      expect(page.links).toEqual({
        self: { href: `/companies/${companyId}/data/history` },
        current: { href: `/companies/${companyId}/data/history?page=1&pageSize=100&orderBy=dataType` },
      })
    })

    it('get: every accounting data type Queued, with its latestSyncId and no successful sync yet', async () => {
      const statuses = await sdk.refreshData.get({ companyId })
      expect(seen).toContain(`GET /companies/${companyId}/dataStatus 200`)
      const operations = await pullOperationsOf()
      expect(statuses).toEqual(Object.fromEntries(operations.map((operation) => [operation.dataType, { dataType: operation.dataType, currentStatus: 'Queued', latestSyncId: operation.id }])))
    })

    it('byDataType on a data type already queued: 409 (not declared by the SDK), an SDKError whose error is DatasetAlreadyInProgressException', async () => {
      const invoices = (await pullOperationsOf()).find((operation) => operation.dataType === 'invoices')!
      const message = `DatasetAlreadyInProgressException: Cannot queue invoices sync for ${companyId} as previous sync ${invoices.id} is still in progress`
      for (const request of [{ companyId, dataType: 'invoices' as const }, { companyId, dataType: 'invoices' as const, connectionId }]) {
        const e = expectUndeclaredError(await rejection(sdk.refreshData.byDataType(request)), 409, message)
        expect(JSON.parse(e.body).error).toMatch(/^DatasetAlreadyInProgressException/)
      }
      expect(seen).toContain(`POST /companies/${companyId}/data/queue/invoices 409`)
      expect(await pullOperationsOf()).toHaveLength(ACCOUNTING_TYPES.length)
    })

    it('all while every data type is queued: 204, and nothing more is queued (running data types are left to finish)', async () => {
      await expect(sdk.refreshData.all({ companyId })).resolves.toBeUndefined()
      expect(seen).toContain(`POST /companies/${companyId}/data/all 204`)
      expect(await pullOperationsOf()).toHaveLength(ACCOUNTING_TYPES.length)
    })
  })

  describe('after the first sync', () => {
    /** The first sync's pull operations, by data type, as the SDK read them once complete. */
    let first: Map<string, PullOperation>

    beforeAll(async () => {
      await h.startWorkers({ pageSize: 100 })
      await h.waitForSyncs(companyId)
      first = new Map((await pullOperationsOf()).map((operation) => [operation.dataType, operation]))
    })

    it('listPullOperations: every pull operation Complete, at 100, completed', async () => {
      expect([...first.values()]).toEqual(BY_DATA_TYPE.map((dataType) => completed(pullOperation({ id: expect.stringMatching(UUID), dataType, status: 'Complete' }))))
    })

    it('get: invoices Complete, its latest sync the latest successful one', async () => {
      const statuses = await sdk.refreshData.get({ companyId })
      const invoicesId = first.get('invoices')!.id
      expect(statuses.invoices).toEqual({ dataType: 'invoices', currentStatus: 'Complete', lastSuccessfulSync: CREATED, latestSyncId: invoicesId, latestSuccessfulSyncId: invoicesId })
      expect(Object.keys(statuses).sort()).toEqual(BY_DATA_TYPE)
      for (const dataType of ACCOUNTING_TYPES) {
        const id = first.get(dataType)!.id
        expect(statuses[dataType]).toEqual({ dataType, currentStatus: 'Complete', lastSuccessfulSync: CREATED, latestSyncId: id, latestSuccessfulSyncId: id })
      }
    })

    it('listPullOperations pages with query status=Complete and orderBy -dataType, carrying both into the links', async () => {
      const query = 'status=Complete'
      const descending = [...BY_DATA_TYPE].reverse()
      const href = (page: number) => `/companies/${companyId}/data/history?${new URLSearchParams({ page: String(page), pageSize: '4', query, orderBy: '-dataType' }).toString()}`

      const one = await sdk.refreshData.listPullOperations({ companyId, page: 1, pageSize: 4, query, orderBy: '-dataType' })
      expect(one.results).toEqual(descending.slice(0, 4).map((dataType) => first.get(dataType)))
      expect(one).toMatchObject({ pageNumber: 1, pageSize: 4, totalResults: ACCOUNTING_TYPES.length })
      expect(one.links).toEqual({ self: { href: `/companies/${companyId}/data/history` }, current: { href: href(1) }, next: { href: href(2) } })

      const lastPage = Math.ceil(ACCOUNTING_TYPES.length / 4)
      const last = await sdk.refreshData.listPullOperations({ companyId, page: lastPage, pageSize: 4, query, orderBy: '-dataType' })
      expect(last.results).toEqual(descending.slice((lastPage - 1) * 4).map((dataType) => first.get(dataType)))
      expect(last).toMatchObject({ pageNumber: lastPage, pageSize: 4, totalResults: ACCOUNTING_TYPES.length })
      expect(last.links).toEqual({ self: { href: `/companies/${companyId}/data/history` }, current: { href: href(lastPage) }, previous: { href: href(lastPage - 1) } })

      const queued = await sdk.refreshData.listPullOperations({ companyId, query: 'status=Queued' })
      expect(queued).toMatchObject({ results: [], totalResults: 0 })
    })

    it('listPullOperations with a malformed query: ErrorMessage 400 (declared)', async () => {
      const error = await rejection(sdk.refreshData.listPullOperations({ companyId, query: 'colour=red' }))
      expectErrorMessage(error, 400, 'Error parsing query - Could not resolve property colour on Dataset')
    })

    it('getPullOperation reads one pull operation; an unknown id is an ErrorMessage 404', async () => {
      const invoices = first.get('invoices')!
      expect(await sdk.refreshData.getPullOperation({ companyId, datasetId: invoices.id })).toEqual(invoices)
      expect(seen).toContain(`GET /companies/${companyId}/data/history/${invoices.id} 200`)
      const unknown = '00000000-0000-4000-8000-000000000000'
      expectErrorMessage(await rejection(sdk.refreshData.getPullOperation({ companyId, datasetId: unknown })), 404, `No dataset was found with ID ${unknown}`)
    })

    it('byDataType answers the new pull operation, Queued; it completes and becomes the latest sync (with and without connectionId)', async () => {
      // An hour after the first sync, so each sync's requested and completed tell them apart.
      h.t.clock.advance(3_600_000)
      const later = h.t.clock.now().toISOString()
      const invoices = await sdk.refreshData.byDataType({ companyId, dataType: 'invoices' })
      expect(seen).toContain(`POST /companies/${companyId}/data/queue/invoices 200`)
      expect(invoices).toEqual(pullOperation({ id: expect.stringMatching(UUID), dataType: 'invoices', status: 'Queued', requested: later }))
      expect(invoices.id).not.toBe(first.get('invoices')!.id)
      await h.waitForSyncs(companyId)
      expect(await sdk.refreshData.getPullOperation({ companyId, datasetId: invoices.id })).toEqual({ ...completed(invoices), completed: later })

      const bills = await sdk.refreshData.byDataType({ companyId, dataType: 'bills', connectionId })
      expect(bills).toEqual(pullOperation({ id: expect.stringMatching(UUID), dataType: 'bills', status: 'Queued', requested: later }))
      await h.waitForSyncs(companyId)

      const statuses = await sdk.refreshData.get({ companyId })
      expect(statuses.invoices).toEqual({ dataType: 'invoices', currentStatus: 'Complete', lastSuccessfulSync: later, latestSyncId: invoices.id, latestSuccessfulSyncId: invoices.id })
      expect(statuses.bills).toEqual({ dataType: 'bills', currentStatus: 'Complete', lastSuccessfulSync: later, latestSyncId: bills.id, latestSuccessfulSyncId: bills.id })
      expect(statuses.company).toEqual({ dataType: 'company', currentStatus: 'Complete', lastSuccessfulSync: CREATED, latestSyncId: first.get('company')!.id, latestSuccessfulSyncId: first.get('company')!.id })
    })

    it('all queues every fetchOnFirstLink data type again: 204; each completes', async () => {
      const before = (await sdk.refreshData.listPullOperations({ companyId })).totalResults
      await expect(sdk.refreshData.all({ companyId })).resolves.toBeUndefined()
      expect((await sdk.refreshData.listPullOperations({ companyId })).totalResults).toBe(before + ACCOUNTING_TYPES.length)
      await h.waitForSyncs(companyId)
      const complete = await sdk.refreshData.listPullOperations({ companyId, query: 'status=Complete', pageSize: 1 })
      expect(complete.totalResults).toBe(before + ACCOUNTING_TYPES.length)
    })

    it('byDataType for a data type Linkway does not sync (taxRates, in the SDK enum): ErrorMessage 404; for banking with no banking connection: ErrorMessage 400', async () => {
      expectErrorMessage(await rejection(sdk.refreshData.byDataType({ companyId, dataType: 'taxRates' })), 404, `Unknown data type taxRates; Linkway syncs ${DATA_TYPES.join(', ')}.`)
      expectErrorMessage(
        await rejection(sdk.refreshData.byDataType({ companyId, dataType: 'banking-transactions' })),
        400,
        `Company ${companyId} has no Linked connection that can sync banking-transactions; link one first.`,
      )
    })

    it('a sync the platform refuses (its grant revoked): the SDK parses AuthError in the pull operation and the data status', async () => {
      const who = await h.t.createClient()
      // Nothing on first link and nothing on a schedule: the one sync is the one this test queues.
      const quiet = ACCOUNTING_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: false, syncSchedule: 0, syncOrder }))
      const saved = await h.api('POST', '/profile/syncSettings', { settings: quiet }, who)
      expect(saved.statusCode, saved.body).toBe(204)
      const grantsBefore = new Set(h.sandbox.admin.listGrants().map((grant) => grant.grantId))
      const linked = await h.linkSandbox('mqjo', who)
      const grant = h.sandbox.admin.listGrants().find((candidate) => !grantsBefore.has(candidate.grantId))!
      expect(h.sandbox.admin.revokeGrant({ grantId: grant.grantId })).toBe(true)
      refused = { who, companyId: linked.companyId }

      const theirs = sdkFor(who.apiKey)
      const queued = await theirs.refreshData.byDataType({ companyId: linked.companyId, dataType: 'invoices' })
      const requested = h.t.clock.now().toISOString()
      expect(queued).toEqual({ ...pullOperation({ id: expect.stringMatching(UUID), dataType: 'invoices', status: 'Queued', requested }), companyId: linked.companyId, connectionId: linked.connectionId })
      await h.waitForSyncs(linked.companyId, { who })

      const failed = await theirs.refreshData.getPullOperation({ companyId: linked.companyId, datasetId: queued.id })
      expect(failed).toEqual({
        ...queued,
        status: 'AuthError',
        errorMessage: 'The platform no longer accepts this connection’s authorization; the person must re-authorize it through the connection’s linkUrl.',
        completed: h.t.clock.now().toISOString(),
        isCompleted: true,
        isErrored: true,
      })
      expect(await theirs.refreshData.get({ companyId: linked.companyId })).toEqual({ invoices: { dataType: 'invoices', currentStatus: 'AuthError', latestSyncId: queued.id } })
      const errored = await theirs.refreshData.listPullOperations({ companyId: linked.companyId, query: 'isErrored=true' })
      expect(errored.results).toEqual([failed])
    })
  })

  describe('sync settings', () => {
    let owner: CodatPlatform
    let ownerClientId: string
    beforeAll(async () => {
      const client = await h.t.createClient()
      owner = sdkFor(client.apiKey)
      ownerClientId = client.clientId
    })

    it("getSyncSettings before any update: the client's id and Linkway's defaults, every data type in the SDK's DataType enum", async () => {
      expect(await owner.settings.getSyncSettings()).toEqual({ clientId: ownerClientId, settings: DEFAULT_SETTINGS })
      expect(seen).toContain('GET /profile/syncSettings 200')
    })

    it('updateSyncSettings (invoices weekly: syncSchedule 168) answers 204 with no body; getSyncSettings reads it back', async () => {
      const weekly: SyncSetting = { dataType: 'invoices', fetchOnFirstLink: true, syncSchedule: 168, syncOrder: 4 }
      await expect(owner.settings.updateSyncSettings({ clientId: ownerClientId, settings: [weekly] })).resolves.toBeUndefined()
      expect(seen).toContain('POST /profile/syncSettings 204')
      expect(await owner.settings.getSyncSettings()).toEqual({ clientId: ownerClientId, settings: withSetting(weekly) })
    })

    it("getCompanySyncSettings follows the client's; setCompanySyncSettings (invoices monthly) answers 204 and overrides them", async () => {
      const { id } = await owner.companies.create({ name: 'Settings Ltd' })
      const clientSettings = (await owner.settings.getSyncSettings()).settings
      expect(await owner.companies.getCompanySyncSettings({ companyId: id })).toEqual({ companyId: id, settings: clientSettings, overridesDefaults: false })
      expect(seen).toContain(`GET /companies/${id}/syncSettings 200`)

      const monthly: SyncSetting = { dataType: 'invoices', fetchOnFirstLink: false, syncSchedule: 720, syncOrder: 4 }
      await expect(owner.companies.setCompanySyncSettings({ companyId: id, requestBody: { companyId: id, settings: [monthly], overridesDefaults: true } })).resolves.toBeUndefined()
      expect(seen).toContain(`POST /companies/${id}/syncSettings 204`)
      expect(await owner.companies.getCompanySyncSettings({ companyId: id })).toEqual({ companyId: id, settings: withSetting(monthly), overridesDefaults: true })
    })
  })

  describe("another client's company", () => {
    it('is an ErrorMessage 404 for every refresh-data and company sync-settings operation', async () => {
      const intruder = sdkFor((await h.t.createClient()).apiKey)
      const datasetId = (await pullOperationsOf())[0]!.id
      const noCompany = `No company was found with ID ${companyId}`
      expectErrorMessage(await rejection(intruder.refreshData.all({ companyId })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.refreshData.byDataType({ companyId, dataType: 'company' })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.refreshData.byDataType({ companyId, dataType: 'company', connectionId })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.refreshData.get({ companyId })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.refreshData.listPullOperations({ companyId })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.refreshData.getPullOperation({ companyId, datasetId })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.companies.getCompanySyncSettings({ companyId })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.companies.setCompanySyncSettings({ companyId, requestBody: { companyId, settings: [] } })), 404, noCompany)
      // Nothing was queued for the owner.
      expect((await pullOperationsOf()).every((operation) => operation.isCompleted)).toBe(true)
    })
  })

  describe('enums', () => {
    it("every status Linkway can set is in the SDK's DatasetStatus and Status enums, every data type in its DataType enums", () => {
      expect([...PULL_OPERATION_STATUSES].sort()).toEqual(Object.values(DatasetStatus).sort())
      expect([...PULL_OPERATION_STATUSES].sort()).toEqual(Object.values(Status).sort())
      for (const dataType of DATA_TYPES) {
        expect(Object.values(DataTypes)).toContain(dataType)
        expect(Object.values(SyncSettingDataType)).toContain(dataType)
      }
    })

    it('the statuses Linkway returned in this file all parsed: Queued, Complete and AuthError', async () => {
      const ours = await sdk.refreshData.listPullOperations({ companyId, pageSize: 100 })
      const theirs = refused ? await pullOperationsOf(sdkFor(refused.who.apiKey), refused.companyId) : []
      const statuses = new Set([...(ours.results ?? []), ...theirs].map((operation) => operation.status))
      // Queued was parsed above, while the first sync waited for a worker.
      expect([...statuses].sort()).toEqual(['AuthError', 'Complete'])
      expect(seen).not.toContainEqual(expect.stringMatching(/ 5\d\d$/))
    })
  })
})
