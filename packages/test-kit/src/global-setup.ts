/**
 * @module Runs once before the test files: says which database backends this run covers, and
 * drops test databases an interrupted earlier run left on the PostgreSQL server.
 */
import pg from 'pg'
import { postgresUrlForTests, testedBackends } from './backends.js'

export default async function setup(): Promise<void> {
  const backends = testedBackends()
  const missing = backends.includes('postgres') ? '' : ' (PostgreSQL not covered: set DATABASE_URL to include it)'
  console.log(`Database backends covered: ${backends.join(', ')}${missing}`)
  const url = postgresUrlForTests()
  if (!url) return
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(`DATABASE_URL is set but PostgreSQL is not reachable at ${new URL(url).host}: ${(error as Error).message}`)
  }
  try {
    const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname like 'linkway\\_test\\_%'`)
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`)
  } finally {
    await client.end()
  }
}
