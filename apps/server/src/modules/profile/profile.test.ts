import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

describe.each(testedBackends())('profile on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient
  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient('Bobs Burgers')
    other = await t.createClient()
  })
  afterAll(async () => {
    await t?.close()
  })
  const put = async (payload: unknown, who: TestClient = client) => await t.app.inject({ method: 'PUT', url: '/profile', headers: who.headers, payload: payload as object })

  it("starts from the client's name and no redirect", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/profile', headers: client.headers })
    expect(res.json()).toEqual({ name: 'Bobs Burgers', redirectUrl: '', whiteListUrls: [] })
  })

  it('replaces the profile, and each client has its own', async () => {
    const body = { name: "Bob's Burgers", logoUrl: 'https://bobs.example/logo.png', redirectUrl: 'https://bobs-burgers.{countrySuffix}/{companyId}', whiteListUrls: ['https://bobs-burgers.co.uk'], apiKey: 'ignored', confirmCompanyName: true }
    const res = await put(body)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: "Bob's Burgers", logoUrl: 'https://bobs.example/logo.png', redirectUrl: 'https://bobs-burgers.{countrySuffix}/{companyId}', whiteListUrls: ['https://bobs-burgers.co.uk'] })
    expect((await t.app.inject({ method: 'GET', url: '/profile', headers: client.headers })).json()).toEqual(res.json())
    expect((await t.app.inject({ method: 'GET', url: '/profile', headers: other.headers })).json().redirectUrl).toBe('')
  })

  it('refuses redirect templates and allow-list entries that are not http(s) URLs', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'x', redirectUrl: 'javascript:alert(1)' }, /redirectUrl must be an http\(s\) URL/],
      [{ name: 'x', redirectUrl: 'not a url' }, /redirectUrl must be an http\(s\) URL/],
      [{ name: 'x', redirectUrl: 'https://ok.example', whiteListUrls: ['ftp://files.example'] }, /whiteListUrls entries must be absolute http\(s\) URLs/],
      [{ name: '', redirectUrl: 'https://ok.example' }, /name is required/],
      [{ name: 'x' }, /redirectUrl/],
    ]
    for (const [payload, error] of cases) {
      const res = await put(payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(JSON.stringify(res.json())).toMatch(error)
    }
  })
})
