import { createCatalogue } from '@linkway/connectors'
import { createDatabase, type Database } from '@linkway/db'
import { FakeClock } from '@linkway/test-kit'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemIds, systemRandom } from '../app-deps.js'
import { buildApp } from '../app.js'
import { TEST_SECRETS } from '../testing/test-app.js'

describe('when the database is unreachable', () => {
  let database: Database
  let app: FastifyInstance

  beforeAll(async () => {
    // Nothing listens on 127.0.0.1:9 (discard): every connection is refused at once.
    database = await createDatabase({ backend: 'postgres', connectionString: 'postgres://linkway@127.0.0.1:9/none', maxConnections: 2 })
    app = await buildApp({
      database,
      clock: new FakeClock(),
      catalogue: createCatalogue({}),
      sandboxClient: undefined,
      ids: systemIds,
      random: systemRandom,
      secrets: TEST_SECRETS,
      config: { publicUrl: 'http://linkway.test', logLevel: 'silent', webhookOutboundPolicy: { allowLoopback: false, allowPrivate: false } },
    })
  })
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  it('answers 503 in the wire error body, promptly, instead of a 500 or a hang', async () => {
    const res = await app.inject({ method: 'GET', url: '/companies', headers: { authorization: 'Bearer lwk_any_key_at_all_0000000000000000000000' } })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ statusCode: 503, service: 'PublicApi', error: 'The service is temporarily unavailable; please retry later.' })
  })
})
