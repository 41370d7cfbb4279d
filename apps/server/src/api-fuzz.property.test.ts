/**
 * The API fuzzed from its own document: every operation of /openapi.json, and the browser's routes
 * it leaves out, with path parameters, query strings and JSON bodies generated from the schemas
 * (the client's real ids among them) and hostile values mixed in. Whatever arrives, the answer is
 * below 500, and a 4xx of the API is the wire error body. Seeded: a failure names the operation,
 * the seed and the request, and reproduces.
 */
import { DATA_TYPE_DEFINITIONS, DATA_TYPES, ErrorMessage } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FUNNEL_EVENTS } from './modules/link-settings/index.js'
import { HOSTILE_BODIES, percentEncode, toJsonText, toParameterText, valueFor, type GeneratorOptions, type JsonSchema } from './testing/openapi-arbitraries.js'
import { createTestApp, type TestApp, type TestClient } from './testing/test-app.js'

const SEED = 20_260_101
/** Every seeded record has this id, whatever its data type, so a generated path can name it. */
const RECORD_ID = 'record-1'
/** Requests per operation and backend: about 3,600 in all, a few seconds on each database. */
const RUNS_PER_OPERATION = 40

interface Parameter {
  name: string
  in: 'path' | 'query'
  required?: boolean
  schema: JsonSchema
}

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'
  /** OpenAPI's form: `/companies/{companyId}`. */
  path: string
  parameters: Parameter[]
  body?: JsonSchema
  /** Answers errors in the wire error body (the API, the Link component's API); pages answer HTML. */
  isWire: boolean
}

interface FuzzRequest {
  method: Operation['method']
  url: string
  body?: string
  contentType?: string
  /** Embedded Link's headers on a Link API call: a company token, an Origin, X-Link-Embedded. */
  headers?: Record<string, string>
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>
  components: { schemas: Record<string, JsonSchema> }
}

const guid: JsonSchema = { type: 'string', format: 'uuid' }
const text: JsonSchema = { type: 'string', maxLength: 40 }
const inPath = (name: string): Parameter => ({ name, in: 'path', required: true, schema: guid })
const inQuery = (name: string, schema: JsonSchema = text): Parameter => ({ name, in: 'query', schema })

/** The routes a person's browser and the Link component use: hidden from the document, fuzzed all the same. */
const BROWSER_ROUTES: Operation[] = [
  { method: 'GET', path: '/link/companies/{companyId}/connections/{connectionId}/start', parameters: [inPath('companyId'), inPath('connectionId'), inQuery('ref'), inQuery('shop'), inQuery('link.embed')], isWire: false },
  { method: 'GET', path: '/link/oauth/callback', parameters: ['state', 'code', 'error', 'error_description', 'realmId'].map((name) => inQuery(name)), isWire: false },
  { method: 'POST', path: '/link/sessions/{sessionId}/tenant', parameters: [inPath('sessionId')], body: { type: 'object', properties: { tenantId: text, stepToken: text } }, isWire: false },
  { method: 'GET', path: '/link/client/{clientId}', parameters: [inPath('clientId')], isWire: false },
  { method: 'POST', path: '/link/client/{clientId}', parameters: [inPath('clientId')], body: { type: 'object', properties: { companyName: text } }, isWire: false },
  { method: 'GET', path: '/link/company/{companyId}', parameters: [inPath('companyId'), ...['lang', 'link.result', 'link.visit', 'link.otp', 'ref'].map((name) => inQuery(name))], isWire: false },
  { method: 'GET', path: '/link/companies/{companyId}', parameters: [inPath('companyId'), inQuery('ref')], isWire: false },
  { method: 'GET', path: '/link/companies/{companyId}/complete', parameters: [inPath('companyId'), inQuery('link.connection', guid), inQuery('ref')], isWire: false },
  {
    method: 'GET',
    path: '/link/api/companies/{companyId}/session',
    parameters: [inPath('companyId'), inQuery('lang'), inQuery('visit', guid), inQuery('link.showSandboxIntegrations', { enum: ['true', 'false'] })],
    isWire: true,
  },
  {
    method: 'POST',
    path: '/link/api/companies/{companyId}/connections',
    parameters: [inPath('companyId')],
    body: {
      type: 'object',
      required: ['platformKey', 'sessionId'],
      properties: {
        platformKey: text,
        sessionId: guid,
        redirectParams: { type: 'object', additionalProperties: text },
        consent: { type: 'object', properties: { lang: { enum: ['en', 'fr', 'de'] }, texts: { type: 'object', additionalProperties: text } } },
        display: { enum: ['popup'] },
      },
    },
    isWire: true,
  },
  { method: 'GET', path: '/link/api/companies/{companyId}/connections/{connectionId}/consent', parameters: [inPath('companyId'), inPath('connectionId')], isWire: true },
  { method: 'GET', path: '/.well-known/linkway-consent-keys.json', parameters: [], isWire: false },
  {
    method: 'POST',
    path: '/link/api/companies/{companyId}/events',
    parameters: [inPath('companyId')],
    body: {
      type: 'object',
      required: ['sessionId', 'event'],
      properties: { sessionId: guid, event: { enum: [...FUNNEL_EVENTS] }, category: { enum: ['accounting', 'banking', 'commerce'] }, platformKey: text, step: text },
    },
    isWire: true,
  },
  { method: 'POST', path: '/link/api/companies/{companyId}/connections/{connectionId}/disconnect', parameters: [inPath('companyId'), inPath('connectionId')], body: { type: 'object', properties: { sessionId: guid } }, isWire: true },
  // Embedded Link's CORS preflights.
  { method: 'OPTIONS', path: '/link/api/companies/{companyId}/session', parameters: [inPath('companyId')], isWire: true },
  { method: 'OPTIONS', path: '/link/api/companies/{companyId}/connections/{connectionId}/disconnect', parameters: [inPath('companyId'), inPath('connectionId')], isWire: true },
]

/** The origin the fuzzed client lists in its CORS settings. */
const ALLOWED_ORIGIN = 'https://shop.example'

/** What embedded Link (or someone posing as it) adds to a Link API call: `tokens` are the company's real ones. */
function embeddedHeaders(tokens: readonly string[]): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    {
      authorization: fc.constantFrom(...tokens.map((token) => `Bearer ${token}`), 'Bearer lwc_forged', 'Bearer', `Bearer lwc_${'A'.repeat(43)}`, 'Bearer \u00ff', 'Basic Zm9v'),
      origin: fc.constantFrom(ALLOWED_ORIGIN, 'https://evil.example', 'null', 'HTTPS://SHOP.EXAMPLE', ''),
      'x-link-embedded': fc.constantFrom('1', '0', ''),
      'sec-fetch-site': fc.constantFrom('cross-site', 'same-origin', 'none'),
      'access-control-request-method': fc.constantFrom('POST', 'GET', 'DELETE'),
    },
    { requiredKeys: [] },
  )
}

function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = []
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const body = operation.requestBody?.content?.['application/json']?.schema
      operations.push({ method: method.toUpperCase() as Operation['method'], path, parameters: operation.parameters ?? [], ...(body ? { body } : {}), isWire: true })
    }
  }
  return operations
}

/**
 * The order operations run in. The Link pages first, before a generated PUT /linkSettings may turn
 * one-time links on (then they answer 403); what takes fixtures away (a deleted company, an
 * unlinked connection) last, the company's deletion at the very end.
 */
function runOrder(operation: Operation): number {
  if (operation.method === 'DELETE' && operation.path === '/companies/{companyId}') return 3
  if (operation.method === 'DELETE' || operation.method === 'PATCH' || operation.path.endsWith('/disconnect')) return 2
  return operation.path.startsWith('/link/') && !operation.path.startsWith('/link/funnel') ? 0 : 1
}

const EXTRA_QUERIES = ['__proto__=x', 'constructor=1', 'page=1&page=2', 'a=%', 'query=a&&b', '%00=%00', 'x=%ED%A0%80', 'hasOwnProperty=1']
const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded']

function requestFor(operation: Operation, options: GeneratorOptions, linkHeaders: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<FuzzRequest> {
  const valuesOf = (where: 'path' | 'query') => {
    const parameters = operation.parameters.filter((parameter) => parameter.in === where)
    const model = Object.fromEntries(parameters.map((parameter) => [parameter.name, valueFor(parameter.schema, options, parameter.name)]))
    return fc.record(model, { requiredKeys: parameters.filter((parameter) => where === 'path' || parameter.required).map((parameter) => parameter.name) })
  }
  const body = operation.body
    ? fc.oneof({ weight: 9, arbitrary: valueFor(operation.body, options).map(toJsonText) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_BODIES) })
    : fc.option(fc.constantFrom('{}', ...HOSTILE_BODIES), { freq: 6, nil: undefined })
  return fc
    .record({
      path: valuesOf('path'),
      query: valuesOf('query'),
      extra: fc.option(fc.constantFrom(...EXTRA_QUERIES), { freq: 5, nil: undefined }),
      body,
      contentType: fc.constantFrom(...CONTENT_TYPES),
      headers: operation.path.startsWith('/link/api/') ? fc.option(linkHeaders, { freq: 2, nil: undefined }) : fc.constant(undefined),
    })
    .map(({ path, query, extra, body, contentType, headers }) => {
      const url = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => percentEncode(toParameterText(path[name])))
      const parts = Object.entries(query).map(([name, value]) => `${percentEncode(name)}=${percentEncode(toParameterText(value))}`)
      if (extra) parts.push(extra)
      return { method: operation.method, url: parts.length > 0 ? `${url}?${parts.join('&')}` : url, ...(body !== undefined ? { body, contentType } : {}), ...(headers ? { headers } : {}) }
    })
}

/** What a failure report shows of a request: enough to see it, not a megabyte of body. */
function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` ${request.contentType} ${JSON.stringify(request.body.length > 300 ? `${request.body.slice(0, 300)}… (${request.body.length} characters)` : request.body)}`
  const headers = request.headers ? ` ${JSON.stringify(request.headers)}` : ''
  return `${request.method} ${request.url.length > 300 ? `${request.url.slice(0, 300)}…` : request.url}${headers}${body}`
}

describe.each(testedBackends())('the API under generated and hostile input on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let operations: Operation[]
  let hints: Record<string, readonly string[]>
  let components: Record<string, JsonSchema>
  let linkHeaders: fc.Arbitrary<Record<string, string>>

  const api = async (method: Operation['method'], url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300)
    return res.json()
  }

  beforeAll(async () => {
    // The queue runs: a sync the fuzzer queues is a job sent in its transaction.
    // Thousands of requests from one client and one address in a few seconds: the rate limits
    // (tested in modules/rate-limits) would answer most of them 429 and hide what is fuzzed here.
    t = await createTestApp(backend, { startQueue: true, rateLimits: { clientPerDay: 0, authFailuresPerMinute: 0, linkPerMinute: 0, invitesPerMinute: 0 } })
    client = await t.createClient()
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDocument
    components = document.components.schemas

    // The client's world, so generated ids can be real ones: a company with a Linked connection of
    // each kind, a synced record of every data type, a webhook consumer and a key it may delete.
    const company = await api('POST', '/companies', { name: 'Toft stores', tags: { region: 'uk' } })
    const connections: Record<string, string> = {}
    for (const [sourceType, platformKey] of [['Accounting', 'mqjo'], ['Banking', 'bsbx'], ['Commerce', 'aiwb']] as const) {
      connections[sourceType] = (await api('POST', `/companies/${company.id}/connections`, { platformKey })).id
      await api('PUT', `/companies/${company.id}/connections/${connections[sourceType]}/authorization`, { accessToken: 'held-token', expiresIn: 3600 })
    }
    // A financial statement has no records of its own (it is built from the ledger's when read).
    for (const dataType of DATA_TYPES.filter((each) => DATA_TYPE_DEFINITIONS[each].derivedFrom === undefined)) {
      const definition = DATA_TYPE_DEFINITIONS[dataType]
      const schema = components[definition.schema.meta()?.id as string] ?? {}
      const [record] = fc.sample(valueFor(schema, { components, isHostile: false }), { numRuns: 1, seed: SEED }) as [Record<string, unknown>]
      await sql`insert into data_records (connection_id, data_type, record_id, client_id, company_id, dataset_id, data)
                values (${connections[definition.sourceType]}, ${dataType}, ${RECORD_ID}, ${client.clientId}, ${company.id}, ${crypto.randomUUID()}, ${JSON.stringify({ ...record, id: RECORD_ID })}::jsonb)`.execute(t.database.db)
    }
    // Linking queued the first syncs.
    const datasetIds = (await api('GET', `/companies/${company.id}/data/history`)).results.map((dataset: { id: string }) => dataset.id).slice(0, 3)
    const webhook = await api('POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['company.created'] })
    const spareKey = await api('POST', '/apiKeys', { name: 'spare' })
    // Embedded Link: an allowed origin and a real token for the company, so the Link API's embedded ways run.
    await api('POST', '/corsSettings', { allowedOrigins: [ALLOWED_ORIGIN] })
    linkHeaders = embeddedHeaders([(await api('GET', `/companies/${company.id}/accessToken`)).accessToken])
    hints = {
      companyId: [company.id],
      connectionId: Object.values(connections),
      datasetId: datasetIds,
      webhookId: [webhook.id],
      apiKeyId: [spareKey.id],
      clientId: [client.clientId],
      recordId: [RECORD_ID],
      platformKey: ['mqjo', 'bsbx', 'aiwb', 'gbol', 'qhyg'],
      dataType: ['invoices', 'banking-accounts', 'commerce-orders'],
      page: ['1', '2'],
      pageSize: ['1', '100'],
      query: ['', 'id!=00000000-0000-0000-0000-000000000000'],
      orderBy: ['', '-id'],
      url: ['http://127.0.0.1:9/hook'],
      redirectUrl: ['https://client.example/done/{companyId}', ''],
      logoUrl: ['https://client.example/logo.png', ''],
      iconUrl: ['https://client.example/icon.png', ''],
      whiteListUrls: ['https://client.example/'],
    }
    operations = [...operationsOf(document), ...BROWSER_ROUTES].sort((a, b) => runOrder(a) - runOrder(b))
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers every operation below 500, and every API 4xx in the wire error body', async () => {
    const failures: string[] = []
    const statuses = new Map<string, Set<number>>()
    for (const [index, operation] of operations.entries()) {
      const name = `${operation.method} ${operation.path}`
      const seen = new Set<number>()
      statuses.set(name, seen)
      // A third of the requests are valid by the schema (with real ids), so handlers run, not only validation.
      const requests = fc.oneof({ weight: 1, arbitrary: requestFor(operation, { components, hints, isHostile: false }, linkHeaders) }, { weight: 2, arbitrary: requestFor(operation, { components, hints, isHostile: true }, linkHeaders) })
      const property = fc.asyncProperty(requests, async (request) => {
        const res = await t.app.inject({
          method: request.method,
          url: request.url,
          headers: { ...client.headers, ...(request.contentType ? { 'content-type': request.contentType } : {}), ...request.headers },
          ...(request.body !== undefined ? { payload: request.body } : {}),
        })
        seen.add(res.statusCode)
        if (res.statusCode >= 500) throw new Error(`${res.statusCode}: ${res.body.slice(0, 300)}`)
        const isJson = String(res.headers['content-type']).startsWith('application/json')
        if (res.statusCode >= 400 && (operation.isWire || isJson)) {
          const body = isJson ? res.json() : undefined
          const isWireBody = ErrorMessage.safeParse(body).success && body.statusCode === res.statusCode && body.service === 'PublicApi' && body.correlationId === res.headers['x-correlation-id']
          if (!isWireBody) throw new Error(`${res.statusCode} not in the wire error body: ${res.body.slice(0, 300)}`)
        }
      })
      const details = await fc.check(property, { numRuns: RUNS_PER_OPERATION, seed: SEED + index, endOnFailure: true })
      if (details.failed) {
        const request = details.counterexample?.[0]
        failures.push(`${name} (seed ${details.seed}, path ${details.counterexamplePath}): ${request ? describeRequest(request) : '?'} → ${(details.errorInstance as Error)?.message}`)
      }
    }
    expect(failures).toEqual([])
    // The generator reaches the handlers, not only validation: most operations (nine in ten when
    // written) answered a 2xx or 3xx at least once.
    const reached = [...statuses.values()].filter((codes) => [...codes].some((code) => code < 400)).length
    expect(reached / operations.length).toBeGreaterThan(0.8)
  }, 300_000)
})
