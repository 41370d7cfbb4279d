/**
 * The Shopify emulation's store resources beyond orders, products and customers: the shop, collections, locations,
 * tender transactions and Shopify Payments' balance and disputes, each behind its own scope, paged and filtered as
 * Shopify's Admin REST API is, and pointing at the orders it serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { CLIENT, REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'

const SHOP = 'store-api-shop'
const EVERY_SCOPE = 'read_orders,read_products,read_customers,read_locations,read_shopify_payments_payouts,read_shopify_payments_disputes'

let sandbox: TestSandbox
let shopify: EmulatedEndpoints['shopify']
let headers: Record<string, string>

/** Installs the app on the shop with these scopes: the access token. */
async function install(scope: string): Promise<string> {
  const url = new URL(shopify.authorizeUrl.replace('{shop}', SHOP))
  url.search = new URLSearchParams({ client_id: CLIENT.clientId, scope, redirect_uri: REDIRECT_URI, state: 'store-api' }).toString()
  const code = new URL(await approveConsent(url.href)).searchParams.get('code')
  const response = await fetch(shopify.tokenUrl.replace('{shop}', SHOP), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code }),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { access_token: string }).access_token
}

const api = (path: string): string => `${shopify.apiBaseUrl.replace('{shop}', SHOP)}/${path}`

/** Every record of a list, following the Link header's rel="next". */
async function every(path: string, listName: string): Promise<Array<Record<string, any>>> {
  const records: Array<Record<string, any>> = []
  for (let url: string | undefined = api(path); url !== undefined; ) {
    const response = await fetch(url, { headers })
    expect(response.status, url).toBe(200)
    records.push(...((await response.json()) as Record<string, Array<Record<string, any>>>)[listName]!)
    url = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1]
  }
  return records
}

beforeAll(async () => {
  sandbox = await startTestSandbox()
  shopify = emulatedEndpoints(sandbox.url).shopify
  headers = { 'x-shopify-access-token': await install(EVERY_SCOPE) }
})
afterAll(async () => {
  await sandbox.close()
})

describe('the Shopify emulation’s store resources', () => {
  it('answers shop.json to any installed app, fields= picking fields', async () => {
    const narrow = await install('read_orders')
    const response = await fetch(api('shop.json?fields=id,currency,myshopify_domain'), { headers: { 'x-shopify-access-token': narrow } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ shop: { id: expect.any(Number), currency: expect.stringMatching(/^(GBP|EUR|USD)$/), myshopify_domain: `${SHOP}.myshopify.com` } })
  })

  it('keeps each resource to its scope', async () => {
    const narrow = { 'x-shopify-access-token': await install('read_orders') }
    for (const [path, scope] of [
      ['locations.json', 'read_locations'],
      ['custom_collections.json', 'read_products'],
      ['shopify_payments/balance/transactions.json', 'read_shopify_payments_payouts'],
      ['shopify_payments/disputes.json', 'read_shopify_payments_disputes'],
    ] as const) {
      const response = await fetch(api(path), { headers: narrow })
      expect(response.status, path).toBe(403)
      expect(await response.json()).toEqual({ errors: `[API] This action requires merchant approval for ${scope} scope.` })
    }
    expect((await fetch(api('tender_transactions.json'), { headers: narrow })).status).toBe(200)
  })

  it('splits the category tree into custom (the roots) and smart collections, every one once', async () => {
    const custom = await every('custom_collections.json?limit=4', 'custom_collections')
    const smart = await every('smart_collections.json?limit=5', 'smart_collections')
    expect([custom.length, smart.length]).toEqual([6, 12])
    expect(new Set([...custom, ...smart].map((collection) => collection['id'])).size).toBe(18)
  })

  it('lists tender transactions that went through, pointing at orders, filtered by processed_at_min', async () => {
    const statusById = new Map((await every('orders.json?status=any&limit=250', 'orders')).map((order) => [order['id'], order['financial_status']]))
    const tenders = await every('tender_transactions.json?limit=30', 'tender_transactions')
    expect(tenders.length).toBeGreaterThan(30)
    for (const tender of tenders) {
      // Money taken: never for an order whose payment is not captured, or was voided.
      expect(['paid', 'partially_paid', 'refunded', 'partially_refunded'], String(tender['id'])).toContain(statusById.get(tender['order_id']))
      expect(tender['amount']).toMatch(/^\d+\.\d{2}$/)
      expect(['credit_card', 'paypal', 'other']).toContain(tender['payment_method'])
    }
    const half = Math.floor(tenders.length / 2)
    const since = tenders[half]!['processed_at'] as string
    expect(await every(`tender_transactions.json?limit=30&processed_at_min=${encodeURIComponent(since)}`, 'tender_transactions')).toEqual(tenders.slice(half))
    // A cursor carries the filter: it may not come again beside it.
    const first = await fetch(api(`tender_transactions.json?limit=5&processed_at_min=${encodeURIComponent(since)}`), { headers })
    const pageInfo = new URL(/<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1]!).searchParams.get('page_info')
    expect((await fetch(api(`tender_transactions.json?page_info=${pageInfo}&processed_at_min=${encodeURIComponent(since)}`), { headers })).status).toBe(400)
  })

  it('writes a charge’s fee on the charge, in lower-case currency, and a refund against its order', async () => {
    const balance = await every('shopify_payments/balance/transactions.json?limit=250', 'transactions')
    const charges = balance.filter((transaction) => transaction['type'] === 'charge')
    expect(charges.length).toBeGreaterThan(0)
    for (const transaction of balance) {
      expect(transaction['currency']).toMatch(/^[a-z]{3}$/)
      expect(Math.round(Number(transaction['amount']) * 100) - Math.round(Number(transaction['fee']) * 100)).toBe(Math.round(Number(transaction['net']) * 100))
    }
    for (const charge of charges) {
      expect(Number(charge['fee'])).toBeGreaterThan(0)
      expect(charge['source_order_id']).toEqual(expect.any(Number))
    }
    for (const refund of balance.filter((transaction) => transaction['type'] === 'refund')) expect(Number(refund['amount'])).toBeLessThan(0)
  })

  it('lists disputes against orders it serves, a decided one with its decision date', async () => {
    const statusById = new Map((await every('orders.json?status=any&limit=250', 'orders')).map((order) => [order['id'], order['financial_status']]))
    const disputes = await every('shopify_payments/disputes.json?limit=5', 'disputes')
    expect(disputes).toEqual(await every('shopify_payments/disputes.json?limit=250', 'disputes'))
    expect(disputes.length).toBeGreaterThan(0)
    for (const dispute of disputes) {
      // Nothing to dispute where nothing was taken.
      expect(['paid', 'partially_paid', 'refunded', 'partially_refunded']).toContain(statusById.get(dispute['order_id']))
      expect(['chargeback', 'inquiry']).toContain(dispute['type'])
      expect(dispute['finalized_on'] === null).toBe(dispute['status'] === 'needs_response' || dispute['status'] === 'under_review')
    }
  })
})
