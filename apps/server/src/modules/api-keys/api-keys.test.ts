import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { basicAuthorization, createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'
import { apiKeyCandidates } from './key-material.js'
import { KEY_LOOKUP_TTL_MS } from './service.js'

describe('apiKeyCandidates', () => {
  it('reads Basic base64(key), Basic key and Bearer key; nothing else', () => {
    const key = 'lwk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
    expect(apiKeyCandidates(`Basic ${Buffer.from(key).toString('base64')}`)).toEqual([key, Buffer.from(key).toString('base64')])
    expect(apiKeyCandidates(`Basic ${key}`)).toEqual([key])
    expect(apiKeyCandidates(`bearer ${key}`)).toEqual([key])
    for (const header of [undefined, '', 'Basic', 'Token abc', `Basic ${key} extra`, 'Basic ' + 'x'.repeat(600)]) {
      expect(apiKeyCandidates(header)).toEqual([])
    }
  })
})

describe.each(testedBackends())('API keys on %s', (backend) => {
  let t: TestApp
  let client: TestClient

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient()
  })
  afterAll(async () => {
    await t?.close()
  })

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })

  it('answers 401 in the wire error body for a missing, malformed, unknown or deleted key', async () => {
    const created = (await inject('POST', '/apiKeys', client.headers, { name: 'to delete' })).json()
    expect((await inject('DELETE', `/apiKeys/${created.id}`, client.headers)).statusCode).toBe(204)
    const headers: Array<Record<string, string>> = [
      {},
      { authorization: 'Basic' },
      { authorization: 'Digest abc' },
      { authorization: basicAuthorization('lwk_unknown_key_0000000000000000000000000') },
      { authorization: basicAuthorization(created.apiKey) },
    ]
    for (const h of headers) {
      const res = await inject('GET', '/companies', h)
      expect(res.statusCode, JSON.stringify(h)).toBe(401)
      expect(res.json()).toMatchObject({ statusCode: 401, service: 'PublicApi', correlationId: res.headers['x-correlation-id'] })
      expect(res.json().error).toMatch(/^Unauthorized: /)
    }
  })

  it('accepts Bearer <key> as well as Basic <base64(key)>', async () => {
    expect((await inject('GET', '/apiKeys', { authorization: `Bearer ${client.apiKey}` })).statusCode).toBe(200)
  })

  it('shows a new key once, then only its last four characters; the new key works at once', async () => {
    const res = await inject('POST', '/apiKeys', client.headers, { name: 'ci' })
    expect(res.statusCode).toBe(201)
    const created = res.json()
    expect(created).toEqual({ id: expect.any(String), name: 'ci', apiKey: expect.stringMatching(/^lwk_[A-Za-z0-9_-]{43}$/), createdDate: '2026-01-01T00:00:00.000Z' })
    const listed = (await inject('GET', '/apiKeys', client.headers)).json().results.find((k: { id: string }) => k.id === created.id)
    expect(listed).toEqual({ ...created, apiKey: `lwk_…${created.apiKey.slice(-4)}` })
    expect((await inject('GET', '/companies', { authorization: basicAuthorization(created.apiKey) })).statusCode).toBe(200)
    const withoutBody = await t.app.inject({ method: 'POST', url: '/apiKeys', headers: client.headers })
    expect(withoutBody.statusCode).toBe(201)
    expect(withoutBody.json().name).toBeNull()
    // As the reference SDK sends it: a JSON content type and an empty body.
    const emptyJson = await t.app.inject({ method: 'POST', url: '/apiKeys', headers: { ...client.headers, 'content-type': 'application/json' }, payload: '' })
    expect(emptyJson.statusCode).toBe(201)
  })

  it('refuses a name over 50 characters', async () => {
    const res = await inject('POST', '/apiKeys', client.headers, { name: 'n'.repeat(51) })
    expect(res.statusCode).toBe(400)
    expect(res.json().validation.errors[0]).toMatchObject({ itemId: 'name', message: 'name must be at most 50 characters' })
  })

  it('allows at most 10 keys, even when requests race', async () => {
    const other = await t.createClient()
    const results = await Promise.all(Array.from({ length: 12 }, () => inject('POST', '/apiKeys', other.headers, {})))
    const statuses = results.map((r) => r.statusCode).sort()
    expect(statuses.filter((s) => s === 201)).toHaveLength(9)
    expect(statuses.filter((s) => s === 409)).toHaveLength(3)
    expect(results.find((r) => r.statusCode === 409)!.json().error).toBe('A client can have at most 10 API keys; delete one before creating another.')
    expect((await inject('GET', '/apiKeys', other.headers)).json().results).toHaveLength(10)
  })

  it('never deletes the last key', async () => {
    const solo = await t.createClient()
    const res = await inject('DELETE', `/apiKeys/${solo.apiKeyId}`, solo.headers)
    expect(res.statusCode).toBe(409)
    expect(res.json().error).toBe('The last API key cannot be deleted; create another key first.')
    expect((await inject('GET', '/apiKeys', solo.headers)).statusCode).toBe(200)
  })

  it('answers 404 for an unknown key id', async () => {
    const id = '00000000-0000-4000-8000-000000000000'
    const res = await inject('DELETE', `/apiKeys/${id}`, client.headers)
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toBe(`No API key was found with ID ${id}`)
  })

  it('keeps no raw key in the database', async () => {
    const created = (await inject('POST', '/apiKeys', client.headers, {})).json()
    const rows = await t.database.db.selectFrom('api_keys').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(created.apiKey)
  })
})

describe.each(testedBackends())('API key lookups on %s', (backend) => {
  it('a key deleted elsewhere stops working once the lookup memory expires', async () => {
    // Two apps on one database stand for two API processes.
    const t = await createTestApp(backend)
    try {
      const client = await t.createClient()
      const second = (await t.app.inject({ method: 'POST', url: '/apiKeys', headers: client.headers, payload: {} })).json()
      const secondHeaders = { authorization: basicAuthorization(second.apiKey) }
      expect((await t.app.inject({ method: 'GET', url: '/companies', headers: secondHeaders })).statusCode).toBe(200)
      // Deleted behind this process's back (as another process would).
      await t.database.db.deleteFrom('api_keys').where('id', '=', second.id).execute()
      expect((await t.app.inject({ method: 'GET', url: '/companies', headers: secondHeaders })).statusCode).toBe(200)
      t.clock.advance(KEY_LOOKUP_TTL_MS)
      expect((await t.app.inject({ method: 'GET', url: '/companies', headers: secondHeaders })).statusCode).toBe(401)
    } finally {
      await t.close()
    }
  })
})
