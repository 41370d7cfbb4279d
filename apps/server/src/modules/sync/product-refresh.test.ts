/**
 * POST /companies/{id}/products/{productIdentifier}/refresh and GET /companies/{id}/sync/{datasetId}/validation
 * over a sandbox connection linked for real: what a refresh queues, when the reference refuses it,
 * what a dataset's validation result says, and the attacker's view, on both databases.
 */
import { ACCOUNTING_DATATYPES, FINANCIAL_STATEMENT_DATATYPES } from '@linkway/connectors'
import { DATA_TYPES } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../app-services.js'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'
import type { TestClient } from '../../testing/test-app.js'

/** Sandbox accounting offers every accounting data type, the statements included. */
const ACCOUNTING_TYPES: readonly string[] = [...ACCOUNTING_DATATYPES, ...FINANCIAL_STATEMENT_DATATYPES]

describe.each(testedBackends())('product refresh and validation results on %s', (backend) => {
  let h: SyncHarness
  let other: TestClient
  let companyId: string

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    other = await h.t.createClient('Other')
    // Linking queues the first sync; no worker runs it yet, so it is still in progress.
    ;({ companyId } = await h.linkSandbox('mqjo'))
    for (const product of ['accounting', 'lending', 'bank-feeds']) expect((await h.api('PUT', `/companies/${companyId}/products/${product}`)).statusCode).toBe(204)
  })
  afterAll(async () => {
    await h?.close()
  })

  const refresh = (product: string, payload?: unknown, who?: TestClient, id = companyId) => h.api('POST', `/companies/${id}/products/${product}/refresh`, payload, who)
  const history = async (): Promise<Array<{ id: string; dataType: string; status: string; requested: string }>> =>
    (await h.api('GET', `/companies/${companyId}/data/history?pageSize=500`)).json().results
  const expectWireError = (res: Awaited<ReturnType<typeof refresh>>, statusCode: number, error: string | RegExp) => {
    expect(res.statusCode, res.body).toBe(statusCode)
    expect(res.json()).toMatchObject({ statusCode, service: 'PublicApi', error: typeof error === 'string' ? error : expect.stringMatching(error) })
    expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ErrorMessage')).toEqual([])
  }

  it('refuses with the reference’s 400 while a read of the product’s data is in progress, and queues nothing', async () => {
    const before = await history()
    expect(before.map((dataset) => dataset.status)).toContain('Queued')
    expectWireError(await refresh('accounting'), 400, 'Data cannot be refreshed while a read operation is in progress. Allow the read to complete before attempting to refresh.')
    expect(await history()).toEqual(before)
    await h.startWorkers()
    await h.waitForSyncs(companyId)
  })

  it('queues every data type the product reads from the Linked connection (202, no body)', async () => {
    const before = new Set((await history()).map((dataset) => dataset.id))
    const res = await refresh('accounting')
    expect(res.statusCode, res.body).toBe(202)
    expect(res.body).toBe('')
    const queued = (await history()).filter((dataset) => !before.has(dataset.id))
    expect(queued.map((dataset) => dataset.dataType).sort()).toEqual([...ACCOUNTING_TYPES].sort())
    const done = await h.waitForSyncs(companyId)
    expect(done.filter((dataset) => queued.some((q) => q.id === dataset['id'])).map((dataset) => dataset['status'])).toEqual(Array(ACCOUNTING_TYPES.length).fill('Complete'))
  })

  it('reads only what the connection’s platform offers: Lending on an accounting connection queues its accounting data types', async () => {
    const before = new Set((await history()).map((dataset) => dataset.id))
    expect((await refresh('lending')).statusCode).toBe(202)
    const queued = (await history()).filter((dataset) => !before.has(dataset.id))
    expect(queued.map((dataset) => dataset.dataType).sort()).toEqual([...ACCOUNTING_TYPES].sort())
    await h.waitForSyncs(companyId)
  })

  it('queues only the dataTypes the body picks, and refuses one the product does not read, listing those it does', async () => {
    const before = new Set((await history()).map((dataset) => dataset.id))
    expect((await refresh('accounting', { dataTypes: ['invoices', 'bills'] })).statusCode).toBe(202)
    const queued = (await history()).filter((dataset) => !before.has(dataset.id))
    expect(queued.map((dataset) => dataset.dataType).sort()).toEqual(['bills', 'invoices'])
    await h.waitForSyncs(companyId)

    expectWireError(
      await refresh('accounting', { dataTypes: ['invoices', 'banking-accounts'] }),
      400,
      `"banking-accounts" is not a data type of Accounting API; valid data types are ${DATA_TYPES.filter((dataType) => ACCOUNTING_TYPES.includes(dataType)).join(', ')}.`,
    )
    for (const body of [{ dataTypes: [] }, { dataTypes: 'invoices' }, { dataTypes: ['inv\u0000oices'] }, { dataTypes: ['invoices'], extra: true }, [], 'invoices', '{"dataTypes":']) {
      const res = await h.t.app.inject({
        method: 'POST',
        url: `/companies/${companyId}/products/accounting/refresh`,
        headers: { ...h.client.headers, 'content-type': 'application/json' },
        payload: typeof body === 'string' && body.startsWith('{') ? body : JSON.stringify(body),
      })
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ErrorMessage')).toEqual([])
    }
    expect((await history()).length).toBe(before.size + 2)
  })

  it('takes a bodiless POST and an empty JSON body as the whole product', async () => {
    await h.waitForSyncs(companyId)
    const bodiless = await h.t.app.inject({ method: 'POST', url: `/companies/${companyId}/products/accounting/refresh`, headers: h.client.headers })
    expect(bodiless.statusCode, bodiless.body).toBe(202)
    await h.waitForSyncs(companyId)
    const empty = await h.t.app.inject({ method: 'POST', url: `/companies/${companyId}/products/accounting/refresh`, headers: { ...h.client.headers, 'content-type': 'application/json' }, payload: '' })
    expect(empty.statusCode, empty.body).toBe(202)
    await h.waitForSyncs(companyId)
  })

  it('refuses a product that writes (the reference’s words), one not enabled, and a company with nothing to read it from', async () => {
    expectWireError(await refresh('bank-feeds'), 400, 'Bank Feeds doesn’t support data refreshing. For more information, refer to your solution’s documentation.'.replace('doesn’t', "doesn't"))
    expectWireError(await refresh('commerce'), 400, `Commerce API is not enabled for company ${companyId}; enable it with PUT /companies/${companyId}/products/commerce first.`)
    const bare = (await h.api('POST', '/companies', { name: 'No connections' })).json().id as string
    expect((await h.api('PUT', `/companies/${bare}/products/banking`)).statusCode).toBe(204)
    expectWireError(await refresh('banking', undefined, undefined, bare), 400, `Company ${bare} has no Linked connection that can sync the data Banking API reads; link one first.`)
  })

  it('answers an unknown product with 404, another client’s company with 404, and hostile identifiers with 400', async () => {
    expectWireError(await refresh('payroll'), 404, 'No product was found with identifier "payroll"')
    expectWireError(await refresh('accounting', undefined, other), 404, `No company was found with ID ${companyId}`)
    expectWireError(await refresh('accounting', undefined, undefined, crypto.randomUUID()), 404, /^No company was found with ID /)
    for (const product of ['acc%00ounting', '%00', 'a'.repeat(101)]) expectWireError(await refresh(product), 400, /./)
    const keyless = await h.t.app.inject({ method: 'POST', url: `/companies/${companyId}/products/accounting/refresh` })
    expect(keyless.statusCode).toBe(401)
  })

  it('refuses a cross-site POST made with a Portal session (no CSRF token, or another Origin), and takes the Portal’s own', async () => {
    await h.waitForSyncs(companyId)
    const portal = createAppServices(h.t.deps).portalUsers
    const user = await portal.createUser(h.client.clientId, { email: 'refresh-admin@example.com', password: 'correct horse battery staple', role: 'admin' })
    const login = await h.t.app.inject({ method: 'POST', url: '/portal/api/login', headers: { origin: h.t.url }, payload: { email: user.email, password: 'correct horse battery staple' } })
    expect(login.statusCode, login.body).toBe(200)
    const cookie = String(login.headers['set-cookie']).split(';')[0]!
    const csrfToken = login.json().csrfToken as string
    const url = `/companies/${companyId}/products/accounting/refresh`
    for (const headers of [{ cookie, origin: h.t.url }, { cookie, 'x-csrf-token': csrfToken, origin: 'https://evil.example' }, { cookie, 'x-csrf-token': csrfToken, 'sec-fetch-site': 'cross-site' }]) {
      const res = await h.t.app.inject({ method: 'POST', url, headers })
      expect(res.statusCode, JSON.stringify(headers)).toBe(403)
      expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ErrorMessage')).toEqual([])
    }
    const own = await h.t.app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrfToken, origin: h.t.url } })
    expect(own.statusCode, own.body).toBe(202)
    await h.waitForSyncs(companyId)
  })

  it('gives a completed dataset an empty validation result, in the reference’s shape', async () => {
    const [dataset] = await history()
    const res = await h.api('GET', `/companies/${companyId}/sync/${dataset!.id}/validation`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ errors: [], warnings: [] })
    expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ValidationResult')).toEqual([])
  })

  it('reports a dataset that ended in MapError as one validation error naming the dataset and what was wrong', async () => {
    const invoices = (await history()).find((dataset) => dataset.dataType === 'invoices')!
    // As the engine leaves a dataset whose page did not have the platform's documented shape.
    await h.t.database.db.updateTable('datasets').set({ status: 'MapError', error_message: 'Invoices: the response has no "invoices" array.' }).where('id', '=', invoices.id).execute()
    const res = await h.api('GET', `/companies/${companyId}/sync/${invoices.id}/validation`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      errors: [{ ruleId: 'linkway-platform-response-shape', itemId: invoices.id, message: 'Invoices: the response has no "invoices" array.', validatorName: 'PlatformResponseReader' }],
      warnings: [],
    })
    expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ValidationResult')).toEqual([])
  })

  it('answers another client’s company, another company’s dataset and an unknown one with 404, and a malformed id with 400', async () => {
    const [dataset] = await history()
    const url = (company: string, datasetId: string) => `/companies/${company}/sync/${datasetId}/validation`
    const theirs = await h.api('GET', url(companyId, dataset!.id), undefined, other)
    expect(theirs.statusCode).toBe(404)
    expect(theirs.json()).toMatchObject({ statusCode: 404, error: `No company was found with ID ${companyId}` })
    const sibling = (await h.api('POST', '/companies', { name: 'Sibling' })).json().id as string
    const elsewhere = await h.api('GET', url(sibling, dataset!.id))
    expect(elsewhere.statusCode).toBe(404)
    expect(elsewhere.json()).toMatchObject({ statusCode: 404, error: `No dataset was found with ID ${dataset!.id}` })
    expect((await h.api('GET', url(companyId, crypto.randomUUID()))).statusCode).toBe(404)
    for (const bad of ['not-a-guid', '%00']) {
      const res = await h.api('GET', url(companyId, bad))
      expect(res.statusCode, bad).toBe(400)
      expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ErrorMessage')).toEqual([])
    }
  })
})
