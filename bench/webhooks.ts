/**
 * @module `npm run bench:webhooks` (and the second part of `npm run bench`): webhook delivery on
 * PostgreSQL, and for information on in-memory PGlite. The real code path end to end: events are
 * emitted with `emitEvent` inside transactions, the delivery worker (`createDeliveryWorker`,
 * started as in production, so woken by LISTEN/NOTIFY) signs and POSTs them to a receiver in a
 * child process on 127.0.0.1 (bench/webhook-receiver.ts), which answers 204 and records when each
 * `webhook-id` arrived. Prints tables, checks the targets, and writes bench/results/webhooks.json.
 * See docs/performance.md, "Webhook delivery".
 *
 * Environment: DATABASE_URL (a fresh linkway_bench_* database is created on that server and
 * dropped at the end), BENCH_WEBHOOKS=0 (skip this bench), BENCH_PGLITE=0 (skip the PGlite part),
 * BENCH_WEBHOOK_EVENTS (events per throughput run, default 10000), BENCH_WEBHOOK_PER_TRANSACTION
 * (events per emitting transaction, default 100), BENCH_WEBHOOK_SINGLE_EVENTS (events of the
 * one-per-transaction runs, default 2000; 0 skips them), BENCH_WEBHOOK_EMITTERS (transactions in
 * flight at once in the target's run and in the second of those, default 4), BENCH_WEBHOOK_LATENCY_EVENTS (default 200),
 * BENCH_WEBHOOK_PGLITE_EVENTS (events per PGlite throughput run, default 2000; 0 skips them),
 * BENCH_WEBHOOK_WORKER_BATCH (the worker's maxInFlight, default 50 as in production; one consumer,
 * so maxInFlightPerConsumer is the same),
 * BENCH_WEBHOOK_POOL (connections, default 10), BENCH_WEBHOOK_TIMEOUT (seconds each run may take
 * at most, default 120), BENCH_CPU_PROF=1 (a CPU profile of this process during each PostgreSQL
 * throughput run, to bench/results/webhooks-<run>.cpuprofile; read it with bench/profile-summary.ts).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Company } from '@linkway/contracts'
import { createDatabase, type Database } from '@linkway/db'
import { createSecretBox } from '@linkway/vault'
import { sql } from 'kysely'
import pg from 'pg'
import { systemClock, systemIds, systemRandom } from '../apps/server/src/app-deps.js'
import { createApiKeysService } from '../apps/server/src/modules/api-keys/index.js'
import { createClientsService } from '../apps/server/src/modules/clients/index.js'
import { createDeliveryWorker, createWebhookConsumersService, emitEvent, type DeliveryWorker } from '../apps/server/src/modules/webhooks/index.js'
import { webhookMessageId } from '../apps/server/src/modules/webhooks/signing.js'
import { cpuPerRequest, cpuSnapshot, type CpuPerRequest } from './cpu-usage.js'
import { BENCH_PUBLIC_URL } from './our-app.js'
import { createBenchDatabase, DEFAULT_DATABASE_URL, describeServer } from './postgres.js'
import { distribution, formatTable, formatTargets, machineFacts, percentile, runBench, writeResults, type Distribution, type TargetCheck } from './report.js'
import type { ReceiverCommand, ReceiverMessage, ReceiverSummary } from './webhook-receiver.js'
import { Cleanups } from './cleanups.js'
import { numberFromEnv } from './settings.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const resultsDir = path.join(here, 'results')

const settings = {
  events: numberFromEnv('BENCH_WEBHOOK_EVENTS', 10_000, 100, 200_000),
  eventsPerTransaction: numberFromEnv('BENCH_WEBHOOK_PER_TRANSACTION', 100, 1, 1_000),
  singleEvents: numberFromEnv('BENCH_WEBHOOK_SINGLE_EVENTS', 2_000, 0, 50_000),
  /** Emitting transactions at a time (like concurrent API requests) in the target's run and in the second one-per-transaction run; 1 skips both. */
  concurrentEmitters: numberFromEnv('BENCH_WEBHOOK_EMITTERS', 4, 1, 50),
  latencyEvents: numberFromEnv('BENCH_WEBHOOK_LATENCY_EVENTS', 200, 10, 5_000),
  /** Random pause before each latency event, so the worker is idle and the sends don't fall into a rhythm. */
  latencyGapMs: [10, 30] as const,
  /** Undelivered after this long, a latency event counts as lost and the run moves on. */
  latencyWaitMs: 5_000,
  workerBatchSize: numberFromEnv('BENCH_WEBHOOK_WORKER_BATCH', 50, 1, 1_000),
  poolSize: numberFromEnv('BENCH_WEBHOOK_POOL', 10, 2, 100),
  timeoutSeconds: numberFromEnv('BENCH_WEBHOOK_TIMEOUT', 120, 5, 600),
  /** Events of each (informational) PGlite throughput run; 0 skips them. */
  pgliteEvents: numberFromEnv('BENCH_WEBHOOK_PGLITE_EVENTS', 2_000, 0, 50_000),
  /** Signatures checked with standardwebhooks per run, spread evenly over the arrivals. */
  signatureSample: 500,
  pglite: process.env.BENCH_PGLITE !== '0',
  /** Record a V8 CPU profile of this process (emitter + worker) during each PostgreSQL throughput run. */
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
}

const THROUGHPUT_TARGET_PER_SECOND = 1_000
const LATENCY_P50_TARGET_MS = 50

/** Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC), the receiver's clock too. */
function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------------
// The receiver: a child process (bench/webhook-receiver.ts).

class Receiver {
  readonly #child: ChildProcess
  #nextId = 0
  readonly #replies = new Map<number, (summary: ReceiverSummary | undefined) => void>()
  readonly #arrivalWaiters = new Map<string, (atMs: number) => void>()
  /** Arrivals nobody waited for yet (the worker can be quicker than the emitter's commit callback). */
  readonly #earlyArrivals = new Map<string, number>()
  #onReached: ((atMs: number) => void) | undefined
  #reachedAt: number | undefined
  url = ''

  private constructor(child: ChildProcess) {
    this.#child = child
    child.on('message', (message: ReceiverMessage) => {
      if (message.type === 'reply') {
        const reply = this.#replies.get(message.id)
        this.#replies.delete(message.id)
        reply?.(message.summary)
      } else if (message.type === 'arrival') {
        const waiter = this.#arrivalWaiters.get(message.messageId)
        if (waiter) {
          this.#arrivalWaiters.delete(message.messageId)
          waiter(message.atMs)
        } else this.#earlyArrivals.set(message.messageId, message.atMs)
      } else if (message.type === 'reached') {
        this.#reachedAt = message.atMs
        this.#onReached?.(message.atMs)
      }
    })
    // A receiver that died answers nothing more: nobody waits on it forever.
    child.on('exit', () => {
      for (const reply of this.#replies.values()) reply(undefined)
      this.#replies.clear()
    })
  }

  static async start(): Promise<Receiver> {
    // Inherits this process's execArgv (--conditions=source --import tsx), so it can run TypeScript.
    const child = fork(path.join(here, 'webhook-receiver.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const receiver = new Receiver(child)
    receiver.url = await new Promise<string>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code) => reject(new Error(`the webhook receiver exited with code ${code}`)))
      child.on('message', (message: ReceiverMessage) => {
        if (message.type === 'ready') resolve(message.url)
      })
    })
    return receiver
  }

  get pid(): number | undefined {
    return this.#child.pid
  }

  #request(command: ReceiverCommand extends infer C ? (C extends unknown ? Omit<C, 'id'> : never) : never): Promise<ReceiverSummary | undefined> {
    const id = this.#nextId++
    return new Promise((resolve) => {
      this.#replies.set(id, resolve)
      this.#child.send({ ...command, id })
    })
  }

  /** Forgets earlier arrivals. */
  async reset(options: { notifyEach: boolean; expect?: number }): Promise<void> {
    this.#arrivalWaiters.clear()
    this.#earlyArrivals.clear()
    this.#onReached = undefined
    this.#reachedAt = undefined
    await this.#request({ type: 'reset', notifyEach: options.notifyEach, expect: options.expect })
  }

  /** When the message arrived (needs `notifyEach`), or undefined after `timeoutMs`. */
  arrival(messageId: string, timeoutMs: number): Promise<number | undefined> {
    const early = this.#earlyArrivals.get(messageId)
    if (early !== undefined) {
      this.#earlyArrivals.delete(messageId)
      return Promise.resolve(early)
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#arrivalWaiters.delete(messageId)
        resolve(undefined)
      }, timeoutMs)
      this.#arrivalWaiters.set(messageId, (atMs) => {
        clearTimeout(timer)
        resolve(atMs)
      })
    })
  }

  /** When the `expect`ed number of distinct messages had arrived, or undefined after `timeoutMs`. */
  reached(timeoutMs: number): Promise<number | undefined> {
    if (this.#reachedAt !== undefined) return Promise.resolve(this.#reachedAt)
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), Math.max(0, timeoutMs))
      this.#onReached = (atMs) => {
        clearTimeout(timer)
        resolve(atMs)
      }
    })
  }

  async collect(secret: string): Promise<ReceiverSummary> {
    const summary = await this.#request({ type: 'collect', secret, sampleSize: settings.signatureSample })
    if (!summary) throw new Error('the webhook receiver exited')
    return summary
  }

  close(): void {
    if (this.#child.connected) this.#child.disconnect()
  }
}

// ---------------------------------------------------------------------------------------------
// What the worker does, seen from outside it: its SQL (PostgreSQL only) and its wake-ups.

interface Claim {
  /** When the claim's SELECT … FOR UPDATE SKIP LOCKED was sent. */
  startMs: number
  claimed: number
  /** When the claiming transaction's COMMIT returned. */
  committedMs: number
}

interface Recording {
  startMs: number
  /** Attempts recorded by this one statement. */
  outcomes: number
  doneMs: number
}

/**
 * Wraps pg.Client#query to count the statements this process sends and to timestamp the worker's
 * steps, told apart by their SQL: a claim (`SELECT … FOR UPDATE SKIP LOCKED`) and its COMMIT, and
 * each statement that records a batch of attempts (the one reading `jsonb_to_recordset`, whose
 * first parameter is the batch). The worker itself is not touched.
 */
const sqlTrace = {
  statements: 0,
  claims: [] as Claim[],
  recordings: [] as Recording[],
  installed: false,
  install(): void {
    if (this.installed) return
    this.installed = true
    const openClaims = new WeakMap<object, Claim>()
    const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
    const original = prototype.query
    prototype.query = function tracedQuery(this: object, ...args: unknown[]) {
      sqlTrace.statements++
      const sentAt = monotonicMs()
      const result = original.apply(this, args)
      if (!(result instanceof Promise)) return result
      const text = typeof args[0] === 'string' ? args[0] : ''
      const openClaim = openClaims.get(this)
      if (text.includes('skip locked')) {
        const claim: Claim = { startMs: sentAt, claimed: 0, committedMs: Number.NaN }
        sqlTrace.claims.push(claim)
        openClaims.set(this, claim)
        result.then(
          (r: { rowCount?: number | null }) => (claim.claimed = r.rowCount ?? 0),
          () => {},
        )
      } else if (text.includes('jsonb_to_recordset')) {
        const batch = (args[1] as unknown[] | undefined)?.[0]
        const recording: Recording = { startMs: sentAt, outcomes: typeof batch === 'string' ? (JSON.parse(batch) as unknown[]).length : 0, doneMs: Number.NaN }
        sqlTrace.recordings.push(recording)
        result.then(
          () => (recording.doneMs = monotonicMs()),
          () => {},
        )
      } else if ((text === 'commit' || text === 'rollback') && openClaim !== undefined) {
        openClaims.delete(this)
        result.then(
          () => (openClaim.committedMs = monotonicMs()),
          () => {},
        )
      }
      return result
    }
  },
}

/** The database as given to the worker, with its LISTEN callback timed: when each NOTIFY reached this process. */
function observedDatabase(database: Database): { database: Database; notifies: number[] } {
  const notifies: number[] = []
  return {
    notifies,
    database: {
      ...database,
      listen: (channel, onNotify) =>
        database.listen(channel, (payload) => {
          notifies.push(monotonicMs())
          onNotify(payload)
        }),
    },
  }
}

// ---------------------------------------------------------------------------------------------
// One database's set-up: a client, a consumer created through the real service, a worker.

interface Setup {
  backend: 'postgres' | 'pglite'
  database: Database
  worker: DeliveryWorker
  notifies: number[]
  receiver: Receiver
  clientId: string
  consumerId: string
  secret: string
  /** For the CPU accounting; undefined on PGlite. */
  databaseName: string | undefined
}

async function setUp(backend: Setup['backend'], database: Database, receiver: Receiver, databaseName: string | undefined): Promise<Setup> {
  const secrets = createSecretBox([{ id: 'bench', key: randomBytes(32) }])
  const outboundPolicy = { allowLoopback: true, allowPrivate: false }
  const clients = createClientsService({ db: database.db, clock: systemClock, ids: systemIds, random: systemRandom, apiKeys: createApiKeysService({ db: database.db, clock: systemClock, ids: systemIds, random: systemRandom }) })
  const client = await clients.createClient('Webhook bench client')
  const consumers = createWebhookConsumersService({ db: database.db, clock: systemClock, ids: systemIds, random: systemRandom, secrets, outboundPolicy })
  const authenticated = { clientId: client.clientId, apiKeyId: client.apiKeyId }
  const consumer = await consumers.create(authenticated, { url: receiver.url, eventTypes: ['company.created'], companyTags: [], disabled: false })
  const { secret } = await consumers.getSecret(authenticated, consumer.id)
  const observed = observedDatabase(database)
  const worker = createDeliveryWorker({
    database: observed.database,
    clock: systemClock,
    ids: systemIds,
    secrets,
    outboundPolicy,
    disableAfterMs: 5 * 24 * 3600 * 1000,
    retentionMs: 30 * 24 * 3600 * 1000,
    maxInFlight: settings.workerBatchSize,
    maxInFlightPerConsumer: settings.workerBatchSize,
    logger: { info: () => {}, warn: () => {}, error: (message, error) => console.error(message, (error as Error | undefined)?.message ?? '') },
  })
  await worker.start()
  return { backend, database, worker, notifies: observed.notifies, receiver, clientId: client.clientId, consumerId: consumer.id, secret, databaseName }
}

const REGIONS = ['uk', 'us', 'de', 'fr', 'ie']
let companyCounter = 0

/** A company.created payload: the Company wire shape (packages/contracts/src/companies.ts) without dataConnections. */
function companyPayload(): Omit<Company, 'dataConnections'> {
  const i = companyCounter++
  const id = systemIds.uuid()
  return {
    id,
    name: `Webhook bench company ${i}`,
    description: `Customer ${i}, retail`,
    platform: '',
    redirect: `${BENCH_PUBLIC_URL}/link/company/${id}`,
    created: new Date().toISOString(),
    createdByUserName: null,
    products: [],
    tags: { region: REGIONS[i % REGIONS.length]!, uid: `cust-${String(i).padStart(6, '0')}` },
    referenceSubsidiaryCompanies: [],
  }
}

/** Per emitting transaction: how long getting a pooled connection and BEGIN took (ms). */
const emitWaits: number[] = []

/** One transaction emitting `count` company.created events; returns their webhook-ids once it has committed. */
async function emitTransaction(setup: Setup, count: number): Promise<string[]> {
  const calledAt = monotonicMs()
  return await setup.database.db.transaction().execute(async (trx) => {
    emitWaits.push(monotonicMs() - calledAt)
    const messageIds: string[] = []
    for (let i = 0; i < count; i++) {
      const payload = companyPayload()
      const eventId = await emitEvent(trx, { clock: systemClock, ids: systemIds }, { clientId: setup.clientId, eventType: 'company.created', payload, companyTags: payload.tags })
      messageIds.push(webhookMessageId(eventId))
    }
    return messageIds
  })
}

/** Waits until no delivery is pending any more (the worker has recorded every attempt); false at the deadline. */
async function waitUntilSettled(setup: Setup, deadlineMs: number): Promise<boolean> {
  for (;;) {
    const { pending } = await setup.database.db
      .selectFrom('webhook_deliveries')
      .select(sql<number>`count(*)::int`.as('pending'))
      .where('status', 'in', ['Sending', 'Attempting'])
      .executeTakeFirstOrThrow()
    if (pending === 0) return true
    if (monotonicMs() > deadlineMs) return false
    await sleep(50)
  }
}

interface DeliveryCounts {
  deliveries: number
  succeeded: number
  /** Attempts beyond the first, summed over the deliveries. */
  retries: number
}

async function deliveryCounts(setup: Setup, since: Date): Promise<DeliveryCounts> {
  const row = await setup.database.db
    .selectFrom('webhook_deliveries')
    .select([
      sql<number>`count(*)::int`.as('deliveries'),
      sql<number>`(count(*) filter (where status = 'Success'))::int`.as('succeeded'),
      sql<number>`coalesce(sum(greatest(attempt_count - 1, 0)), 0)::int`.as('retries'),
    ])
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow()
  return row
}

// ---------------------------------------------------------------------------------------------
// Checks that apply to every run: each message exactly once, signed, in the envelope.

interface DeliveryCheck {
  expected: number
  /** Distinct expected webhook-ids that arrived. */
  arrived: number
  missing: number
  duplicates: number
  /** webhook-ids that arrived but were not sent in this run. */
  unexpected: number
  signaturesChecked: number
  signatureFailures: number
  signatureErrors: string[]
  envelopeMismatches: number
  malformed: number
  database: DeliveryCounts
  ok: boolean
}

function checkDeliveries(expected: Set<string>, summary: ReceiverSummary, database: DeliveryCounts): DeliveryCheck {
  let arrived = 0
  let unexpected = 0
  for (const [messageId] of summary.arrivals) {
    if (expected.has(messageId)) arrived++
    else unexpected++
  }
  const check = {
    expected: expected.size,
    arrived,
    missing: expected.size - arrived,
    duplicates: summary.duplicates,
    unexpected,
    signaturesChecked: summary.signaturesChecked,
    signatureFailures: summary.signatureFailures,
    signatureErrors: summary.signatureErrors,
    envelopeMismatches: summary.envelopeMismatches,
    malformed: summary.malformed,
    database,
  }
  const ok =
    check.missing === 0 &&
    check.duplicates === 0 &&
    check.unexpected === 0 &&
    check.signatureFailures === 0 &&
    check.signaturesChecked > 0 &&
    check.envelopeMismatches === 0 &&
    check.malformed === 0 &&
    database.deliveries === expected.size &&
    database.succeeded === expected.size &&
    database.retries === 0
  return { ...check, ok }
}

function describeCheck(check: DeliveryCheck): string {
  const retries = check.database.retries > 0 ? `, ${check.database.retries} retried` : ''
  if (check.ok) return `all ${check.expected} once, ${check.signaturesChecked} signatures verified${retries}`
  const problems = [
    check.missing > 0 ? `${check.missing} missing` : '',
    check.duplicates > 0 ? `${check.duplicates} duplicates` : '',
    check.unexpected > 0 ? `${check.unexpected} unexpected` : '',
    check.signatureFailures > 0 ? `${check.signatureFailures} of ${check.signaturesChecked} signatures fail (${check.signatureErrors[0] ?? ''})` : '',
    check.envelopeMismatches > 0 ? `${check.envelopeMismatches} bad envelopes` : '',
    check.malformed > 0 ? `${check.malformed} malformed requests` : '',
    check.database.succeeded !== check.expected ? `${check.database.succeeded} of ${check.expected} Success in the database` : '',
    check.database.retries > 0 ? `${check.database.retries} retried` : '',
  ]
  return problems.filter(Boolean).join(', ')
}

// ---------------------------------------------------------------------------------------------
// Throughput: N events, then the time from the first commit to the last arrival.

/** The worker's steps, from the SQL trace: claims that took something, and the statements that recorded answers. */
interface WorkerStats {
  claims: number
  meanClaimed: number
  /** The claiming transaction: SELECT … SKIP LOCKED sent → its COMMIT returned (p50). */
  claimMs: number
  recordings: number
  meanRecorded: number
  /** One recording statement, sent → returned (p50). */
  recordMs: number
}

interface ThroughputResult extends ThroughputSpec {
  /** Median time an emitting transaction waited for a pooled connection and its BEGIN. */
  emitTransactionStartMs: number
  /** From the first commit to the last (live), or the time to enqueue all (backlog). */
  emitSeconds: number
  emitEventsPerSecond: number
  /** From the first commit (live) or the worker's start (backlog) to the last arrival. */
  deliverSeconds: number
  deliveriesPerSecond: number
  /** The longest pause between two consecutive arrivals (or before the first). */
  longestGapMs: number
  /** Live runs: deliveries that arrived before the last emitting transaction committed. */
  deliveredWhileEmitting: number
  timedOut: boolean
  check: DeliveryCheck
  sqlPerDelivery?: number
  worker?: WorkerStats
  cpu?: CpuPerRequest
  cpuProfile?: string
}

const median = (values: number[]) => round1(percentile([...values].sort((a, b) => a - b), 0.5))

function workerStats(claims: Claim[], recordings: Recording[]): WorkerStats | undefined {
  const busy = claims.filter((c) => c.claimed > 0)
  if (busy.length === 0) return undefined
  const mean = (values: number[]) => (values.length === 0 ? 0 : round1(values.reduce((sum, v) => sum + v, 0) / values.length))
  return {
    claims: busy.length,
    meanClaimed: mean(busy.map((c) => c.claimed)),
    claimMs: median(busy.map((c) => c.committedMs - c.startMs).filter((ms) => !Number.isNaN(ms))),
    recordings: recordings.length,
    meanRecorded: mean(recordings.map((r) => r.outcomes)),
    recordMs: median(recordings.map((r) => r.doneMs - r.startMs).filter((ms) => !Number.isNaN(ms))),
  }
}

interface ThroughputSpec {
  key: string
  label: string
  /** live: emitted while the worker runs; backlog: emitted with the worker stopped, then the worker started. */
  mode: 'live' | 'backlog'
  events: number
  eventsPerTransaction: number
  /** Emitting transactions in flight at once. */
  emitters: number
}

async function measureThroughput(setup: Setup, spec: ThroughputSpec): Promise<ThroughputResult> {
  const { receiver } = setup
  process.stdout.write(`  ${spec.label.padEnd(44)} `)
  const deadline = monotonicMs() + settings.timeoutSeconds * 1000
  const since = new Date() // deliveries' created_at is the emitter's clock.now(), this same wall clock
  const expected = new Set<string>()
  await receiver.reset({ notifyEach: false, expect: spec.events })
  const claimsBefore = sqlTrace.claims.length
  const emitWaitsBefore = emitWaits.length
  const recordingsBefore = sqlTrace.recordings.length

  /** `emitters` loops side by side (like concurrent API requests), each one transaction at a time. */
  const emitAll = async (): Promise<{ first: number; last: number; startedAt: number }> => {
    const startedAt = monotonicMs()
    let first = Number.NaN
    let last = Number.NaN
    let taken = 0
    const emitter = async () => {
      while (taken < spec.events && monotonicMs() < deadline) {
        const count = Math.min(spec.eventsPerTransaction, spec.events - taken)
        taken += count
        const messageIds = await emitTransaction(setup, count)
        last = monotonicMs()
        if (Number.isNaN(first)) first = last
        for (const id of messageIds) expected.add(id)
        // Let the event loop poll between transactions, as requests arriving over the network would.
        // On PGlite a query never waits for I/O, so a loop of transactions would otherwise keep the
        // worker's sockets from being served at all until the loop ends.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    }
    await Promise.all(Array.from({ length: spec.emitters }, emitter))
    return { first, last, startedAt }
  }

  let session: Session | undefined
  const startProfile = async () => {
    if (!settings.cpuProfile || setup.backend !== 'postgres' || spec.key === 'warmup') return
    session = new Session()
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  let startMs: number
  let emitted: { first: number; last: number; startedAt: number }
  let statementsBefore: number
  let cpuBefore: ReturnType<typeof cpuSnapshot>
  if (spec.mode === 'live') {
    await startProfile()
    statementsBefore = sqlTrace.statements
    cpuBefore = cpuSnapshot(receiver.pid, setup.databaseName)
    emitted = await emitAll()
    startMs = emitted.first
  } else {
    await setup.worker.stop()
    emitted = await emitAll()
    await startProfile()
    statementsBefore = sqlTrace.statements
    cpuBefore = cpuSnapshot(receiver.pid, setup.databaseName)
    startMs = monotonicMs()
    await setup.worker.start()
  }
  const reachedAt = await receiver.reached(deadline - monotonicMs())
  const cpuAfter = cpuSnapshot(receiver.pid, setup.databaseName)
  const statements = sqlTrace.statements - statementsBefore
  let cpuProfile: string | undefined
  if (session) {
    const { profile } = await session.post('Profiler.stop')
    session.disconnect()
    mkdirSync(resultsDir, { recursive: true })
    cpuProfile = path.join(resultsDir, `webhooks-${spec.key}.cpuprofile`)
    writeFileSync(cpuProfile, JSON.stringify(profile))
  }
  const settled = await waitUntilSettled(setup, deadline)
  const summary = await receiver.collect(setup.secret)
  const check = checkDeliveries(expected, summary, await deliveryCounts(setup, since))

  const times = summary.arrivals.filter(([id]) => expected.has(id)).map(([, atMs]) => atMs).sort((a, b) => a - b)
  const lastArrival = times[times.length - 1] ?? Number.NaN
  let longestGapMs = times.length > 0 ? times[0]! - startMs : 0
  for (let i = 1; i < times.length; i++) longestGapMs = Math.max(longestGapMs, times[i]! - times[i - 1]!)
  const deliverSeconds = (lastArrival - startMs) / 1000
  const emitSeconds = spec.mode === 'live' ? (emitted.last - emitted.first) / 1000 : (emitted.last - emitted.startedAt) / 1000
  const delivered = check.arrived
  const cpu = cpuPerRequest(cpuBefore, cpuAfter, delivered, os.cpus().length)
  const result: ThroughputResult = {
    key: spec.key,
    label: spec.label,
    mode: spec.mode,
    events: spec.events,
    eventsPerTransaction: spec.eventsPerTransaction,
    emitters: spec.emitters,
    emitTransactionStartMs: median(emitWaits.slice(emitWaitsBefore)),
    emitSeconds: round3(emitSeconds),
    emitEventsPerSecond: Math.round(expected.size / Math.max(emitSeconds, 0.001)),
    deliverSeconds: round3(deliverSeconds),
    deliveriesPerSecond: Math.round(delivered / deliverSeconds),
    longestGapMs: round1(longestGapMs),
    deliveredWhileEmitting: spec.mode === 'live' ? times.filter((t) => t <= emitted.last).length : 0,
    timedOut: reachedAt === undefined || !settled,
    check,
    ...(setup.backend === 'postgres' && delivered > 0 ? { sqlPerDelivery: round1(statements / delivered) } : {}),
    ...(setup.backend === 'postgres' ? { worker: workerStats(sqlTrace.claims.slice(claimsBefore), sqlTrace.recordings.slice(recordingsBefore)) } : {}),
    ...(cpu ? { cpu } : {}),
    ...(cpuProfile ? { cpuProfile: path.relative(process.cwd(), cpuProfile) } : {}),
  }
  console.log(
    `${result.deliveriesPerSecond.toLocaleString('en-US')} deliveries/s (${delivered} in ${deliverSeconds.toFixed(2)} s; ` +
      `emitted at ${result.emitEventsPerSecond.toLocaleString('en-US')} events/s)` +
      (result.worker ? `, ${result.worker.claims} claims of ${result.worker.meanClaimed}, ${result.worker.recordings} recordings of ${result.worker.meanRecorded}` : '') +
      `; ${describeCheck(check)}` +
      (result.timedOut ? ` [stopped at the ${settings.timeoutSeconds} s limit]` : ''),
  )
  return result
}

// ---------------------------------------------------------------------------------------------
// Latency when idle: one event per transaction, the next only once the previous has arrived.

interface LatencyResult {
  key: string
  label: string
  events: number
  /** Commit returned → arrival at the receiver. */
  latencyMs: Distribution
  /** The emitting transaction, BEGIN to COMMIT returned. */
  transactionMs: Distribution
  /** Commit returned → the worker's LISTEN connection saw the NOTIFY (negative: before the commit's reply was handled). */
  commitToNotifyMs: Distribution
  /** NOTIFY seen → arrival: the worker's claim, signing and the POST. */
  notifyToArrivalMs: Distribution
  /** Events whose NOTIFY was never seen (delivered by the 1 s poll instead). */
  withoutNotify: number
  lost: number
  check: DeliveryCheck
}

async function measureLatency(setup: Setup, spec: { key: string; label: string; events: number; record: boolean }): Promise<LatencyResult> {
  const { receiver } = setup
  if (spec.record) process.stdout.write(`  ${spec.label.padEnd(44)} `)
  const since = new Date()
  const expected = new Set<string>()
  await receiver.reset({ notifyEach: true })
  const latency: number[] = []
  const transaction: number[] = []
  const commitToNotify: number[] = []
  const notifyToArrival: number[] = []
  let withoutNotify = 0
  let lost = 0
  const [minGap, maxGap] = settings.latencyGapMs
  for (let i = 0; i < spec.events; i++) {
    await sleep(minGap + Math.random() * (maxGap - minGap))
    const notifiesBefore = setup.notifies.length
    const beganAt = monotonicMs()
    const [messageId] = await emitTransaction(setup, 1)
    const committedAt = monotonicMs()
    expected.add(messageId!)
    const arrivedAt = await receiver.arrival(messageId!, settings.latencyWaitMs)
    if (arrivedAt === undefined) {
      lost++
      continue
    }
    latency.push(arrivedAt - committedAt)
    transaction.push(committedAt - beganAt)
    const notifiedAt = setup.notifies.slice(notifiesBefore).find((at) => at >= beganAt)
    if (notifiedAt === undefined) withoutNotify++
    else {
      commitToNotify.push(notifiedAt - committedAt)
      notifyToArrival.push(arrivedAt - notifiedAt)
    }
  }
  await waitUntilSettled(setup, monotonicMs() + 10_000)
  const check = checkDeliveries(expected, await receiver.collect(setup.secret), await deliveryCounts(setup, since))
  const result: LatencyResult = {
    key: spec.key,
    label: spec.label,
    events: spec.events,
    latencyMs: distribution(latency),
    transactionMs: distribution(transaction),
    commitToNotifyMs: distribution(commitToNotify),
    notifyToArrivalMs: distribution(notifyToArrival),
    withoutNotify,
    lost,
    check,
  }
  if (spec.record) {
    console.log(
      `p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms ` +
        `(NOTIFY seen ${result.commitToNotifyMs.p50} ms after the commit returned, then ${result.notifyToArrivalMs.p50} ms to arrive)` +
        (withoutNotify > 0 ? `, ${withoutNotify} without a NOTIFY` : '') +
        (lost > 0 ? `, ${lost} lost` : '') +
        `; ${describeCheck(check)}`,
    )
  }
  return result
}

// ---------------------------------------------------------------------------------------------
// Report.

function round1(value: number): number {
  return Math.round(value * 10) / 10
}
function round3(value: number): number {
  return Math.round(value * 1000) / 1000
}

const percentOf = (part: number, whole: number) => `${Math.round((part / Math.max(1, whole)) * 100)}%`
const thousands = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–')

function throughputTable(title: string, runs: ThroughputResult[]): string {
  return formatTable(
    title,
    ['Run', 'events', 'per trx', 'emitted/s', 'trx start ms', 'deliveries/s', 'seconds', 'during emission', 'longest gap ms', 'SQL/delivery', 'CPU µs/delivery: us+PG+receiver+other', 'checks'],
    runs.map((run) => [
      run.label,
      thousands(run.events),
      String(run.eventsPerTransaction),
      thousands(run.emitEventsPerSecond),
      String(run.emitTransactionStartMs),
      thousands(run.deliveriesPerSecond),
      run.deliverSeconds.toFixed(2),
      run.mode === 'live' ? percentOf(run.deliveredWhileEmitting, run.events) : '',
      String(run.longestGapMs),
      run.sqlPerDelivery === undefined ? '' : run.sqlPerDelivery.toFixed(1),
      run.cpu ? `${run.cpu.serverMicros}+${run.cpu.postgresMicros}+${run.cpu.loadGeneratorMicros}+${run.cpu.otherMicros} (busy ${Math.round(run.cpu.machineBusy * 100)}%)` : '',
      run.check.ok ? 'ok' : 'FAILED',
    ]),
  )
}

function workerTable(title: string, runs: ThroughputResult[]): string {
  const measured = runs.filter((run) => run.worker)
  return formatTable(
    title,
    ['Run', 'claims', 'per claim', 'claim ms p50', 'recordings', 'per recording', 'recording ms p50'],
    measured.map((run) => {
      const w = run.worker!
      return [run.label, String(w.claims), String(w.meanClaimed), String(w.claimMs), String(w.recordings), String(w.meanRecorded), String(w.recordMs)]
    }),
  )
}

function latencyTable(title: string, runs: LatencyResult[]): string {
  return formatTable(
    title,
    ['Run', 'events', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms', 'commit→NOTIFY p50', 'NOTIFY→arrival p50 / p99', 'emit trx p50', 'checks'],
    runs.map((run) => [
      run.label,
      String(run.events),
      String(run.latencyMs.p50),
      String(run.latencyMs.p90),
      String(run.latencyMs.p99),
      String(run.latencyMs.max),
      String(run.latencyMs.mean),
      String(run.commitToNotifyMs.p50),
      `${run.notifyToArrivalMs.p50} / ${run.notifyToArrivalMs.p99}`,
      String(run.transactionMs.p50),
      run.check.ok ? 'ok' : 'FAILED',
    ]),
  )
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (process.env.BENCH_WEBHOOKS === '0') {
    console.log('Webhook delivery bench skipped (BENCH_WEBHOOKS=0).')
    return
  }
  sqlTrace.install()
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
  const startedAt = new Date()
  const startLoad = os.loadavg().map((load) => Math.round(load * 100) / 100)
  const global = new Cleanups()
  const part = new Cleanups()
  const cleanUp = async () => {
    await part.run()
    await global.run()
  }
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`)
      void cleanUp().finally(() => process.exit(code))
    })
  }

  try {
    const receiver = await Receiver.start()
    global.push(() => receiver.close())

    // ----- PostgreSQL -----
    const server = await describeServer(serverUrl)
    const bench = await createBenchDatabase(serverUrl)
    part.push(() => bench.drop())
    const safeUrl = new URL(serverUrl)
    safeUrl.password = ''
    console.log('')
    console.log(
      `Webhook delivery: PostgreSQL ${server.version} at ${safeUrl.host} (database ${bench.name}); pool ${settings.poolSize}, ` +
        `worker batch ${settings.workerBatchSize}, receiver ${receiver.url}; ${os.cpus().length} CPUs`,
    )
    const database = await createDatabase({ backend: 'postgres', connectionString: bench.url, maxConnections: settings.poolSize }, { superviseJobs: false })
    part.push(() => database.close())
    await database.migrate()
    const onPostgres = await setUp('postgres', database, receiver, bench.name)
    part.push(() => onPostgres.worker.stop())

    // Warm-up: the JIT, the pool, the receiver; not reported.
    await measureLatency(onPostgres, { key: 'warmup', label: 'warm-up', events: 20, record: false })
    process.stdout.write('  (warm-up) ')
    await measureThroughput(onPostgres, { key: 'warmup', label: '', mode: 'live', events: 1_000, eventsPerTransaction: settings.eventsPerTransaction, emitters: 1 })

    const postgresLatency = await measureLatency(onPostgres, { key: 'latency', label: 'Latency, idle (1 event per trx, one at a time)', events: settings.latencyEvents, record: true })
    const postgresThroughput: ThroughputResult[] = []
    postgresThroughput.push(
      await measureThroughput(onPostgres, {
        key: 'batched',
        label: `Throughput, ${settings.eventsPerTransaction} events per trx`,
        mode: 'live',
        events: settings.events,
        eventsPerTransaction: settings.eventsPerTransaction,
        emitters: 1,
      }),
    )
    if (settings.concurrentEmitters > 1) {
      // The target's run: events arrive from several requests at once, as in production, so the
      // pipeline is measured rather than one emitting loop's speed.
      postgresThroughput.push(
        await measureThroughput(onPostgres, {
          key: 'batchedConcurrent',
          label: `Throughput, ${settings.eventsPerTransaction} events per trx, ${settings.concurrentEmitters} at once`,
          mode: 'live',
          events: settings.events,
          eventsPerTransaction: settings.eventsPerTransaction,
          emitters: settings.concurrentEmitters,
        }),
      )
    }
    if (settings.singleEvents > 0) {
      postgresThroughput.push(
        await measureThroughput(onPostgres, { key: 'single', label: 'Throughput, 1 event per trx', mode: 'live', events: settings.singleEvents, eventsPerTransaction: 1, emitters: 1 }),
      )
      if (settings.concurrentEmitters > 1) {
        postgresThroughput.push(
          await measureThroughput(onPostgres, {
            key: 'singleConcurrent',
            label: `Throughput, 1 event per trx, ${settings.concurrentEmitters} at once`,
            mode: 'live',
            events: settings.singleEvents,
            eventsPerTransaction: 1,
            emitters: settings.concurrentEmitters,
          }),
        )
      }
    }
    postgresThroughput.push(
      await measureThroughput(onPostgres, {
        key: 'backlog',
        label: 'Backlog drain (enqueued, then worker started)',
        mode: 'backlog',
        events: settings.events,
        eventsPerTransaction: settings.eventsPerTransaction,
        emitters: 1,
      }),
    )
    await part.run() // stops the worker, closes the database, drops it

    // ----- PGlite -----
    let pglite: { latency: LatencyResult; throughput: ThroughputResult[] } | undefined
    if (settings.pglite) {
      console.log('PGlite in memory (embedded mode)')
      const embedded = await createDatabase({ backend: 'pglite' }, { superviseJobs: false })
      part.push(() => embedded.close())
      await embedded.migrate()
      const onPglite = await setUp('pglite', embedded, receiver, undefined)
      part.push(() => onPglite.worker.stop())
      await measureLatency(onPglite, { key: 'warmup', label: 'warm-up', events: 20, record: false })
      const latency = await measureLatency(onPglite, { key: 'latency', label: 'Latency, idle (1 event per trx, one at a time)', events: settings.latencyEvents, record: true })
      const throughput: ThroughputResult[] = []
      if (settings.pgliteEvents > 0) {
        throughput.push(
          await measureThroughput(onPglite, {
            key: 'batched',
            label: `Throughput, ${settings.eventsPerTransaction} events per trx`,
            mode: 'live',
            events: settings.pgliteEvents,
            eventsPerTransaction: settings.eventsPerTransaction,
            emitters: 1,
          }),
          await measureThroughput(onPglite, {
            key: 'backlog',
            label: 'Backlog drain (enqueued, then worker started)',
            mode: 'backlog',
            events: settings.pgliteEvents,
            eventsPerTransaction: settings.eventsPerTransaction,
            emitters: 1,
          }),
        )
      }
      pglite = { latency, throughput }
      await part.run()
    }

    // ----- Report -----
    console.log('')
    console.log(
      throughputTable(
        `Webhook throughput on PostgreSQL ${server.version} (pool ${settings.poolSize}, worker batch ${settings.workerBatchSize}; deliveries/s from the first commit, or the worker's start, to the last arrival)`,
        postgresThroughput,
      ),
    )
    console.log('')
    console.log(workerTable('The worker on PostgreSQL: claims that took deliveries, and the statements that recorded answers', postgresThroughput))
    console.log('')
    console.log(latencyTable('Webhook latency when idle, from the commit returning to the arrival at the receiver (ms)', [{ ...postgresLatency, label: 'PostgreSQL' }, ...(pglite ? [{ ...pglite.latency, label: 'PGlite' }] : [])]))
    if (pglite && pglite.throughput.length > 0) {
      console.log('')
      console.log(throughputTable('Webhook throughput on PGlite (for information)', pglite.throughput))
    }

    const batched = postgresThroughput.find((run) => run.key === 'batchedConcurrent') ?? postgresThroughput.find((run) => run.key === 'batched')!
    const allRuns = [...postgresThroughput, postgresLatency, ...(pglite ? [pglite.latency, ...pglite.throughput] : [])]
    const targets: TargetCheck[] = [
      {
        name: `Throughput, ${settings.events.toLocaleString('en-US')} events in trx of ${settings.eventsPerTransaction}, ${batched.emitters} at once, first commit → last 2xx`,
        value: `${thousands(batched.deliveriesPerSecond)}/s`,
        target: `≥ ${thousands(THROUGHPUT_TARGET_PER_SECOND)}/s`,
        met: batched.deliveriesPerSecond >= THROUGHPUT_TARGET_PER_SECOND && batched.check.ok,
      },
      {
        name: 'Latency when idle p50, commit → arrival (PostgreSQL)',
        value: `${postgresLatency.latencyMs.p50} ms`,
        target: `≤ ${LATENCY_P50_TARGET_MS} ms`,
        met: postgresLatency.latencyMs.p50 <= LATENCY_P50_TARGET_MS && postgresLatency.check.ok,
      },
      {
        name: 'Every message exactly once, signatures verify (all runs)',
        value: allRuns.every((run) => run.check.ok) ? 'yes' : allRuns.filter((run) => !run.check.ok).map((run) => run.label).join('; '),
        target: 'all runs',
        met: allRuns.every((run) => run.check.ok),
      },
    ]
    console.log('')
    console.log(formatTargets('Webhook targets', targets))
    const allMet = targets.every((t) => t.met)
    console.log(allMet ? '\nAll webhook targets met.' : `\n${targets.filter((t) => !t.met).length} of ${targets.length} webhook targets missed.`)

    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machineFacts(startLoad),
      settings: { ...settings, postgres: { version: server.version, host: safeUrl.host, synchronousCommit: server.synchronousCommit } },
      postgres: { latency: postgresLatency, throughput: postgresThroughput },
      ...(pglite ? { pglite } : {}),
      targets,
      allTargetsMet: allMet,
    }
    writeResults(resultsDir, 'webhooks', report)
    // A bench whose messages went missing, twice or unsigned measured nothing worth keeping.
    if (!allRuns.every((run) => run.check.ok)) process.exitCode = 1
  } finally {
    await cleanUp()
  }
}

await runBench('webhook bench', main, process.env.DATABASE_URL || DEFAULT_DATABASE_URL)
