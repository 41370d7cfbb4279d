import { testedBackends } from '@linkway/test-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../testing/test-app.js'

describe.each(testedBackends())('health checks on %s', (backend) => {
  let t: TestApp | undefined
  afterEach(async () => {
    await t?.app.close()
    t = undefined
  })

  it('is live and ready while the database answers, with no API key', async () => {
    t = await createTestApp(backend)
    for (const url of ['/health', '/ready']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(200)
      expect(res.json()).toEqual({ status: 'ok' })
    }
    await t.database.close()
  })

  it('is live but not ready once its database is gone: 503 in the wire error body', async () => {
    t = await createTestApp(backend)
    await t.database.close()
    const ready = await t.app.inject({ method: 'GET', url: '/ready' })
    expect(ready.statusCode).toBe(503)
    expect(ready.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(ready.json()).toEqual({
      statusCode: 503,
      service: 'PublicApi',
      error: 'The service is temporarily unavailable; please retry later.',
      correlationId: ready.headers['x-correlation-id'],
      validation: null,
      canBeRetried: 'Unknown',
      detailedErrorCode: 0,
    })
    const health = await t.app.inject({ method: 'GET', url: '/health' })
    expect(health.statusCode).toBe(200)
  })
})
