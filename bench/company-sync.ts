/**
 * @module `npm run bench:company-sync` (and the last part of `npm run bench`): a full sync of every data type
 * for one realistic small business, two years of books, through the same real processes as bench/sync.ts
 * (the sandbox platforms a child, the API in this process, the worker a child exactly as deployed), against
 * the same two ceilings measured in the same run for the same company. Prints tables and writes
 * bench/results/company-sync.json. See docs/performance.md, "Full company sync".
 *
 * The company has two connections linked through the sandbox's consent page: Sandbox accounting (mqjo, every
 * accounting data type, 20,000 bank-account lines among them) and Sandbox bank (bsbx, 20,000 bank
 * transactions). The client's sync settings put every data type on first link, so linking queues them all;
 * the bench waits until every dataset is completed and stops with an error unless all are Complete.
 *
 * Environment: DATABASE_URL (a fresh linkway_bench_* database is created there and dropped at the end),
 * BENCH_COMPANY_SYNC=0 (skip this bench), BENCH_COMPANY_SYNC_TIMEOUT (seconds from the first link until every
 * dataset must be completed, default 150), BENCH_SYNC_WORKER_NODE_OPTIONS (as for bench/sync.ts).
 */
import os from 'node:os'
import { DATA_TYPES, type DataType } from '@linkway/contracts'
import type { DataSource, PageCursor } from '@linkway/platform-data'
import { approveConsent } from '@linkway/sandbox-platforms'
import { benchCleanups } from './cleanups.js'
import { resultsDir } from './measure.js'
import { createBenchDatabase, DEFAULT_DATABASE_URL, describeServer } from './postgres.js'
import { formatTable, machineFacts, percent, runBench, writeResults } from './report.js'
import { numberFromEnv } from './settings.js'
import {
  api,
  browserGet,
  combine,
  cpuMark,
  cpuPerRecord,
  mb,
  median,
  postgresCeiling,
  readMemory,
  RssSampler,
  runsTable,
  settings as syncSettings,
  setUp,
  sleep,
  storedSample,
  thousands,
  withCpu,
  WorkerProcess,
  type CeilingRun,
  type CpuPerRecord,
  type Setup,
  type SyncKind,
} from './sync.js'

const settings = {
  timeoutSeconds: numberFromEnv('BENCH_COMPANY_SYNC_TIMEOUT', 150, 10, 1_800),
  /** Thirty-odd datasets finish within seconds of each other: polling faster only adds API load. */
  pollEveryMs: 100,
  /** SYNC_CONCURRENCY's default, which the worker runs with: the platform ceiling is also read with this many readers. */
  workerConcurrency: 2,
}

/**
 * Two years of a small business's books, by sandbox dataset (`POST /admin/dataset-size`): 5,000 invoices, 500
 * items, 20,000 bank transactions, and the rest in proportion. A dataset not named keeps the sandbox's default
 * (tax rates 8, tracking categories 11, payment methods 5, journals 6, transaction categories: the sandbox's list).
 */
const COMPANY_BOOKS = {
  accounting: {
    accounts: 120,
    customers: 400,
    suppliers: 150,
    invoices: 5_000,
    bills: 2_500,
    payments: 4_000,
    bankAccounts: 4,
    journalEntries: 300,
    items: 500,
    // The ledger's side of the bank: the payments received, banked.
    accountTransactions: 4_000,
    bankTransactions: 20_000,
    // About two a month between the business's own accounts.
    transfers: 48,
    creditNotes: 200,
    billCreditNotes: 100,
    billPayments: 2_000,
    directCosts: 300,
    directIncomes: 100,
    itemReceipts: 200,
    purchaseOrders: 300,
    salesOrders: 300,
  },
  banking: {
    accounts: 4,
    // A month-end balance of each account for two years.
    balances: 96,
    transactions: 20_000,
  },
} as const

/** The two connections, in the order they are linked. */
const PLATFORMS = [
  { key: 'mqjo', sandboxPlatform: 'accounting' },
  { key: 'bsbx', sandboxPlatform: 'banking' },
] as const

/**
 * bench/sync.ts's helpers take its SyncKind, whose literal types name its two datasets; they read only
 * `sandbox` (setDatasetSize) and `key`, `dataType`, `records` (postgresCeiling), so any dataset fits.
 */
function kindOf(fields: { key: string; dataType: string; records: number; sandbox?: { platform: string; dataset: string } }): SyncKind {
  return fields as unknown as SyncKind
}

/** A connection's dataset, as the datasets table has it at the end. */
interface DatasetRun {
  datasetId: string
  connectionId: string
  platformKey: string
  dataType: DataType
  status: string
  records: number
  /** From `requested` (the link's transaction) to `completed`: waiting for a free slot included. */
  queuedToCompletedSeconds: number
  /** From `started` to `completed`: the dataset's own run. */
  ranSeconds: number
  /** From `requested` until the worker took it. */
  pickUpMs: number
  completedAtMs: number
}

interface Connection {
  platformKey: string
  connectionId: string
}

// ---------------------------------------------------------------------------------------------
// Ours.

/**
 * One more connection on the company, linked as a person would (Link URL, consent page, callback). Unlike
 * bench/sync.ts's linkConnection it links into a company it is given, and says when the callback was
 * requested: the link, which queues the first sync in its transaction.
 */
async function linkToCompany(setup: Setup, companyId: string, platformKey: string): Promise<{ connectionId: string; callbackAtMs: number }> {
  const connection = await api<{ id: string; linkUrl: string }>(setup.server, 'POST', `/companies/${companyId}/connections`, { platformKey })
  const started = await browserGet(connection.linkUrl)
  if (started.status !== 302 || !started.location?.startsWith(`${setup.sandbox.url}/`)) throw new Error(`the Link URL answered ${started.status} to ${started.location}, not a redirect to the sandbox`)
  const callback = await approveConsent(started.location)
  const callbackAtMs = Date.now()
  const done = await browserGet(callback)
  if (done.status !== 302 && done.status !== 200) throw new Error(`the callback answered ${done.status}`)
  return { connectionId: connection.id, callbackAtMs }
}

interface CompanySync {
  companyId: string
  connections: Connection[]
  datasets: DatasetRun[]
  records: number
  /** From the first callback request until the last dataset completed. */
  wallSeconds: number
  memory: { idleMb: number; peakMb: number; growthMb: number; highWaterMb: number }
  cpu?: CpuPerRecord
}

async function syncCompany(setup: Setup, worker: WorkerProcess): Promise<CompanySync> {
  const idle = new RssSampler(worker.pid, syncSettings.rssEveryMs)
  await sleep(syncSettings.idleMs)
  const idleKb = median(idle.stop())

  const company = await api<{ id: string }>(setup.server, 'POST', '/companies', { name: 'Company sync bench: two years of books' })
  const sampler = new RssSampler(worker.pid, syncSettings.rssEveryMs)
  const cpuBefore = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
  const connections: Connection[] = []
  let linkedAtMs: number | undefined
  for (const platform of PLATFORMS) {
    const linked = await linkToCompany(setup, company.id, platform.key)
    linkedAtMs ??= linked.callbackAtMs
    connections.push({ platformKey: platform.key, connectionId: linked.connectionId })
  }
  const expected = connections.reduce((sum, connection) => sum + syncableDataTypes(setup, connection.platformKey).length, 0)

  type History = { results: Array<{ status: string; isCompleted: boolean }>; totalResults: number }
  const deadline = linkedAtMs! + settings.timeoutSeconds * 1000
  for (;;) {
    const history = await api<History>(setup.server, 'GET', `/companies/${company.id}/data/history?page=1&pageSize=100`)
    if (history.totalResults >= expected && history.results.every((dataset) => dataset.isCompleted)) break
    if (Date.now() > deadline) {
      const open = history.results.filter((dataset) => !dataset.isCompleted).length
      throw new Error(`${open} of ${history.totalResults} datasets still running after ${settings.timeoutSeconds} s (BENCH_COMPANY_SYNC_TIMEOUT)\n  worker output:\n${worker.output()}`)
    }
    await sleep(settings.pollEveryMs)
  }
  const cpuAfter = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
  const samplesKb = sampler.stop()
  const peakKb = Math.max(...samplesKb)

  const platformOf = new Map(connections.map((connection) => [connection.connectionId, connection.platformKey]))
  const rows = await setup.database.db
    .selectFrom('datasets')
    .select(['id', 'connection_id', 'data_type', 'status', 'error_message', 'records_read', 'requested', 'started', 'completed'])
    .where('company_id', '=', company.id)
    .execute()
  const failed = rows.filter((row) => row.status !== 'Complete')
  if (failed.length > 0 || rows.length !== expected) {
    const what = failed.map((row) => `${row.data_type} ${row.status}${row.error_message ? `: ${row.error_message}` : ''}`).join('; ')
    throw new Error(`${rows.length} datasets of ${expected} expected, ${failed.length} not Complete: ${what}\n  worker output:\n${worker.output()}`)
  }
  const datasets: DatasetRun[] = rows
    .map((row) => ({
      datasetId: row.id,
      connectionId: row.connection_id,
      platformKey: platformOf.get(row.connection_id)!,
      dataType: row.data_type as DataType,
      status: row.status,
      records: row.records_read,
      queuedToCompletedSeconds: (row.completed!.getTime() - row.requested.getTime()) / 1000,
      ranSeconds: (row.completed!.getTime() - row.started!.getTime()) / 1000,
      pickUpMs: row.started!.getTime() - row.requested.getTime(),
      completedAtMs: row.completed!.getTime(),
    }))
    .sort((a, b) => a.completedAtMs - b.completedAtMs)
  const records = datasets.reduce((sum, dataset) => sum + dataset.records, 0)
  return {
    companyId: company.id,
    connections,
    datasets,
    records,
    wallSeconds: (Math.max(...datasets.map((dataset) => dataset.completedAtMs)) - linkedAtMs!) / 1000,
    memory: { idleMb: mb(idleKb), peakMb: mb(peakKb), growthMb: mb(peakKb - idleKb), highWaterMb: mb(readMemory(worker.pid)?.hwmKb ?? Number.NaN) },
    ...withCpu(cpuPerRecord(cpuBefore, cpuAfter, records)),
  }
}

/** The data types a first link of this platform queues, in sync order: every one of its source type it can read. */
function syncableDataTypes(setup: Setup, platformKey: string): DataType[] {
  const platform = setup.catalogue.get(platformKey)!
  return DATA_TYPES.filter((dataType) => platform.canSync(dataType))
}

// ---------------------------------------------------------------------------------------------
// The ceilings, for the same company.

/** One data type's pages read from the platform alone. */
interface PlatformRead {
  platformKey: string
  dataType: DataType
  /** Items the platform sent (a statement's sync reads one journal entry and stores nothing). */
  items: number
  pages: number
  seconds: number
}

/**
 * Every page the worker would request for one data type of one connection, one after the other, each body
 * read as JSON. The next page is the data source's own rule (its `read` on the body with the items left out,
 * so nothing is mapped), as the engine follows it: a statement's source stops after its one request.
 */
async function readDataType(setup: Setup, connection: Connection & { accessToken: string }, dataType: DataType): Promise<PlatformRead> {
  const platform = setup.catalogue.get(connection.platformKey)!
  const source = platform.dataSources[dataType] as DataSource<DataType> | undefined
  if (!platform.canSync(dataType) || !source) throw new Error(`${connection.platformKey} has no data source for ${dataType}`)
  const context = { baseUrl: platform.apiBaseUrl.replace(/\/+$/, ''), connectionInfo: {}, modifiedSince: undefined, pageSize: syncSettings.pageSize }
  const began = performance.now()
  let items = 0
  let pages = 0
  let cursor: PageCursor | undefined
  do {
    const request = source.request(context, cursor)
    const response = await fetch(request.url, { headers: { ...request.headers, authorization: `Bearer ${connection.accessToken}`, accept: 'application/json' } })
    if (response.status !== 200) throw new Error(`platform alone, ${dataType}: page ${pages + 1} answered ${response.status}: ${(await response.text()).slice(0, 200)}`)
    const body = (await response.json()) as { items?: unknown }
    const pageItems = Array.isArray(body.items) ? body.items.length : 1
    items += pageItems
    pages++
    cursor = source.read({ status: 200, headers: {}, body: Array.isArray(body.items) ? { ...body, items: [] } : body }, context, cursor).next
  } while (cursor !== undefined)
  return { platformKey: connection.platformKey, dataType, items, pages, seconds: (performance.now() - began) / 1000 }
}

/**
 * The platform alone: every data type of both connections read by `readers` readers at once, each taking the
 * next data type in sync order when it is done with one (as the worker's SYNC_CONCURRENCY slots do). Records/s
 * is the company's stored records over the wall time, so it compares with ours directly.
 */
async function platformCeiling(setup: Setup, worker: WorkerProcess, sync: CompanySync, readers: number): Promise<{ run: CeilingRun; reads: PlatformRead[] }> {
  const label = `Ceiling: platform alone, ${readers} reader${readers === 1 ? '' : 's'}`
  process.stdout.write(`  ${label.padEnd(48)} `)
  const connections = await Promise.all(
    sync.connections.map(async (connection) => ({ ...connection, accessToken: await setup.services.vault.withAccessToken(connection.connectionId, async (token) => token) })),
  )
  // Sync order, connection by connection, as the link queued them.
  const queue = connections.flatMap((connection) => syncableDataTypes(setup, connection.platformKey).map((dataType) => ({ connection, dataType })))
  const reads: PlatformRead[] = []
  const cpuBefore = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
  const began = performance.now()
  await Promise.all(
    Array.from({ length: readers }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) reads.push(await readDataType(setup, next.connection, next.dataType))
    }),
  )
  const seconds = (performance.now() - began) / 1000
  const cpuAfter = cpuMark(worker.pid, setup.sandbox.pid, setup.databaseName)
  // Each data type's items must be what the sync stored (a statement stores none of the one entry it reads).
  for (const read of reads) {
    const ours = sync.datasets.find((dataset) => dataset.platformKey === read.platformKey && dataset.dataType === read.dataType)!
    if (ours.records !== 0 && ours.records !== read.items) throw new Error(`${label}: ${read.dataType} sent ${read.items} items, the sync stored ${ours.records}`)
  }
  const pages = reads.reduce((sum, read) => sum + read.pages, 0)
  const run: CeilingRun = { key: `platform-${readers}`, label, records: sync.records, seconds, recordsPerSecond: sync.records / seconds, pages, ...withCpu(cpuPerRecord(cpuBefore, cpuAfter, sync.records)) }
  console.log(`${thousands(run.recordsPerSecond)} records/s (${seconds.toFixed(2)} s, ${pages} requests)`)
  return { run, reads }
}

/**
 * PostgreSQL alone: bench/sync.ts's ceiling (1,000-row `INSERT … FROM jsonb_to_recordset` statements into a
 * table like data_records) for each data type in turn, its rows a page of what the engine stored for that data
 * type under new ids, as many as the sync stored; the times added up. CPU per record is weighted by records.
 */
async function postgresCeilingForCompany(setup: Setup, worker: WorkerProcess, benchUrl: string, sync: CompanySync): Promise<CeilingRun> {
  console.log('  Ceiling: PostgreSQL alone, data type by data type:')
  const runs: CeilingRun[] = []
  for (const dataset of sync.datasets.filter((candidate) => candidate.records > 0)) {
    const sample = await storedSample(setup.database, dataset.datasetId)
    runs.push(await postgresCeiling(setup, worker, benchUrl, kindOf({ key: `${dataset.platformKey} ${dataset.dataType}`, dataType: dataset.dataType, records: dataset.records }), sample))
  }
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0)
  const records = runs.reduce((sum, run) => sum + run.records, 0)
  const weighted = (field: keyof CpuPerRecord) => Math.round((runs.reduce((sum, run) => sum + (run.cpu?.[field] ?? 0) * (field === 'machineBusy' ? run.seconds : run.records), 0) / (field === 'machineBusy' ? seconds : records)) * 1000) / 1000
  const hasCpu = runs.every((run) => run.cpu !== undefined)
  const cpu: CpuPerRecord | undefined = hasCpu
    ? { worker: weighted('worker'), postgres: weighted('postgres'), sandbox: weighted('sandbox'), bench: weighted('bench'), other: weighted('other'), machineBusy: weighted('machineBusy') }
    : undefined
  const run: CeilingRun = { key: 'postgres', label: 'Ceiling: PostgreSQL alone', records, seconds, recordsPerSecond: records / seconds, pages: runs.reduce((sum, one) => sum + one.pages, 0), ...withCpu(cpu) }
  console.log(`  ${run.label.padEnd(48)} ${thousands(run.recordsPerSecond)} records/s (${seconds.toFixed(2)} s, ${run.pages} statements)`)
  return run
}

// ---------------------------------------------------------------------------------------------
// Report.

function dataTypesTable(sync: CompanySync, reads: PlatformRead[]): string {
  return formatTable(
    'Per data type, in order of completion (queued → completed includes waiting for one of the 2 slots; ran = started → completed; platform alone = its pages read one after the other)',
    ['Data type', 'platform', 'records', 'queued → completed s', 'pick-up s', 'ran s', 'records/s while running', 'platform alone s'],
    sync.datasets.map((dataset) => {
      const read = reads.find((candidate) => candidate.platformKey === dataset.platformKey && candidate.dataType === dataset.dataType)
      return [
        dataset.dataType,
        dataset.platformKey,
        thousands(dataset.records),
        dataset.queuedToCompletedSeconds.toFixed(2),
        (dataset.pickUpMs / 1000).toFixed(2),
        dataset.ranSeconds.toFixed(3),
        dataset.records === 0 ? '' : thousands(dataset.records / dataset.ranSeconds),
        read ? read.seconds.toFixed(3) : '',
      ]
    }),
  )
}

/**
 * What the wall time is made of: the datasets of one page or less cost their fixed overhead (queue, lease,
 * token, one request, the page's transaction, completion); the rest is per record. The fixed cost is the
 * median run of those small datasets, per dataset, shared by the worker's slots.
 */
function overheadReading(sync: CompanySync) {
  const small = sync.datasets.filter((dataset) => dataset.records <= syncSettings.pageSize)
  const large = sync.datasets.filter((dataset) => dataset.records > syncSettings.pageSize)
  const medianSmallRunMs = Math.round(median(small.map((dataset) => dataset.ranSeconds * 1000)))
  const ranSeconds = (datasets: DatasetRun[]) => datasets.reduce((sum, dataset) => sum + dataset.ranSeconds, 0)
  return {
    smallDatasets: small.length,
    medianSmallRunMs,
    smallRanSeconds: ranSeconds(small),
    fixedShareOfWall: (sync.datasets.length * medianSmallRunMs) / 1000 / settings.workerConcurrency / sync.wallSeconds,
    largeDatasets: large.length,
    largeRecords: large.reduce((sum, dataset) => sum + dataset.records, 0),
    largeRanSeconds: ranSeconds(large),
    ranSeconds: ranSeconds(sync.datasets),
    /** The share of the wall time the worker's slots were running a dataset: below 100%, slots waited (for the queue, or for the second link). */
    slotsBusy: ranSeconds(sync.datasets) / settings.workerConcurrency / sync.wallSeconds,
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (process.env.BENCH_COMPANY_SYNC === '0') {
    console.log('Full company sync bench skipped (BENCH_COMPANY_SYNC=0).')
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
      `Full company sync: PostgreSQL ${server.version} at ${safeUrl.host} (database ${bench.name}); ${thousands(COMPANY_BOOKS.accounting.invoices)} invoices, ` +
        `${thousands(COMPANY_BOOKS.accounting.bankTransactions)} accounting and ${thousands(COMPANY_BOOKS.banking.transactions)} banking transactions; ` +
        `load average ${startLoad.join(' ')}; ${os.cpus().length} CPUs`,
    )
    const setup = await setUp(bench.url, bench.name, postgresPart)
    // Every data type on first link (bench/sync.ts's setUp turned them all off) and on no schedule.
    await api(setup.server, 'POST', '/profile/syncSettings', { settings: DATA_TYPES.map((dataType, index) => ({ dataType, fetchOnFirstLink: true, syncSchedule: 0, syncOrder: index })) })
    for (const platform of PLATFORMS) {
      for (const [dataset, count] of Object.entries(COMPANY_BOOKS[platform.sandboxPlatform])) {
        await setup.sandbox.setDatasetSize(kindOf({ key: dataset, dataType: dataset, records: count, sandbox: { platform: platform.sandboxPlatform, dataset } }), count)
      }
    }
    const worker = await WorkerProcess.start(setup.workerEnv)
    postgresPart.push(() => worker.stop())

    process.stdout.write(`  ${'Full company sync (both connections)'.padEnd(48)} `)
    const sync = await syncCompany(setup, worker)
    const ours: CeilingRun & { pickUpMs: number } = {
      key: 'ours',
      label: `Full company sync, ${sync.datasets.length} datasets`,
      records: sync.records,
      seconds: sync.wallSeconds,
      recordsPerSecond: sync.records / sync.wallSeconds,
      pages: 0,
      pickUpMs: Math.round(median(sync.datasets.map((dataset) => dataset.pickUpMs))),
      ...withCpu(sync.cpu),
    }
    console.log(`${thousands(ours.recordsPerSecond)} records/s (${sync.wallSeconds.toFixed(2)} s, ${thousands(sync.records)} records); worker RSS ${sync.memory.idleMb} → ${sync.memory.peakMb} MB (+${sync.memory.growthMb})`)

    const sequential = await platformCeiling(setup, worker, sync, 1)
    const concurrent = await platformCeiling(setup, worker, sync, settings.workerConcurrency)
    const postgres = await postgresCeilingForCompany(setup, worker, bench.url, sync)
    const endLoad = os.loadavg().map((load) => Math.round(load * 100) / 100)
    await postgresPart.run() // stops the worker, the sandbox and our server, drops the bench database

    const ceilings = [sequential.run, concurrent.run, postgres]
    const lower = [concurrent.run, postgres].reduce((a, b) => (a.recordsPerSecond <= b.recordsPerSecond ? a : b))
    const vs = (ceiling: CeilingRun) => `${percent(ours.recordsPerSecond / ceiling.recordsPerSecond)} of ${ceiling.label.replace('Ceiling: ', '')}`
    console.log('')
    console.log(
      runsTable(
        `Full company sync on PostgreSQL ${server.version}: from the first link to the last dataset completed, every data type of both connections (SYNC_CONCURRENCY 2); ` +
          `pick-up is the median over the datasets; CPU per record by process, µs`,
        [
          { run: combine([ours]), vs: `${vs(lower)}; ${vs(sequential.run)}` },
          ...ceilings.map((ceiling) => ({ run: combine([ceiling]), vs: '' })),
        ],
      ),
    )
    console.log('')
    console.log(dataTypesTable(sync, sequential.reads))
    console.log('')
    console.log(
      formatTable(
        'Worker memory (idle: the median RSS over the second before the first link; peak: every 50 ms until the last dataset completed; VmHWM: since the worker started)',
        ['Run', 'idle RSS MB', 'peak RSS MB', 'growth MB', 'VmHWM MB'],
        [[ours.label, String(sync.memory.idleMb), String(sync.memory.peakMb), String(sync.memory.growthMb), String(sync.memory.highWaterMb)]],
      ),
    )
    const overhead = overheadReading(sync)
    console.log('')
    console.log(
      `${overhead.smallDatasets} of ${sync.datasets.length} datasets are one page or less; their median run is ${overhead.medianSmallRunMs} ms, ` +
        `so the fixed cost of ${sync.datasets.length} datasets over ${settings.workerConcurrency} slots is about ${percent(overhead.fixedShareOfWall)} of the wall time. ` +
        `The ${overhead.largeDatasets} larger datasets hold ${thousands(overhead.largeRecords)} records and ran ${overhead.largeRanSeconds.toFixed(2)} s in all ` +
        `(the small ones ${overhead.smallRanSeconds.toFixed(2)} s); the ${settings.workerConcurrency} slots were running a dataset ${percent(overhead.slotsBusy)} of the wall time ` +
        `(run back to back, the datasets would take ${(overhead.ranSeconds / settings.workerConcurrency).toFixed(2)} s). ` +
        `Load average ${startLoad.join(' ')} before, ${endLoad.join(' ')} after.`,
    )

    writeResults(resultsDir, 'company-sync', {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { ...machineFacts(startLoad), loadAverageAtEnd: endLoad },
      settings: { ...settings, pageSize: syncSettings.pageSize, books: COMPANY_BOOKS, postgres: { version: server.version, host: safeUrl.host, synchronousCommit: server.synchronousCommit } },
      ours: { ...ours, memory: sync.memory },
      ceilings: { platformSequential: sequential.run, platformConcurrent: concurrent.run, postgres },
      comparison: { lowerCeiling: lower.key, ofLowerCeiling: ours.recordsPerSecond / lower.recordsPerSecond, ofPlatformSequential: ours.recordsPerSecond / sequential.run.recordsPerSecond },
      overhead,
      datasets: sync.datasets,
      platformReads: sequential.reads,
    })
  } finally {
    await cleanUp()
  }
}

await runBench('\ncompany sync bench', main, process.env.DATABASE_URL || DEFAULT_DATABASE_URL)
