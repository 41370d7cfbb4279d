/**
 * CORS settings: each entry read as the browser reads a URL and stored as the origin a browser's
 * `Origin` header says, hostile entries refused by name; the list per client, on both databases,
 * on the reference's paths and its deprecated ones.
 */
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices, type AppServices } from '../../app-services.js'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'
import { normaliseOrigin } from './allowed-origin.js'
import { ALLOWED_ORIGINS_CACHE_MS } from './service.js'

describe('normaliseOrigin', () => {
  it('keeps scheme, host and port, as a browser writes them in Origin', () => {
    expect(normaliseOrigin('HTTPS://EXAMPLE.COM:443')).toEqual({ origin: 'https://example.com' })
    expect(normaliseOrigin('https://www.bank-of-dave.com')).toEqual({ origin: 'https://www.bank-of-dave.com' })
    expect(normaliseOrigin('https://app.example/')).toEqual({ origin: 'https://app.example' })
    expect(normaliseOrigin('http://localhost:3000')).toEqual({ origin: 'http://localhost:3000' })
    expect(normaliseOrigin('http://EXAMPLE.com:80')).toEqual({ origin: 'http://example.com' })
    expect(normaliseOrigin('https://example.com:8443')).toEqual({ origin: 'https://example.com:8443' })
    expect(normaliseOrigin('https://bücher.example')).toEqual({ origin: 'https://xn--bcher-kva.example' })
    expect(normaliseOrigin('http://[::1]:8080')).toEqual({ origin: 'http://[::1]:8080' })
  })

  it('refuses what is not an origin, saying why', () => {
    const refused: Array<[string, string]> = [
      ['https://evil.example/path', 'an origin has no path: give only scheme, host and port'],
      ['https://*.example.com', 'wildcards are not supported; list each origin'],
      ['*', 'wildcards are not supported; list each origin'],
      ['javascript:alert(1)', 'only http and https origins are allowed'],
      ['https://user:pw@x.example', 'an origin has no user name or password'],
      ['https://@x.example', 'an origin has no user name or password'],
      ['https://x.example\u0000', 'it holds a space or a control character'],
      ['https://ex\tample.com', 'it holds a space or a control character'],
      [' https://example.com', 'it holds a space or a control character'],
      ['https://example.com?', 'an origin has no query or fragment'],
      ['https://example.com/?a=1', 'an origin has no query or fragment'],
      ['https://example.com#top', 'an origin has no query or fragment'],
      ['ftp://example.com', 'only http and https origins are allowed'],
      ['data:text/html,hi', 'only http and https origins are allowed'],
      ['file:///etc/passwd', 'only http and https origins are allowed'],
      ['null', 'it is not an absolute URL such as https://www.example.com'],
      ['example.com', 'it is not an absolute URL such as https://www.example.com'],
      ['https://', 'it is not an absolute URL such as https://www.example.com'],
      ['', 'it is empty'],
    ]
    for (const [entry, reason] of refused) expect(normaliseOrigin(entry), JSON.stringify(entry)).toEqual({ reason })
  })
})

describe.each(testedBackends())('CORS settings on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient
  let services: AppServices

  const call = (who: TestClient, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient()
    other = await t.createClient()
    services = createAppServices(t.deps)
  })
  afterAll(async () => {
    await t?.close()
  })

  for (const path of ['/corsSettings', '/connectionManagement/corsSettings']) {
    describe(path, () => {
      it('starts empty, stores the list normalised with duplicates collapsed, and answers it as saved', async () => {
        const fresh = await t.createClient()
        const empty = await call(fresh, 'GET', path)
        expect(empty.statusCode).toBe(200)
        expect(empty.json()).toEqual({ allowedOrigins: [] })
        const saved = await call(fresh, 'POST', path, { allowedOrigins: ['HTTPS://EXAMPLE.COM:443', 'https://example.com', 'https://www.bank-of-dave.com/', 'http://localhost:3000'] })
        expect(saved.statusCode, saved.body).toBe(200)
        const expected = { allowedOrigins: ['https://example.com', 'https://www.bank-of-dave.com', 'http://localhost:3000'] }
        expect(saved.json()).toEqual(expected)
        expect(referenceShapeErrors(saved.json(), 'Codat-Platform.json', 'ConnectionManagementAllowedOrigins')).toEqual([])
        expect((await call(fresh, 'GET', '/corsSettings')).json()).toEqual(expected)
        expect((await call(fresh, 'GET', '/connectionManagement/corsSettings')).json()).toEqual(expected)
        // Replaced, not merged; an empty list clears it.
        expect((await call(fresh, 'POST', path, { allowedOrigins: ['https://only.example'] })).json()).toEqual({ allowedOrigins: ['https://only.example'] })
        expect((await call(fresh, 'POST', path, { allowedOrigins: [] })).json()).toEqual({ allowedOrigins: [] })
        expect((await call(fresh, 'GET', path)).json()).toEqual({ allowedOrigins: [] })
      })

      it('refuses a hostile entry with a 400 naming it, and keeps the list it had', async () => {
        await call(client, 'POST', path, { allowedOrigins: ['https://kept.example'] })
        const hostile: Array<[string, string]> = [
          ['https://evil.example/path', 'The allowed origin "https://evil.example/path" is not valid: an origin has no path: give only scheme, host and port.'],
          ['https://*.example.com', 'The allowed origin "https://*.example.com" is not valid: wildcards are not supported; list each origin.'],
          ['javascript:alert(1)', 'The allowed origin "javascript:alert(1)" is not valid: only http and https origins are allowed.'],
          ['https://user:pw@x.example', 'The allowed origin "https://user:pw@x.example" is not valid: an origin has no user name or password.'],
        ]
        for (const [entry, message] of hostile) {
          const res = await call(client, 'POST', path, { allowedOrigins: ['https://fine.example', entry] })
          expect(res.statusCode, entry).toBe(400)
          expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error: message, validation: { errors: [{ itemId: 'allowedOrigins.1', validatorName: 'origin' }] } })
        }
        // A NUL byte never reaches the parser: the contract refuses it.
        const nul = await call(client, 'POST', path, { allowedOrigins: ['https://x.example\u0000'] })
        expect(nul.statusCode).toBe(400)
        expect(nul.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', validation: { errors: [{ itemId: 'allowedOrigins.0' }] } })
        expect((await call(client, 'GET', path)).json()).toEqual({ allowedOrigins: ['https://kept.example'] })
      })

      it('takes 50 origins, not 51 (counted after duplicates collapse), and refuses bodies that are not the contract', async () => {
        const fifty = Array.from({ length: 50 }, (_, index) => `https://site-${index}.example`)
        expect((await call(client, 'POST', path, { allowedOrigins: [...fifty, ...fifty.map((origin) => origin.toUpperCase())] })).json().allowedOrigins).toHaveLength(50)
        const tooMany = await call(client, 'POST', path, { allowedOrigins: [...fifty, 'https://site-50.example'] })
        expect(tooMany.statusCode).toBe(400)
        expect(tooMany.json()).toMatchObject({ statusCode: 400, error: 'The request is invalid: allowedOrigins: at most 50 origins (51 given)' })
        for (const body of [{}, { allowedOrigins: 'https://example.com' }, { allowedOrigins: [42] }, { allowedOrigins: Array.from({ length: 201 }, () => 'https://a.example') }, { allowedOrigins: ['https://' + 'a'.repeat(2000)] }]) {
          const res = await call(client, 'POST', path, body)
          expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400)
          expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi' })
        }
        const malformed = await t.app.inject({ method: 'POST', url: path, headers: { ...client.headers, 'content-type': 'application/json' }, payload: '{"allowedOrigins": [' })
        expect(malformed.json()).toMatchObject({ statusCode: 400, error: 'The body is not valid JSON.' })
      })

      it('keeps each client’s list its own, and needs an API key', async () => {
        await call(client, 'POST', path, { allowedOrigins: ['https://mine.example'] })
        await call(other, 'POST', path, { allowedOrigins: ['https://theirs.example'] })
        expect((await call(client, 'GET', path)).json()).toEqual({ allowedOrigins: ['https://mine.example'] })
        expect((await call(other, 'GET', path)).json()).toEqual({ allowedOrigins: ['https://theirs.example'] })
        expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(401)
        expect((await t.app.inject({ method: 'POST', url: path, payload: { allowedOrigins: [] } })).statusCode).toBe(401)
      })
    })
  }

  it('documents the operations in /openapi.json under the reference’s operation ids, the old paths deprecated', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    const operation = (path: string, method: string) => ({ operationId: doc.paths[path][method].operationId, deprecated: doc.paths[path][method].deprecated ?? false })
    expect(operation('/corsSettings', 'get')).toEqual({ operationId: 'get-cors-settings', deprecated: false })
    expect(operation('/corsSettings', 'post')).toEqual({ operationId: 'set-cors-settings', deprecated: false })
    expect(operation('/connectionManagement/corsSettings', 'get')).toEqual({ operationId: 'get-connection-management-cors-settings', deprecated: true })
    expect(operation('/connectionManagement/corsSettings', 'post')).toEqual({ operationId: 'set-connection-management-cors-settings', deprecated: true })
    expect(operation('/companies/{companyId}/accessToken', 'get')).toEqual({ operationId: 'get-company-access-token', deprecated: false })
    expect(operation('/companies/{companyId}/connectionManagement/accessToken', 'get')).toEqual({ operationId: 'get-connection-management-access-token', deprecated: true })
    // The Link API's preflights and /sdk/* are not the API's operations.
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/link/') || path.startsWith('/sdk/'))).toEqual(['/link/funnel', '/link/funnel/daily'])
  })

  it('caches a client’s list for a few seconds per process; a change on the same process shows at once', async () => {
    const fresh = await t.createClient()
    await call(fresh, 'POST', '/corsSettings', { allowedOrigins: ['https://first.example'] })
    // Another process (its own services): it reads the list once, then trusts it for ALLOWED_ORIGINS_CACHE_MS.
    expect(await services.corsSettings.isAllowed(fresh.clientId, 'https://first.example')).toBe(true)
    await call(fresh, 'POST', '/corsSettings', { allowedOrigins: ['https://second.example'] })
    expect(await services.corsSettings.isAllowed(fresh.clientId, 'https://second.example')).toBe(false)
    t.clock.advance(ALLOWED_ORIGINS_CACHE_MS)
    expect(await services.corsSettings.isAllowed(fresh.clientId, 'https://second.example')).toBe(true)
    expect(await services.corsSettings.isAllowed(fresh.clientId, 'https://first.example')).toBe(false)
    // Its own change it sees at once; and the header is compared as the browser sends it.
    await services.corsSettings.replace({ clientId: fresh.clientId, apiKeyId: 'test' }, ['HTTPS://Third.Example:443'])
    expect(await services.corsSettings.isAllowed(fresh.clientId, 'https://third.example')).toBe(true)
    expect(await services.corsSettings.isAllowed(fresh.clientId, 'https://third.example/')).toBe(false)
  })
})
