/**
 * @module Shopify, emulated: one origin per shop (`/emulate/shopify/shops/{shop}`), comma-separated
 * scopes, no PKCE, an HMAC-signed approve redirect, an `access_token` exchange answering
 * `{ access_token, scope }` with an offline token that never expires and cannot be refreshed,
 * and the REST Admin API's `orders.json` (open orders unless `status` says otherwise),
 * `products.json` and `customers.json` with `updated_at_min`, cursor pagination in a `Link`
 * header and the `X-Shopify-Access-Token` header.
 */
import { createHmac } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authorizeApiCall, generationContextOf, type ApiRefusal } from '../api-access.js'
import { pathForShop } from '../authorization-request.js'
import { isoWithOffset, parseIsoDate } from '../date-formats.js'
import { orders, orderTaxRateOf, products, shoppers, type Order, type Product, type Shopper } from '../datasets/index.js'
import { selectFiltered, type Currency, type GenerationContext, type ListDataset } from '../generated-data.js'
import { shopOf } from '../oauth-server.js'
import type { PlatformDefinition } from '../platform-definition.js'
import type { SandboxDeps } from '../sandbox-deps.js'

const BASE = '/emulate/shopify/shops/:shop'
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
    apiBase: `${BASE}/admin/api/${SHOPIFY_API_VERSION}`,
  },
  scopes: {
    read_orders: 'View orders, transactions and fulfilments',
    read_products: 'View products, variants and collections',
    read_customers: 'View customer details',
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
 * parameters sorted by name and joined as a query string (`name=value&…`, form-encoded as
 * Shopify's own libraries build it). `hmac` and `signature` are never part of the message.
 */
export function shopifyHmac(parameters: Readonly<Record<string, string>>, clientSecret: string): string {
  const signed = Object.entries(parameters)
    .filter(([name]) => name !== 'hmac' && name !== 'signature')
    .sort(([a], [b]) => compareNames(a, b))
  return createHmac('sha256', clientSecret).update(new URLSearchParams(signed).toString()).digest('hex')
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

interface Resource<T> {
  dataset: ListDataset<T>
  scope: string
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

const RESOURCES: Readonly<Record<string, Resource<unknown>>> = {
  orders: resource<Order>({
    dataset: orders,
    scope: 'read_orders',
    present: presentOrder,
    // Shopify lists only open orders unless asked for others; `any` is every order.
    statuses: { default: 'open', matches: { open: (order) => !isClosed(order), closed: isClosed, cancelled: (order) => order.status === 'Cancelled', any: undefined } },
  }),
  products: resource({ dataset: products, scope: 'read_products', present: presentProduct }),
  customers: resource({ dataset: shoppers, scope: 'read_customers', present: presentCustomer }),
}

/** What a page_info cursor carries: where the page starts within the filtered records, and the filters. */
interface Cursor {
  offset: number
  updatedAtMin?: number
  status?: string
}

export function registerShopifyApi(app: FastifyInstance, deps: SandboxDeps): void {
  for (const [name, resource] of Object.entries(RESOURCES)) {
    app.get(`${shopifyPlatform.paths.apiBase}/${name}.json`, async (request, reply) => {
      const shop = shopOf(shopifyPlatform, request)
      if (shop === null || shop === undefined) return reply.status(400).send({ errors: 'Invalid shop name' })
      const token = request.headers['x-shopify-access-token']
      const access = authorizeApiCall(deps, shopifyPlatform, typeof token === 'string' && token !== '' ? token : undefined, shop)
      if (!access.ok) return sendShopifyRefusal(reply, access.refusal)
      if (!access.scopes.includes(resource.scope)) return reply.status(403).send({ errors: `[API] This action requires merchant approval for ${resource.scope} scope.` })

      const page = readPageRequest(request, resource)
      if (typeof page === 'string') return reply.status(400).send({ errors: page })
      const ctx = generationContextOf(deps, shopifyPlatform, access.grant)
      const matches = page.cursor.status === undefined ? undefined : resource.statuses?.matches[page.cursor.status]
      const range = selectFiltered(resource.dataset, ctx, { start: page.cursor.offset, count: page.limit, modifiedSince: page.cursor.updatedAtMin, matches })

      const base = `${deps.publicUrl()}${pathForShop(shopifyPlatform.paths.apiBase, shop)}/${name}.json`
      const links: string[] = []
      if (page.cursor.offset > 0) links.push(`<${pageUrl(base, page.limit, { ...page.cursor, offset: Math.max(0, page.cursor.offset - page.limit) })}>; rel="previous"`)
      if (range.hasMore) links.push(`<${pageUrl(base, page.limit, { ...page.cursor, offset: page.cursor.offset + range.items.length })}>; rel="next"`)
      if (links.length > 0) reply.header('link', links.join(', '))
      return { [name]: range.items.map(({ record, index }) => resource.present(record, index, ctx)) }
    })
  }
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
  const updatedAtMin = query['updated_at_min']
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
  return since === undefined ? 'updated_at_min must be an ISO 8601 date.' : { limit, cursor: { ...cursor, updatedAtMin: since } }
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

function money(amount: number): string {
  return amount.toFixed(2)
}

const FINANCIAL_STATUS: Record<Order['status'], string> = { Pending: 'pending', Paid: 'paid', Fulfilled: 'paid', Refunded: 'refunded', Cancelled: 'voided' }

/** What Shopify calls the tax on a line, by the shop's currency. */
const TAX_TITLES: Record<Currency, string> = { GBP: 'GB VAT', EUR: 'DE MwSt', USD: 'US Sales Tax' }

function presentOrder(order: Order, index: number, ctx: GenerationContext): Record<string, unknown> {
  const id = ORDER_ID_BASE + index
  const updatedAt = isoWithOffset(Date.parse(order.modifiedDate))
  const customer = order.customerRef === undefined ? undefined : shoppers.generate(ctx, order.customerRef.index)
  const rate = orderTaxRateOf(order.currency)
  // Shopify lists a tax line for each tax charged; an untaxed line has none.
  const taxLines = (amount: number) => (amount > 0 ? [{ price: money(amount), rate, title: TAX_TITLES[order.currency] }] : [])
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${order.orderNumber}`,
    order_number: Number(order.orderNumber),
    email: customer?.emailAddress ?? null,
    created_at: isoWithOffset(Date.parse(order.createdDate)),
    updated_at: updatedAt,
    cancelled_at: order.status === 'Cancelled' ? updatedAt : null,
    closed_at: isClosed(order) ? updatedAt : null,
    currency: order.currency,
    taxes_included: false,
    subtotal_price: money(order.subTotal),
    total_discounts: money(0),
    total_tax: money(order.totalTaxAmount),
    total_price: money(order.totalAmount),
    tax_lines: taxLines(order.totalTaxAmount),
    financial_status: FINANCIAL_STATUS[order.status],
    fulfillment_status: order.status === 'Fulfilled' ? 'fulfilled' : null,
    line_items: order.orderLines.map((line, position) => ({
      id: LINE_ID_BASE + index * 10 + position,
      product_id: line.productRef === undefined ? null : PRODUCT_ID_BASE + line.productRef.index,
      variant_id: line.productRef === undefined ? null : VARIANT_ID_BASE + line.productRef.index,
      title: line.productRef?.name ?? 'Custom item',
      name: line.productRef?.name ?? 'Custom item',
      variant_title: null,
      quantity: line.quantity,
      price: money(line.unitPrice),
      taxable: line.taxAmount > 0,
      total_discount: money(0),
      tax_lines: taxLines(line.taxAmount),
    })),
    // A refunded order was given back in full, in one refund.
    refunds: order.status === 'Refunded' ? [{ id: REFUND_ID_BASE + index, created_at: updatedAt, transactions: [{ kind: 'refund', status: 'success', amount: money(order.totalAmount) }] }] : [],
    customer:
      customer === undefined || order.customerRef === undefined
        ? null
        : { id: CUSTOMER_ID_BASE + order.customerRef.index, email: customer.emailAddress, first_name: customer.firstName, last_name: customer.lastName },
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
