/**
 * Square's grants over real HTTP against its emulation, where they end: a grant revoked at Square makes the
 * connection Deauthorized at its next refresh (Square refuses the refresh token with a 401); deleting one of two
 * connections to the same seller revokes that connection's access token alone, as Square's revocation by seller
 * would end the other's too; the last one's deletion ends the seller's authorization; and a connection whose seller
 * is not known is revoked by its access token rather than reported revoked with nothing sent.
 */
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../app-services.js'
import { browse, locationOf } from '../../testing/loopback-browser.js'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'
import { refreshExpiringTokens, revokeTokensOf, type RevokeTokensJob } from './index.js'
import { tokenContext } from './token-vault.js'

const SANDBOX_CLIENT = { clientId: 'linkway-square-grants', clientSecret: 'square-grants-sandbox-secret' }
const SQUARE_APP = { clientId: 'sq0idp-grants', clientSecret: 'sq0csp-grants-secret' }

describe.each(testedBackends())('Square’s grants, revoked at Square and by Linkway, on %s', (backend) => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient
  let apiBaseUrl: string

  const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    await t.app.inject({ method, url, headers: client.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  /** A company of the client linking Square through the emulation's consent page: the connection and the grant made. */
  async function linkSquare(): Promise<{ companyId: string; id: string; grantId: string }> {
    const companyId = (await api('POST', '/companies', { name: 'Toft bakery' })).json().id as string
    const created = await api('POST', `/companies/${companyId}/connections`, { platformKey: 'zsth' })
    expect(created.statusCode, created.body).toBe(200)
    await browse(await approveConsent(locationOf(await browse(created.json().linkUrl))))
    expect((await api('GET', `/companies/${companyId}/connections/${created.json().id}`)).json().status).toBe('Linked')
    const grantId = sandbox.admin.listGrants().filter((grant) => grant.platform === 'square').at(-1)!.grantId
    return { companyId, id: created.json().id as string, grantId }
  }

  const grantOf = (grantId: string) => sandbox.admin.listGrants().find((grant) => grant.grantId === grantId)

  /** Deletes the connection and runs the connection.revoke job it queued, as its worker would. */
  async function deleteAndRevoke(companyId: string, id: string, change: (job: RevokeTokensJob) => RevokeTokensJob = (job) => job): Promise<{ result: string; accessToken: string }> {
    expect((await api('DELETE', `/companies/${companyId}/connections/${id}`)).statusCode).toBe(200)
    const job = (await sql<{ data: RevokeTokensJob }>`select data from pgboss.job where name = 'connection.revoke' and data->>'connectionId' = ${id}`.execute(t.database.db)).rows[0]!
    const services = createAppServices(t.deps)
    const result = await revokeTokensOf(change(job.data), { database: t.database, catalogue: t.deps.catalogue, secrets: t.secrets, credentials: services.credentials, clock: t.clock })
    const { accessToken } = JSON.parse(t.secrets.open(Buffer.from(job.data.sealedTokens, 'base64'), tokenContext(id))) as { accessToken: string }
    return { result, accessToken }
  }

  const merchantsMe = async (accessToken: string) => (await fetch(`${apiBaseUrl}/v2/merchants/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status

  beforeAll(async () => {
    // The emulation's tokens expire by Linkway's (fake) time, as a real platform's by real time.
    sandbox = await startSandboxPlatforms({ port: 0, clients: [], tokenClock: { now: () => t.clock.now() } })
    const square = emulatedEndpoints(sandbox.url).square
    apiBaseUrl = square.apiBaseUrl
    const catalogue = createPlatformCatalogue({ sandboxUrl: sandbox.url, endpointOverrides: { zsth: { authorizeUrl: square.authorizeUrl, tokenUrl: square.tokenUrl, revokeUrl: square.revokeUrl, apiBaseUrl: square.apiBaseUrl } } })
    t = await createTestApp(backend, { listen: true, startQueue: true, catalogue, sandboxClient: SANDBOX_CLIENT })
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
    sandbox.admin.registerClient({ ...SQUARE_APP, redirectUris: [`${t.url}/link/oauth/callback`] })
    client = await t.createClient()
    expect((await api('PUT', '/integrations/zsth/credentials', SQUARE_APP)).statusCode).toBe(200)
    t.clock.set(new Date())
  })
  afterAll(async () => {
    await t?.close()
    await sandbox?.close()
  })

  it('makes the connection Deauthorized when Square refuses its refresh token (a 401), and the keep-alive stops', async () => {
    const { companyId, id, grantId } = await linkSquare()
    expect(sandbox.admin.revokeGrant({ grantId })).toBe(true)
    // The access token expires_at 30 minutes on: the sweep refreshes it first, and Square refuses.
    t.clock.advance(29 * 60_000)
    const sweep = await refreshExpiringTokens({ database: t.database, clock: t.clock, vault: createAppServices(t.deps).vault })
    expect(sweep.deauthorized).toBe(1)
    const connection = (await api('GET', `/companies/${companyId}/connections/${id}`)).json()
    expect(connection.status).toBe('Deauthorized')
    expect(connection.dataConnectionErrors.at(-1)).toMatchObject({ statusCode: '401', errorMessage: 'The integration de-authorized access to the connection.' })
  })

  it('revokes only the access token of a deleted connection while another connection holds the same seller; the last one’s deletion ends the seller’s authorization', async () => {
    const old = await linkSquare()
    const fresh = await linkSquare()
    const merchantOf = async (link: { companyId: string; id: string }) => (await api('GET', `/companies/${link.companyId}/connections/${link.id}`)).json().connectionInfo.merchant_id as string
    expect(await merchantOf(old)).toBe(await merchantOf(fresh))

    const deleted = await deleteAndRevoke(old.companyId, old.id)
    expect(deleted.result).toBe('revoked')
    expect(await merchantsMe(deleted.accessToken)).toBe(401)
    // The other connection still reads, and still refreshes.
    expect(grantOf(fresh.grantId)?.isRevoked).toBe(false)
    const vault = createAppServices(t.deps).vault
    expect(await vault.withAccessToken(fresh.id, merchantsMe)).toBe(200)
    t.clock.advance(29 * 60_000)
    await refreshExpiringTokens({ database: t.database, clock: t.clock, vault })
    expect(grantOf(fresh.grantId)?.isRevoked).toBe(false)
    expect(grantOf(fresh.grantId)?.refreshCount).toBeGreaterThan(0)
    expect((await api('GET', `/companies/${fresh.companyId}/connections/${fresh.id}`)).json().status).toBe('Linked')

    // No other Linked connection to the seller: the whole authorization, by merchant_id.
    expect((await deleteAndRevoke(fresh.companyId, fresh.id)).result).toBe('revoked')
    expect([grantOf(old.grantId)?.isRevoked, grantOf(fresh.grantId)?.isRevoked]).toEqual([true, true])
  })

  it('revokes the access token alone when the seller is not known, rather than report revoked with nothing sent', async () => {
    const link = await linkSquare()
    const { result } = await deleteAndRevoke(link.companyId, link.id, (job) => ({ ...job, values: {} }))
    expect(result).toBe('revoked')
    // Only that token: another connection to the same seller cannot be ruled out, so its authorization is left alone.
    expect(grantOf(link.grantId)?.isRevoked).toBe(false)
  })
})
