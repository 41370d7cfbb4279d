/** @module The bench's results: their JSON shape, the targets, and the table printed at the end. */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CpuPerRequest } from './cpu-usage.js'
import type { LoadResult } from './load.js'

export interface RunResult extends LoadResult {
  key: string
  label: string
  /** An example of the request, for the reader: `GET /companies/{id}`. */
  request: string
  /** SQL statements sent per completed request (PostgreSQL runs only: counted at pg.Client#query). */
  dbQueriesPerRequest?: number
  /** CPU per request by process (Linux only). On PGlite the database runs inside the server process. */
  cpu?: CpuPerRequest
  /** When the run was repeated: each round, and this result combines them. */
  rounds?: LoadResult[]
  /** Set when a CPU profile was recorded during the run (the profiler slows it down). */
  cpuProfile?: string
}

export interface Comparison {
  ours: string
  ceiling: string
  ratio: number
  /** The least ratio the issue asks for; undefined = reported without a target. */
  target: number | undefined
  met: boolean | undefined
}

export interface TargetCheck {
  name: string
  value: string
  target: string
  met: boolean
}

export const P99_TARGET_MS = 20
export const RATIO_TARGETS = { getCompany: 0.6, createCompany: 0.5, listIntegrations: 0.8, getConnection: 0.6 } as const

/** Mean req/s over the rounds, the worst latency percentiles, the summed counts. */
export function combineRounds(runs: RunResult[]): RunResult {
  const first = runs[0]!
  if (runs.length === 1) return first
  const sum = (pick: (run: RunResult) => number) => runs.reduce((total, run) => total + pick(run), 0)
  const worst = (pick: (run: RunResult) => number) => Math.max(...runs.map(pick))
  const requests = sum((run) => run.requests)
  const rounds: Array<LoadResult & { cpu?: CpuPerRequest }> = runs.map(
    ({ requests, durationSeconds, requestsPerSecond, latencyMs, non2xx, errors, timeouts, cpu }) => ({
      requests,
      durationSeconds,
      requestsPerSecond,
      latencyMs,
      non2xx,
      errors,
      timeouts,
      ...(cpu ? { cpu } : {}),
    }),
  )
  const weighted = (pick: (cpu: CpuPerRequest) => number) => Math.round(sum((run) => pick(run.cpu!) * run.requests) / requests)
  const cpu: CpuPerRequest | undefined = runs.every((run) => run.cpu)
    ? {
        serverMicros: weighted((c) => c.serverMicros),
        loadGeneratorMicros: weighted((c) => c.loadGeneratorMicros),
        postgresMicros: weighted((c) => c.postgresMicros),
        otherMicros: weighted((c) => c.otherMicros),
        machineBusy: Math.round((sum((run) => run.cpu!.machineBusy) / runs.length) * 1000) / 1000,
      }
    : undefined
  const queries = runs.every((run) => run.dbQueriesPerRequest !== undefined)
    ? sum((run) => run.dbQueriesPerRequest! * run.requests) / requests
    : undefined
  return {
    ...first,
    requests,
    durationSeconds: sum((run) => run.durationSeconds),
    requestsPerSecond: sum((run) => run.requestsPerSecond) / runs.length,
    latencyMs: {
      mean: sum((run) => run.latencyMs.mean * run.requests) / requests,
      p50: worst((run) => run.latencyMs.p50),
      p90: worst((run) => run.latencyMs.p90),
      p99: worst((run) => run.latencyMs.p99),
      max: worst((run) => run.latencyMs.max),
    },
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    ...(queries !== undefined ? { dbQueriesPerRequest: Math.round(queries * 100) / 100 } : {}),
    ...(cpu ? { cpu } : {}),
    rounds,
  }
}

/** Half the spread of the rounds' req/s, relative to their mean; undefined for a single run. */
export function spread(run: RunResult): number | undefined {
  if (!run.rounds || run.rounds.length < 2) return undefined
  const values = run.rounds.map((round) => round.requestsPerSecond)
  return (Math.max(...values) - Math.min(...values)) / 2 / run.requestsPerSecond
}

export function compare(runs: Record<string, RunResult>, ours: string, ceiling: string, target: number | undefined): Comparison {
  const ratio = runs[ours]!.requestsPerSecond / runs[ceiling]!.requestsPerSecond
  return { ours, ceiling, ratio, target, met: target === undefined ? undefined : ratio >= target }
}

/** Scenarios whose ceiling runs the very statement ours does (not a one-row stand-in). */
const P99_CEILINGS: Record<string, string> = { listCompanies: 'ceilingList' }

export function checkTargets(postgresRuns: Record<string, RunResult>, comparisons: Comparison[]): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const comparison of comparisons) {
    if (comparison.target === undefined) continue
    checks.push({
      name: `${postgresRuns[comparison.ours]!.label} vs ${postgresRuns[comparison.ceiling]!.label}`,
      value: percent(comparison.ratio, 1),
      target: `≥ ${percent(comparison.target)}`,
      met: comparison.met === true,
    })
  }
  for (const key of ['createCompany', 'getCompany', 'listCompanies', 'findByTag']) {
    const run = postgresRuns[key]
    if (!run) continue
    // Where a ceiling runs the same statement, its p99 says what the machine allows at all.
    const ceiling = postgresRuns[P99_CEILINGS[key] ?? '']
    const value = `${ms(run.latencyMs.p99)} ms${ceiling ? ` (bare statement: ${ms(ceiling.latencyMs.p99)} ms)` : ''}`
    checks.push({ name: `${run.label} p99`, value, target: `≤ ${P99_TARGET_MS} ms`, met: run.latencyMs.p99 <= P99_TARGET_MS })
  }
  for (const run of Object.values(postgresRuns)) {
    if (run.non2xx > 0 || run.errors > 0 || run.timeouts > 0) {
      checks.push({ name: `${run.label}: every response 2xx`, value: `${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts`, target: 'none', met: false })
    }
  }
  return checks
}

/** Milliseconds measured one by one (not by autocannon's whole-millisecond histogram), rounded to 0.01 ms. */
export interface Distribution {
  mean: number
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
}

/** The nearest-rank percentile of sorted values; NaN for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}

export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b)
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length)
  const round2 = (value: number) => Math.round(value * 100) / 100
  return {
    mean: round2(mean),
    p50: round2(percentile(sorted, 0.5)),
    p90: round2(percentile(sorted, 0.9)),
    p95: round2(percentile(sorted, 0.95)),
    p99: round2(percentile(sorted, 0.99)),
    max: round2(sorted[sorted.length - 1] ?? Number.NaN),
  }
}

export function percent(ratio: number, digits = 0): string {
  return `${(ratio * 100).toFixed(digits)}%`
}

/** autocannon's latency histogram has 1 ms resolution: percentiles are whole milliseconds, means are not. */
function ms(value: number): string {
  return Number.isInteger(value) || value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2)
}

function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const length = [...text].length
  if (length >= width) return text
  return align === 'left' ? text + ' '.repeat(width - length) : ' '.repeat(width - length) + text
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function formatTable(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i]!, i === 0 ? 'left' : 'right'))
      .join('  ')
      .trimEnd()
  return [title, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** A plain-text table of runs; `vs` is an extra column (the ratio to a ceiling), headed `vsTitle`. */
export function formatRuns(title: string, runs: RunResult[], vs: Map<string, string> = new Map(), vsTitle = 'vs ceiling'): string {
  const header = ['Scenario', 'Request', 'req/s', '±', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'failed', 'SQL/req', vsTitle]
  const rows = runs.map((run) => [
    run.label,
    run.request,
    thousands(run.requestsPerSecond),
    spread(run) === undefined ? '' : percent(spread(run)!),
    ms(run.latencyMs.p50),
    ms(run.latencyMs.p99),
    ms(run.latencyMs.max),
    thousands(run.requests),
    String(run.non2xx + run.errors + run.timeouts),
    run.dbQueriesPerRequest === undefined ? '' : run.dbQueriesPerRequest.toFixed(1),
    vs.get(run.key) ?? '',
  ])
  const leftAligned = new Set(['Scenario', 'Request', vsTitle])
  // Columns with nothing in them (no rounds, no SQL count, no ceiling) are left out.
  const kept = header.map((_, i) => i).filter((i) => rows.some((row) => row[i] !== ''))
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)))
  const line = (cells: string[]) =>
    kept
      .map((i) => pad(cells[i]!, widths[i]!, leftAligned.has(header[i]!) ? 'left' : 'right'))
      .join('  ')
      .trimEnd()
  return [title, line(header), kept.map((i) => '-'.repeat(widths[i]!)).join('  '), ...rows.map(line)].join('\n')
}

/** CPU per request, by process: what a request costs the machine, and who pays. */
export function formatCpu(title: string, runs: RunResult[], databaseInServer: boolean): string {
  const measured = runs.filter((run) => run.cpu)
  if (measured.length === 0) return ''
  const header = databaseInServer
    ? ['Scenario', 'server+DB µs', 'load gen µs', 'other µs', 'total µs', 'machine busy']
    : ['Scenario', 'server µs', 'PostgreSQL µs', 'load gen µs', 'other µs', 'total µs', 'machine busy']
  const rows = measured.map((run) => {
    const cpu = run.cpu!
    const total = cpu.serverMicros + cpu.postgresMicros + cpu.loadGeneratorMicros + cpu.otherMicros
    const cells = [run.label, String(cpu.serverMicros)]
    if (!databaseInServer) cells.push(String(cpu.postgresMicros))
    cells.push(String(cpu.loadGeneratorMicros), String(cpu.otherMicros), String(total), percent(cpu.machineBusy))
    return cells
  })
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)))
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i]!, i === 0 ? 'left' : 'right')).join('  ')
  return [title, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

export function formatTargets(title: string, checks: TargetCheck[]): string {
  const widths = [Math.max(...checks.map((c) => [...c.name].length)), Math.max(...checks.map((c) => c.value.length)), Math.max(...checks.map((c) => [...c.target].length))]
  return [
    title,
    ...checks.map((c) => `  ${pad(c.name, widths[0]!, 'left')}  ${pad(c.value, widths[1]!, 'right')}  ${pad(c.target, widths[2]!, 'left')}  ${c.met ? 'met' : 'MISSED'}`),
  ].join('\n')
}

/** The machine a run measured, for its JSON report. */
export function machineFacts(loadAverageAtStart: number[]) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    /** Load averages (1, 5, 15 min) before the bench started: a busy machine reads lower. */
    loadAverageAtStart,
  }
}

/** Writes a bench's report as `bench/results/<name>.json` (gitignored) and says where. */
export function writeResults(resultsDir: string, name: string, report: unknown): void {
  mkdirSync(resultsDir, { recursive: true })
  const file = path.join(resultsDir, `${name}.json`)
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n')
  console.log(`Results: ${path.relative(process.cwd(), file)}`)
}

/** Runs a bench's main: a failure is printed (with a hint when PostgreSQL is not there) and exits 1; a missed target does not. */
export async function runBench(label: string, main: () => Promise<void>, databaseUrl: string): Promise<void> {
  try {
    await main()
  } catch (error) {
    console.error(`${label} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    if (error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED') {
      console.error(`Is PostgreSQL running at ${databaseUrl}? Set DATABASE_URL to point at one.`)
    }
    process.exitCode = 1
  }
}
