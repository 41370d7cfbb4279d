/**
 * @module `npm run bench`: our server against a bare Fastify + pg ceiling on PostgreSQL, then
 * our server on in-memory PGlite. Prints a table, checks the targets, and writes
 * bench/results/latest.json. See docs/performance.md.
 *
 * Environment: DATABASE_URL (the PostgreSQL server; a fresh linkway_bench_* database is created
 * on it and dropped at the end), BENCH_DURATION (seconds per measured run, default 6),
 * BENCH_WARMUP (seconds of warm-up before a scenario's first run, default 2; 1 before later
 * rounds), BENCH_ROUNDS (rounds of each ours/ceiling pair, default 3), BENCH_CONNECTIONS (default 10),
 * BENCH_COMPANIES (seeded companies, default 10000), BENCH_PGLITE=0 (skip the PGlite part),
 * BENCH_CPU_PROF=1 (record a CPU profile of our server during each of its measured runs).
 */
import os from 'node:os'
import { createDatabase, type Database } from '@linkway/db'
import { sql } from 'kysely'
import { startCeilingServer, type CeilingServer } from './ceiling-app.js'
import { LoadGenerator, measureAll, measurePair, resultsDir, type ScenarioSpec } from './measure.js'
import { seedCompanies, startOurServer, type OurServer } from './our-app.js'
import { installQueryCounter } from './query-counter.js'
import { createBenchDatabase, DEFAULT_DATABASE_URL, describeServer, type BenchDatabase } from './postgres.js'
import { RATIO_TARGETS, checkTargets, compare, formatCpu, formatRuns, formatTargets, machineFacts, percent, runBench, writeResults, type Comparison, type RunResult } from './report.js'
import { benchCleanups } from './cleanups.js'
import { numberFromEnv } from './settings.js'

const settings = {
  connections: numberFromEnv('BENCH_CONNECTIONS', 10, 1, 200),
  durationSeconds: numberFromEnv('BENCH_DURATION', 6, 1, 60, 'any'),
  warmupSeconds: numberFromEnv('BENCH_WARMUP', 2, 0, 30, 'any'),
  /** PostgreSQL: each of ours and its ceiling run this many times, in alternating order (A B B A). */
  rounds: numberFromEnv('BENCH_ROUNDS', 3, 1, 5),
  /** A safety bound on every run, far above what 2 cores reach in its duration. */
  maxRequestsPerRun: 300_000,
  companies: numberFromEnv('BENCH_COMPANIES', 10_000, 100, 1_000_000),
  /** Ids the GET scenarios rotate through. */
  idPoolSize: 1000,
  poolSize: 10,
  listQuery: 'tags.region=uk && name~acme',
  pglite: process.env.BENCH_PGLITE !== '0',
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
}

/** The list ceiling's statement with the values of `settings.listQuery`. */
const LIST_CEILING = { region: 'uk', name: 'acme' }

// ---------------------------------------------------------------------------------------------
// Our three scenarios, on whichever database.

interface OursSetup {
  server: OurServer
  ids: string[]
  seedMs: number
}

async function setUpOurs(database: Database): Promise<OursSetup> {
  const server = await startOurServer(database)
  const seedStart = performance.now()
  const seeded = await seedCompanies(database, server.clientId, settings.companies)
  const seedMs = performance.now() - seedStart
  // A spread of ids across the table, not only the newest.
  const ids = Array.from({ length: Math.min(settings.idPoolSize, seeded.length) }, (_, i) => seeded[Math.floor((i * seeded.length) / settings.idPoolSize)]!)
  return { server, ids, seedMs }
}

const REGIONS = ['uk', 'us', 'de', 'fr', 'ie']

function companyBodies(count: number): string[] {
  return Array.from({ length: count }, (_, i) => JSON.stringify({ name: `Bench company ${i}`, tags: { region: REGIONS[i % REGIONS.length]! } }))
}

type OurKey = 'getCompany' | 'listCompanies' | 'findByTag' | 'createCompany'

function ourSpecs(setup: OursSetup, backend: string, databaseName: string | undefined): Record<OurKey, ScenarioSpec> {
  const { server, ids } = setup
  const headers = { authorization: server.authorization }
  return {
    getCompany: {
      key: 'getCompany',
      label: 'GET company',
      request: 'GET /companies/{id}',
      url: server.url,
      method: 'GET',
      headers,
      paths: ids.map((id) => `/companies/${id}`),
      profileAs: `${backend}-get-company`,
      databaseName,
    },
    listCompanies: {
      key: 'listCompanies',
      label: `List companies (${settings.companies.toLocaleString('en-US')})`,
      request: `GET /companies?query=${settings.listQuery}`,
      url: server.url,
      method: 'GET',
      headers,
      paths: [`/companies?query=${encodeURIComponent(settings.listQuery)}`],
      checkProbe: (body) => {
        const { totalResults, results } = body as { totalResults: number; results: unknown[] }
        if (totalResults === 0) console.warn(`\n  warning: "${settings.listQuery}" matched no company; the list run measures an empty result`)
        return `${totalResults} match, ${results.length} per page`
      },
      profileAs: `${backend}-list-companies`,
      databaseName,
    },
    // The documented way to find your customer's company: a tag holding your own id.
    findByTag: {
      key: 'findByTag',
      label: `Find by tag (${settings.companies.toLocaleString('en-US')})`,
      request: 'GET /companies?query=tags.uid={your id}',
      url: server.url,
      method: 'GET',
      headers,
      paths: Array.from({ length: 200 }, (_, i) => {
        const uid = `cust-${String(Math.floor((i * settings.companies) / 200)).padStart(5, '0')}`
        return `/companies?query=${encodeURIComponent(`tags.uid=${uid}`)}`
      }),
      checkProbe: (body) => {
        const { totalResults } = body as { totalResults: number }
        if (totalResults !== 1) console.warn(`\n  warning: the tag lookup matched ${totalResults} companies, not 1`)
        return `${totalResults} match`
      },
      profileAs: `${backend}-find-by-tag`,
      databaseName,
    },
    createCompany: {
      key: 'createCompany',
      label: 'POST company',
      request: 'POST /companies {name, tags}',
      url: server.url,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      paths: ['/companies'],
      bodies: companyBodies(1000),
      profileAs: `${backend}-create-company`,
      databaseName,
    },
  }
}

type CeilingKey = 'ceilingSelect' | 'ceilingInsert' | 'ceilingList'

function ceilingSpecs(ceiling: CeilingServer, databaseName: string): Record<CeilingKey, ScenarioSpec> {
  return {
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
    ceilingList: {
      key: 'ceilingList',
      label: 'Ceiling: the list statement',
      request: 'GET /companies?region=uk&name=acme',
      url: ceiling.url,
      method: 'GET',
      headers: {},
      paths: [`/companies?region=${LIST_CEILING.region}&name=${LIST_CEILING.name}`],
      checkProbe: (body) => `${(body as { totalResults: number }).totalResults} match`,
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
      bodies: companyBodies(1000),
      databaseName,
    },
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
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
    const bench: BenchDatabase = await createBenchDatabase(serverUrl)
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
    const ours = await setUpOurs(database)
    postgresPart.push(() => ours.server.close())
    await sql`analyze`.execute(database.db)
    console.log(`  seeded ${settings.companies} companies in ${Math.round(ours.seedMs)} ms`)

    const ceiling = await startCeilingServer(bench.url, { poolSize: settings.poolSize, rows: settings.companies, idPoolSize: settings.idPoolSize, companiesOfClient: ours.server.clientId })
    postgresPart.push(() => ceiling.close())
    const oursOnPostgres = ourSpecs(ours, 'postgres', bench.name)
    const ceilings = ceilingSpecs(ceiling, bench.name)
    // Reads before writes, so the POSTed companies do not change what the reads see.
    const postgresRuns = {
      ...(await measurePair(load, oursOnPostgres.getCompany, ceilings.ceilingSelect, settings)),
      ...(await measurePair(load, oursOnPostgres.listCompanies, ceilings.ceilingList, settings)),
      ...(await measureAll(load, [oursOnPostgres.findByTag], settings)),
      ...(await measurePair(load, oursOnPostgres.createCompany, ceilings.ceilingInsert, settings)),
    }
    await postgresPart.run() // closes the ceiling and our database, drops the bench database

    const comparisons: Comparison[] = [
      compare(postgresRuns, 'getCompany', 'ceilingSelect', RATIO_TARGETS.getCompany),
      compare(postgresRuns, 'createCompany', 'ceilingInsert', RATIO_TARGETS.createCompany),
      compare(postgresRuns, 'listCompanies', 'ceilingList', undefined),
      compare(postgresRuns, 'findByTag', 'ceilingSelect', undefined),
    ]

    // ----- PGlite -----
    let pgliteRuns: Record<string, RunResult> | undefined
    let pgliteSeedMs: number | undefined
    if (settings.pglite) {
      console.log(`PGlite in memory (embedded mode); the same three routes`)
      const pglite = await createDatabase({ backend: 'pglite' }, { superviseJobs: false })
      pglitePart.push(() => pglite.close())
      await pglite.migrate()
      const oursOnPglite = await setUpOurs(pglite)
      pglitePart.push(() => oursOnPglite.server.close())
      pgliteSeedMs = oursOnPglite.seedMs
      console.log(`  seeded ${settings.companies} companies in ${Math.round(oursOnPglite.seedMs)} ms`)
      const onPglite = ourSpecs(oursOnPglite, 'pglite', undefined)
      pgliteRuns = await measureAll(load, [onPglite.getCompany, onPglite.listCompanies, onPglite.findByTag, onPglite.createCompany], settings)
      await pglitePart.run()
    }

    // ----- Report -----
    const vs = new Map<string, string>()
    for (const c of comparisons) {
      vs.set(c.ours, `${percent(c.ratio)} of ${postgresRuns[c.ceiling]!.label.replace('Ceiling: ', '')}${c.target !== undefined ? ` (target ≥ ${percent(c.target)})` : ' (no target)'}`)
    }
    const targets = checkTargets(postgresRuns, comparisons)
    const order = ['createCompany', 'getCompany', 'listCompanies', 'findByTag', 'ceilingInsert', 'ceilingSelect', 'ceilingList']
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
    if (pgliteRuns) {
      console.log('')
      const pgliteOrder = ['createCompany', 'getCompany', 'listCompanies', 'findByTag'].map((key) => pgliteRuns[key]!)
      console.log(formatRuns('PGlite in memory (one session; no ceiling)', pgliteOrder))
      console.log('')
      console.log(formatCpu('CPU per request on PGlite (the database runs inside the server process)', pgliteOrder, true))
    }
    console.log('')
    console.log(formatTargets(`Targets (PostgreSQL, ${settings.connections} connections)`, targets))
    const allMet = targets.every((t) => t.met)
    console.log(allMet ? '\nAll targets met.' : `\n${targets.filter((t) => !t.met).length} of ${targets.length} targets missed.`)

    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machineFacts(startLoad),
      settings: { ...settings, postgres: { version: server.version, host: safeUrl.host, synchronousCommit: server.synchronousCommit } },
      postgres: { runs: postgresRuns, comparisons, seedMs: ours.seedMs },
      ...(pgliteRuns ? { pglite: { runs: pgliteRuns, seedMs: pgliteSeedMs } } : {}),
      targets,
      allTargetsMet: allMet,
    }
    writeResults(resultsDir, 'latest', report)
  } finally {
    await cleanUp()
  }
}

await runBench('bench', main, process.env.DATABASE_URL || DEFAULT_DATABASE_URL)
