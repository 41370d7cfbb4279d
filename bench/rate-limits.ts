/**
 * @module `npm run bench:rate-limits` (also a step of `npm run bench`): what the client quota costs
 * per request. GET company, the API's cheapest read, three ways on one PostgreSQL database: the
 * limiter off (RATE_LIMIT_PER_DAY=0), counting in PostgreSQL (the default), and counting in Redis
 * (REDIS_URL; skipped when no Redis answers); then off and on in PGlite. Each its own client, with
 * a quota the load never reaches, so every request is counted and none refused. Rounds alternate
 * the order. Reports req/s, SQL per request, CPU per request by process (Redis's own too) and
 * what counting adds to "off", in µs of CPU per request: on a shared machine the CPU each process
 * spends per request is steadier than req/s, and on an idle one it is what bounds req/s.
 *
 * Environment: DATABASE_URL (a fresh linkway_bench_* database is created there and dropped),
 * REDIS_URL (default redis://127.0.0.1:6379), BENCH_DURATION (seconds per run, default 5),
 * BENCH_WARMUP (default 1), BENCH_ROUNDS (default 2), BENCH_CONNECTIONS (default 10),
 * BENCH_PGLITE=0 (skip the PGlite part).
 */
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { createDatabase, type Database } from '@linkway/db'
import { Redis } from 'ioredis'
import { sql } from 'kysely'
import { connectRedisRateLimitStore, type RateLimitStore } from '../apps/server/src/modules/rate-limits/index.js'
import { benchCleanups } from './cleanups.js'
import { processMicros } from './cpu-usage.js'
import { LoadGenerator, measure, resultsDir, type MeasureSettings, type ScenarioSpec } from './measure.js'
import { BENCH_RATE_LIMITS, seedCompanies, startOurServer } from './our-app.js'
import { createBenchDatabase, DEFAULT_DATABASE_URL } from './postgres.js'
import { installQueryCounter } from './query-counter.js'
import { combineRounds, formatCpu, formatRuns, formatTable, machineFacts, runBench, writeResults, type RunResult } from './report.js'
import { numberFromEnv } from './settings.js'

const settings: MeasureSettings & { companies: number; pglite: boolean } = {
  connections: numberFromEnv('BENCH_CONNECTIONS', 10, 1, 200),
  durationSeconds: numberFromEnv('BENCH_DURATION', 5, 1, 60, 'any'),
  warmupSeconds: numberFromEnv('BENCH_WARMUP', 1, 0, 30, 'any'),
  rounds: numberFromEnv('BENCH_ROUNDS', 2, 1, 5),
  maxRequestsPerRun: 300_000,
  cpuProfile: false,
  /** Companies per client; the GET rotates through them. */
  companies: 1000,
  pglite: process.env.BENCH_PGLITE !== '0',
}
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379'

const OFF = { ...BENCH_RATE_LIMITS, clientPerDay: 0 }

interface Variant {
  key: string
  label: string
  rateLimits: typeof BENCH_RATE_LIMITS
  store?: RateLimitStore
}

async function redisStore(): Promise<RateLimitStore | undefined> {
  const probe = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {})
  const isUp = await probe.connect().then(() => true, () => false)
  probe.disconnect()
  if (!isUp) return undefined
  return await connectRedisRateLimitStore({ url: redisUrl, keyPrefix: `linkway-bench:${Date.now()}:`, onUnavailable: (error) => console.error('Redis:', error) })
}

/** One server per variant on the database, each with its own client and companies; the GET scenario for each. */
async function scenarios(database: Database, variants: Variant[], databaseName: string | undefined, cleanups: { push(step: () => Promise<void> | void): void }): Promise<ScenarioSpec[]> {
  const specs: ScenarioSpec[] = []
  for (const variant of variants) {
    const server = await startOurServer(database, { rateLimits: variant.rateLimits, ...(variant.store ? { rateLimitStore: variant.store } : {}) })
    cleanups.push(() => server.close())
    const ids = await seedCompanies(database, server.clientId, settings.companies)
    specs.push({
      key: variant.key,
      label: variant.label,
      request: 'GET /companies/{id}',
      url: server.url,
      method: 'GET',
      headers: { authorization: server.authorization },
      paths: ids.map((id) => `/companies/${id}`),
      databaseName,
    })
  }
  return specs
}

/** The Redis server's process, whose CPU the bench's own accounting (cpu-usage.ts) leaves under "other". */
function redisServerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'redis-server') return Number(entry)
    } catch {
      // gone meanwhile
    }
  }
  return undefined
}

type Measured = RunResult & { redisMicros?: number }

/**
 * Every spec, `rounds` times, the order reversed each round so drift hits them alike. The warm-up
 * runs here, outside `measure`, so that Redis's CPU is read around the measured run alone.
 */
async function measureRounds(load: LoadGenerator, specs: ScenarioSpec[], redisPid: number | undefined): Promise<Record<string, Measured>> {
  const results = new Map<string, Array<{ run: RunResult; redisMicros: number }>>(specs.map((spec) => [spec.key, []]))
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const spec of round % 2 === 1 ? specs : [...specs].reverse()) {
      const warmupSeconds = round === 1 ? settings.warmupSeconds : Math.min(1, settings.warmupSeconds)
      if (warmupSeconds > 0) {
        await load.run({ url: spec.url, method: spec.method, headers: spec.headers, paths: spec.paths, connections: settings.connections, durationSeconds: warmupSeconds, maxRequests: settings.maxRequestsPerRun })
      }
      const redisBefore = redisPid === undefined ? 0 : processMicros(redisPid)
      const run = await measure(load, spec, { ...settings, warmupSeconds: 0 }, round, settings.rounds)
      results.get(spec.key)!.push({ run, redisMicros: redisPid === undefined ? 0 : processMicros(redisPid) - redisBefore })
    }
  }
  return Object.fromEntries(
    [...results].map(([key, measured]) => {
      const requests = measured.reduce((sum, { run }) => sum + run.requests, 0)
      const redisMicros = Math.round(measured.reduce((sum, { redisMicros }) => sum + redisMicros, 0) / requests)
      return [key, { ...combineRounds(measured.map(({ run }) => run)), ...(redisPid !== undefined ? { redisMicros } : {}) }]
    }),
  )
}

/**
 * What counting adds to a request, against the limiter off: µs of CPU in the server process, in
 * PostgreSQL and in Redis, and statements sent. Other processes' CPU ("other") is left out: on a
 * shared machine it is someone else's work.
 */
function costTable(title: string, runs: Measured[], databaseInServer: boolean): string {
  const off = runs[0]!
  const delta = (on: number | undefined, before: number | undefined) => (on === undefined || before === undefined ? '' : `${on - before >= 0 ? '+' : ''}${on - before}`)
  const rows = runs.slice(1).map((on) => {
    const redis = on.redisMicros !== undefined && off.redisMicros !== undefined ? on.redisMicros - off.redisMicros : 0
    const total = on.cpu && off.cpu ? on.cpu.serverMicros - off.cpu.serverMicros + (on.cpu.postgresMicros - off.cpu.postgresMicros) + redis : undefined
    return [
      on.label,
      delta(on.cpu?.serverMicros, off.cpu?.serverMicros),
      ...(databaseInServer ? [] : [delta(on.cpu?.postgresMicros, off.cpu?.postgresMicros), delta(on.redisMicros, off.redisMicros)]),
      total === undefined ? '' : `${total >= 0 ? '+' : ''}${total}`,
      on.dbQueriesPerRequest !== undefined && off.dbQueriesPerRequest !== undefined ? `+${(on.dbQueriesPerRequest - off.dbQueriesPerRequest).toFixed(1)}` : '',
    ]
  })
  const header = databaseInServer ? ['Limiter', 'server+DB µs', 'total µs', 'SQL/req'] : ['Limiter', 'server µs', 'PostgreSQL µs', 'Redis µs', 'total µs', 'SQL/req']
  return formatTable(title, header, rows)
}

async function main(): Promise<void> {
  installQueryCounter()
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
  const startedAt = new Date()
  const startLoad = os.loadavg()
  const { global, postgresPart, pglitePart, cleanUp } = benchCleanups()
  try {
    const load = new LoadGenerator()
    global.push(() => load.close())

    const bench = await createBenchDatabase(serverUrl)
    postgresPart.push(() => bench.drop())
    const database = await createDatabase({ backend: 'postgres', connectionString: bench.url, maxConnections: 10 }, { superviseJobs: false })
    postgresPart.push(() => database.close())
    await database.migrate()
    const redis = await redisStore()
    if (redis) postgresPart.push(() => redis.close())
    console.log(
      `Rate limits: GET company, limiter off and on; ${settings.connections} connections, ${settings.durationSeconds} s per run, ${settings.rounds} rounds` +
        (redis ? `; Redis at ${redisUrl}` : `; no Redis at ${redisUrl}, its variant skipped`),
    )
    const variants: Variant[] = [
      { key: 'off', label: 'GET company, limiter off', rateLimits: OFF },
      { key: 'postgres', label: 'GET company, counted in PostgreSQL', rateLimits: BENCH_RATE_LIMITS },
      ...(redis ? [{ key: 'redis', label: 'GET company, counted in Redis', rateLimits: BENCH_RATE_LIMITS, store: redis }] : []),
    ]
    const specs = await scenarios(database, variants, bench.name, postgresPart)
    await sql`analyze`.execute(database.db)
    const redisPid = redis ? redisServerPid() : undefined
    const postgresRuns = await measureRounds(load, specs, redisPid)
    await postgresPart.run()

    let pgliteRuns: Record<string, Measured> | undefined
    if (settings.pglite) {
      console.log('PGlite in memory (embedded mode)')
      const pglite = await createDatabase({ backend: 'pglite' }, { superviseJobs: false })
      pglitePart.push(() => pglite.close())
      await pglite.migrate()
      const pgliteSpecs = await scenarios(pglite, variants.filter((variant) => variant.key !== 'redis').map((variant) => ({ ...variant, label: variant.label.replace('PostgreSQL', 'PGlite') })), undefined, pglitePart)
      pgliteRuns = await measureRounds(load, pgliteSpecs, undefined)
      await pglitePart.run()
    }

    const postgresOrder = variants.map((variant) => postgresRuns[variant.key]!)
    console.log('')
    console.log(formatRuns(`PostgreSQL, ${settings.connections} connections (mean req/s of ${settings.rounds} rounds, worst latency)`, postgresOrder))
    console.log('')
    console.log(formatCpu('CPU per request (µs); Redis counts under "other" here, and on its own below', postgresOrder, false))
    console.log('')
    console.log(costTable('What counting adds per request on PostgreSQL, against the limiter off (µs of CPU by process)', postgresOrder, false))
    if (pgliteRuns) {
      const pgliteOrder = ['off', 'postgres'].map((key) => pgliteRuns[key]!)
      console.log('')
      console.log(formatRuns('PGlite in memory', pgliteOrder))
      console.log('')
      console.log(formatCpu('CPU per request on PGlite (the database runs in the server process)', pgliteOrder, true))
      console.log('')
      console.log(costTable('What counting adds per request on PGlite (µs of CPU)', pgliteOrder, true))
    }
    writeResults(resultsDir, 'rate-limits', {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machineFacts(startLoad),
      settings: { ...settings, redis: redis ? redisUrl : null },
      postgres: postgresRuns,
      ...(pgliteRuns ? { pglite: pgliteRuns } : {}),
    })
  } finally {
    await cleanUp()
  }
}

await runBench('rate-limits bench', main, process.env.DATABASE_URL || DEFAULT_DATABASE_URL)
