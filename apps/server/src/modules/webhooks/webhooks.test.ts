import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { createSecretBox } from '@linkway/vault'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'
import { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerDeps } from './delivery-worker.js'
import { emitEvent } from './emit-event.js'
import { ATTEMPT_LEASE_MS, RETRY_DELAYS_MS } from './retry-schedule.js'
import { silentLogger, systemIds } from '../../app-deps.js'

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A real HTTP receiver on 127.0.0.1 whose answer the test sets. */
class Receiver {
  readonly received: Received[] = []
  status = 204
  /** What the receiver writes back; empty: nothing. */
  responseBody = ''
  #server: Server | undefined

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        this.received.push({ headers: req.headers, body })
        res.writeHead(this.status).end(this.responseBody)
      })
    })
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks`
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve))
  }
}

const DAY = 24 * 60 * 60 * 1000

/**
 * A delivery worker on the test app's database and fake clock, driven by calling deliverDue() or,
 * for the tests of the running pool, started; `overrides` replaces any of its dependencies.
 */
function testWorker(t: TestApp, overrides: Partial<DeliveryWorkerDeps> = {}): DeliveryWorker {
  return createDeliveryWorker({
    database: t.database,
    clock: t.clock,
    ids: systemIds,
    secrets: t.secrets,
    outboundPolicy: { allowLoopback: true, allowPrivate: false },
    disableAfterMs: 5 * DAY,
    retentionMs: 30 * DAY,
    logger: silentLogger,
    ...overrides,
  })
}

describe.each(testedBackends())('webhooks on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let receiver: Receiver
  let receiverUrl: string
  let worker: DeliveryWorker

  beforeAll(async () => {
    t = await createTestApp(backend)
    receiver = new Receiver()
    receiverUrl = await receiver.start()
    worker = testWorker(t)
  })
  afterAll(async () => {
    await receiver?.stop()
    await t?.close()
  })
  beforeEach(async () => {
    // Each test is its own client, so consumers and deliveries of other tests stay out of its way.
    client = await t.createClient()
    // Receivers check that a signature's timestamp is within minutes of their own clock.
    t.clock.set(new Date())
    receiver.received.length = 0
    receiver.status = 204
    receiver.responseBody = ''
  })

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
  const subscribe = async (body: object = {}) => {
    const res = await inject('POST', '/webhooks', { url: receiverUrl, eventTypes: ['company.created', 'company.deleted'], ...body })
    expect(res.statusCode, res.body).toBe(201)
    const consumer = res.json()
    const { secret } = (await inject('GET', `/webhooks/${consumer.id}/secret`)).json()
    return { ...consumer, secret } as { id: string; secret: string }
  }
  const createCompany = async (body: object = { name: 'Hooked' }) => (await inject('POST', '/companies', body)).json()

  it('creates, lists and deletes consumers with the reference shape', async () => {
    const consumer = await subscribe({ companyTags: ['region:uk'] })
    expect(consumer).toMatchObject({ url: receiverUrl, disabled: false, eventTypes: ['company.created', 'company.deleted'], companyTags: ['region:uk'] })
    expect(consumer.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    expect((await inject('GET', '/webhooks')).json().results).toHaveLength(1)
    expect((await inject('DELETE', `/webhooks/${consumer.id}`)).statusCode).toBe(204)
    const gone = await inject('DELETE', `/webhooks/${consumer.id}`)
    expect(gone.statusCode).toBe(404)
    expect(gone.json().error).toBe(`No webhook was found with ID ${consumer.id}`)
  })

  it('lists every event type a consumer can subscribe to, and only to a caller with a key', async () => {
    const res = await inject('GET', '/webhooks/eventTypes')
    expect(res.statusCode).toBe(200)
    const { results } = res.json()
    expect(results).toContain('company.created')
    expect(results).toContain('webhook.test')
    // Each name is one POST /webhooks takes.
    expect((await inject('POST', '/webhooks', { url: receiverUrl, eventTypes: results })).statusCode).toBe(201)
    expect((await t.app.inject({ method: 'GET', url: '/webhooks/eventTypes' })).statusCode).toBe(401)
  })

  it('subscribes to the event types the reference names, even those Linkway never sends', async () => {
    const eventTypes = ['invoices.write.successful', 'bankTransactions.write.unsuccessful', 'company.product.added', 'expenses.sync.successful', 'DataSyncCompleted', 'Dataset data changed']
    const res = await inject('POST', '/webhooks', { url: receiverUrl, eventTypes })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().eventTypes).toEqual(eventTypes)
    expect((await inject('DELETE', `/webhooks/${res.json().id}`)).statusCode).toBe(204)
  })

  it('refuses bad consumers with 400 in the wire error body', async () => {
    const cases: Array<[object, string]> = [
      [{ url: 'ftp://example.com/x' }, 'url'],
      [{ url: 'http://169.254.169.254/latest/meta-data' }, 'url'],
      [{ url: 'http://10.1.2.3/hook' }, 'url'],
      [{ url: receiverUrl, eventTypes: ['company.exploded'] }, 'eventTypes.0'],
      [{ url: receiverUrl, eventTypes: [] }, 'eventTypes'],
      [{ url: receiverUrl, companyTags: ['no colon'] }, 'companyTags.0'],
    ]
    for (const [body, itemId] of cases) {
      const res = await inject('POST', '/webhooks', { eventTypes: ['company.created'], ...body })
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().validation.errors[0].itemId, JSON.stringify(body)).toBe(itemId)
    }
  })

  it("keeps one client's consumers from another", async () => {
    const consumer = await subscribe()
    const other = await t.createClient()
    for (const [method, url] of [['GET', `/webhooks/${consumer.id}/secret`], ['DELETE', `/webhooks/${consumer.id}`], ['POST', `/webhooks/${consumer.id}/secret/rotate`]] as const) {
      expect((await t.app.inject({ method, url, headers: other.headers })).statusCode).toBe(404)
    }
    expect((await t.app.inject({ method: 'GET', url: '/webhooks', headers: other.headers })).json().results).toEqual([])
  })

  it('delivers a signed company.created that the standardwebhooks library verifies, and rejects a tampered body', async () => {
    const consumer = await subscribe()
    const company = await createCompany({ name: 'Signed', tags: { region: 'uk' } })
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 1 })
    expect(receiver.received).toHaveLength(1)
    const [message] = receiver.received
    const verified = new Webhook(consumer.secret).verify(message!.body, message!.headers as Record<string, string>) as Record<string, unknown>
    expect(verified).toEqual({
      id: expect.any(String),
      eventType: 'company.created',
      generatedDate: t.clock.now().toISOString(),
      payload: expect.objectContaining({ id: company.id, name: 'Signed', tags: { region: 'uk' }, redirect: company.redirect }),
    })
    expect(message!.headers['webhook-id']).toBe(`msg_${(verified.id as string).replaceAll('-', '')}`)
    const tampered = message!.body.replace('Signed', 'Forged')
    expect(() => new Webhook(consumer.secret).verify(tampered, message!.headers as Record<string, string>)).toThrow()
    expect(await worker.deliverDue()).toEqual({ claimed: 0, succeeded: 0 })
  })

  it('retries on the schedule while the receiver is down, then delivers exactly once with the same webhook-id', async () => {
    await subscribe()
    await createCompany()
    receiver.status = 503
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 0 })
    // Not due yet: one millisecond before the first retry delay nothing is attempted.
    t.clock.advance(RETRY_DELAYS_MS[0] - 1)
    expect((await worker.deliverDue()).claimed).toBe(0)
    t.clock.advance(1)
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 0 })
    t.clock.advance(RETRY_DELAYS_MS[1])
    receiver.status = 200
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 1 })
    t.clock.advance(RETRY_DELAYS_MS[2])
    expect((await worker.deliverDue()).claimed).toBe(0)
    expect(receiver.received).toHaveLength(3)
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
  })

  it('gives up after the last scheduled attempt: eight in all over about 28 hours', async () => {
    await subscribe()
    await createCompany()
    receiver.status = 500
    await worker.deliverDue()
    for (const delay of RETRY_DELAYS_MS) {
      t.clock.advance(delay)
      expect((await worker.deliverDue()).claimed).toBe(1)
    }
    t.clock.advance(DAY)
    expect((await worker.deliverDue()).claimed).toBe(0)
    expect(receiver.received).toHaveLength(8)
    const statuses = await t.database.db.selectFrom('webhook_deliveries').select(['status', 'attempt_count']).where('client_id', '=', client.clientId).execute()
    expect(statuses).toEqual([{ status: 'Failure', attempt_count: 8 }])
  })

  it('stores no event that nobody subscribes to, and one event with one delivery per subscriber otherwise', async () => {
    const events = async () =>
      (await t.database.db.selectFrom('webhook_events').select('event_type').where('client_id', '=', client.clientId).execute()).map((e) => e.event_type)
    expect((await inject('POST', '/companies', { name: 'Unheard' })).statusCode).toBe(200)
    await subscribe({ eventTypes: ['company.created'], companyTags: ['region:us'] })
    await createCompany({ name: 'Filtered out', tags: { region: 'uk' } })
    expect(await events()).toEqual([])
    await subscribe({ eventTypes: ['company.created'] })
    await subscribe({ eventTypes: ['company.created'] })
    await createCompany({ name: 'Heard twice', tags: { region: 'uk' } })
    expect(await events()).toEqual(['company.created'])
    const deliveries = await t.database.db.selectFrom('webhook_deliveries').select('status').where('client_id', '=', client.clientId).execute()
    expect(deliveries).toEqual([{ status: 'Sending' }, { status: 'Sending' }])
    expect(await worker.deliverDue()).toEqual({ claimed: 2, succeeded: 2 })
  })

  it('never sends an event whose transaction rolled back', async () => {
    await subscribe()
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await emitEvent(trx, { clock: t.clock, ids: systemIds }, {
          clientId: client.clientId, eventType: 'company.deleted', companyTags: {},
          payload: { id: crypto.randomUUID(), name: 'Ghost', platform: '', redirect: 'x', created: '2026-01-01T00:00:00.000Z', createdByUserName: null, products: [], tags: {}, referenceSubsidiaryCompanies: [] },
        })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect((await worker.deliverDue()).claimed).toBe(0)
    expect(receiver.received).toHaveLength(0)
  })

  it('sends nothing to a disabled consumer, resumes pending deliveries on re-enable, and drops them on delete', async () => {
    const consumer = await subscribe()
    await createCompany()
    expect((await inject('PATCH', `/webhooks/${consumer.id}`, { disabled: true })).json().disabled).toBe(true)
    await createCompany({ name: 'While disabled' })
    expect((await worker.deliverDue()).claimed).toBe(0)
    await inject('PATCH', `/webhooks/${consumer.id}`, { disabled: false })
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 1 })
    expect(JSON.parse(receiver.received[0]!.body).payload.name).toBe('Hooked')

    receiver.status = 500
    await createCompany({ name: 'Pending when deleted' })
    await worker.deliverDue()
    await inject('DELETE', `/webhooks/${consumer.id}`)
    t.clock.advance(DAY)
    expect((await worker.deliverDue()).claimed).toBe(0)
  })

  it('filters on companyTags: any matching tag delivers', async () => {
    await subscribe({ companyTags: ['region:uk', 'tier:gold'] })
    await createCompany({ name: 'US', tags: { region: 'us' } })
    await createCompany({ name: 'Gold', tags: { region: 'us', tier: 'gold' } })
    await worker.deliverDue()
    expect(receiver.received.map((r) => JSON.parse(r.body).payload.name)).toEqual(['Gold'])
  })

  it('disables a consumer that has failed continuously for 5 days', async () => {
    const consumer = await subscribe()
    receiver.status = 500
    for (let day = 0; day <= 5; day++) {
      await createCompany({ name: `Day ${day}` })
      await worker.deliverDue()
      const [row] = (await inject('GET', '/webhooks')).json().results
      expect(row.disabled, `day ${day}`).toBe(day === 5)
      t.clock.advance(DAY)
    }
    const attemptsBefore = receiver.received.length
    t.clock.advance(DAY)
    expect((await worker.deliverDue()).claimed).toBe(0)
    expect(receiver.received).toHaveLength(attemptsBefore)
    expect((await inject('PATCH', `/webhooks/${consumer.id}`, { disabled: false })).json().disabled).toBe(false)
  })

  it('signs with the old secret too for 24 hours after a rotation', async () => {
    const consumer = await subscribe()
    const { secret: rotated } = (await inject('POST', `/webhooks/${consumer.id}/secret/rotate`)).json()
    expect(rotated).not.toBe(consumer.secret)
    expect((await inject('GET', `/webhooks/${consumer.id}/secret`)).json().secret).toBe(rotated)
    await createCompany()
    await worker.deliverDue()
    const first = receiver.received[0]!
    expect(String(first.headers['webhook-signature']).split(' ')).toHaveLength(2)
    for (const secret of [consumer.secret, rotated]) expect(() => new Webhook(secret).verify(first.body, first.headers as Record<string, string>)).not.toThrow()

    t.clock.advance(DAY)
    await createCompany({ name: 'After the grace period' })
    await worker.deliverDue()
    const second = receiver.received[1]!
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(1)
  })

  it('records a failed attempt, not a stuck delivery, when the encryption key is missing', async () => {
    await subscribe()
    await createCompany()
    const withoutKey = testWorker(t, { secrets: createSecretBox([{ id: 'other', key: Buffer.alloc(32, 9) }]) })
    expect(await withoutKey.deliverDue()).toEqual({ claimed: 1, succeeded: 0 })
    expect(receiver.received).toHaveLength(0)
    const [attempt] = await t.database.db.selectFrom('webhook_attempts as a').innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id').select('a.error').where('d.client_id', '=', client.clientId).execute()
    expect(attempt!.error).toBe('cannot sign: The value was sealed with key "test", which is not configured')
    t.clock.advance(RETRY_DELAYS_MS[0])
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 1 })
  })

  it('retries a delivery whose worker died after claiming it, once the lease runs out', async () => {
    await subscribe()
    await createCompany()
    // A worker claims the delivery and dies before attempting it: only its lease remains.
    const { claimDueDeliveries } = await import('./repo.js')
    const now = t.clock.now()
    await t.database.db.transaction().execute((trx) =>
      claimDueDeliveries(trx, { now, leaseUntil: new Date(now.getTime() + ATTEMPT_LEASE_MS), limit: 10, saturatedConsumerIds: [], roomFor: () => 10 }),
    )
    expect((await worker.deliverDue()).claimed).toBe(0)
    t.clock.advance(ATTEMPT_LEASE_MS)
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 1 })
  })
  it('lets a slow consumer hold only its own share of the attempts in flight', async () => {
    const slow = new HangingReceiver()
    const fast = new Receiver()
    const running = testWorker(t, { maxInFlight: 4, maxInFlightPerConsumer: 2, pollIntervalMs: 50 })
    try {
      await subscribe({ url: await slow.start(), eventTypes: ['company.created'] })
      await subscribe({ url: await fast.start(), eventTypes: ['company.created'] })
      for (let i = 0; i < 6; i++) await createCompany({ name: `Busy ${i}` })
      await running.start()
      // Six events wait for the slow consumer, which never answers; the fast one gets all of its six anyway.
      await waitUntil(() => fast.received.length === 6, 'the fast consumer has all six')
      expect(slow.waiting).toHaveLength(2)
      // A new event reaches the fast consumer while the slow one still holds its attempts.
      await createCompany({ name: 'Busy later' })
      running.wake()
      await waitUntil(() => fast.received.length === 7, 'the fast consumer has the seventh')
      expect(slow.waiting).toHaveLength(2)
      await waitUntil(() => slow.answered === 7 || (slow.releaseAll(), false), 'the slow consumer has answered all seven')
    } finally {
      await running.stop()
      await slow.stop()
      await fast.stop()
    }
    const deliveries = await t.database.db.selectFrom('webhook_deliveries').select('status').where('client_id', '=', client.clientId).execute()
    expect(deliveries.map((d) => d.status)).toEqual(Array(14).fill('Success'))
  })

  // PostgreSQL only: on PGlite a transaction owns the one session, so no commit can land mid-claim.
  it.skipIf(backend === 'pglite')('claims again when a NOTIFY lands while a claim that saw nothing is still running', async () => {
    // Holds the result of the worker's claim (its SELECT … SKIP LOCKED) until released, so that a
    // commit and its NOTIFY fall between the claim's snapshot and its end.
    const claimQueries = new WeakSet<object>()
    let releaseClaim: (() => void) | undefined
    let claimHeld: Promise<void> | undefined
    const holdClaims: KyselyPlugin = {
      transformQuery(args) {
        const node = args.node as { kind: string; endModifiers?: Array<{ modifier?: string }> }
        if (node.kind === 'SelectQueryNode' && node.endModifiers?.some((m) => m.modifier === 'SkipLocked')) claimQueries.add(args.queryId)
        return args.node
      },
      async transformResult(args) {
        if (claimHeld && claimQueries.has(args.queryId)) await claimHeld
        return args.result
      },
    }
    const target = new Receiver()
    await subscribe({ url: await target.start(), eventTypes: ['company.created'] })
    claimHeld = new Promise((resolve) => (releaseClaim = resolve))
    const running = testWorker(t, {
      database: { ...t.database, db: t.database.db.withPlugin(holdClaims) },
      // Far beyond the test: only the NOTIFY can get this delivery out in time.
      pollIntervalMs: 60_000,
    })
    try {
      await running.start() // its first claim is now held, having seen nothing
      await createCompany({ name: 'Committed mid-claim' })
      await new Promise((resolve) => setTimeout(resolve, 200)) // the NOTIFY reaches the worker
      const release = releaseClaim!
      claimHeld = undefined
      release()
      await waitUntil(() => target.received.length === 1, 'the delivery arrives', 5_000)
    } finally {
      claimHeld = undefined
      releaseClaim?.()
      await running.stop()
      await target.stop()
    }
  })

  it('prunes finished events past the retention, with their deliveries and attempts, and keeps pending ones', async () => {
    const consumer = await subscribe()
    await createCompany({ name: 'Delivered long ago' })
    await worker.deliverDue()
    receiver.status = 500
    await createCompany({ name: 'Still retrying' })
    await worker.deliverDue()
    const log = async () => (await inject('GET', `/webhooks/${consumer.id}/deliveries`)).json().results.map((d: { status: string }) => d.status)
    expect((await log()).sort()).toEqual(['Attempting', 'Success'])

    t.clock.advance(29 * DAY)
    await worker.pruneExpired()
    expect(await log()).toHaveLength(2)
    t.clock.advance(2 * DAY)
    expect(await worker.pruneExpired()).toBeGreaterThanOrEqual(1)
    expect(await log()).toEqual(['Attempting'])
    const attempts = await t.database.db
      .selectFrom('webhook_attempts as a')
      .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
      .select('d.status')
      .where('d.consumer_id', '=', consumer.id)
      .execute()
    expect(attempts).toEqual([{ status: 'Attempting' }])
  })
})

/** A receiver that holds every request open until released: a consumer that is slow to answer. */
class HangingReceiver {
  readonly waiting: Array<() => void> = []
  answered = 0
  #server: Server | undefined

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      req.resume()
      this.waiting.push(() => {
        this.answered += 1
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/slow`
  }

  releaseAll(): void {
    for (const answer of this.waiting.splice(0)) answer()
  }

  async stop(): Promise<void> {
    this.releaseAll()
    this.#server?.closeAllConnections()
    await new Promise((resolve) => this.#server?.close(resolve))
  }
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe.each(testedBackends())('the webhook message log on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let receiver: Receiver
  let worker: DeliveryWorker
  let url: string
  let receiverUrl: string

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient()
    receiver = new Receiver()
    url = receiverUrl = await receiver.start()
    worker = testWorker(t)
    t.clock.set(new Date())
    const res = await t.app.inject({ method: 'POST', url: '/webhooks', headers: client.headers, payload: { url, eventTypes: ['company.created'] } })
    consumerId = res.json().id
  })
  afterAll(async () => {
    await receiver?.stop()
    await t?.close()
  })
  let consumerId: string
  const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })

  it('lists deliveries with every attempt; resends one; recovers failures; sends a test event', async () => {
    receiver.status = 500
    await inject('POST', '/companies', { name: 'Logged' })
    for (const delay of [0, ...RETRY_DELAYS_MS]) {
      t.clock.advance(delay)
      await worker.deliverDue()
    }
    const log = (await inject('GET', `/webhooks/${consumerId}/deliveries`)).json()
    expect(log).toMatchObject({ pageNumber: 1, pageSize: 100, totalResults: 1 })
    const [delivery] = log.results
    expect(delivery).toMatchObject({ eventType: 'company.created', status: 'Failure', messageId: expect.stringMatching(/^msg_/) })
    expect(delivery.attempts).toHaveLength(8)
    expect(delivery.attempts[0]).toEqual({ attemptedAt: expect.any(String), httpStatus: 500, durationMs: expect.any(Number), error: 'HTTP 500', responseBody: null })
    expect((await inject('GET', `/webhooks/${consumerId}/deliveries?status=Success`)).json().totalResults).toBe(0)

    receiver.status = 204
    expect((await inject('POST', `/webhooks/${consumerId}/deliveries/${delivery.id}/resend`)).statusCode).toBe(202)
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 1 })
    const resent = (await inject('GET', `/webhooks/${consumerId}/deliveries`)).json().results[0]
    expect(resent).toMatchObject({ status: 'Success', messageId: delivery.messageId })
    expect(resent.attempts).toHaveLength(9)

    receiver.status = 500
    await inject('POST', '/companies', { name: 'Fails again' })
    for (const delay of [0, ...RETRY_DELAYS_MS]) {
      t.clock.advance(delay)
      await worker.deliverDue()
    }
    receiver.status = 204
    const recovered = await inject('POST', `/webhooks/${consumerId}/recover`, { since: new Date(t.clock.now().getTime() - 2 * DAY).toISOString() })
    expect(recovered.json()).toEqual({ recovered: 1 })
    expect(await worker.deliverDue()).toEqual({ claimed: 1, succeeded: 1 })

    const test = await inject('POST', `/webhooks/${consumerId}/test`)
    expect(test.statusCode).toBe(202)
    await worker.deliverDue()
    const last = JSON.parse(receiver.received.at(-1)!.body)
    expect(last).toMatchObject({ id: test.json().eventId, eventType: 'webhook.test', payload: { webhookId: consumerId } })

    const unknown = await inject('POST', `/webhooks/${consumerId}/deliveries/00000000-0000-4000-8000-000000000000/resend`)
    expect(unknown.statusCode).toBe(404)
    const other = await t.createClient()
    expect((await t.app.inject({ method: 'GET', url: `/webhooks/${consumerId}/deliveries`, headers: other.headers })).statusCode).toBe(404)
  })

  it('keeps the messages about one company with companyId: its company.* events and the events that reference it', async () => {
    receiver.status = 204
    const hooks = await inject('POST', '/webhooks', { url, eventTypes: ['company.created', 'connection.created'] })
    const webhookId = hooks.json().id as string
    const mine = (await inject('POST', '/companies', { name: 'Filtered Ltd' })).json().id as string
    const theirs = (await inject('POST', '/companies', { name: 'Someone Else Ltd' })).json().id as string
    await inject('POST', `/companies/${mine}/connections`, { platformKey: 'mqjo' })
    await inject('POST', `/companies/${theirs}/connections`, { platformKey: 'mqjo' })

    const all = (await inject('GET', `/webhooks/${webhookId}/deliveries`)).json()
    expect(all.totalResults).toBe(4)
    const about = (await inject('GET', `/webhooks/${webhookId}/deliveries?companyId=${mine}&pageSize=1`)).json()
    expect(about.totalResults).toBe(2)
    expect(about._links.next.href).toContain(`companyId=${mine}`)
    const both = (await inject('GET', `/webhooks/${webhookId}/deliveries?companyId=${mine}`)).json()
    expect(both.results.map((delivery: { eventType: string }) => delivery.eventType).sort()).toEqual(['company.created', 'connection.created'])
    expect((await inject('GET', `/webhooks/${webhookId}/deliveries?companyId=00000000-0000-4000-8000-000000000000`)).json().totalResults).toBe(0)

    const malformed = await inject('GET', `/webhooks/${webhookId}/deliveries?companyId=not-a-guid`)
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error).toContain('companyId must be a GUID')
  })

  it("keeps the start of the receiver's answer with each attempt, as text", async () => {
    receiver.status = 401
    receiver.responseBody = `{"error":"invalid signature"}\u0000${'é'.repeat(2000)}`
    const test = await inject('POST', `/webhooks/${consumerId}/test`)
    await worker.deliverDue()
    const log = (await inject('GET', `/webhooks/${consumerId}/deliveries?eventType=webhook.test`)).json()
    const delivery = log.results.find((row: { eventId: string }) => row.eventId === test.json().eventId)
    const [attempt] = delivery.attempts
    expect(attempt).toMatchObject({ httpStatus: 401, error: 'HTTP 401' })
    // NUL (which PostgreSQL's text refuses) became a space; 500 characters, none cut in half.
    expect(attempt.responseBody).toBe(`{"error":"invalid signature"} ${'é'.repeat(500 - 30)}`)
    expect([...attempt.responseBody]).toHaveLength(500)
  })

  it('filters the log by event type and by company, and refuses a bad filter with 400', async () => {
    const other = await t.createClient()
    const webhook = await t.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: other.headers,
      payload: { url: receiverUrl, eventTypes: ['company.created', 'company.deleted', 'files.uploaded'] },
    })
    const otherId = webhook.json().id
    const as = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: other.headers, ...(payload ? { payload } : {}) })
    receiver.status = 204
    const first = (await as('POST', '/companies', { name: 'Müller & Söhne — 株式会社 🚀' })).json()
    const second = (await as('POST', '/companies', { name: 'Second' })).json()
    expect((await as('DELETE', `/companies/${second.id}`)).statusCode).toBe(204)
    await as('POST', `/webhooks/${otherId}/test`)
    await worker.deliverDue()

    const list = async (query: string) => (await as('GET', `/webhooks/${otherId}/deliveries?${query}`)).json()
    expect((await list('')).totalResults).toBe(4)
    const created = await list('eventType=company.created')
    expect(created.results.map((row: { eventType: string }) => row.eventType)).toEqual(['company.created', 'company.created'])
    const aboutSecond = await list(`companyId=${second.id}`)
    expect(aboutSecond.results.map((row: { eventType: string }) => row.eventType).sort()).toEqual(['company.created', 'company.deleted'])
    const both = await list(`companyId=${first.id}&eventType=company.created&status=Success`)
    expect(both).toMatchObject({ totalResults: 1, _links: { current: { href: expect.stringContaining(`companyId=${first.id}`) } } })
    expect((await list(`companyId=${first.id}&eventType=company.deleted`)).totalResults).toBe(0)

    const badType = await as('GET', `/webhooks/${otherId}/deliveries?eventType=company.nope`)
    expect(badType.statusCode).toBe(400)
    expect(badType.json().error).toContain('eventType must be one of company.created')
    const badCompany = await as('GET', `/webhooks/${otherId}/deliveries?companyId=nope`)
    expect(badCompany.statusCode).toBe(400)
    expect(badCompany.json().error).toContain('companyId must be a GUID')
  })
})
