/**
 * The real process killed while a webhook POST is in flight: the delivery's lease runs out and the
 * restarted process sends the same message again (same `webhook-id`), exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { PROCESS_TEST_TIMEOUT_MS, basicHeader, cleanUpServers, newDataDir, sleep, startServer, stopServer, waitUntil } from './server-process.js'
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from './webhook-receiver.js'

const receivers: WebhookReceiver[] = []

async function startReceiver(): Promise<WebhookReceiver> {
  // The first delivery is left unanswered: the sender is killed while waiting for it.
  const receiver = await startWebhookReceiver({ holdFirst: true })
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
    await waitUntil(() => receiver.deliveries.length, (count) => count >= 1, 'the first delivery attempt', { intervalMs: 50 })
    const killedAt = Date.now()
    first.child.kill('SIGKILL')
    await first.exited

    // The stale pid lock is taken over; the claimed delivery's lease (30 s) has to run out first.
    const second = await startServer({ DATA_DIR: dataDir })
    expect(second.output()).toContain('Linkway is running')
    // The claim's 30 s lease runs out first; the deadline only ends a wait that would never end.
    await waitUntil(() => receiver.deliveries.length, (count) => count >= 2, 'the delivery to be retried after the restart', { timeoutMs: 150_000, intervalMs: 50 })

    const [held, retried] = receiver.deliveries as [ReceivedDelivery, ReceivedDelivery]
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
    expect(receiver.deliveries).toHaveLength(2)

    expect(await stopServer(second)).toBe(0)
  })
})
