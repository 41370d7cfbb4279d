/**
 * @module A webhook consumer on 127.0.0.1 for the process tests: it records every delivery (its
 * `webhook-id`, event type, the company it is about, headers, body, arrival time) and answers 204.
 * With `holdFirst`, it never answers its first request (the socket is held open), so a test can
 * kill the sender while a delivery is in flight.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface ReceivedDelivery {
  webhookId: string | undefined
  eventType: string | undefined
  /** The event's `payload.id`: the company, for company events. */
  companyId: string | undefined
  headers: IncomingHttpHeaders
  body: string
  receivedAt: number
}

export interface WebhookReceiver {
  /** Where to point a webhook consumer. */
  url: string
  deliveries: ReceivedDelivery[]
  close(): Promise<void>
}

function eventFields(body: string): { eventType: string | undefined; companyId: string | undefined } {
  try {
    const event = JSON.parse(body) as { eventType?: string; payload?: { id?: string } }
    return { eventType: event.eventType, companyId: event.payload?.id }
  } catch {
    return { eventType: undefined, companyId: undefined }
  }
}

export async function startWebhookReceiver(options: { holdFirst?: boolean } = {}): Promise<WebhookReceiver> {
  const deliveries: ReceivedDelivery[] = []
  const sockets = new Set<Socket>()
  let seen = 0
  const server: Server = createServer((request, response) => {
    const index = seen++
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const webhookId = request.headers['webhook-id']
      deliveries.push({ webhookId: typeof webhookId === 'string' ? webhookId : undefined, ...eventFields(body), headers: request.headers, body, receivedAt: Date.now() })
      if (options.holdFirst && index === 0) return
      response.writeHead(204).end()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    deliveries,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
