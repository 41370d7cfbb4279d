/**
 * @module Shopify, emulated: one origin per shop (`/emulate/shopify/shops/{shop}`), comma-separated
 * scopes, no PKCE, an HMAC-signed approve redirect, an `access_token` exchange answering
 * `{ access_token, scope }` with an offline token that never expires and cannot be refreshed,
 * and the REST Admin API's `shop.json` and lists: `orders.json` (open orders unless `status` says
 * otherwise), `products.json`, `customers.json`, `custom_collections.json`, `smart_collections.json`
 * (with `updated_at_min`), `tender_transactions.json` (with `processed_at_min`), `locations.json`,
 * `shopify_payments/balance/transactions.json` and `shopify_payments/disputes.json`; `fields` picks
 * the fields answered, cursor pagination in a `Link` header, the `X-Shopify-Access-Token` header.
 */
import { createHmac } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authorizeApiCall, generationContextOf, type ApiRefusal } from '../api-access.js'
import { pathForShop } from '../authorization-request.js'
import { isoWithOffset, parseIsoDate } from '../date-formats.js'
import {
  commerceCompany,
  commercePayments,
  disputes,
  locations,
  orders,
  orderTaxRateOf,
  orderWithTipCentsOf,
  paymentIndexesOfOrder,
  processingFeeOf,
  productCategories,
  products,
  sharesOfPayments,
  shoppers,
  type CommercePayment,
  type Dispute,
  type Location,
  type Order,
  type Product,
  type ProductCategory,
  type Shopper,
} from '../datasets/index.js'
import { TAX_RATES } from '../datasets/record-parts.js'
import { ListDataset, selectFiltered, type Currency, type GenerationContext } from '../generated-data.js'
import { shopOf } from '../oauth-server.js'
import type { PlatformDefinition } from '../platform-definition.js'
import type { SandboxDeps } from '../sandbox-deps.js'
import { atRate, grossLinesOf, netLinesOf, type ShownLine } from './tax-included-prices.js'

const BASE = '/emulate/shopify/shops/:shop'
/** A shop's admin: the Admin API's versions sit under it at `api/{version}`. */
export const SHOPIFY_ADMIN_PATH = `${BASE}/admin`
/** The one Admin API version served: the one whose REST resources the emulation's answers were checked against. */
export const SHOPIFY_API_VERSION = '2024-10'
const DEFAULT_LIMIT = 50
const MAX_LIMIT = 250

export const shopifyPlatform: PlatformDefinition = {
  key: 'shopify',
  displayName: 'Shopify (emulated)',
  family: 'commerce',
  paths: {
    authorize: `${BASE}/admin/oauth/authorize`,
    decision: `${BASE}/admin/oauth/authorize/decision`,
    token: `${BASE}/admin/oauth/access_token`,
    apiBase: `${SHOPIFY_ADMIN_PATH}/api/${SHOPIFY_API_VERSION}`,
  },
  scopes: {
    read_orders: 'View orders, transactions and fulfilments',
    read_products: 'View products, variants and collections',
    read_customers: 'View customer details',
    read_locations: 'View locations',
    read_shopify_payments_payouts: 'View Shopify Payments payouts and balance transactions',
    read_shopify_payments_disputes: 'View Shopify Payments disputes',
  },
  scopeSeparator: ',',
  pkce: 'ignored',
  requiresResponseType: false,
  clientAuthentication: ['client_secret_post'],
  refreshTokens: 'never',
  accessTokensExpire: false,
  defaultGrantType: 'authorization_code',
  tokenRequiresRedirectUri: false,
  shopPattern: /^[a-z0-9][a-z0-9-]{0,60}$/,
  callbackParameters: (base, { grant, client, now }) => {
    const shop = `${grant.shop ?? ''}.myshopify.com`
    const unsigned: Record<string, string> = {
      ...base,
      // Shopify's host is the admin's URL base64-encoded, without padding.
      host: Buffer.from(`${shop}/admin`).toString('base64').replace(/=+$/, ''),
      shop,
      timestamp: String(Math.floor(now.getTime() / 1000)),
    }
    return Object.fromEntries(Object.entries({ ...unsigned, hmac: shopifyHmac(unsigned, client.clientSecret) }).sort(([a], [b]) => compareNames(a, b)))
  },
  presentTokens: (tokens) => ({ access_token: tokens.accessToken, scope: tokens.scopes.join(',') }),
  datasets: { orders: 120, products: 40, customers: 60 },
}

/**
 * Shopify's callback signature: hex HMAC-SHA256, keyed with the client secret, of the other
 * parameters sorted by name and joined as a URL-encoded query string (`name=value&…`) with spaces
 * as `%20`, as Shopify's own libraries rebuild it. `hmac` and `signature` are never part of the message.
 */
export function shopifyHmac(parameters: Readonly<Record<string, string>>, clientSecret: string): string {
  const signed = Object.entries(parameters)
    .filter(([name]) => name !== 'hmac' && name !== 'signature')
    .sort(([a], [b]) => compareNames(a, b))
  // URLSearchParams writes a space as `+`, which is not how Shopify encodes it.
  return createHmac('sha256', clientSecret).update(new URLSearchParams(signed).toString().replaceAll('+', '%20')).digest('hex')
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

interface Resource<T> {
  dataset: ListDataset<T>
  scope: string
  /** The answer's array; the resource's last path segment when absent (`shopify_payments/disputes` → disputes). */
  listName?: string
  /** The records of the dataset the resource lists; all of them when absent. */
  includes?: (record: T, index: number, ctx: GenerationContext) => boolean
  /** The parameter that bounds records by their time (their modified time here); none when absent. */
  timeFilter?: 'updated_at_min' | 'processed_at_min'
  present(record: T, index: number, ctx: GenerationContext): Record<string, unknown>
  /** A `status` filter with its default (orders: open); the resource takes no `status` without one. */
  statuses?: { default: string; matches: Readonly<Record<string, ((record: T) => boolean) | undefined>> }
}

function resource<T>(definition: Resource<T>): Resource<unknown> {
  return definition as Resource<unknown>
}

/**
 * Closed (archived): the emulated shop archives orders automatically, as a Shopify store does by
 * default once an order is fulfilled, and it is done with refunded and cancelled ones too. Open orders
 * are the rest: pending, or paid and waiting to be fulfilled.
 */
function isClosed(order: Order): boolean {
  return order.status === 'Fulfilled' || order.status === 'Refunded' || order.status === 'Cancelled'
}

/** A payment's places in the balance, in order: its charge, its refund, the payout of what is left. */
const BALANCE_PLACES = ['charge', 'refund', 'payout'] as const

/**
 * The Shopify Payments balance: each payment's movements, built from the payment itself, at BALANCE_PLACES.length
 * places a payment in the payments' order, so that every sale is charged and paid out whatever else the sandbox's
 * merchant account holds. A place without a movement (a payment that took nothing, a refund where nothing went back)
 * is left out of the list.
 */
class BalanceMovements extends ListDataset<BalanceMovement | undefined> {
  constructor() {
    super('commerce', 'shopifyBalanceMovements', 0, ({ index }, ctx) => balanceMovementOf(ctx, Math.floor(index / BALANCE_PLACES.length), BALANCE_PLACES[index % BALANCE_PLACES.length]!))
  }

  override size(ctx: GenerationContext): number {
    return commercePayments.size(ctx) * BALANCE_PLACES.length
  }

  override modifiedAt(ctx: GenerationContext, index: number): number {
    return commercePayments.modifiedAt(ctx, Math.floor(index / BALANCE_PLACES.length))
  }
}

const balanceMovements = new BalanceMovements()

const RESOURCES: Readonly<Record<string, Resource<unknown>>> = {
  orders: resource<Order>({
    dataset: orders,
    scope: 'read_orders',
    timeFilter: 'updated_at_min',
    present: presentOrder,
    // Shopify lists only open orders unless asked for others; `any` is every order.
    statuses: { default: 'open', matches: { open: (order) => !isClosed(order), closed: isClosed, cancelled: (order) => order.status === 'Cancelled', any: undefined } },
  }),
  products: resource({ dataset: products, scope: 'read_products', timeFilter: 'updated_at_min', present: presentProduct }),
  customers: resource({ dataset: shoppers, scope: 'read_customers', timeFilter: 'updated_at_min', present: presentCustomer }),
  // The sandbox's category tree, flattened as Shopify's collections are: its roots filled by hand, the rest by rules.
  custom_collections: resource<ProductCategory>({ dataset: productCategories, scope: 'read_products', timeFilter: 'updated_at_min', includes: (category) => category.parentRef === undefined, present: presentCollection }),
  smart_collections: resource<ProductCategory>({ dataset: productCategories, scope: 'read_products', timeFilter: 'updated_at_min', includes: (category) => category.parentRef !== undefined, present: presentCollection }),
  locations: resource({ dataset: locations, scope: 'read_locations', present: presentLocation }),
  // What went through: a failed payment, or one not captured, moved no money, so Shopify has no tender for it.
  tender_transactions: resource<CommercePayment>({ dataset: commercePayments, scope: 'read_orders', timeFilter: 'processed_at_min', includes: (payment, index, ctx) => saleOf(payment, index, ctx) !== undefined, present: presentTender }),
  // Each sale's movements, from its payment; Shopify writes a charge's fee on the charge, so there is no fee movement.
  'shopify_payments/balance/transactions': resource<BalanceMovement | undefined>({
    dataset: balanceMovements,
    scope: 'read_shopify_payments_payouts',
    listName: 'transactions',
    includes: (movement) => movement !== undefined,
    present: presentBalanceTransaction,
  }),
  // Nothing to dispute where nothing was taken.
  'shopify_payments/disputes': resource<Dispute>({
    dataset: disputes,
    scope: 'read_shopify_payments_disputes',
    includes: (dispute, _index, ctx) => dispute.paymentRef === undefined || saleOf(commercePayments.generate(ctx, dispute.paymentRef.index), dispute.paymentRef.index, ctx) !== undefined,
    present: presentDispute,
  }),
}

/** What a page_info cursor carries: where the page starts within the filtered records, and the filters. */
interface Cursor {
  offset: number
  updatedAtMin?: number
  status?: string
}

export function registerShopifyApi(app: FastifyInstance, deps: SandboxDeps): void {
  /** The grant a call's shop and token stand for, or the refusal already sent. */
  function authorize(request: FastifyRequest, reply: FastifyReply, scope: string | undefined): { shop: string; ctx: GenerationContext } | FastifyReply {
    const shop = shopOf(shopifyPlatform, request)
    if (shop === null || shop === undefined) return reply.status(400).send({ errors: 'Invalid shop name' })
    const token = request.headers['x-shopify-access-token']
    const access = authorizeApiCall(deps, shopifyPlatform, typeof token === 'string' && token !== '' ? token : undefined, shop)
    if (!access.ok) return sendShopifyRefusal(reply, access.refusal)
    if (scope !== undefined && !access.scopes.includes(scope)) return reply.status(403).send({ errors: `[API] This action requires merchant approval for ${scope} scope.` })
    return { shop, ctx: generationContextOf(deps, shopifyPlatform, access.grant) }
  }

  // Shopify answers an Admin API version it does not serve with 404 and this body. (A version Shopify
  // has retired is served as its oldest supported one, whose answers may differ: refusing it here
  // is stricter on purpose, so that a connector left on an old version fails its tests.)
  app.get(`${SHOPIFY_ADMIN_PATH}/api/:version/*`, async (_request, reply) => reply.status(404).send({ errors: 'Not Found' }))

  // Any installed app may read its shop: no scope is needed.
  app.get(`${shopifyPlatform.paths.apiBase}/shop.json`, async (request, reply) => {
    const granted = authorize(request, reply, undefined)
    if (!('ctx' in granted)) return granted
    return { shop: pickFields(presentShop(granted.shop, granted.ctx), request) }
  })

  for (const [name, resource] of Object.entries(RESOURCES)) {
    app.get(`${shopifyPlatform.paths.apiBase}/${name}.json`, async (request, reply) => {
      const granted = authorize(request, reply, resource.scope)
      if (!('ctx' in granted)) return granted
      const { shop, ctx } = granted

      const page = readPageRequest(request, resource)
      if (typeof page === 'string') return reply.status(400).send({ errors: page })
      const byStatus = page.cursor.status === undefined ? undefined : resource.statuses?.matches[page.cursor.status]
      const { includes } = resource
      const isListed = includes === undefined ? undefined : (record: unknown, index: number) => includes(record, index, ctx)
      const matches = isListed === undefined ? byStatus : byStatus === undefined ? isListed : (record: unknown, index: number) => isListed(record, index) && byStatus(record)
      const range = selectFiltered(resource.dataset, ctx, { start: page.cursor.offset, count: page.limit, modifiedSince: page.cursor.updatedAtMin, matches })

      const base = `${deps.publicUrl()}${pathForShop(shopifyPlatform.paths.apiBase, shop)}/${name}.json`
      const links: string[] = []
      if (page.cursor.offset > 0) links.push(`<${pageUrl(base, page.limit, { ...page.cursor, offset: Math.max(0, page.cursor.offset - page.limit) })}>; rel="previous"`)
      if (range.hasMore) links.push(`<${pageUrl(base, page.limit, { ...page.cursor, offset: page.cursor.offset + range.items.length })}>; rel="next"`)
      if (links.length > 0) reply.header('link', links.join(', '))
      return { [resource.listName ?? name.split('/').pop()!]: range.items.map(({ record, index }) => pickFields(resource.present(record, index, ctx), request)) }
    })
  }
}

/** Shopify's `fields`: only the fields named (comma-separated) are answered. Not carried by a cursor: each page asks again. */
function pickFields(record: Record<string, unknown>, request: FastifyRequest): Record<string, unknown> {
  const fields = (request.query as Record<string, unknown>)['fields']
  if (typeof fields !== 'string' || fields.trim() === '') return record
  const wanted = new Set(fields.split(',').map((field) => field.trim()))
  return Object.fromEntries(Object.entries(record).filter(([field]) => wanted.has(field)))
}

function pageUrl(base: string, limit: number, cursor: Cursor): string {
  const url = new URL(base)
  url.searchParams.set('limit', String(limit))
  url.searchParams.set('page_info', Buffer.from(JSON.stringify(cursor)).toString('base64url'))
  return url.href
}

/** The page asked for, or what is wrong with the query. */
function readPageRequest(request: FastifyRequest, resource: Resource<unknown>): { limit: number; cursor: Cursor } | string {
  const query = request.query as Record<string, unknown>
  const limitText = query['limit']
  let limit = DEFAULT_LIMIT
  if (limitText !== undefined) {
    if (typeof limitText !== 'string' || !/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_LIMIT) return `limit must be a whole number from 1 to ${MAX_LIMIT}.`
    limit = Number(limitText)
  }
  const pageInfo = query['page_info']
  // A resource without a time filter ignores the parameters, as Shopify ignores any it does not know.
  const updatedAtMin = resource.timeFilter === undefined ? undefined : query[resource.timeFilter]
  const status = query['status']
  if (pageInfo !== undefined) {
    // As at Shopify: a cursor carries the filters, so filters may not come with it.
    if (updatedAtMin !== undefined || status !== undefined) return 'page_info cannot be combined with other filters than limit.'
    const cursor = typeof pageInfo === 'string' ? decodeCursor(pageInfo) : undefined
    const isKnownStatus = cursor?.status === undefined || (resource.statuses !== undefined && Object.hasOwn(resource.statuses.matches, cursor.status))
    return cursor === undefined || !isKnownStatus ? 'page_info is invalid.' : { limit, cursor }
  }
  const cursor: Cursor = { offset: 0 }
  const { statuses } = resource
  if (statuses !== undefined) {
    const chosen = status ?? statuses.default
    if (typeof chosen !== 'string' || !Object.hasOwn(statuses.matches, chosen)) return `status must be one of ${Object.keys(statuses.matches).join(', ')}.`
    cursor.status = chosen
  }
  if (updatedAtMin === undefined) return { limit, cursor }
  const since = typeof updatedAtMin === 'string' ? parseIsoDate(updatedAtMin) : undefined
  return since === undefined ? `${resource.timeFilter} must be an ISO 8601 date.` : { limit, cursor: { ...cursor, updatedAtMin: since } }
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown
    if (typeof value !== 'object' || value === null) return undefined
    const { offset, updatedAtMin, status } = value as Record<string, unknown>
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) return undefined
    if (updatedAtMin !== undefined && (typeof updatedAtMin !== 'number' || !Number.isFinite(updatedAtMin))) return undefined
    if (status !== undefined && typeof status !== 'string') return undefined
    return { offset, ...(updatedAtMin === undefined ? {} : { updatedAtMin }), ...(status === undefined ? {} : { status }) }
  } catch {
    return undefined
  }
}

function sendShopifyRefusal(reply: FastifyReply, refusal: ApiRefusal): FastifyReply {
  if (refusal.kind === 'rate_limited') {
    return reply
      .status(429)
      .header('retry-after', String(refusal.retryAfterSeconds))
      .send({ errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' })
  }
  if (refusal.kind === 'platform_failure') return reply.status(refusal.status).send({ errors: 'Internal Server Error' })
  return reply.status(401).send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' })
}

// Shopify's ids are large integers; each resource gets its own range so they never collide.
const ORDER_ID_BASE = 5_100_000_000_000
const PRODUCT_ID_BASE = 7_200_000_000_000
const VARIANT_ID_BASE = 4_300_000_000_000
const CUSTOMER_ID_BASE = 6_400_000_000_000
const LINE_ID_BASE = 1_500_000_000_000
const REFUND_ID_BASE = 9_800_000_000_000
const REFUND_LINE_ID_BASE = 8_700_000_000_000
const SHIPPING_LINE_ID_BASE = 4_900_000_000_000
const COLLECTION_ID_BASE = 480_000_000
const LOCATION_ID_BASE = 655_000_000
const TENDER_ID_BASE = 1_011_000_000
const BALANCE_TRANSACTION_ID_BASE = 699_000_000
const DISPUTE_ID_BASE = 1_052_000_000
const SHOP_ID = 690_933_842

function money(amount: number): string {
  return amount.toFixed(2)
}

/** How often, by place in the list, a fulfilled order shows a partial refund. */
const PARTIAL_REFUND_CYCLE = 3
const PARTIAL_REFUND_PLACE = 1

/** An order's money as the emulated shop shows it: its financial status, what its payments took, and what went back. */
interface OrderMoney {
  financialStatus: string
  /** What the order's payments took between them, in cents: the order and its tip, the half paid up front, or nothing before capture or after a void. */
  paidCents: number
  /** What the order's refunds gave back, in cents: all of it, one returned line, or nothing. */
  refundedCents: number
  /** The line returned by a partial refund, by its place in the order. */
  refundedLine?: number
  /** The payments that took paidCents, by index: the order's payments that went through, once captured; none before. */
  capturedPayments: readonly number[]
}

/**
 * Beyond the sandbox's statuses: a pending order's card payment is authorized, not yet captured, on every other one,
 * and a cancelled order's authorization was voided, so neither took money; on every third fulfilled order with more
 * than one line, the first line came back and was refunded (partially_refunded); an order paid and awaiting
 * fulfilment by one payment, without a tip, was paid half up front and owes the rest (partially_paid).
 */
function orderMoneyOf(order: Order, index: number, ctx: GenerationContext): OrderMoney {
  const nothingTaken = { paidCents: 0, refundedCents: 0, capturedPayments: [] }
  if (order.status === 'Pending') return { ...nothingTaken, financialStatus: index % 2 === 1 ? 'authorized' : 'pending' }
  if (order.status === 'Cancelled') return { ...nothingTaken, financialStatus: 'voided' }
  const capturedPayments = paymentIndexesOfOrder(ctx, index).filter((paymentIndex) => commercePayments.generate(ctx, paymentIndex).status !== 'Failed')
  const paid = { paidCents: orderWithTipCentsOf(order), refundedCents: 0, capturedPayments }
  if (order.status === 'Refunded') return { ...paid, financialStatus: 'refunded', refundedCents: Math.round(order.totalAmount * 100) }
  if (order.status === 'Fulfilled' && order.orderLines.length > 1 && index % PARTIAL_REFUND_CYCLE === PARTIAL_REFUND_PLACE) {
    return { ...paid, financialStatus: 'partially_refunded', refundedCents: Math.round(order.orderLines[0]!.totalAmount * 100), refundedLine: 0 }
  }
  // Half up front by its one payment: a split tender's shares would have to be halved again.
  if (order.status === 'Paid' && order.totalGratuity === 0 && capturedPayments.length === 1) return { ...paid, financialStatus: 'partially_paid', paidCents: Math.round(paid.paidCents / 2) }
  return { ...paid, financialStatus: 'paid' }
}

/** What one payment took for its order and what went back through it, in cents, with the order it was for. */
interface Sale {
  orderIndex?: number
  chargedCents: number
  feeCents: number
  refundedCents: number
}

/**
 * A payment's sale; undefined for a payment that took no money (it failed, or its order's was not captured). An order
 * paid by more than one payment was a split tender: the payments share what was paid and its refund (sharesOfPayments),
 * so that each payment gives back at most what it took and the balance shows the order's refund once in all.
 */
function saleOf(payment: CommercePayment, paymentIndex: number, ctx: GenerationContext): Sale | undefined {
  if (payment.status === 'Failed') return undefined
  if (payment.orderRef === undefined) {
    const chargedCents = Math.round(payment.amount * 100)
    return { chargedCents, feeCents: Math.round(processingFeeOf(payment) * 100), refundedCents: payment.status === 'Refunded' ? chargedCents : 0 }
  }
  const orderIndex = payment.orderRef.index
  const orderMoney = orderMoneyOf(orders.generate(ctx, orderIndex), orderIndex, ctx)
  const place = orderMoney.capturedPayments.indexOf(paymentIndex)
  if (place < 0) return undefined
  const { chargedCents, refundedCents } = sharesOfPayments(orderMoney.paidCents, orderMoney.refundedCents, orderMoney.capturedPayments.length)[place]!
  const feeCents = Math.round(processingFeeOf({ ...payment, amount: chargedCents / 100 }) * 100)
  return { orderIndex, chargedCents, feeCents, refundedCents }
}

/** What Shopify calls the tax on a line, by the shop's currency. */
const TAX_TITLES: Record<Currency, string> = { GBP: 'GB VAT', EUR: 'DE MwSt', USD: 'US Sales Tax' }

/** How often, by place in the list, an order shows a shipping discount: every fifth, from the fourth. */
const SHIPPING_DISCOUNT_CYCLE = 5
const SHIPPING_DISCOUNT_PLACE = 3

/** How often, by place in the list, an order with prices including tax and more than one line has its last line at the reduced rate. */
const REDUCED_RATE_CYCLE = 2
const REDUCED_RATE_PLACE = 0

/** The reduced rate of the shop's currency (5% VAT in the UK, 7% MwSt in Germany); undefined where there is none. */
function reducedRateOf(currency: Currency): number | undefined {
  const standard = orderTaxRateOf(currency)
  return TAX_RATES[currency].find((rate) => rate > 0 && rate !== standard)
}

/** What Shopify calls a tax: the shop's tax title, with the rate beside it for any but the standard one ("GB VAT 5%"). */
function taxTitleOf(currency: Currency, rate: number): string {
  return rate === orderTaxRateOf(currency) ? TAX_TITLES[currency] : `${TAX_TITLES[currency]} ${Math.round(rate * 10_000) / 100}%`
}

/**
 * An order's lines as the shop shows them, in cents: with tax on top, the sandbox's net prices, discounts and taxes;
 * with tax included (grossLinesOf), gross ones, and on every other such order with more than one line, the last line
 * at the reduced rate (a book beside a bag, say), its tax taken out of the same gross.
 */
function shopifyLinesOf(order: Order, index: number): { lines: ShownLine[]; isTaxIncluded: boolean } {
  const grossLines = grossLinesOf(order)
  if (grossLines === undefined) return { lines: netLinesOf(order), isTaxIncluded: false }
  const reduced = reducedRateOf(order.currency)
  const last = grossLines.length - 1
  if (reduced === undefined || last < 1 || index % REDUCED_RATE_CYCLE !== REDUCED_RATE_PLACE) return { lines: grossLines, isTaxIncluded: true }
  return { lines: grossLines.map((line, position) => (position === last ? atRate(line, order.orderLines[position]!.quantity, reduced) : line)), isTaxIncluded: true }
}

/**
 * The discount on an order's shipping (a shipping code, SHIPHALF, half off): its shipping was priced higher by it,
 * and what is charged (`discounted_price`, taxed; with tax included, the tax in it) is the books' shipping. Zero when
 * the order shows none.
 */
function shippingDiscountCentsOf(order: Order, index: number, chargedCents: number): number {
  if (order.shipping === undefined || order.shipping.amount === 0 || index % SHIPPING_DISCOUNT_CYCLE !== SHIPPING_DISCOUNT_PLACE) return 0
  return chargedCents
}

function presentOrder(order: Order, index: number, ctx: GenerationContext): Record<string, unknown> {
  const id = ORDER_ID_BASE + index
  const updatedAt = isoWithOffset(Date.parse(order.modifiedDate))
  const customer = order.customerRef === undefined ? undefined : shoppers.generate(ctx, order.customerRef.index)
  const standardRate = orderTaxRateOf(order.currency)
  // Shopify lists a tax line for each tax charged; an untaxed line has none.
  const taxLines = (cents: number, rate: number) => (cents > 0 ? [{ price: money(cents / 100), rate, title: taxTitleOf(order.currency, rate) }] : [])
  // With tax included, a price is gross (what the customer pays for one unit, tax and all), and so is a discount.
  const { lines: shopifyLines, isTaxIncluded } = shopifyLinesOf(order, index)
  const linesDiscountCents = shopifyLines.reduce((sum, line) => sum + line.discountCents, 0)
  const shippingCents = order.shipping === undefined ? 0 : Math.round((order.shipping.amount + (isTaxIncluded ? order.shipping.taxAmount : 0)) * 100)
  const shippingTaxCents = order.shipping === undefined ? 0 : Math.round(order.shipping.taxAmount * 100)
  const shippingDiscountCents = shippingDiscountCentsOf(order, index, shippingCents)
  // The order's taxes, one tax line a rate: the lines' at their rates, the shipping's at the standard one.
  const taxByRate = new Map<number, number>()
  for (const { rate, taxCents } of [...shopifyLines, { rate: standardRate, taxCents: shippingTaxCents }]) taxByRate.set(rate, (taxByRate.get(rate) ?? 0) + taxCents)
  const totalTaxCents = [...taxByRate.values()].reduce((sum, cents) => sum + cents, 0)
  // The discounts, in the order they were applied: the line code, then the shipping one; allocations name them by place.
  const discountApplications = [
    ...(order.totalDiscount > 0 ? [{ type: 'discount_code', code: 'SANDBOX', target_type: 'line_item', target_selection: 'all', allocation_method: 'across', value_type: 'percentage' }] : []),
    ...(shippingDiscountCents > 0 ? [{ type: 'discount_code', code: 'SHIPHALF', target_type: 'shipping_line', target_selection: 'all', allocation_method: 'each', value_type: 'percentage', value: '50.0' }] : []),
  ]
  const shippingApplication = discountApplications.length - 1
  const linesGross = order.orderLines.reduce((sum, line) => sum + Math.round(line.totalAmount * 100), 0)
  const orderMoney = orderMoneyOf(order, index, ctx)
  const totalPriceCents = orderWithTipCentsOf(order)
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${order.orderNumber}`,
    order_number: Number(order.orderNumber),
    email: customer?.emailAddress ?? null,
    created_at: isoWithOffset(Date.parse(order.createdDate)),
    updated_at: updatedAt,
    cancelled_at: order.status === 'Cancelled' ? updatedAt : null,
    cancel_reason: order.status === 'Cancelled' ? 'customer' : null,
    closed_at: isClosed(order) ? updatedAt : null,
    // Where the order was placed, and where its returns go back into stock. A string, as the 2024-10 Order resource
    // declares it (its samples record only null), though a location's own id is a number.
    location_id: order.locationRef === undefined ? null : String(LOCATION_ID_BASE + order.locationRef.index),
    currency: order.currency,
    taxes_included: isTaxIncluded,
    // The lines after their discounts: with tax included, their tax is in it.
    subtotal_price: isTaxIncluded ? money(linesGross / 100) : money(order.subTotal),
    // Every discount: the lines' and the shipping's.
    total_discounts: money((linesDiscountCents + shippingDiscountCents) / 100),
    // The sandbox's line discounts are percentage codes, spread over the lines; its shipping discount halves the shipping.
    discount_codes: [
      ...(order.totalDiscount > 0 ? [{ code: 'SANDBOX', amount: money(linesDiscountCents / 100), type: 'percentage' }] : []),
      ...(shippingDiscountCents > 0 ? [{ code: 'SHIPHALF', amount: money(shippingDiscountCents / 100), type: 'shipping' }] : []),
    ],
    discount_applications: discountApplications,
    total_tax: money(totalTaxCents / 100),
    // Shopify's total holds the tips too ("line item prices, discounts, shipping, taxes, and tips"), as the payment does.
    total_price: money(totalPriceCents / 100),
    total_tip_received: money(order.totalGratuity),
    tax_lines: [...taxByRate].flatMap(([rate, cents]) => taxLines(cents, rate)),
    financial_status: orderMoney.financialStatus,
    // What no payment took: all of an order pending, authorized or voided, the rest of a partially paid one, nothing
    // of one paid (refunds do not make it owed again). With its tenders, the order's total.
    total_outstanding: money((totalPriceCents - orderMoney.paidCents) / 100),
    fulfillment_status: order.status === 'Fulfilled' ? 'fulfilled' : null,
    line_items: order.orderLines.map((line, position) => ({
      id: LINE_ID_BASE + index * 10 + position,
      product_id: line.productRef === undefined ? null : PRODUCT_ID_BASE + line.productRef.index,
      variant_id: line.productRef === undefined ? null : VARIANT_ID_BASE + line.productRef.index,
      title: line.productRef?.name ?? 'Custom item',
      name: line.productRef?.name ?? 'Custom item',
      variant_title: null,
      quantity: line.quantity,
      price: money(shopifyLines[position]!.priceCents / 100),
      taxable: line.taxAmount > 0,
      total_discount: money(shopifyLines[position]!.discountCents / 100),
      discount_allocations: line.discountAmount > 0 ? [{ amount: money(shopifyLines[position]!.discountCents / 100), discount_application_index: 0 }] : [],
      tax_lines: taxLines(shopifyLines[position]!.taxCents, shopifyLines[position]!.rate),
    })),
    shipping_lines:
      order.shipping === undefined
        ? []
        : [
            {
              id: SHIPPING_LINE_ID_BASE + index,
              title: order.shipping.method,
              code: order.shipping.method,
              source: 'shopify',
              price: money((shippingCents + shippingDiscountCents) / 100),
              discounted_price: money(shippingCents / 100),
              discount_allocations: shippingDiscountCents > 0 ? [{ amount: money(shippingDiscountCents / 100), discount_application_index: shippingApplication }] : [],
              tax_lines: taxLines(shippingTaxCents, standardRate),
            },
          ],
    // A refunded order was given back in full, in one refund; on every other one, a first attempt failed. A partially
    // refunded one, its returned line, with the line's tax.
    refunds:
      orderMoney.refundedCents === 0
        ? []
        : [
            {
              id: REFUND_ID_BASE + index,
              created_at: updatedAt,
              ...(orderMoney.refundedLine === undefined ? {} : { refund_line_items: [presentRefundLine(order, index, orderMoney.refundedLine, shopifyLines[orderMoney.refundedLine]!)] }),
              transactions: [
                ...(order.status === 'Refunded' && index % 2 === 0 ? [{ kind: 'refund', status: 'failure', amount: money(orderMoney.refundedCents / 100) }] : []),
                { kind: 'refund', status: 'success', amount: money(orderMoney.refundedCents / 100) },
              ],
            },
          ],
    customer:
      customer === undefined || order.customerRef === undefined
        ? null
        : { id: CUSTOMER_ID_BASE + order.customerRef.index, email: customer.emailAddress, first_name: customer.firstName, last_name: customer.lastName },
    // The customer's address: where a shipped order went, and what it was billed to. An order still
    // awaiting a manual payment has no billing address here (Shopify's checkout takes one with the
    // payment details), so its shipping address, when shipped, is its only one.
    billing_address: customer === undefined || order.status === 'Pending' ? null : presentOrderAddress(customer),
    shipping_address: customer === undefined || order.shipping === undefined ? null : presentOrderAddress(customer),
  }
}

/**
 * A returned line, all of it: its subtotal (its price × quantity less its discount, so with its tax in it when prices
 * include tax) and its tax, as numbers, as Shopify's recorded refunds write them.
 */
function presentRefundLine(order: Order, index: number, position: number, shown: ShownLine): Record<string, unknown> {
  const { quantity } = order.orderLines[position]!
  const subtotalCents = shown.priceCents * quantity - shown.discountCents
  // Shopify requires a location for a return: where the goods go back into stock, the order's own; an order placed
  // nowhere in particular restocks nothing.
  const restock = order.locationRef === undefined ? { restock_type: 'no_restock', location_id: null } : { restock_type: 'return', location_id: LOCATION_ID_BASE + order.locationRef.index }
  return {
    id: REFUND_LINE_ID_BASE + index * 10 + position,
    line_item_id: LINE_ID_BASE + index * 10 + position,
    quantity,
    ...restock,
    subtotal: subtotalCents / 100,
    total_tax: shown.taxCents / 100,
  }
}

/** An order's billing or shipping address, in Shopify's shape, from its customer's. */
function presentOrderAddress(customer: Shopper): Record<string, unknown> {
  return {
    first_name: customer.firstName,
    last_name: customer.lastName,
    name: `${customer.firstName} ${customer.lastName}`,
    address1: customer.address.line1,
    address2: null,
    city: customer.address.city,
    zip: customer.address.postalCode,
    province: null,
    province_code: null,
    country: customer.address.country,
    country_code: customer.address.country,
    phone: customer.phone,
  }
}

function presentProduct(product: Product, index: number): Record<string, unknown> {
  const id = PRODUCT_ID_BASE + index
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Product/${id}`,
    title: product.name,
    body_html: '',
    vendor: 'Sandbox Store',
    product_type: product.category,
    handle: product.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    status: product.isActive ? 'active' : 'draft',
    created_at: isoWithOffset(Date.parse(product.createdDate)),
    updated_at: isoWithOffset(Date.parse(product.modifiedDate)),
    variants: [{ id: VARIANT_ID_BASE + index, product_id: id, title: 'Default Title', price: money(product.unitPrice), sku: product.sku, inventory_quantity: product.inventoryQuantity }],
  }
}

function presentCustomer(shopper: Shopper, index: number): Record<string, unknown> {
  return {
    id: CUSTOMER_ID_BASE + index,
    email: shopper.emailAddress,
    first_name: shopper.firstName,
    last_name: shopper.lastName,
    phone: shopper.phone,
    state: shopper.status === 'Active' ? 'enabled' : 'disabled',
    currency: shopper.defaultCurrency,
    created_at: isoWithOffset(Date.parse(shopper.createdDate)),
    updated_at: isoWithOffset(Date.parse(shopper.modifiedDate)),
    addresses: [{ address1: shopper.address.line1, city: shopper.address.city, zip: shopper.address.postalCode, country_code: shopper.address.country }],
  }
}

function presentShop(shop: string, ctx: GenerationContext): Record<string, unknown> {
  const company = commerceCompany.generate(ctx)
  return {
    id: SHOP_ID,
    name: company.companyName,
    email: `owner@${shop}.example`,
    domain: `${shop}.myshopify.com`,
    myshopify_domain: `${shop}.myshopify.com`,
    address1: company.address.line1,
    address2: null,
    city: company.address.city,
    province: null,
    zip: company.address.postalCode,
    country: company.address.country,
    country_code: company.address.country,
    phone: company.phone,
    currency: company.baseCurrency,
    created_at: isoWithOffset(Date.parse(company.createdDate)),
    updated_at: isoWithOffset(Date.parse(company.modifiedDate)),
  }
}

function presentCollection(category: ProductCategory, index: number): Record<string, unknown> {
  const id = COLLECTION_ID_BASE + index
  return {
    id,
    handle: category.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    title: category.name,
    body_html: null,
    sort_order: 'manual',
    published_scope: 'web',
    updated_at: isoWithOffset(Date.parse(category.modifiedDate)),
    admin_graphql_api_id: `gid://shopify/Collection/${id}`,
  }
}

function presentLocation(location: Location, index: number): Record<string, unknown> {
  const id = LOCATION_ID_BASE + index
  const updatedAt = isoWithOffset(Date.parse(location.modifiedDate))
  return {
    id,
    name: location.name,
    address1: location.address.line1,
    address2: null,
    city: location.address.city,
    zip: location.address.postalCode,
    province: null,
    country: location.address.country,
    country_code: location.address.country,
    created_at: updatedAt,
    updated_at: updatedAt,
    active: true,
    admin_graphql_api_id: `gid://shopify/Location/${id}`,
  }
}

/** Shopify's tender payment methods for the sandbox's: a bank transfer is a manual payment, which Shopify calls other. */
const TENDER_METHOD: Record<CommercePayment['paymentMethod'], string> = { Card: 'credit_card', PayPal: 'paypal', BankTransfer: 'other' }

function presentTender(payment: CommercePayment, index: number, ctx: GenerationContext): Record<string, unknown> {
  const sale = saleOf(payment, index, ctx)
  return {
    id: TENDER_ID_BASE + index,
    order_id: payment.orderRef === undefined ? null : ORDER_ID_BASE + payment.orderRef.index,
    amount: sale === undefined ? money(payment.amount) : money(sale.chargedCents / 100),
    currency: payment.currency,
    user_id: null,
    test: false,
    processed_at: isoWithOffset(Date.parse(payment.paidDate)),
    remote_reference: payment.id,
    payment_details: null,
    payment_method: TENDER_METHOD[payment.paymentMethod],
  }
}

/** A movement of the Shopify Payments balance, in cents; a charge carries its fee, and a charge or refund its order. */
interface BalanceMovement {
  type: 'charge' | 'refund' | 'payout'
  amountCents: number
  feeCents: number
  orderIndex?: number
  currency: Currency
  processedAt: number
}

/**
 * A payment's movement at a place in the balance; undefined when it has none there. A sale is its charge (the fee
 * written on it), its refund if any of its order's went back through it, then the payout of what is left, so that
 * charge − fee − refund = payout; left with less than nothing (a refund of all of it, the fee kept), the payout takes
 * the rest from the bank. A refund is made when its order last changed (never before the charge); the payout comes
 * with the sale's last movement (Shopify pays out on a schedule, which is not emulated).
 */
function balanceMovementOf(ctx: GenerationContext, paymentIndex: number, place: (typeof BALANCE_PLACES)[number]): BalanceMovement | undefined {
  const payment = commercePayments.generate(ctx, paymentIndex)
  const sale = saleOf(payment, paymentIndex, ctx)
  if (sale === undefined) return undefined
  const chargedAt = Date.parse(payment.paidDate)
  const refundedAt = sale.orderIndex === undefined ? chargedAt : Math.max(chargedAt, Date.parse(orders.generate(ctx, sale.orderIndex).modifiedDate))
  const { currency } = payment
  // A payout is to the bank, for no order in particular.
  const ofOrder = sale.orderIndex === undefined ? {} : { orderIndex: sale.orderIndex }
  if (place === 'charge') return { type: 'charge', amountCents: sale.chargedCents, feeCents: sale.feeCents, ...ofOrder, currency, processedAt: chargedAt }
  if (place === 'refund') return sale.refundedCents === 0 ? undefined : { type: 'refund', amountCents: -sale.refundedCents, feeCents: 0, ...ofOrder, currency, processedAt: refundedAt }
  return { type: 'payout', amountCents: -(sale.chargedCents - sale.feeCents - sale.refundedCents), feeCents: 0, currency, processedAt: sale.refundedCents === 0 ? chargedAt : refundedAt }
}

/** A balance transaction: a charge carries its payment's fee, and a charge or a refund names the sale's order. */
function presentBalanceTransaction(movement: BalanceMovement | undefined, index: number): Record<string, unknown> {
  // Listed only when there is a movement (the resource's includes).
  const { type, amountCents, feeCents, orderIndex, currency, processedAt } = movement!
  return {
    id: BALANCE_TRANSACTION_ID_BASE + index,
    type,
    test: false,
    payout_id: null,
    payout_status: 'paid',
    // Shopify Payments writes its currencies in lower case.
    currency: currency.toLowerCase(),
    amount: money(amountCents / 100),
    fee: money(feeCents / 100),
    net: money((amountCents - feeCents) / 100),
    source_id: null,
    source_type: type,
    source_order_transaction_id: null,
    source_order_id: orderIndex === undefined ? null : ORDER_ID_BASE + orderIndex,
    processed_at: isoWithOffset(processedAt),
  }
}

/** Shopify's dispute status and type for the sandbox's status: an inquiry comes before a chargeback. */
const DISPUTE_STATE: Record<Dispute['status'], { status: string; type: 'chargeback' | 'inquiry'; isFinal: boolean }> = {
  Won: { status: 'won', type: 'chargeback', isFinal: true },
  Lost: { status: 'lost', type: 'chargeback', isFinal: true },
  Accepted: { status: 'accepted', type: 'chargeback', isFinal: true },
  Processing: { status: 'under_review', type: 'chargeback', isFinal: false },
  ChargeRefunded: { status: 'charge_refunded', type: 'chargeback', isFinal: true },
  EvidenceRequired: { status: 'needs_response', type: 'chargeback', isFinal: false },
  InquiryEvidenceRequired: { status: 'needs_response', type: 'inquiry', isFinal: false },
  InquiryClosed: { status: 'won', type: 'inquiry', isFinal: true },
}

function presentDispute(dispute: Dispute, index: number, ctx: GenerationContext): Record<string, unknown> {
  const state = DISPUTE_STATE[dispute.status]
  // A chargeback is for at most what the payment charged: the half of a partially paid order, its share of a split tender.
  const charged = dispute.paymentRef === undefined ? undefined : saleOf(commercePayments.generate(ctx, dispute.paymentRef.index), dispute.paymentRef.index, ctx)?.chargedCents
  return {
    id: DISPUTE_ID_BASE + index,
    order_id: dispute.orderRef === undefined ? null : ORDER_ID_BASE + dispute.orderRef.index,
    type: state.type,
    amount: money(charged === undefined ? dispute.amount : Math.min(Math.round(dispute.amount * 100), charged) / 100),
    currency: dispute.currency,
    reason: dispute.reason,
    network_reason_code: null,
    status: state.status,
    evidence_due_by: isoWithOffset(Date.parse(dispute.dueDate)),
    evidence_sent_on: null,
    // Decided when last changed; an open dispute has no decision yet.
    finalized_on: state.isFinal ? isoWithOffset(Date.parse(dispute.modifiedDate)) : null,
    initiated_at: isoWithOffset(Date.parse(dispute.createdDate)),
  }
}
