import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, type TestApp, type TestClient } from './testing/test-app.js'

describe.each(testedBackends())('tenant isolation on %s', (backend) => {
  let t: TestApp
  let clientA: TestClient
  let clientB: TestClient
  let companyOfA: { id: string; name: string }

  beforeAll(async () => {
    t = await createTestApp(backend, { startQueue: true })
    clientA = await t.createClient('A')
    clientB = await t.createClient('B')
    companyOfA = (await t.app.inject({ method: 'POST', url: '/companies', headers: clientA.headers, payload: { name: 'Secret of A', tags: { k: 'v' } } })).json()
    await t.app.inject({ method: 'POST', url: '/apiKeys', headers: clientA.headers, payload: { name: 'second key of A' } })
  })
  afterAll(async () => {
    await t?.close()
  })

  it("client B cannot list, read, change or delete client A's companies: 404, as if they did not exist", async () => {
    const listed = (await t.app.inject({ method: 'GET', url: `/companies?query=${encodeURIComponent(`id=${companyOfA.id}`)}`, headers: clientB.headers })).json()
    expect(listed).toMatchObject({ results: [], totalResults: 0 })
    expect((await t.app.inject({ method: 'GET', url: '/companies?tags=k%3Dv', headers: clientB.headers })).json().totalResults).toBe(0)
    const url = `/companies/${companyOfA.id}`
    const attempts = [
      t.app.inject({ method: 'GET', url, headers: clientB.headers }),
      t.app.inject({ method: 'PUT', url, headers: clientB.headers, payload: { name: 'stolen' } }),
      t.app.inject({ method: 'PATCH', url, headers: clientB.headers, payload: { name: 'stolen' } }),
      t.app.inject({ method: 'DELETE', url, headers: clientB.headers }),
    ]
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404)
      expect(res.json().error).toBe(`No company was found with ID ${companyOfA.id}`)
    }
    const stillThere = (await t.app.inject({ method: 'GET', url, headers: clientA.headers })).json()
    expect(stillThere).toMatchObject({ name: 'Secret of A', tags: { k: 'v' } })
  })

  it("client B cannot see or delete client A's API keys", async () => {
    const keysOfA = (await t.app.inject({ method: 'GET', url: '/apiKeys', headers: clientA.headers })).json().results
    expect(keysOfA).toHaveLength(2)
    const keysOfB = (await t.app.inject({ method: 'GET', url: '/apiKeys', headers: clientB.headers })).json().results
    expect(keysOfB.map((k: { id: string }) => k.id)).toEqual([clientB.apiKeyId])
    for (const key of keysOfA) {
      const res = await t.app.inject({ method: 'DELETE', url: `/apiKeys/${key.id}`, headers: clientB.headers })
      expect(res.statusCode).toBe(404)
    }
    expect((await t.app.inject({ method: 'GET', url: '/apiKeys', headers: clientA.headers })).json().results).toHaveLength(2)
  })

  it("client B cannot see or touch client A's connections, platform credentials or profile", async () => {
    const a = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: clientA.headers, ...(payload ? { payload } : {}) })
    const b = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: clientB.headers, ...(payload ? { payload } : {}) })
    const connection = (await a('POST', `/companies/${companyOfA.id}/connections`, { platformKey: 'bsbx' })).json()
    await a('PUT', `/companies/${companyOfA.id}/connections/${connection.id}/authorization`, { accessToken: 'token-of-a' })
    await a('PUT', '/integrations/gbol/credentials', { clientId: 'a-xero-app', clientSecret: 'a-xero-secret' })
    await a('PUT', '/profile', { name: 'A', redirectUrl: 'https://a.example/{companyId}' })

    const base = `/companies/${companyOfA.id}/connections`
    for (const res of [
      await b('GET', base),
      await b('POST', base, { platformKey: 'bsbx' }),
      await b('GET', `${base}/${connection.id}`),
      await b('PATCH', `${base}/${connection.id}`, { status: 'Unlinked' }),
      await b('PUT', `${base}/${connection.id}/authorization`, { accessToken: 'b' }),
      await b('DELETE', `${base}/${connection.id}`),
    ]) {
      expect(res.statusCode, res.body).toBe(404)
      expect(res.body).not.toContain(connection.id)
    }
    // Credentials and profile are per client: B sees its own (none), and A's are unchanged.
    expect((await b('GET', '/integrations/gbol/credentials')).statusCode).toBe(404)
    expect((await b('GET', '/integrations/gbol')).json().enabled).toBe(false)
    expect((await b('GET', '/profile')).json()).toMatchObject({ name: 'B', redirectUrl: '' })
    expect((await b('GET', `/companies?query=${encodeURIComponent('dataConnections.status=Linked')}`)).json().totalResults).toBe(0)
    expect((await a('GET', `${base}/${connection.id}`)).json().status).toBe('Linked')
    expect((await a('GET', '/integrations/gbol/credentials')).json().clientId).toBe('a-xero-app')
    expect((await a('GET', '/profile')).json().redirectUrl).toBe('https://a.example/{companyId}')
  })
})
