/** Xero's emulated identity server as an OpenID Connect provider: signed ID tokens on code exchange and refresh, dated by its token clock, and the flawed ones a test asks for. */
import { createHash, createPublicKey, verify } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { basicAuthorization, CLIENT, createPkce, FakeClock, postForm, REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'

/** The data clock stands on a fixed day, as the sync tests pin it; the token clock is another time altogether. */
const DATA_DAY = '2025-11-01T00:00:00Z'
const TOKEN_TIME = '2026-12-06T12:00:00Z'

let sandbox: TestSandbox
let tokenClock: FakeClock
let xero: EmulatedEndpoints['xero']
beforeAll(async () => {
  tokenClock = new FakeClock(TOKEN_TIME)
  sandbox = await startTestSandbox({ clock: new FakeClock(DATA_DAY), tokenClock })
  xero = emulatedEndpoints(sandbox.url).xero
})
afterAll(async () => {
  await sandbox.close()
})

interface TokenAnswer {
  access_token: string
  refresh_token: string
  id_token?: string
}

async function linkXero(options: { scope?: string; nonce?: string } = {}): Promise<TokenAnswer> {
  const pkce = createPkce()
  const url = new URL(xero.authorizeUrl)
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    scope: options.scope ?? 'openid profile email accounting.transactions offline_access',
    state: 'id-token-state',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
  }).toString()
  const callback = new URL(await approveConsent(url.href, {}))
  return await tokenCall({ grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier })
}

async function tokenCall(fields: Record<string, string>): Promise<TokenAnswer> {
  const response = await postForm(xero.tokenUrl, fields, { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) })
  expect(response.status).toBe(200)
  return (await response.json()) as TokenAnswer
}

/** The token's claims once its RS256 signature is verified against the key set the emulation publishes; throws otherwise. */
async function verifiedClaims(idToken: string): Promise<Record<string, unknown>> {
  const [header = '', payload = '', signature = ''] = idToken.split('.')
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string; alg: string }
  expect(alg).toBe('RS256')
  const jwks = (await (await fetch(xero.jwksUrl)).json()) as { keys: Array<Record<string, string>> }
  const jwk = jwks.keys.find((key) => key['kid'] === kid)
  if (jwk === undefined) throw new Error(`no published key has kid ${kid}`)
  const isValid = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url'))
  if (!isValid) throw new Error('the signature does not verify against the published key')
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
}

const atHashOf = (accessToken: string) => createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url')
const seconds = (iso: string) => Date.parse(iso) / 1000

describe("the Xero emulation's ID tokens", () => {
  it('publishes a discovery document naming Xero as the issuer and its key set on this origin', async () => {
    const discovery = (await (await fetch(`${sandbox.url}/emulate/xero/identity/.well-known/openid-configuration`)).json()) as Record<string, unknown>
    expect(discovery).toMatchObject({
      issuer: 'https://identity.xero.com',
      token_endpoint: xero.tokenUrl,
      jwks_uri: xero.jwksUrl,
      id_token_signing_alg_values_supported: ['RS256'],
    })
  })

  it('answers a code exchange with a signed ID token, dated by the token clock, bound to the nonce and the access token', async () => {
    const tokens = await linkXero({ nonce: 'n-0S6_WzA2Mj' })
    expect(await verifiedClaims(tokens.id_token!)).toEqual({
      iss: 'https://identity.xero.com',
      aud: CLIENT.clientId,
      // Linkway's time, not the data's 2025-11-01: a relying party checks these against its own clock.
      iat: seconds(TOKEN_TIME),
      exp: seconds(TOKEN_TIME) + 300,
      auth_time: seconds(TOKEN_TIME),
      sub: expect.any(String),
      xero_userid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      global_session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      sid: expect.stringMatching(/^[0-9a-f]{32}$/),
      email: 'demo.owner@example.com',
      given_name: 'Demo',
      family_name: 'Owner',
      preferred_username: 'demo.owner@example.com',
      at_hash: atHashOf(tokens.access_token),
      nonce: 'n-0S6_WzA2Mj',
    })
  })

  it('answers a refresh with a new ID token for the new access token, keeping auth_time and sending no nonce', async () => {
    const first = await linkXero({ nonce: 'first-nonce' })
    const firstClaims = await verifiedClaims(first.id_token!)
    tokenClock.advanceSeconds(600)
    const refreshed = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    const claims = await verifiedClaims(refreshed.id_token!)
    expect(claims).toMatchObject({ iss: 'https://identity.xero.com', aud: CLIENT.clientId, sub: firstClaims['sub'], sid: firstClaims['sid'], auth_time: firstClaims['auth_time'], at_hash: atHashOf(refreshed.access_token) })
    expect(claims['iat']).toBe((firstClaims['iat'] as number) + 600)
    expect(claims).not.toHaveProperty('nonce')
  })

  it("honours a rotated refresh token for Xero's 30 minutes of grace, and revokes the grant on a reuse after them", async () => {
    const first = await linkXero()
    await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    // The answer lost on the way, the client tries again with the token it had: a new pair, the grant kept.
    tokenClock.advanceSeconds(29 * 60)
    const again = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    expect(again.access_token).toMatch(/^ey/)
    tokenClock.advanceSeconds(2 * 60)
    const late = await postForm(xero.tokenUrl, { grant_type: 'refresh_token', refresh_token: first.refresh_token }, { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) })
    expect(late.status).toBe(400)
    expect(await late.json()).toEqual({ error: 'invalid_grant', error_description: 'The refresh token was already used; the grant is revoked.' })
    // Revoked: the newest refresh token is dead too.
    expect((await postForm(xero.tokenUrl, { grant_type: 'refresh_token', refresh_token: again.refresh_token }, { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) })).status).toBe(400)
  })

  it('issues no ID token without openid, and none with a nonce that was never sent', async () => {
    expect(await linkXero({ scope: 'accounting.transactions offline_access' })).not.toHaveProperty('id_token')
    expect(await verifiedClaims((await linkXero()).id_token!)).not.toHaveProperty('nonce')
  })

  it('issues the flawed ID tokens the admin asks for, once each', async () => {
    sandbox.admin.flawNextIdTokens('xero', 1, 'forged')
    await expect(verifiedClaims((await linkXero()).id_token!)).rejects.toThrow('the signature does not verify against the published key')
    // Used up: the next is sound.
    await verifiedClaims((await linkXero()).id_token!)

    sandbox.admin.flawNextIdTokens('xero', 1, 'wrong-audience')
    expect((await verifiedClaims((await linkXero()).id_token!))['aud']).not.toBe(CLIENT.clientId)

    sandbox.admin.flawNextIdTokens('xero', 1, 'expired')
    const expired = await verifiedClaims((await linkXero()).id_token!)
    expect(expired['exp']).toBeLessThan(tokenClock.now().getTime() / 1000 - 60)

    sandbox.admin.flawNextIdTokens('xero', 1, 'issued-in-future')
    expect((await verifiedClaims((await linkXero()).id_token!))['iat']).toBe(tokenClock.now().getTime() / 1000 + 600)

    sandbox.admin.flawNextIdTokens('xero', 1, 'wrong-nonce')
    expect((await verifiedClaims((await linkXero({ nonce: 'sent' })).id_token!))['nonce']).not.toBe('sent')

    sandbox.admin.flawNextIdTokens('xero', 1, 'wrong-at-hash')
    const mismatched = await linkXero()
    expect((await verifiedClaims(mismatched.id_token!))['at_hash']).not.toBe(atHashOf(mismatched.access_token))
  })

  it('refuses a flaw for a platform that issues no ID tokens, and an unknown flaw', () => {
    expect(() => sandbox.admin.flawNextIdTokens('quickbooks', 1, 'forged')).toThrow('QuickBooks Online (emulated) issues no ID tokens.')
    expect(() => sandbox.admin.flawNextIdTokens('xero', 1, 'late' as 'forged')).toThrow('flaw must be one of forged, wrong-audience, expired, issued-in-future, wrong-nonce, wrong-at-hash.')
  })
})
