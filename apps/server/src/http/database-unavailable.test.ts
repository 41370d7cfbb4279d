import { createDatabase, type Database } from '@linkway/db'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { FakeClock } from '@linkway/test-kit'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemIds, systemRandom } from '../app-deps.js'
import { buildApp } from '../app.js'
import { parseConfig } from '../config.js'
import { TEST_SECRETS } from '../testing/test-app.js'
import { toAppError } from './error-handler.js'

describe('when the database is unreachable', () => {
  let database: Database
  let app: FastifyInstance

  beforeAll(async () => {
    // Nothing listens on 127.0.0.1:9 (discard): every connection is refused at once.
    database = await createDatabase({ backend: 'postgres', connectionString: 'postgres://linkway@127.0.0.1:9/none', maxConnections: 2 })
    app = await buildApp({
      database,
      clock: new FakeClock(),
      catalogue: createPlatformCatalogue({}),
      sandboxClient: undefined,
      ids: systemIds,
      random: systemRandom,
      secrets: TEST_SECRETS,
      config: { publicUrl: 'http://linkway.test', logLevel: 'silent', logFormat: 'json', webhookOutboundPolicy: { allowLoopback: false, allowPrivate: false }, rateLimits: parseConfig({}).rateLimits, trustProxy: [] },
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

  it('is not ready (GET /ready answers 503 promptly), while GET /health still answers 200', async () => {
    const started = Date.now()
    const ready = await app.inject({ method: 'GET', url: '/ready' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json()).toMatchObject({ statusCode: 503, service: 'PublicApi', error: 'The service is temporarily unavailable; please retry later.' })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' })
  })

  // Before, hosted Link turned every failure into "Link not found": a person told their link is
  // dead while the database was only restarting, and a client's monitoring seeing 404s, not 503s.
  it.each([
    ['the hosted Link page', '/link/company/3f0c2b8e-5d1a-4c7e-9b6f-2a8d4e1c7b90'],
    ["the Link component's session", '/link/api/companies/3f0c2b8e-5d1a-4c7e-9b6f-2a8d4e1c7b90/session'],
    ['the invite page', '/link/client/3f0c2b8e-5d1a-4c7e-9b6f-2a8d4e1c7b90'],
    ['Complete', '/link/companies/3f0c2b8e-5d1a-4c7e-9b6f-2a8d4e1c7b90/complete'],
  ])('answers 503 in the wire error body on %s, not a 404', async (_what, url) => {
    const res = await app.inject({ method: 'GET', url })
    expect(res.statusCode).toBe(503)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toMatchObject({ statusCode: 503, service: 'PublicApi', error: 'The service is temporarily unavailable; please retry later.', correlationId: res.headers['x-correlation-id'] })
  })
})

describe('which database errors are an outage (503)', () => {
  it('counts 55000 only when the database is not accepting connections', () => {
    const shuttingDown = Object.assign(new Error('database "linkway" is not currently accepting connections'), { code: '55000' })
    expect(toAppError(shuttingDown, undefined).code).toBe('service_unavailable')
    const other = Object.assign(new Error('lastval is not yet defined in this session'), { code: '55000' })
    expect(toAppError(other, undefined).code).toBe('internal_error')
  })
})
