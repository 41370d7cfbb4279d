/**
 * Company access tokens on both databases: issued to the company's own client only, in the
 * reference's shape; stored as a hash; verified for their company and day; gone with their
 * company; swept a week after expiry; and never a key to the API.
 */
import { testedBackends } from '@linkway/test-kit'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createHash } from 'node:crypto'
import { buildApp } from '../../app.js'
import { silentLogger } from '../../app-deps.js'
import { createAppServices, type AppServices } from '../../app-services.js'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'
import { startWorkers } from '../../workers.js'
import { EXPIRED_TOKEN_KEPT_MS } from './service.js'

const DAY_MS = 24 * 60 * 60_000
const TOKEN = /^lwc_[A-Za-z0-9_-]{43}$/
const UNKNOWN_COMPANY = `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`

describe.each(testedBackends())('company access tokens on %s', (backend) => {
  let t: TestApp
  let services: AppServices
  let client: TestClient
  let other: TestClient
  let companyId: string

  const api = (who: TestClient, url: string, method: 'GET' | 'POST' | 'DELETE' = 'GET', payload?: object) => t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })
  const newCompany = async (who: TestClient, name = 'Toft stores') => (await api(who, '/companies', 'POST', { name })).json().id as string
  const issue = async (id = companyId) => {
    const res = await api(client, `/companies/${id}/accessToken`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json().accessToken as string
  }

  beforeAll(async () => {
    // The queue runs: the worker's keep-alive sweep (which prunes tokens) starts with the revocation handler.
    t = await createTestApp(backend, { startQueue: true })
    services = createAppServices(t.deps)
    client = await t.createClient('Acme Lending')
    other = await t.createClient('Other lender')
    companyId = await newCompany(client)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('issues a token in the reference’s CompanyAccessToken shape: a day, Bearer, prefixed, new each time', async () => {
    const res = await api(client, `/companies/${companyId}/accessToken`)
    expect(res.statusCode).toBe(200)
    // A credential: never kept by a cache on the way.
    expect(res.headers['cache-control']).toBe('no-store')
    const body = res.json()
    expect(body).toEqual({ accessToken: expect.stringMatching(TOKEN), expiresIn: 86400, tokenType: 'Bearer' })
    expect(referenceShapeErrors(body, 'Codat-Platform.json', 'CompanyAccessToken')).toEqual([])
    expect(await issue()).not.toBe(body.accessToken)
  })

  it('answers the deprecated connectionManagement path the same, which the old shape also accepts', async () => {
    const res = await api(client, `/companies/${companyId}/connectionManagement/accessToken`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.json()).toEqual({ accessToken: expect.stringMatching(TOKEN), expiresIn: 86400, tokenType: 'Bearer' })
    expect(referenceShapeErrors(res.json(), 'Codat-Platform.json', 'ConnectionManagementAccessToken')).toEqual([])
    expect(await services.companyTokens.verify(res.json().accessToken, companyId)).toEqual({ clientId: client.clientId, companyId })
  })

  it('stores only the SHA-256 of the token, with its client, company and expiry a day on', async () => {
    const token = await issue()
    const rows = await t.database.db.selectFrom('company_access_tokens').selectAll().where('company_id', '=', companyId).execute()
    const row = rows.find((candidate) => candidate.token_hash.equals(createHash('sha256').update(token).digest()))
    expect(row).toMatchObject({ client_id: client.clientId, company_id: companyId })
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBe(DAY_MS)
    expect(JSON.stringify(rows)).not.toContain(token.slice(4))
  })

  it('answers 404 in the wire body for another client’s company and an unknown one, 400 for an id that is not a GUID, 401 without a key', async () => {
    for (const path of ['accessToken', 'connectionManagement/accessToken']) {
      const theirs = await api(other, `/companies/${companyId}/${path}`)
      expect(theirs.statusCode).toBe(404)
      expect(theirs.json()).toMatchObject({ statusCode: 404, service: 'PublicApi', error: `No company was found with ID ${companyId}` })
      expect((await api(client, `/companies/${UNKNOWN_COMPANY}/${path}`)).json()).toMatchObject({ statusCode: 404, error: `No company was found with ID ${UNKNOWN_COMPANY}` })
      expect((await api(client, `/companies/not-a-guid/${path}`)).json()).toMatchObject({ statusCode: 400 })
      expect((await t.app.inject({ method: 'GET', url: `/companies/${companyId}/${path}` })).statusCode).toBe(401)
    }
  })

  it('verifies a token for its own company, tells another company apart, and refuses what it never issued', async () => {
    const token = await issue()
    const second = await newCompany(client, 'Second')
    expect(await services.companyTokens.verify(token, companyId)).toEqual({ clientId: client.clientId, companyId })
    expect(await services.companyTokens.verify(token, second)).toBe('wrong_company')
    for (const forged of ['', 'lwc_', `lwc_${'A'.repeat(43)}`, token.slice(0, -1), `${token}x`, token.replace('lwc_', 'lwk_'), `lwc_${'%'.repeat(43)}`]) {
      expect(await services.companyTokens.verify(forged, companyId), forged).toBe('invalid')
    }
  })

  it('expires a token a day after it was issued (the injected clock), and sweeps it a week later', async () => {
    const company = await newCompany(client, 'Expiring')
    const token = await issue(company)
    t.clock.advance(DAY_MS - 1)
    expect(await services.companyTokens.verify(token, company)).toEqual({ clientId: client.clientId, companyId: company })
    t.clock.advance(1)
    expect(await services.companyTokens.verify(token, company)).toBe('expired')
    // Swept only a week after expiry: until then the page hears "expired", not "not valid".
    expect(await services.companyTokens.prune()).toBe(0)
    expect(await services.companyTokens.verify(token, company)).toBe('expired')
    t.clock.advance(EXPIRED_TOKEN_KEPT_MS + 1)
    const fresh = await issue(company)
    // The worker's keep-alive sweep does it, every minute.
    const workers = await startWorkers(
      { ...t.deps, logger: silentLogger, config: { ...t.deps.config, syncConcurrency: 1, webhookDisableAfterMs: 1, webhookRetentionMs: 1 } },
      { only: ['connections'], tokenKeepAliveEveryMs: 3_600_000 },
    )
    try {
      await workers.sweeps.tokenKeepAlive!.runNow()
    } finally {
      await workers.stop()
    }
    expect(await services.companyTokens.verify(token, company)).toBe('invalid')
    expect(await services.companyTokens.verify(fresh, company)).toEqual({ clientId: client.clientId, companyId: company })
  })

  it('revokes a company’s tokens when the company is deleted', async () => {
    const company = await newCompany(client, 'Leaving')
    const token = await issue(company)
    expect((await api(client, `/companies/${company}`, 'DELETE')).statusCode).toBe(204)
    expect(await services.companyTokens.verify(token, company)).toBe('invalid')
    expect(await t.database.db.selectFrom('company_access_tokens').select('company_id').where('company_id', '=', company).execute()).toEqual([])
  })

  it('never opens the API: a company token as Bearer (or Basic) is a 401 in the wire body', async () => {
    const token = await issue()
    for (const authorization of [`Bearer ${token}`, `Basic ${Buffer.from(token).toString('base64')}`, `Basic ${token}`]) {
      for (const url of ['/companies', `/companies/${companyId}`, `/companies/${companyId}/accessToken`, '/corsSettings']) {
        const res = await t.app.inject({ method: 'GET', url, headers: { authorization } })
        expect(res.statusCode, `${authorization.slice(0, 6)} ${url}`).toBe(401)
        expect(res.json()).toMatchObject({ statusCode: 401, service: 'PublicApi', error: 'Unauthorized: the API key is not valid.' })
      }
    }
  })

  describe('in the request log', () => {
    afterEach(() => {
      vi.restoreAllMocks()
    })

    it('never writes the token: not from the Authorization header, not from the answer that issued it', async () => {
      const written: string[] = []
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true))
      // The same app at level info, one readable line per entry (written through process.stdout).
      const logged = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: 'info', logFormat: 'pretty' } })
      try {
        const issued = await logged.inject({ method: 'GET', url: `/companies/${companyId}/accessToken`, headers: client.headers })
        const token = issued.json().accessToken as string
        await logged.inject({ method: 'GET', url: '/companies', headers: { authorization: `Bearer ${token}` } })
        await logged.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session`, headers: { authorization: `Bearer ${token}` } })
        await logged.inject({ method: 'GET', url: `/link/api/companies/${UNKNOWN_COMPANY}/session`, headers: { authorization: `Bearer ${token}` } })
        expect(written.join('')).toContain(`/link/api/companies/${companyId}/session`)
        expect(written.join('')).not.toContain(token.slice(4))
      } finally {
        await logged.close()
      }
    })
  })
})
