/**
 * @module An app on a fresh test database, with as many clients as a test wants. Tests call
 * `app.inject` (no socket), or `listen()` when a real HTTP client (the SDK contract tests) needs one.
 */
import type { Backend, Database } from '@linkway/db'
import { createTestDatabase, FakeClock } from '@linkway/test-kit'
import type { FastifyInstance } from 'fastify'
import { createServer, type AddressInfo } from 'node:net'
import { createSecretBox } from '@linkway/vault'
import type { PlatformClient } from '@linkway/oauth'
import { createPlatformCatalogue, type PlatformCatalogue } from '@linkway/platform-data'
import { systemIds, systemRandom, type AppDeps } from '../app-deps.js'
import { buildApp } from '../app.js'
import { createAppServices } from '../app-services.js'
import { parseConfig, type Config } from '../config.js'
import { createJobQueues } from '../jobs.js'
import type { NewClient } from '../modules/clients/index.js'

export const TEST_PUBLIC_URL = 'http://linkway.test'
/** What a process gets with no settings: tests run with the same limits unless they say otherwise. */
const DEFAULT_CONFIG = parseConfig({})
export const TEST_SECRETS = createSecretBox([{ id: 'test', key: Buffer.alloc(32, 7) }])
/** Tests that never reach a sandbox still see the sandbox integrations, at an address nothing answers. */
export const TEST_SANDBOX = { url: 'http://127.0.0.1:9', client: { clientId: 'linkway-test', clientSecret: 'test-sandbox-secret' } }

export const TEST_PASSWORD_HASHING = { N: 2 ** 9, r: 8, p: 1 }

export interface TestAppOptions {
  /** Start the job queue (pg-boss) and create the app's queues. */
  startQueue?: boolean
  /** Default: every platform, sandboxes at TEST_SANDBOX.url. */
  catalogue?: PlatformCatalogue
  /** Linkway's client at the sandbox; default TEST_SANDBOX.client. `null`: sandboxes switched off. */
  sandboxClient?: PlatformClient | null
  /** Listen on 127.0.0.1 (a free port) with PUBLIC_URL pointing there, for journeys over real HTTP. */
  listen?: boolean
  /** The Link component's bundle the hosted page serves (browser journeys build it first). */
  linkBundlePath?: string
  /** Changes to the rate limits, which are otherwise the defaults a process gets (config.ts). */
  rateLimits?: Partial<Config['rateLimits']>
  /** TRUST_PROXY, parsed; default none. */
  trustProxy?: string[]
  /** The file upload limits; default what a process gets (config.ts). */
  fileUploads?: Partial<Config['fileUploads']>
  /** Where the rate limits count; default the test database. */
  rateLimitStore?: AppDeps['rateLimitStore']
  /** PUBLIC_URL (without `listen`); default TEST_PUBLIC_URL. */
  publicUrl?: string
  /** The Portal's built pages; default packages/portal-ui/dist-bundle. */
  portalBundleDir?: string
  /** The Portal's settings; default what a process gets with no PORTAL_* variables. */
  portal?: Partial<Config['portal']>
}

/** A port nothing listens on now, on 127.0.0.1: for a server whose PUBLIC_URL must be known before it listens. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface TestClient extends NewClient {
  /** Ready-made headers: `Authorization: Basic <base64(key)>`. */
  headers: { authorization: string }
}

export interface TestApp {
  app: FastifyInstance
  /** PUBLIC_URL: TEST_PUBLIC_URL, or the real address with `listen`. */
  url: string
  deps: AppDeps
  database: Database
  secrets: typeof TEST_SECRETS
  clock: FakeClock
  createClient(name?: string): Promise<TestClient>
  close(): Promise<void>
}

export function basicAuthorization(apiKey: string): string {
  return `Basic ${Buffer.from(apiKey).toString('base64')}`
}

export async function createTestApp(backend: Backend, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(backend, { startQueue: options.startQueue ?? false })
  if (options.startQueue) await createJobQueues(database.queue)
  const clock = new FakeClock('2026-01-01T00:00:00.000Z')
  const port = options.listen ? await freeLoopbackPort() : undefined
  const publicUrl = port ? `http://127.0.0.1:${port}` : (options.publicUrl ?? TEST_PUBLIC_URL)
  const deps = {
    database,
    clock,
    ids: systemIds,
    random: systemRandom,
    secrets: TEST_SECRETS,
    catalogue: options.catalogue ?? createPlatformCatalogue({ sandboxUrl: TEST_SANDBOX.url }),
    ...(options.linkBundlePath ? { linkBundlePath: options.linkBundlePath } : {}),
    ...(options.portalBundleDir ? { portalBundleDir: options.portalBundleDir } : {}),
    sandboxClient: options.sandboxClient === null ? undefined : (options.sandboxClient ?? TEST_SANDBOX.client),
    ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
    // A sixty-fourth of a process's scrypt cost: tests sign in hundreds of times on both databases.
    // password-hash.test.ts keeps the real cost.
    passwordHashing: TEST_PASSWORD_HASHING,
    config: {
      publicUrl,
      logLevel: 'silent' as const,
      logFormat: 'json' as const,
      webhookOutboundPolicy: { allowLoopback: true, allowPrivate: false },
      rateLimits: { ...DEFAULT_CONFIG.rateLimits, ...options.rateLimits },
      trustProxy: options.trustProxy ?? [],
      fileUploads: { ...DEFAULT_CONFIG.fileUploads, ...options.fileUploads },
      portal: { ...DEFAULT_CONFIG.portal, ...options.portal },
    },
  }
  const app = await buildApp(deps)
  await app.ready()
  if (port) await app.listen({ port, host: '127.0.0.1' })
  const { clients } = createAppServices(deps)
  let count = 0
  return {
    app,
    url: publicUrl,
    deps,
    database,
    secrets: TEST_SECRETS,
    clock,
    async createClient(name = `client ${++count}`) {
      const client = await clients.createClient(name)
      return { ...client, headers: { authorization: basicAuthorization(client.apiKey) } }
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
}
