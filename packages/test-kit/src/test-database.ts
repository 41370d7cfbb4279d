/**
 * @module A fresh, migrated database for one test file, on either backend.
 * PGlite: an in-memory copy of a migrated template (cloning a tarball is several times faster
 * than initdb plus migrations). The test run's global setup makes the template once and names its
 * file in PGLITE_TEMPLATE_ENV; a process started without it makes its own, once. PostgreSQL: a new
 * database on the server named by the run, dropped again on close, so test files never see each
 * other's rows; a copy of the run's migrated template database (POSTGRES_TEMPLATE_ENV) when the
 * global setup made one, which is several times faster than migrating each.
 */
import { readFile } from 'node:fs/promises'
import { createDatabase, type Backend, type Database } from '@linkway/db'
import { postgresUrlForTests } from './backends.js'
import { createScratchDatabase } from './scratch-database.js'

/** The file the run's migrated PGlite template is in, set by the global setup for the test processes. */
export const PGLITE_TEMPLATE_ENV = 'LINKWAY_TEST_PGLITE_TEMPLATE'
/** The name of the run's migrated PostgreSQL template database (its queue's schema made), set by the global setup. */
export const POSTGRES_TEMPLATE_ENV = 'LINKWAY_TEST_POSTGRES_TEMPLATE'

let pgliteTemplate: Promise<Blob> | undefined

/** A new in-memory PGlite, migrated, its queue's schema made: the tarball each test database starts from. */
export async function createPgliteTemplate(): Promise<Blob> {
  const database = await createDatabase({ backend: 'pglite' })
  await database.migrate()
  await database.queue.start()
  const blob = await database.snapshot!()
  await database.close()
  return blob
}

async function migratedPgliteTemplate(): Promise<Blob> {
  const file = process.env[PGLITE_TEMPLATE_ENV]
  // Made once for the run: otherwise each test process pays for initdb and migrations itself, and
  // whichever test comes first pays it inside its own timeout (seconds on a busy machine).
  pgliteTemplate ??= file ? readFile(file).then((bytes) => new Blob([bytes])) : createPgliteTemplate()
  return await pgliteTemplate
}

export interface TestDatabaseOptions {
  /** Start the job queue (pg-boss) too. */
  startQueue?: boolean
}

export async function createTestDatabase(backend: Backend, options: TestDatabaseOptions = {}): Promise<Database> {
  let database: Database
  let dropDatabase = async () => {}
  if (backend === 'pglite') {
    database = await createDatabase({ backend: 'pglite', loadDataDir: await migratedPgliteTemplate() })
  } else {
    const serverUrl = postgresUrlForTests()
    if (!serverUrl) throw new Error('No PostgreSQL for tests: set TEST_DATABASE_URL or DATABASE_URL')
    const template = process.env[POSTGRES_TEMPLATE_ENV]
    const scratch = await createScratchDatabase(serverUrl, 'linkway_test', template ? { template } : {})
    database = await createDatabase({ backend: 'postgres', connectionString: scratch.url, maxConnections: 5 })
    dropDatabase = scratch.drop
    // A no-op on a copy of the template, unless a migration was added since it was made.
    await database.migrate()
  }
  if (options.startQueue) await database.queue.start()
  const close = database.close.bind(database)
  return Object.assign(database, {
    async close() {
      await close()
      await dropDatabase()
    },
  })
}
