/**
 * @module Which database backends the test run covers. PGlite always; PostgreSQL when the run is
 * given a server (TEST_DATABASE_URL, else DATABASE_URL), as CI is. A newcomer with no PostgreSQL
 * still gets a green `npm test`, and the run says what it covered.
 */
import type { Backend } from '@linkway/db'

export function postgresUrlForTests(): string | undefined {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
  return url && url.length > 0 ? url : undefined
}

export function testedBackends(): Backend[] {
  return postgresUrlForTests() ? ['pglite', 'postgres'] : ['pglite']
}
