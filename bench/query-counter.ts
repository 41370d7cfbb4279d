/**
 * @module Counts the SQL statements this process sends to PostgreSQL, for the "DB queries per
 * request" column. It wraps pg.Client#query, which both our server (Kysely's PostgresDialect over
 * a pg.Pool) and the ceiling (pg.Pool#query) go through. PGlite is not counted.
 */
import pg from 'pg'

let count = 0
let installed = false

export function installQueryCounter(): void {
  if (installed) return
  installed = true
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const original = prototype.query
  prototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    count++
    return original.apply(this, args)
  }
}

export function queriesSent(): number {
  return count
}
