/**
 * @module `npm run bench:connections` (and the third part of `npm run bench`): integrations,
 * connections and the Link flow, on PostgreSQL against ceilings measured in the same run, then for
 * information on in-memory PGlite. Prints tables, checks the targets, and writes
 * bench/results/connections.json. See docs/performance.md, "Integrations, connections and the Link flow".
 *
 * - `GET /integrations` against a bare Fastify route that sends the same JSON body (ours, captured once).
 * - `GET /companies/{id}/connections/{connectionId}` against a bare Fastify + pg route doing the one
 *   SELECT our route needs (the connection's row, by client, company and id, from our own table).
 * - `POST /companies/{id}/connections {platformKey: 'bsbx'}` against the INSERT ceiling (no target).
 * - Link journeys (create → start → sandbox consent → callback) over real HTTP, the sandbox platforms
 *   and the "browser" in a child process (bench/link-browser.ts), Linkway here. Linkway's time per
 *   request is taken in Linkway (onRequest → onResponse), and the time its callback spends waiting
 *   on the sandbox's token endpoint (fetch, timed in this process) is subtracted.
 *
 * Environment: DATABASE_URL (a fresh linkway_bench_* database is created on that server and
 * dropped at the end), BENCH_LINK=0 (skip this bench), BENCH_PGLITE=0 (skip the PGlite part),
 * BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS, BENCH_CONNECTIONS (as bench/run.ts),
 * BENCH_COMPANIES (companies seeded, each with one connection; default 10000),
 * BENCH_LINK_JOURNEYS (sequential journeys measured, default 300), BENCH_LINK_WARMUP (journeys
 * before them, default 30), BENCH_LINK_CONCURRENT_JOURNEYS (default 200) and BENCH_LINK_CONCURRENCY
 * (journeys in flight in that run, default 4; 1 or 0 journeys skip it), BENCH_LINK_TIMEOUT (seconds
 * a journey run may take at most, default 120), BENCH_CPU_PROF=1 (CPU profiles of this process
 * during the first measured run of each of our scenarios and during the sequential journeys).
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { createDatabase, type Database } from '@linkway/db'
import { createJobQueues } from '../apps/server/src/jobs.js'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { freeLoopbackPort } from '../apps/server/src/testing/test-app.js'
import { startCeilingServer, type CeilingServer } from './ceiling-app.js'
import { ChildRpc } from './child-rpc.js'
import { benchCleanups, Cleanups } from './cleanups.js'
import { cpuPerRequest, cpuSnapshot, type CpuPerRequest } from './cpu-usage.js'
import type { BrowserRequest, BrowserResult, JourneysResult } from './link-browser.js'
import { LoadGenerator, measure, measureAll, measurePair, resultsDir, saveCpuProfile, startCpuProfile, type ScenarioSpec } from './measure.js'
import { seedCompanies, seedConnections, startOurServer, type OurServer } from './our-app.js'
import { createBenchDatabase, DEFAULT_DATABASE_URL, describeServer } from './postgres.js'
import { installQueryCounter, queriesSent } from './query-counter.js'
import { RATIO_TARGETS, checkTargets, compare, distribution, formatCpu, formatRuns, formatTable, formatTargets, machineFacts, percent, runBench, writeResults, type Comparison, type Distribution, type RunResult, type TargetCheck } from './report.js'
import { numberFromEnv } from './settings.js'

const here = path.dirname(fileURLToPath(import.meta.url))

const settings = {
  connections: numberFromEnv('BENCH_CONNECTIONS', 10, 1, 200),
  durationSeconds: numberFromEnv('BENCH_DURATION', 6, 1, 60, 'any'),
  warmupSeconds: numberFromEnv('BENCH_WARMUP', 2, 0, 30, 'any'),
  rounds: numberFromEnv('BENCH_ROUNDS', 3, 1, 5),
  maxRequestsPerRun: 300_000,
  /** Companies seeded, each with one PendingAuth connection (the table GET connection reads). */
  companies: numberFromEnv('BENCH_COMPANIES', 10_000, 100, 1_000_000),
  /** Connections GET connection rotates through, and companies POST connection rotates through. */
  idPoolSize: 1000,
  poolSize: 10,
  /** Banking: a company may hold many, so POST and the journeys can create as many as they like. */
  platformKey: 'bsbx',
  journeys: numberFromEnv('BENCH_LINK_JOURNEYS', 300, 10, 10_000),
  warmupJourneys: numberFromEnv('BENCH_LINK_WARMUP', 30, 0, 1_000),
  concurrentJourneys: numberFromEnv('BENCH_LINK_CONCURRENT_JOURNEYS', 200, 0, 10_000),
  journeyConcurrency: numberFromEnv('BENCH_LINK_CONCURRENCY', 4, 1, 50),
  /** Companies the journeys create their connections in, one after the other. */
  journeyCompanies: 50,
  journeyTimeoutSeconds: numberFromEnv('BENCH_LINK_TIMEOUT', 120, 5, 1_800),
  pglite: process.env.BENCH_PGLITE !== '0',
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
}

const CALLBACK_P50_TARGET_MS = 10
const CLIENT_REDIRECT = 'https://client.example/done/{companyId}?status={statusCode}&conn={connectionId}'
const CLIENT_REDIRECT_PREFIX = 'https://client.example/done/'

// ---------------------------------------------------------------------------------------------
// Linkway's own time per Link request, measured in Linkway: onRequest → onResponse, and inside it
// the time spent waiting on the platform (the callback's fetch to the sandbox's token endpoint).
// No AsyncLocalStorage: on Node 20 it turns on promise hooks for the whole process, which would
// slow every request it measures. A token request is matched to its callback by the code it carries.

type LinkRoute = 'create' | 'start' | 'callback'

interface InFlight {
  route: LinkRoute
  began: number
  platformMs: number
  platformCalls: number
  sqlBefore: number
}

interface RequestTiming {
  route: LinkRoute
  status: number
  serverMs: number
  platformMs: number
  platformCalls: number
  /** SQL statements sent while it was served: exact only when nothing else was in flight. */
  sql: number
}

function linkRouteOf(request: FastifyRequest): LinkRoute | undefined {
  const route = request.routeOptions.url
  if (request.method === 'POST' && route === '/companies/:companyId/connections') return 'create'
  if (request.method === 'GET' && route === '/link/companies/:companyId/connections/:connectionId/start') return 'start'
  if (request.method === 'GET' && route === '/link/oauth/callback') return 'callback'
  return undefined
}

class LinkTimer {
  readonly #inFlight = new WeakMap<FastifyRequest, InFlight>()
  /** Callbacks being served, by the authorization code in their query. */
  readonly #callbacksByCode = new Map<string, InFlight>()
  #recorded: RequestTiming[] | undefined
  /** Platform calls made while recording that matched no callback in flight. */
  unmatchedPlatformCalls = 0

  /** Hooks on our app (before it listens). While nothing is recorded they return at once. */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', (request, _reply, done) => {
      const route = this.#recorded ? linkRouteOf(request) : undefined
      if (route !== undefined) {
        const inFlight: InFlight = { route, began: performance.now(), platformMs: 0, platformCalls: 0, sqlBefore: queriesSent() }
        this.#inFlight.set(request, inFlight)
        const code = route === 'callback' ? (request.query as Record<string, unknown>).code : undefined
        if (typeof code === 'string') this.#callbacksByCode.set(code, inFlight)
      }
      done()
    })
    app.addHook('onResponse', (request, reply, done) => {
      const inFlight = this.#inFlight.get(request)
      if (inFlight) {
        const code = inFlight.route === 'callback' ? (request.query as Record<string, unknown>).code : undefined
        if (typeof code === 'string') this.#callbacksByCode.delete(code)
        this.#recorded?.push({
          route: inFlight.route,
          status: reply.statusCode,
          serverMs: performance.now() - inFlight.began,
          platformMs: inFlight.platformMs,
          platformCalls: inFlight.platformCalls,
          sql: queriesSent() - inFlight.sqlBefore,
        })
      }
      done()
    })
  }

  /**
   * Times every fetch to `platformUrl` made while a callback is served (its code exchange): from
   * the call to the response's headers (the token answer is a few hundred bytes, read in the same
   * turn). Returns the undo.
   */
  timePlatformCalls(platformUrl: string): () => void {
    const original = globalThis.fetch
    const timer = this
    globalThis.fetch = async function platformTimedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      if (timer.#recorded === undefined || !url.startsWith(`${platformUrl}/`)) return await original(input, init)
      const code = init?.body instanceof URLSearchParams ? init.body.get('code') : null
      const inFlight = code === null ? undefined : timer.#callbacksByCode.get(code)
      if (inFlight === undefined) timer.unmatchedPlatformCalls++
      const began = performance.now()
      try {
        return await original(input, init)
      } finally {
        if (inFlight) {
          inFlight.platformMs += performance.now() - began
          inFlight.platformCalls++
        }
      }
    }
    return () => {
      globalThis.fetch = original
    }
  }

  start(): void {
    this.#recorded = []
    this.unmatchedPlatformCalls = 0
  }

  stop(): RequestTiming[] {
    const recorded = this.#recorded ?? []
    this.#recorded = undefined
    return recorded
  }
}

// ---------------------------------------------------------------------------------------------
// The browser and the sandbox platforms: a child process (bench/link-browser.ts).

class LinkBrowser {
  readonly #rpc = new ChildRpc<BrowserRequest, BrowserResult>(path.join(here, 'link-browser.ts'), 'link browser')

  async startSandbox(client: { clientId: string; clientSecret: string }, redirectUri: string): Promise<string> {
    const reply = await this.#rpc.call({ type: 'startSandbox', client, redirectUri })
    if (reply.type !== 'sandbox') throw new Error('link browser: unexpected reply')
    return reply.url
  }

  async journeys(request: Omit<Extract<BrowserRequest, { type: 'journeys' }>, 'type'>, timeoutMs: number): Promise<JourneysResult> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the journeys took longer than ${timeoutMs / 1000} s (BENCH_LINK_TIMEOUT)`)), timeoutMs)
    })
    try {
      const reply = await Promise.race([this.#rpc.call({ type: 'journeys', ...request }), timeout])
      if (reply.type !== 'journeys') throw new Error('link browser: unexpected reply')
      return reply.result
    } finally {
      clearTimeout(timer)
    }
  }

  get pid(): number | undefined {
    return this.#rpc.pid
  }

  close(): void {
    this.#rpc.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Set-up on one database: the sandbox (child), our server with sandboxes on, seeded data.

interface Setup {
  backend: 'postgres' | 'pglite'
  server: OurServer
  browser: LinkBrowser
  timer: LinkTimer
  /** Seeded (company, connection) pairs GET connection rotates through. */
  connectionPaths: string[]
  companyIds: string[]
  /** Our GET /integrations answer, byte for byte. */
  integrationsBody: string
  databaseName: string | undefined
  seedMs: number
}

async function setUp(backend: Setup['backend'], database: Database, databaseName: string | undefined, cleanups: Cleanups): Promise<Setup> {
  // As --role=api: the queue is started, not supervised. A Link callback queues the connection's
  // first sync in its transaction; without the queue's tables every callback answered 500.
  await database.queue.start()
  await createJobQueues(database.queue)
  const timer = new LinkTimer()
  const browser = new LinkBrowser()
  cleanups.push(() => browser.close())
  // The platform's callback must reach our server, so its address is fixed before either starts.
  const port = await freeLoopbackPort()
  const sandboxClient = { clientId: 'linkway-bench', clientSecret: randomBytes(24).toString('base64url') }
  const sandboxUrl = await browser.startSandbox(sandboxClient, `http://127.0.0.1:${port}/link/oauth/callback`)
  cleanups.push(timer.timePlatformCalls(sandboxUrl))
  const server = await startOurServer(database, {
    catalogue: createPlatformCatalogue({ sandboxUrl }),
    sandboxClient,
    listenPort: port,
    beforeListen: (app) => timer.install(app),
  })
  cleanups.push(() => server.close())

  const seedStart = performance.now()
  const companies = await seedCompanies(database, server.clientId, settings.companies)
  const connections = await seedConnections(database, server.clientId, companies, { key: settings.platformKey, sourceType: 'Banking' })
  const seedMs = performance.now() - seedStart
  // A spread across the tables, not only the newest rows.
  const poolSize = Math.min(settings.idPoolSize, companies.length)
  const spread = Array.from({ length: poolSize }, (_, i) => Math.floor((i * companies.length) / poolSize))
  const connectionPaths = spread.map((i) => `/companies/${companies[i]}/connections/${connections[i]}`)
  const companyIds = spread.map((i) => companies[i]!)

  const headers = { authorization: server.authorization, 'content-type': 'application/json' }
  const profile = await fetch(`${server.url}/profile`, { method: 'PUT', headers, body: JSON.stringify({ name: 'Bench client', redirectUrl: CLIENT_REDIRECT }) })
  if (!profile.ok) throw new Error(`PUT /profile answered ${profile.status}: ${await profile.text()}`)
  const integrations = await fetch(`${server.url}/integrations`, { headers: { authorization: server.authorization } })
  const integrationsBody = await integrations.text()
  if (!integrations.ok) throw new Error(`GET /integrations answered ${integrations.status}: ${integrationsBody.slice(0, 300)}`)
  return { backend, server, browser, timer, connectionPaths, companyIds, integrationsBody, databaseName, seedMs }
}

type OurKey = 'listIntegrations' | 'getConnection' | 'createConnection'

function ourSpecs(setup: Setup): Record<OurKey, ScenarioSpec> {
  const { server, backend, databaseName } = setup
  const headers = { authorization: server.authorization }
  return {
    listIntegrations: {
      key: 'listIntegrations',
      label: 'GET integrations',
      request: 'GET /integrations',
      url: server.url,
      method: 'GET',
      headers,
      paths: ['/integrations'],
      checkProbe: (body) => `${(body as { results: unknown[] }).results.length} integrations, ${setup.integrationsBody.length} bytes`,
      profileAs: `${backend}-list-integrations`,
      databaseName,
    },
    getConnection: {
      key: 'getConnection',
      label: 'GET connection',
      request: 'GET /companies/{id}/connections/{connectionId}',
      url: server.url,
      method: 'GET',
      headers,
      paths: setup.connectionPaths,
      checkProbe: (body) => `status ${(body as { status: string }).status}`,
      profileAs: `${backend}-get-connection`,
      databaseName,
    },
    createConnection: {
      key: 'createConnection',
      label: 'POST connection',
      request: `POST /companies/{id}/connections {platformKey: '${settings.platformKey}'}`,
      url: server.url,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      paths: setup.companyIds.map((id) => `/companies/${id}/connections`),
      bodies: [JSON.stringify({ platformKey: settings.platformKey })],
      profileAs: `${backend}-create-connection`,
      databaseName,
    },
  }
}

type CeilingKey = 'ceilingCanned' | 'ceilingConnection' | 'ceilingSelect' | 'ceilingInsert'

function ceilingSpecs(ceiling: CeilingServer, setup: Setup): Record<CeilingKey, ScenarioSpec> {
  const databaseName = setup.databaseName
  return {
    ceilingCanned: {
      key: 'ceilingCanned',
      label: 'Ceiling: same JSON, no work',
      request: 'GET /canned',
      url: ceiling.url,
      method: 'GET',
      headers: {},
      paths: ['/canned'],
      checkProbe: (body) => {
        if (JSON.stringify(body) !== JSON.stringify(JSON.parse(setup.integrationsBody))) throw new Error('the canned ceiling does not send our /integrations body')
        return 'the same body'
      },
      databaseName,
    },
    ceilingConnection: {
      key: 'ceilingConnection',
      label: 'Ceiling: SELECT connection',
      request: 'GET /companies/{id}/connections/{connectionId}',
      url: ceiling.url,
      method: 'GET',
      headers: {},
      paths: setup.connectionPaths,
      databaseName,
    },
    ceilingSelect: {
      key: 'ceilingSelect',
      label: 'Ceiling: SELECT by id',
      request: 'GET /items/{id}',
      url: ceiling.url,
      method: 'GET',
      headers: {},
      paths: ceiling.ids.map((id) => `/items/${id}`),
      databaseName,
    },
    ceilingInsert: {
      key: 'ceilingInsert',
      label: 'Ceiling: INSERT',
      request: 'POST /items {name, tags}',
      url: ceiling.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      paths: ['/items'],
      bodies: Array.from({ length: 1000 }, (_, i) => JSON.stringify({ name: `Bench item ${i}`, tags: { region: 'uk' } })),
      databaseName,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Link journeys.

interface JourneyRun {
  key: string
  label: string
  backend: Setup['backend']
  journeys: number
  concurrency: number
  completed: number
  failed: number
  failures: string[]
  journeysPerSecond: number
  /** Linkway's time per request, onRequest → onResponse (ms). */
  server: { create: Distribution; start: Distribution; callback: Distribution; platform: Distribution; callbackOwn: Distribution }
  /** Fetches to the platform per callback (1: the code exchange). */
  platformCallsPerCallback: number
  /** Fetches to the platform that matched no callback in flight by their code (0 unless something is off). */
  unmatchedPlatformCalls: number
  /** Recorded requests whose status was not the expected one (create 200, start 302, callback 302). */
  unexpectedStatuses: number
  /** SQL statements per request (PostgreSQL, journeys one at a time only). */
  sqlPerRequest?: { create: number; start: number; callback: number }
  /** Round trips as the browser saw them (ms); consent is the sandbox's page and form. */
  roundTrip: { create: Distribution; start: Distribution; consent: Distribution; callback: Distribution; total: Distribution }
  /** CPU per journey, by process; "load generator" is the browser and sandbox child. */
  cpu?: CpuPerRequest
  cpuProfile?: string
}

const EXPECTED_STATUS: Record<LinkRoute, number> = { create: 200, start: 302, callback: 302 }

async function runJourneys(setup: Setup, spec: { key: string; label: string; count: number; concurrency: number; record: boolean; profileAs?: string }): Promise<JourneyRun | undefined> {
  const { browser, timer, server } = setup
  process.stdout.write(`  ${spec.label.padEnd(44)} `)
  timer.start()
  const session = spec.record && settings.cpuProfile && spec.profileAs ? await startCpuProfile() : undefined
  const cpuBefore = cpuSnapshot(browser.pid, setup.databaseName)
  let result: JourneysResult
  let timings: RequestTiming[]
  try {
    result = await browser.journeys(
      {
        linkway: { url: server.url, authorization: server.authorization },
        platformKey: settings.platformKey,
        companyIds: setup.companyIds.slice(0, settings.journeyCompanies),
        count: spec.count,
        concurrency: spec.concurrency,
        expectedRedirectPrefix: CLIENT_REDIRECT_PREFIX,
      },
      settings.journeyTimeoutSeconds * 1000,
    )
  } finally {
    // Always stop recording, so a failed run leaves the hooks idle.
    timings = timer.stop()
  }
  const cpu = cpuPerRequest(cpuBefore, cpuSnapshot(browser.pid, setup.databaseName), result.completed, os.cpus().length)
  const cpuProfile = session ? await saveCpuProfile(session, spec.profileAs!) : undefined
  if (result.failed > 0) console.warn(`\n  ${result.failed} journeys failed: ${result.failures.join('; ')}`)
  if (!spec.record) {
    console.log(`${result.completed} of ${result.journeys} (not recorded)`)
    return undefined
  }
  const of = (route: LinkRoute) => timings.filter((t) => t.route === route)
  const callbacks = of('callback')
  const sqlOf = (route: LinkRoute) => {
    const list = of(route)
    return Math.round((list.reduce((sum, t) => sum + t.sql, 0) / Math.max(1, list.length)) * 10) / 10
  }
  const run: JourneyRun = {
    key: spec.key,
    label: spec.label,
    backend: setup.backend,
    journeys: result.journeys,
    concurrency: spec.concurrency,
    completed: result.completed,
    failed: result.failed,
    failures: result.failures,
    journeysPerSecond: Math.round((result.completed / result.wallMs) * 1000 * 10) / 10,
    server: {
      create: distribution(of('create').map((t) => t.serverMs)),
      start: distribution(of('start').map((t) => t.serverMs)),
      callback: distribution(callbacks.map((t) => t.serverMs)),
      platform: distribution(callbacks.map((t) => t.platformMs)),
      callbackOwn: distribution(callbacks.map((t) => t.serverMs - t.platformMs)),
    },
    unmatchedPlatformCalls: timer.unmatchedPlatformCalls,
    platformCallsPerCallback: Math.round((callbacks.reduce((sum, t) => sum + t.platformCalls, 0) / Math.max(1, callbacks.length)) * 100) / 100,
    unexpectedStatuses: timings.filter((t) => t.status !== EXPECTED_STATUS[t.route]).length,
    ...(spec.concurrency === 1 && setup.backend === 'postgres' ? { sqlPerRequest: { create: sqlOf('create'), start: sqlOf('start'), callback: sqlOf('callback') } } : {}),
    roundTrip: {
      create: distribution(result.roundTripMs.create),
      start: distribution(result.roundTripMs.start),
      consent: distribution(result.roundTripMs.consent),
      callback: distribution(result.roundTripMs.callback),
      total: distribution(result.roundTripMs.total),
    },
    ...(cpu ? { cpu } : {}),
    ...(cpuProfile ? { cpuProfile: path.relative(process.cwd(), cpuProfile) } : {}),
  }
  console.log(
    `callback ${run.server.callback.p50} ms p50 in Linkway, ${run.server.callbackOwn.p50} ms without the ${run.server.platform.p50} ms token call; ` +
      `start ${run.server.start.p50} ms; ${run.journeysPerSecond} journeys/s` +
      (run.failed + run.unexpectedStatuses > 0 ? `; ${run.failed} failed, ${run.unexpectedStatuses} unexpected statuses` : '') +
      (run.unmatchedPlatformCalls > 0 || run.platformCallsPerCallback !== 1 ? `; ${run.platformCallsPerCallback} token calls per callback, ${run.unmatchedPlatformCalls} unmatched` : '') +
      (cpuProfile ? ' [profiled]' : ''),
  )
  return run
}

async function measureJourneys(setup: Setup): Promise<JourneyRun[]> {
  const runs: JourneyRun[] = []
  if (settings.warmupJourneys > 0) await runJourneys(setup, { key: 'warmup', label: `Link journeys, warm-up (${settings.warmupJourneys})`, count: settings.warmupJourneys, concurrency: 1, record: false })
  runs.push(
    (await runJourneys(setup, {
      key: 'sequential',
      label: `Link journeys, one at a time (${settings.journeys})`,
      count: settings.journeys,
      concurrency: 1,
      record: true,
      profileAs: `${setup.backend}-link-journeys`,
    }))!,
  )
  if (settings.concurrentJourneys > 0 && settings.journeyConcurrency > 1) {
    runs.push(
      (await runJourneys(setup, {
        key: 'concurrent',
        label: `Link journeys, ${settings.journeyConcurrency} at a time (${settings.concurrentJourneys})`,
        count: settings.concurrentJourneys,
        concurrency: settings.journeyConcurrency,
        record: true,
      }))!,
    )
  }
  return runs
}

// ---------------------------------------------------------------------------------------------
// Report.

const p = (d: Distribution, keys: Array<'p50' | 'p95' | 'p99'> = ['p50', 'p95', 'p99']) => keys.map((key) => d[key].toFixed(2)).join(' / ')

function journeyTable(title: string, runs: JourneyRun[]): string {
  return formatTable(
    title,
    ['Run', 'journeys', 'per s', 'start ms', 'callback ms', 'token call ms', 'callback − token call ms', 'create ms', 'failed'],
    runs.map((run) => [
      `${run.backend === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${run.concurrency === 1 ? 'one at a time' : `${run.concurrency} at a time`}`,
      `${run.completed}/${run.journeys}`,
      run.journeysPerSecond.toFixed(1),
      p(run.server.start),
      p(run.server.callback),
      p(run.server.platform),
      p(run.server.callbackOwn),
      p(run.server.create),
      String(run.failed + run.unexpectedStatuses),
    ]),
  )
}

function roundTripTable(title: string, runs: JourneyRun[]): string {
  return formatTable(
    title,
    ['Run', 'create', 'start', 'consent (sandbox)', 'callback', 'whole journey'],
    runs.map((run) => [
      `${run.backend === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${run.concurrency === 1 ? 'one at a time' : `${run.concurrency} at a time`}`,
      p(run.roundTrip.create, ['p50', 'p99']),
      p(run.roundTrip.start, ['p50', 'p99']),
      p(run.roundTrip.consent, ['p50', 'p99']),
      p(run.roundTrip.callback, ['p50', 'p99']),
      p(run.roundTrip.total, ['p50', 'p99']),
    ]),
  )
}

function journeyCostTable(title: string, runs: JourneyRun[]): string {
  const measured = runs.filter((run) => run.cpu)
  return formatTable(
    title,
    ['Run', 'SQL: create / start / callback', 'Linkway µs', 'PostgreSQL µs', 'browser + sandbox µs', 'other µs', 'machine busy'],
    measured.map((run) => [
      `${run.backend === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${run.concurrency === 1 ? 'one at a time' : `${run.concurrency} at a time`}`,
      run.sqlPerRequest ? `${run.sqlPerRequest.create} / ${run.sqlPerRequest.start} / ${run.sqlPerRequest.callback}` : '',
      String(run.cpu!.serverMicros),
      run.backend === 'postgres' ? String(run.cpu!.postgresMicros) : '(in Linkway)',
      String(run.cpu!.loadGeneratorMicros),
      String(run.cpu!.otherMicros),
      percent(run.cpu!.machineBusy),
    ]),
  )
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (process.env.BENCH_LINK === '0') {
    console.log('Integrations, connections and Link bench skipped (BENCH_LINK=0).')
    return
  }
  installQueryCounter()
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
  const startedAt = new Date()
  const startLoad = os.loadavg().map((load) => Math.round(load * 100) / 100)
  const { global, postgresPart, pglitePart, cleanUp } = benchCleanups()

  try {
    const load = new LoadGenerator()
    global.push(() => load.close())

    // ----- PostgreSQL -----
    const server = await describeServer(serverUrl)
    const bench = await createBenchDatabase(serverUrl)
    postgresPart.push(() => bench.drop())
    const safeUrl = new URL(serverUrl)
    safeUrl.password = ''
    console.log(
      `PostgreSQL ${server.version} at ${safeUrl.host} (database ${bench.name}); ${settings.connections} connections, ` +
        `${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s per run, ${settings.rounds} rounds of each pair; ${os.cpus().length} CPUs`,
    )
    const database = await createDatabase({ backend: 'postgres', connectionString: bench.url, maxConnections: settings.poolSize }, { superviseJobs: false })
    postgresPart.push(() => database.close())
    await database.migrate()
    const onPostgres = await setUp('postgres', database, bench.name, postgresPart)
    await sql`analyze`.execute(database.db)
    console.log(`  seeded ${settings.companies} companies and as many connections in ${Math.round(onPostgres.seedMs)} ms`)
    const ceiling = await startCeilingServer(bench.url, {
      poolSize: settings.poolSize,
      rows: settings.companies,
      idPoolSize: settings.idPoolSize,
      cannedJson: onPostgres.integrationsBody,
      connectionsOfClient: onPostgres.server.clientId,
    })
    postgresPart.push(() => ceiling.close())
    const ours = ourSpecs(onPostgres)
    const ceilings = ceilingSpecs(ceiling, onPostgres)
    // Reads before writes, so the POSTed connections do not change what the reads see.
    const postgresRuns: Record<string, RunResult> = {
      ...(await measurePair(load, ours.listIntegrations, ceilings.ceilingCanned, settings)),
      ...(await measurePair(load, ours.getConnection, ceilings.ceilingConnection, settings)),
      ceilingSelect: await measure(load, ceilings.ceilingSelect, settings),
      ...(await measurePair(load, ours.createConnection, ceilings.ceilingInsert, settings)),
    }
    const postgresJourneys = await measureJourneys(onPostgres)
    await postgresPart.run() // closes the servers, the sandbox and our database, drops the bench database

    const comparisons: Comparison[] = [
      compare(postgresRuns, 'listIntegrations', 'ceilingCanned', RATIO_TARGETS.listIntegrations),
      compare(postgresRuns, 'getConnection', 'ceilingConnection', RATIO_TARGETS.getConnection),
      compare(postgresRuns, 'createConnection', 'ceilingInsert', undefined),
      compare(postgresRuns, 'ceilingConnection', 'ceilingSelect', undefined),
    ]

    // ----- PGlite -----
    let pglite: { runs: Record<string, RunResult>; journeys: JourneyRun[]; seedMs: number } | undefined
    if (settings.pglite) {
      console.log('PGlite in memory (embedded mode); the same routes and journeys, no ceiling')
      const embedded = await createDatabase({ backend: 'pglite' }, { superviseJobs: false })
      pglitePart.push(() => embedded.close())
      await embedded.migrate()
      const onPglite = await setUp('pglite', embedded, undefined, pglitePart)
      console.log(`  seeded ${settings.companies} companies and as many connections in ${Math.round(onPglite.seedMs)} ms`)
      const specs = ourSpecs(onPglite)
      const runs = await measureAll(load, [specs.listIntegrations, specs.getConnection, specs.createConnection], settings)
      const journeys = await measureJourneys(onPglite)
      pglite = { runs, journeys, seedMs: onPglite.seedMs }
      await pglitePart.run()
    }

    // ----- Report -----
    const vs = new Map<string, string>()
    for (const c of comparisons) {
      vs.set(c.ours, `${percent(c.ratio)} of ${postgresRuns[c.ceiling]!.label.replace('Ceiling: ', '')}${c.target !== undefined ? ` (target ≥ ${percent(c.target)})` : ' (no target)'}`)
    }
    const order = ['listIntegrations', 'getConnection', 'createConnection', 'ceilingCanned', 'ceilingConnection', 'ceilingSelect', 'ceilingInsert']
    console.log('')
    console.log(
      formatRuns(
        `PostgreSQL ${server.version}, ${settings.connections} connections, ${settings.durationSeconds} s per run` +
          (settings.rounds > 1 ? ` (pairs: mean req/s of ${settings.rounds} rounds, worst latency; ± is half the spread)` : ''),
        order.map((key) => postgresRuns[key]!),
        vs,
      ),
    )
    console.log('')
    console.log(formatCpu('CPU per request on PostgreSQL (all processes on this machine; µs of CPU time)', order.map((key) => postgresRuns[key]!), false))
    if (pglite) {
      const pgliteOrder = ['listIntegrations', 'getConnection', 'createConnection'].map((key) => pglite.runs[key]!)
      console.log('')
      console.log(formatRuns('PGlite in memory (one session; no ceiling)', pgliteOrder))
    }
    const allJourneys = [...postgresJourneys, ...(pglite?.journeys ?? [])]
    console.log('')
    console.log(journeyTable("Link journeys: Linkway's time per request, onRequest → onResponse, ms p50 / p95 / p99 (token call: the callback's wait on the sandbox's token endpoint)", allJourneys))
    console.log('')
    console.log(roundTripTable('Link journeys: round trips as the browser saw them, ms p50 / p99', allJourneys))
    console.log('')
    console.log(journeyCostTable('Link journeys: SQL per request, CPU per journey by process', allJourneys))

    const sequential = postgresJourneys.find((run) => run.key === 'sequential')!
    const targets: TargetCheck[] = [
      ...checkTargets(postgresRuns, comparisons),
      {
        name: 'Link callback in Linkway without the token call, p50 (PostgreSQL, one at a time)',
        value: `${sequential.server.callbackOwn.p50} ms`,
        target: `≤ ${CALLBACK_P50_TARGET_MS} ms`,
        met: sequential.server.callbackOwn.p50 <= CALLBACK_P50_TARGET_MS,
      },
      {
        name: 'Every Link journey ends on the client redirect (all runs)',
        value: allJourneys.every((run) => run.failed + run.unexpectedStatuses === 0) ? 'yes' : `${allJourneys.reduce((sum, run) => sum + run.failed + run.unexpectedStatuses, 0)} failed`,
        target: 'all',
        met: allJourneys.every((run) => run.failed + run.unexpectedStatuses === 0 && run.completed === run.journeys),
      },
    ]
    console.log('')
    console.log(formatTargets(`Targets (PostgreSQL, ${settings.connections} connections)`, targets))
    const allMet = targets.every((t) => t.met)
    console.log(allMet ? '\nAll targets met.' : `\n${targets.filter((t) => !t.met).length} of ${targets.length} targets missed.`)

    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machineFacts(startLoad),
      settings: { ...settings, postgres: { version: server.version, host: safeUrl.host, synchronousCommit: server.synchronousCommit } },
      postgres: { runs: postgresRuns, comparisons, journeys: postgresJourneys, seedMs: onPostgres.seedMs },
      ...(pglite ? { pglite } : {}),
      targets,
      allTargetsMet: allMet,
    }
    writeResults(resultsDir, 'connections', report)
    if (!allJourneys.every((run) => run.failed === 0)) process.exitCode = 1
  } finally {
    await cleanUp()
  }
}

await runBench('connections bench', main, process.env.DATABASE_URL || DEFAULT_DATABASE_URL)
