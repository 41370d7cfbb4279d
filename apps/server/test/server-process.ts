/**
 * @module The real server process for tests: spawned as `npm start` runs it (from the TypeScript
 * sources, so no build is needed), its banner read for the URL and API key, stopped by signal.
 * Every child and temporary data folder is tracked, so `cleanUpServers()` leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const mainTs = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const running: ChildProcess[] = []
const dataDirs: string[] = []

export interface SpawnedServer {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
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

export function spawnServer(env: Record<string, string>, args: string[] = []): SpawnedServer {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', mainTs, ...args], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', SANDBOX_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

export async function startServer(env: Record<string, string>, args: string[] = [], readyPattern = /Listening\s+(http:\/\/\S+)/): Promise<StartedServer> {
  const server = spawnServer(env, args)
  const deadline = Date.now() + 45_000
  while (!readyPattern.test(server.output())) {
    if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`)
    if (Date.now() > deadline) throw new Error(`server did not start:\n${server.output()}`)
    await sleep(100)
  }
  await sleep(50)
  const url = /Listening\s+(http:\/\/\S+)/.exec(server.output())?.[1] ?? ''
  const apiKey = /API key\s+(\S+)/.exec(server.output())?.[1]
  return { ...server, url, apiKey }
}

/** SIGTERM, then the exit code. */
export async function stopServer(server: SpawnedServer): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM')
  return await server.exited
}

export function basicHeader(apiKey: string): string {
  return `Basic ${Buffer.from(apiKey).toString('base64')}`
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** For afterEach: kills what still runs and removes the data folders. */
export function cleanUpServers(): void {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}
