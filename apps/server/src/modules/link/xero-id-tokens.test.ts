/**
 * Xero's ID tokens, checked by Linkway on every code exchange and refresh against the Xero emulation over real HTTP:
 * a sound one links (and its nonce is the one Linkway sent); a forged, misaddressed, expired or wrongly-bound one fails
 * the connection with why in its dataConnectionErrors; a flawed one on refresh is not used, and the connection refreshes
 * again with the refresh token it kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, startSandboxPlatforms, XERO_TENANTS, type IdTokenFlaw, type RunningSandbox } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { createAppServices } from '../../app-services.js'
import { browse, locationOf } from '../../testing/loopback-browser.js'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

const SANDBOX_CLIENT = { clientId: 'linkway-id-token-test', clientSecret: 'id-token-test-sandbox-secret' }
const XERO_APP = { clientId: 'xero-app', clientSecret: 'xero-app-secret' }
const REDIRECT = 'https://client.example/done/{companyId}?status={statusCode}'
const [UK] = XERO_TENANTS.map((tenant) => tenant.tenantId) as [string]

describe.each(testedBackends())("Xero's ID tokens, checked by Linkway, on %s", (backend) => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    await t.app.inject({ method, url, headers: client.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  /** A new Xero connection walked through consent (one organisation); returns it and where Linkway sent the person. */
  async function linkXero(): Promise<{ companyId: string; connectionId: string; authorizeUrl: URL; redirect: string }> {
    const companyId = (await api('POST', '/companies', { name: 'Ladder Lane Ltd' })).json().id
    const { id, linkUrl } = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'gbol' })).json()
    const authorizeUrl = new URL(locationOf(await browse(linkUrl)))
    const callback = await approveConsent(authorizeUrl.href, { tenants: [UK] })
    return { companyId, connectionId: id, authorizeUrl, redirect: locationOf(await browse(callback)) }
  }
  const connectionOf = async (companyId: string, connectionId: string) => (await api('GET', `/companies/${companyId}/connections/${connectionId}`)).json()

  beforeAll(async () => {
    // The OAuth server keeps Linkway's (fake) time, as the real Xero shares real time with a real Linkway.
    sandbox = await startSandboxPlatforms({ port: 0, clients: [], tokenClock: { now: () => t.clock.now() } })
    const xero = emulatedEndpoints(sandbox.url).xero
    const catalogue = createPlatformCatalogue({
      sandboxUrl: sandbox.url,
      endpointOverrides: { gbol: { authorizeUrl: xero.authorizeUrl, tokenUrl: xero.tokenUrl, revokeUrl: xero.revokeUrl, tenantsUrl: xero.tenantsUrl, jwksUrl: xero.jwksUrl } },
    })
    t = await createTestApp(backend, { listen: true, startQueue: true, catalogue, sandboxClient: SANDBOX_CLIENT })
    const callbackUrl = `${t.url}/link/oauth/callback`
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [callbackUrl] })
    sandbox.admin.registerClient({ ...XERO_APP, redirectUris: [callbackUrl] })
    client = await t.createClient()
    expect((await api('PUT', '/profile', { name: 'Client', redirectUrl: REDIRECT })).statusCode).toBe(200)
    expect((await api('PUT', '/integrations/gbol/credentials', XERO_APP)).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
    await sandbox?.close()
  })

  it('links with a sound ID token, having sent Xero a nonce, and refreshes with another', async () => {
    const { companyId, connectionId, authorizeUrl, redirect } = await linkXero()
    expect(authorizeUrl.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(redirect).toContain('status=200')
    expect(await connectionOf(companyId, connectionId)).toMatchObject({ status: 'Linked', dataConnectionErrors: [] })

    t.clock.advance(31 * 60_000)
    const token = await createAppServices(t.deps).vault.withAccessToken(connectionId, async (accessToken) => accessToken)
    expect(token).toMatch(/^ey/)
    expect(sandbox.admin.listGrants().filter((grant) => grant.platform === 'xero' && grant.refreshCount > 0)).toHaveLength(1)
    expect((await connectionOf(companyId, connectionId)).status).toBe('Linked')
  })

  const refusals: Array<[IdTokenFlaw, string]> = [
    ['forged', "The platform's ID token failed validation: JWT signature verification failed"],
    ['wrong-audience', `The platform's ID token failed validation: unexpected JWT "aud" (audience) claim value`],
    ['expired', `The platform's ID token failed validation: unexpected JWT "exp" (expiration time) claim value, expiration is past current timestamp`],
    ['issued-in-future', "The platform's ID token failed validation: it was issued in the future (iat)"],
    ['wrong-nonce', `The platform's ID token failed validation: unexpected ID Token "nonce" claim value`],
    ['wrong-at-hash', "The platform's ID token failed validation: its at_hash does not match the access token"],
  ]
  it.each(refusals)('refuses a link whose ID token is %s, saying why in dataConnectionErrors', async (flaw, statusText) => {
    sandbox.admin.flawNextIdTokens('xero', 1, flaw)
    const { companyId, connectionId, redirect } = await linkXero()
    expect(redirect).toContain('status=500')
    const connection = await connectionOf(companyId, connectionId)
    expect(connection.status).toBe('PendingAuth')
    expect(connection.dataConnectionErrors.at(-1)).toMatchObject({ statusCode: '500', statusText, status: 'Active' })
    // Neither token is in what a client reads (a JWT's header starts "eyJ").
    expect(JSON.stringify(connection)).not.toContain('eyJ')
    // What was refused is not kept: no tokens, so no reading with them.
    await expect(createAppServices(t.deps).vault.withAccessToken(connectionId, async (accessToken) => accessToken)).rejects.toThrow()
  })

  it('keeps a connection whose refreshed ID token is forged, using none of what came with it, and refreshes again with the refresh token it kept', async () => {
    const { companyId, connectionId, redirect } = await linkXero()
    expect(redirect).toContain('status=200')
    sandbox.admin.flawNextIdTokens('xero', 1, 'forged')
    t.clock.advance(31 * 60_000)
    const vault = createAppServices(t.deps).vault
    await expect(vault.withAccessToken(connectionId, async (accessToken) => accessToken)).rejects.toMatchObject({ code: 'invalid_id_token', message: "The platform's ID token failed validation: JWT signature verification failed" })
    // Not Deauthorized: a passing fault must not make the person link again.
    expect((await connectionOf(companyId, connectionId)).status).toBe('Linked')
    // The next try presents the refresh token Linkway kept; Xero honours a rotated one for 30 minutes, and the emulation too.
    t.clock.advance(60_000)
    expect(await vault.withAccessToken(connectionId, async (accessToken) => accessToken)).toMatch(/^ey/)
    expect((await connectionOf(companyId, connectionId)).status).toBe('Linked')
  })
})
