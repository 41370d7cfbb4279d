/**
 * @module `npm run bench:scale-out` (and the last part of `npm run bench`): GET company on
 * PostgreSQL through nginx, to one `--role=api` process and to two, as docs/deployment.md runs
 * them: real processes (`apps/server/src/main.ts`, started as apps/server/test/server-process.ts
 * starts them) behind Debian's nginx with the site configuration that page shows
 * (apps/server/src/testing/nginx.ts). One process reached directly is measured too, for what nginx
 * itself costs. Prints a table and writes bench/results/scale-out.json. See docs/performance.md,
 * "Scale-out".
 *
 * Environment: DATABASE_URL (a fresh linkway_bench_* database is created on that server and
 * dropped at the end), BENCH_SCALEOUT=0 (skip this bench), BENCH_SCALEOUT_CONNECTIONS (default 20),
 * BENCH_SCALEOUT_DURATION (seconds per measured run, default 5), BENCH_SCALEOUT_WARMUP (seconds,
 * default 2), BENCH_SCALEOUT_ROUNDS (rounds of the one/two pair, default 2), BENCH_COMPANIES
 * (seeded companies, default 10000). Needs /usr/sbin/nginx (`apt-get install -y nginx`); without
 * it the bench says so and is skipped.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { createDatabase } from '@linkway/db'
import { sql } from 'kysely'
import { isNginxInstalled, NGINX_PATH, startNginx } from '../apps/server/src/testing/nginx.js'
import { freeLoopbackPort } from '../apps/server/src/testing/test-app.js'
import { basicHeader, cleanUpServers, newDataDir, startServer, stopServer, type StartedServer } from '../apps/server/test/server-process.js'
import { benchCleanups } from './cleanups.js'
import { LoadGenerator, measure, measurePair, resultsDir, type ScenarioSpec } from './measure.js'
import { seedCompanies } from './our-app.js'
import { createBenchDatabase, DEFAULT_DATABASE_URL, describeServer } from './postgres.js'
import { formatRuns, machineFacts, percent, runBench, writeResults, type RunResult } from './report.js'
import { numberFromEnv } from './settings.js'

const settings = {
  connections: numberFromEnv('BENCH_SCALEOUT_CONNECTIONS', 20, 1, 200),
  durationSeconds: numberFromEnv('BENCH_SCALEOUT_DURATION', 5, 1, 60, 'any'),
  warmupSeconds: numberFromEnv('BENCH_SCALEOUT_WARMUP', 2, 0, 30, 'any'),
  rounds: numberFromEnv('BENCH_SCALEOUT_ROUNDS', 2, 1, 5),
  companies: numberFromEnv('BENCH_COMPANIES', 10_000, 100, 1_000_000),
  /** Ids the requests rotate through, spread over the seeded companies. */
  idPoolSize: 1000,
  maxRequestsPerRun: 300_000,
  cpuProfile: false,
}

async function main(): Promise<void> {
  if (process.env.BENCH_SCALEOUT === '0') {
    console.log('Scale-out bench skipped (BENCH_SCALEOUT=0).')
    return
  }
  if (!isNginxInstalled()) {
    console.log(`Scale-out bench skipped: ${NGINX_PATH} is not installed (apt-get install -y nginx).`)
    return
  }
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
  const startedAt = new Date()
  const startLoad = os.loadavg().map((load) => Math.round(load * 100) / 100)
  const { global, postgresPart, cleanUp } = benchCleanups()
  global.push(() => cleanUpServers())

  try {
    const load = new LoadGenerator()
    global.push(() => load.close())
    const server = await describeServer(serverUrl)
    const bench = await createBenchDatabase(serverUrl)
    postgresPart.push(() => bench.drop())
    console.log(
      `Scale-out: GET company through nginx to 1 and 2 --role=api processes on PostgreSQL ${server.version} (database ${bench.name}); ` +
        `${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s per run, ${settings.rounds} rounds; ${os.cpus().length} CPUs`,
    )

    // Two API processes as a deployment runs them: the same environment, one PostgreSQL.
    const [nginxOnePort, nginxTwoPort, ...apiPorts] = await Promise.all([freeLoopbackPort(), freeLoopbackPort(), freeLoopbackPort(), freeLoopbackPort()])
    const apiKey = `lwk_bench_${randomBytes(24).toString('base64url')}`
    const env = {
      DATABASE_URL: bench.url,
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      LINKWAY_API_KEY: apiKey,
      SANDBOX_PLATFORMS: 'false',
      PUBLIC_URL: `http://127.0.0.1:${nginxTwoPort}`,
      TRUST_PROXY: '127.0.0.1',
      DATA_DIR: newDataDir(),
    }
    const apis: StartedServer[] = []
    for (const port of apiPorts) apis.push(await startServer({ ...env, PORT: String(port) }, ['--role=api']))
    postgresPart.push(async () => {
      for (const api of apis) await stopServer(api)
    })

    const database = await createDatabase({ backend: 'postgres', connectionString: bench.url, maxConnections: 2 }, { superviseJobs: false })
    const { id: clientId } = await database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()
    const seedStart = performance.now()
    const seeded = await seedCompanies(database, clientId, settings.companies)
    await sql`analyze`.execute(database.db)
    await database.close()
    console.log(`  seeded ${settings.companies} companies in ${Math.round(performance.now() - seedStart)} ms`)
    const ids = Array.from({ length: Math.min(settings.idPoolSize, seeded.length) }, (_, i) => seeded[Math.floor((i * seeded.length) / settings.idPoolSize)]!)

    const toOne = await startNginx({ port: nginxOnePort!, apiProcesses: [`127.0.0.1:${apiPorts[0]}`] })
    postgresPart.push(() => toOne.stop())
    const toTwo = await startNginx({ port: nginxTwoPort!, apiProcesses: apiPorts.map((port) => `127.0.0.1:${port}`) })
    postgresPart.push(() => toTwo.stop())

    const getCompany = (key: string, label: string, url: string): ScenarioSpec => ({
      key,
      label,
      request: 'GET /companies/{id}',
      url,
      method: 'GET',
      headers: { authorization: basicHeader(apiKey) },
      paths: ids.map((id) => `/companies/${id}`),
      databaseName: bench.name,
    })
    const direct = getCompany('direct', '1 API process, no nginx', apis[0]!.url)
    const one = getCompany('one', '1 API process behind nginx', toOne.url)
    const two = getCompany('two', '2 API processes behind nginx', toTwo.url)
    const runs: Record<string, RunResult> = {
      direct: await measure(load, direct, settings),
      ...(await measurePair(load, two, one, settings)),
    }
    await postgresPart.run()

    const scaling = runs.two!.requestsPerSecond / runs.one!.requestsPerSecond
    const nginxCost = runs.one!.requestsPerSecond / runs.direct!.requestsPerSecond
    const vs = new Map([
      ['one', `${percent(nginxCost)} of no nginx`],
      ['two', `${scaling.toFixed(2)}× 1 process`],
    ])
    const order = ['direct', 'one', 'two'].map((key) => runs[key]!)
    console.log('')
    console.log(formatRuns(`GET company on PostgreSQL ${server.version}, ${settings.connections} connections, ${settings.durationSeconds} s per run (pair: mean of ${settings.rounds} rounds)`, order, vs, 'compared'))
    const busy = order.map((run) => `${run.label}: ${run.cpu ? percent(run.cpu.machineBusy) : '?'}`).join('; ')
    console.log(`\nMachine busy (all ${os.cpus().length} CPUs): ${busy}`)
    if (os.cpus().length <= 2) console.log('On 2 CPUs the API processes, nginx, PostgreSQL and the load generator share two cores: a second process adds little here.')

    writeResults(resultsDir, 'scale-out', {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machineFacts(startLoad),
      settings: { ...settings, postgres: { version: server.version, synchronousCommit: server.synchronousCommit } },
      // The CPU split by process would name this bench process "server"; the servers are children here, so only the machine's busy share is kept.
      runs: Object.fromEntries(Object.entries(runs).map(([key, { cpu, ...run }]) => [key, { ...run, machineBusy: cpu?.machineBusy }])),
      twoOverOne: Math.round(scaling * 100) / 100,
      nginxOverDirect: Math.round(nginxCost * 100) / 100,
    })
  } finally {
    await cleanUp()
  }
}

await runBench('scale-out bench', main, process.env.DATABASE_URL || DEFAULT_DATABASE_URL)
