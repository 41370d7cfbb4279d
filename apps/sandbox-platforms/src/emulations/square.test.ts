/**
 * The Square emulation's behaviour as Square documents it: OAuth with a JSON token request naming its
 * grant_type, expiring access tokens renewed by refresh, Square's own revocation; reads behind their
 * scopes, at the one Square-Version served, paged by cursor and filtered as Square's are.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'
import { SQUARE_API_VERSION } from './square.js'

type Json = Record<string, any>

const CLIENT = { clientId: 'sq0idp-linkway', clientSecret: 'sq0csp-linkway-secret', redirectUris: [REDIRECT_URI] }
const EVERY_SCOPE = 'MERCHANT_PROFILE_READ CUSTOMERS_READ ORDERS_READ ITEMS_READ PAYMENTS_READ DISPUTES_READ'

let sandbox: TestSandbox
let square: EmulatedEndpoints['square']

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
}

/** A seller's approval with these scopes: the token response. */
async function authorize(scope = EVERY_SCOPE): Promise<Json> {
  const url = new URL(square.authorizeUrl)
  url.search = new URLSearchParams({ client_id: CLIENT.clientId, scope, redirect_uri: REDIRECT_URI, state: 'square' }).toString()
  const code = new URL(await approveConsent(url.href)).searchParams.get('code')
  const response = await post(square.tokenUrl, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'authorization_code', code })
  expect(response.status).toBe(200)
  return (await response.json()) as Json
}

const bearer = (tokens: Json): Record<string, string> => ({ authorization: `Bearer ${tokens['access_token']}`, 'square-version': SQUARE_API_VERSION })

async function read(path: string, tokens: Json, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${square.apiBaseUrl}${path}`, { headers: { ...bearer(tokens), ...headers } })
  return { status: response.status, body: (await response.json()) as Json }
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ clients: [CLIENT] })
  square = emulatedEndpoints(sandbox.url).square
})
afterAll(async () => {
  await sandbox.close()
})

describe('the Square emulation’s OAuth', () => {
  it('answers the code with an access token expiring at expires_at, a refresh token and the seller', async () => {
    const tokens = await authorize()
    expect(tokens).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_at: '2025-03-01T09:30:00Z', merchant_id: expect.stringMatching(/^ML[0-9A-F]{12}$/), refresh_token: expect.any(String), short_lived: false })
  })

  it('takes the token request as JSON only, as Square’s ObtainToken is specified', async () => {
    const tokens = await authorize()
    const form = await fetch(square.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'refresh_token', refresh_token: tokens['refresh_token'] }),
    })
    expect(form.status).toBe(400)
    expect(await form.json()).toEqual({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST', detail: 'Square (emulated) takes the token request as a JSON body.' }] })
  })

  it('needs the grant_type, as Square’s ObtainToken does', async () => {
    const url = new URL(square.authorizeUrl)
    url.search = new URLSearchParams({ client_id: CLIENT.clientId, scope: EVERY_SCOPE, redirect_uri: REDIRECT_URI, state: 'no-grant' }).toString()
    const code = new URL(await approveConsent(url.href)).searchParams.get('code')
    const response = await post(square.tokenUrl, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST' }] })
  })

  it('refuses a revoked refresh token, or a wrong client secret, with a 401 in Square’s error shape; only the client’s names the client', async () => {
    const tokens = await authorize()
    sandbox.admin.revokeGrant({ grantId: sandbox.admin.listGrants().filter((grant) => grant.platform === 'square').at(-1)!.grantId })
    const refused = await post(square.tokenUrl, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'refresh_token', refresh_token: tokens['refresh_token'] })
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 401,
      body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'The refresh token is invalid or revoked.' }] },
    })
    const wrongClient = await post(square.tokenUrl, { client_id: CLIENT.clientId, client_secret: 'not-the-secret', grant_type: 'refresh_token', refresh_token: tokens['refresh_token'] })
    expect(wrongClient.status).toBe(401)
    expect(((await wrongClient.json()) as Json)['errors'][0]['detail']).toMatch(/^Invalid client_id or client_secret/)
  })

  it('refuses an expired access token, and a refresh gives a working one', async () => {
    const tokens = await authorize()
    sandbox.clock.advanceSeconds(1800)
    expect(await read('/v2/merchants/me', tokens)).toEqual({ status: 401, body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'This request could not be authorized.' }] } })
    const response = await post(square.tokenUrl, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'refresh_token', refresh_token: tokens['refresh_token'] })
    expect(response.status).toBe(200)
    const refreshed = (await response.json()) as Json
    expect(refreshed['merchant_id']).toBe(tokens['merchant_id'])
    expect((await read('/v2/merchants/me', refreshed)).body['merchant']['id']).toBe(tokens['merchant_id'])
  })

  it('gives one seller one merchant id, whichever consent', async () => {
    expect((await authorize())['merchant_id']).toBe((await authorize())['merchant_id'])
  })

  it('revokes one access token alone with revoke_only_access_token, the seller’s other grants and its refresh token living on', async () => {
    const first = await authorize()
    const second = await authorize()
    const revoked = await post(square.revokeUrl, { client_id: CLIENT.clientId, access_token: first['access_token'], revoke_only_access_token: true }, { authorization: `Client ${CLIENT.clientSecret}` })
    expect({ status: revoked.status, body: await revoked.json() }).toEqual({ status: 200, body: { success: true } })
    expect((await read('/v2/locations', first)).status).toBe(401)
    expect((await read('/v2/locations', second)).status).toBe(200)
    const refreshed = await post(square.tokenUrl, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'refresh_token', refresh_token: first['refresh_token'] })
    expect(refreshed.status).toBe(200)
  })

  it('revokes with Authorization: Client <secret>, by access token or by seller (the whole authorization: every grant of the seller), and nothing with a wrong secret', async () => {
    const tokens = await authorize()
    const wrong = await post(square.revokeUrl, { client_id: CLIENT.clientId, access_token: tokens['access_token'] }, { authorization: 'Client not-the-secret' })
    expect(wrong.status).toBe(401)
    expect((await read('/v2/locations', tokens)).status).toBe(200)
    const sameSeller = await authorize()
    const revoked = await post(square.revokeUrl, { client_id: CLIENT.clientId, access_token: tokens['access_token'] }, { authorization: `Client ${CLIENT.clientSecret}` })
    expect({ status: revoked.status, body: await revoked.json() }).toEqual({ status: 200, body: { success: true } })
    expect((await read('/v2/locations', tokens)).status).toBe(401)
    expect((await read('/v2/locations', sameSeller)).status).toBe(401)

    const other = await authorize()
    const bySeller = await post(square.revokeUrl, { client_id: CLIENT.clientId, merchant_id: other['merchant_id'] }, { authorization: `Client ${CLIENT.clientSecret}` })
    expect(bySeller.status).toBe(200)
    expect((await read('/v2/locations', other)).status).toBe(401)
  })
})

describe('the Square emulation’s reads', () => {
  // A test that pins the seller's currency leaves the next one the currency its seed draws.
  afterEach(() => sandbox.admin.setBaseCurrency('square', null))

  let tokens: Json
  let locationIds: string[]
  beforeAll(async () => {
    tokens = await authorize()
    locationIds = (await read('/v2/locations', tokens)).body['locations'].map((location: Json) => location['id'])
  })

  it('answers only the Square-Version it serves, and without the header as that one', async () => {
    expect(await read('/v2/locations', tokens, { 'square-version': '2024-01-18' })).toEqual({
      status: 400,
      body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'API_VERSION_INCOMPATIBLE', detail: `The emulation serves Square-Version ${SQUARE_API_VERSION} only.` }] },
    })
    const response = await fetch(`${square.apiBaseUrl}/v2/locations`, { headers: { authorization: `Bearer ${tokens['access_token']}` } })
    expect(response.status).toBe(200)
  })

  it('answers the token’s own seller at /v2/merchants/me, and no other', async () => {
    const merchant = await read(`/v2/merchants/${tokens['merchant_id']}`, tokens)
    expect(merchant.body['merchant']['id']).toBe(tokens['merchant_id'])
    expect((await read('/v2/merchants/MLOTHERSELLER', tokens)).status).toBe(404)
  })

  it('keeps each read to its scope', async () => {
    const narrow = await authorize('MERCHANT_PROFILE_READ')
    expect((await read('/v2/merchants/me', narrow)).status).toBe(200)
    for (const path of ['/v2/customers', '/v2/catalog/list', '/v2/payments', '/v2/disputes']) {
      const { status, body } = await read(path, narrow)
      expect(status, path).toBe(403)
      expect(body['errors'][0]).toMatchObject({ category: 'AUTHENTICATION_ERROR', code: 'INSUFFICIENT_SCOPES' })
    }
  })

  it('pages customers by cursor, within Square’s limit', async () => {
    const first = await read('/v2/customers?limit=40', tokens)
    expect(first.body['customers']).toHaveLength(40)
    const second = await read(`/v2/customers?limit=40&cursor=${first.body['cursor']}`, tokens)
    expect(second.body['cursor']).toBeUndefined()
    const ids = [...first.body['customers'], ...second.body['customers']].map((customer: Json) => customer['id'])
    expect(new Set(ids).size).toBe(60)
    expect((await read('/v2/customers?limit=0', tokens)).body['errors'][0]).toMatchObject({ code: 'VALUE_TOO_LOW', field: 'limit' })
    expect((await read('/v2/customers?cursor=not-a-cursor', tokens)).body).toEqual({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_CURSOR', detail: 'The cursor is not valid.', field: 'cursor' }] })
  })

  it('searches customers by updated_at, in Square’s orders: by name by default, by creation when asked', async () => {
    const search = async (body: Json) => ((await (await post(`${square.apiBaseUrl}/v2/customers/search`, body, bearer(tokens))).json()) as Json)['customers'] as Json[]
    const byName = await search({})
    expect(byName).toHaveLength(60)
    const names = byName.map((customer) => `${customer['given_name']}\u0000${customer['family_name']}`)
    expect(names).toEqual([...names].sort())
    const byCreation = await search({ query: { sort: { field: 'CREATED_AT', order: 'ASC' } } })
    expect(byCreation.map((customer) => customer['created_at'])).toEqual(byCreation.map((customer) => customer['created_at']).sort())
    const since = [...byCreation].sort((a, b) => (a['updated_at'] < b['updated_at'] ? -1 : 1))[40]!['updated_at'] as string
    const recent = await search({ query: { filter: { updated_at: { start_at: since } } } })
    expect(recent.map((customer) => customer['id']).sort()).toEqual(byName.filter((customer) => customer['updated_at'] >= since).map((customer) => customer['id']).sort())
    expect(recent.length).toBeLessThan(60)
  })

  it('searches orders at the locations named, by state and by updated_at with the sort Square requires', async () => {
    const search = async (body: Json) => {
      const response = await post(`${square.apiBaseUrl}/v2/orders/search`, body, bearer(tokens))
      return { status: response.status, body: (await response.json()) as Json }
    }
    const all = (await search({ location_ids: locationIds, limit: 500 })).body['orders'] as Json[]
    expect(all).toHaveLength(120)
    const atFirst = (await search({ location_ids: [locationIds[0]], limit: 500 })).body['orders'] as Json[]
    expect(atFirst.length).toBeGreaterThan(0)
    expect(atFirst.every((order) => order['location_id'] === locationIds[0])).toBe(true)
    expect(atFirst.length).toBeLessThan(all.length)

    const canceled = (await search({ location_ids: locationIds, query: { filter: { state_filter: { states: ['CANCELED'] } } } })).body['orders'] as Json[]
    expect(canceled.length).toBeGreaterThan(0)
    expect(canceled.every((order) => order['state'] === 'CANCELED')).toBe(true)

    const since = all[60]!['updated_at'] as string
    const recent = (await search({ location_ids: locationIds, query: { filter: { date_time_filter: { updated_at: { start_at: since } } }, sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } } })).body['orders'] as Json[]
    expect(recent.map((order) => order['id'])).toEqual(all.filter((order) => order['updated_at'] >= since).map((order) => order['id']))
    expect((await search({ location_ids: locationIds, query: { filter: { date_time_filter: { updated_at: { start_at: since } } } } })).status).toBe(400)
    expect((await search({ location_ids: [] })).body['errors'][0]).toMatchObject({ code: 'MISSING_REQUIRED_PARAMETER', field: 'location_ids' })
    expect((await search({ location_ids: Array.from({ length: 11 }, (_, index) => `L${index}`) })).body['errors'][0]).toMatchObject({ code: 'ARRAY_LENGTH_TOO_LONG' })
  })

  it('sums the service charges’ applied money in total_service_charge_money: an INCLUSIVE tax in it, an ADDITIVE one not', async () => {
    // A UK seller charges VAT: some orders with it INCLUSIVE, some ADDITIVE.
    sandbox.admin.setBaseCurrency('square', 'GBP')
    const response = await post(`${square.apiBaseUrl}/v2/orders/search`, { location_ids: locationIds, limit: 500 }, bearer(tokens))
    const orders = ((await response.json()) as Json)['orders'] as Json[]
    const taxTypes = new Set<string>()
    for (const order of orders) {
      const charges = (order['service_charges'] ?? []) as Json[]
      expect(order['total_service_charge_money']['amount'], order['id']).toBe(charges.reduce((sum, charge) => sum + charge['applied_money']['amount'], 0))
      const type = ((order['taxes'] ?? []) as Json[])[0]?.['type']
      if (charges.some((charge) => charge['total_tax_money']['amount'] > 0)) taxTypes.add(type)
      // With tax on top, the charges' tax is not in it; with tax included, it is.
      for (const charge of charges) expect(charge['applied_money']['amount'] + (type === 'ADDITIVE' ? charge['total_tax_money']['amount'] : 0), order['id']).toBe(charge['total_money']['amount'])
    }
    expect(taxTypes).toEqual(new Set(['INCLUSIVE', 'ADDITIVE']))
  })

  it('lists the payments of the location named, and of the seller’s main location without one', async () => {
    const main = (await read('/v2/merchants/me', tokens)).body['merchant']['main_location_id'] as string
    const ofLocation = async (location: string | undefined) =>
      ((await read(`/v2/payments?begin_time=2000-01-01T00:00:00Z${location === undefined ? '' : `&location_id=${location}`}`, tokens)).body['payments'] ?? []) as Json[]
    const byLocation = await Promise.all(locationIds.map(ofLocation))
    expect(byLocation.flat()).toHaveLength(100)
    expect(byLocation.filter((payments) => payments.length > 0).length).toBeGreaterThan(1)
    byLocation.forEach((payments, index) => expect(payments.every((payment) => payment['location_id'] === locationIds[index])).toBe(true))
    expect((await ofLocation(undefined)).map((payment) => payment['id'])).toEqual((await ofLocation(main)).map((payment) => payment['id']))
    // ListPaymentRefunds answers every location without location_id, and the one named with it.
    const refunds = ((await read('/v2/refunds?begin_time=2000-01-01T00:00:00Z', tokens)).body['refunds'] ?? []) as Json[]
    expect(new Set(refunds.map((refund) => refund['location_id'])).size).toBeGreaterThan(1)
    const atMain = ((await read(`/v2/refunds?begin_time=2000-01-01T00:00:00Z&location_id=${main}`, tokens)).body['refunds'] ?? []) as Json[]
    expect(atMain.map((refund) => refund['id'])).toEqual(refunds.filter((refund) => refund['location_id'] === main).map((refund) => refund['id']))
  })

  it('lists payments of the year before end_time unless begin_time reaches back, and by updated_at_begin_time', async () => {
    const every = async (query: string) => {
      const payments: Json[] = []
      for (let cursor: string | undefined = ''; cursor !== undefined; ) {
        const { body } = await read(`/v2/payments?${query}${cursor === '' ? '' : `&cursor=${cursor}`}`, tokens)
        payments.push(...((body['payments'] ?? []) as Json[]))
        cursor = body['cursor']
      }
      return payments
    }
    // The main location's (none is named): the year's window and the filters apply within it.
    const all = await every('begin_time=2000-01-01T00:00:00Z')
    expect(all.length).toBeGreaterThan(10)
    // Newest first unless asked otherwise; a limit over 100 is answered with 100.
    expect((await every('begin_time=2000-01-01T00:00:00Z&sort_order=ASC')).map((payment) => payment['id'])).toEqual(all.map((payment) => payment['id']).reverse())
    expect((await read('/v2/payments?begin_time=2000-01-01T00:00:00Z&limit=500', tokens)).body['payments']).toHaveLength(Math.min(all.length, 100))
    const yearAgo = new Date(sandbox.clock.now().getTime() - 365 * 86_400_000).toISOString()
    const lastYear = await every('')
    expect(lastYear.length, 'payments older than a year are left out').toBeLessThan(all.length)
    expect(lastYear.map((payment) => payment['id'])).toEqual(all.filter((payment) => payment['created_at'] >= yearAgo.replace(/\.\d{3}Z$/, 'Z')).map((payment) => payment['id']))
    const since = all[Math.floor(all.length * 0.8)]!['updated_at'] as string
    expect((await every(`begin_time=2000-01-01T00:00:00Z&updated_at_begin_time=${since}`)).map((payment) => payment['id'])).toEqual(all.filter((payment) => payment['updated_at'] >= since).map((payment) => payment['id']))
  })

  it('lists the refunds of refunded payments, each naming its payment', async () => {
    const everyLocation = await Promise.all(locationIds.map(async (location) => ((await read(`/v2/payments?begin_time=2000-01-01T00:00:00Z&location_id=${location}`, tokens)).body['payments'] ?? []) as Json[]))
    const payments = everyLocation.flat().filter((payment) => payment['refunded_money'] !== undefined)
    const refunds = (await read('/v2/refunds?begin_time=2000-01-01T00:00:00Z', tokens)).body['refunds'] as Json[]
    expect(payments.length).toBeGreaterThan(0)
    expect(refunds.map((refund) => [refund['id'], refund['payment_id'], refund['amount_money']]).sort()).toEqual(payments.map((payment) => [payment['refund_ids'][0], payment['id'], payment['refunded_money']]).sort())
    // A refund comes after its payment, and the payment was last updated by it at the earliest.
    const paymentsById = new Map(payments.map((payment) => [payment['id'], payment]))
    for (const refund of refunds) {
      const payment = paymentsById.get(refund['payment_id'])!
      expect(refund['created_at'] >= payment['created_at'], refund['id']).toBe(true)
      expect(payment['updated_at'] >= refund['created_at'], refund['id']).toBe(true)
    }
  })

  it('lists disputes only of payments that took money, each for at most what its payment took', async () => {
    sandbox.admin.setDatasetSize('square', 'disputes', 60)
    try {
      const payments = new Map(
        (await Promise.all(locationIds.map(async (location) => ((await read(`/v2/payments?begin_time=2000-01-01T00:00:00Z&location_id=${location}`, tokens)).body['payments'] ?? []) as Json[])))
          .flat()
          .map((payment) => [payment['id'], payment]),
      )
      const disputes: Json[] = []
      for (let cursor: string | undefined = ''; cursor !== undefined; ) {
        const { body } = await read(`/v2/disputes${cursor === '' ? '' : `?cursor=${cursor}`}`, tokens)
        disputes.push(...((body['disputes'] ?? []) as Json[]))
        cursor = body['cursor']
      }
      expect(disputes.length).toBeGreaterThan(0)
      for (const dispute of disputes) {
        const paymentId = dispute['disputed_payment']?.['payment_id']
        if (paymentId === undefined) continue
        const payment = payments.get(paymentId)!
        expect(payment['status'], dispute['id']).toBe('COMPLETED')
        expect(dispute['amount_money']['amount'], dispute['id']).toBeLessThanOrEqual(payment['total_money']['amount'])
      }
    } finally {
      sandbox.admin.setDatasetSize('square', 'disputes', 12)
    }
  })

  it('lists the catalog types asked, and refuses one the emulated library does not have', async () => {
    const taxes = (await read('/v2/catalog/list?types=TAX', tokens)).body['objects'] as Json[]
    expect(taxes.length).toBeGreaterThan(0)
    expect(taxes.every((object) => object['type'] === 'TAX' && typeof object['tax_data']['percentage'] === 'string')).toBe(true)
    expect((await read('/v2/catalog/list?types=IMAGE', tokens)).body['errors'][0]).toMatchObject({ code: 'INVALID_ENUM_VALUE', field: 'types' })
  })
})
