import { createHmac } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { CLIENT, postForm, REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'

let sandbox: TestSandbox
let shopify: EmulatedEndpoints['shopify']
beforeAll(async () => {
  sandbox = await startTestSandbox()
  shopify = emulatedEndpoints(sandbox.url).shopify
})
afterAll(async () => {
  await sandbox.close()
})

const forShop = (template: string, shop: string): string => template.replace('{shop}', shop)

function authorizeUrl(shop: string, scope = 'read_orders,read_products'): string {
  const url = new URL(forShop(shopify.authorizeUrl, shop))
  // Shopify's URL has no response_type; PKCE parameters are ignored there, so sending them changes nothing.
  url.search = new URLSearchParams({ client_id: CLIENT.clientId, scope, redirect_uri: REDIRECT_URI, state: 'shop-state', code_challenge: 'ignored', code_challenge_method: 'plain' }).toString()
  return url.href
}

/** Shopify's documented check, written independently of the emulation. */
function isValidShopifyHmac(callback: URL, secret: string): boolean {
  const rest = [...callback.searchParams].filter(([name]) => name !== 'hmac').sort(([a], [b]) => (a < b ? -1 : 1))
  const message = rest.map(([name, value]) => `${name}=${value}`).join('&')
  expect(new URLSearchParams(rest).toString()).toBe(message)
  return createHmac('sha256', secret).update(message).digest('hex') === callback.searchParams.get('hmac')
}

async function installApp(shop: string, scope?: string): Promise<{ access_token: string; scope: string }> {
  const callback = new URL(await approveConsent(authorizeUrl(shop, scope)))
  const response = await fetch(forShop(shopify.tokenUrl, shop), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: callback.searchParams.get('code') }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { access_token: string; scope: string }
}

const api = (shop: string, path: string): string => `${forShop(shopify.apiBaseUrl, shop)}/${path}`

interface ShopifyOrder {
  name: string
  currency: string
  updated_at: string
  closed_at: string | null
  cancelled_at: string | null
  financial_status: string
  fulfillment_status: string | null
  taxes_included: boolean
  total_tax: string
  total_price: string
  tax_lines: Array<{ price: string; rate: number; title: string }>
  line_items: Array<{ price: string; quantity: number; total_discount: string; tax_lines: Array<{ price: string; rate: number; title: string }> }>
  shipping_lines: Array<{ price: string; tax_lines: Array<{ price: string; rate: number; title: string }> }>
  refunds: Array<{ transactions: Array<{ kind: string; status: string; amount: string }> }>
}

describe('the Shopify emulation', () => {
  // A test that pins the shop's currency leaves the next one the currency its seed draws.
  afterEach(() => sandbox.admin.setBaseCurrency('shopify', null))

  it('serves one origin per shop and no revocation endpoint', async () => {
    expect(shopify).toEqual({
      authorizeUrl: `${sandbox.url}/emulate/shopify/shops/{shop}/admin/oauth/authorize`,
      tokenUrl: `${sandbox.url}/emulate/shopify/shops/{shop}/admin/oauth/access_token`,
      apiBaseUrl: `${sandbox.url}/emulate/shopify/shops/{shop}/admin/api/2024-10`,
      adminUrl: `${sandbox.url}/emulate/shopify/shops/{shop}/admin`,
    })
    expect((await postForm(`${sandbox.url}/emulate/shopify/shops/acme-store/admin/oauth/revoke`, { token: 'x' })).status).toBe(404)
  })

  it('refuses a malformed shop name with an error page', async () => {
    for (const shop of ['Acme', '-acme', 'acme_store', 'a'.repeat(62)]) {
      const response = await fetch(authorizeUrl(shop), { redirect: 'manual' })
      expect(response.status, shop).toBe(400)
      expect(await response.text()).toContain('is not a valid shop name')
    }
  })

  it('signs the approve redirect with the documented HMAC', async () => {
    const location = await approveConsent(authorizeUrl('acme-store'))
    const callback = new URL(location)
    expect([...callback.searchParams.keys()]).toEqual(['code', 'hmac', 'host', 'shop', 'state', 'timestamp'])
    expect(callback.searchParams.get('shop')).toBe('acme-store.myshopify.com')
    expect(Buffer.from(callback.searchParams.get('host') ?? '', 'base64').toString()).toBe('acme-store.myshopify.com/admin')
    expect(callback.searchParams.get('timestamp')).toBe(String(Date.parse('2025-03-01T09:00:00Z') / 1000))
    expect(callback.searchParams.get('state')).toBe('shop-state')
    expect(isValidShopifyHmac(callback, CLIENT.clientSecret)).toBe(true)
    expect(isValidShopifyHmac(callback, 'another secret')).toBe(false)

    // A value with a space is signed as Shopify encodes it, `%20`, not a form's `+`.
    const spaced = new URL(await approveConsent(authorizeUrl('acme-store').replace('state=shop-state', 'state=shop%20state')))
    expect(spaced.searchParams.get('state')).toBe('shop state')
    const message = [...spaced.searchParams].filter(([name]) => name !== 'hmac').map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')
    expect(message).toContain('state=shop%20state')
    expect(spaced.searchParams.get('hmac')).toBe(createHmac('sha256', CLIENT.clientSecret).update(message).digest('hex'))
  })

  it('exchanges the code for an offline token: no expiry, no refresh token, comma-separated scope', async () => {
    const callback = new URL(await approveConsent(authorizeUrl('acme-store', 'read_orders,read_customers')))
    const code = callback.searchParams.get('code') ?? ''
    const atOtherShop = await postForm(forShop(shopify.tokenUrl, 'other-shop'), { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code })
    expect(await atOtherShop.json()).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid.' })

    const response = await postForm(forShop(shopify.tokenUrl, 'acme-store'), { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code })
    const body = (await response.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['access_token', 'scope'])
    expect(body['scope']).toBe('read_orders,read_customers')

    sandbox.clock.advanceSeconds(365 * 86_400)
    expect((await fetch(api('acme-store', 'orders.json'), { headers: { 'x-shopify-access-token': body['access_token'] as string } })).status).toBe(200)
    const refresh = await postForm(forShop(shopify.tokenUrl, 'acme-store'), { grant_type: 'refresh_token', refresh_token: 'x', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret })
    expect(await refresh.json()).toMatchObject({ error: 'unsupported_grant_type' })
  })

  it('pages orders with page_info cursors in the Link header', async () => {
    const { access_token: token } = await installApp('acme-store')
    const headers = { 'x-shopify-access-token': token }
    const seen: number[] = []
    let next: string | undefined = api('acme-store', 'orders.json?status=any&limit=50')
    let pages = 0
    while (next !== undefined) {
      const response: Response = await fetch(next, { headers })
      expect(response.status).toBe(200)
      const { orders } = (await response.json()) as { orders: { id: number; total_price: string; line_items: unknown[] }[] }
      seen.push(...orders.map((order) => order.id))
      for (const order of orders) expect(order.total_price).toMatch(/^\d+\.\d{2}$/)
      const link = response.headers.get('link') ?? ''
      if (pages === 1) expect(link).toMatch(/<[^>]+page_info=[^>]+>; rel="previous", <[^>]+page_info=[^>]+>; rel="next"/)
      next = /<([^>]+)>; rel="next"/.exec(link)?.[1]
      if (next !== undefined) expect(next.startsWith(`${sandbox.url}/emulate/shopify/shops/acme-store/admin/api/2024-10/orders.json?limit=50&page_info=`)).toBe(true)
      pages += 1
    }
    expect(pages).toBe(3)
    expect(new Set(seen).size).toBe(120)

    const products = (await (await fetch(api('acme-store', 'products.json?limit=250'), { headers })).json()) as { products: { variants: unknown[] }[] }
    expect(products.products).toHaveLength(40)
    expect((await fetch(api('acme-store', 'orders.json?page_info=garbage'), { headers })).status).toBe(400)
    expect((await fetch(api('acme-store', 'orders.json?limit=251'), { headers })).status).toBe(400)
  })

  it('lists open orders unless status says otherwise, the status carried by the page_info cursor', async () => {
    const { access_token: token } = await installApp('status-store')
    const headers = { 'x-shopify-access-token': token }
    const ordersAt = async (url: string) => {
      const response = await fetch(url, { headers })
      expect(response.status, url).toBe(200)
      return { orders: ((await response.json()) as { orders: ShopifyOrder[] }).orders, next: /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1] }
    }
    const every = async (query: string) => {
      const seen: ShopifyOrder[] = []
      for (let next: string | undefined = api('status-store', `orders.json?${query}`); next !== undefined; ) {
        const page = await ordersAt(next)
        seen.push(...page.orders)
        next = page.next
      }
      return seen
    }
    const all = await every('status=any&limit=250')
    expect(all).toHaveLength(120)
    const isClosed = (order: ShopifyOrder) => order.closed_at !== null
    // Closed exactly when fulfilled, refunded or cancelled; cancelled ones are closed too.
    for (const order of all) expect(isClosed(order), order.name).toBe(order.fulfillment_status === 'fulfilled' || order.financial_status === 'refunded' || order.cancelled_at !== null)
    const open = all.filter((order) => !isClosed(order))
    expect(open.length).toBeGreaterThan(0)
    expect(open.length).toBeLessThan(120)
    // The default, paged by 10 so that the cursor has to carry the filter.
    expect(await every('limit=10')).toEqual(open)
    expect(await every('status=open&limit=250')).toEqual(open)
    expect(await every('status=closed&limit=250')).toEqual(all.filter(isClosed))
    expect(await every('status=cancelled&limit=250')).toEqual(all.filter((order) => order.cancelled_at !== null))

    const since = all[100]!.updated_at
    expect(await every(`status=any&limit=5&updated_at_min=${encodeURIComponent(since)}`)).toEqual(all.slice(100))
    const refused = async (query: string) => {
      const response = await fetch(api('status-store', `orders.json?${query}`), { headers })
      expect(response.status, query).toBe(400)
      return await response.json()
    }
    expect(await refused('status=archived')).toEqual({ errors: 'status must be one of open, closed, cancelled, any.' })
    const cursor = new URL((await ordersAt(api('status-store', 'orders.json?status=any&limit=10'))).next!).searchParams.get('page_info')
    expect(await refused(`page_info=${cursor}&status=any`)).toEqual({ errors: 'page_info cannot be combined with other filters than limit.' })
  })

  it.each(['GBP', 'EUR', 'USD'] as const)('writes taxes as tax_lines, on each line and shipping line and summed on the order, and a refund on a refunded order (a %s shop)', async (currency) => {
    sandbox.admin.setBaseCurrency('shopify', currency)
    const { access_token: token } = await installApp(`tax-store-${currency.toLowerCase()}`)
    const { orders } = (await (await fetch(api(`tax-store-${currency.toLowerCase()}`, 'orders.json?status=any&limit=250'), { headers: { 'x-shopify-access-token': token } })).json()) as { orders: ShopifyOrder[] }
    const rates: Record<string, number> = { GBP: 0.2, EUR: 0.19, USD: 0 }
    const reducedRates: Record<string, number> = { GBP: 0.05, EUR: 0.07 }
    let reducedLines = 0
    for (const order of orders) {
      expect(order.currency).toBe(currency)
      const rate = rates[order.currency]!
      const taxByTitle = new Map<string, { cents: number; rate: number }>()
      // The shipping is taxed at the standard rate; a line at it too, or (with tax included) at the reduced one. Shopify's
      // order tax lines add them up, one a tax.
      for (const [position, line] of [...order.line_items, ...order.shipping_lines].entries()) {
        expect(line).not.toHaveProperty('total_tax')
        // Nothing is taxed where there is no tax, nor free shipping.
        if (rate === 0 || Number(line.price) === 0) expect(line.tax_lines).toEqual([])
        else if (line.tax_lines[0]?.rate === reducedRates[order.currency] && position < order.line_items.length && order.taxes_included) {
          // A tax-included line at the reduced rate: its one tax, titled with the rate, is taken out of what the
          // customer paid for it, gross × rate / (1 + rate), to the cent.
          reducedLines += 1
          const reduced = reducedRates[order.currency]!
          const item = order.line_items[position]!
          const grossCents = item.quantity * Math.round(Number(item.price) * 100) - Math.round(Number(item.total_discount) * 100)
          const standardTitle = order.tax_lines.find((tax) => tax.rate === rate)?.title
          expect(line.tax_lines).toEqual([{ price: (Math.round((grossCents * reduced) / (1 + reduced)) / 100).toFixed(2), rate: reduced, title: `${standardTitle} ${Math.round(reduced * 100)}%` }])
        }
        else expect(line.tax_lines).toEqual([{ price: expect.stringMatching(/^\d+\.\d{2}$/), rate, title: expect.any(String) }])
        for (const tax of line.tax_lines) {
          const seen = taxByTitle.get(tax.title) ?? { cents: 0, rate: tax.rate }
          expect(seen.rate, tax.title).toBe(tax.rate)
          taxByTitle.set(tax.title, { cents: seen.cents + Math.round(Number(tax.price) * 100), rate: tax.rate })
        }
      }
      const tax = [...taxByTitle.values()].reduce((sum, { cents }) => sum + cents, 0)
      expect((tax / 100).toFixed(2)).toBe(order.total_tax)
      expect(order.tax_lines).toEqual([...taxByTitle].map(([title, { cents, rate }]) => ({ price: (cents / 100).toFixed(2), rate, title })))
      // Given back in full, in one refund (a first attempt may have failed), or in part; otherwise not at all.
      const refunded = order.refunds.flatMap((refund) => refund.transactions).filter((transaction) => transaction.status === 'success')
      if (order.financial_status === 'partially_refunded') expect(refunded).toEqual([{ kind: 'refund', status: 'success', amount: expect.any(String) }])
      else expect(refunded).toEqual(order.financial_status === 'refunded' ? [{ kind: 'refund', status: 'success', amount: order.total_price }] : [])
    }
    // Some lines at the reduced rate where there is one (in the UK and Germany), none where nothing is taxed.
    expect(reducedLines > 0).toBe(currency !== 'USD')
  })

  it('shows some orders with prices including tax, some shipping discounted, some pending orders authorized', async () => {
    // A UK shop, which charges VAT: with prices including it on the orders that can show them.
    sandbox.admin.setBaseCurrency('shopify', 'GBP')
    const { access_token: token } = await installApp('variant-store')
    const { orders } = (await (await fetch(api('variant-store', 'orders.json?status=any&limit=250'), { headers: { 'x-shopify-access-token': token } })).json()) as { orders: Array<Record<string, any>> }
    const cents = (amount: string) => Math.round(Number(amount) * 100)
    for (const order of orders) {
      const shipping = order['shipping_lines'] as Array<Record<string, any>>
      const lines = order['line_items'] as Array<Record<string, any>>
      const lineTax = lines.reduce((sum, line) => sum + cents(line['tax_lines'][0]?.price ?? '0'), 0)
      const shippingTax = shipping.reduce((sum, line) => sum + cents(line['tax_lines'][0]?.price ?? '0'), 0)
      const linesPaid = lines.reduce((sum, line) => sum + line['quantity'] * cents(line['price']) - cents(line['total_discount']), 0)
      const shippingPaid = shipping.reduce((sum, line) => sum + cents(line['discounted_price']), 0)
      // Tax included: the prices are what the customer pays, tax and all; otherwise tax is on top of them. A tip is on top of both.
      const tip = cents(order['total_tip_received'])
      if (order['taxes_included']) expect(linesPaid + shippingPaid + tip, String(order['id'])).toBe(cents(order['total_price']))
      else expect(linesPaid + lineTax + shippingPaid + shippingTax + tip, String(order['id'])).toBe(cents(order['total_price']))
      // A tip is left with a payment, so only on an order paid for.
      if (tip > 0) expect(['paid', 'partially_refunded'], String(order['id'])).toContain(order['financial_status'])
      // The lines after their discounts, before shipping: with tax included, their tax is in it.
      expect(cents(order['subtotal_price'])).toBe(linesPaid)
      // Every discount is in total_discounts: the lines' and the shipping's.
      const shippingDiscount = shipping.reduce((sum, line) => sum + cents(line['price']) - cents(line['discounted_price']), 0)
      expect(cents(order['total_discounts'])).toBe(lines.reduce((sum, line) => sum + cents(line['total_discount']), 0) + shippingDiscount)
      for (const line of shipping) expect(line['discount_allocations'].reduce((sum: number, allocation: Record<string, any>) => sum + cents(allocation['amount']), 0)).toBe(cents(line['price']) - cents(line['discounted_price']))
    }
    expect(orders.some((order) => order['taxes_included'])).toBe(true)
    expect(orders.some((order) => !order['taxes_included'])).toBe(true)
    expect(orders.some((order) => order['shipping_lines'].some((line: Record<string, any>) => cents(line['discounted_price']) < cents(line['price'])))).toBe(true)
    expect(orders.some((order) => cents(order['total_tip_received']) > 0)).toBe(true)
    expect(new Set(orders.map((order) => order['financial_status']))).toEqual(new Set(['pending', 'authorized', 'paid', 'partially_paid', 'refunded', 'partially_refunded', 'voided']))
  })

  it('refunds part of some orders and takes part payment for others; every order and every sale reconciles', async () => {
    const cents = (amount: string | number) => Math.round(Number(amount) * 100)
    const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0)
    const seen = new Set<string>()
    const expected = ['partial refund paid out', 'partially paid', 'refund in the balance', 'refund spread over a split tender', 'split tender']
    // Which payments reach the balance's refund or payout depends on the shop's generated history: a few shops show each.
    for (let shop = 0; shop < 40 && seen.size < expected.length; shop++) {
      const name = `partial-store-${shop}`
      const { access_token: token } = await installApp(name, 'read_orders,read_locations,read_shopify_payments_payouts,read_shopify_payments_disputes')
      // Every page: a shop's balance lists up to three movements a payment, more than one page may hold.
      const read = async (path: string, list: string) => {
        const records: Array<Record<string, any>> = []
        for (let url: string | undefined = api(name, path); url !== undefined; ) {
          const response = await fetch(url, { headers: { 'x-shopify-access-token': token } })
          records.push(...((await response.json()) as Record<string, Array<Record<string, any>>>)[list]!)
          url = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1]
        }
        return records
      }
      const orders = new Map((await read('orders.json?status=any&limit=250', 'orders')).map((order) => [order['id'], order]))
      const locationIds = new Set((await read('locations.json?limit=250', 'locations')).map((location) => location['id']))
      const tenders = await read('tender_transactions.json?limit=250', 'tender_transactions')
      const balance = await read('shopify_payments/balance/transactions.json?limit=250', 'transactions')
      const tendersOf = (orderId: unknown) => tenders.filter((tender) => tender['order_id'] === orderId).map((tender) => cents(tender['amount']))
      const refundedOf = (order: Record<string, any>) =>
        sum((order['refunds'] as Array<Record<string, any>>).flatMap((refund) => refund['transactions'] as Array<Record<string, any>>).filter((transaction) => transaction['status'] === 'success').map((transaction) => cents(transaction['amount'])))
      // A chargeback is for at most what its payment charged: the half of a partially paid order, a share of a split tender.
      for (const dispute of await read('shopify_payments/disputes.json?limit=250', 'disputes')) {
        expect(cents(dispute['amount'])).toBeLessThanOrEqual(Math.max(...tendersOf(dispute['order_id'])))
      }
      for (const order of orders.values()) {
        const total = cents(order['total_price'])
        const outstanding = cents(order['total_outstanding'])
        const paid = tendersOf(order['id'])
        const status = order['financial_status'] as string
        if (paid.length > 1) seen.add('split tender')
        // Nothing was captured before payment or after a void: no tender, all of it outstanding.
        if (['pending', 'authorized', 'voided'].includes(status)) expect({ paid, outstanding }, String(order['id'])).toEqual({ paid: [], outstanding: total })
        // What was taken, with what is owed, is the order's total; an order whose payment is not in the list owes nothing.
        else if (paid.length > 0) expect(sum(paid) + outstanding, String(order['id'])).toBe(total)
        else expect(outstanding, String(order['id'])).toBe(0)
        if (status === 'partially_paid') {
          // Half paid up front by one payment, the rest owed.
          seen.add('partially paid')
          expect(paid).toEqual([Math.round(total / 2)])
        }
        if (status === 'partially_refunded') {
          // One line came back: the refund is that line's subtotal and tax, less than the order, and it went back into stock where the order was placed.
          const [refundLine] = order['refunds'][0]['refund_line_items'] as Array<Record<string, any>>
          const line = (order['line_items'] as Array<Record<string, any>>).find((each) => each['id'] === refundLine!['line_item_id'])!
          expect(refundLine!['quantity']).toBe(line['quantity'])
          if (refundLine!['restock_type'] === 'return') {
            // Back into stock at the order's own location, one the shop lists.
            expect(locationIds, String(order['id'])).toContain(refundLine!['location_id'])
            expect(String(refundLine!['location_id']), String(order['id'])).toBe(order['location_id'])
          } else expect(refundLine).toMatchObject({ restock_type: 'no_restock', location_id: null })
          expect(cents(refundLine!['subtotal']) + (order['taxes_included'] ? 0 : cents(refundLine!['total_tax']))).toBe(refundedOf(order))
          expect(refundedOf(order)).toBeGreaterThan(0)
          expect(refundedOf(order)).toBeLessThan(total)
          expect(outstanding).toBe(0)
        }
      }
      // The balance, sale by sale: a charge (its fee on it), its refund, the payout of the rest; a transfer is no sale's.
      const sales: Array<{ orderId: unknown; charge: number; fee: number; refunds: number[]; payouts: number[] }> = []
      let sale: (typeof sales)[number] | undefined
      for (const movement of balance) {
        if (movement['type'] === 'charge') {
          sale = { orderId: movement['source_order_id'], charge: cents(movement['amount']), fee: cents(movement['fee']), refunds: [], payouts: [] }
          sales.push(sale)
          // A charge is what one of its order's tenders took, tip and all.
          expect(tendersOf(sale.orderId), String(movement['id'])).toContain(sale.charge)
        } else if (movement['type'] === 'refund') {
          expect(movement['source_order_id']).toBe(sale!.orderId)
          sale!.refunds.push(-cents(movement['amount']))
        } else if (movement['type'] === 'payout') sale!.payouts.push(-cents(movement['amount']))
        else sale = undefined
      }
      // Every tender that took money was charged once in the balance: an order's charges are its tenders.
      const sorted = (amounts: number[]) => [...amounts].sort((a, b) => a - b)
      for (const orderId of new Set([...tenders.map((tender) => tender['order_id']), ...sales.map((each) => each.orderId)])) {
        expect(sorted(sales.filter((each) => each.orderId === orderId).map((each) => each.charge)), String(orderId)).toEqual(sorted(tendersOf(orderId)))
      }
      for (const { orderId, charge, fee, refunds, payouts } of sales) {
        // Every sale is paid out once and ends at nothing: charge − fee − refund = payout.
        expect(payouts, String(orderId)).toHaveLength(1)
        expect(charge - fee - sum(refunds), String(orderId)).toBe(sum(payouts))
        // A payment gives back at most what it took: a split tender's refund is spread over its payments.
        expect(sum(refunds), String(orderId)).toBeLessThanOrEqual(charge)
        if (refunds.length > 0 && sales.filter((each) => each.orderId === orderId && each.refunds.length > 0).length > 1) seen.add('refund spread over a split tender')
        // What a partial refund left is paid out after it.
        if (refunds.length > 0 && payouts.length > 0 && orders.get(orderId)?.['financial_status'] === 'partially_refunded') seen.add('partial refund paid out')
      }
      // An order's refund goes back through the balance once, whichever of its payments it went through.
      for (const [orderId, order] of orders) {
        const refunds = sales.filter((each) => each.orderId === orderId).flatMap((each) => each.refunds)
        if (refunds.length === 0) continue
        seen.add('refund in the balance')
        expect(sum(refunds), String(orderId)).toBe(refundedOf(order))
      }
    }
    expect([...seen].sort()).toEqual(expected)
  })

  it('refuses an Admin API version it does not serve as Shopify does: 404 and {"errors":"Not Found"}', async () => {
    const { access_token: token } = await installApp('version-store')
    const headers = { 'x-shopify-access-token': token }
    expect((await fetch(api('version-store', 'orders.json'), { headers })).status).toBe(200)
    for (const version of ['2024-07', '2023-01', 'unstable', '2024-13']) {
      for (const path of ['orders.json', 'shop.json', 'shopify_payments/disputes.json']) {
        const response = await fetch(`${forShop(shopify.adminUrl, 'version-store')}/api/${version}/${path}`, { headers })
        expect(response.status, `${version}/${path}`).toBe(404)
        expect(await response.json()).toEqual({ errors: 'Not Found' })
      }
    }
  })

  it('keeps tokens to their shop and their scopes', async () => {
    const { access_token: token } = await installApp('acme-store', 'read_orders')
    const elsewhere = await fetch(api('other-shop', 'orders.json'), { headers: { 'x-shopify-access-token': token } })
    expect(elsewhere.status).toBe(401)
    expect(await elsewhere.json()).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' })
    const unscoped = await fetch(api('acme-store', 'products.json'), { headers: { 'x-shopify-access-token': token } })
    expect(unscoped.status).toBe(403)
    expect((await fetch(api('acme-store', 'orders.json'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)

    sandbox.admin.rateLimitNextApiCalls('shopify', 1, 2)
    const limited = await fetch(api('acme-store', 'orders.json'), { headers: { 'x-shopify-access-token': token } })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('2')
  })
})
