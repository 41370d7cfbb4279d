/**
 * @module The process: parse the config, claim the data folder (embedded mode), open and migrate
 * the database, start the job queue, listen, print the banner; on SIGINT/SIGTERM finish in-flight
 * requests and close the database cleanly.
 */
import path from 'node:path'
import { createDatabase, type Database } from '@linkway/db'
import type { FastifyInstance } from 'fastify'
import { systemClock, systemIds, systemRandom } from './app-deps.js'
import { buildApp } from './app.js'
import { ConfigError, parseConfig, type Config } from './config.js'
import { createClientsService } from './modules/clients/index.js'
import { createDeliveryWorker, type DeliveryWorker } from './modules/webhooks/index.js'
import { createSecretBox } from '@linkway/vault'
import { createCatalogue } from '@linkway/connectors'
import { startSandboxPlatforms } from '@linkway/sandbox-platforms'
import { createAppServices } from './app-services.js'
import { ensureConnectionQueues, startConnectionJobs } from './runtime/connection-jobs.js'
import { DataDirLockedError, lockDataDir, type DataDirLock } from './runtime/data-dir-lock.js'
import { loadOrCreateEncryptionKeys, readFirstApiKey, rememberFirstApiKey } from './runtime/embedded-secrets.js'
import { startBanner } from './runtime/start-banner.js'
import { startSyncWorkers } from './modules/sync/index.js'

/** How often a worker looks for datasets whose worker died: well under the dataset lease, so a crash costs about a lease. */
const SYNC_SWEEP_EVERY_MS = 30_000

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

async function bannerApiKey(config: Config, database: Database): Promise<string | undefined> {
  const clients = createClientsService({ db: database.db, clock: systemClock, ids: systemIds, random: systemRandom })
  const firstClient = await clients.ensureFirstClient(config.initialApiKey)
  const isEmbedded = config.databaseUrl === undefined
  if (firstClient) {
    if (isEmbedded && !config.initialApiKey) rememberFirstApiKey(config.dataDir, firstClient.apiKey)
    return firstClient.apiKey
  }
  const known = config.initialApiKey ?? (isEmbedded ? readFirstApiKey(config.dataDir) : undefined)
  return known && (await clients.isLiveApiKey(known)) ? known : undefined
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = parseConfig(process.env, process.argv.slice(2))
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }

  let dataDirLock: DataDirLock | undefined
  if (config.databaseUrl === undefined) {
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
    { superviseJobs: config.role !== 'api' },
  )
  await database.migrate()
  await database.queue.start()
  await ensureConnectionQueues(database)

  const secrets = createSecretBox(encryptionKeys)
  // The sandbox platforms know Linkway as one OAuth client, with a secret made for this run.
  const sandboxClient =
    config.sandbox || config.externalSandbox ? { clientId: 'linkway', clientSecret: config.sandboxClientSecret ?? systemRandom.bytes(32).toString('base64url') } : undefined
  const sandbox = config.sandbox
    ? await startSandboxPlatforms({
        port: config.sandbox.port,
        host: config.host,
        // SANDBOX_PORT=0 (tests) leaves it unset: the address it listens on is used.
        ...(config.sandbox.publicUrl ? { publicUrl: config.sandbox.publicUrl } : {}),
        clients: [{ ...sandboxClient!, redirectUris: [`${config.publicUrl}/link/oauth/callback`] }],
        ...(config.databaseUrl === undefined ? { stateFile: path.join(config.dataDir, 'sandbox-platforms.json') } : {}),
      })
    : undefined
  const sandboxUrl = sandbox ? (config.sandbox?.publicUrl ?? sandbox.url) : config.externalSandbox?.url
  const catalogue = createCatalogue(sandboxUrl ? { sandboxUrl } : {})
  const serviceDeps = { database, config, clock: systemClock, ids: systemIds, random: systemRandom, secrets, catalogue, sandboxClient }
  let deliveryWorker: DeliveryWorker | undefined
  if (config.role !== 'api') {
    deliveryWorker = createDeliveryWorker({
      database,
      clock: systemClock,
      ids: systemIds,
      secrets,
      outboundPolicy: config.webhookOutboundPolicy,
      disableAfterMs: config.webhookDisableAfterMs,
      retentionMs: config.webhookRetentionMs,
    })
    await deliveryWorker.start()
  }
  const workerServices = config.role !== 'api' ? createAppServices(serviceDeps) : undefined
  const log = (message: string) => console.log(message)
  const connectionJobs = workerServices ? await startConnectionJobs({ ...serviceDeps, services: workerServices, log }) : undefined
  const syncWorkers = workerServices
    ? await startSyncWorkers({
        queue: database.queue,
        runDataset: (datasetId) => workerServices.datasetRunner.run(datasetId),
        queueDueSyncs: () => workerServices.sync.queueDueSyncs(),
        recoverAbandoned: () => workerServices.datasetRunner.recoverAbandoned(),
        concurrency: config.syncConcurrency,
        sweepEveryMs: SYNC_SWEEP_EVERY_MS,
        log,
      })
    : undefined

  let app: FastifyInstance | undefined
  let listeningAt: string | undefined
  if (config.role !== 'worker') {
    app = await buildApp(serviceDeps)
    listeningAt = await app.listen({ port: config.port, host: config.host })
  }

  const apiKey = config.role === 'worker' ? undefined : await bannerApiKey(config, database)
  console.log(startBanner({ config, backend: database.backend, apiKey, listeningAt, encryptionKeyIds: encryptionKeys.map((k) => k.id), sandboxUrl }))

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
      await deliveryWorker?.stop()
      await connectionJobs?.stop()
      await syncWorkers?.stop()
      await sandbox?.close()
      await database.close()
    } finally {
      dataDirLock?.release()
    }
    process.exit(0)
  }
  process.on('SIGINT', (signal) => void shutdown(signal))
  process.on('SIGTERM', (signal) => void shutdown(signal))
}

main().catch((error: unknown) => {
  console.error('Linkway failed to start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
