/**
 * @module The real server process for tests: spawned with the command `npm start` ends in (from the
 * TypeScript sources, so no build is needed), its banner read for the URL and API key, stopped by
 * signal. Every child and temporary data folder is tracked, so `cleanUpServers()` leaves nothing behind.
 *
 * Waits are on readiness (the banner, an exit), never on a fixed sleep: on a busy machine a start
 * takes several times as long, and the deadlines are there only to end a start that hangs.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** How long a start may take before it counts as hung: far above a start on an idle machine (about 5 s). */
export const START_DEADLINE_MS = 180_000
/** For a test that starts servers: a backstop above a few starts' deadlines, not an expectation. */
export const PROCESS_TEST_TIMEOUT_MS = 420_000

/** The banner's API key line (the key, or where to get one): the banner is complete. */
const BANNER_END = /^ {2}API key {6}/m

const running: Array<{ child: ChildProcess; isGroup: boolean }> = []
const dataDirs: string[] = []

export interface SpawnedServer {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
  /** Resolves once the output matches `pattern`; rejects if the process exits first, or after `timeoutMs`. */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>
  /** `npm start` runs as a process group (npm, its shell, node): signals go to the whole group. */
  isGroup: boolean
}

export interface StartedServer extends SpawnedServer {
  url: string
  apiKey: string | undefined
}

export function newDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'linkway-process-'))
  dataDirs.push(dir)
  return dir
}

/** The root package.json's scripts: what `npm start` and `npm run linkway` run. */
export function rootPackageScripts(): Record<string, string> {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
}

/**
 * The server command of the `start` script (its last step; the steps before build the Link
 * bundle): the process tests run what `npm start` runs, without npm in between.
 */
export function npmStartServerArgs(): string[] {
  const start = rootPackageScripts()['start']!
  const [command, ...args] = start.split('&&').at(-1)!.trim().split(/\s+/)
  if (command !== 'node') throw new Error(`npm start's last step should run node: ${start}`)
  return args
}

function track(child: ChildProcess, isGroup: boolean): SpawnedServer {
  running.push({ child, isGroup })
  let output = ''
  const waiters = new Set<() => void>()
  const onOutput = (chunk: Buffer) => {
    output += chunk.toString('utf8')
    for (const check of waiters) check()
  }
  child.stdout!.on('data', onOutput)
  child.stderr!.on('data', onOutput)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  // 'close' comes after the last of the output, unlike 'exit'.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()))

  const waitForOutput = (pattern: RegExp, timeoutMs = START_DEADLINE_MS) =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        waiters.delete(check)
        clearTimeout(timer)
        if (error) reject(error)
        else resolve()
      }
      const check = () => {
        if (pattern.test(output)) done()
      }
      const timer = setTimeout(() => done(new Error(`no ${pattern} in the output after ${timeoutMs} ms:\n${output}`)), timeoutMs)
      waiters.add(check)
      void closed.then(() => {
        if (waiters.has(check) && !pattern.test(output)) done(new Error(`server exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output}`))
      })
      check()
    })

  return { child, output: () => output, exited, waitForOutput, isGroup }
}

export function spawnServer(env: Record<string, string>, args: string[] = []): SpawnedServer {
  const child = spawn(process.execPath, [...npmStartServerArgs(), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', PORT: '0', SANDBOX_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return track(child, false)
}

/** `npm start` itself, as a person runs it: the Link bundle build first, then the server. */
export function spawnNpmStart(env: Record<string, string>): SpawnedServer {
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), PORT: '0', SANDBOX_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a signal reaches node through npm and the shell, as Ctrl-C does.
    detached: true,
  })
  return track(child, true)
}

/** The URL and API key from a started server's banner. */
export async function startedFrom(server: SpawnedServer, readyPattern = BANNER_END): Promise<StartedServer> {
  await server.waitForOutput(readyPattern)
  const url = /Listening\s+(http:\/\/\S+)/.exec(server.output())?.[1] ?? ''
  const apiKey = /API key\s+(lwk_\S+|\S{32,})/.exec(server.output())?.[1]
  return { ...server, url, apiKey }
}

/** Spawns the server and waits for its banner (`readyPattern`: a worker's, which has no API key line). */
export async function startServer(env: Record<string, string>, args: string[] = [], readyPattern = BANNER_END): Promise<StartedServer> {
  return await startedFrom(spawnServer(env, args), readyPattern)
}

function signal(server: { child: ChildProcess; isGroup: boolean }, name: NodeJS.Signals): void {
  try {
    if (server.isGroup) process.kill(-server.child.pid!, name)
    else server.child.kill(name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** SIGTERM, then the exit code (for `npm start`: npm's, once every process of the group has gone). */
export async function stopServer(server: SpawnedServer): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) signal(server, 'SIGTERM')
  const code = await server.exited
  const deadline = Date.now() + START_DEADLINE_MS
  while (server.isGroup && isGroupAlive(server.child.pid!) && Date.now() < deadline) await sleep(50)
  return code
}

export function basicHeader(apiKey: string): string {
  return `Basic ${Buffer.from(apiKey).toString('base64')}`
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Reads `read` every `intervalMs` until `isReached` holds, and returns what it read. A read that
 * throws (the API down during an outage, say) counts as not yet; at the deadline it fails with
 * what it was waiting for and the last value or error read.
 */
export async function waitUntil<T>(read: () => T | Promise<T>, isReached: (value: T) => boolean, what: string, { timeoutMs = 60_000, intervalMs = 250 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    let last: unknown
    try {
      const value = await read()
      if (isReached(value)) return value
      last = value
    } catch (error) {
      last = error instanceof Error ? error.message : error
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(last)}`)
    await sleep(intervalMs)
  }
}

/** For afterEach: kills what still runs and removes the data folders. */
export function cleanUpServers(): void {
  for (const server of running.splice(0)) {
    if (server.isGroup ? isGroupAlive(server.child.pid!) : server.child.exitCode === null) signal(server, 'SIGKILL')
  }
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}
