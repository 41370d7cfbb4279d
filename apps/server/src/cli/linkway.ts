#!/usr/bin/env node
/**
 * @module `linkway sync <companyId>`: queues a company's data through the public API and shows
 * each data type's progress until every one has finished. The API key comes from LINKWAY_API_KEY
 * (never an argument: arguments show in process lists); the server from LINKWAY_URL, or the
 * server's own PUBLIC_URL or PORT, so a shell that started Linkway on another port reaches it.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline/promises'
import { UsersCliError, USERS_USAGE } from './users-usage.js'
import { renderChangedLines, renderSummary, renderSyncProgress, type DatasetProgress } from './sync-progress.js'

const USAGE = `Usage: linkway sync <companyId> [--data-type <dataType>] [--connection <connectionId>] [--timeout <seconds>]

Queues the company's data (every data type set to fetch on first link, or one with --data-type)
and shows each data type's progress until all have finished.

Environment:
  LINKWAY_API_KEY   an API key of the client (required)
  LINKWAY_URL       the Linkway server; unset, the server's PUBLIC_URL, else http://localhost:$PORT,
                    else http://localhost:8080

Exit status: 0 when every data type completed, 1 when one failed or there was nothing to sync,
2 on a usage or request error.

${USERS_USAGE}`

const POLL_EVERY_MS = 500

class CliError extends Error {}

/** An empty variable means "not set", as the server reads it (config.ts). */
function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}

/** Where the server is: LINKWAY_URL, else what the server itself reads (PUBLIC_URL, PORT), else its default. */
function serverUrlOf(env: NodeJS.ProcessEnv): string {
  const explicit = variable(env, 'LINKWAY_URL') ?? variable(env, 'PUBLIC_URL')
  if (explicit) return explicit.replace(/\/+$/, '')
  const port = variable(env, 'PORT')
  if (port === undefined) return 'http://localhost:8080'
  if (port === '0') throw new CliError('PORT=0 lets the server pick its port: set LINKWAY_URL to the Listening address its banner shows.')
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`PORT must be a port number (got "${port}"), or set LINKWAY_URL.`)
  return `http://localhost:${Number(port)}`
}

async function call(base: string, apiKey: string, method: 'GET' | 'POST', path: string): Promise<{ body: unknown; date: string | null }> {
  let response: Response
  try {
    response = await fetch(`${base}${path}`, { method, headers: { authorization: `Basic ${Buffer.from(apiKey).toString('base64')}`, accept: 'application/json' } })
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message
    throw new CliError(`Cannot reach Linkway at ${base} (${cause}); is it running? Set LINKWAY_URL (or PORT) if it is elsewhere.`)
  }
  const text = await response.text()
  // Only a JSON answer is read as one: a wrong LINKWAY_URL answers HTML.
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json')
  const body: unknown = isJson && text ? JSON.parse(text) : undefined
  if (!response.ok) {
    const message = typeof body === 'object' && body !== null && 'error' in body ? String((body as { error: unknown }).error) : text.slice(0, 200)
    throw new CliError(`${method} ${path} answered ${response.status}: ${message}`)
  }
  if (text && !isJson) throw new CliError(`${method} ${path} did not answer JSON; is LINKWAY_URL (${base}) a Linkway server?`)
  return { body, date: response.headers.get('date') }
}

async function sync(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'data-type': { type: 'string' }, connection: { type: 'string' }, timeout: { type: 'string' } } })
  const companyId = positionals[0]
  if (!companyId || positionals.length > 1) throw new CliError(USAGE)
  const apiKey = env['LINKWAY_API_KEY']
  if (!apiKey) throw new CliError('Set LINKWAY_API_KEY to an API key of the client (npm start prints one).')
  const base = serverUrlOf(env)
  const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : 3_600_000
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new CliError('--timeout must be a positive number of seconds')
  const company = encodeURIComponent(companyId)

  // The server's clock, not ours, says which datasets are this run's (a second earlier: its Date
  // header has whole seconds). Asking for the company first also answers an unknown one with 404
  // before anything is queued.
  const companyAnswer = await call(base, apiKey, 'GET', `/companies/${company}`)
  const serverNow = companyAnswer.date ? Date.parse(companyAnswer.date) : Number.NaN
  const since = new Date((Number.isNaN(serverNow) ? Date.now() : serverNow) - 1000).toISOString()
  // That second also holds a run that ended just before this one (a re-sync of nothing new takes
  // well under a second): its finished datasets are not this run's.
  const historySince = async (): Promise<DatasetProgress[]> => {
    const query = encodeURIComponent(`requested>=${since}||isCompleted=false`)
    return ((await call(base, apiKey, 'GET', `/companies/${company}/data/history?pageSize=100&orderBy=requested&query=${query}`)).body as { results: DatasetProgress[] }).results
  }
  const finishedBefore = new Set((await historySince()).filter((dataset) => dataset.isCompleted).map((dataset) => dataset.id))
  if (values['data-type']) {
    const query = values.connection ? `?connectionId=${encodeURIComponent(values.connection)}` : ''
    await call(base, apiKey, 'POST', `/companies/${company}/data/queue/${encodeURIComponent(values['data-type'])}${query}`)
  } else {
    await call(base, apiKey, 'POST', `/companies/${company}/data/all`)
  }

  const isTty = out.isTTY === true
  let drawn = 0
  const printed = new Map<string, string>()
  const deadline = Date.now() + timeoutMs
  for (;;) {
    // This run's datasets, and any still running from before (data/all leaves those to finish).
    const datasets = (await historySince()).filter((dataset) => !finishedBefore.has(dataset.id))
    if (datasets.length === 0) {
      out.write('Nothing to sync: the company has no Linked connection with a data type to queue (see GET /companies/{companyId}/connections).\n')
      return 1
    }
    const isDone = datasets.every((dataset) => dataset.isCompleted)
    if (isTty) {
      // Redraw in place: up to the first line of the last frame, clear to the end, print again.
      const lines = renderSyncProgress(datasets)
      if (drawn > 0) out.write(`\x1b[${drawn}F\x1b[J`)
      out.write(`${lines.join('\n')}\n`)
      drawn = lines.length
    } else {
      // A log is read top to bottom: each change once, and the summary at the end.
      const changed = renderChangedLines(datasets, printed)
      if (isDone) changed.push(renderSummary(datasets))
      if (changed.length > 0) out.write(`${changed.join('\n')}\n`)
    }
    if (isDone) return datasets.some((dataset) => dataset.isErrored) ? 1 : 0
    if (Date.now() > deadline) throw new CliError(`Still syncing after ${timeoutMs / 1000} s; see GET /companies/${companyId}/data/history`)
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS))
  }
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === 'sync') return await sync(rest, env, out)
    if (command === 'users') return await (await import('./portal-users.js')).runUsersCommand(rest, env, { out, ...(process.stdin.isTTY ? { askPassword } : {}) })
    err.write(`${USAGE}\n`)
    return 2
  } catch (error) {
    if (error instanceof CliError || error instanceof UsersCliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`${(error as Error).message}\n`)
      return 2
    }
    throw error
  }
}

/** Reads a line from the terminal without echoing it (a password). */
async function askPassword(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  process.stdout.write(prompt)
  // readline echoes what it reads through _writeToOutput; muted, the password never reaches the screen.
  const muted = rl as unknown as { _writeToOutput: (text: string) => void }
  muted._writeToOutput = () => {}
  try {
    return await rl.question('')
  } finally {
    rl.close()
    process.stdout.write('\n')
  }
}

// Run when executed, not when a test imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2), process.env, process.stdout, process.stderr)
}
