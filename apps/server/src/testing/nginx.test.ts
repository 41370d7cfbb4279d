/**
 * The nginx configuration docs/deployment.md shows is the one the scale-out test runs, and it does
 * what the page says: requests spread over the processes with the visitor's address passed on; a
 * process that is down is skipped, even for a POST; a request in flight when its process dies is
 * repeated on another process if it is a GET, and answered 502 (never repeated) if it is a POST.
 * Here the processes are small Node servers, so each case is exact; skipped without nginx.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { isNginxInstalled, nginxSiteConfig, startNginx, type RunningNginx } from './nginx.js'
import { freeLoopbackPort } from './test-app.js'

/** The example docs/deployment.md shows. */
const DOCS_EXAMPLE = { listen: '80', apiProcesses: ['10.0.1.11:8080', '10.0.1.12:8080'] }

describe('the nginx site configuration', () => {
  it('is the one docs/deployment.md shows', () => {
    const page = readFileSync(new URL('../../../../docs/deployment.md', import.meta.url), 'utf8')
    expect(page).toContain(`\`\`\`nginx\n${nginxSiteConfig(DOCS_EXAMPLE)}\`\`\``)
  })
})

interface Upstream {
  address: string
  /** The `x-request` header of every request it received, and its X-Forwarded-For. */
  received: Array<{ request: string; forwardedFor: string | undefined }>
  /** Hold requests unanswered instead of answering 200. */
  isHolding: boolean
  /** Dies as a SIGKILLed process does: the listener and every connection closed at once. */
  die(): Promise<void>
}

const upstreams: Upstream[] = []
let nginx: RunningNginx | undefined

afterEach(async () => {
  await nginx?.stop()
  nginx = undefined
  for (const upstream of upstreams.splice(0)) await upstream.die()
})

async function startUpstream(name: string): Promise<Upstream> {
  const port = await freeLoopbackPort()
  const sockets = new Set<Socket>()
  const upstream: Upstream = { address: `127.0.0.1:${port}`, received: [], isHolding: false, die: async () => {} }
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume()
    request.on('end', () => {
      upstream.received.push({ request: String(request.headers['x-request']), forwardedFor: request.headers['x-forwarded-for'] as string | undefined })
      if (!upstream.isHolding) response.writeHead(200, { 'content-type': 'text/plain' }).end(name)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  upstream.die = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
  }
  upstreams.push(upstream)
  return upstream
}

async function send(method: 'GET' | 'POST', request: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${nginx!.url}/companies`, { method, headers: { 'x-request': request }, ...(method === 'POST' ? { body: '{}' } : {}) })
  return { status: response.status, body: await response.text() }
}

/** Sends until a request is held by `holder` (round robin may give the first to the other), then returns it unanswered. */
async function requestHeldBy(holder: Upstream, method: 'GET' | 'POST'): Promise<{ request: string; answer: Promise<{ status: number; body: string }> }> {
  holder.isHolding = true
  for (let i = 0; i < 10; i++) {
    const request = `${method}-held-${i}`
    const answer = send(method, request)
    const deadline = Date.now() + 2_000
    while (Date.now() < deadline) {
      if (holder.received.some((received) => received.request === request)) return { request, answer }
      if (await Promise.race([answer.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 20))])) break
    }
  }
  throw new Error('no request reached the holding process')
}

describe.runIf(isNginxInstalled())('nginx in front of two processes', () => {
  it('spreads requests over both, with the visitor address in X-Forwarded-For', async () => {
    const [a, b] = [await startUpstream('a'), await startUpstream('b')]
    nginx = await startNginx({ port: await freeLoopbackPort(), apiProcesses: [a.address, b.address] })
    const bodies = new Set<string>()
    for (let i = 0; i < 6; i++) bodies.add((await send('GET', `spread-${i}`)).body)
    expect(bodies).toEqual(new Set(['a', 'b']))
    expect(new Set([...a.received, ...b.received].map((received) => received.forwardedFor))).toEqual(new Set(['127.0.0.1']))
  })

  it('skips a process that is down, for a POST too (it was never sent there)', async () => {
    const [a, b] = [await startUpstream('a'), await startUpstream('b')]
    nginx = await startNginx({ port: await freeLoopbackPort(), apiProcesses: [a.address, b.address] })
    await a.die()
    for (let i = 0; i < 4; i++) {
      expect(await send('POST', `post-${i}`)).toEqual({ status: 200, body: 'b' })
      expect(await send('GET', `get-${i}`)).toEqual({ status: 200, body: 'b' })
    }
  })

  it('repeats a GET in flight on a process that dies on the other process', async () => {
    const [a, b] = [await startUpstream('a'), await startUpstream('b')]
    nginx = await startNginx({ port: await freeLoopbackPort(), apiProcesses: [a.address, b.address] })
    const { request, answer } = await requestHeldBy(a, 'GET')
    await a.die()
    expect(await answer).toEqual({ status: 200, body: 'b' })
    expect(b.received.filter((received) => received.request === request)).toHaveLength(1)
  })

  it('answers 502 for a POST in flight on a process that dies, and never repeats it', async () => {
    const [a, b] = [await startUpstream('a'), await startUpstream('b')]
    nginx = await startNginx({ port: await freeLoopbackPort(), apiProcesses: [a.address, b.address] })
    const { request, answer } = await requestHeldBy(a, 'POST')
    await a.die()
    expect((await answer).status).toBe(502)
    expect(b.received.filter((received) => received.request === request)).toEqual([])
  })
})
