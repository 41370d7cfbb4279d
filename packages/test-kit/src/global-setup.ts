/**
 * @module Runs once before the test files: says which database backends this run covers, and
 * drops test databases an interrupted earlier run left on the PostgreSQL server.
 */
import { postgresUrlForTests, testedBackends } from './backends.js'
import { withAdminClient } from './scratch-database.js'

export default async function setup(): Promise<void> {
  const backends = testedBackends()
  const missing = backends.includes('postgres') ? '' : ' (PostgreSQL not covered: set DATABASE_URL to include it)'
  console.log(`Database backends covered: ${backends.join(', ')}${missing}`)
  const url = postgresUrlForTests()
  if (!url) return
  try {
    await withAdminClient(url, async (admin) => {
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'linkway\\_test\\_%'`)
      for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`)
    })
  } catch (error) {
    throw new Error(`DATABASE_URL is set but PostgreSQL is not usable at ${new URL(url).host}: ${(error as Error).message}`)
  }
}
