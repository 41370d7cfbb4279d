/**
 * @module The load generator: a child process that runs autocannon for each scenario the bench
 * sends it over IPC. It lives in its own process so that autocannon's CPU is not spent on the
 * event loop of the server it measures.
 */
import autocannon from 'autocannon'
import { serveRpc } from './child-rpc.js'

export interface Scenario {
  /** Base URL, always http://127.0.0.1:<port>. */
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  /** Rotated through, one per request. */
  paths: string[]
  /** Rotated through with the paths when given (POST bodies). */
  bodies?: string[]
  connections: number
  durationSeconds: number
  /** A safety bound: the run stops at this many responses even before its duration is up. */
  maxRequests: number
}

export interface LoadResult {
  requests: number
  durationSeconds: number
  requestsPerSecond: number
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number }
  non2xx: number
  errors: number
  timeouts: number
}

export async function runScenario(scenario: Scenario): Promise<LoadResult> {
  const { paths, bodies } = scenario
  let next = 0
  const result = await autocannon({
    url: scenario.url,
    connections: scenario.connections,
    duration: scenario.durationSeconds,
    maxOverallRequests: scenario.maxRequests,
    headers: scenario.headers,
    requests: [
      {
        method: scenario.method,
        setupRequest: (request) => {
          const i = next++
          const path = paths[i % paths.length]!
          const body = bodies?.[i % bodies.length]
          return body === undefined ? { ...request, path } : { ...request, path, body }
        },
      },
    ],
  })
  return {
    requests: result.requests.total,
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }
}

// Run as a forked child (bench/child-rpc.ts): answer each scenario with its result.
serveRpc(runScenario)
