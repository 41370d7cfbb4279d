/**
 * Products per company (PUT/DELETE /companies/{id}/products/{productIdentifier}): what a client
 * enables shows in the company's `products` wherever a Company is returned, with the reference's
 * `company.product.*` events, and the attacker's view (another client's company, unknown or hostile
 * identifiers), on both databases.
 */
import { PRODUCTS } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

describe.each(testedBackends())('company products on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient('A')
    other = await t.createClient('B')
    const hook = await t.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: client.headers,
      payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['company.product.added', 'company.product.removed', 'company.created'] },
    })
    expect(hook.statusCode, hook.body).toBe(201)
  })
  afterAll(async () => {
    await t?.close()
  })

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: TestClient = client, payload?: object) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })
  const createCompany = async (name: string, who: TestClient = client): Promise<string> => {
    const res = await api('POST', '/companies', who, { name, description: 'cust-7', tags: { region: 'uk' } })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().id as string
  }
  const productEvents = async (companyId: string) =>
    (await t.database.db.selectFrom('webhook_events').select(['id', 'event_type', 'payload', 'generated_at']).where('client_id', '=', client.clientId).orderBy('generated_at').execute())
      .filter((event) => event.event_type.startsWith('company.product.') && event.payload['id'] === companyId)
      .map((event) => ({ id: event.id, eventType: event.event_type, generatedDate: event.generated_at.toISOString(), payload: event.payload }))

  it('lists enabled products in the order they were enabled, on GET and the list, in the reference Company shape', async () => {
    const companyId = await createCompany('Toft stores')
    for (const product of ['lending', 'spend-insights', 'accounting']) {
      const res = await api('PUT', `/companies/${companyId}/products/${product}`)
      expect(res.statusCode, res.body).toBe(204)
      expect(res.body).toBe('')
    }
    const company = (await api('GET', `/companies/${companyId}`)).json()
    expect(company.products).toEqual(['lending', 'spend-insights', 'accounting'])
    expect(referenceShapeErrors(company, 'Codat-Platform.json', 'Company')).toEqual([])

    const listed = (await api('GET', `/companies?pageSize=100&query=${encodeURIComponent(`id=${companyId}`)}`)).json()
    expect(listed.results.map((entry: { products: string[] }) => entry.products)).toEqual([['lending', 'spend-insights', 'accounting']])
    expect(referenceShapeErrors(listed, 'Codat-Platform.json', 'Companies')).toEqual([])

    expect((await api('DELETE', `/companies/${companyId}/products/spend-insights`)).statusCode).toBe(204)
    expect((await api('GET', `/companies/${companyId}`)).json().products).toEqual(['lending', 'accounting'])
    // The PUT and PATCH answers carry them too.
    expect((await api('PUT', `/companies/${companyId}`, client, { name: 'Toft stores' })).json().products).toEqual(['lending', 'accounting'])
  })

  it('changes nothing and sends no event when asked for what already holds', async () => {
    const companyId = await createCompany('Idempotent')
    expect((await api('PUT', `/companies/${companyId}/products/lending`)).statusCode).toBe(204)
    expect((await api('PUT', `/companies/${companyId}/products/lending`)).statusCode).toBe(204)
    expect((await api('DELETE', `/companies/${companyId}/products/banking`)).statusCode).toBe(204)
    expect((await api('GET', `/companies/${companyId}`)).json().products).toEqual(['lending'])
    expect((await productEvents(companyId)).map((event) => event.eventType)).toEqual(['company.product.added'])
  })

  it('enables a product once when the same PUT arrives several times at once: one entry, one event', async () => {
    const companyId = await createCompany('Raced')
    const answers = await Promise.all(Array.from({ length: 6 }, () => api('PUT', `/companies/${companyId}/products/lending`)))
    expect(answers.map((res) => res.statusCode)).toEqual(Array(6).fill(204))
    expect((await api('GET', `/companies/${companyId}`)).json().products).toEqual(['lending'])
    expect((await productEvents(companyId)).map((event) => event.eventType)).toEqual(['company.product.added'])
  })

  it('emits company.product.added and .removed with the reference payload: the product and every product now enabled', async () => {
    const companyId = await createCompany('Bank of Dave')
    // A second apart, so the events' order is their generatedDate's.
    for (const [method, product] of [['PUT', 'accounting'], ['PUT', 'lending'], ['DELETE', 'accounting']] as const) {
      t.clock.advance(1000)
      expect((await api(method, `/companies/${companyId}/products/${product}`)).statusCode).toBe(204)
    }
    const events = await productEvents(companyId)
    expect(events.map((event) => [event.eventType, event.payload])).toEqual([
      ['company.product.added', { id: companyId, name: 'Bank of Dave', description: 'cust-7', productId: 'accounting', productName: 'Accounting API', products: ['accounting'] }],
      ['company.product.added', { id: companyId, name: 'Bank of Dave', description: 'cust-7', productId: 'lending', productName: 'Lending', products: ['accounting', 'lending'] }],
      ['company.product.removed', { id: companyId, name: 'Bank of Dave', description: 'cust-7', productId: 'accounting', productName: 'Accounting API', products: ['lending'] }],
    ])
    for (const event of events) expect(referenceShapeErrors(event, 'Codat-Platform.json', 'CompanyProductWebhook')).toEqual([])
  })

  it('accepts every identifier of the catalogue', async () => {
    const companyId = await createCompany('Everything')
    for (const product of PRODUCTS) expect((await api('PUT', `/companies/${companyId}/products/${product.identifier}`)).statusCode).toBe(204)
    expect((await api('GET', `/companies/${companyId}`)).json().products).toEqual(PRODUCTS.map((product) => product.identifier))
  })

  it('answers an unknown product with 404 and the wire error body, and changes nothing', async () => {
    const companyId = await createCompany('Unknown product')
    for (const identifier of ['payroll', 'Lending', 'lending%20', '..%2Flending']) {
      for (const method of ['PUT', 'DELETE'] as const) {
        const res = await api(method, `/companies/${companyId}/products/${identifier}`)
        expect(res.statusCode, `${method} ${identifier}`).toBe(404)
        expect(res.json()).toMatchObject({ statusCode: 404, service: 'PublicApi', error: expect.stringMatching(/^No product was found with identifier /) })
        expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ErrorMessage')).toEqual([])
      }
    }
    expect((await api('GET', `/companies/${companyId}`)).json().products).toEqual([])
  })

  it('answers another client’s company as a company that does not exist (404), and leaves it alone', async () => {
    const theirs = await createCompany('Not yours', other)
    for (const method of ['PUT', 'DELETE'] as const) {
      const res = await api(method, `/companies/${theirs}/products/lending`)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ statusCode: 404, error: `No company was found with ID ${theirs}` })
      expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ErrorMessage')).toEqual([])
    }
    const missing = await api('PUT', `/companies/${crypto.randomUUID()}/products/lending`)
    expect(missing.statusCode).toBe(404)
    expect((await api('GET', `/companies/${theirs}`, other)).json().products).toEqual([])
  })

  it('refuses a NUL byte, an unpaired surrogate, an over-long identifier and a malformed company id with 400, never a 500', async () => {
    const companyId = await createCompany('Hostile input')
    for (const url of [
      `/companies/${companyId}/products/lend%00ing`,
      `/companies/${companyId}/products/%00`,
      `/companies/${companyId}/products/${'a'.repeat(101)}`,
      `/companies/not-a-guid/products/lending`,
    ]) {
      const res = await api('PUT', url)
      expect(res.statusCode, url).toBe(400)
      expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi' })
      expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ErrorMessage')).toEqual([])
    }
    expect((await api('PUT', `/companies/${companyId}/products/lend%00ing`)).json().error).toBe('The request is invalid: productIdentifier: must not contain the NUL character (U+0000)')
    const surrogate = await api('PUT', `/companies/${companyId}/products/%ED%A0%80`)
    expect(surrogate.statusCode).toBe(400)
    expect((await api('GET', `/companies/${companyId}`)).json().products).toEqual([])
  })

  it('needs an API key', async () => {
    const companyId = await createCompany('Keyless')
    const res = await t.app.inject({ method: 'PUT', url: `/companies/${companyId}/products/lending` })
    expect(res.statusCode).toBe(401)
    expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ErrorMessage')).toEqual([])
  })
})
