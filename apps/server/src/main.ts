/**
 * @module The process: parse the config, claim the data folder (embedded mode), open and migrate
 * the database, start the job queue, listen, print the banner; on SIGINT/SIGTERM finish in-flight
 * requests and close the database cleanly.
 */
import path from 'node:path'
import v8 from 'node:v8'
import { createDatabase } from '@linkway/db'
import type { FastifyInstance } from 'fastify'
import { createSecretBox } from '@linkway/vault'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { startSandboxPlatforms } from '@linkway/sandbox-platforms'
import { systemClock, systemIds, systemRandom } from './app-deps.js'
import { buildApp } from './app.js'
import { createAppServices, type AppServices } from './app-services.js'
import { ConfigError, parseConfig, type Config } from './config.js'
import { createJobQueues } from './jobs.js'
import { connectRedisRateLimitStore } from './modules/rate-limits/index.js'
import { DataDirLockedError, lockDataDir, type DataDirLock } from './runtime/data-dir-lock.js'
import { forgetSandboxAdminToken, loadOrCreateEncryptionKeys, readFirstApiKey, rememberFirstApiKey, rememberSandboxAdminToken } from './runtime/embedded-secrets.js'
import { securePrivateDir, tightenPrivateDir } from './runtime/private-data-dir.js'
import { createProcessLogger } from './runtime/process-logger.js'
import { startBanner, type PortalBanner, type SandboxAdminTokenSource } from './runtime/start-banner.js'
import { workerHeapNotice } from './runtime/worker-heap.js'
import { throttledErrorLog } from './throttled-error-log.js'
import { startWorkers, type Workers } from './workers.js'

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

async function bannerApiKey(config: Config, { clients }: AppServices): Promise<string | undefined> {
  const firstClient = await clients.ensureFirstClient(config.initialApiKey)
  const isEmbedded = config.databaseUrl === undefined
  if (firstClient) {
    if (isEmbedded && !config.initialApiKey) rememberFirstApiKey(config.dataDir, firstClient.apiKey)
    return firstClient.apiKey
  }
  const known = config.initialApiKey ?? (isEmbedded ? readFirstApiKey(config.dataDir) : undefined)
  return known && (await clients.isLiveApiKey(known)) ? known : undefined
}

/**
 * The first client's first Portal admin: made from LINKWAY_ADMIN_EMAIL/PASSWORD, or, without
 * them, a one-time setup URL for the banner (a new one at each start until an admin exists).
 */
async function preparePortal({ clients, portalUsers }: AppServices): Promise<PortalBanner | undefined> {
  const clientId = await clients.firstClientId()
  return clientId === undefined ? undefined : await portalUsers.prepareFirstAdmin(clientId)
}

/**
 * The token the sandbox admin routes require, and where a person finds it: SANDBOX_ADMIN_TOKEN, or
 * one made for this start, which embedded mode leaves in a 0600 file in DATA_DIR (never printed).
 */
function sandboxAdminTokenOf(config: Config): { token: string; source: SandboxAdminTokenSource } {
  const isEmbedded = config.databaseUrl === undefined
  const given = config.sandbox?.adminToken
  if (given !== undefined) {
    if (isEmbedded) forgetSandboxAdminToken(config.dataDir)
    return { token: given, source: { kind: 'environment' } }
  }
  const token = systemRandom.bytes(32).toString('base64url')
  return { token, source: isEmbedded ? { kind: 'file', path: rememberSandboxAdminToken(config.dataDir, token) } : { kind: 'unset' } }
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = parseConfig(process.env, process.argv.slice(2), { isTerminal: process.stdout.isTTY === true })
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }

  const logger = createProcessLogger(config)
  if (config.role === 'worker') {
    const heapNotice = workerHeapNotice(v8.getHeapStatistics().heap_size_limit)
    if (heapNotice) logger.warn(heapNotice)
  }
  // The rate limits count in the database unless REDIS_URL names a Redis every process shares.
  // Connected first: a Redis that is not there stops the start before anything is opened.
  const rateLimitStore = config.redisUrl
    ? await connectRedisRateLimitStore({ url: config.redisUrl, onUnavailable: throttledErrorLog(logger, 'rate limit counting in Redis') })
    : undefined
  let dataDirLock: DataDirLock | undefined
  if (config.databaseUrl === undefined) {
    // First: the folder is 0700 before anything in it is opened, and what this process creates there is private.
    securePrivateDir(config.dataDir, { warn: (message) => logger.warn(message) })
    try {
      dataDirLock = lockDataDir(config.dataDir)
    } catch (error) {
      if (error instanceof DataDirLockedError) fail(error.message)
      throw error
    }
  }
  // Generated once, so tokens stored from the first connection on can always be decrypted.
  const encryptionKeys = config.encryptionKeys ?? loadOrCreateEncryptionKeys(config.dataDir, systemRandom)

  const database = await createDatabase(
    config.databaseUrl
      ? { backend: 'postgres', connectionString: config.databaseUrl, maxConnections: config.databasePoolSize }
      : { backend: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
    // While the database is away pg-boss keeps polling and failing; it carries on when it returns.
    { superviseJobs: config.role !== 'api', onBackgroundError: throttledErrorLog(logger, 'job queue') },
  )
  await database.migrate()
  await database.queue.start()
  await createJobQueues(database.queue)
  // PGlite sets some modes itself, past the umask (a new database's files, the relation cache it
  // rewrites at start): the folder keeps others out of them, and this makes them private too.
  if (config.databaseUrl === undefined) tightenPrivateDir(config.dataDir)

  const secrets = createSecretBox(encryptionKeys)
  // The sandbox platforms know Linkway as one OAuth client, with a secret made for this run.
  const sandboxClient =
    config.sandbox || config.externalSandbox ? { clientId: 'linkway', clientSecret: config.sandboxClientSecret ?? systemRandom.bytes(32).toString('base64url') } : undefined
  const sandboxAdmin = config.sandbox ? sandboxAdminTokenOf(config) : undefined
  const sandbox = config.sandbox
    ? await startSandboxPlatforms({
        port: config.sandbox.port,
        host: config.host,
        adminToken: sandboxAdmin!.token,
        // SANDBOX_PORT=0 (tests) leaves it unset: the address it listens on is used.
        ...(config.sandbox.publicUrl ? { publicUrl: config.sandbox.publicUrl } : {}),
        clients: [{ ...sandboxClient!, redirectUris: [`${config.publicUrl}/link/oauth/callback`] }],
        ...(config.databaseUrl === undefined ? { stateFile: path.join(config.dataDir, 'sandbox-platforms.json') } : {}),
      })
    : undefined
  const sandboxUrl = sandbox ? (config.sandbox?.publicUrl ?? sandbox.url) : config.externalSandbox?.url
  const catalogue = createPlatformCatalogue(sandboxUrl ? { sandboxUrl } : {})
  const deps = { database, config, clock: systemClock, ids: systemIds, random: systemRandom, secrets, catalogue, sandboxClient, logger, ...(rateLimitStore ? { rateLimitStore } : {}) }
  const services = createAppServices(deps)
  const workers: Workers | undefined = config.role !== 'api' ? await startWorkers(deps, { services }) : undefined

  let app: FastifyInstance | undefined
  let listeningAt: string | undefined
  if (config.role !== 'worker') {
    app = await buildApp(deps)
    listeningAt = await app.listen({ port: config.port, host: config.host })
  }

  const apiKey = config.role === 'worker' ? undefined : await bannerApiKey(config, services)
  const portal = config.role === 'worker' ? undefined : await preparePortal(services)

  let isClosing = false
  const shutdown = async (signal: string) => {
    if (isClosing) {
      console.error(`${signal} again: exiting without waiting`)
      process.exit(1)
    }
    isClosing = true
    console.log(`${signal} received: finishing in-flight requests, then closing the database`)
    try {
      await app?.close()
      await workers?.stop()
      await sandbox?.close()
      await rateLimitStore?.close()
      await database.close()
    } finally {
      dataDirLock?.release()
    }
    process.exit(0)
  }
  process.on('SIGINT', (signal) => void shutdown(signal))
  process.on('SIGTERM', (signal) => void shutdown(signal))
  // The banner says "ready": whoever reads it (a person, a supervisor, a test) may signal at once,
  // and a signal before the handlers above ends the process without closing the database.
  console.log(startBanner({ config, backend: database.backend, apiKey, listeningAt, encryptionKeyIds: encryptionKeys.map((k) => k.id), sandboxUrl, sandboxAdminToken: sandboxAdmin?.source, portal }))
}

main().catch((error: unknown) => {
  console.error('Linkway failed to start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
