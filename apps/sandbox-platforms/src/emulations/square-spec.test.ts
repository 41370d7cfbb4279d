/**
 * The Square emulation against Square's own published OpenAPI (reference/square/api.json, API version
 * 2025-08-20): every answer Linkway reads, every page of it, and the token and revocation answers,
 * validated against the operation's response schema, with no field Square's schema does not name. When
 * the emulation drifts from Square's spec (a renamed field, a value outside an enum, a missing required
 * field), this fails.
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'
import { SQUARE_API_VERSION } from './square.js'

type Json = Record<string, any>

/** Square's client secrets are plain ASCII, as an HTTP header (`Authorization: Client <secret>`) needs. */
const CLIENT = { clientId: 'sq0idp-linkway-spec', clientSecret: 'sq0csp-spec-secret', redirectUris: [REDIRECT_URI] }

const SPEC = JSON.parse(readFileSync(new URL('../../reference/square/api.json', import.meta.url), 'utf8')) as Json

/**
 * OAS 3.0 to JSON Schema, strictly: `nullable` becomes "or null", and an object schema with properties
 * admits no others (Square's leave them open), so a field the emulation invents is caught too.
 */
function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema)
  if (node === null || typeof node !== 'object') return node
  const source = node as Json
  const object: Json = Object.fromEntries(Object.entries(source).filter(([key]) => key !== 'nullable' && key !== 'example' && key !== 'x-release-status').map(([key, value]) => [key, strictSchema(value)]))
  if (object['properties'] !== undefined && object['additionalProperties'] === undefined) object['additionalProperties'] = false
  if (source['nullable'] !== true) return object
  if (typeof object['type'] === 'string') return { ...object, type: [object['type'], 'null'] }
  return { anyOf: [object, { type: 'null' }] }
}

const ajv = new Ajv({ strict: false, allErrors: true })
;(addFormats as unknown as (ajv: Ajv) => void)(ajv)
ajv.addSchema({ $id: 'square', components: { schemas: strictSchema(SPEC['components']['schemas']) } })

/** The schema of an operation's 200 answer (or of its request body), by path and method. */
function validatorOf(path: string, method: string, part: 'response' | 'request' = 'response'): ValidateFunction {
  const operation = SPEC['paths'][path][method]
  const content = part === 'response' ? operation['responses']['200']['content'] : operation['requestBody']['content']
  const ref = content['application/json']['schema']['$ref'] as string
  return ajv.compile({ $ref: `square${ref}` })
}

function shapeErrors(validate: ValidateFunction, body: unknown): string[] {
  if (validate(body)) return []
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`)
}

let sandbox: TestSandbox
let square: EmulatedEndpoints['square']
let tokens: Json
let headers: Record<string, string>

async function post(url: string, body: unknown, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) })
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ clients: [CLIENT] })
  square = emulatedEndpoints(sandbox.url).square
  const authorize = new URL(square.authorizeUrl)
  authorize.search = new URLSearchParams({ client_id: CLIENT.clientId, scope: 'MERCHANT_PROFILE_READ CUSTOMERS_READ ORDERS_READ ITEMS_READ PAYMENTS_READ DISPUTES_READ', redirect_uri: REDIRECT_URI, state: 'spec', session: 'false' }).toString()
  const code = new URL(await approveConsent(authorize.href)).searchParams.get('code')
  const response = await post(square.tokenUrl, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })
  expect(response.status).toBe(200)
  tokens = (await response.json()) as Json
  headers = { authorization: `Bearer ${tokens['access_token']}`, 'square-version': SQUARE_API_VERSION, accept: 'application/json' }
  // Enough of each that every list takes more than one page.
  sandbox.admin.setDatasetSize('square', 'customers', 130)
  sandbox.admin.setDatasetSize('square', 'payments', 130)
  sandbox.admin.setDatasetSize('square', 'disputes', 25)
  sandbox.admin.setDatasetSize('square', 'products', 120)
})
afterAll(async () => {
  await sandbox.close()
})

/** Every page of a GET list, following `cursor`. */
async function everyPage(path: string, query: Record<string, string> = {}): Promise<Json[]> {
  const pages: Json[] = []
  let cursor: string | undefined
  do {
    const url = new URL(`${square.apiBaseUrl}${path}`)
    url.search = new URLSearchParams({ ...query, ...(cursor === undefined ? {} : { cursor }) }).toString()
    const response = await fetch(url, { headers })
    expect(response.status, url.href).toBe(200)
    const page = (await response.json()) as Json
    pages.push(page)
    cursor = page['cursor']
  } while (cursor !== undefined)
  return pages
}

describe('the Square emulation against Square’s published OpenAPI (2025-08-20)', () => {
  it('answers the token request as ObtainTokenResponse', () => {
    expect(shapeErrors(validatorOf('/oauth2/token', 'post'), tokens)).toEqual([])
    expect(tokens).toMatchObject({ token_type: 'bearer', merchant_id: expect.stringMatching(/^ML/), refresh_token: expect.any(String), expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) })
  })

  it('sends its token requests as ObtainTokenRequest', () => {
    const validate = validatorOf('/oauth2/token', 'post', 'request')
    expect(shapeErrors(validate, { client_id: 'sq0idp-a', client_secret: 'sq0csp-b', grant_type: 'authorization_code', code: 'sq0cgp-c', redirect_uri: REDIRECT_URI, code_verifier: 'v'.repeat(43) })).toEqual([])
    expect(shapeErrors(validate, { client_id: 'sq0idp-a', client_secret: 'sq0csp-b', grant_type: 'refresh_token', refresh_token: 'EQAA-r' })).toEqual([])
  })

  it('answers GET /v2/merchants/me as RetrieveMerchantResponse', async () => {
    const response = await fetch(`${square.apiBaseUrl}/v2/merchants/me`, { headers })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Json
    expect(shapeErrors(validatorOf('/v2/merchants/{merchant_id}', 'get'), body)).toEqual([])
    expect(body['merchant']['id']).toBe(tokens['merchant_id'])
  })

  it.each<{ path: string; list: string; query: Record<string, string> }>([
    { path: '/v2/locations', list: 'locations', query: {} },
    { path: '/v2/customers', list: 'customers', query: { limit: '50' } },
    { path: '/v2/catalog/list', list: 'objects', query: { types: 'ITEM,CATEGORY,TAX' } },
    { path: '/v2/payments', list: 'payments', query: { begin_time: '2000-01-01T00:00:00Z', limit: '10' } },
    { path: '/v2/refunds', list: 'refunds', query: { begin_time: '2000-01-01T00:00:00Z', limit: '5' } },
    { path: '/v2/disputes', list: 'disputes', query: {} },
  ])('answers every page of GET $path as its response schema', async ({ path, list, query }) => {
    const pages = await everyPage(path, query)
    const validate = validatorOf(path, 'get')
    for (const page of pages) expect(shapeErrors(validate, page)).toEqual([])
    expect(pages.flatMap((page) => page[list] as Json[]).length).toBeGreaterThan(0)
    if (path !== '/v2/locations') expect(pages.length, `${path} pages`).toBeGreaterThan(1)
  })

  it('takes SearchCustomersRequest and answers every page as SearchCustomersResponse', async () => {
    const requestSchema = validatorOf('/v2/customers/search', 'post', 'request')
    const responseSchema = validatorOf('/v2/customers/search', 'post')
    let cursor: string | undefined
    let customers = 0
    do {
      const body = { limit: 50, query: { filter: { updated_at: { start_at: '2000-01-01T00:00:00Z' } }, sort: { field: 'CREATED_AT', order: 'ASC' } }, ...(cursor === undefined ? {} : { cursor }) }
      expect(shapeErrors(requestSchema, body)).toEqual([])
      const response = await post(`${square.apiBaseUrl}/v2/customers/search`, body, headers)
      expect(response.status).toBe(200)
      const page = (await response.json()) as Json
      expect(shapeErrors(responseSchema, page)).toEqual([])
      customers += (page['customers'] as Json[]).length
      cursor = page['cursor']
    } while (cursor !== undefined)
    expect(customers).toBe(130)
  })

  it('takes SearchOrdersRequest and answers every page as SearchOrdersResponse', async () => {
    const locations = ((await (await fetch(`${square.apiBaseUrl}/v2/locations`, { headers })).json()) as Json)['locations'] as Json[]
    const requestSchema = validatorOf('/v2/orders/search', 'post', 'request')
    const responseSchema = validatorOf('/v2/orders/search', 'post')
    let cursor: string | undefined
    let orders = 0
    do {
      const body = {
        location_ids: locations.map((location) => location['id']),
        limit: 50,
        query: { filter: { date_time_filter: { updated_at: { start_at: '2000-01-01T00:00:00Z' } } }, sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } },
        ...(cursor === undefined ? {} : { cursor }),
      }
      expect(shapeErrors(requestSchema, body)).toEqual([])
      const response = await post(`${square.apiBaseUrl}/v2/orders/search`, body, headers)
      expect(response.status).toBe(200)
      const page = (await response.json()) as Json
      expect(shapeErrors(responseSchema, page)).toEqual([])
      orders += (page['orders'] as Json[]).length
      cursor = page['cursor']
    } while (cursor !== undefined)
    expect(orders).toBe(120)
  })

  it('answers errors in Square’s Error shape', async () => {
    const response = await fetch(`${square.apiBaseUrl}/v2/customers?limit=101`, { headers })
    expect(response.status).toBe(400)
    const body = (await response.json()) as Json
    const validate = ajv.compile({ type: 'object', required: ['errors'], properties: { errors: { type: 'array', items: { $ref: 'square#/components/schemas/Error' } } }, additionalProperties: false })
    expect(shapeErrors(validate, body)).toEqual([])
    expect(body).toEqual({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'VALUE_TOO_HIGH', detail: 'limit must be at most 100.', field: 'limit' }] })
  })

  it('answers the revocation as RevokeTokenResponse', async () => {
    const response = await post(square.revokeUrl, { client_id: CLIENT.clientId, access_token: tokens['access_token'] }, { authorization: `Client ${CLIENT.clientSecret}` })
    expect(response.status).toBe(200)
    expect(shapeErrors(validatorOf('/oauth2/revoke', 'post'), await response.json())).toEqual([])
  })
})
