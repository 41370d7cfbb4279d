/**
 * @module Test helpers: a fake clock, a sandbox on 127.0.0.1 port 0 with one client, PKCE pairs,
 * and the token requests a client makes. Tests speak real HTTP to it, as the product does.
 */
import { createHash, randomBytes } from 'node:crypto'
import { approveConsent } from '../approve-consent.js'
import { sandboxEndpoints, type OAuthEndpoints } from '../platform-catalogue.js'
import type { GenericPlatformKey } from '../platform-definition.js'
import { startSandboxPlatforms, type RunningSandbox, type StartSandboxOptions } from '../sandbox-app.js'

/** A clock that moves only when told. */
export class FakeClock {
  private ms: number
  constructor(start = '2025-03-01T09:00:00Z') {
    this.ms = Date.parse(start)
  }
  now(): Date {
    return new Date(this.ms)
  }
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000
  }
}

/** Characters that must survive RFC 6749 §2.3.1's form-encoding inside HTTP Basic. */
export const CLIENT = {
  clientId: 'linkway:test',
  clientSecret: 'sécret with spaces & symbols:+/=%',
  redirectUris: ['http://127.0.0.1:9/oauth/callback', 'http://127.0.0.1:9/other-callback'],
}
export const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback'

export interface TestSandbox extends RunningSandbox {
  clock: FakeClock
  endpoints: Record<GenericPlatformKey, OAuthEndpoints>
}

export async function startTestSandbox(options: Partial<StartSandboxOptions> = {}): Promise<TestSandbox> {
  const clock = new FakeClock()
  const sandbox = await startSandboxPlatforms({ port: 0, clients: [CLIENT], clock, ...options })
  return { ...sandbox, clock, endpoints: sandboxEndpoints(sandbox.url) }
}

export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** client_secret_basic: each part form-encoded, then joined and base64-encoded (RFC 6749 §2.3.1). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (text: string): string => new URLSearchParams({ v: text }).toString().slice(2)
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`
}

/** Redirects are not followed: the client's redirect_uri is never fetched. */
export async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields), redirect: 'manual' })
}

export function authorizeUrlFor(endpoints: OAuthEndpoints, parameters: Record<string, string | undefined>): string {
  const url = new URL(endpoints.authorizeUrl)
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.set(name, value)
  return url.href
}

export interface CodeGrant {
  code: string
  state: string | null
  verifier: string
  callback: URL
}

/** Runs authorize and Approve on a generic platform; returns the code and what it takes to redeem it. */
export async function obtainCode(sandbox: TestSandbox, platform: GenericPlatformKey, scope: string): Promise<CodeGrant> {
  const { verifier, challenge } = createPkce()
  const location = await approveConsent(
    authorizeUrlFor(sandbox.endpoints[platform], {
      response_type: 'code',
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      scope,
      state: 'state-123',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
  )
  const callback = new URL(location)
  const code = callback.searchParams.get('code')
  if (code === null) throw new Error(`No code in ${location}`)
  return { code, state: callback.searchParams.get('state'), verifier, callback }
}

export async function redeemCode(sandbox: TestSandbox, platform: GenericPlatformKey, grant: CodeGrant): Promise<Response> {
  return postForm(
    sandbox.endpoints[platform].tokenUrl,
    { grant_type: 'authorization_code', code: grant.code, redirect_uri: REDIRECT_URI, code_verifier: grant.verifier },
    { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) },
  )
}

export interface TokenSet {
  access_token: string
  token_type: string
  expires_in: number
  refresh_token?: string
  scope: string
}

/** A full link: authorize, approve, redeem. */
export async function linkPlatform(sandbox: TestSandbox, platform: GenericPlatformKey, scope: string): Promise<TokenSet> {
  const response = await redeemCode(sandbox, platform, await obtainCode(sandbox, platform, scope))
  if (response.status !== 200) throw new Error(`Token exchange answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as TokenSet
}

export async function refresh(sandbox: TestSandbox, platform: GenericPlatformKey, refreshToken: string): Promise<Response> {
  return postForm(
    sandbox.endpoints[platform].tokenUrl,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) },
  )
}

export async function getJson(url: string, accessToken: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers: { authorization: `Bearer ${accessToken}`, ...headers } })
}
