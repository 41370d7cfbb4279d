/**
 * Every request here goes to a server this file starts on 127.0.0.1. Names and non-loopback
 * addresses come from an injected lookup, and the cases that resolve to them are refused before
 * any connection is opened: no test sends traffic off the machine.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { OutboundPolicy } from './outbound-address.js'
import { isExcerptKeptFrom, postWebhook, RESPONSE_EXCERPT_CHARACTERS, type LookupFunction, type WebhookPostResult } from './post-webhook.js'

const loopbackAllowed: OutboundPolicy = { allowLoopback: true, allowPrivate: false }
const strict: OutboundPolicy = { allowLoopback: false, allowPrivate: false }
const body = JSON.stringify({ eventType: 'connection.linked', id: 'e1' })

interface ReceivedRequest {
  method: string | undefined
  url: string | undefined
  headers: IncomingHttpHeaders
  body: string
}

interface LoopbackServer {
  origin: string
  port: number
  connections: number
  requests: ReceivedRequest[]
}

const openServers: Array<ReturnType<typeof createServer>> = []
afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  }))
})

/** A server on 127.0.0.1 that records what reaches it, then answers with `respond`. */
async function startServer(respond: (req: IncomingMessage, res: ServerResponse) => void): Promise<LoopbackServer> {
  const server = createServer()
  openServers.push(server)
  const state: LoopbackServer = { origin: '', port: 0, connections: 0, requests: [] }
  server.on('connection', () => state.connections++)
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      state.requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() })
      respond(req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.port = (server.address() as AddressInfo).port
  state.origin = `http://127.0.0.1:${state.port}`
  return state
}

/** A lookup answering from a table; records the names asked for. */
function tableLookup(table: Record<string, string[]>, asked: string[] = []): LookupFunction {
  return (hostname, options, callback) => {
    asked.push(hostname)
    const addresses = (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
    const first = addresses[0]
    if (first === undefined) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '')
    if (options.all) callback(null, addresses)
    else callback(null, first.address, first.family)
  }
}

function post(url: string, overrides: Partial<Parameters<typeof postWebhook>[0]> = {}): Promise<WebhookPostResult> {
  return postWebhook({ url, headers: {}, body, timeoutMs: 5_000, policy: loopbackAllowed, ...overrides })
}

describe('postWebhook', () => {
  it('posts the body as JSON and succeeds on a 2xx', async () => {
    const server = await startServer((_req, res) => res.writeHead(204).end())
    const result = await post(`${server.origin}/hooks/linkway?tenant=7`, { headers: { 'x-linkway-signature': 'sig' } })
    expect(result).toEqual({ ok: true, status: 204, durationMs: expect.any(Number), error: undefined })
    expect(server.requests).toEqual([{
      method: 'POST',
      url: '/hooks/linkway?tenant=7',
      headers: expect.objectContaining({
        'content-type': 'application/json',
        'user-agent': 'Linkway-Webhooks/1',
        'content-length': String(Buffer.byteLength(body)),
        'x-linkway-signature': 'sig',
      }),
      body,
    }])
  })

  it('lets the given headers override the defaults, whatever their case', async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end('ok'))
    await post(server.origin, { headers: { 'Content-Type': 'application/cloudevents+json', 'User-Agent': 'Custom/2' } })
    expect(server.requests[0]?.headers).toMatchObject({ 'content-type': 'application/cloudevents+json', 'user-agent': 'Custom/2' })
  })

  it('fails on a 500, with its status', async () => {
    const server = await startServer((_req, res) => res.writeHead(500).end('boom'))
    expect(await post(server.origin)).toEqual({ ok: false, status: 500, durationMs: expect.any(Number), error: 'HTTP 500', responseExcerpt: 'boom' })
  })

  it('fails on a redirect and does not follow it', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/elsewhere' }).end()
      else res.writeHead(200).end()
    })
    expect(await post(`${server.origin}/start`)).toEqual({ ok: false, status: 302, durationMs: expect.any(Number), error: 'redirect not followed (HTTP 302)' })
    expect(server.requests.map((req) => req.url)).toEqual(['/start'])
  })

  it('gives up after timeoutMs when the consumer never answers', async () => {
    const server = await startServer(() => {})
    const result = await post(server.origin, { timeoutMs: 300 })
    expect(result).toEqual({ ok: false, status: undefined, durationMs: expect.any(Number), error: 'timeout after 300 ms' })
    expect(result.durationMs).toBeGreaterThanOrEqual(290)
    expect(result.durationMs).toBeLessThan(2_000)
  })

  it('keeps the status when the body is still coming at timeoutMs', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200)
      res.write('partial')
    })
    expect(await post(server.origin, { timeoutMs: 300 })).toEqual({ ok: true, status: 200, durationMs: expect.any(Number), error: undefined, responseExcerpt: 'partial' })
  })

  it('reads at most 64 KiB of a large body and stops without error', async () => {
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.alloc(1024 * 1024, 'x')))
    expect(await post(server.origin)).toEqual({ ok: true, status: 200, durationMs: expect.any(Number), error: undefined, responseExcerpt: 'x'.repeat(RESPONSE_EXCERPT_CHARACTERS) })
  })

  it('stops reading an endless body at 64 KiB instead of waiting for the timeout', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'x')
    const server = await startServer((_req, res) => {
      res.writeHead(200)
      const writeMore = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', writeMore)
      }
      res.on('error', () => {})
      writeMore()
    })
    const result = await post(server.origin, { timeoutMs: 5_000 })
    expect(result).toEqual({ ok: true, status: 200, durationMs: expect.any(Number), error: undefined, responseExcerpt: 'x'.repeat(RESPONSE_EXCERPT_CHARACTERS) })
    expect(result.durationMs).toBeLessThan(2_000)
  })

  it('reports a closed port as connection refused', async () => {
    const server = await startServer(() => {})
    const closed = openServers.pop()
    await new Promise<void>((resolve) => closed?.close(() => resolve()))
    expect(await post(server.origin)).toEqual({ ok: false, status: undefined, durationMs: expect.any(Number), error: 'connection refused' })
  })

  it('refuses a loopback IP literal without connecting when loopback is not allowed', async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end())
    expect(await post(server.origin, { policy: strict })).toEqual({
      ok: false,
      status: undefined,
      durationMs: expect.any(Number),
      error: 'refused: the address 127.0.0.1 is a loopback address',
    })
    expect(await post(`http://[::1]:${server.port}/`, { policy: strict })).toMatchObject({ error: 'refused: the address ::1 is a loopback address' })
    expect(server.connections).toBe(0)
  })

  it('connects to the address the lookup gives for a host name', async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end())
    const asked: string[] = []
    const result = await post(`http://hooks.example:${server.port}/in`, { lookup: tableLookup({ 'hooks.example': ['127.0.0.1'] }, asked) })
    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(asked).toEqual(['hooks.example'])
    expect(server.requests[0]?.headers.host).toBe(`hooks.example:${server.port}`)
  })

  it('refuses a name that now resolves to loopback (DNS rebinding) without connecting', async () => {
    const server = await startServer((_req, res) => res.writeHead(200).end())
    const lookup = tableLookup({ 'rebind.example': ['127.0.0.1'] })
    expect(await post(`http://rebind.example:${server.port}/`, { policy: strict, lookup })).toMatchObject({
      ok: false,
      status: undefined,
      error: 'refused: the address 127.0.0.1 is a loopback address',
    })
    expect(server.connections).toBe(0)
  })

  it('refuses a name that resolves to a private address in the lookup, before any connection', async () => {
    const asked: string[] = []
    const lookup = tableLookup({ 'internal.example': ['10.0.0.5'] }, asked)
    expect(await post('http://internal.example/hook', { lookup })).toEqual({
      ok: false,
      status: undefined,
      durationMs: expect.any(Number),
      error: 'refused: the address 10.0.0.5 is a private address',
    })
    expect(asked).toEqual(['internal.example'])
  })

  it('refuses a name when any of its addresses is forbidden, even if the first is allowed', async () => {
    // The allowed address comes first and is our own server: a connection would show up there.
    const server = await startServer((_req, res) => res.writeHead(200).end())
    const lookup = tableLookup({ 'mixed.example': ['127.0.0.1', '10.0.0.5'] })
    expect(await post(`http://mixed.example:${server.port}/`, { lookup })).toMatchObject({
      ok: false,
      error: 'refused: the address 10.0.0.5 is a private address',
    })
    expect(server.connections).toBe(0)
  })

  it('reports a name that does not resolve', async () => {
    expect(await post('http://nowhere.example/', { lookup: tableLookup({}) })).toMatchObject({ ok: false, error: 'the host name does not resolve' })
  })

  it('turns bad input into a result instead of throwing', async () => {
    expect(await post('not a url')).toMatchObject({ ok: false, error: 'invalid URL' })
    expect(await post('ftp://127.0.0.1/')).toMatchObject({ ok: false, error: 'unsupported protocol ftp:' })
    const server = await startServer((_req, res) => res.writeHead(200).end())
    const result = await post(server.origin, { headers: { 'x-linkway-signature': 'secret\r\ninjected: yes' } })
    expect(result).toMatchObject({ ok: false, status: undefined, error: 'invalid request header' })
    expect(server.connections).toBe(0)
  })
})

describe("which receivers' answers the message log keeps", () => {
  it.each(['8.8.8.8', '2606:4700::1111', '127.0.0.1', '::1', '::ffff:127.0.0.1'])('keeps the answer from %s (public, or this machine where loopback is allowed at all)', (address) => {
    expect(isExcerptKeptFrom(address)).toBe(true)
  })

  it.each(['10.0.0.5', '172.16.3.4', '192.168.1.10', '100.64.0.1', 'fd00::1', '169.254.169.254', '::ffff:10.0.0.5', 'not an address'])('keeps nothing from %s (an internal service would be readable through the log)', (address) => {
    expect(isExcerptKeptFrom(address)).toBe(false)
  })

  it('keeps nothing when the address is unknown', () => {
    expect(isExcerptKeptFrom(undefined)).toBe(false)
  })
})
