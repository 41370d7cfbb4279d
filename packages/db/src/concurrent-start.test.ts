import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createScratchDatabase, postgresUrlForTests } from '@linkway/test-kit'
import { createDatabase } from './index.js'

const serverUrl = postgresUrlForTests()

// Two processes starting together on one empty PostgreSQL: both migrate and start the queue.
describe.runIf(serverUrl)('two processes starting together on PostgreSQL', () => {
  it('apply each migration once and both come up', async () => {
    const scratch = await createScratchDatabase(serverUrl!)
    const [a, b] = await Promise.all([1, 2].map(() => createDatabase({ backend: 'postgres', connectionString: scratch.url, maxConnections: 3 })))
    try {
      await Promise.all([a!, b!].map(async (database) => {
        await database.migrate()
        await database.queue.start()
        // Creating the same queues at once deadlocked inside pg-boss before ensureQueue took the start lock.
        for (const name of ['first.queue', 'second.queue', 'third.queue']) await database.queue.ensureQueue(name)
      }))
      const { rows } = await sql<{ name: string }>`select name from linkway_migrations order by name`.execute(a!.db)
      expect(rows.map((r) => r.name)).toEqual([...new Set(rows.map((r) => r.name))])
      expect(rows.length).toBeGreaterThan(0)
      await a!.queue.ensureQueue('both.up')
      expect(await b!.queue.send('both.up', { ok: true })).toEqual(expect.any(String))
    } finally {
      await Promise.all([a!.close(), b!.close()])
      await scratch.drop()
    }
  })
})
