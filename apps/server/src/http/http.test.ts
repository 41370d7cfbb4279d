import { connect, type AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../testing/test-app.js'

// HTTP behaviour does not depend on the database backend; PGlite is enough here.
describe('HTTP edges', () => {
  let t: TestApp
  let client: TestClient

  beforeAll(async () => {
    t = await createTestApp('pglite')
    client = await t.createClient()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers an unknown route with 404 in the wire error body, correlation id in header and body', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nowhere', headers: client.headers })
    expect(res.statusCode).toBe(404)
    const body = res.json()
    expect(body).toEqual({
      statusCode: 404,
      service: 'PublicApi',
      error: 'No resource at GET /nowhere',
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      validation: null,
      canBeRetried: 'Unknown',
      detailedErrorCode: 0,
    })
    expect(res.headers['x-correlation-id']).toBe(body.correlationId)
  })

  it('answers a known path with the wrong method with 405 and an Allow header', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/companies/00000000-0000-4000-8000-000000000000', headers: client.headers, payload: {} })
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET, PUT, PATCH, DELETE')
    expect(res.json()).toMatchObject({ statusCode: 405, error: 'Method POST is not allowed here; use GET, PUT, PATCH, DELETE' })
    expect((await t.app.inject({ method: 'DELETE', url: '/apiKeys', headers: client.headers })).statusCode).toBe(405)
  })

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/companies',
      headers: { ...client.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'big', description: 'x'.repeat(1024 * 1024) }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ statusCode: 413, error: 'The request body is larger than 1048576 bytes.' })
  })

  it('tells a form post over the Link pages’ 16 KiB limit that limit, not the JSON one', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/link/client/00000000-0000-4000-8000-000000000000',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `companyName=${'x'.repeat(20_000)}`,
    })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ statusCode: 413, error: 'The request body is larger than 16384 bytes.' })
  })

  it('refuses malformed JSON with 400, and another content type with 415', async () => {
    const malformed = await t.app.inject({
      method: 'POST', url: '/companies', headers: { ...client.headers, 'content-type': 'application/json' }, payload: '{"name": ',
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ statusCode: 400, error: 'The body is not valid JSON.' })
    const form = await t.app.inject({
      method: 'POST', url: '/companies', headers: { ...client.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x',
    })
    expect(form.statusCode).toBe(415)
    expect(form.json()).toMatchObject({ statusCode: 415, error: 'Unsupported Content-Type application/x-www-form-urlencoded; send application/json.' })
    // text/plain too (a body any page can send another site without a preflight), whether the route takes a body or not.
    for (const [method, url] of [['POST', '/companies'], ['POST', '/apiKeys'], ['DELETE', '/apiKeys/00000000-0000-4000-8000-000000000000']] as const) {
      const text = await t.app.inject({ method, url, headers: { ...client.headers, 'content-type': 'text/plain' }, payload: '{"name":"x"}' })
      expect(text.statusCode, `${method} ${url}`).toBe(415)
      expect(text.json()).toMatchObject({ statusCode: 415, error: 'Unsupported Content-Type text/plain; send application/json.' })
    }
    // An empty one is no body, as fetch sends `body: ''`: a route that takes none acts, one that needs JSON says what it lacks.
    const empty = { ...client.headers, 'content-type': 'text/plain;charset=UTF-8' }
    const created = (await t.app.inject({ method: 'POST', url: '/apiKeys', headers: { ...client.headers, 'content-type': 'application/json' }, payload: '{}' })).json()
    expect((await t.app.inject({ method: 'DELETE', url: `/apiKeys/${created.id}`, headers: empty, payload: '' })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'POST', url: '/companies', headers: empty, payload: '' })).statusCode).toBe(400)
  })

  it('refuses a JSON body that is not UTF-8 with 400, rather than storing replacement characters', async () => {
    // "Société Générale" in ISO-8859-1: each é is the lone byte 0xE9, which is not UTF-8.
    const res = await t.app.inject({
      method: 'POST', url: '/companies', headers: { ...client.headers, 'content-type': 'application/json; charset=iso-8859-1' },
      payload: Buffer.from('{"name":"Soci\u00e9t\u00e9 G\u00e9n\u00e9rale","description":"Caf\u00e9"}', 'latin1'),
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error: 'The body is not valid UTF-8; send JSON encoded as UTF-8.' })
    const listed = await t.app.inject({ method: 'GET', url: `/companies?query=${encodeURIComponent('name~Soci')}`, headers: client.headers })
    expect(listed.json().totalResults).toBe(0)
  })

  it('treats an empty JSON body as no body: the route decides (a required body is a 400 naming it)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/companies', headers: { ...client.headers, 'content-type': 'application/json' }, payload: '' })
    expect(res.statusCode).toBe(400)
    expect(res.json().validation.errors[0]).toMatchObject({ itemId: 'body' })
  })

  it('refuses prototype-poisoning JSON without a 500', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/companies', headers: { ...client.headers, 'content-type': 'application/json' }, payload: '{"name":"a","__proto__":{"x":1}}',
    })
    expect(res.statusCode).toBe(400)
  })

  it('never answers 500, whatever the path, query or body', async () => {
    const methods = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE' as const)
    const paths = fc.oneof(
      fc.constant('/companies'),
      fc.constant('/apiKeys'),
      fc.uuid().map((id) => `/companies/${id}`),
      fc.string({ maxLength: 40 }).map((s) => `/companies/${encodeURIComponent(s)}`),
      fc.string({ maxLength: 40 }).map((s) => `/${encodeURIComponent(s)}`),
    )
    const queries = fc.dictionary(fc.constantFrom('page', 'pageSize', 'query', 'orderBy', 'tags', 'x'), fc.string({ maxLength: 60 }), { maxKeys: 3 })
    const bodies = fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 80 }))
    await fc.assert(
      fc.asyncProperty(methods, paths, queries, bodies, async (method, path, query, body) => {
        const res = await t.app.inject({
          method,
          url: `${path}?${new URLSearchParams(query).toString()}`,
          headers: { ...client.headers, 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: body }),
        })
        expect(res.statusCode).toBeLessThan(500)
        if (res.statusCode >= 400) expect(res.json()).toMatchObject({ statusCode: res.statusCode, service: 'PublicApi' })
      }),
      { numRuns: 150 },
    )
  })

  it("answers what Node's HTTP parser refuses (a query string past the header limit, a request that is not HTTP) in the wire error body", async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = t.app.server.address() as AddressInfo
    /** Sends raw bytes and reads until the server closes the connection. */
    const exchange = (request: string) =>
      new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
        const chunks: Buffer[] = []
        const socket = connect(port, '127.0.0.1', () => socket.end(request))
        socket.on('data', (chunk) => chunks.push(chunk)).on('error', reject)
        socket.on('close', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const [head = '', body = ''] = text.split('\r\n\r\n')
          resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body })
        })
      })
    const wireBody = (statusCode: number, error: string) => ({
      statusCode, service: 'PublicApi', error, correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/), validation: null, canBeRetried: 'Unknown', detailedErrorCode: 0,
    })

    const tooLarge = await exchange(`GET /companies?query=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    expect(tooLarge.status).toBe(431)
    expect(tooLarge.headers).toContain('content-type: application/json; charset=utf-8')
    expect(JSON.parse(tooLarge.body)).toEqual(wireBody(431, 'The request line and headers are too large; send a shorter query string or fewer headers.'))
    expect(tooLarge.headers).toContain(`x-correlation-id: ${JSON.parse(tooLarge.body).correlationId}`)

    const notHttp = await exchange('NOT HTTP AT ALL\r\n\r\n')
    expect(notHttp.status).toBe(400)
    expect(JSON.parse(notHttp.body)).toEqual(wireBody(400, 'The request could not be read: it is not well-formed HTTP.'))
  })

  it('serves the OpenAPI 3.1 document and browsable docs without an API key', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/companies', '/companies/{companyId}', '/apiKeys', '/apiKeys/{apiKeyId}']))
    expect(doc.paths['/companies'].post.operationId).toBe('create-company')
    expect(doc.components.schemas).toHaveProperty('Company')
    expect(doc.components.securitySchemes.auth_header).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' })
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' })
    expect(docs.statusCode).toBe(200)
    expect(docs.headers['content-type']).toMatch(/text\/html/)
  })

  it('answers /favicon.ico with a 16×16 icon, cached, without an API key, and 304 when it has not changed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/favicon.ico' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/x-icon')
    expect(res.headers['cache-control']).toBe('public, max-age=604800')
    // ICONDIR (reserved 0, type 1 = icon, 1 image), then the entry: 16×16, 32 bits, at offset 22.
    expect([...res.rawPayload.subarray(0, 8)]).toEqual([0, 0, 1, 0, 1, 0, 16, 16])
    expect(res.rawPayload.readUInt16LE(12)).toBe(32)
    expect(res.rawPayload.readUInt32LE(18)).toBe(22)
    expect(res.rawPayload).toHaveLength(6 + 16 + 40 + 16 * 16 * 4 + 16 * 4)
    const etag = res.headers.etag as string
    expect(etag).toMatch(/^"[\w-]{16}"$/)
    const again = await t.app.inject({ method: 'GET', url: '/favicon.ico', headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.headers['cache-control']).toBe('public, max-age=604800')
    expect((await t.app.inject({ method: 'HEAD', url: '/favicon.ico' })).statusCode).toBe(200)
  })
})
