/**
 * The net under the contracts: a value the database itself refuses (SQLSTATE class 22) is a 400
 * in the wire error body, on both backends, and the body names the kind of value, never the SQL
 * or the value. A tiny app with the real error handling, on a real test database.
 */
import type { Database } from '@linkway/db'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import Fastify, { type FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerErrorHandling } from './error-handler.js'

describe.each(testedBackends())('a value the database refuses, on %s', (backend) => {
  let database: Database
  let app: FastifyInstance

  beforeAll(async () => {
    database = await createTestDatabase(backend)
    app = Fastify()
    registerErrorHandling(app)
    app.get('/year-zero', async () => (await sql`select ${'0000-01-01T00:00:00Z'}::timestamptz as at`.execute(database.db)).rows)
    app.get('/nul', async () => (await sql`select ${'a\u0000b'}::text as text`.execute(database.db)).rows)
    app.get('/numeric', async () => (await sql`select ${'1e400'}::float8 as number`.execute(database.db)).rows)
  })
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  it.each([
    ['/year-zero', 'a date or time is out of range'],
    ['/nul', 'a text holds a character that cannot be stored'],
    ['/numeric', 'a number is out of range'],
  ])('answers %s with 400 and the kind of value, nothing of the SQL', async (url, reason) => {
    const res = await app.inject({ method: 'GET', url })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      statusCode: 400,
      service: 'PublicApi',
      error: `The request holds a value that cannot be stored or compared: ${reason}.`,
      correlationId: res.headers['x-correlation-id'],
      validation: null,
      canBeRetried: 'Unknown',
      detailedErrorCode: 0,
    })
  })
})
