/**
 * Square's commerce data types end to end: a seller linked through the Square emulation's consent page (the
 * token request in Square's JSON form), every data type Linkway reads from Square synced by workers over real
 * HTTP from the emulation (orders by POST /v2/orders/search), and read back at the reference's paths: each list
 * valid against the reference's published schema, holding what the emulation served to the connection's token,
 * and the store's records pointing at one another.
 */
import { SQUARE_API_VERSION } from '@linkway/connectors'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, type EmulatedEndpoints } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../app-services.js'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'
import { revokeTokensOf, type RevokeTokensJob } from '../connections/index.js'

/** A record as JSON, Linkway's or Square's. */
type Json = Record<string, any>

/** Each list data type: the reference's list schema, and the Square list (path and array) it is read from. */
const LISTS = [
  { dataType: 'commerce-customers', listSchema: 'Customers', path: '/v2/customers', listName: 'customers' },
  { dataType: 'commerce-locations', listSchema: 'Locations', path: '/v2/locations', listName: 'locations' },
  { dataType: 'commerce-payments', listSchema: 'Payments', path: '/v2/payments', listName: 'payments' },
  { dataType: 'commerce-disputes', listSchema: 'Disputes', path: '/v2/disputes', listName: 'disputes' },
  { dataType: 'commerce-products', listSchema: 'Products', path: '/v2/catalog/list?types=ITEM', listName: 'objects' },
  { dataType: 'commerce-productCategories', listSchema: 'ProductCategories', path: '/v2/catalog/list?types=CATEGORY', listName: 'objects' },
  { dataType: 'commerce-taxComponents', listSchema: 'TaxComponents', path: '/v2/catalog/list?types=TAX', listName: 'objects' },
] as const

/** Read location by location: every location's payments, not only the main one's. */
const PAYMENTS_PATH = '/v2/payments'

/** Money compared in the smallest unit. */
const cents = (amount: number): number => Math.round(amount * 100)

async function get(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

function location(response: Response): string {
  const value = response.headers.get('location')
  if (!value) throw new Error(`expected a redirect, got ${response.status}`)
  return value
}

/**
 * The seller's currencies the sync runs in: a UK seller charges VAT, so that its INCLUSIVE taxes are there to check;
 * a US one collects no sales tax, so that untaxed orders are read too.
 */
const CURRENCIES = ['GBP', 'USD'] as const

describe.each(testedBackends().flatMap((backend) => CURRENCIES.map((currency) => [backend, currency] as const)))('Square’s commerce data types through its emulation, on %s, a %s seller', (backend, currency) => {
  let h: SyncHarness
  let workers: SyncWorkers
  let emulated: EmulatedEndpoints
  let companyId: string
  let connectionId: string
  let history: Json[]
  /** Every record of each Square list, as the emulation served it to the connection's token. */
  const wire = new Map<string, Json[]>()

  const pathOf = (dataType: string) => `/companies/${companyId}/connections/${connectionId}/data/${dataType}`

  async function stored(dataType: string): Promise<Json[]> {
    const page = await h.api('GET', `${pathOf(dataType)}?pageSize=2000`)
    expect(page.statusCode, page.body).toBe(200)
    return page.json().results as Json[]
  }

  /** Every page of a Square call, with the connection's own token, following `cursor`. */
  async function served(path: string, listName: string, body?: Json): Promise<Json[]> {
    return await workers.services.vault.withAccessToken(connectionId, async (token) => {
      const records: Json[] = []
      let cursor: string | undefined
      do {
        const url = new URL(`${emulated.square.apiBaseUrl}${path}`)
        if (cursor !== undefined && body === undefined) url.searchParams.set('cursor', cursor)
        const response = await fetch(url, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${token}`, 'square-version': SQUARE_API_VERSION, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify({ ...body, ...(cursor === undefined ? {} : { cursor }) }) }),
        })
        expect(response.status, url.href).toBe(200)
        const page = (await response.json()) as Json
        records.push(...((page[listName] ?? []) as Json[]))
        cursor = page['cursor']
      } while (cursor !== undefined)
      return records
    })
  }

  beforeAll(async () => {
    h = await createSyncHarness(backend, {
      catalogue: (sandboxUrl) => {
        emulated = emulatedEndpoints(sandboxUrl)
        const { square } = emulated
        return createPlatformCatalogue({ sandboxUrl, endpointOverrides: { zsth: { authorizeUrl: square.authorizeUrl, tokenUrl: square.tokenUrl, revokeUrl: square.revokeUrl, apiBaseUrl: square.apiBaseUrl } } })
      },
    })
    h.sandbox.admin.registerClient({ clientId: 'sq0idp-linkway', clientSecret: 'sq0csp-linkway-secret', redirectUris: [`${h.t.url}/link/oauth/callback`] })
    h.sandbox.admin.setBaseCurrency('square', currency)
    expect((await h.api('PUT', '/integrations/zsth/credentials', { clientId: 'sq0idp-linkway', clientSecret: 'sq0csp-linkway-secret' })).statusCode).toBe(200)
    // More customers and payments than a page of 50 holds, and more locations than one search names (10).
    h.sandbox.admin.setDatasetSize('square', 'customers', 120)
    h.sandbox.admin.setDatasetSize('square', 'locations', 12)
    workers = await h.startWorkers({ pageSize: 50, concurrency: 3 })

    companyId = (await h.api('POST', '/companies', { name: 'Square company' })).json().id
    const created = await h.api('POST', `/companies/${companyId}/connections`, { platformKey: 'zsth' })
    expect(created.statusCode, created.body).toBe(200)
    connectionId = created.json().id
    expect((await get(await approveConsent(location(await get(created.json().linkUrl))))).status).toBe(200)
    history = await h.waitForSyncs(companyId, { timeoutMs: 60_000 })

    for (const { path, listName } of LISTS) if (path !== PAYMENTS_PATH) wire.set(path, await served(path, listName))
    wire.set('refunds', await served('/v2/refunds?begin_time=2000-01-01T00:00:00Z', 'refunds'))
    const locationIds = wire.get('/v2/locations')!.map((location) => location['id'])
    const orders: Json[] = []
    for (let start = 0; start < locationIds.length; start += 10) orders.push(...(await served('/v2/orders/search', 'orders', { location_ids: locationIds.slice(start, start + 10) })))
    wire.set('orders', orders)
    // ListPayments answers one location a call (the main one without location_id): what the seller has is every location's.
    const payments: Json[] = []
    for (const location of locationIds) payments.push(...(await served(`/v2/payments?begin_time=2000-01-01T00:00:00Z&location_id=${location}`, 'payments')))
    wire.set(PAYMENTS_PATH, payments)
  }, 90_000)
  afterAll(async () => {
    h?.sandbox.admin.setBaseCurrency('square', null)
    await h?.close()
  })

  it('syncs every data type Linkway reads from Square; transactions, which it does not read, end NotSupported', () => {
    expect(history.map((dataset) => [dataset['dataType'], dataset['status']]).sort()).toEqual([
      ...['commerce-companyInfo', 'commerce-customers', 'commerce-disputes', 'commerce-locations', 'commerce-orders', 'commerce-paymentMethods', 'commerce-payments', 'commerce-productCategories', 'commerce-products', 'commerce-taxComponents'].map((dataType) => [dataType, 'Complete']),
      ['commerce-transactions', 'NotSupported'],
    ])
  })

  it.each(LISTS)('$dataType: valid against the reference’s $listSchema, one record for each object Square served', async ({ dataType, listSchema, path }) => {
    const page = await h.api('GET', `${pathOf(dataType)}?pageSize=2000`)
    expect(referenceShapeErrors(page.json(), 'Codat-Commerce.json', listSchema)).toEqual([])
    // Payments are Square's payments and then its refunds, as negative payments.
    const objects = dataType === 'commerce-payments' ? [...wire.get(path)!, ...wire.get('refunds')!] : wire.get(path)!
    expect(objects.length).toBeGreaterThan(0)
    expect((page.json().results as Json[]).map((record) => record['id']).sort()).toEqual(objects.map((object) => object['id']).sort())
  })

  it('reads the payments of every location, not only the main one’s, and the ways they were paid', async () => {
    const served = wire.get(PAYMENTS_PATH)!
    expect(new Set(served.map((payment) => payment['location_id'])).size).toBeGreaterThan(1)
    const stored = new Map((await h.api('GET', `${pathOf('commerce-payments')}?pageSize=2000`)).json().results.map((payment: Json) => [payment['id'], payment]))
    for (const payment of served) expect(stored.get(payment['id']), payment['id']).toMatchObject({ amount: payment['total_money']['amount'] / 100 })
    const methods = (await h.api('GET', `${pathOf('commerce-paymentMethods')}?pageSize=2000`)).json().results.map((method: Json) => method['id'])
    expect(methods.sort()).toEqual([...new Set(served.map((payment) => (payment['source_type'] === 'EXTERNAL' ? `EXTERNAL:${payment['external_details']['source']}` : payment['source_type'])))].sort())
  })

  it('reads the seller as companyInfo, valid against the reference', async () => {
    const merchant = await workers.services.vault.withAccessToken(connectionId, async (token) => {
      const response = await fetch(`${emulated.square.apiBaseUrl}/v2/merchants/me`, { headers: { authorization: `Bearer ${token}` } })
      return ((await response.json()) as Json)['merchant'] as Json
    })
    const info = await h.api('GET', pathOf('commerce-info'))
    expect(info.statusCode, info.body).toBe(200)
    expect(referenceShapeErrors(info.json(), 'Codat-Commerce.json', 'CompanyInfo')).toEqual([])
    expect(info.json()).toMatchObject({ companyName: merchant['business_name'], commercePlatformRef: merchant['id'], baseCurrency: merchant['currency'] })
    // The token response's seller, kept on the connection (its revocation names it).
    expect((await h.api('GET', `/companies/${companyId}/connections/${connectionId}`)).json()).toMatchObject({ status: 'Linked', connectionInfo: { merchant_id: merchant['id'] } })
  })

  it('reads every order of every location, its money from the smallest unit, valid against the reference', async () => {
    const page = await h.api('GET', `${pathOf('commerce-orders')}?pageSize=2000`)
    expect(referenceShapeErrors(page.json(), 'Codat-Commerce.json', 'Orders')).toEqual([])
    const orders = new Map((page.json().results as Json[]).map((order) => [order['id'], order]))
    const served = wire.get('orders')!
    const payments = wire.get(PAYMENTS_PATH)!
    const storedPayments = new Map((await stored('commerce-payments')).map((payment) => [payment['id'], payment]))
    const seen = new Set<string>()
    expect(served.length).toBe(120)
    expect(new Set(served.map((raw) => raw['location_id'])).size).toBeGreaterThan(10)
    expect([...orders.keys()].sort()).toEqual(served.map((raw) => raw['id']).sort())
    expect(served.some((raw) => raw['refunds'].length > 0) && served.some((raw) => raw['service_charges'].length > 0)).toBe(true)
    for (const raw of served) {
      const order = orders.get(raw['id'])
      const refunded = (raw['refunds'] as Json[]).reduce((sum, refund) => sum + refund['amount_money']['amount'], 0)
      // Square's total is what is collected, the tip too; the reference's totalAmount leaves gratuities out, to totalGratuity.
      const tip = raw['total_tip_money']['amount']
      if (tip > 0) seen.add('tip')
      expect(order, raw['id']).toMatchObject({
        orderNumber: raw['reference_id'],
        currency: raw['total_money']['currency'],
        totalAmount: (raw['total_money']['amount'] - tip) / 100,
        totalGratuity: tip / 100,
        totalTaxAmount: raw['total_tax_money']['amount'] / 100,
        totalRefund: -refunded / 100 || 0,
        locationRef: { id: raw['location_id'] },
      })
      // The reference's prices and discounts exclude tax. A line with an INCLUSIVE tax has it in its base price and in its
      // discount: without a discount, its unit price is the base less the line's tax per unit, which with the tax comes
      // back to the base to the cent; with one, the base by its rate, base / (1 + rate), and the discount likewise.
      const taxes = new Map((raw['taxes'] as Json[]).map((tax) => [tax['uid'], tax]))
      let netDiscount = 0
      ;(raw['line_items'] as Json[]).forEach((line, position) => {
        const read = (order!['orderLineItems'] as Json[])[position]!
        const rate = (line['applied_taxes'] as Json[]).reduce((sum, applied) => sum + (taxes.get(applied['tax_uid'])?.['type'] === 'INCLUSIVE' ? Number(taxes.get(applied['tax_uid'])!['percentage']) / 100 : 0), 0)
        const base = line['base_price_money']['amount']
        const discount = line['total_discount_money']['amount']
        netDiscount += discount / (1 + rate)
        if (rate === 0) return expect(read['unitPrice'], read['id']).toBe(base / 100)
        seen.add('inclusive tax')
        // The tax is in the line's total, not on top of it.
        expect(line['total_money']['amount'], read['id']).toBe(Number(line['quantity']) * base - discount)
        if (discount > 0) {
          seen.add('inclusive tax with a discount')
          return expect(read['unitPrice'], read['id']).toBeCloseTo(base / 100 / (1 + rate), 4)
        }
        expect(Math.round(read['unitPrice'] * Number(line['quantity']) * 100) + line['total_tax_money']['amount'], read['id']).toBe(Number(line['quantity']) * base)
        seen.add('inclusive unit price without tax')
      })
      expect(order!['totalDiscount'], raw['id']).toBeCloseTo(netDiscount / 100, 4)
      // What the customer pays: the lines with their tax and discount, the service charges with theirs, and the tip.
      const lines = (order!['orderLineItems'] as Json[]).reduce((sum, line) => sum + cents(line['totalAmount']), 0)
      const charges = ((order!['serviceCharges'] ?? []) as Json[]).reduce((sum, charge) => sum + cents(charge['totalAmount']), 0)
      expect(lines + charges, raw['id']).toBe(cents(order!['totalAmount']))
      expect(lines + charges + tip, raw['id']).toBe(raw['total_money']['amount'])
      // The order's payments, as Linkway stored them: those that took money come to the order's total, the tip in it
      // (Square's total_money = amount_money + tip_money); an order not paid for (open and owing, or cancelled) has none.
      const ofOrder = payments.filter((each) => each['order_id'] === raw['id'])
      const took = ofOrder.filter((payment) => storedPayments.get(payment['id'])!['status'] === 'Paid')
      for (const payment of ofOrder) expect(payment['amount_money']['amount'] + (payment['tip_money']?.['amount'] ?? 0), payment['id']).toBe(payment['total_money']['amount'])
      const isUnpaid = raw['state'] === 'CANCELED' || raw['net_amount_due_money']['amount'] > 0
      if (isUnpaid) expect(took, raw['id']).toEqual([])
      // Paid for and still open: its fulfilment is not done yet.
      if (raw['state'] === 'OPEN' && took.length > 0) expect(raw['fulfillments'][0]['state'], raw['id']).not.toBe('COMPLETED')
      if (took.length > 0) {
        expect(took.reduce((sum, payment) => sum + cents(storedPayments.get(payment['id'])!['amount']), 0), raw['id']).toBe(raw['total_money']['amount'])
        expect(took.reduce((sum, payment) => sum + (payment['tip_money']?.['amount'] ?? 0), 0), raw['id']).toBe(tip)
      }
      if (took.length > 1) seen.add('split tender')
      if (ofOrder.some((payment) => payment['status'] === 'APPROVED')) seen.add('authorized, not captured')
      // Its refund went back through its payments, each giving back at most what it took: Linkway's negative payments
      // for them come to the order's totalRefund.
      const refundsOfOrder = wire.get('refunds')!.filter((refund) => refund['order_id'] === raw['id'])
      for (const payment of took) expect(payment['refunded_money']?.['amount'] ?? 0, payment['id']).toBeLessThanOrEqual(payment['total_money']['amount'])
      if (took.length > 0) {
        expect(refundsOfOrder.reduce((sum, refund) => sum + cents(storedPayments.get(refund['id'])!['amount']), 0) + refunded, raw['id']).toBe(0)
        if (refundsOfOrder.length > 1) seen.add('refund spread over a split tender')
      }
    }
    // Taxes in the prices wherever the order can show them, where tax is charged (a UK seller's VAT).
    const untaxed = ['authorized, not captured', 'split tender', 'tip']
    const taxed = ['inclusive tax', 'inclusive tax with a discount', 'inclusive unit price without tax']
    // A refunded order (1 in 8) with several payments is in about 19 runs in 20 (the grant's seed is random): checked
    // above when there, not required. Its refunds are negative payments as a single payment's are; sharesOfPayments
    // is tested on its own (order-totals.test.ts).
    seen.delete('refund spread over a split tender')
    expect([...seen].sort()).toEqual((currency === 'USD' ? untaxed : [...untaxed, ...taxed]).sort())
  })

  it('keeps the store coherent: order lines’ variants and taxes, payments’ methods and disputes’ payments are records that exist', async () => {
    const variants = new Set((await stored('commerce-products')).flatMap((product) => (product['variants'] as Json[]).map((variant) => variant['id'])))
    const components = new Map((await stored('commerce-taxComponents')).map((component) => [component['id'], component]))
    const customers = new Set((await stored('commerce-customers')).map((customer) => customer['id']))
    for (const order of await stored('commerce-orders')) {
      if (order['customerRef'] !== undefined) expect(customers.has(order['customerRef']['id']), order['id']).toBe(true)
      for (const line of order['orderLineItems'] as Json[]) {
        if (line['productVariantRef'] !== undefined) expect(variants.has(line['productVariantRef']['id']), line['id']).toBe(true)
        for (const tax of line['taxes'] ?? []) {
          const component = components.get(tax['taxComponentRef']['id'])
          expect(component, line['id']).toBeDefined()
          // The component's rate on the line's net amount is the tax its allocation carries.
          expect(Math.abs(cents(line['totalAmount'] - line['totalTaxAmount']) * component!['rate'] - cents(tax['rate']))).toBeLessThanOrEqual(1)
        }
      }
    }

    const methods = await h.api('GET', `${pathOf('commerce-paymentMethods')}?pageSize=2000`)
    expect(referenceShapeErrors(methods.json(), 'Codat-Commerce.json', 'PaymentMethods')).toEqual([])
    const methodById = new Map((methods.json().results as Json[]).map((method) => [method['id'], method]))
    const payments = await stored('commerce-payments')
    expect(new Set(payments.map((payment) => payment['paymentMethodRef']['id']))).toEqual(new Set(methodById.keys()))
    // A refund is a negative payment of its refund's amount.
    const refunds = wire.get('refunds')!
    expect(refunds.length).toBeGreaterThan(0)
    const paymentById = new Map(payments.map((payment) => [payment['id'], payment]))
    for (const refund of refunds) expect(paymentById.get(refund['id']), refund['id']).toMatchObject({ amount: -refund['amount_money']['amount'] / 100, currency: refund['amount_money']['currency'] })
    const paymentIds = new Set(payments.map((payment) => payment['id']))
    for (const dispute of await stored('commerce-disputes')) for (const disputed of dispute['disputedTransactions']) expect(paymentIds.has(disputed['id']), dispute['id']).toBe(true)
  })

  // Last: it ends the connection the tests above read.
  it('revokes the seller’s grant at Square when the connection is deleted, by Square’s own revocation call', async () => {
    const live = () => h.sandbox.admin.listGrants().filter((grant) => grant.platform === 'square' && !grant.isRevoked)
    expect(live()).toHaveLength(1)
    expect((await h.api('DELETE', `/companies/${companyId}/connections/${connectionId}`)).statusCode).toBe(200)
    // The connection.revoke job, run here as its worker would (these workers run syncs only).
    const job = (await sql<{ data: RevokeTokensJob }>`select data from pgboss.job where name = 'connection.revoke' order by created_on desc limit 1`.execute(h.t.database.db)).rows[0]!
    expect(job.data).toMatchObject({ connectionId, values: { merchant_id: expect.stringMatching(/^ML/) } })
    const services = createAppServices(h.t.deps)
    expect(await revokeTokensOf(job.data, { database: h.t.database, catalogue: h.t.deps.catalogue, secrets: h.t.secrets, credentials: services.credentials, clock: h.t.clock })).toBe('revoked')
    expect(live()).toEqual([])
  })
})
