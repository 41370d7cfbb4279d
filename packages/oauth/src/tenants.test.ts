/**
 * The organisations a consent granted (Xero's GET /connections), against a real HTTP server on loopback: only this
 * consent's, named by the access token's authentication_event_id, although Xero lists every one the person authorised.
 */
import type { TenantPick } from '@linkway/connectors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { platformAuth, platformAuthFailureOf, startPlatformServer, type PlatformServer } from './testing/platform-server.js'
import { fetchGrantedTenants } from './tenants.js'

const NOW = new Date('2026-12-01T10:00:00.000Z')
const EARLIER_CONSENT = '0b4f7f9e-6a4e-4c3a-9d1e-2f1a3b5c7d90'
const THIS_CONSENT = '5e2c1d8b-3f7a-4b6e-8c9d-0a1b2c3d4e5f'

/** A Xero access token: a JWT whose payload carries the claims (the signature is not read here). */
function accessToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
}

describe('fetchGrantedTenants (Xero)', () => {
  let platform: PlatformServer
  let pick: TenantPick
  beforeAll(async () => {
    platform = await startPlatformServer()
    pick = platformAuth('gbol', { tenantsUrl: `${platform.url}/connections` }).afterCallback!
  })
  afterAll(async () => {
    await platform.close()
  })

  const connections = [
    { id: 'c-1', authEventId: EARLIER_CONSENT, tenantId: 'org-a', tenantType: 'ORGANISATION', tenantName: 'Earlier Ltd' },
    { id: 'c-2', authEventId: THIS_CONSENT, tenantId: 'org-b', tenantType: 'ORGANISATION', tenantName: 'Now Ltd' },
  ]

  it("keeps only this consent's organisations, by the access token's authentication_event_id", async () => {
    platform.answerWith({ status: 200, body: connections })
    expect(await fetchGrantedTenants(pick, accessToken({ authentication_event_id: THIS_CONSENT }), NOW)).toEqual([{ id: 'org-b', name: 'Now Ltd' }])
  })

  it('refuses an access token that names no consent, rather than offer every organisation', async () => {
    platform.answerWith({ status: 200, body: connections })
    for (const token of ['opaque-token', accessToken({ sub: 'someone' })]) {
      expect(await platformAuthFailureOf(fetchGrantedTenants(pick, token, NOW))).toMatchObject({
        code: 'invalid_response',
        message: 'The access token carries no authentication_event_id, so the organisations of this consent cannot be told from those authorised before',
      })
    }
  })
})
