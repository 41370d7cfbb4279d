/**
 * @module A throwaway database for one bench run, created on the server DATABASE_URL names and
 * dropped again at the end (as packages/test-kit does for tests).
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'

export interface BenchDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `linkway_bench_${randomBytes(6).toString('hex')}`
  await withAdminClient(serverUrl, (admin) => admin.query(`create database ${name}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  let dropped = false
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return
      dropped = true
      await withAdminClient(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`))
    },
  }
}

/** The server's version and the settings that matter for reading the numbers. */
export async function describeServer(url: string): Promise<{ version: string; maxConnections: number; synchronousCommit: string }> {
  return await withAdminClient(url, async (client) => {
    const version = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version
    const maxConnections = Number((await client.query<{ max_connections: string }>('show max_connections')).rows[0]!.max_connections)
    const synchronousCommit = (await client.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]!.synchronous_commit
    return { version, maxConnections, synchronousCommit }
  })
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
