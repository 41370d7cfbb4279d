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

  it('refuses a template with a placeholder in its host, however spelled, unless an entry of whiteListUrls can match it', async () => {
    const refusals: Array<[string, string[], string]> = [
      ['https:{env}/x', [], 'redirectUrl has {env} in its host; list the URLs it may lead to in whiteListUrls'],
      ['https:/{env}', [], 'redirectUrl has {env} in its host; list the URLs it may lead to in whiteListUrls'],
      ['https:///{env}', [], 'redirectUrl has {env} in its host; list the URLs it may lead to in whiteListUrls'],
      ['https:\\\\{env}', [], 'redirectUrl has {env} in its host; list the URLs it may lead to in whiteListUrls'],
      ['HTTPS:{env}', [], 'redirectUrl has {env} in its host; list the URLs it may lead to in whiteListUrls'],
      [' https://{env}/x', [], 'redirectUrl has {env} in its host; list the URLs it may lead to in whiteListUrls'],
      ['https://{user}@app.example.com/', [], 'redirectUrl has {user} in its host; list the URLs it may lead to in whiteListUrls'],
      ['https://{env}.acme.example/x', ['https://acme.example', 'http://eu.acme.example'], 'redirectUrl has {env} in its host; list the URLs it may lead to in whiteListUrls'],
      ['https://{companyId}.acme.example/x', ['https://eu.acme.example'], 'redirectUrl has the reserved placeholder {companyId} in its host; reserved placeholders may appear only in the path, query or fragment'],
      ['https://app.example.com:{port}/x', ['https://app.example.com:8443'], 'redirectUrl must be an http(s) URL, optionally with {placeholders}'],
    ]
    for (const [redirectUrl, whiteListUrls, message] of refusals) {
      const res = await put({ name: 'x', redirectUrl, whiteListUrls })
      expect(res.statusCode, redirectUrl).toBe(400)
      expect(res.json().validation.errors, redirectUrl).toEqual([{ itemId: 'redirectUrl', message, validatorName: 'custom' }])
    }
    const accepted: Array<[string, string[]]> = [
      ['https://{env}.acme.example/x?c={companyId}', ['https://acme.example', 'https://eu.acme.example/x']],
      ['https:{env}/x', ['https://uat.acme.example']],
      ['https://{user}@app.example.com/', ['https://app.example.com/']],
    ]
    for (const [redirectUrl, whiteListUrls] of accepted) expect((await put({ name: 'x', redirectUrl, whiteListUrls })).statusCode, redirectUrl).toBe(200)
  })
})
