/**
 * @module A throwaway database for one bench run, created on the server DATABASE_URL names and
 * dropped again at the end (as packages/test-kit does for tests).
 */
import { createScratchDatabase, withAdminClient, type ScratchDatabase } from '@linkway/test-kit'

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'

export type BenchDatabase = ScratchDatabase

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  return await createScratchDatabase(serverUrl, 'linkway_bench')
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
