/**
 * The Square emulation's OAuth and error answers against Square's own published OpenAPI (reference/square/api.json,
 * API version 2025-08-20): the token answer, the token and revocation requests Linkway sends (written out here as
 * packages/oauth builds them), the revocation answer, the seller at /v2/merchants/me, and an error body. The reads
 * themselves (every request Linkway's data sources make, and every answer) are checked by reference-schemas.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { summarizeViolations } from '../testing/reference-violations.js'
import { REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'
import { loadSquareReference } from '../testing/square-reference.js'
import { SQUARE_API_VERSION } from './square.js'

type Json = Record<string, any>

/** Square's client secrets are plain ASCII, as an HTTP header (`Authorization: Client <secret>`) needs. */
const CLIENT = { clientId: 'sq0idp-linkway-spec', clientSecret: 'sq0csp-spec-secret', redirectUris: [REDIRECT_URI] }

const { validatorOf, shapeErrors, checkAnswer } = loadSquareReference()

let sandbox: TestSandbox
let square: EmulatedEndpoints['square']
let tokens: Json
let headers: Record<string, string>

async function post(url: string, body: unknown, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) })
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ clients: [CLIENT] })
  square = emulatedEndpoints(sandbox.url).square
  const authorize = new URL(square.authorizeUrl)
  authorize.search = new URLSearchParams({ client_id: CLIENT.clientId, scope: 'MERCHANT_PROFILE_READ CUSTOMERS_READ ORDERS_READ ITEMS_READ PAYMENTS_READ DISPUTES_READ', redirect_uri: REDIRECT_URI, state: 'spec', session: 'false' }).toString()
  const code = new URL(await approveConsent(authorize.href)).searchParams.get('code')
  const response = await post(square.tokenUrl, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })
  expect(response.status).toBe(200)
  tokens = (await response.json()) as Json
  headers = { authorization: `Bearer ${tokens['access_token']}`, 'square-version': SQUARE_API_VERSION, accept: 'application/json' }
})
afterAll(async () => {
  await sandbox.close()
})

describe('the Square emulation against Square’s published OpenAPI (2025-08-20)', () => {
  it('answers the token request as ObtainTokenResponse', () => {
    expect(shapeErrors(validatorOf('/oauth2/token', 'post'), tokens)).toEqual([])
    expect(tokens).toMatchObject({ token_type: 'bearer', merchant_id: expect.stringMatching(/^ML/), refresh_token: expect.any(String), expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) })
  })

  it('sends its token requests as ObtainTokenRequest', () => {
    const validate = validatorOf('/oauth2/token', 'post', 'request')
    expect(shapeErrors(validate, { client_id: 'sq0idp-a', client_secret: 'sq0csp-b', grant_type: 'authorization_code', code: 'sq0cgp-c', redirect_uri: REDIRECT_URI, code_verifier: 'v'.repeat(43) })).toEqual([])
    expect(shapeErrors(validate, { client_id: 'sq0idp-a', client_secret: 'sq0csp-b', grant_type: 'refresh_token', refresh_token: 'EQAA-r' })).toEqual([])
  })

  it('answers GET /v2/merchants/me as RetrieveMerchantResponse', async () => {
    const response = await fetch(`${square.apiBaseUrl}/v2/merchants/me`, { headers })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Json
    expect(shapeErrors(validatorOf('/v2/merchants/{merchant_id}', 'get'), body)).toEqual([])
    expect(body['merchant']['id']).toBe(tokens['merchant_id'])
  })

  it('answers errors in Square’s Error shape', async () => {
    const response = await fetch(`${square.apiBaseUrl}/v2/customers?limit=101`, { headers })
    expect(response.status).toBe(400)
    const body = (await response.json()) as Json
    expect(summarizeViolations(checkAnswer('GET /v2/customers?limit=101', 400, body))).toEqual([])
    expect(body).toEqual({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'VALUE_TOO_HIGH', detail: 'limit must be at most 100.', field: 'limit' }] })
  })

  it('takes the revocations Linkway sends as RevokeTokenRequest: by seller, by access token, and that token alone', () => {
    const validate = validatorOf('/oauth2/revoke', 'post', 'request')
    expect(shapeErrors(validate, { client_id: 'sq0idp-a', merchant_id: 'ML123' })).toEqual([])
    expect(shapeErrors(validate, { client_id: 'sq0idp-a', access_token: 'EAAA-1' })).toEqual([])
    expect(shapeErrors(validate, { client_id: 'sq0idp-a', access_token: 'EAAA-1', revoke_only_access_token: true })).toEqual([])
  })

  it('answers the revocation as RevokeTokenResponse', async () => {
    const response = await post(square.revokeUrl, { client_id: CLIENT.clientId, access_token: tokens['access_token'] }, { authorization: `Client ${CLIENT.clientSecret}` })
    expect(response.status).toBe(200)
    expect(shapeErrors(validatorOf('/oauth2/revoke', 'post'), await response.json())).toEqual([])
  })
})
