/**
 * Contract tests, continued: integrations, connections (with `Company.dataConnections`) and the
 * profile, through the public Codat SDK (`@codat/platform`) over a real socket. The app runs its
 * job queue, since unlinking and deleting a connection queue the tokens' revocation.
 */
import type { CodatPlatform } from '@codat/platform'
import type { Connection } from '@codat/platform/sdk/models/shared/connection.js'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from '../src/testing/test-app.js'
import { CREATED, expectErrorMessage, expectUndeclaredError, rejection, sdkFactory, UUID } from './codat-sdk-kit.js'

/** The Sandbox's data types, each one released Get (packages/connectors: ACCOUNTING_DATATYPES). */
const SANDBOX_DATATYPES = [
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

describe.each(testedBackends())('the Codat SDK (@codat/platform) on integrations, connections and the profile, against Linkway on %s', (backend) => {
  let t: TestApp
  let baseUrl: string
  /** Every response the SDKs saw, as `METHOD /path STATUS`. */
  const seen: string[] = []
  const sdkFor = sdkFactory(() => baseUrl, seen)
  const newSdk = async (name?: string) => sdkFor((await t.createClient(name)).apiKey)
  const newCompany = async (sdk: CodatPlatform) => (await sdk.companies.create({ name: 'Toft stores' })).id

  /** The Sandbox's ids, as the catalogue has them: integrations and connections must agree with it. */
  const sandbox = () => {
    const connector = t.deps.catalogue.get('mqjo')!
    return { integrationId: connector.integrationId, sourceId: connector.sourceId }
  }

  beforeAll(async () => {
    t = await createTestApp(backend, { startQueue: true })
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await t?.close()
  })

  describe('integrations', () => {
    const sandboxIntegration = () => ({
      key: 'mqjo',
      logoUrl: `${TEST_PUBLIC_URL}/assets/integrations/mqjo/square.svg`,
      name: 'Sandbox accounting',
      enabled: true,
      ...sandbox(),
      sourceType: 'Accounting',
      isOfflineConnector: false,
      isBeta: false,
      dataProvidedBy: 'Linkway',
      datatypeFeatures: SANDBOX_DATATYPES.map((dataType) => ({ dataType, supportedFeatures: [{ featureType: 'Get', featureState: 'Release' }] })),
    })

    it("list with the seeds' own query (sourceType=accounting&&enabled=true) returns the Sandbox, enabled", async () => {
      const query = 'sourceType=accounting&&enabled=true'
      const page = await (await newSdk()).integrations.list({ query })
      expect(seen).toContain('GET /integrations 200')
      expect(page.results).toEqual([sandboxIntegration()])
      expect(page).toMatchObject({ pageNumber: 1, pageSize: 100, totalResults: 1 })
      expect(page).not.toHaveProperty('_links')
      expect(page.links).toEqual({
        self: { href: '/integrations' },
        current: { href: `/integrations?${new URLSearchParams({ page: '1', pageSize: '100', query }).toString()}` },
      })
    })

    it('list without a query: the SDK parses every integration (closed enums: sourceType, dataType, featureType, featureState)', async () => {
      const page = await (await newSdk()).integrations.list()
      const keys = t.deps.catalogue.connectors.map((connector) => connector.key)
      expect(page.results?.map((integration) => integration.key)).toEqual(keys)
      expect(page.totalResults).toBe(keys.length)
      // Without credentials only the sandboxes are enabled.
      expect(page.results?.filter((integration) => integration.enabled).map((integration) => integration.key)).toEqual(['mqjo', 'bsbx', 'aiwb'])
      expect(page.results?.find((integration) => integration.key === 'gbol')).toMatchObject({ name: 'Xero', enabled: false, sourceType: 'Accounting' })
      expect(page.results?.find((integration) => integration.key === 'bsbx')?.sourceType).toBe('Banking')
      expect(page.results?.find((integration) => integration.key === 'aiwb')?.sourceType).toBe('Commerce')
    })

    it('list pages and orders: pageSize 2, orderBy -name', async () => {
      const sdk = await newSdk()
      const names = t.deps.catalogue.connectors.map((connector) => connector.name).sort((a, b) => a.localeCompare(b)).reverse()
      const first = await sdk.integrations.list({ page: 1, pageSize: 2, orderBy: '-name' })
      expect(first.results?.map((integration) => integration.name)).toEqual(names.slice(0, 2))
      expect(first).toMatchObject({ pageNumber: 1, pageSize: 2, totalResults: names.length })
      expect(first.links.next).toEqual({ href: '/integrations?page=2&pageSize=2&orderBy=-name' })
      expect(first.links.previous).toBeUndefined()
    })

    it('list with a malformed query: ErrorMessage 400', async () => {
      const error = await rejection((await newSdk()).integrations.list({ query: 'colour=red' }))
      expectErrorMessage(error, 400, 'Error parsing query - Could not resolve property colour on Integration')
    })

    it('get reads one integration; getBranding its logo and button images', async () => {
      const sdk = await newSdk()
      expect(await sdk.integrations.get({ platformKey: 'mqjo' })).toEqual(sandboxIntegration())
      expect(seen).toContain('GET /integrations/mqjo 200')

      const image = (variant: string, alt: string) => ({ image: { src: `${TEST_PUBLIC_URL}/assets/integrations/mqjo/${variant}.svg`, alt } })
      expect(await sdk.integrations.getBranding({ platformKey: 'mqjo' })).toEqual({
        logo: { full: image('full', 'Sandbox accounting logo'), square: image('square', 'Sandbox accounting logo') },
        button: { default: image('button', 'Connect to Sandbox accounting'), hover: image('button-hover', 'Connect to Sandbox accounting') },
        sourceId: sandbox().sourceId,
      })
      expect(seen).toContain('GET /integrations/mqjo/branding 200')
    })

    it('an unknown platform key: ErrorMessage 404 from get and getBranding', async () => {
      const sdk = await newSdk()
      expectErrorMessage(await rejection(sdk.integrations.get({ platformKey: 'zzzz' })), 404, 'No integration was found with key zzzz')
      expectErrorMessage(await rejection(sdk.integrations.getBranding({ platformKey: 'zzzz' })), 404, 'No integration was found with key zzzz')
    })
  })

  describe('connections', () => {
    const pendingSandbox = (companyId: string, id: string): Connection => ({
      id,
      ...sandbox(),
      integrationKey: 'mqjo',
      sourceType: 'Accounting',
      platformName: 'Sandbox accounting',
      linkUrl: `${TEST_PUBLIC_URL}/link/companies/${companyId}/connections/${id}/start`,
      status: 'PendingAuth',
      created: CREATED,
      dataConnectionErrors: [],
      connectionInfo: {},
    })

    it('create answers a PendingAuth connection with its Link URL; get, list and companies.get read it back', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const created = await sdk.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } })
      expect(seen).toContain(`POST /companies/${companyId}/connections 200`)
      expect(created.id).toMatch(UUID)
      expect(created).toEqual(pendingSandbox(companyId, created.id))

      expect(await sdk.connections.get({ companyId, connectionId: created.id })).toEqual(created)

      const page = await sdk.connections.list({ companyId })
      expect(page.results).toEqual([created])
      expect(page).toMatchObject({ pageNumber: 1, pageSize: 100, totalResults: 1 })
      expect(page).not.toHaveProperty('_links')
      expect(page.links).toEqual({ self: { href: `/companies/${companyId}/connections` }, current: { href: `/companies/${companyId}/connections?page=1&pageSize=100` } })

      const company = await sdk.companies.get({ companyId })
      expect(company.dataConnections).toEqual([created])
    })

    it('list pages, filters (query) and orders (orderBy)', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      for (const platformKey of ['mqjo', 'bsbx', 'aiwb']) await sdk.connections.create({ companyId, requestBody: { platformKey } })

      const first = await sdk.connections.list({ companyId, page: 1, pageSize: 2 })
      expect(first.results?.map((c) => c.integrationKey)).toEqual(['mqjo', 'bsbx'])
      expect(first).toMatchObject({ pageNumber: 1, pageSize: 2, totalResults: 3 })
      expect(first.links.next).toEqual({ href: `/companies/${companyId}/connections?page=2&pageSize=2` })

      const banking = await sdk.connections.list({ companyId, query: 'sourceType=banking' })
      expect(banking.results?.map((c) => [c.integrationKey, c.sourceType, c.platformName])).toEqual([['bsbx', 'Banking', t.deps.catalogue.get('bsbx')!.name]])
      expect(banking.totalResults).toBe(1)

      const ordered = await sdk.connections.list({ companyId, orderBy: '-integrationKey' })
      expect(ordered.results?.map((c) => c.integrationKey)).toEqual(['mqjo', 'bsbx', 'aiwb'])
      expect(ordered.results?.map((c) => c.sourceType)).toEqual(['Accounting', 'Banking', 'Commerce'])
    })

    it('list with a malformed query: ErrorMessage 400 (declared for list)', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const error = await rejection(sdk.connections.list({ companyId, query: 'colour=red' }))
      expectErrorMessage(error, 400, 'Error parsing query - Could not resolve property colour on Connection')
    })

    it('the life of a connection: unlink refused while PendingAuth, updateAuthorization → Linked, unlink → Unlinked, delete, then 404', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const { id: connectionId } = await sdk.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } })

      // 400 is not declared for PATCH, so the SDK raises a plain SDKError carrying our body.
      const early = await rejection(sdk.connections.unlink({ companyId, connectionId, updateConnectionStatus: { status: 'Unlinked' } }))
      expectUndeclaredError(early, 400, 'Only Linked connections can be unlinked; this connection is PendingAuth.')
      expect(seen).toContain(`PATCH /companies/${companyId}/connections/${connectionId} 400`)
      expect((await sdk.connections.get({ companyId, connectionId })).status).toBe('PendingAuth')

      const linked = await sdk.connections.updateAuthorization({ companyId, connectionId, requestBody: { accessToken: 'imported-access-token', realmId: 'realm-7' } })
      expect(seen).toContain(`PUT /companies/${companyId}/connections/${connectionId}/authorization 200`)
      expect(linked).toEqual({ ...pendingSandbox(companyId, connectionId), status: 'Linked', connectionInfo: { realmId: 'realm-7' } })
      expect(JSON.stringify(linked)).not.toContain('imported-access-token')
      expect(await sdk.connections.get({ companyId, connectionId })).toEqual(linked)
      expect((await sdk.companies.get({ companyId })).dataConnections).toEqual([linked])

      const unlinked = await sdk.connections.unlink({ companyId, connectionId, updateConnectionStatus: { status: 'Unlinked' } })
      expect(seen).toContain(`PATCH /companies/${companyId}/connections/${connectionId} 200`)
      expect(unlinked).toEqual({ ...linked, status: 'Unlinked' })
      expect((await sdk.connections.get({ companyId, connectionId })).status).toBe('Unlinked')

      // Unlinked is not Linked: a second unlink is refused the same way.
      const twice = await rejection(sdk.connections.unlink({ companyId, connectionId, updateConnectionStatus: { status: 'Unlinked' } }))
      expectUndeclaredError(twice, 400, 'Only Linked connections can be unlinked; this connection is Unlinked.')

      // DELETE answers 200 with no body, which the SDK declares (M.nil(200)).
      await expect(sdk.connections.delete({ companyId, connectionId })).resolves.toBeUndefined()
      expect(seen).toContain(`DELETE /companies/${companyId}/connections/${connectionId} 200`)

      const notFound = `No connection was found with ID ${connectionId}`
      expectErrorMessage(await rejection(sdk.connections.get({ companyId, connectionId })), 404, notFound)
      expectErrorMessage(await rejection(sdk.connections.delete({ companyId, connectionId })), 404, notFound)
      expectErrorMessage(await rejection(sdk.connections.unlink({ companyId, connectionId, updateConnectionStatus: { status: 'Unlinked' } })), 404, notFound)
      expectErrorMessage(await rejection(sdk.connections.updateAuthorization({ companyId, connectionId, requestBody: { accessToken: 'x' } })), 404, notFound)
      expect((await sdk.companies.get({ companyId })).dataConnections).toEqual([])
      expect((await sdk.connections.list({ companyId })).totalResults).toBe(0)
    })

    it('unlink without a status (the SDK sends no body) changes nothing', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const created = await sdk.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } })
      expect(await sdk.connections.unlink({ companyId, connectionId: created.id })).toEqual(created)
    })

    it('updateAuthorization without accessToken: 400, an SDKError carrying our body; the connection stays PendingAuth', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const { id: connectionId } = await sdk.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } })
      const error = await rejection(sdk.connections.updateAuthorization({ companyId, connectionId, requestBody: { refreshToken: 'only-a-refresh-token' } }))
      expectUndeclaredError(error, 400, 'accessToken is required (a non-empty string)')
      expect((await sdk.connections.get({ companyId, connectionId })).status).toBe('PendingAuth')
    })

    it('a second accounting connection: 409 (not declared by the SDK for create), an SDKError carrying our body', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const first = await sdk.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } })
      const error = await rejection(sdk.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } }))
      expectUndeclaredError(
        error,
        409,
        `Company ${companyId} already has an accounting connection (${first.id}, Sandbox accounting); a company holds one. Re-authorize that connection, or delete it before creating another.`,
      )
      expect(seen).toContain(`POST /companies/${companyId}/connections 409`)
      expect((await sdk.connections.list({ companyId })).results?.map((c) => c.id)).toEqual([first.id])
    })

    it('create with an unknown platform: ErrorMessage 404; with a disabled one: 400 SDKError', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      expectErrorMessage(await rejection(sdk.connections.create({ companyId, requestBody: { platformKey: 'zzzz' } })), 404, 'No integration was found with key zzzz')
      expectUndeclaredError(
        await rejection(sdk.connections.create({ companyId, requestBody: { platformKey: 'gbol' } })),
        400,
        'The integration Xero (gbol) is not enabled for this client; set its credentials with PUT /integrations/gbol/credentials first.',
      )
    })

    it('companies.get and companies.list parse dataConnections with every connection field', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const accounting = await sdk.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } })
      const banking = await sdk.connections.create({ companyId, requestBody: { platformKey: 'bsbx' } })
      const linked = await sdk.connections.updateAuthorization({ companyId, connectionId: banking.id, requestBody: { accessToken: 'bank-token', businessId: 'biz-1' } })
      expect(linked).toMatchObject({ id: banking.id, integrationKey: 'bsbx', sourceType: 'Banking', status: 'Linked', connectionInfo: { businessId: 'biz-1' }, dataConnectionErrors: [] })

      const company = await sdk.companies.get({ companyId })
      expect(company.dataConnections).toEqual([accounting, linked])
      const listed = await sdk.companies.list({ query: `id=${companyId}` })
      expect(listed.results).toEqual([company])
      const withLinked = await sdk.companies.list({ query: `dataConnections.status=Linked && id=${companyId}` })
      expect(withLinked.results?.map((c) => c.id)).toEqual([companyId])
    })

    it('companies.delete with a Linked connection resolves; the connection then answers 404 (its company is gone)', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const { id: connectionId } = await sdk.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } })
      expect((await sdk.connections.updateAuthorization({ companyId, connectionId, requestBody: { accessToken: 'to-be-revoked' } })).status).toBe('Linked')
      await expect(sdk.companies.delete({ companyId })).resolves.toBeUndefined()
      expect(seen).toContain(`DELETE /companies/${companyId} 204`)
      expectErrorMessage(await rejection(sdk.connections.get({ companyId, connectionId })), 404, `No company was found with ID ${companyId}`)
    })

    it("another client's company or connection: ErrorMessage 404 for every operation", async () => {
      const owner = await newSdk()
      const companyId = await newCompany(owner)
      const { id: connectionId } = await owner.connections.create({ companyId, requestBody: { platformKey: 'mqjo' } })
      const intruder = await newSdk()
      const noCompany = `No company was found with ID ${companyId}`
      expectErrorMessage(await rejection(intruder.connections.list({ companyId })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.connections.create({ companyId, requestBody: { platformKey: 'bsbx' } })), 404, noCompany)
      // The company is looked up first, so each of these answers that the company is not found.
      expectErrorMessage(await rejection(intruder.connections.get({ companyId, connectionId })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.connections.unlink({ companyId, connectionId, updateConnectionStatus: { status: 'Unlinked' } })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.connections.updateAuthorization({ companyId, connectionId, requestBody: { accessToken: 'stolen' } })), 404, noCompany)
      expectErrorMessage(await rejection(intruder.connections.delete({ companyId, connectionId })), 404, noCompany)
      // Their own company with our connection id: the connection is not found.
      const theirs = await newCompany(intruder)
      expectErrorMessage(await rejection(intruder.connections.get({ companyId: theirs, connectionId })), 404, `No connection was found with ID ${connectionId}`)
      expect((await owner.connections.get({ companyId, connectionId })).status).toBe('PendingAuth')
    })
  })

  describe('profile (settings)', () => {
    it('getProfile before any update: the client name, no redirect, no allowed URLs', async () => {
      const sdk = await newSdk('Fresh client')
      expect(await sdk.settings.getProfile()).toEqual({ name: 'Fresh client', redirectUrl: '', whiteListUrls: [] })
      expect(seen).toContain('GET /profile 200')
    })

    it('updateProfile replaces the profile and answers it; getProfile reads it back', async () => {
      const sdk = await newSdk()
      const profile = { name: 'Toft Lending', redirectUrl: 'https://example.com/{companyId}', whiteListUrls: [] }
      expect(await sdk.settings.updateProfile(profile)).toEqual(profile)
      expect(seen).toContain('PUT /profile 200')
      expect(await sdk.settings.getProfile()).toEqual(profile)

      const full = {
        name: 'Toft Lending Ltd',
        logoUrl: 'https://example.com/logo.png',
        iconUrl: 'https://example.com/icon.png',
        redirectUrl: 'https://example.com/linked/{companyId}?connection={connectionId}',
        whiteListUrls: ['https://partner.example.org/'],
      }
      expect(await sdk.settings.updateProfile({ ...full, confirmCompanyName: true })).toEqual(full)
      expect(await sdk.settings.getProfile()).toEqual(full)
      // The profile is the client's own.
      await expect((await newSdk('Neighbour')).settings.getProfile()).resolves.toEqual({ name: 'Neighbour', redirectUrl: '', whiteListUrls: [] })
    })

    it('updateProfile with a redirectUrl that is not an http(s) URL: 400, an SDKError carrying our body; nothing changes', async () => {
      const sdk = await newSdk()
      const profile = { name: 'Kept', redirectUrl: 'https://example.com/{companyId}', whiteListUrls: [] }
      await sdk.settings.updateProfile(profile)
      const error = await rejection(sdk.settings.updateProfile({ name: 'Broken', redirectUrl: 'ftp://example.com/' }))
      const e = expectUndeclaredError(error, 400, 'The request is invalid: redirectUrl: redirectUrl must be an http(s) URL, optionally with {placeholders}')
      expect(JSON.parse(e.body).validation.errors).toEqual([{ itemId: 'redirectUrl', message: 'redirectUrl must be an http(s) URL, optionally with {placeholders}', validatorName: 'custom' }])
      expect(await sdk.settings.getProfile()).toEqual(profile)
    })
  })
})
