import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import { jsonParameter, type Database } from './index.js'

describe.each(testedBackends())('JSON parameters on %s', (backend) => {
  let database: Database

  beforeAll(async () => {
    database = await createTestDatabase(backend)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('arrive as the JSON of the value, for the statement to cast', async () => {
    const records = [
      { id: 'a', modifiedAt: '2026-01-02T03:04:05.000Z', data: { amount: 1.5, note: 'quote " and ünïcode' } },
      { id: 'b', modifiedAt: null, data: { lines: [1, 2, 3] } },
    ]
    const { rows } = await sql<{ id: string; data: unknown }>`
      select r.id, r.data from jsonb_to_recordset(${jsonParameter(records)}::jsonb) as r(id text, "modifiedAt" timestamptz, data jsonb) order by r.id`.execute(database.db)
    expect(rows).toEqual([
      { id: 'a', data: { amount: 1.5, note: 'quote " and ünïcode' } },
      { id: 'b', data: { lines: [1, 2, 3] } },
    ])
  })

  it('are serialised as the statement is sent, not when it is built: until then the query holds the value, not its text', async () => {
    const value = { state: 'when built' }
    const query = sql<{ state: string }>`select (${jsonParameter(value)}::jsonb) ->> 'state' as state`
    expect(query.compile(database.db).parameters).not.toContain(JSON.stringify(value))
    value.state = 'when sent'
    const { rows } = await query.execute(database.db)
    expect(rows).toEqual([{ state: 'when sent' }])
  })
})
