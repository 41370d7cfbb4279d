/**
 * @module The webhook receiver for `bench/webhooks.ts`: a child process running a plain node:http
 * server on 127.0.0.1 that answers every POST with 204 and records when it arrived and its
 * `webhook-id`. It lives in its own process, as a real consumer would, so that parsing thousands
 * of requests a second is not charged to the event loop of the delivery worker it measures.
 *
 * Times are `monotonicMs()`: process.hrtime (CLOCK_MONOTONIC on Linux), which is one clock for
 * every process on the machine, so the bench can subtract its own send times from these arrivals.
 * Signatures are checked with the `standardwebhooks` library only when the bench collects the
 * results, after the measurement, so checking costs the measured run nothing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

/** Milliseconds on the machine's monotonic clock, comparable across processes (bench/webhooks.ts has the same). */
function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

export type ReceiverCommand =
  /** Forget every arrival; `notifyEach`: report each one as it comes; `expect`: report once this many have come. */
  | { id: number; type: 'reset'; notifyEach: boolean; expect: number | undefined }
  /** Check every signature with `secret` and return what arrived since the last reset. */
  | { id: number; type: 'collect'; secret: string; sampleSize: number }

export type ReceiverMessage =
  | { type: 'ready'; url: string }
  | { type: 'arrival'; messageId: string; atMs: number }
  | { type: 'reached'; count: number; atMs: number }
  | { type: 'reply'; id: number; summary?: ReceiverSummary }

export interface ReceiverSummary {
  /** Requests answered (duplicates included). */
  received: number
  /** Distinct webhook-id headers. */
  distinct: number
  /** Arrivals of a webhook-id seen before. */
  duplicates: number
  /** The first arrival of each webhook-id: [webhook-id, monotonicMs]. */
  arrivals: Array<[string, number]>
  /** How many messages had their signature checked, and the failures (at most 5 reported). */
  signaturesChecked: number
  signatureFailures: number
  signatureErrors: string[]
  /** Messages whose body was not the envelope `{ id, eventType, generatedDate, payload }` matching its webhook-id. */
  envelopeMismatches: number
  /** Requests that were not POSTs with the three Standard Webhooks headers. */
  malformed: number
}

interface Arrival {
  messageId: string
  atMs: number
  timestamp: string
  signature: string
  body: string
}

const arrivals: Arrival[] = []
const seen = new Set<string>()
let malformed = 0
let notifyEach = false
let expected: number | undefined

function send(message: ReceiverMessage): void {
  process.send?.(message)
}

function onRequest(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const atMs = monotonicMs()
    res.writeHead(204).end()
    const messageId = req.headers['webhook-id']
    const timestamp = req.headers['webhook-timestamp']
    const signature = req.headers['webhook-signature']
    if (req.method !== 'POST' || typeof messageId !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') {
      malformed++
      return
    }
    arrivals.push({ messageId, atMs, timestamp, signature, body: Buffer.concat(chunks).toString('utf8') })
    const isFirst = !seen.has(messageId)
    seen.add(messageId)
    if (notifyEach && isFirst) send({ type: 'arrival', messageId, atMs })
    if (expected !== undefined && isFirst && seen.size >= expected) {
      send({ type: 'reached', count: seen.size, atMs })
      expected = undefined
    }
  })
}

/** Every message's signature is checked when there are few; otherwise `sampleSize` spread evenly over them. */
function collect(secret: string, sampleSize: number): ReceiverSummary {
  const verifier = new Webhook(secret)
  const firstArrivals = new Map<string, number>()
  for (const arrival of arrivals) if (!firstArrivals.has(arrival.messageId)) firstArrivals.set(arrival.messageId, arrival.atMs)
  const step = arrivals.length <= sampleSize ? 1 : arrivals.length / sampleSize
  let signaturesChecked = 0
  let signatureFailures = 0
  const signatureErrors: string[] = []
  let envelopeMismatches = 0
  for (let i = 0; i < arrivals.length; i++) {
    const arrival = arrivals[i]!
    try {
      const envelope = JSON.parse(arrival.body) as { id?: unknown; eventType?: unknown; generatedDate?: unknown; payload?: unknown }
      const ok =
        typeof envelope.id === 'string' &&
        arrival.messageId === `msg_${envelope.id.replaceAll('-', '')}` &&
        typeof envelope.eventType === 'string' &&
        typeof envelope.generatedDate === 'string' &&
        typeof envelope.payload === 'object' &&
        envelope.payload !== null
      if (!ok) envelopeMismatches++
    } catch {
      envelopeMismatches++
    }
  }
  for (let at = 0; at < arrivals.length && signaturesChecked < sampleSize; at += step) {
    const arrival = arrivals[Math.floor(at)]!
    signaturesChecked++
    try {
      verifier.verify(arrival.body, { 'webhook-id': arrival.messageId, 'webhook-timestamp': arrival.timestamp, 'webhook-signature': arrival.signature })
    } catch (error) {
      signatureFailures++
      if (signatureErrors.length < 5) signatureErrors.push(`${arrival.messageId}: ${(error as Error).message}`)
    }
  }
  return {
    received: arrivals.length,
    distinct: firstArrivals.size,
    duplicates: arrivals.length - firstArrivals.size,
    arrivals: [...firstArrivals],
    signaturesChecked,
    signatureFailures,
    signatureErrors,
    envelopeMismatches,
    malformed,
  }
}

// Run as a forked child of bench/webhooks.ts.
if (process.send) {
  const server = createServer(onRequest)
  // Every delivery opens a fresh connection (post-webhook.ts uses agent: false); allow a deep accept queue.
  server.listen({ host: '127.0.0.1', port: 0, backlog: 2048 }, () => {
    send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/linkway-webhooks` })
  })
  process.on('message', (command: ReceiverCommand) => {
    if (command.type === 'reset') {
      arrivals.length = 0
      seen.clear()
      malformed = 0
      notifyEach = command.notifyEach
      expected = command.expect
      send({ type: 'reply', id: command.id })
    } else if (command.type === 'collect') {
      send({ type: 'reply', id: command.id, summary: collect(command.secret, command.sampleSize) })
    }
  })
  // The parent going away ends the child too.
  process.on('disconnect', () => {
    server.close()
    process.exit(0)
  })
}
