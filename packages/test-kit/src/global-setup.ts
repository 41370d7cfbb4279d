/**
 * @module Runs once before the test files: says which database backends this run covers, makes
 * the migrated PGlite template every test database on PGlite starts from, and drops test
 * databases an interrupted earlier run left on the PostgreSQL server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { postgresUrlForTests, testedBackends } from './backends.js'
import { scratchDatabaseCreatedAt, withAdminClient } from './scratch-database.js'
import { createPgliteTemplate, PGLITE_TEMPLATE_ENV } from './test-database.js'

/** Older than this, a test database is an interrupted run's: no test file runs this long. */
const ABANDONED_AFTER_MS = 3 * 60 * 60_000

export default async function setup(): Promise<() => void> {
  const backends = testedBackends()
  const missing = backends.includes('postgres') ? '' : ' (PostgreSQL not covered: set DATABASE_URL to include it)'
  console.log(`Database backends covered: ${backends.join(', ')}${missing}`)
  // The test processes are started after this and inherit the variable.
  const templateDir = mkdtempSync(path.join(tmpdir(), 'linkway-pglite-template-'))
  const templateFile = path.join(templateDir, 'template.tar')
  writeFileSync(templateFile, Buffer.from(await (await createPgliteTemplate()).arrayBuffer()))
  process.env[PGLITE_TEMPLATE_ENV] = templateFile
  const teardown = () => rmSync(templateDir, { recursive: true, force: true })
  const url = postgresUrlForTests()
  if (!url) return teardown
  try {
    await withAdminClient(url, async (admin) => {
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'linkway\\_test\\_%'`)
      // Only what an interrupted run left: a run going on now (another vitest on the same server) keeps its own.
      const abandoned = rows.filter(({ datname }) => (scratchDatabaseCreatedAt(datname) ?? 0) < Date.now() - ABANDONED_AFTER_MS)
      for (const { datname } of abandoned) await admin.query(`drop database if exists "${datname}" with (force)`)
    })
  } catch (error) {
    teardown()
    throw new Error(`DATABASE_URL is set but PostgreSQL is not usable at ${new URL(url).host}: ${(error as Error).message}`)
  }
  return teardown
}
