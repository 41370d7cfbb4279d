import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createLinkClient, LinkApiError } from './api-client.js'

interface Recorded {
  method: string
  url: string
  contentType: string | undefined
  body: unknown
  /** The page token header; absent (undefined) unless the client was given one. */
  linkToken?: string | undefined
}

type Reply = { status: number; body?: unknown; raw?: string }

// A fake of the Link API: each test says what the next answers are, and reads what was sent.
let server: Server
let baseUrl: string
let requests: Recorded[] = []
let replies: Reply[] = []

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = ''
  for await (const chunk of request) text += chunk
  return text === '' ? undefined : JSON.parse(text)
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', contentType: request.headers['content-type'], body: await readBody(request), linkToken: request.headers['x-link-token'] as string | undefined })
    const reply = replies.shift() ?? { status: 500, body: { statusCode: 500, error: 'No reply queued' } }
    response.statusCode = reply.status
    if (reply.raw !== undefined) response.end(reply.raw)
    else if (reply.body === undefined) response.end()
    else {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify(reply.body))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

beforeEach(() => {
  requests = []
  replies = []
})

const session = { sessionId: 's1', lang: 'fr', company: { id: 'co 1', name: 'Toft' }, client: { name: 'Acme' }, settings: {}, categories: [], connections: [], shareUrl: 'https://x' }

describe('createLinkClient', () => {
  it('reads the session of the company, in the language asked for', async () => {
    replies.push({ status: 200, body: session })
    const client = createLinkClient({ apiBaseUrl: `${baseUrl}/`, companyId: 'co 1' })
    expect(await client.getSession({ lang: 'fr' })).toEqual(session)
    expect(requests).toEqual([{ method: 'GET', url: '/link/api/companies/co%201/session?lang=fr', contentType: undefined, body: undefined }])
  })

  it('creates a connection with the platform and the session', async () => {
    replies.push({ status: 200, body: { connectionId: 'c1', authorizeUrl: 'https://login.xero.example/authorize?x=1' } })
    const client = createLinkClient({ apiBaseUrl: baseUrl, companyId: 'co1' })
    expect(await client.createConnection({ platformKey: 'gbol', sessionId: 's1' })).toEqual({ connectionId: 'c1', authorizeUrl: 'https://login.xero.example/authorize?x=1' })
    expect(requests).toEqual([{ method: 'POST', url: '/link/api/companies/co1/connections', contentType: 'application/json', body: { platformKey: 'gbol', sessionId: 's1' } }])
  })

  it("sends the hosted page's token with every call, reads and changes alike", async () => {
    replies.push({ status: 200, body: session }, { status: 200, body: { connectionId: 'c1', authorizeUrl: 'https://x.example/a' } }, { status: 204 })
    const client = createLinkClient({ apiBaseUrl: baseUrl, companyId: 'co1', linkToken: 'page-token-1' })
    await client.getSession()
    await client.createConnection({ platformKey: 'gbol', sessionId: 's1' })
    await client.sendEvent({ sessionId: 's1', event: 'opened' })
    expect(requests.map((request) => [request.method, request.linkToken])).toEqual([
      ['GET', 'page-token-1'],
      ['POST', 'page-token-1'],
      ['POST', 'page-token-1'],
    ])
  })

  it('refuses an authorizeUrl that is not http(s): the whole page would go there', async () => {
    replies.push({ status: 200, body: { connectionId: 'c1', authorizeUrl: 'javascript:alert(1)' } })
    const client = createLinkClient({ apiBaseUrl: baseUrl, companyId: 'co1' })
    await expect(client.createConnection({ platformKey: 'gbol', sessionId: 's1' })).rejects.toMatchObject({
      name: 'LinkApiError',
      code: 'invalid_response',
      message: 'The connection answer has no http(s) authorizeUrl',
    })
  })

  it('disconnects a connection', async () => {
    replies.push({ status: 200, body: { status: 'Unlinked' } })
    const client = createLinkClient({ apiBaseUrl: baseUrl, companyId: 'co1' })
    expect(await client.disconnectConnection('c/1', { sessionId: 's1' })).toEqual({ status: 'Unlinked' })
    expect(requests).toEqual([{ method: 'POST', url: '/link/api/companies/co1/connections/c%2F1/disconnect', contentType: 'application/json', body: { sessionId: 's1' } }])
  })

  it('sends events, answered 204', async () => {
    replies.push({ status: 204 })
    const client = createLinkClient({ apiBaseUrl: baseUrl, companyId: 'co1' })
    await client.sendEvent({ sessionId: 's1', event: 'left', step: 'consent' }, { keepalive: true })
    expect(requests).toEqual([{ method: 'POST', url: '/link/api/companies/co1/events', contentType: 'application/json', body: { sessionId: 's1', event: 'left', step: 'consent' } }])
  })

  it('keeps the server’s status and error text on a 4xx, which trying again will not fix', async () => {
    replies.push({ status: 404, body: { statusCode: 404, error: 'No company was found with ID co1' } })
    const client = createLinkClient({ apiBaseUrl: baseUrl, companyId: 'co1' })
    const error = await client.getSession().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(LinkApiError)
    expect(error).toMatchObject({ code: 'http_error', statusCode: 404, message: 'No company was found with ID co1', isUserRecoverable: false })
  })

  it('calls a 5xx recoverable, with or without a JSON body', async () => {
    replies.push({ status: 503, raw: '<html>Bad gateway</html>' })
    const client = createLinkClient({ apiBaseUrl: baseUrl, companyId: 'co1' })
    await expect(client.getSession()).rejects.toMatchObject({ code: 'http_error', statusCode: 503, message: 'HTTP 503', isUserRecoverable: true })
  })

  it('refuses a session answer that is not a session', async () => {
    replies.push({ status: 200, body: { hello: 'world' } })
    const client = createLinkClient({ apiBaseUrl: baseUrl, companyId: 'co1' })
    await expect(client.getSession()).rejects.toMatchObject({ code: 'invalid_response', message: 'The session answer is not a LinkSessionView' })
  })

  it('reports an unreachable server as a recoverable network error', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const client = createLinkClient({ apiBaseUrl: `http://127.0.0.1:${port}`, companyId: 'co1' })
    await expect(client.getSession()).rejects.toMatchObject({ code: 'network_error', statusCode: 0, isUserRecoverable: true })
  })

  it('uses the fetch it is given, with keepalive when asked', async () => {
    const calls: Array<[string, RequestInit | undefined]> = []
    const fakeFetch: typeof fetch = async (input, init) => {
      calls.push([String(input), init])
      return new Response(null, { status: 204 })
    }
    const client = createLinkClient({ apiBaseUrl: 'https://linkway.example', companyId: 'co1', fetch: fakeFetch })
    await client.sendEvent({ sessionId: 's1', event: 'sent_to_platform', category: 'banking', platformKey: 'bsbx' }, { keepalive: true })
    expect(calls).toHaveLength(1)
    expect(calls[0]![0]).toBe('https://linkway.example/link/api/companies/co1/events')
    expect(calls[0]![1]).toMatchObject({ method: 'POST', keepalive: true, body: '{"sessionId":"s1","event":"sent_to_platform","category":"banking","platformKey":"bsbx"}' })
  })
})
