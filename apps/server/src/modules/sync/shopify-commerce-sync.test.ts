/**
 * Shopify's commerce data types end to end: a shop linked through the Shopify emulation's consent page, every
 * commerce data type synced by workers over real HTTP from the emulation's Admin API, and read back at the
 * reference's paths: each list valid against the reference's published schema, holding what the emulation served
 * to the connection's token, and the store's records pointing at one another.
 */
import { SHOPIFY_API_VERSION } from '@linkway/connectors'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, type EmulatedEndpoints } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'

const SHOP = 'hallam-outfitters'

/** A record as JSON, Linkway's or Shopify's. */
type Json = Record<string, any>

/** Each list data type: the reference's list schema, and the Shopify list (path and array) it is read from. */
const LISTS = [
  { dataType: 'commerce-customers', listSchema: 'Customers', resource: 'customers', listName: 'customers' },
  { dataType: 'commerce-products', listSchema: 'Products', resource: 'products', listName: 'products' },
  { dataType: 'commerce-locations', listSchema: 'Locations', resource: 'locations', listName: 'locations' },
  { dataType: 'commerce-payments', listSchema: 'Payments', resource: 'tender_transactions', listName: 'tender_transactions' },
  { dataType: 'commerce-disputes', listSchema: 'Disputes', resource: 'shopify_payments/disputes', listName: 'disputes' },
] as const

/** Money compared to the cent. */
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
 * The shop's currencies the sync runs in: a UK shop charges VAT at two rates, so that every tax-included variant is
 * there to check; a US one collects no sales tax, so that untaxed orders are read too.
 */
const CURRENCIES = ['GBP', 'USD'] as const

describe.each(testedBackends().flatMap((backend) => CURRENCIES.map((currency) => [backend, currency] as const)))('Shopify’s commerce data types through its emulation, on %s, a %s shop', (backend, currency) => {
  let h: SyncHarness
  let workers: SyncWorkers
  let emulated: EmulatedEndpoints
  let companyId: string
  let connectionId: string
  let history: Json[]
  /** Every record of each Shopify list, as the emulation served it to the connection's token. */
  const wire = new Map<string, Json[]>()

  const pathOf = (dataType: string) => `/companies/${companyId}/connections/${connectionId}/data/${dataType}`

  /** Every record Linkway stored of a data type, in one page. */
  async function stored(dataType: string): Promise<Json[]> {
    const page = await h.api('GET', `${pathOf(dataType)}?pageSize=2000`)
    expect(page.statusCode, page.body).toBe(200)
    return page.json().results as Json[]
  }

  /** Every page of a Shopify list, read with the connection's own token, as the sync read it. */
  async function served(resource: string, listName: string, query = ''): Promise<Json[]> {
    return await workers.services.vault.withAccessToken(connectionId, async (token) => {
      const records: Json[] = []
      for (let url: string | undefined = `${emulated.shopify.apiBaseUrl.replace('{shop}', SHOP)}/${resource}.json?limit=250${query}`; url !== undefined; ) {
        const response = await fetch(url, { headers: { accept: 'application/json', 'x-shopify-access-token': token } })
        expect(response.status, url).toBe(200)
        records.push(...(((await response.json()) as Json)[listName] as Json[]))
        url = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1]
      }
      return records
    })
  }

  beforeAll(async () => {
    h = await createSyncHarness(backend, {
      catalogue: (sandboxUrl) => {
        emulated = emulatedEndpoints(sandboxUrl)
        const { shopify } = emulated
        // The data API at the connector's own version: the emulation refuses any other, as Shopify does.
        return createPlatformCatalogue({ sandboxUrl, endpointOverrides: { fztf: { authorizeUrl: shopify.authorizeUrl, tokenUrl: shopify.tokenUrl, apiBaseUrl: `${shopify.adminUrl}/api/${SHOPIFY_API_VERSION}` } } })
      },
    })
    // The emulation signs its callback at the system's time, which Linkway's clock must be within 90 seconds of.
    h.t.clock.set(new Date())
    h.sandbox.admin.registerClient({ clientId: 'shopify-app', clientSecret: 'shopify-app-secret', redirectUris: [`${h.t.url}/link/oauth/callback`] })
    h.sandbox.admin.setBaseCurrency('shopify', currency)
    expect((await h.api('PUT', '/integrations/fztf/credentials', { clientId: 'shopify-app', clientSecret: 'shopify-app-secret' })).statusCode).toBe(200)
    // 50 a page, so that orders, customers, payments and the balance's transactions take more than one.
    workers = await h.startWorkers({ pageSize: 50, concurrency: 3 })

    // A Shopify connection syncs the commerce data types only, and this test reads every one of them.
    companyId = (await h.api('POST', '/companies', { name: 'Shopify company' })).json().id
    const created = await h.api('POST', `/companies/${companyId}/connections`, { platformKey: 'fztf' })
    expect(created.statusCode, created.body).toBe(200)
    connectionId = created.json().id
    expect((await get(await approveConsent(location(await get(`${created.json().linkUrl}?shop=${SHOP}`))))).status).toBe(200)
    history = await h.waitForSyncs(companyId, { timeoutMs: 60_000 })

    for (const { resource, listName } of LISTS) wire.set(resource, await served(resource, listName))
    wire.set('orders', await served('orders', 'orders', '&status=any'))
    wire.set('custom_collections', await served('custom_collections', 'custom_collections'))
    wire.set('smart_collections', await served('smart_collections', 'smart_collections'))
    wire.set('balance', await served('shopify_payments/balance/transactions', 'transactions'))
  }, 90_000)
  afterAll(async () => {
    h?.sandbox.admin.setBaseCurrency('shopify', null)
    await h?.close()
  })

  it('syncs every commerce data type from the shop', () => {
    expect(history.map((dataset) => [dataset['dataType'], dataset['status']]).sort()).toEqual(
      ['commerce-companyInfo', 'commerce-customers', 'commerce-disputes', 'commerce-locations', 'commerce-orders', 'commerce-paymentMethods', 'commerce-payments', 'commerce-productCategories', 'commerce-products', 'commerce-taxComponents', 'commerce-transactions'].map((dataType) => [dataType, 'Complete']),
    )
  })

  it.each(LISTS)('$dataType: valid against the reference’s $listSchema, one record for each Shopify served', async ({ dataType, listSchema, resource }) => {
    const page = await h.api('GET', `${pathOf(dataType)}?pageSize=2000`)
    expect(referenceShapeErrors(page.json(), 'Codat-Commerce.json', listSchema)).toEqual([])
    const served = wire.get(resource)!
    expect(served.length).toBeGreaterThan(0)
    expect((page.json().results as Json[]).map((record) => record['id']).sort()).toEqual(served.map((record) => String(record['id'])).sort())
  })

  it('reads the shop as companyInfo, valid against the reference', async () => {
    const shop = await workers.services.vault.withAccessToken(connectionId, async (token) => {
      const response = await fetch(`${emulated.shopify.apiBaseUrl.replace('{shop}', SHOP)}/shop.json`, { headers: { 'x-shopify-access-token': token } })
      return ((await response.json()) as Json)['shop'] as Json
    })
    const info = await h.api('GET', pathOf('commerce-info'))
    expect(info.statusCode, info.body).toBe(200)
    expect(referenceShapeErrors(info.json(), 'Codat-Commerce.json', 'CompanyInfo')).toEqual([])
    expect(info.json()).toMatchObject({ companyName: shop['name'], commercePlatformRef: String(shop['id']), baseCurrency: shop['currency'], webLinks: [{ type: 'Website', url: `https://${shop['domain']}` }] })
  })

  it('reads custom and smart collections as product categories, and each product’s variant with its price and stock', async () => {
    const categories = await h.api('GET', `${pathOf('commerce-productCategories')}?pageSize=2000`)
    expect(referenceShapeErrors(categories.json(), 'Codat-Commerce.json', 'ProductCategories')).toEqual([])
    const collections = [...wire.get('custom_collections')!, ...wire.get('smart_collections')!]
    expect(wire.get('smart_collections')!.length).toBeGreaterThan(0)
    expect((categories.json().results as Json[]).map((category) => [category['id'], category['name']]).sort()).toEqual(collections.map((collection) => [String(collection['id']), collection['title']]).sort())

    const products = new Map((await stored('commerce-products')).map((product) => [product['id'], product]))
    for (const raw of wire.get('products')!) {
      const [variant] = raw['variants'] as Json[]
      expect(products.get(String(raw['id'])), String(raw['id'])).toMatchObject({
        name: raw['title'],
        categorization: raw['product_type'],
        variants: [{ id: String(variant!['id']), sku: variant!['sku'], prices: [{ unitPrice: Number(variant!['price']) }], inventory: { totalQuantity: variant!['inventory_quantity'] }, status: raw['status'] === 'active' ? 'Published' : 'Unpublished' }],
      })
    }
  })

  it('reads the balance’s movements, each charge’s fee as a transaction of its own, against orders that exist', async () => {
    const page = await h.api('GET', `${pathOf('commerce-transactions')}?pageSize=2000`)
    expect(referenceShapeErrors(page.json(), 'Codat-Commerce.json', 'Transactions')).toEqual([])
    const transactions = new Map((page.json().results as Json[]).map((transaction) => [transaction['id'], transaction]))
    const orderById = new Map((await stored('commerce-orders')).map((order) => [order['id'], order]))
    const balance = wire.get('balance')!
    const charges = balance.filter((raw) => raw['type'] === 'charge')
    expect(charges.length).toBeGreaterThan(0)
    expect(transactions.size).toBe(balance.length + balance.filter((raw) => Number(raw['fee']) !== 0).length)
    const refundedByOrder = new Map<string, number>()
    for (const raw of balance) {
      const transaction = transactions.get(String(raw['id']))
      expect(transaction, String(raw['id'])).toMatchObject({ subType: raw['type'], totalAmount: Number(raw['amount']), currency: String(raw['currency']).toUpperCase() })
      if (raw['source_order_id'] !== null) expect(orderById.has(transaction!['transactionSourceRef']['id'])).toBe(true)
      const orderId = transaction!['transactionSourceRef']?.['id'] as string
      if (raw['type'] === 'refund') refundedByOrder.set(orderId, (refundedByOrder.get(orderId) ?? 0) + cents(transaction!['totalAmount']))
      if (raw['type'] !== 'charge') continue
      expect(transaction!['type']).toBe('Payment')
      expect(transactions.get(`${raw['id']}-fee`)).toMatchObject({ type: 'PaymentFee', totalAmount: -Number(raw['fee']), transactionSourceRef: transaction!['transactionSourceRef'] })
    }
    // The refunds out of the balance for an order are what its refunds gave back, in full or in part: once, however many payments it had.
    expect(refundedByOrder.size).toBeGreaterThan(0)
    for (const [orderId, refunded] of refundedByOrder) expect(refunded, orderId).toBe(cents(orderById.get(orderId)!['totalRefund']))
  })

  it('keeps the store coherent: payments’ methods, disputes’ orders and order lines’ taxes are records that exist', async () => {
    const methods = await h.api('GET', `${pathOf('commerce-paymentMethods')}?pageSize=2000`)
    expect(referenceShapeErrors(methods.json(), 'Codat-Commerce.json', 'PaymentMethods')).toEqual([])
    const methodById = new Map((methods.json().results as Json[]).map((method) => [method['id'], method]))
    const payments = await stored('commerce-payments')
    expect(new Set(payments.map((payment) => payment['paymentMethodRef']['id']))).toEqual(new Set(methodById.keys()))
    for (const payment of payments) expect(methodById.get(payment['paymentMethodRef']['id'])?.['name']).toBe(payment['paymentMethodRef']['name'])

    const orders = await stored('commerce-orders')
    const orderIds = new Set(orders.map((order) => order['id']))
    for (const dispute of await stored('commerce-disputes')) for (const disputed of dispute['disputedTransactions']) expect(orderIds.has(disputed['id']), dispute['id']).toBe(true)

    const components = await h.api('GET', `${pathOf('commerce-taxComponents')}?pageSize=2000`)
    expect(referenceShapeErrors(components.json(), 'Codat-Commerce.json', 'TaxComponents')).toEqual([])
    const componentById = new Map((components.json().results as Json[]).map((component) => [component['id'], component]))
    const titles = new Set(wire.get('orders')!.flatMap((order) => (order['tax_lines'] as Json[]).map((tax) => tax['title'])))
    // A component for each tax the orders name (a US shop would collect no sales tax: no tax lines, no components).
    expect(new Set(componentById.keys())).toEqual(titles)
    for (const order of orders) {
      for (const line of order['orderLineItems']) {
        for (const tax of line['taxes'] ?? []) {
          const component = componentById.get(tax['taxComponentRef']['id'])
          expect(component, order['id']).toBeDefined()
          // The component's rate on the line's net amount is the tax its allocation carries.
          expect(Math.abs(cents(line['totalAmount'] - line['totalTaxAmount']) * component!['rate'] - cents(tax['rate']))).toBeLessThanOrEqual(1)
        }
      }
    }
  })

  it('reads each order’s discount, shipping, refund and country as Shopify served them, valid against the reference', async () => {
    const page = await h.api('GET', `${pathOf('commerce-orders')}?pageSize=2000`)
    expect(referenceShapeErrors(page.json(), 'Codat-Commerce.json', 'Orders')).toEqual([])
    const orders = new Map((page.json().results as Json[]).map((order) => [order['id'], order]))
    const payments = new Map((await stored('commerce-payments')).map((payment) => [payment['id'], payment]))
    const served = wire.get('orders')!
    const seen = new Set<string>()
    expect(served.some((raw) => Number(raw['total_discounts']) > 0) && served.some((raw) => raw['shipping_lines'].length > 0)).toBe(true)
    // Orders billed to an address, and orders with only a shipping address: the country comes from either.
    expect(served.some((raw) => raw['billing_address'] !== null) && served.some((raw) => raw['billing_address'] === null && raw['shipping_address'] !== null)).toBe(true)
    for (const raw of served) {
      const order = orders.get(String(raw['id']))
      expect(order!['country'], String(raw['id'])).toBe(raw['billing_address']?.['country_code'] ?? raw['shipping_address']?.['country_code'])
      // Only what was given back: a refund attempt that failed gave nothing.
      const refunds = (raw['refunds'] as Json[]).flatMap((refund) => refund['transactions'] as Json[])
      const refunded = refunds.filter((transaction) => transaction['status'] === 'success').reduce((sum, transaction) => sum + cents(Number(transaction['amount'])), 0)
      if (refunds.some((transaction) => transaction['status'] === 'failure')) seen.add('failed refund')
      // The shipping charged is its discounted price; with tax included, the tax is in it, else on top.
      const isTaxIncluded = raw['taxes_included'] === true
      const isDiscountedWithTaxIncluded = isTaxIncluded && cents(Number(raw['total_discounts'])) > 0
      // Shopify's total holds the tip; the reference's totalAmount leaves gratuities out, to its totalGratuity.
      const tip = cents(Number(raw['total_tip_received']))
      expect(order, String(raw['id'])).toMatchObject({ totalAmount: (cents(Number(raw['total_price'])) - tip) / 100, totalGratuity: tip / 100, totalTaxAmount: Number(raw['total_tax']), totalRefund: -refunded / 100 || 0 })
      const tenders = wire.get('tender_transactions')!.filter((tender) => tender['order_id'] === raw['id'])
      if (raw['financial_status'] === 'partially_refunded') {
        // One line came back: its refund is the order's refund, less than the order.
        seen.add('partially refunded')
        expect(refunded).toBeGreaterThan(0)
        expect(refunded).toBeLessThan(cents(order!['totalAmount']))
      }
      if (raw['financial_status'] === 'partially_paid') {
        // Half was paid up front: Shopify's payments for the order, and Linkway's, are the half; the rest is owed.
        seen.add('partially paid')
        const half = cents(Number(raw['total_price'])) - cents(Number(raw['total_outstanding']))
        expect(half).toBeLessThan(cents(Number(raw['total_price'])))
        for (const tender of tenders) expect(cents(payments.get(String(tender['id']))!['amount']), String(tender['id'])).toBe(half)
      }
      if (tip > 0) {
        seen.add('tip')
        // The tip was paid with the order: the payments Shopify lists for it (more than one when the tender was split)
        // come to the total, tip and all, and so do Linkway's.
        if (tenders.length > 0) expect(tenders.reduce((sum, tender) => sum + cents(Number(tender['amount'])), 0), String(raw['id'])).toBe(cents(Number(raw['total_price'])))
        for (const tender of tenders) expect(cents(payments.get(String(tender['id']))!['amount'])).toBe(cents(Number(tender['amount'])))
      }
      // Every discount, the shipping's too.
      if (!isDiscountedWithTaxIncluded) {
        expect(order!['totalDiscount'], String(raw['id'])).toBe(Number(raw['total_discounts']))
        if ((raw['line_items'] as Json[]).some((line) => cents(Number(line['total_discount'])) > 0)) seen.add('line discount, tax not included')
      } else {
        seen.add('discount with tax included')
        // Shopify's discount then holds tax, which the reference's does not: each allocation, a line's or the shipping's,
        // holds its line's rate, allocation × rate / (1 + rate), so without it it is allocation / (1 + rate), which
        // Linkway keeps to four decimals. Lines may be at different rates, and the shipping's discount is one too.
        const netOf = (line: Json) => (line['discount_allocations'] as Json[]).reduce((sum, allocation) => sum + Number(allocation['amount']) / (1 + (line['tax_lines'] as Json[]).reduce((rates, tax) => rates + tax['rate'], 0)), 0)
        const linesNetDiscount = (raw['line_items'] as Json[]).reduce((sum, line) => sum + netOf(line), 0)
        const shippingNetDiscount = (raw['shipping_lines'] as Json[]).reduce((sum, line) => sum + netOf(line), 0)
        expect(order!['totalDiscount'], String(raw['id'])).toBeCloseTo(linesNetDiscount + shippingNetDiscount, 4)
        if (shippingNetDiscount > 0) seen.add('shipping discount with tax included')
        // Net of tax, the lines' prices less their discount are what the lines come to less their tax, to a cent a line.
        const netPrices = (order!['orderLineItems'] as Json[]).reduce((sum, line) => sum + line['unitPrice'] * 100 * line['quantity'], 0)
        const netTotals = (order!['orderLineItems'] as Json[]).reduce((sum, line) => sum + cents(line['totalAmount']) - cents(line['totalTaxAmount']), 0)
        expect(Math.abs(netPrices - linesNetDiscount * 100 - netTotals), String(raw['id'])).toBeLessThanOrEqual((raw['line_items'] as Json[]).length)
      }
      // Lines at two rates (the reduced one on some tax-included orders): each line's tax is its own rate's.
      if (new Set((raw['line_items'] as Json[]).flatMap((line) => (line['tax_lines'] as Json[]).map((tax) => tax['rate']))).size > 1) seen.add('two tax rates')
      const shipping = (raw['shipping_lines'] as Json[]).map((line) => ({
        type: 'Shipping',
        description: line['title'],
        taxAmount: Number(line['tax_lines'][0]?.price ?? 0),
        totalAmount: (cents(Number(line['discounted_price'])) + (isTaxIncluded ? 0 : cents(Number(line['tax_lines'][0]?.price ?? 0)))) / 100,
      }))
      expect(order!['serviceCharges'] ?? []).toMatchObject(shipping)
      if ((raw['shipping_lines'] as Json[]).some((line) => cents(Number(line['discounted_price'])) < cents(Number(line['price'])))) seen.add('shipping discount')
      // A line's total: its price times its quantity less its discounts, which with tax included already holds the tax.
      const lineTotals = (raw['line_items'] as Json[]).map((line) => {
        const paid = line['quantity'] * cents(Number(line['price'])) - cents(Number(line['total_discount']))
        const tax = cents(Number(line['tax_lines'][0]?.price ?? 0))
        return { totalAmount: (isTaxIncluded ? paid : paid + tax) / 100, totalTaxAmount: tax / 100 }
      })
      expect(order!['orderLineItems'], String(raw['id'])).toMatchObject(lineTotals)
      // The reference's unit price excludes tax: with tax included, Shopify's price less the line's tax per unit, which
      // with the tax comes back to what the line was priced at; otherwise Shopify's price as it is.
      ;(raw['line_items'] as Json[]).forEach((line, position) => {
        const read = (order!['orderLineItems'] as Json[])[position]!
        const tax = cents(Number(line['tax_lines'][0]?.price ?? 0))
        if (!isTaxIncluded || tax === 0) return expect(read['unitPrice'], String(line['id'])).toBe(Number(line['price']))
        // A discounted line's tax is the discounted gross's, not its price's: the price is taken net by the rate.
        const rate = Number(line['tax_lines'][0].rate)
        if (cents(Number(line['total_discount'])) > 0) {
          seen.add('discounted unit price without tax')
          return expect(read['unitPrice'], String(line['id'])).toBeCloseTo(Number(line['price']) / (1 + rate), 4)
        }
        expect(Math.round(read['unitPrice'] * line['quantity'] * 100) + tax, String(line['id'])).toBe(line['quantity'] * cents(Number(line['price'])))
        expect(read['unitPrice'], String(line['id'])).toBeCloseTo(Number(line['price']) / (1 + rate), 1)
        seen.add('unit price without tax')
      })
      if (isTaxIncluded) {
        seen.add('tax included')
        // The tax is inside the prices: the lines and shipping come to the total without adding it again.
        expect(cents(order!['totalTaxAmount'])).toBeGreaterThan(0)
      }
      // What the order costs: the lines after their discounts with tax, and the shipping with its tax; the tip is on top.
      const lines = (order!['orderLineItems'] as Json[]).reduce((sum, line) => sum + cents(line['totalAmount']), 0)
      expect(lines + shipping.reduce((sum, charge) => sum + cents(charge.totalAmount), 0)).toBe(cents(order!['totalAmount']))
      expect(cents(order!['totalAmount']) + cents(order!['totalGratuity'])).toBe(cents(Number(raw['total_price'])))
    }
    // Each variant the shop shows: the taxed ones only where tax is charged.
    const untaxed = ['failed refund', 'line discount, tax not included', 'partially paid', 'partially refunded', 'shipping discount', 'tip']
    const taxed = ['discount with tax included', 'discounted unit price without tax', 'shipping discount with tax included', 'tax included', 'two tax rates', 'unit price without tax']
    expect([...seen].sort()).toEqual((currency === 'USD' ? untaxed : [...untaxed, ...taxed]).sort())
  })
})
