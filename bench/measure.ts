/**
 * @module One measured HTTP scenario, the way every bench here measures: a probe request that
 * must answer 2xx, a warm-up, then the measured run by autocannon in a child process
 * (bench/load.ts), with SQL per request, CPU per request by process and, with BENCH_CPU_PROF=1,
 * a CPU profile of this process. Pairs of ours and a ceiling run in rounds, in A B B A order.
 * Used by bench/run.ts and bench/connections.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ChildRpc } from './child-rpc.js'
import { cpuPerRequest, cpuSnapshot } from './cpu-usage.js'
import type { LoadResult, Scenario } from './load.js'
import { queriesSent } from './query-counter.js'
import { combineRounds, type RunResult } from './report.js'

const here = path.dirname(fileURLToPath(import.meta.url))
export const resultsDir = path.join(here, 'results')

export interface MeasureSettings {
  connections: number
  durationSeconds: number
  /** Before a scenario's first run; later rounds get at most 1 s. */
  warmupSeconds: number
  /** Rounds of each ours/ceiling pair. */
  rounds: number
  /** A safety bound on every run, far above what 2 cores reach in its duration. */
  maxRequestsPerRun: number
  /** Record a CPU profile of this process during the first measured run of each scenario that has `profileAs`. */
  cpuProfile: boolean
}

// ---------------------------------------------------------------------------------------------
// The load generator: a child process, so autocannon does not share our server's event loop.

export class LoadGenerator {
  readonly #rpc = new ChildRpc<Scenario, LoadResult>(path.join(here, 'load.ts'), 'load generator')

  run(scenario: Scenario): Promise<LoadResult> {
    return this.#rpc.call(scenario)
  }

  get pid(): number | undefined {
    return this.#rpc.pid
  }

  close(): void {
    this.#rpc.close()
  }
}

// ---------------------------------------------------------------------------------------------
// CPU profiles of this process (the server under test runs here).

export async function startCpuProfile(): Promise<Session> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return session
}

/** Stops the profile and writes it to bench/results/<name>.cpuprofile; returns the file. */
export async function saveCpuProfile(session: Session, name: string): Promise<string> {
  const { profile } = await session.post('Profiler.stop')
  session.disconnect()
  mkdirSync(resultsDir, { recursive: true })
  const file = path.join(resultsDir, `${name}.cpuprofile`)
  writeFileSync(file, JSON.stringify(profile))
  return file
}

// ---------------------------------------------------------------------------------------------
// One scenario: a probe request (it must answer 2xx), a warm-up, then the measured run.

export interface ScenarioSpec {
  key: string
  label: string
  request: string
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  paths: string[]
  bodies?: string[]
  /** Checks the probe's JSON; returns a note for the log. */
  checkProbe?: (body: unknown) => string
  /** The PostgreSQL database the route uses, for the CPU accounting; undefined on PGlite. */
  databaseName: string | undefined
  /** Profile this process while measuring (our server runs here; the ceiling too, but it is not profiled). */
  profileAs?: string
}

async function probe(spec: ScenarioSpec): Promise<string> {
  const response = await fetch(spec.url + spec.paths[0], {
    method: spec.method,
    headers: spec.headers,
    ...(spec.bodies ? { body: spec.bodies[0] } : {}),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${spec.label}: the probe ${spec.method} ${spec.paths[0]} answered ${response.status}: ${text.slice(0, 300)}`)
  return spec.checkProbe ? spec.checkProbe(JSON.parse(text)) : ''
}

export async function measure(load: LoadGenerator, spec: ScenarioSpec, settings: MeasureSettings, round = 1, rounds = 1): Promise<RunResult> {
  const note = await probe(spec)
  const scenario = (durationSeconds: number): Scenario => ({
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    paths: spec.paths,
    ...(spec.bodies ? { bodies: spec.bodies } : {}),
    connections: settings.connections,
    durationSeconds,
    maxRequests: settings.maxRequestsPerRun,
  })
  process.stdout.write(`  ${(rounds > 1 ? `${spec.label} (${round}/${rounds})` : spec.label).padEnd(34)} ${note ? `(${note}) ` : ''}`)
  // The first round warms the JIT and the pools; later rounds only need to settle after the previous run.
  const warmupSeconds = round === 1 ? settings.warmupSeconds : Math.min(1, settings.warmupSeconds)
  if (warmupSeconds > 0) await load.run(scenario(warmupSeconds))
  const session = settings.cpuProfile && spec.profileAs && round === 1 ? await startCpuProfile() : undefined
  const queriesBefore = queriesSent()
  const cpuBefore = cpuSnapshot(load.pid, spec.databaseName)
  const result = await load.run(scenario(settings.durationSeconds))
  const cpu = cpuPerRequest(cpuBefore, cpuSnapshot(load.pid, spec.databaseName), result.requests, os.cpus().length)
  const queries = queriesSent() - queriesBefore
  const cpuProfile = session ? await saveCpuProfile(session, spec.profileAs!) : undefined
  const failures = result.non2xx + result.errors + result.timeouts
  console.log(
    `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms` +
      (queries > 0 ? `, ${(queries / result.requests).toFixed(2)} SQL/req` : '') +
      (failures > 0 ? `, ${result.non2xx} non-2xx / ${result.errors} errors / ${result.timeouts} timeouts` : '') +
      (cpuProfile ? ' [profiled]' : ''),
  )
  return {
    key: spec.key,
    label: spec.label,
    request: spec.request,
    ...result,
    ...(queries > 0 ? { dbQueriesPerRequest: Math.round((queries / result.requests) * 100) / 100 } : {}),
    ...(cpu ? { cpu } : {}),
    ...(cpuProfile ? { cpuProfile: path.relative(process.cwd(), cpuProfile) } : {}),
  }
}

export async function measureAll(load: LoadGenerator, specs: ScenarioSpec[], settings: MeasureSettings): Promise<Record<string, RunResult>> {
  const runs: Record<string, RunResult> = {}
  for (const spec of specs) runs[spec.key] = await measure(load, spec, settings)
  return runs
}

/**
 * Ours and its ceiling, `rounds` times, alternating which goes first (A B B A …), so that drift
 * (autovacuum, checkpoints, a noisy neighbour) hits both alike. Each is reported as the mean of
 * its rounds' req/s and the worst of their latencies.
 */
export async function measurePair(load: LoadGenerator, ours: ScenarioSpec, ceiling: ScenarioSpec, settings: MeasureSettings): Promise<Record<string, RunResult>> {
  const results: Record<string, RunResult[]> = { [ours.key]: [], [ceiling.key]: [] }
  for (let round = 1; round <= settings.rounds; round++) {
    for (const spec of round % 2 === 1 ? [ours, ceiling] : [ceiling, ours]) {
      results[spec.key]!.push(await measure(load, spec, settings, round, settings.rounds))
    }
  }
  return { [ours.key]: combineRounds(results[ours.key]!), [ceiling.key]: combineRounds(results[ceiling.key]!) }
}
