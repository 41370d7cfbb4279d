/**
 * @module A throwaway PostgreSQL database on a given server: created with a random name under a
 * prefix, dropped (forcibly, connections and all) when the caller is done. Tests, the process
 * tests and the benchmark each get their own, so runs never see each other's rows.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface ScratchDatabase {
  name: string
  /** The server URL with this database's name as its path. */
  url: string
  /** Idempotent. */
  drop(): Promise<void>
}

export async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * Scratch databases carry their creation time (seconds, base 36) in their name, so a run cleaning up
 * what an interrupted run left behind can tell those from the databases of a run going on now.
 */
export function scratchDatabaseName(prefix: 'linkway_test' | 'linkway_bench', now = Date.now()): string {
  return `${prefix}_${Math.floor(now / 1000).toString(36)}_${randomBytes(4).toString('hex')}`
}

/** When a scratch database was created, from its name; undefined for a name from before names carried it. */
export function scratchDatabaseCreatedAt(name: string): number | undefined {
  const match = /^linkway_(?:test|bench)_([0-9a-z]+)_[0-9a-f]{8}$/.exec(name)
  return match ? Number.parseInt(match[1]!, 36) * 1000 : undefined
}

/** SQLSTATE 55006: the template still has a session (one just closed may linger for a moment). */
const OBJECT_IN_USE = '55006'

/**
 * `template`: a database to copy (migrated once for the whole run, so each test database costs a
 * file copy instead of every migration); it must have no sessions open.
 */
export async function createScratchDatabase(serverUrl: string, prefix: 'linkway_test' | 'linkway_bench' = 'linkway_test', options: { template?: string } = {}): Promise<ScratchDatabase> {
  const name = scratchDatabaseName(prefix)
  const statement = options.template ? `create database ${name} template ${options.template}` : `create database ${name}`
  await withAdminClient(serverUrl, async (admin) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await admin.query(statement)
      } catch (error) {
        if ((error as { code?: unknown }).code !== OBJECT_IN_USE || attempt >= 50) throw error
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  })
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  let isDropped = false
  return {
    name,
    url: url.toString(),
    async drop() {
      if (isDropped) return
      isDropped = true
      await withAdminClient(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`))
    },
  }
}
