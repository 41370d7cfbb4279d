/**
 * @module A fresh, migrated database for one test file, on either backend.
 * PGlite: an in-memory copy of a template migrated once per test process (cloning a tarball is
 * several times faster than initdb plus migrations). PostgreSQL: a new database on the server
 * named by the run, dropped again on close, so test files never see each other's rows.
 */
import { createDatabase, type Backend, type Database } from '@linkway/db'
import { postgresUrlForTests } from './backends.js'
import { createScratchDatabase } from './scratch-database.js'

let pgliteTemplate: Promise<Blob> | undefined

async function migratedPgliteTemplate(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const database = await createDatabase({ backend: 'pglite' })
    await database.migrate()
    await database.queue.start()
    const blob = await database.snapshot!()
    await database.close()
    return blob
  })()
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
    const scratch = await createScratchDatabase(serverUrl)
    database = await createDatabase({ backend: 'postgres', connectionString: scratch.url, maxConnections: 5 })
    dropDatabase = scratch.drop
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
