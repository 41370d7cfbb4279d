/**
 * @module `npm run bench:sync` (and the part of `npm run bench` before the scale-out bench): the data sync engine on
 * PostgreSQL, end to end through the real processes. Records per second from the sandbox platforms
 * into data_records for bank transactions (`bsbx`) and invoices (`mqjo`), each against two ceilings
 * measured in the same run (the platform alone: its pages fetched one after the other, stored
 * nowhere; PostgreSQL alone: the same rows inserted in the same batches, no platform), and the
 * worker's memory for a small and a large sync. Prints tables, reports the targets as met or
 * missed, and writes bench/results/sync.json. See docs/performance.md, "Data sync".
 *
 * The processes, as in a scale-out deployment: the sandbox platforms in a child process
 * (bench/link-browser.ts, which runs them), the API in this process (startOurServer, job queue
 * started so it can send `sync.dataset`), and the worker a child of its own,
 * `node --conditions=source --import tsx apps/server/src/main.ts --role=worker`, configured only by
 * its environment (NODE_OPTIONS=--max-old-space-size=512 as workers are deployed, DATABASE_URL,
 * ENCRYPTION_KEYS, SANDBOX_PLATFORMS=false, SANDBOX_URL, SANDBOX_CLIENT_SECRET, LOG_LEVEL=warn). Its memory is read from /proc/<pid>/status, so the
 * sandbox's and the API's memory are not in it.
 *
 * Environment: DATABASE_URL (a fresh linkway_bench_* database is created on that server and
 * dropped at the end), BENCH_SYNC=0 (skip this bench), BENCH_SYNC_TRANSACTIONS (bank transactions
 * per run, default 100000), BENCH_SYNC_INVOICES (invoices per run, default 50000),
 * BENCH_SYNC_ROUNDS (rounds of ours and the ceilings, default 2), BENCH_SYNC_MEMORY_SMALL and
 * BENCH_SYNC_MEMORY_LARGE (bank transactions of the two memory runs, each on a fresh worker;
 * defaults 10000 and 100000), BENCH_SYNC_TIMEOUT (seconds a sync may take at most, default 120),
 * BENCH_SYNC_WORKER_NODE_OPTIONS (NODE_OPTIONS of the worker; by default `--max-old-space-size=512`, as
 * workers are deployed; empty for V8's defaults).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DATA_TYPES } from '@linkway/contracts'
import { createDatabase, type Database } from '@linkway/db'
import { createPlatformCatalogue, type PageCursor, type PlatformCatalogue } from '@linkway/platform-data'
import { approveConsent } from '@linkway/sandbox-platforms'
import { createSecretBox } from '@linkway/vault'
import pg from 'pg'
import { systemClock, systemIds, systemRandom } from '../apps/server/src/app-deps.js'
import { createAppServices, type AppServices } from '../apps/server/src/app-services.js'
import { DEFAULT_PAGE_SIZE } from '../apps/server/src/modules/sync/dataset-runner.js'
import { createJobQueues } from '../apps/server/src/jobs.js'
import { WORKER_HEAP_OPTION } from '../apps/server/src/runtime/worker-heap.js'
import { freeLoopbackPort } from '../apps/server/src/testing/test-app.js'
import { ChildRpc } from './child-rpc.js'
import { benchCleanups, type Cleanups } from './cleanups.js'
import { cpuSnapshot, processMicros, type CpuSnapshot } from './cpu-usage.js'
import type { BrowserRequest, BrowserResult } from './link-browser.js'
import { resultsDir } from './measure.js'
import { BENCH_RATE_LIMITS, startOurServer, type OurServer } from './our-app.js'
import { createBenchDatabase, DEFAULT_DATABASE_URL, describeServer } from './postgres.js'
import { formatTable, formatTargets, machineFacts, percent, runBench, writeResults, type TargetCheck } from './report.js'
import { numberFromEnv } from './settings.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.join(here, '..')

export const settings = {
  transactions: numberFromEnv('BENCH_SYNC_TRANSACTIONS', 100_000, 1_000, 1_000_000),
  invoices: numberFromEnv('BENCH_SYNC_INVOICES', 50_000, 1_000, 1_000_000),
  /** Rounds of each of ours and the ceilings, in alternating order (A B B A). */
  rounds: numberFromEnv('BENCH_SYNC_ROUNDS', 2, 1, 5),
  memorySmall: numberFromEnv('BENCH_SYNC_MEMORY_SMALL', 10_000, 1_000, 1_000_000),
  memoryLarge: numberFromEnv('BENCH_SYNC_MEMORY_LARGE', 100_000, 1_000, 1_000_000),
  timeoutSeconds: numberFromEnv('BENCH_SYNC_TIMEOUT', 120, 5, 1_800),
  /**
   * NODE_OPTIONS for the worker: by default the heap limit a worker is deployed with
   * (WORKER_HEAP_OPTION); set it to try other V8 settings, or to nothing for V8's defaults.
   */
  workerNodeOptions: process.env.BENCH_SYNC_WORKER_NODE_OPTIONS ?? WORKER_HEAP_OPTION,
  /** What the worker asks for per page (the engine's default; the sandbox's maximum is 1000 too). */
  pageSize: DEFAULT_PAGE_SIZE,
  /** The API's pool, as DATABASE_POOL_SIZE's default; the worker uses that default too. */
  poolSize: 10,
  rssEveryMs: 50,
  /**
   * How often the bench asks whether the dataset is complete. Records/s come from the dataset's own
   * timestamps, so this only bounds when the bench notices; each poll is an API request on the same
   * two cores as the sync (every 50 ms cost about 5 µs of the API's CPU per bank transaction,
   * which the ceilings never paid).
   */
  pollEveryMs: 500,
  /** The worker's RSS "at idle" is the median of this long of samples just before the sync is queued. */
  idleMs: 1_000,
}

const RECORDS_PER_SECOND_TARGET = 20_000
const RSS_GROWTH_TARGET_MB = 100
/** "Flat": the large sync may grow the worker this much more than the small one, and no more. */
const FLAT_MEMORY_SLACK_MB = 25

/** One kind of sync: the data type on the wire, the sandbox dataset behind it. */
export interface SyncKind {
  key: 'transactions' | 'invoices'
  label: string
  platformKey: 'bsbx' | 'mqjo'
  dataType: 'banking-transactions' | 'invoices'
  /** The sandbox's platform and dataset, for its admin's dataset size. */
  sandbox: { platform: 'banking' | 'accounting'; dataset: 'transactions' | 'invoices' }
  records: number
}

const TRANSACTIONS: SyncKind = {
  key: 'transactions',
  label: 'Bank transactions (bsbx)',
  platformKey: 'bsbx',
  dataType: 'banking-transactions',
  sandbox: { platform: 'banking', dataset: 'transactions' },
  records: settings.transactions,
}
const INVOICES: SyncKind = {
  key: 'invoices',
  label: 'Invoices (mqjo)',
  platformKey: 'mqjo',
  dataType: 'invoices',
  sandbox: { platform: 'accounting', dataset: 'invoices' },
  records: settings.invoices,
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
export const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10

// ---------------------------------------------------------------------------------------------
// The processes: the sandbox platforms (a child), the worker (a child), their memory and CPU.

/** The sandbox platforms in a child process: bench/link-browser.ts runs them (its journeys are not used here). */
class SandboxProcess {
  readonly #rpc = new ChildRpc<BrowserRequest, BrowserResult>(path.join(here, 'link-browser.ts'), 'sandbox platforms')
  url = ''
  #adminToken = ''

  async start(client: { clientId: string; clientSecret: string }, redirectUri: string): Promise<void> {
    const reply = await this.#rpc.call({ type: 'startSandbox', client, redirectUri })
    if (reply.type !== 'sandbox') throw new Error('sandbox platforms: unexpected reply')
    this.url = reply.url
    this.#adminToken = reply.adminToken
  }

  /** Through the sandbox's admin routes (which answer only from this machine, with the admin token). */
  async setDatasetSize(kind: SyncKind, count: number): Promise<void> {
    const response = await fetch(`${this.url}/admin/dataset-size`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: kind.sandbox.platform, dataset: kind.sandbox.dataset, count }),
    })
    if (response.status !== 204) throw new Error(`the sandbox's dataset-size answered ${response.status}: ${await response.text()}`)
  }

  get pid(): number | undefined {
    return this.#rpc.pid
  }

  close(): void {
    this.#rpc.close()
  }
}

/** VmRSS and VmHWM (peak RSS since the process started) of a process, in kB; undefined once it is gone. */
export function readMemory(pid: number): { rssKb: number; hwmKb: number } | undefined {
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') }
}

/** VmRSS every `everyMs` until stopped. */
export class RssSampler {
  readonly samplesKb: number[] = []
  readonly #timer: NodeJS.Timeout

  constructor(pid: number, everyMs: number) {
    const sample = () => {
      const memory = readMemory(pid)
      if (memory) this.samplesKb.push(memory.rssKb)
    }
    sample()
    // Unref'd: a run that fails before stop() must not keep the bench from exiting.
    this.#timer = setInterval(sample, everyMs).unref()
  }

  stop(): number[] {
    clearInterval(this.#timer)
    return this.samplesKb
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

/** The worker: `main.ts --role=worker` in its own process, configured by its environment only. */
export class WorkerProcess {
  readonly #child: ChildProcess
  /** The last lines it printed, for the error when it fails. */
  readonly #output: string[] = []
  #exited: Promise<number | null>

  private constructor(child: ChildProcess) {
    this.#child = child
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue
        this.#output.push(line)
        if (this.#output.length > 40) this.#output.shift()
      }
    }
    child.stdout!.on('data', keep)
    child.stderr!.on('data', keep)
  }

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(repoRoot, 'apps/server/src/main.ts'), '--role=worker'], {
      cwd: repoRoot,
      // Only what the worker needs, so nothing of this shell's Linkway settings leaks in.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const worker = new WorkerProcess(child)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the worker did not start within 60 s:\n${worker.output()}`)), 60_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('Linkway worker running')) {
          clearTimeout(timer)
          resolve()
        }
      })
      void worker.#exited.then((code) => {
        clearTimeout(timer)
        reject(new Error(`the worker exited with code ${code} before it started:\n${worker.output()}`))
      })
    })
    return worker
  }

  get pid(): number {
    return this.#child.pid!
  }

  output(): string {
    return this.#output.map((line) => `    ${line}`).join('\n')
  }

  /** Whether it is still running, or how it ended (a sync that never starts may be a worker that died). */
  state(): string {
    if (this.#child.signalCode !== null) return `ended by ${this.#child.signalCode}`
    if (this.#child.exitCode !== null) return `exited with code ${this.#child.exitCode}`
    return 'running'
  }

  /** SIGTERM (it finishes its job and closes its pool), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return
    this.#child.kill('SIGTERM')
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 15_000)
    await this.#exited
    clearTimeout(timer)
  }
}

/** CPU of every process taking part, per record, in µs. */
export interface CpuPerRecord {
  worker: number
  postgres: number
  sandbox: number
  /** This process: the API (the queue request, the polls, the link) or the ceiling's client. */
  bench: number
  other: number
  /** Busy share of all cores, 0–1. */
  machineBusy: number
}

interface CpuMark {
  snapshot: CpuSnapshot | undefined
  sandboxMicros: number
}

export function cpuMark(workerPid: number, sandboxPid: number | undefined, databaseName: string): CpuMark {
  return { snapshot: cpuSnapshot(workerPid, databaseName), sandboxMicros: sandboxPid === undefined ? 0 : processMicros(sandboxPid) }
}

export function cpuPerRecord(before: CpuMark, after: CpuMark, records: number): CpuPerRecord | undefined {
  const [b, a] = [before.snapshot, after.snapshot]
  if (!b || !a || records === 0) return undefined
  let postgres = 0
  for (const [pid, micros] of a.postgresMicros) {
    const earlier = b.postgresMicros.get(pid) ?? 0
    postgres += micros >= earlier ? micros - earlier : micros
  }
  const bench = a.serverMicros - b.serverMicros
  const worker = a.loadGeneratorMicros - b.loadGeneratorMicros
  const sandbox = after.sandboxMicros - before.sandboxMicros
  const busy = a.machineBusyMicros - b.machineBusyMicros
  const perRecord = (micros: number) => Math.round((micros / records) * 10) / 10
  return {
    worker: perRecord(worker),
    postgres: perRecord(postgres),
    sandbox: perRecord(sandbox),
    bench: perRecord(bench),
    other: perRecord(Math.max(0, busy - worker - postgres - sandbox - bench)),
    machineBusy: Math.round((busy / ((a.atMs - b.atMs) * 1000 * os.cpus().length)) * 1000) / 1000,
  }
}

// ---------------------------------------------------------------------------------------------
// The API side: our server, a client whose first links queue nothing, connections linked through
// the sandbox's consent page.

export interface Setup {
  server: OurServer
  services: AppServices
  catalogue: PlatformCatalogue
  sandbox: SandboxProcess
  database: Database
  databaseName: string
  /** The worker's environment. */
  workerEnv: Record<string, string>
}

export async function api<T>(server: OurServer, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: server.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/** A browser's GET that stays on loopback and follows no redirect. */
export async function browserGet(url: string): Promise<{ status: number; location: string | null }> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the bench stays on loopback: ${url}`)
  const response = await fetch(url, { redirect: 'manual' })
  await response.arrayBuffer()
  return { status: response.status, location: response.headers.get('location') }
}

/** A new company with one connection to the platform, linked as a person would: Link URL, consent page, callback. */
async function linkConnection(setup: Setup, kind: SyncKind): Promise<{ companyId: string; connectionId: string }> {
  const company = await api<{ id: string }>(setup.server, 'POST', '/companies', { name: `Sync bench ${kind.key}` })
  const connection = await api<{ id: string; linkUrl: string }>(setup.server, 'POST', `/companies/${company.id}/connections`, { platformKey: kind.platformKey })
  const started = await browserGet(connection.linkUrl)
  if (started.status !== 302 || !started.location?.startsWith(`${setup.sandbox.url}/`)) throw new Error(`the Link URL answered ${started.status} to ${started.location}, not a redirect to the sandbox`)
  const callback = await approveConsent(started.location)
  const done = await browserGet(callback)
  if (done.status !== 302 && done.status !== 200) throw new Error(`the callback answered ${done.status}`)
  const linked = await api<{ status: string }>(setup.server, 'GET', `/companies/${company.id}/connections/${connection.id}`)
  if (linked.status !== 'Linked') throw new Error(`the connection is ${linked.status} after the consent, not Linked`)
  return { companyId: company.id, connectionId: connection.id }
}

export async function setUp(benchUrl: string, databaseName: string, cleanups: Cleanups): Promise<Setup> {
  const database = await createDatabase({ backend: 'postgres', connectionString: benchUrl, maxConnections: settings.poolSize }, { superviseJobs: false })
  cleanups.push(() => database.close())
  await database.migrate()
  // As --role=api: the queue is started (to send jobs in the request's transaction) but not supervised.
  await database.queue.start()
  await createJobQueues(database.queue)

  // Linkway's OAuth client at the sandbox: the worker is told the same secret, and the callback
  // URL (so the port) must be known before the sandbox starts.
  const port = await freeLoopbackPort()
  const sandboxClient = { clientId: 'linkway', clientSecret: randomBytes(32).toString('base64url') }
  const sandbox = new SandboxProcess()
  cleanups.push(() => sandbox.close())
  await sandbox.start(sandboxClient, `http://127.0.0.1:${port}/link/oauth/callback`)

  const encryptionKey = { id: 'bench', key: randomBytes(32) }
  const secrets = createSecretBox([encryptionKey])
  const catalogue = createPlatformCatalogue({ sandboxUrl: sandbox.url })
  const server = await startOurServer(database, { catalogue, sandboxClient, listenPort: port, secrets })
  cleanups.push(() => server.close())
  // The bench's own view of the services, for the access token the platform ceiling reads with.
  const services = createAppServices({ database, clock: systemClock, ids: systemIds, random: systemRandom, secrets, catalogue, sandboxClient, config: { publicUrl: server.publicUrl, webhookOutboundPolicy: { allowLoopback: true, allowPrivate: false }, rateLimits: BENCH_RATE_LIMITS } })

  // Every data type off on first link and on no schedule: a sync runs only when the bench queues it.
  await api(server, 'POST', '/profile/syncSettings', { settings: DATA_TYPES.map((dataType, index) => ({ dataType, fetchOnFirstLink: false, syncSchedule: 0, syncOrder: index })) })

  const workerEnv = {
    DATABASE_URL: benchUrl,
    ENCRYPTION_KEYS: `${encryptionKey.id}:${encryptionKey.key.toString('base64')}`,
    SANDBOX_PLATFORMS: 'false',
    SANDBOX_URL: sandbox.url,
    SANDBOX_CLIENT_SECRET: sandboxClient.clientSecret,
    LOG_LEVEL: 'warn',
    ...(settings.workerNodeOptions ? { NODE_OPTIONS: settings.workerNodeOptions } : {}),
  }
  return { server, services, catalogue, sandbox, database, databaseName, workerEnv }
}

// ---------------------------------------------------------------------------------------------
// Ours: one sync, queued through the API and run by the worker process.

interface SyncRun {
  key: string
  label: string
  records: number
  /** From the dataset's `requested` to its `completed` (the API's and the worker's clocks: one machine). */
  seconds: number
  recordsPerSecond: number
  /** From `requested` until the worker took the dataset (`started`): the job queue's pick-up. */
  pickUpMs: number
  /** From the queue request until a poll saw it Complete, in this process. */
  observedSeconds: number
  pages: number
  memory: { idleMb: number; peakMb: number; growthMb: number; highWaterMb: number; /** VmRSS every 50 ms from the queue request on. */ timelineMb: number[] }
  cpu?: CpuPerRecord
  datasetId: string
  connectionId: string
}

async function runSync(setup: Setup, worker: WorkerProcess, kind: SyncKind, records: number, label: string): Promise<SyncRun> {
  process.stdout.write(`  ${label.padEnd(48)} `)
  await setup.sandbox.setDatasetSize(kind, records)
  const { companyId, connectionId } = await linkConnection(setup, kind)

  const idle = new RssSampler(worker.pid, settings.rssEveryMs)
  await sleep(settings.idleMs)
  const idleKb = median(idle.stop())

  const sampler = new RssSampler(worker.pid, settings.rssEveryMs)
  const cpuBefore = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
  const began = performance.now()
  const queued = await api<{ id: string }>(setup.server, 'POST', `/companies/${companyId}/data/queue/${kind.dataType}?connectionId=${connectionId}`)
  type Dataset = { status: string; isCompleted: boolean; recordsRead: number; errorMessage?: string; statusDescription?: string }
  let dataset: Dataset
  const deadline = began + settings.timeoutSeconds * 1000
  for (;;) {
    dataset = await api<Dataset>(setup.server, 'GET', `/companies/${companyId}/data/history/${queued.id}`)
    if (dataset.isCompleted) break
    if (performance.now() > deadline) {
      throw new Error(`${label}: still ${dataset.status} after ${settings.timeoutSeconds} s (BENCH_SYNC_TIMEOUT), ${dataset.recordsRead} records read; the worker is ${worker.state()}:\n${worker.output()}`)
    }
    await sleep(settings.pollEveryMs)
  }
  const observedSeconds = (performance.now() - began) / 1000
  const cpuAfter = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
  const samplesKb = sampler.stop()
  const peakKb = Math.max(...samplesKb)
  const highWaterKb = readMemory(worker.pid)?.hwmKb ?? Number.NaN
  if (dataset.status !== 'Complete' || dataset.recordsRead !== records) {
    throw new Error(`${label}: the dataset ended ${dataset.status} with ${dataset.recordsRead} of ${records} records: ${dataset.errorMessage ?? dataset.statusDescription ?? ''}\n  worker output:\n${worker.output()}`)
  }
  const row = await setup.database.db.selectFrom('datasets').select(['requested', 'started', 'completed']).where('id', '=', queued.id).executeTakeFirstOrThrow()
  const seconds = (row.completed!.getTime() - row.requested.getTime()) / 1000
  const run: SyncRun = {
    key: kind.key,
    label,
    records,
    seconds,
    recordsPerSecond: records / seconds,
    pickUpMs: row.started!.getTime() - row.requested.getTime(),
    observedSeconds: Math.round(observedSeconds * 1000) / 1000,
    pages: Math.ceil(records / settings.pageSize),
    memory: { idleMb: mb(idleKb), peakMb: mb(peakKb), growthMb: mb(peakKb - idleKb), highWaterMb: mb(highWaterKb), timelineMb: samplesKb.map(mb) },
    ...withCpu(cpuPerRecord(cpuBefore, cpuAfter, records)),
    datasetId: queued.id,
    connectionId,
  }
  console.log(
    `${thousands(run.recordsPerSecond)} records/s (${run.seconds.toFixed(2)} s, picked up after ${run.pickUpMs} ms); ` +
      `worker RSS ${run.memory.idleMb} → ${run.memory.peakMb} MB (+${run.memory.growthMb})`,
  )
  return run
}

export function withCpu(cpu: CpuPerRecord | undefined): { cpu?: CpuPerRecord } {
  return cpu ? { cpu } : {}
}

// ---------------------------------------------------------------------------------------------
// The ceilings.

export interface CeilingRun {
  key: string
  label: string
  records: number
  seconds: number
  recordsPerSecond: number
  pages: number
  cpu?: CpuPerRecord
}

/**
 * The platform alone: the same requests the worker sends (the data source's, page after page until
 * `hasMore` is false, with one access token), one after the other, each body read as JSON and
 * dropped. No mapping, no storage, no token lookups, no next page fetched while one is stored.
 */
async function platformCeiling(setup: Setup, worker: WorkerProcess, kind: SyncKind, connectionId: string): Promise<CeilingRun> {
  const label = `Ceiling: platform alone, ${kind.key}`
  process.stdout.write(`  ${label.padEnd(48)} `)
  await setup.sandbox.setDatasetSize(kind, kind.records)
  const platform = setup.catalogue.get(kind.platformKey)
  const source = platform?.dataSources[kind.dataType]
  if (!platform?.canSync(kind.dataType) || !source) throw new Error(`${kind.platformKey} has no data source for ${kind.dataType}`)
  const context = { baseUrl: platform.apiBaseUrl.replace(/\/+$/, ''), connectionInfo: {}, modifiedSince: undefined, pageSize: settings.pageSize }
  const accessToken = await setup.services.vault.withAccessToken(connectionId, async (token) => token)

  const cpuBefore = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
  const began = performance.now()
  let records = 0
  let pages = 0
  let cursor: PageCursor | undefined
  for (let page = 1; ; page++) {
    const request = source.request(context, cursor)
    const response = await fetch(request.url, { headers: { ...request.headers, authorization: `Bearer ${accessToken}`, accept: 'application/json' } })
    if (response.status !== 200) throw new Error(`${label}: page ${page} answered ${response.status}: ${(await response.text()).slice(0, 200)}`)
    const body = (await response.json()) as { items: unknown[]; page: number; pageSize: number; hasMore: boolean }
    records += body.items.length
    pages++
    if (!body.hasMore) break
    // The sandbox sources' cursor, as their read() makes it, without mapping the page.
    cursor = { page: body.page + 1, pageSize: body.pageSize }
  }
  const seconds = (performance.now() - began) / 1000
  const cpuAfter = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
  if (records !== kind.records) throw new Error(`${label}: read ${records} records, not ${kind.records}`)
  const run: CeilingRun = { key: `platform-${kind.key}`, label, records, seconds, recordsPerSecond: records / seconds, pages, ...withCpu(cpuPerRecord(cpuBefore, cpuAfter, records)) }
  console.log(`${thousands(run.recordsPerSecond)} records/s (${run.seconds.toFixed(2)} s, ${pages} pages)`)
  return run
}

/** Rows as the engine sends them to upsertRecords: id, modified time, the record in the unified model. */
type StoredRecord = { id: string; modifiedAt: string | null; data: unknown }

/** A page of records the engine stored (its JSON, byte for byte), for the PostgreSQL ceiling to insert again. */
export async function storedSample(database: Database, datasetId: string): Promise<StoredRecord[]> {
  const rows = await database.db
    .selectFrom('data_records')
    .select(['record_id', 'modified_at', 'data'])
    .where('dataset_id', '=', datasetId)
    .orderBy('record_id')
    .limit(settings.pageSize)
    .execute()
  return rows.map((row) => ({ id: row.record_id, modifiedAt: row.modified_at ? row.modified_at.toISOString() : null, data: row.data }))
}

/**
 * PostgreSQL alone: as many rows as the sync, in batches of the page size, each batch one
 * autocommitted `INSERT … SELECT FROM jsonb_to_recordset($json)` into a table like data_records
 * (same columns and indexes: since migration 0019 its primary key alone; no foreign key, as
 * data_records), from one pg.Client. The batches are the stored records of one of our pages under
 * new random UUIDs (the sandbox's ids are UUIDs too: keys in sequence would only ever append to
 * the right edge of the indexes, which is cheaper); each batch is serialised to JSON in the loop,
 * as the engine does.
 */
export async function postgresCeiling(setup: Setup, worker: WorkerProcess, benchUrl: string, kind: SyncKind, sample: StoredRecord[]): Promise<CeilingRun> {
  const label = `Ceiling: PostgreSQL alone, ${kind.key}`
  process.stdout.write(`  ${label.padEnd(48)} `)
  // One table for both kinds, kept across the rounds: it grows as data_records does (random keys cost more in a larger index).
  const table = 'sync_ceiling'
  const client = new pg.Client({ connectionString: benchUrl })
  await client.connect()
  try {
    await client.query(`create table if not exists ${table} (like data_records including defaults including indexes)`)
    const target = [systemIds.uuid(), kind.dataType, systemIds.uuid(), systemIds.uuid(), systemIds.uuid()] as const
    const cpuBefore = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
    const began = performance.now()
    let pages = 0
    for (let offset = 0; offset < kind.records; offset += settings.pageSize) {
      const batch: StoredRecord[] = []
      for (let i = offset; i < Math.min(kind.records, offset + settings.pageSize); i++) {
        const record = sample[i % sample.length]!
        batch.push({ id: randomUUID(), modifiedAt: record.modifiedAt, data: record.data })
      }
      await client.query(
        `insert into ${table} (connection_id, data_type, record_id, client_id, company_id, modified_at, dataset_id, data)
         select $1::uuid, $2, r.id, $3::uuid, $4::uuid, r."modifiedAt", $5::uuid, r.data from jsonb_to_recordset($6::jsonb) as r(id text, "modifiedAt" timestamptz, data jsonb)`,
        [...target, JSON.stringify(batch)],
      )
      pages++
    }
    const seconds = (performance.now() - began) / 1000
    const cpuAfter = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
    const run: CeilingRun = { key: `postgres-${kind.key}`, label, records: kind.records, seconds, recordsPerSecond: kind.records / seconds, pages, ...withCpu(cpuPerRecord(cpuBefore, cpuAfter, kind.records)) }
    console.log(`${thousands(run.recordsPerSecond)} records/s (${run.seconds.toFixed(2)} s, ${pages} statements)`)
    return run
  } finally {
    await client.end()
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

interface Combined {
  key: string
  label: string
  records: number
  seconds: number
  recordsPerSecond: number
  /** Half the spread of the rounds' records/s, relative to their mean. */
  spread: number | undefined
  pickUpMs?: number
  cpu?: CpuPerRecord
  rounds: Array<SyncRun | CeilingRun>
}

export function combine(runs: Array<SyncRun | CeilingRun>): Combined {
  const first = runs[0]!
  const rates = runs.map((run) => run.recordsPerSecond)
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
  const recordsPerSecond = mean(rates)
  const cpus = runs.map((run) => run.cpu).filter((cpu): cpu is CpuPerRecord => cpu !== undefined)
  const round1 = (value: number) => Math.round(value * 10) / 10
  const cpu: CpuPerRecord | undefined =
    cpus.length === runs.length
      ? {
          worker: round1(mean(cpus.map((c) => c.worker))),
          postgres: round1(mean(cpus.map((c) => c.postgres))),
          sandbox: round1(mean(cpus.map((c) => c.sandbox))),
          bench: round1(mean(cpus.map((c) => c.bench))),
          other: round1(mean(cpus.map((c) => c.other))),
          machineBusy: Math.round(mean(cpus.map((c) => c.machineBusy)) * 1000) / 1000,
        }
      : undefined
  const pickUps = runs.map((run) => ('pickUpMs' in run ? run.pickUpMs : undefined)).filter((ms): ms is number => ms !== undefined)
  return {
    key: first.key,
    label: first.label,
    records: first.records,
    seconds: mean(runs.map((run) => run.seconds)),
    recordsPerSecond,
    spread: runs.length > 1 ? (Math.max(...rates) - Math.min(...rates)) / 2 / recordsPerSecond : undefined,
    ...(pickUps.length > 0 ? { pickUpMs: Math.round(mean(pickUps)) } : {}),
    ...(cpu ? { cpu } : {}),
    rounds: runs,
  }
}

export function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

export function runsTable(title: string, rows: Array<{ run: Combined; vs: string }>): string {
  return formatTable(
    title,
    ['Run', 'records', 's', 'records/s', '±', 'vs lower ceiling', 'pick-up ms', 'worker µs/rec', 'PostgreSQL µs/rec', 'sandbox µs/rec', 'bench µs/rec', 'other µs/rec', 'machine busy'],
    rows.map(({ run, vs }) => [
      run.label,
      thousands(run.records),
      run.seconds.toFixed(2),
      thousands(run.recordsPerSecond),
      run.spread === undefined ? '' : percent(run.spread),
      vs,
      run.pickUpMs === undefined ? '' : String(run.pickUpMs),
      run.cpu ? run.cpu.worker.toFixed(1) : '',
      run.cpu ? run.cpu.postgres.toFixed(1) : '',
      run.cpu ? run.cpu.sandbox.toFixed(1) : '',
      run.cpu ? run.cpu.bench.toFixed(1) : '',
      run.cpu ? run.cpu.other.toFixed(1) : '',
      run.cpu ? percent(run.cpu.machineBusy) : '',
    ]),
  )
}

function memoryTable(title: string, runs: SyncRun[]): string {
  return formatTable(
    title,
    ['Run', 'idle RSS MB', 'peak RSS MB', 'growth MB', 'VmHWM MB', 'records/s'],
    runs.map((run) => [run.label, String(run.memory.idleMb), String(run.memory.peakMb), String(run.memory.growthMb), String(run.memory.highWaterMb), thousands(run.recordsPerSecond)]),
  )
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (process.env.BENCH_SYNC === '0') {
    console.log('Data sync bench skipped (BENCH_SYNC=0).')
    return
  }
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
  const startedAt = new Date()
  const startLoad = os.loadavg().map((load) => Math.round(load * 100) / 100)
  const { postgresPart, cleanUp } = benchCleanups()

  try {
    const server = await describeServer(serverUrl)
    const bench = await createBenchDatabase(serverUrl)
    postgresPart.push(() => bench.drop())
    const safeUrl = new URL(serverUrl)
    safeUrl.password = ''
    console.log(
      `Data sync: PostgreSQL ${server.version} at ${safeUrl.host} (database ${bench.name}); ${thousands(settings.transactions)} bank transactions and ` +
        `${thousands(settings.invoices)} invoices per run, ${settings.rounds} rounds, page size ${settings.pageSize}; ${os.cpus().length} CPUs`,
    )
    const setup = await setUp(bench.url, bench.name, postgresPart)

    // ----- Memory: a fresh worker for each size, so neither inherits the other's heap. -----
    const memoryRuns: SyncRun[] = []
    let worker: WorkerProcess | undefined
    for (const size of [settings.memorySmall, settings.memoryLarge]) {
      await worker?.stop()
      worker = await WorkerProcess.start(setup.workerEnv)
      const started = worker
      postgresPart.push(() => started.stop())
      memoryRuns.push(await runSync(setup, worker, TRANSACTIONS, size, `Memory: ${thousands(size)} bank transactions, fresh worker`))
    }
    const warmWorker = worker!
    // The PostgreSQL ceiling inserts again a page of what the engine stored, under new ids.
    const transactionsSample = await storedSample(setup.database, memoryRuns.at(-1)!.datasetId)
    let invoicesSample: StoredRecord[] | undefined

    // ----- Throughput: ours and the ceilings, rounds in alternating order, on the warm worker. -----
    const rounds: Record<string, Array<SyncRun | CeilingRun>> = {}
    const record = (run: SyncRun | CeilingRun) => (rounds[run.key] ??= []).push(run)
    const lastConnection: Partial<Record<SyncKind['key'], string>> = {}
    const ours = async (kind: SyncKind) => {
      const run = await runSync(setup, warmWorker, kind, kind.records, kind.label)
      lastConnection[kind.key] = run.connectionId
      if (kind.key === 'invoices') invoicesSample ??= await storedSample(setup.database, run.datasetId)
      record(run)
    }
    const ceilings = async (kind: SyncKind) => {
      record(await platformCeiling(setup, warmWorker, kind, lastConnection[kind.key]!))
      record(await postgresCeiling(setup, warmWorker, bench.url, kind, kind.key === 'invoices' ? invoicesSample! : transactionsSample))
    }
    for (let round = 1; round <= settings.rounds; round++) {
      console.log(`  round ${round} of ${settings.rounds}`)
      for (const kind of [TRANSACTIONS, INVOICES]) {
        if (round % 2 === 1) {
          await ours(kind)
          await ceilings(kind)
        } else {
          await ceilings(kind)
          await ours(kind)
        }
      }
    }
    const meanBytes = (sample: StoredRecord[]) => Math.round(sample.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record.data)), 0) / sample.length)
    const recordBytes = { transactions: meanBytes(transactionsSample), invoices: meanBytes(invoicesSample!) }
    await postgresPart.run() // stops the workers, the sandbox and our server, drops the bench database

    // ----- Report -----
    const combined = Object.fromEntries(Object.entries(rounds).map(([key, runs]) => [key, combine(runs)]))
    const rows: Array<{ run: Combined; vs: string }> = []
    const comparisons: Array<{ kind: SyncKind['key']; ratio: number; ceiling: string }> = []
    for (const kind of [TRANSACTIONS, INVOICES]) {
      const platform = combined[`platform-${kind.key}`]!
      const postgres = combined[`postgres-${kind.key}`]!
      const lower = platform.recordsPerSecond <= postgres.recordsPerSecond ? platform : postgres
      const ratio = combined[kind.key]!.recordsPerSecond / lower.recordsPerSecond
      comparisons.push({ kind: kind.key, ratio, ceiling: lower.key })
      rows.push({ run: combined[kind.key]!, vs: `${percent(ratio)} of ${lower.label.replace('Ceiling: ', '').replace(`, ${kind.key}`, '')}` })
    }
    for (const kind of [TRANSACTIONS, INVOICES]) for (const ceiling of ['platform', 'postgres']) rows.push({ run: combined[`${ceiling}-${kind.key}`]!, vs: '' })

    console.log('')
    console.log(
      runsTable(
        `Data sync on PostgreSQL ${server.version}, page size ${settings.pageSize}` +
          (settings.rounds > 1 ? `, mean records/s of ${settings.rounds} rounds (± is half the spread)` : '') +
          `; records of ${recordBytes.transactions} (transactions) and ${recordBytes.invoices} (invoices) bytes of JSON on average; CPU per record by process, µs`,
        rows,
      ),
    )
    console.log('')
    console.log(memoryTable('Worker memory (a fresh worker per run; idle: the median RSS over the second before the sync was queued; peak: every 50 ms; VmHWM: since the worker started)', memoryRuns))

    const [small, large] = memoryRuns as [SyncRun, SyncRun]
    const targets: TargetCheck[] = [
      ...[TRANSACTIONS, INVOICES].map((kind) => ({
        name: `${kind.label}: ${thousands(kind.records)} synced`,
        value: `${thousands(combined[kind.key]!.recordsPerSecond)} records/s`,
        target: `≥ ${thousands(RECORDS_PER_SECOND_TARGET)} records/s`,
        met: combined[kind.key]!.recordsPerSecond >= RECORDS_PER_SECOND_TARGET,
      })),
      ...memoryRuns.map((run) => ({
        name: `Worker RSS growth, ${thousands(run.records)} bank transactions`,
        value: `${run.memory.growthMb} MB`,
        target: `≤ ${RSS_GROWTH_TARGET_MB} MB`,
        met: run.memory.growthMb <= RSS_GROWTH_TARGET_MB,
      })),
      {
        name: `Memory flat: growth at ${thousands(large.records)} − growth at ${thousands(small.records)}`,
        value: `${Math.round((large.memory.growthMb - small.memory.growthMb) * 10) / 10} MB`,
        target: `≤ ${FLAT_MEMORY_SLACK_MB} MB`,
        met: large.memory.growthMb - small.memory.growthMb <= FLAT_MEMORY_SLACK_MB,
      },
    ]
    console.log('')
    console.log(formatTargets('Targets (PostgreSQL)', targets))
    const allMet = targets.every((t) => t.met)
    console.log(allMet ? '\nAll targets met.' : `\n${targets.filter((t) => !t.met).length} of ${targets.length} targets missed.`)

    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machineFacts(startLoad),
      settings: { ...settings, postgres: { version: server.version, host: safeUrl.host, synchronousCommit: server.synchronousCommit } },
      recordBytes,
      runs: combined,
      comparisons,
      memory: memoryRuns,
      targets,
      allTargetsMet: allMet,
    }
    writeResults(resultsDir, 'sync', report)
  } finally {
    await cleanUp()
  }
}

// Only as the script run: bench/company-sync.ts imports this module's parts, and importing must not run this bench.
if (fileURLToPath(import.meta.url) === path.resolve(process.argv[1] ?? '')) await runBench('\nsync bench', main, process.env.DATABASE_URL || DEFAULT_DATABASE_URL)
