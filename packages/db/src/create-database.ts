/**
 * @module createDatabase: one entry point for both backends. Embedded mode runs PostgreSQL
 * compiled to WASM (PGlite) in this process; scale-out runs on a pg.Pool. Both get the same
 * column parsers, the same migrations and the same job queue.
 */
import { PGlite } from '@electric-sql/pglite'
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely'
import pg from 'pg'
import { JobQueue, type SqlExecutor } from './job-queue.js'
import { migrations } from './migrations/index.js'
import { SessionLock } from './mutex.js'
import { createPgliteDialect } from './pglite-dialect.js'
import { nameOfPreparedText } from './prepared-statement.js'
import type { Tables } from './tables.js'
import { sharedTypeParsers } from './type-parsers.js'

export type Backend = 'pglite' | 'postgres'

export type DatabaseOptions =
  | {
      backend: 'pglite'
      /** Folder of the database files; omitted = in memory (tests). */
      dataDir?: string
      /** A tarball from dumpPglite(), to start from a copy instead of an empty database. */
      loadDataDir?: Blob | File
    }
  | {
      backend: 'postgres'
      connectionString: string
      maxConnections?: number
    }

export interface Database {
  readonly backend: Backend
  readonly db: Kysely<Tables>
  readonly queue: JobQueue
  /** Applies every pending migration; safe to call from several processes at once. */
  migrate(): Promise<void>
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel` (sent with `select
   * pg_notify(channel, payload)`, which inside a transaction is delivered only if it commits).
   * Returns the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>
  /** PGlite only: the database's files as a tarball, which `loadDataDir` starts a copy from. */
  snapshot?: () => Promise<Blob>
  close(): Promise<void>
}

export interface CreateDatabaseOptions {
  /** Run pg-boss maintenance in this process (workers); the API role only enqueues. */
  superviseJobs?: boolean
  /** Failures of the job queue's background work (the database away); it recovers by itself. */
  onBackgroundError?: (error: unknown) => void
}

export async function createDatabase(options: DatabaseOptions, extra: CreateDatabaseOptions = {}): Promise<Database> {
  const superviseJobs = extra.superviseJobs ?? true
  if (options.backend === 'pglite') {
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: sharedTypeParsers,
      // The name searches' trigram indexes (0008's, then 0021's over client, tags and name) need
      // pg_trgm, and 0021's btree_gin; on a server they are contrib extensions.
      extensions: { btree_gin, pg_trgm },
    })
    const lock = new SessionLock()
    const db = new Kysely<Tables>({ dialect: createPgliteDialect(pglite, lock) })
    const executor: SqlExecutor = {
      executeSql: (text, values) =>
        lock.run(async () => {
          if (values && values.length > 0) return await pglite.query(text, values)
          // pg-boss sends whole scripts (BEGIN; …; COMMIT;) without parameters.
          const results = await pglite.exec(text)
          return results[results.length - 1] ?? { rows: [] }
        }),
    }
    const queue = new JobQueue(executor, { supervise: superviseJobs, ...(extra.onBackgroundError ? { onBackgroundError: extra.onBackgroundError } : {}) })
    return {
      backend: 'pglite',
      db,
      queue,
      migrate: () => runMigrations(db),
      snapshot: () => lock.run(() => pglite.dumpDataDir('none')),
      async listen(channel, onNotify) {
        const unlisten = await lock.run(() => pglite.listen(channel, (payload) => onNotify(payload)))
        return async () => await lock.run(() => unlisten())
      },
      async close() {
        await queue.stop()
        await db.destroy()
        await lock.run(() => pglite.close())
      },
    }
  }

  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // A database that does not answer must become a prompt 503, not a request that hangs.
    connectionTimeoutMillis: 5_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        sharedTypeParsers[oid] ?? pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client that loses its server must not take the process down; the next query reconnects.
  pool.on('error', () => {})
  // Nor a client in use: pg-pool listens for a client's 'error' only while it is idle, and a
  // connection cut mid-query (the server restarting, the network gone) emits one besides failing
  // the query. The query's own rejection is what callers see; the pool drops the broken client.
  pool.on('connect', (client) => {
    client.on('error', () => {})
    sendPreparedStatementsByName(client)
  })
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
  const queue = new JobQueue(
    { executeSql: (text, values) => pool.query(text, values) },
    { supervise: superviseJobs, serializeStart: (work) => underSessionLock(pool, JOB_QUEUE_START_LOCK, work), ...(extra.onBackgroundError ? { onBackgroundError: extra.onBackgroundError } : {}) },
  )
  return {
    backend: 'postgres',
    db,
    queue,
    migrate: () => runMigrations(db),
    listen: (channel, onNotify) => listenOnDedicatedClient(options.connectionString, channel, onNotify),
    async close() {
      await queue.stop()
      await db.destroy()
    },
  }
}

/**
 * Kysely's pg driver calls `client.query(text, values)`. A text that a `preparedStatement` compiled
 * to goes out with its name instead, so node-postgres parses it once on this connection and
 * PostgreSQL keeps its plan. Everything else is passed on untouched.
 */
function sendPreparedStatementsByName(client: pg.PoolClient): void {
  const query = client.query as (...args: unknown[]) => unknown
  ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = function queryByName(this: unknown, ...args: unknown[]) {
    const [text, values] = args
    const name = args.length === 2 && typeof text === 'string' ? nameOfPreparedText(text) : undefined
    return name ? query.call(client, { name, text, values }) : query.apply(client, args)
  }
}

/**
 * LISTEN needs a session of its own, outside the pool. If the connection drops, it reconnects
 * (and calls onNotify once, since notifications sent meanwhile are lost) until stopped.
 */
async function listenOnDedicatedClient(connectionString: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined
  let isStopped = false
  let retryTimer: NodeJS.Timeout | undefined
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString })
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '')
    })
    next.on('error', () => reconnectSoon())
    next.on('end', () => reconnectSoon())
    await next.connect()
    await next.query(`listen ${pg.escapeIdentifier(channel)}`)
    client = next
  }
  const reconnectSoon = () => {
    if (isStopped || retryTimer) return
    client = undefined
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      // Notifications sent meanwhile are lost: one with no payload says "look again".
      connect().then(() => onNotify(''), () => reconnectSoon())
    }, 1_000)
    retryTimer.unref()
  }
  await connect()
  return async () => {
    isStopped = true
    if (retryTimer) clearTimeout(retryTimer)
    await client?.end().catch(() => {})
  }
}

/** An arbitrary constant naming the lock; any number no other code uses. */
const JOB_QUEUE_START_LOCK = 7_346_262

/** Holds a PostgreSQL advisory lock on one pooled connection while `work` runs on others. */
async function underSessionLock<T>(pool: pg.Pool, key: number, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [key])
    try {
      return await work()
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key])
    }
  } finally {
    client.release()
  }
}

/**
 * Kysely's Migrator takes a PostgreSQL advisory lock inside its transaction, so two processes
 * starting together on one database apply each migration once.
 */
async function runMigrations(db: Kysely<Tables>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'linkway_migrations',
    migrationLockTableName: 'linkway_migrations_lock',
  })
  const result: MigrationResultSet = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(result.error)}`, {
      cause: result.error,
    })
  }
}
