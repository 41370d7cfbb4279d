/**
 * Contract tests: the public Codat SDK (`@codat/platform`) pointed at Linkway over a real socket.
 * Whatever the SDK cannot parse, or maps to the wrong error class, is an incompatibility a user
 * would hit with code written for the reference API.
 */
import * as errors from '@codat/platform/sdk/models/errors/index.js'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from '../src/testing/test-app.js'
import { CREATED, expectErrorMessage, rejection, sdkFactory } from './codat-sdk-kit.js'

describe.each(testedBackends())('the Codat SDK (@codat/platform) against Linkway on %s', (backend) => {
  let t: TestApp
  let baseUrl: string
  /** Every response the SDKs saw, as `METHOD /path STATUS`. */
  const seen: string[] = []

  const sdkFor = sdkFactory(() => baseUrl, seen)
  const newSdk = async () => sdkFor((await t.createClient()).apiKey)

  beforeAll(async () => {
    t = await createTestApp(backend)
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await t?.close()
  })

  describe('companies', () => {
    it('create strips forbidden characters from the name and keeps description and tags; get reads it back', async () => {
      const sdk = await newSdk()
      const company = await sdk.companies.create({ name: 'Company (Codat[1])', description: 'cust-42', tags: { region: 'uk', uid: 'c-1' } })
      expect(company).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Company Codat1',
        description: 'cust-42',
        redirect: `${TEST_PUBLIC_URL}/link/company/${company.id}`,
        created: CREATED,
        createdByUserName: null,
        products: [],
        tags: { region: 'uk', uid: 'c-1' },
        referenceSubsidiaryCompanies: [],
        dataConnections: [],
      })
      expect(seen).toContain('POST /companies 200')
      expect(await sdk.companies.get({ companyId: company.id })).toEqual(company)
    })

    it('create keeps Unicode names as given, and list finds them with name~', async () => {
      const sdk = await newSdk()
      for (const name of ['Société Générale', 'Bäckerei Müller', '株式会社テスト']) expect((await sdk.companies.create({ name })).name).toBe(name)
      const found = await sdk.companies.list({ query: 'name~テスト' })
      expect(found.results?.map((c) => c.name)).toEqual(['株式会社テスト'])
    })

    it('create leaves description and tags out when not given', async () => {
      const sdk = await newSdk()
      const company = await sdk.companies.create({ name: 'Plain' })
      expect(company.description).toBeUndefined()
      expect(company.lastSync).toBeUndefined()
      expect(company.tags).toEqual({})
    })

    it('create with a name that strips to nothing: ErrorMessage 400', async () => {
      const error = await rejection((await newSdk()).companies.create({ name: '(((]]]' }))
      expectErrorMessage(error, 400, 'The company name must contain at least one letter, digit or allowed symbol.')
    })

    it('list pages with page/pageSize/orderBy and the SDK maps _links to links', async () => {
      const sdk = await newSdk()
      for (const name of ['Charlie', 'Alpha', 'Bravo']) await sdk.companies.create({ name })

      const first = await sdk.companies.list({ page: 1, pageSize: 2, orderBy: 'name' })
      expect(first.results?.map((c) => c.name)).toEqual(['Alpha', 'Bravo'])
      expect(first).toMatchObject({ pageNumber: 1, pageSize: 2, totalResults: 3 })
      expect(first).not.toHaveProperty('_links')
      expect(first.links).toEqual({
        self: { href: '/companies' },
        current: { href: '/companies?page=1&pageSize=2&orderBy=name' },
        next: { href: '/companies?page=2&pageSize=2&orderBy=name' },
      })

      const second = await sdk.companies.list({ page: 2, pageSize: 2, orderBy: 'name' })
      expect(second.results?.map((c) => c.name)).toEqual(['Charlie'])
      expect(second).toMatchObject({ pageNumber: 2, pageSize: 2, totalResults: 3 })
      expect(second.links).toEqual({
        self: { href: '/companies' },
        current: { href: '/companies?page=2&pageSize=2&orderBy=name' },
        previous: { href: '/companies?page=1&pageSize=2&orderBy=name' },
      })

      const descending = await sdk.companies.list({ orderBy: '-name' })
      expect(descending.results?.map((c) => c.name)).toEqual(['Charlie', 'Bravo', 'Alpha'])
      // The SDK sends page=1&pageSize=100 when they are left out.
      expect(descending).toMatchObject({ pageNumber: 1, pageSize: 100, totalResults: 3 })
      expect(descending.links.next).toBeUndefined()
      expect(descending.links.previous).toBeUndefined()
    })

    it('list filters with query and tags', async () => {
      const sdk = await newSdk()
      await sdk.companies.create({ name: 'Acme UK', tags: { region: 'uk', team: 'invoice-finance' } })
      await sdk.companies.create({ name: 'Acme US', tags: { region: 'us', team: 'invoice-finance' } })
      await sdk.companies.create({ name: 'Other', tags: { region: 'uk' } })

      const byName = await sdk.companies.list({ query: 'name~Acme', orderBy: 'name' })
      expect(byName.results?.map((c) => c.name)).toEqual(['Acme UK', 'Acme US'])
      expect(byName.totalResults).toBe(2)

      const byTags = await sdk.companies.list({ tags: 'region=uk && team=invoice-finance' })
      expect(byTags.results?.map((c) => c.name)).toEqual(['Acme UK'])
      expect(byTags.totalResults).toBe(1)

      const both = await sdk.companies.list({ query: 'name!=Other', tags: 'region!=us' })
      expect(both.results?.map((c) => c.name)).toEqual(['Acme UK'])
    })

    it('list with a malformed query: ErrorMessage 400', async () => {
      const error = await rejection((await newSdk()).companies.list({ query: 'a=1 && b=2 || c=3' }))
      expectErrorMessage(error, 400, 'Error parsing query - Malformed query.')
    })

    it('replace (PUT) replaces name, description and tags, clearing what is left out', async () => {
      const sdk = await newSdk()
      const { id } = await sdk.companies.create({ name: 'Before', description: 'old', tags: { region: 'uk' } })
      const replaced = await sdk.companies.replace({ companyId: id, companyRequestBody: { name: 'After (Ltd)', tags: { tier: 'gold' } } })
      expect(replaced).toMatchObject({ id, name: 'After Ltd', tags: { tier: 'gold' }, created: CREATED })
      expect(replaced.description).toBeUndefined()
      expect(await sdk.companies.get({ companyId: id })).toEqual(replaced)
    })

    it('update (PATCH) changes only what is given; tags {} removes every tag', async () => {
      const sdk = await newSdk()
      const { id } = await sdk.companies.create({ name: 'Patchable', description: 'old', tags: { region: 'uk' } })
      const described = await sdk.companies.update({ companyId: id, companyUpdateRequest: { description: 'new' } })
      expect(described).toMatchObject({ id, name: 'Patchable', description: 'new', tags: { region: 'uk' } })
      const renamed = await sdk.companies.update({ companyId: id, companyUpdateRequest: { name: 'Patched [2]', tags: {} } })
      expect(renamed).toMatchObject({ id, name: 'Patched 2', description: 'new', tags: {} })
      expect(await sdk.companies.get({ companyId: id })).toEqual(renamed)
    })

    it('update (PATCH) without a request body (Content-Type: application/json, no body) changes nothing', async () => {
      const sdk = await newSdk()
      const company = await sdk.companies.create({ name: 'Untouched', tags: { region: 'uk' } })
      expect(await sdk.companies.update({ companyId: company.id })).toEqual(company)
    })

    it('delete resolves; the company is then a 404 ErrorMessage for get, replace, update and delete', async () => {
      const sdk = await newSdk()
      const { id } = await sdk.companies.create({ name: 'Doomed' })
      await expect(sdk.companies.delete({ companyId: id })).resolves.toBeUndefined()
      expect(seen).toContain(`DELETE /companies/${id} 204`)

      const notFound = `No company was found with ID ${id}`
      expectErrorMessage(await rejection(sdk.companies.get({ companyId: id })), 404, notFound)
      expectErrorMessage(await rejection(sdk.companies.delete({ companyId: id })), 404, notFound)
      expectErrorMessage(await rejection(sdk.companies.replace({ companyId: id, companyRequestBody: { name: 'x' } })), 404, notFound)
      expectErrorMessage(await rejection(sdk.companies.update({ companyId: id, companyUpdateRequest: { name: 'x' } })), 404, notFound)
    })

    it('another client cannot see the company: 404, not 403', async () => {
      const { id } = await (await newSdk()).companies.create({ name: 'Mine' })
      const error = await rejection((await newSdk()).companies.get({ companyId: id }))
      expectErrorMessage(error, 404, `No company was found with ID ${id}`)
    })
  })

  describe('API keys (settings)', () => {
    it('createApiKey answers 201 with the key shown once; listApiKeys shows it masked; the new key works', async () => {
      const sdk = await newSdk()
      const created = await sdk.settings.createApiKey({ name: 'ci' })
      expect(seen).toContain('POST /apiKeys 201')
      expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'ci', apiKey: expect.stringMatching(/^lwk_[\w-]{43}$/), createdDate: CREATED })

      const { results } = await sdkFor(created.apiKey!).settings.listApiKeys()
      expect(results).toHaveLength(2)
      expect(results).toContainEqual({ id: created.id, name: 'ci', apiKey: `lwk_…${created.apiKey!.slice(-4)}`, createdDate: CREATED })
      expect(JSON.stringify(results)).not.toContain(created.apiKey)
    })

    it('createApiKey() without a request (the SDK sends Content-Type: application/json and no body) creates an unnamed key', async () => {
      const unnamed = await (await newSdk()).settings.createApiKey()
      expect(unnamed).toMatchObject({ name: null, apiKey: expect.stringMatching(/^lwk_/), createdDate: CREATED })
    })

    it('deleteApiKey: the server answers 204 with no body, which the SDK (declared M.json(204, ErrorMessage)) rejects as SDKError', async () => {
      const sdk = await newSdk()
      const created = await sdk.settings.createApiKey({ name: 'temporary' })

      const error = await rejection(sdk.settings.deleteApiKey({ apiKeyId: created.id! }))
      // The deletion happened: the 204 is right, the SDK simply cannot read a bodiless 204 as JSON.
      expect(seen).toContain(`DELETE /apiKeys/${created.id} 204`)
      expect(error).toBeInstanceOf(errors.SDKError)
      expect(error).not.toBeInstanceOf(errors.ErrorMessage)
      expect((error as errors.SDKError).statusCode).toBe(204)
      expect((error as errors.SDKError).body).toBe('')
      expect((error as Error).message).toMatch(/^Unexpected Status or Content-Type: Status 204/)

      const { results } = await sdk.settings.listApiKeys()
      expect(results?.map((key) => key?.id)).not.toContain(created.id)
      const revoked = await rejection(sdkFor(created.apiKey!).companies.list())
      expectErrorMessage(revoked, 401, 'Unauthorized: the API key is not valid.')
    })

    it('deleting the last key is a 409; the SDK does not declare 409 for delete, so it is an SDKError carrying the body', async () => {
      const sdk = await newSdk()
      const { results } = await sdk.settings.listApiKeys()
      expect(results).toHaveLength(1)
      const error = await rejection(sdk.settings.deleteApiKey({ apiKeyId: results![0]!.id! }))
      expect(error).toBeInstanceOf(errors.SDKError)
      const e = error as errors.SDKError
      expect(e.statusCode).toBe(409)
      expect(e.contentType).toMatch(/^application\/json/)
      expect(JSON.parse(e.body)).toMatchObject({
        statusCode: 409,
        service: 'PublicApi',
        error: 'The last API key cannot be deleted; create another key first.',
      })
      expect((await sdk.settings.listApiKeys()).results).toHaveLength(1)
    })

    it('deleting an unknown key: ErrorMessage 404', async () => {
      const id = '00000000-0000-4000-8000-000000000000'
      const error = await rejection((await newSdk()).settings.deleteApiKey({ apiKeyId: id }))
      expectErrorMessage(error, 404, `No API key was found with ID ${id}`)
    })
  })

  describe('authentication', () => {
    it('a wrong API key: ErrorMessage 401 on every operation', async () => {
      const sdk = sdkFor('lwk_this-key-does-not-exist-0000000000000000000')
      const message = 'Unauthorized: the API key is not valid.'
      expectErrorMessage(await rejection(sdk.companies.list()), 401, message)
      expectErrorMessage(await rejection(sdk.companies.create({ name: 'x' })), 401, message)
      expectErrorMessage(await rejection(sdk.settings.listApiKeys()), 401, message)
      expectErrorMessage(await rejection(sdk.settings.createApiKey({ name: 'x' })), 401, message)
    })
  })
})
