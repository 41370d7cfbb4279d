/**
 * @module Runs once before the test files: says which database backends this run covers, makes
 * the migrated templates every test database starts from (a PGlite tarball; a PostgreSQL database
 * when the run covers PostgreSQL), and drops test databases an interrupted earlier run left on the
 * PostgreSQL server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { postgresUrlForTests, testedBackends } from './backends.js'
import { createDatabase } from '@linkway/db'
import { createScratchDatabase, scratchDatabaseCreatedAt, withAdminClient, type ScratchDatabase } from './scratch-database.js'
import { createPgliteTemplate, PGLITE_TEMPLATE_ENV, POSTGRES_TEMPLATE_ENV } from './test-database.js'

/** Older than this, a test database is an interrupted run's: no test file runs this long. */
const ABANDONED_AFTER_MS = 3 * 60 * 60_000

/** A database migrated and with the job queue's schema, closed again so it can be copied. */
async function createPostgresTemplate(serverUrl: string): Promise<ScratchDatabase> {
  const template = await createScratchDatabase(serverUrl)
  const database = await createDatabase({ backend: 'postgres', connectionString: template.url, maxConnections: 3 })
  try {
    await database.migrate()
    await database.queue.start()
  } finally {
    await database.close()
  }
  return template
}

export default async function setup(): Promise<() => Promise<void>> {
  const backends = testedBackends()
  const missing = backends.includes('postgres') ? '' : ' (PostgreSQL not covered: set DATABASE_URL to include it)'
  console.log(`Database backends covered: ${backends.join(', ')}${missing}`)
  // The test processes are started after this and inherit the variable.
  const templateDir = mkdtempSync(path.join(tmpdir(), 'linkway-pglite-template-'))
  const templateFile = path.join(templateDir, 'template.tar')
  writeFileSync(templateFile, Buffer.from(await (await createPgliteTemplate()).arrayBuffer()))
  process.env[PGLITE_TEMPLATE_ENV] = templateFile
  let postgresTemplate: ScratchDatabase | undefined
  const teardown = async () => {
    rmSync(templateDir, { recursive: true, force: true })
    await postgresTemplate?.drop()
  }
  const url = postgresUrlForTests()
  if (!url) return teardown
  try {
    await withAdminClient(url, async (admin) => {
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'linkway\\_test\\_%'`)
      // Only what an interrupted run left: a run going on now (another vitest on the same server) keeps its own.
      const abandoned = rows.filter(({ datname }) => (scratchDatabaseCreatedAt(datname) ?? 0) < Date.now() - ABANDONED_AFTER_MS)
      for (const { datname } of abandoned) await admin.query(`drop database if exists "${datname}" with (force)`)
    })
    postgresTemplate = await createPostgresTemplate(url)
    process.env[POSTGRES_TEMPLATE_ENV] = postgresTemplate.name
  } catch (error) {
    await teardown()
    throw new Error(`DATABASE_URL is set but PostgreSQL is not usable at ${new URL(url).host}: ${(error as Error).message}`)
  }
  return teardown
}
