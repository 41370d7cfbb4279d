/**
 * Contract tests, continued: embedded Link's server side — company access tokens and CORS
 * settings — through the public Codat SDK (`@codat/platform`) over a real socket, on the
 * reference's paths and its deprecated ones; answers checked against the reference's OpenAPI.
 */
import type { CodatPlatform } from '@codat/platform'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { referenceShapeErrors } from '../src/testing/reference-oas.js'
import { createTestApp, type TestApp } from '../src/testing/test-app.js'
import { expectErrorMessage, expectUndeclaredError, rejection, sdkFactory } from './codat-sdk-kit.js'

const TOKEN = /^lwc_[A-Za-z0-9_-]{43}$/

describe.each(testedBackends())('the Codat SDK (@codat/platform) on company access tokens and CORS settings, against Linkway on %s', (backend) => {
  let t: TestApp
  let baseUrl: string
  /** Every response the SDKs saw, as `METHOD /path STATUS`. */
  const seen: string[] = []
  const sdkFor = sdkFactory(() => baseUrl, seen)
  const newSdk = async () => sdkFor((await t.createClient()).apiKey)
  const newCompany = async (sdk: CodatPlatform) => (await sdk.companies.create({ name: 'Toft stores' })).id

  beforeAll(async () => {
    t = await createTestApp(backend)
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await t?.close()
  })

  describe('company access tokens', () => {
    it('companies.getAccessToken: a CompanyAccessToken for a day, which opens that company’s Link API', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const token = await sdk.companies.getAccessToken({ companyId })
      expect(seen).toContain(`GET /companies/${companyId}/accessToken 200`)
      expect(token).toEqual({ accessToken: expect.stringMatching(TOKEN), expiresIn: 86400, tokenType: 'Bearer' })
      expect(referenceShapeErrors(token, 'Codat-Platform.json', 'CompanyAccessToken')).toEqual([])
      const session = await fetch(`${baseUrl}/link/api/companies/${companyId}/session`, { headers: { authorization: `Bearer ${token.accessToken}` } })
      expect(session.status).toBe(200)
    })

    it('connectionManagement.get (deprecated): a token the old shape reads', async () => {
      const sdk = await newSdk()
      const companyId = await newCompany(sdk)
      const token = await sdk.connectionManagement.get({ companyId })
      expect(seen).toContain(`GET /companies/${companyId}/connectionManagement/accessToken 200`)
      expect(token.accessToken).toMatch(TOKEN)
      expect(referenceShapeErrors(token, 'Codat-Platform.json', 'ConnectionManagementAccessToken')).toEqual([])
    })

    it('another client’s company: ErrorMessage 404 on both; the token is no API key: ErrorMessage 401', async () => {
      const owner = await newSdk()
      const companyId = await newCompany(owner)
      const stranger = await newSdk()
      const notFound = `No company was found with ID ${companyId}`
      expectErrorMessage(await rejection(stranger.companies.getAccessToken({ companyId })), 404, notFound)
      expectErrorMessage(await rejection(stranger.connectionManagement.get({ companyId })), 404, notFound)
      const { accessToken } = await owner.companies.getAccessToken({ companyId })
      expectErrorMessage(await rejection(sdkFor(accessToken).companies.list()), 401, 'Unauthorized: the API key is not valid.')
    })
  })

  describe('CORS settings', () => {
    it('settings.set / settings.get (/corsSettings): the list saved normalised, read back, in the reference’s shape', async () => {
      const sdk = await newSdk()
      expect(await sdk.settings.get()).toEqual({ allowedOrigins: [] })
      const saved = await sdk.settings.set({ allowedOrigins: ['https://www.bank-of-dave.com', 'HTTPS://APP.EXAMPLE:443'] })
      expect(seen).toContain('POST /corsSettings 200')
      expect(saved).toEqual({ allowedOrigins: ['https://www.bank-of-dave.com', 'https://app.example'] })
      expect(referenceShapeErrors(saved, 'Codat-Platform.json', 'ConnectionManagementAllowedOrigins')).toEqual([])
      expect(await sdk.settings.get()).toEqual(saved)
      expect(seen).toContain('GET /corsSettings 200')
    })

    it('cors.set / cors.get (deprecated /connectionManagement/corsSettings): the same list', async () => {
      const sdk = await newSdk()
      const saved = await sdk.cors.set({ allowedOrigins: ['https://portal.example'] })
      expect(seen).toContain('POST /connectionManagement/corsSettings 200')
      expect(saved).toEqual({ allowedOrigins: ['https://portal.example'] })
      expect(await sdk.cors.get()).toEqual(saved)
      expect(await sdk.settings.get()).toEqual(saved)
      expect(referenceShapeErrors(await sdk.cors.get(), 'Codat-Platform.json', 'ConnectionManagementAllowedOrigins')).toEqual([])
    })

    it('a bad origin: a 400 the operation does not declare, so an SDKError carrying our error body naming it', async () => {
      const sdk = await newSdk()
      expectUndeclaredError(await rejection(sdk.settings.set({ allowedOrigins: ['https://*.example.com'] })), 400, 'The allowed origin "https://*.example.com" is not valid: wildcards are not supported; list each origin.')
      expectUndeclaredError(await rejection(sdk.cors.set({ allowedOrigins: ['https://evil.example/path'] })), 400, 'The allowed origin "https://evil.example/path" is not valid: an origin has no path: give only scheme, host and port.')
      expect(await sdk.settings.get()).toEqual({ allowedOrigins: [] })
    })
  })
})
