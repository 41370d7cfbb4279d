/** Reading one page from a platform: how each answer is sorted, against a real HTTP server on loopback. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AccessTokenRejectedError } from '../connections/index.js'
import { getPlatformPage, PageReadError } from './platform-pages.js'

const NOW = new Date('2026-12-01T10:00:00.000Z')

describe('getPlatformPage', () => {
  let server: Server
  let base: string
  let lastHeaders: IncomingMessage['headers'] = {}
  let last = { method: '', body: '' }
  let requestCount = 0
  const answers: Record<string, (response: ServerResponse) => void> = {
    '/search': (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(last)),
    '/ok': (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[1,2]}'),
    '/expired': (response) => response.writeHead(401).end('{"error":"invalid_token"}'),
    '/slow-down': (response) => response.writeHead(429, { 'retry-after': '30' }).end(),
    '/slow-down-until': (response) => response.writeHead(429, { 'retry-after': 'Tue, 01 Dec 2026 10:02:00 GMT' }).end(),
    '/down': (response) => response.writeHead(503).end('maintenance'),
    '/missing': (response) => response.writeHead(404).end(),
    '/forbidden': (response) => response.writeHead(403).end(),
    '/teapot': (response) => response.writeHead(418).end(),
    '/cut-off': (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[1,'),
    '/hang': () => {},
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        lastHeaders = request.headers
        last = { method: request.method ?? '', body: Buffer.concat(chunks).toString('utf8') }
        requestCount += 1
        ;(answers[request.url ?? ''] ?? answers['/missing']!)(response)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const bearer = { value: 'token-1', header: undefined }
  // The test server is plain http on loopback, as the sandboxes and emulations are: opted in as the catalogue does for them.
  const loopback = { allowPlainHttp: true }
  const failureOf = async (path: string, timeoutMs?: number) => {
    try {
      await getPlatformPage({ url: `${base}${path}`, headers: {} }, bearer, NOW, { ...loopback, ...(timeoutMs === undefined ? {} : { timeoutMs }) })
    } catch (error) {
      return error
    }
    throw new Error('expected a failure')
  }

  it('returns a 2xx JSON body with the headers, the token sent as Bearer', async () => {
    const page = await getPlatformPage({ url: `${base}/ok`, headers: { 'xero-tenant-id': 't-1' } }, bearer, NOW, loopback)
    expect(page).toMatchObject({ status: 200, body: { items: [1, 2] } })
    expect(page.headers['content-type']).toBe('application/json')
    expect(lastHeaders).toMatchObject({ authorization: 'Bearer token-1', 'xero-tenant-id': 't-1', accept: 'application/json' })
  })

  it('sends a search by POST with its JSON body, as the data source asks (Square’s orders)', async () => {
    const page = await getPlatformPage({ url: `${base}/search`, headers: { 'Square-Version': '2025-08-20' }, method: 'POST', body: { location_ids: ['L1'] } }, bearer, NOW, loopback)
    expect(page.body).toEqual({ method: 'POST', body: '{"location_ids":["L1"]}' })
    expect(lastHeaders).toMatchObject({ 'content-type': 'application/json', 'square-version': '2025-08-20', authorization: 'Bearer token-1' })
    await getPlatformPage({ url: `${base}/search`, headers: {} }, bearer, NOW, loopback)
    expect(lastHeaders['content-type']).toBeUndefined()
  })

  it("sends the token in the connector's own header when it declares one", async () => {
    await getPlatformPage({ url: `${base}/ok`, headers: {} }, { value: 'shpat_1', header: 'X-Shopify-Access-Token' }, NOW, loopback)
    expect(lastHeaders['x-shopify-access-token']).toBe('shpat_1')
    expect(lastHeaders.authorization).toBeUndefined()
  })

  it('turns 401 into AccessTokenRejectedError, so the vault refreshes and retries once', async () => {
    expect(await failureOf('/expired')).toBeInstanceOf(AccessTokenRejectedError)
  })

  it('sorts every other failure by what the engine does next', async () => {
    expect(await failureOf('/slow-down')).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 30 })
    expect(await failureOf('/slow-down-until')).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 120 })
    expect(await failureOf('/down')).toMatchObject({ kind: 'transient', message: 'The platform answered 503 at /down' })
    expect(await failureOf('/missing')).toMatchObject({ kind: 'not_supported', message: 'The platform has nothing at /missing (404)' })
    expect(await failureOf('/forbidden')).toMatchObject({ kind: 'forbidden' })
    expect(await failureOf('/teapot')).toMatchObject({ kind: 'refused', message: 'The platform answered 418 at /teapot' })
    const cutOff = await failureOf('/cut-off')
    expect(cutOff).toBeInstanceOf(PageReadError)
    expect(cutOff).toMatchObject({ kind: 'transient' })
    expect((cutOff as Error).message).toMatch(/^The platform's answer at \/cut-off was cut off or is not JSON: /)
  })

  it('gives up on a platform that does not answer, as a transient failure', async () => {
    const failure = await failureOf('/hang', 200)
    expect(failure).toMatchObject({ kind: 'transient' })
    expect((failure as Error).message).toMatch(/^The platform could not be reached at http:\/\/127\.0\.0\.1:\d+\/hang: /)
  })

  it('refuses plain http before sending anything: on loopback without the opt-in, off loopback even with it', async () => {
    const requests = requestCount
    await expect(getPlatformPage({ url: `${base}/ok`, headers: {} }, bearer, NOW)).rejects.toThrow(new TypeError(`Platform URLs must use https: ${base}`))
    await expect(getPlatformPage({ url: `${base}/ok`, headers: {} }, bearer, NOW, { allowPlainHttp: false })).rejects.toThrow(new TypeError(`Platform URLs must use https: ${base}`))
    await expect(getPlatformPage({ url: 'http://api.example.com/x', headers: {} }, bearer, NOW, loopback)).rejects.toThrow(
      new TypeError('Platform URLs must use https (plain http is allowed to loopback only): http://api.example.com'),
    )
    expect(requestCount).toBe(requests)
  })
})
