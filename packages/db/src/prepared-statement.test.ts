import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import { preparedStatement, type Database, type Tables } from './index.js'

const findClientName = preparedStatement((db: Kysely<Tables>, id: string) => db.selectFrom('clients').select(['id', 'name']).where('id', '=', id))
// The arguments in another order than the statement's parameters, and one used twice.
const namesBetween = preparedStatement((db: Kysely<Tables>, last: string, first: string) =>
  sql<{ name: string }>`select name from clients where name >= ${first} and name <= ${last} and ${first} <= ${last} order by name`,
)

describe.each(testedBackends())('prepared statements on %s', (backend) => {
  let database: Database
  const ids = [crypto.randomUUID(), crypto.randomUUID()]

  beforeAll(async () => {
    database = await createTestDatabase(backend)
    await database.db
      .insertInto('clients')
      .values([
        { id: ids[0]!, name: 'prepared-a', created_at: new Date() },
        { id: ids[1]!, name: 'prepared-b', created_at: new Date() },
      ])
      .execute()
  })
  afterAll(async () => {
    await database?.close()
  })

  it('returns the rows of each execution’s own arguments, again and again', async () => {
    // More executions than connections, and past the five after which PostgreSQL may switch to a generic plan.
    for (let round = 0; round < 12; round++) {
      const results = await Promise.all([findClientName.execute(database.db, ids[0]!), findClientName.execute(database.db, ids[1]!), findClientName.execute(database.db, crypto.randomUUID())])
      expect(results).toEqual([[{ id: ids[0], name: 'prepared-a' }], [{ id: ids[1], name: 'prepared-b' }], []])
    }
  })

  it('passes the arguments in the statement’s order, also inside a transaction', async () => {
    expect(await namesBetween.execute(database.db, 'prepared-z', 'prepared-a')).toEqual([{ name: 'prepared-a' }, { name: 'prepared-b' }])
    const inTransaction = await database.db.transaction().execute(async (trx) => await namesBetween.execute(trx, 'prepared-a', 'prepared-a'))
    expect(inTransaction).toEqual([{ name: 'prepared-a' }])
    expect(await namesBetween.execute(database.db, 'prepared-a', 'prepared-b')).toEqual([])
  })

  it('refuses a statement with a parameter that is not one of its arguments (it would be sent with the wrong values)', async () => {
    const withOwnValue = preparedStatement((db: Kysely<Tables>, id: string) => db.selectFrom('clients').select('id').where('name', '=', 'prepared-a').where('id', '=', id))
    await expect(withOwnValue.execute(database.db, ids[0]!)).rejects.toThrow(/only have its arguments as parameters/)
  })

  it.runIf(backend === 'postgres')('is prepared once on the connection, by name, on PostgreSQL', async () => {
    const prepared = await database.db.transaction().execute(async (trx) => {
      await findClientName.execute(trx, ids[0]!)
      await findClientName.execute(trx, ids[1]!)
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(trx)
      return rows
    })
    const ours = prepared.filter((row) => row.statement.includes('from "clients"'))
    expect(ours).toHaveLength(1)
    expect(ours[0]!.name).toMatch(/^linkway_[0-9a-f]{24}$/)
  })
})
