/**
 * Xero's ID tokens on a refresh, against a token endpoint and a key set served on loopback: a key set the platform
 * cannot serve for now is its outage (retried), not a forged token; a key rotated since Linkway last fetched the set
 * is fetched at once, not a minute later; a token signed with a key the platform never published is refused.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { platformAuth, platformAuthFailureOf } from './testing/platform-server.js'
import { refreshAccessToken } from './token-endpoint.js'

const NOW = new Date('2026-12-01T10:00:00.000Z')
const CLIENT = { clientId: 'linkway', clientSecret: 'hush' }

interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicJwk: Record<string, unknown>
}

function newKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { kid, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } }
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

function idTokenSignedBy(key: SigningKey, accessToken: string): string {
  const seconds = Math.floor(NOW.getTime() / 1000)
  const atHash = createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url')
  const input = `${base64url({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64url({ iss: 'https://identity.xero.com', aud: CLIENT.clientId, sub: 'user-1', iat: seconds, exp: seconds + 300, at_hash: atHash })}`
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`
}

describe('ID tokens on a refresh', () => {
  let server: Server
  let url: string
  /** What the platform signs its next ID token with, and what its key set answers. */
  let signingKey: SigningKey
  let keySet: { status: number; keys: SigningKey[] }
  let keySetFetches = 0

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/jwks') {
        keySetFetches += 1
        if (keySet.status !== 200) return void response.writeHead(keySet.status, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>')
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keySet.keys.map((key) => key.publicJwk) }))
      }
      const accessToken = `at-${keySetFetches}-${Math.random()}`
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 1800, refresh_token: 'rt-2', id_token: idTokenSignedBy(signingKey, accessToken) }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  // Each test its own key set URL (a path the server ignores in its routing): the key sets are cached by URL.
  const refresh = (keySetUrl: string) => refreshAccessToken(platformAuth('gbol', { tokenUrl: `${url}/token`, jwksUrl: keySetUrl }), CLIENT, 'rt-1', { connectionParameters: {}, now: NOW })
  const jwksAt = (label: string) => `${url}/jwks#${label}`

  it('takes a key set the platform cannot serve (503, not JSON) as its outage, to retry, not as a forged token', async () => {
    const key = newKey('k-outage')
    signingKey = key
    keySet = { status: 503, keys: [key] }
    const failure = await platformAuthFailureOf(refresh(jwksAt('outage')))
    expect(failure).toMatchObject({ code: 'platform_unavailable', isTransient: true })
    expect(failure.message).toMatch(/^The platform's published keys could not be read to check its ID token/)
    // Back: the same refresh succeeds.
    keySet = { status: 200, keys: [key] }
    expect((await refresh(jwksAt('outage'))).accessToken).toMatch(/^at-/)
  })

  it('fetches the key set again at once for a key id it has not seen (the platform rotated its key)', async () => {
    const [before, after] = [newKey('k-before'), newKey('k-after')]
    signingKey = before
    keySet = { status: 200, keys: [before] }
    await refresh(jwksAt('rotation'))
    const fetches = keySetFetches
    signingKey = after
    keySet = { status: 200, keys: [after] }
    expect((await refresh(jwksAt('rotation'))).accessToken).toMatch(/^at-/)
    expect(keySetFetches).toBe(fetches + 1)
  })

  it('refuses a token signed with a key the platform never published, after fetching its keys once more', async () => {
    const published = newKey('k-published')
    signingKey = newKey('k-published')
    keySet = { status: 200, keys: [published] }
    const failure = await platformAuthFailureOf(refresh(jwksAt('forged')))
    expect(failure, failure.message).toMatchObject({ code: 'invalid_id_token', isTransient: false })
  })
})
