/**
 * A database outage, as production has them: PostgreSQL unreachable for 90 seconds (a TCP proxy in
 * front of it is cut: connections reset, new ones refused), under load, then back. An API process
 * and a worker process must both still be running afterwards; meanwhile the API answers 503 in
 * the wire error body; afterwards nothing the API accepted is lost: every company created before,
 * during (none) and after exists, every company.created webhook arrives, and a sync queued after
 * the outage completes. PostgreSQL only: PGlite lives inside the process.
 */
import { randomBytes } from 'node:crypto'
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import { approveConsent, startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import { createScratchDatabase, postgresUrlForTests, type ScratchDatabase } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeLoopbackPort } from '../src/testing/test-app.js'
import { PROCESS_TEST_TIMEOUT_MS, basicHeader, cleanUpServers, newDataDir, sleep, startServer, stopServer, waitUntil, type StartedServer } from './server-process.js'
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js'

/** How long PostgreSQL is gone: well past the ~30 s at which pg-boss's unheard 'error' used to end the process. */
const OUTAGE_MS = Number(process.env.OUTAGE_TEST_MS ?? 90_000)

/** A TCP proxy to PostgreSQL that can be cut (every connection reset, new ones refused) and restored on the same port. */
interface CuttableProxy {
  url(databaseUrl: string): string
  cut(): Promise<void>
  restore(): Promise<void>
  close(): Promise<void>
}

async function startCuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0
  const open = async () => {
    server = createServer((client) => {
      const upstream = connect(target.port, target.host)
      for (const socket of [client, upstream]) {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
        socket.on('error', () => {})
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(port, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  }
  const shut = async () => {
    for (const socket of sockets) socket.destroy()
    if (server) await new Promise((resolve) => server!.close(resolve))
    server = undefined
  }
  await open()
  return {
    url(databaseUrl) {
      const url = new URL(databaseUrl)
      url.hostname = '127.0.0.1'
      url.port = String(port)
      return url.href
    },
    cut: shut,
    restore: open,
    close: shut,
  }
}

const postgresUrl = postgresUrlForTests()

describe.runIf(postgresUrl)('a 90-second database outage on postgres', () => {
  let scratch: ScratchDatabase
  let proxy: CuttableProxy
  let sandbox: RunningSandbox
  let receiver: WebhookReceiver

  beforeAll(async () => {
    scratch = await createScratchDatabase(postgresUrl!)
    const target = new URL(postgresUrl!)
    proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port || 5432) })
    receiver = await startWebhookReceiver()
  })
  afterAll(async () => {
    cleanUpServers()
    await sandbox?.close()
    await receiver?.close()
    await proxy?.close()
    await scratch?.drop()
  })

  it('keeps every role running, answers 503 meanwhile, and loses nothing', { timeout: OUTAGE_MS + PROCESS_TEST_TIMEOUT_MS }, async () => {
    const apiPort = await freeLoopbackPort()
    const publicUrl = `http://127.0.0.1:${apiPort}`
    const sandboxClient = { clientId: 'linkway', clientSecret: randomBytes(24).toString('base64url') }
    sandbox = await startSandboxPlatforms({ port: 0, clients: [{ ...sandboxClient, redirectUris: [`${publicUrl}/link/oauth/callback`] }] })
    const apiKey = `lwk_outage_${randomBytes(24).toString('base64url')}`
    const env = {
      DATABASE_URL: proxy.url(scratch.url),
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      LINKWAY_API_KEY: apiKey,
      SANDBOX_PLATFORMS: 'false',
      SANDBOX_URL: sandbox.url,
      SANDBOX_CLIENT_SECRET: sandboxClient.clientSecret,
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      PUBLIC_URL: publicUrl,
      DATA_DIR: newDataDir(),
    }
    const apiProcess: StartedServer = await startServer({ ...env, PORT: String(apiPort) }, ['--role=api'])
    const workerProcess: StartedServer = await startServer(env, ['--role=worker'], /Linkway worker running/)
    const headers = { authorization: basicHeader(apiKey), 'content-type': 'application/json' }
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${publicUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>) }
    }
    const created: string[] = []
    const createCompany = async (name: string) => {
      const answer = await api('POST', '/companies', { name })
      if (answer.status === 200) created.push(String(answer.body!.id))
      return answer
    }

    // Before: a webhook consumer, companies, and a connection linked through the sandbox.
    expect((await api('POST', '/webhooks', { url: receiver.url, eventTypes: ['company.created'] })).status).toBe(201)
    for (let i = 0; i < 5; i++) expect((await createCompany(`Before ${i}`)).status).toBe(200)
    const companyId = created[0]!
    const connection = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'bsbx' })).body!
    const toPlatform = (await fetch(String(connection.linkUrl), { redirect: 'manual' })).headers.get('location')!
    const callback = await approveConsent(toPlatform)
    expect((await fetch(callback, { redirect: 'manual' })).status).toBeLessThan(400)
    const isSynced = (history: { body?: Record<string, unknown> }) => {
      const results = (history.body?.results ?? []) as Array<{ isCompleted: boolean; status: string }>
      return results.length > 0 && results.every((dataset) => dataset.isCompleted)
    }
    await waitUntil(() => api('GET', `/companies/${companyId}/data/history?pageSize=100`), isSynced, 'the first sync')
    await waitUntil(() => receiver.deliveries.length, (count) => count === created.length, 'the webhooks sent before the outage')

    // The outage, under load: the API keeps being asked; it answers 503, promptly, in the wire body.
    await proxy.cut()
    const outageEnds = Date.now() + OUTAGE_MS
    const duringOutage: number[] = []
    while (Date.now() < outageEnds) {
      const started = Date.now()
      const answer = await createCompany(`During ${duringOutage.length}`).catch((error: Error) => ({ status: 0, body: { error: `${error.message}: ${(error.cause as Error | undefined)?.message}` } }))
      duringOutage.push(answer.status)
      if (answer.status === 503) expect(answer.body).toMatchObject({ statusCode: 503, service: 'PublicApi', error: 'The service is temporarily unavailable; please retry later.' })
      // Prompt: the pool's 5 s connection timeout at most, not a hang.
      expect(Date.now() - started).toBeLessThan(10_000)
      await sleep(1_000)
    }
    expect(duringOutage.length).toBeGreaterThan(10)
    expect(new Set(duringOutage), `the API process said:\n${apiProcess.output().slice(-3000)}`).toEqual(new Set([503]))
    expect(apiProcess.child.exitCode, apiProcess.output()).toBeNull()
    expect(workerProcess.child.exitCode, workerProcess.output()).toBeNull()

    // Back: the API serves again, webhooks and syncs resume, and nothing accepted was lost.
    await proxy.restore()
    await waitUntil(() => api('GET', '/companies?pageSize=1'), (answer) => answer.status === 200, 'the API to serve again').catch((error: Error) => {
      throw new Error(`${error.message}\n--- the API process said:\n${apiProcess.output().slice(-4000)}`)
    })
    for (let i = 0; i < 5; i++) expect((await createCompany(`After ${i}`)).status).toBe(200)
    expect((await api('POST', `/companies/${companyId}/data/all`)).status).toBe(204)
    await waitUntil(() => api('GET', `/companies/${companyId}/data/history?pageSize=100`), isSynced, 'the sync queued after the outage')
    const listed = await api('GET', '/companies?pageSize=100')
    expect(new Set((listed.body!.results as Array<{ id: string }>).map((company) => company.id))).toEqual(new Set(created))
    await waitUntil(() => new Set(receiver.deliveries.map((delivery) => delivery.companyId)).size, (count) => count === created.length, 'every company.created webhook', { timeoutMs: 90_000 })
    // At least once, each with one stable id.
    const idsByCompany = new Map<string | undefined, Set<string | undefined>>()
    for (const delivery of receiver.deliveries) idsByCompany.set(delivery.companyId, (idsByCompany.get(delivery.companyId) ?? new Set()).add(delivery.webhookId))
    for (const ids of idsByCompany.values()) expect(ids.size).toBe(1)

    expect(apiProcess.child.exitCode).toBeNull()
    expect(workerProcess.child.exitCode).toBeNull()
    expect(await stopServer(apiProcess)).toBe(0)
    expect(await stopServer(workerProcess)).toBe(0)
  })
})
