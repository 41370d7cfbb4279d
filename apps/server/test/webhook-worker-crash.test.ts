/**
 * The real process killed while a webhook POST is in flight: the delivery's lease runs out and the
 * restarted process sends the same message again (same `webhook-id`), exactly once.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { PROCESS_TEST_TIMEOUT_MS, basicHeader, cleanUpServers, newDataDir, sleep, startServer, stopServer } from './server-process.js'

const receivers: Receiver[] = []

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(50)
  }
}

interface Received {
  webhookId: string | undefined
  headers: IncomingHttpHeaders
  body: string
  receivedAt: number
}

interface Receiver {
  url: string
  requests: Received[]
  close: () => Promise<void>
}

/** A consumer that never answers its first request (the socket is held open) and answers 204 after. */
async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = []
  const sockets = new Set<Socket>()
  let seen = 0
  const server: Server = createServer((req, res) => {
    const index = seen++
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const webhookId = req.headers['webhook-id']
      requests.push({
        webhookId: typeof webhookId === 'string' ? webhookId : undefined,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      })
      if (index > 0) res.writeHead(204).end()
      // The first request is left unanswered: the sender is killed while waiting for it.
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  receivers.push(receiver)
  return receiver
}

afterEach(async () => {
  cleanUpServers()
  for (const receiver of receivers.splice(0)) await receiver.close()
})

describe('webhook delivery across a crash (embedded mode)', () => {
  it('the worker process killed mid-delivery → delivered after restart', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const receiver = await startReceiver()
    const dataDir = newDataDir()
    const first = await startServer({ DATA_DIR: dataDir })
    expect(first.apiKey).toMatch(/^lwk_/)
    const authorization = basicHeader(first.apiKey!)
    const json = { authorization, 'content-type': 'application/json' }

    const consumer = await fetch(`${first.url}/webhooks`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ url: receiver.url, eventTypes: ['company.created'] }),
    })
    expect(consumer.status, await consumer.clone().text()).toBe(201)
    const created = await fetch(`${first.url}/companies`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Crash Test' }) })
    expect(created.status).toBe(200)
    const company = (await created.json()) as { id: string; name: string }

    // The POST is in flight (held by the receiver) when the process dies.
    await waitFor(() => receiver.requests.length >= 1, 60_000, 'the first delivery attempt')
    const killedAt = Date.now()
    first.child.kill('SIGKILL')
    await first.exited

    // The stale pid lock is taken over; the claimed delivery's lease (30 s) has to run out first.
    const second = await startServer({ DATA_DIR: dataDir })
    expect(second.output()).toContain('Linkway is running')
    // The claim's 30 s lease runs out first; the deadline only ends a wait that would never end.
    await waitFor(() => receiver.requests.length >= 2, 150_000, 'the delivery to be retried after the restart')

    const [held, retried] = receiver.requests as [Received, Received]
    expect(held.webhookId).toMatch(/^msg_/)
    expect(retried.webhookId).toBe(held.webhookId)
    expect(retried.body).toBe(held.body)
    const event = JSON.parse(retried.body) as { id: string; eventType: string; payload: { id: string; name: string } }
    expect(event.eventType).toBe('company.created')
    expect(event.payload).toMatchObject({ id: company.id, name: 'Crash Test' })
    expect(retried.webhookId).toBe(`msg_${event.id.replaceAll('-', '')}`)
    // Not before the lease ran out (it started at the claim, a little before the kill).
    expect(retried.receivedAt - killedAt).toBeGreaterThan(20_000)

    // Exactly one successful delivery: nothing else arrives.
    await sleep(2_000)
    expect(receiver.requests).toHaveLength(2)

    expect(await stopServer(second)).toBe(0)
  })
})
