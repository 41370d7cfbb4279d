/**
 * @module Where the machine's CPU went during a run: this process (the server under test), the
 * load generator, PostgreSQL (the bench database's backends plus the server's own background
 * processes), and everything else. Read from /proc, so Linux only; elsewhere it reports nothing.
 * On a 2-core machine that runs the load generator and the database too, this is what explains
 * req/s: a request costs the sum of these, and the cores are shared.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

export interface CpuSnapshot {
  atMs: number
  serverMicros: number
  loadGeneratorMicros: number
  /** Per process: pools open and close connections, so backends come and go between snapshots. */
  postgresMicros: Map<number, number>
  /** Busy time of the whole machine, every core. */
  machineBusyMicros: number
}

export interface CpuPerRequest {
  /** Microseconds of CPU per completed request. */
  serverMicros: number
  loadGeneratorMicros: number
  postgresMicros: number
  /** Machine busy time no process above accounts for: other processes, interrupts. */
  otherMicros: number
  /** Busy share of all cores during the run, 0–1. */
  machineBusy: number
}

const available = (() => {
  try {
    readFileSync('/proc/stat', 'utf8')
    return true
  } catch {
    return false
  }
})()

const ticksPerSecond = (() => {
  if (!available) return 100
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

const microsPerTick = 1e6 / ticksPerSecond

/** utime + stime of one process, in microseconds; 0 if it is gone. */
export function processMicros(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * microsPerTick
  } catch {
    return 0
  }
}

/**
 * PostgreSQL processes that belong to this run: backends whose title names the bench database,
 * and the server's background processes (postmaster, checkpointer, WAL writer…). Backends of
 * other databases are somebody else's work and count as "other".
 */
function postgresMicros(databaseName: string | undefined): Map<number, number> {
  const byPid = new Map<number, number>()
  if (databaseName === undefined) return byPid
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let comm: string
    let title: string
    try {
      comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
      if (comm !== 'postgres') continue
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()
    } catch {
      continue
    }
    const isClientBackend = /\S+\(\d+\)|\[local\]/.test(title)
    if (isClientBackend && (databaseName === undefined || !title.includes(` ${databaseName} `))) continue
    byPid.set(Number(entry), processMicros(Number(entry)))
  }
  return byPid
}

function machineBusyMicros(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!
  const [, ...values] = line.trim().split(/\s+/)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values.map(Number)
  return (user + nice + system + irq + softirq + steal) * microsPerTick
}

export function cpuSnapshot(loadGeneratorPid: number | undefined, databaseName: string | undefined): CpuSnapshot | undefined {
  if (!available) return undefined
  const usage = process.cpuUsage()
  return {
    atMs: performance.now(),
    serverMicros: usage.user + usage.system,
    loadGeneratorMicros: loadGeneratorPid === undefined ? 0 : processMicros(loadGeneratorPid),
    postgresMicros: postgresMicros(databaseName),
    machineBusyMicros: machineBusyMicros(),
  }
}

export function cpuPerRequest(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, requests: number, cores: number): CpuPerRequest | undefined {
  if (!before || !after || requests === 0) return undefined
  const server = after.serverMicros - before.serverMicros
  const loadGenerator = after.loadGeneratorMicros - before.loadGeneratorMicros
  // A backend that started during the run counts from zero; one that ended took its time with it
  // (pools close only idle connections, so that time is near nothing).
  let postgres = 0
  for (const [pid, micros] of after.postgresMicros) {
    const earlier = before.postgresMicros.get(pid) ?? 0
    postgres += micros >= earlier ? micros - earlier : micros // less than before: a new process on a reused pid
  }
  const busy = after.machineBusyMicros - before.machineBusyMicros
  const wallMicros = (after.atMs - before.atMs) * 1000
  const round = (micros: number) => Math.round(micros / requests)
  return {
    serverMicros: round(server),
    loadGeneratorMicros: round(loadGenerator),
    postgresMicros: round(postgres),
    otherMicros: round(Math.max(0, busy - server - loadGenerator - postgres)),
    machineBusy: Math.round((busy / (wallMicros * cores)) * 1000) / 1000,
  }
}
