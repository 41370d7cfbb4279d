/**
 * The real process, as `npm start` runs it: `npm start` itself (no type-check build, the banner with
 * the key), first start, restart with the data kept, a private data folder, a second process
 * refused, a stale lock taken over, bad settings named, and SIGTERM letting an in-flight request finish.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, lstatSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'
import { createScratchDatabase, postgresUrlForTests } from '@linkway/test-kit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  PROCESS_TEST_TIMEOUT_MS,
  basicHeader,
  cleanUpServers,
  newDataDir,
  rootPackageScripts,
  spawnNpmStart,
  spawnServer,
  startServer,
  startedFrom,
  stopServer,
} from './server-process.js'

afterEach(() => {
  cleanUpServers()
})

/** Every folder and file under `dir` (relative paths, `dir` itself as `.`) with its mode. */
function modesUnder(dir: string, relative = '.'): Array<{ path: string; mode: string; isDirectory: boolean }> {
  const stats = lstatSync(path.join(dir, relative))
  const entry = { path: relative, mode: (stats.mode & 0o777).toString(8), isDirectory: stats.isDirectory() }
  if (!stats.isDirectory()) return [entry]
  return [entry, ...readdirSync(path.join(dir, relative)).flatMap((name) => modesUnder(dir, path.join(relative, name)))]
}

/** What other users could read or enter: anything but 0600 files and 0700 folders. */
function openToOthers(dir: string): string[] {
  return modesUnder(dir)
    .filter((entry) => entry.mode !== (entry.isDirectory ? '700' : '600'))
    .map((entry) => `${entry.path} ${entry.mode}`)
}

describe('npm start', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('runs the server from its sources with no type-check build, builds the Link bundle, and prints the banner with the key', async () => {
    // Type-checking is `npm run typecheck`'s and CI's: at start it took most of a minute on a fresh clone.
    expect(rootPackageScripts()['start']).not.toMatch(/\btsc\b/)
    const server = await startedFrom(spawnNpmStart({ DATA_DIR: newDataDir() }))
    expect(server.output()).toMatch(/^dist-bundle\/link\.js: [\d.]+ KB minified, [\d.]+ KB gzipped/m)
    expect(server.apiKey).toMatch(/^lwk_/)
    expect((await fetch(`${server.url}/apiKeys`, { headers: { authorization: basicHeader(server.apiKey!) } })).status).toBe(200)
    const bundle = await fetch(`${server.url}/link/assets/link.js`)
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    await stopServer(server)
    expect(server.output()).toContain('SIGTERM received: finishing in-flight requests, then closing the database')
  })
})

describe('the server process (embedded mode)', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('starts, prints the key and header, keeps data across a restart, and shows the key again', async () => {
    const dataDir = newDataDir()
    const first = await startServer({ DATA_DIR: dataDir })
    expect(first.apiKey).toMatch(/^lwk_/)
    const header = basicHeader(first.apiKey!)
    expect(first.output()).toContain(`Authorization: ${header}`)
    expect(first.output()).toContain('http://localhost:8080/docs')
    const created = await fetch(`${first.url}/companies`, {
      method: 'POST',
      headers: { authorization: header, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Survivor' }),
    })
    expect(created.status).toBe(200)
    const { id } = (await created.json()) as { id: string }
    expect(statSync(path.join(dataDir, 'encryption-keys')).mode & 0o777).toBe(0o600)

    expect(await stopServer(first)).toBe(0)
    expect(existsSync(path.join(dataDir, 'linkway.pid'))).toBe(false)

    const second = await startServer({ DATA_DIR: dataDir })
    expect(second.apiKey).toBe(first.apiKey)
    const read = await fetch(`${second.url}/companies/${id}`, { headers: { authorization: header } })
    expect(read.status).toBe(200)
    expect(((await read.json()) as { name: string }).name).toBe('Survivor')
    expect(await stopServer(second)).toBe(0)
  })

  it('keeps DATA_DIR private: tightens what was left open, and creates the database, its WAL and every other file 0600 in 0700 folders', async () => {
    const dataDir = newDataDir()
    // As an earlier version left it: the folder 0755, a file in it 0644 (this test's umask is the shell's).
    chmodSync(dataDir, 0o755)
    writeFileSync(path.join(dataDir, 'notes.txt'), 'x')
    chmodSync(path.join(dataDir, 'notes.txt'), 0o644)
    const server = await startServer({ DATA_DIR: dataDir })
    expect(server.output()).toContain(`${dataDir} was readable by other users: took their access away from 2 files and folders (folders are now 0700, files 0600).`)

    const headers = { authorization: basicHeader(server.apiKey!), 'content-type': 'application/json' }
    for (const name of ['Toft stores', 'Harbour bakery', 'Quay books']) {
      expect((await fetch(`${server.url}/companies`, { method: 'POST', headers, body: JSON.stringify({ name }) })).status).toBe(200)
    }
    const files = modesUnder(dataDir).map((entry) => entry.path)
    expect(files.some((file) => file.startsWith('pglite/pg_wal/0'))).toBe(true)
    expect(files).toEqual(expect.arrayContaining(['linkway.pid', 'encryption-keys', 'first-api-key', 'sandbox-platforms.json']))
    expect(openToOthers(dataDir)).toEqual([])

    // Closing checkpoints the database: the files it writes then are private too.
    expect(await stopServer(server)).toBe(0)
    expect(openToOthers(dataDir)).toEqual([])
  })

  it('refuses a second process on the same data folder, and takes over a stale lock', async () => {
    const dataDir = newDataDir()
    const owner = await startServer({ DATA_DIR: dataDir })
    const intruder = spawnServer({ DATA_DIR: dataDir })
    expect(await intruder.exited).toBe(1)
    expect(intruder.output()).toContain(`Another Linkway process (pid ${owner.child.pid}) is using ${dataDir}`)
    owner.child.kill('SIGKILL')
    await new Promise((resolve) => owner.child.on('exit', resolve))
    expect(existsSync(path.join(dataDir, 'linkway.pid'))).toBe(true)
    const successor = await startServer({ DATA_DIR: dataDir })
    expect(successor.output()).toContain('Linkway is running')
    expect(await stopServer(successor)).toBe(0)
  })

  it('stops at start with a message naming every bad variable', async () => {
    const server = spawnServer({ DATA_DIR: newDataDir(), PORT: 'x', LOG_LEVEL: 'loud' })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('Linkway cannot start; fix these settings:')
    expect(server.output()).toContain('PORT:')
    expect(server.output()).toContain('LOG_LEVEL:')
  })

  it('uses LINKWAY_API_KEY as the first client key', async () => {
    const apiKey = 'scripted-key-0123456789abcdef0123456789'
    const server = await startServer({ DATA_DIR: newDataDir(), LINKWAY_API_KEY: apiKey })
    expect(server.apiKey).toBe(apiKey)
    const res = await fetch(`${server.url}/apiKeys`, { headers: { authorization: basicHeader(apiKey) } })
    expect(res.status).toBe(200)
    expect(await stopServer(server)).toBe(0)
  })

  it('prints a one-time Portal setup URL until the first admin exists, or makes that admin from the environment', async () => {
    const dataDir = newDataDir()
    const server = await startServer({ DATA_DIR: dataDir })
    const setupUrl = /Portal setup (\S+)/.exec(server.output())?.[1] ?? ''
    expect(setupUrl).toMatch(/\/portal\/setup#token=[A-Za-z0-9_-]{43}$/)
    const origin = new URL(setupUrl).origin
    const setup = await fetch(`${server.url}/portal/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ token: setupUrl.split('#token=')[1], email: 'first@example.com', password: 'a long first password' }),
    })
    expect(setup.status).toBe(201)
    expect(await stopServer(server)).toBe(0)
    const again = await startServer({ DATA_DIR: dataDir })
    expect(again.output()).not.toContain('Portal setup')
    expect(await stopServer(again)).toBe(0)

    const password = 'the admin password from env'
    const scripted = await startServer({ DATA_DIR: newDataDir(), LINKWAY_ADMIN_EMAIL: 'ops@example.com', LINKWAY_ADMIN_PASSWORD: password, LOG_LEVEL: 'info' })
    expect(scripted.output()).toContain('first admin ops@example.com created from LINKWAY_ADMIN_EMAIL')
    const login = await fetch(`${scripted.url}/portal/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(setupUrl).origin },
      body: JSON.stringify({ email: 'ops@example.com', password }),
    })
    expect(login.status).toBe(200)
    expect(await stopServer(scripted)).toBe(0)
    expect(scripted.output()).not.toContain(password)
  })

  it('on SIGTERM finishes the request in flight before exiting', async () => {
    // At info the request log says when the server has the request's head (the body is still to come).
    const server = await startServer({ DATA_DIR: newDataDir(), LOG_LEVEL: 'info' })
    const body = JSON.stringify({ name: 'In flight' })
    const { hostname, port } = new URL(server.url)
    const req = request({
      host: hostname, port, method: 'POST', path: '/companies',
      headers: {
        authorization: basicHeader(server.apiKey!),
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    })
    const response = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
    })
    // Half the body, then the signal once the server has the request, then the rest once it is shutting down.
    req.write(body.slice(0, 5))
    await server.waitForOutput(/"msg":"incoming request"/)
    server.child.kill('SIGTERM')
    await server.waitForOutput(/SIGTERM received/)
    req.end(body.slice(5))
    expect(await response).toBe(200)
    expect(await server.exited).toBe(0)
  })
})

const postgresUrl = postgresUrlForTests()

describe.runIf(postgresUrl)('scale-out on PostgreSQL', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('runs an API process and a worker process on one database', async () => {
    const scratch = await createScratchDatabase(postgresUrl!)
    try {
      const env = {
        DATABASE_URL: scratch.url,
        ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        LINKWAY_API_KEY: 'scale-out-key-0123456789abcdefghijklmnop',
        DATA_DIR: newDataDir(),
      }
      // Started together: migrations, the job queue's schema and the first client must not collide.
      const [worker, api] = await Promise.all([
        startServer(env, ['--role=worker'], /Linkway worker running/),
        startServer(env, ['--role=api']),
      ])
      expect(worker.output()).toContain('Linkway worker running (database: postgres)')
      expect(api.output()).toContain('role: api, database: postgres')
      const res = await fetch(`${api.url}/companies`, {
        method: 'POST',
        headers: { authorization: basicHeader(env.LINKWAY_API_KEY), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Scaled' }),
      })
      expect(res.status).toBe(200)
      expect(await Promise.all([stopServer(api), stopServer(worker)])).toEqual([0, 0])
    } finally {
      await scratch.drop()
    }
  })
})
