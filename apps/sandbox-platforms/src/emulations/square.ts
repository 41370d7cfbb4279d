/**
 * @module Square, emulated from its published OpenAPI (reference/square/): OAuth at `/oauth2/authorize`
 * and `/oauth2/token` (a JSON body naming its `grant_type`, answered with `expires_at` and `merchant_id`),
 * Square's own `/oauth2/revoke` (`Authorization: Client <secret>`), and the reads of API version
 * SQUARE_API_VERSION: `GET /v2/merchants/me`, `GET /v2/locations`, `GET /v2/customers`,
 * `POST /v2/customers/search`, `POST /v2/orders/search`, `GET /v2/catalog/list`, `GET /v2/payments`,
 * `GET /v2/refunds` and `GET /v2/disputes`. Bearer
 * tokens, `cursor` in and out, money as `{ amount, currency }` in the currency's smallest unit, and
 * Square's error body `{ errors: [{ category, code, detail }] }`.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authorizeApiCall, bearerTokenOf, generationContextOf, type ApiRefusal } from '../api-access.js'
import { isoDateTime, parseIsoDate } from '../date-formats.js'
import {
  commerceCompany,
  commercePayments,
  disputes,
  locations,
  orders,
  orderWithTipCentsOf,
  paymentIndexesOfOrder,
  productCategories,
  products,
  sharesOfPayments,
  shoppers,
  taxComponents,
  type CommercePayment,
  type Dispute,
  type Location,
  type Order,
  type Product,
  type ProductCategory,
  type Shopper,
  type TaxComponent,
} from '../datasets/index.js'
import { selectFiltered, type Currency, type GenerationContext, type ListDataset } from '../generated-data.js'
import type { PlatformDefinition } from '../platform-definition.js'
import type { SandboxDeps } from '../sandbox-deps.js'
import { isSameSecret } from '../secret-values.js'
import { grossLinesOf, netLinesOf, type ShownLine } from './tax-included-prices.js'
import type { OAuthError } from '../oauth-error.js'
import type { Grant } from '../token-store.js'

const BASE = '/emulate/square'
/** Square's revocation: not RFC 7009's, so it is served here rather than by the OAuth engine. */
export const SQUARE_REVOKE_PATH = `${BASE}/oauth2/revoke`
/** The one API version served: the version of the published OpenAPI the answers are checked against (reference/square/). */
export const SQUARE_API_VERSION = '2025-08-20'

export const squarePlatform: PlatformDefinition = {
  key: 'square',
  displayName: 'Square (emulated)',
  family: 'commerce',
  paths: {
    authorize: `${BASE}/oauth2/authorize`,
    decision: `${BASE}/oauth2/authorize/decision`,
    token: `${BASE}/oauth2/token`,
    // Square's API sits at its origin: `/v2/...` goes after this.
    apiBase: BASE,
  },
  scopes: {
    MERCHANT_PROFILE_READ: 'View the business profile and its locations',
    CUSTOMERS_READ: 'View customers',
    ORDERS_READ: 'View orders',
    ITEMS_READ: 'View the item library: items, categories and taxes',
    PAYMENTS_READ: 'View payments and refunds',
    DISPUTES_READ: 'View disputes',
  },
  scopeSeparator: ' ',
  pkce: 'optional',
  requiresResponseType: false,
  clientAuthentication: ['client_secret_post'],
  refreshTokens: 'always',
  accessTokensExpire: true,
  tokenRequiresRedirectUri: false,
  tokenRequestBody: 'json',
  presentTokens: (tokens, { now }) => ({
    access_token: tokens.accessToken,
    token_type: 'bearer',
    expires_at: isoDateTime(now.getTime() + (tokens.expiresInSeconds ?? 0) * 1000).replace(/\.\d{3}Z$/, 'Z'),
    merchant_id: SQUARE_MERCHANT_ID,
    ...(tokens.refreshToken === undefined ? {} : { refresh_token: tokens.refreshToken }),
    short_lived: false,
  }),
  presentTokenError: presentSquareTokenError,
  // The datasets the admin may size: those a test needs more pages of, or fewer locations.
  datasets: { orders: 120, products: 40, customers: 60, payments: 100, disputes: 12, locations: 4 },
}

/**
 * The seller who approves on the consent page. The emulation has one, as Xero's has its fixed organisations: every
 * consent is by the same seller, so two grants share its merchant id, as two consents of one seller do at Square (and a
 * revocation by merchant_id, or of a whole authorization, ends them both). Each grant still has its own generated data.
 */
export const SQUARE_MERCHANT_ID = `ML${createHash('sha256').update('square-seller').digest('hex').slice(0, 12).toUpperCase()}`

/**
 * A refused token request as Square answers it: a refused code or refresh token is a 401 AUTHENTICATION_ERROR (Square's
 * own words for an unknown code, recorded in other projects' tests, are "Authorization code not found for app [...]"),
 * as is a refused client, whose words name the client_id or client_secret; a malformed request is a 400. The exact
 * codes and words of each refusal are the emulation's reading, not checked against Square itself.
 */
function presentSquareTokenError(error: OAuthError): { status: number; body: Record<string, unknown> } {
  const refusal = (status: number, category: string, code: string, detail: string) => ({ status, body: { errors: [{ category, code, detail }] } })
  switch (error.code) {
    case 'invalid_grant':
      return refusal(401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', error.description)
    case 'invalid_client':
      return refusal(401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', `Invalid client_id or client_secret: ${error.description}`)
    default:
      return refusal(400, 'INVALID_REQUEST_ERROR', 'BAD_REQUEST', error.description)
  }
}

/** Square's error body: one error with its category, code and a sentence. */
function squareError(reply: FastifyReply, status: number, category: string, code: string, detail: string, field?: string): FastifyReply {
  return reply.status(status).send({ errors: [{ category, code, detail, ...(field === undefined ? {} : { field }) }] })
}

function sendSquareRefusal(reply: FastifyReply, refusal: ApiRefusal): FastifyReply {
  switch (refusal.kind) {
    case 'missing_token':
    case 'invalid_token':
      return squareError(reply, 401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', 'This request could not be authorized.')
    case 'rate_limited':
      return squareError(reply.header('retry-after', String(refusal.retryAfterSeconds)), 429, 'RATE_LIMIT_ERROR', 'RATE_LIMITED', 'Rate limited.')
    case 'platform_failure':
      return squareError(reply, refusal.status, 'API_ERROR', refusal.status === 503 ? 'SERVICE_UNAVAILABLE' : refusal.status === 408 ? 'REQUEST_TIMEOUT' : 'INTERNAL_SERVER_ERROR', 'An internal error occurred.')
  }
}

/** Money in the currency's smallest unit, as Square writes it: every currency the sandbox uses has two decimals. */
function money(amount: number, currency: Currency): { amount: number; currency: Currency } {
  return { amount: Math.round(amount * 100), currency }
}

/** RFC 3339 without milliseconds, as Square writes its times. */
function rfc3339(iso: string): string {
  return isoDateTime(Date.parse(iso)).replace(/\.\d{3}Z$/, 'Z')
}

/** An id in Square's style: upper-case letters and digits, fixed by the kind of record and its position. */
function squareId(kind: string, index: number): string {
  return createHash('sha256').update(`${kind}:${index}`).digest('base64url').replace(/[-_]/g, '').slice(0, 22).toUpperCase()
}

const locationId = (index: number): string => `L${squareId('location', index).slice(0, 12)}`
const orderId = (index: number): string => squareId('order', index)
const customerId = (index: number): string => squareId('customer', index)
const itemId = (index: number): string => squareId('item', index)
const variationId = (index: number): string => squareId('variation', index)
const categoryId = (index: number): string => squareId('category', index)
const taxId = (index: number): string => squareId('tax', index)
const paymentId = (index: number): string => squareId('payment', index)
const disputeId = (index: number): string => squareId('dispute', index)
/** A payment's refund (ListPaymentRefunds), by the payment's position: two payments of one order are refunded apart. */
const paymentRefundId = (index: number): string => squareId('payment-refund', index)

/** A cursor: where the next page starts among the records the request selects. Opaque to a caller, as Square's are. */
function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url')
}

function decodeCursor(text: unknown): number | undefined {
  if (typeof text !== 'string' || text === '') return undefined
  try {
    const { offset } = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { offset?: unknown }
    return typeof offset === 'number' && Number.isSafeInteger(offset) && offset > 0 ? offset : undefined
  } catch {
    return undefined
  }
}

/** A request's failure, rendered as Square's error body: a 400 unless said otherwise. */
class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

/** The offset a `cursor` names (0 without one). */
function offsetOf(cursor: unknown): number {
  if (cursor === undefined) return 0
  const offset = decodeCursor(cursor)
  if (offset === undefined) throw new BadRequest('INVALID_CURSOR', 'The cursor is not valid.', 'cursor')
  return offset
}

/** `limit` between 1 and `max`, `fallback` when absent; Square answers VALUE_TOO_LOW / VALUE_TOO_HIGH out of range. */
function limitOf(value: unknown, max: number, fallback: number): number {
  if (value === undefined) return fallback
  const limit = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(limit)) throw new BadRequest('EXPECTED_INTEGER', 'limit must be an integer.', 'limit')
  if (limit < 1) throw new BadRequest('VALUE_TOO_LOW', 'limit must be at least 1.', 'limit')
  if (limit > max) throw new BadRequest('VALUE_TOO_HIGH', `limit must be at most ${max}.`, 'limit')
  return limit
}

/** An RFC 3339 time parameter, or undefined when absent. */
function timeOf(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined
  const ms = typeof value === 'string' ? parseIsoDate(value) : undefined
  if (ms === undefined) throw new BadRequest('INVALID_TIME', `${field} must be an RFC 3339 time.`, field)
  return ms
}

/** One page of a dataset's records: those `matches` keeps, from the cursor on, and the cursor after them. */
function pageOf<T>(dataset: ListDataset<T>, ctx: GenerationContext, page: { offset: number; limit: number; matches?: (record: T, index: number) => boolean }) {
  const range = selectFiltered(dataset, ctx, { start: page.offset, count: page.limit, matches: page.matches })
  return { items: range.items, cursor: range.hasMore ? encodeCursor(page.offset + range.items.length) : undefined }
}

export function registerSquareApi(app: FastifyInstance, deps: SandboxDeps): void {
  /** The grant a call's Bearer token stands for, or the refusal already sent. Square-Version, when sent, must be the one served. */
  function authorize(request: FastifyRequest, reply: FastifyReply, scope: string): { grant: Grant; ctx: GenerationContext } | FastifyReply {
    const access = authorizeApiCall(deps, squarePlatform, bearerTokenOf(request))
    if (!access.ok) return sendSquareRefusal(reply, access.refusal)
    // Without the header Square answers at the application's default version; the emulation's default is the one it serves.
    const version = request.headers['square-version']
    if (version !== undefined && version !== SQUARE_API_VERSION) {
      // Square serves every version it has released; the emulation only the one its answers were checked
      // against, so that a connector moved to another version fails its tests instead of drifting.
      return squareError(reply, 400, 'INVALID_REQUEST_ERROR', 'API_VERSION_INCOMPATIBLE', `The emulation serves Square-Version ${SQUARE_API_VERSION} only.`)
    }
    if (!access.scopes.includes(scope)) return squareError(reply, 403, 'AUTHENTICATION_ERROR', 'INSUFFICIENT_SCOPES', `The merchant has not given your application sufficient permissions to do this: ${scope} is needed.`)
    return { grant: access.grant, ctx: generationContextOf(deps, squarePlatform, access.grant) }
  }

  /** A read: authorized, its answer built, a BadRequest rendered as Square's 400. */
  function read(scope: string, answer: (request: FastifyRequest, granted: { grant: Grant; ctx: GenerationContext }) => Record<string, unknown>) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const granted = authorize(request, reply, scope)
      if (!('ctx' in granted)) return granted
      try {
        return answer(request, granted)
      } catch (error) {
        if (error instanceof BadRequest) return squareError(reply, error.status, 'INVALID_REQUEST_ERROR', error.code, error.message, error.field)
        throw error
      }
    }
  }

  app.post(SQUARE_REVOKE_PATH, async (request, reply) => revokeSquareToken(deps, request, reply))

  app.get(
    `${BASE}/v2/merchants/:merchantId`,
    read('MERCHANT_PROFILE_READ', (request, { ctx }) => {
      const merchantId = (request.params as { merchantId: string }).merchantId
      // `me` is the seller the token stands for; a token reads no other seller.
      if (merchantId !== 'me' && merchantId !== SQUARE_MERCHANT_ID) throw new BadRequest('NOT_FOUND', `Merchant ${merchantId} not found.`, undefined, 404)
      return { merchant: presentMerchant(ctx) }
    }),
  )

  // Every location at once: ListLocations has no paging.
  app.get(
    `${BASE}/v2/locations`,
    read('MERCHANT_PROFILE_READ', (_request, { ctx }) => ({
      locations: pageOf(locations, ctx, { offset: 0, limit: locations.size(ctx) }).items.map(({ record, index }) => presentLocation(record, index, ctx)),
    })),
  )

  app.get(
    `${BASE}/v2/customers`,
    read('CUSTOMERS_READ', (request, { ctx }) => {
      const query = request.query as Record<string, unknown>
      const page = pageOf(shoppers, ctx, { offset: offsetOf(query['cursor']), limit: limitOf(query['limit'], 100, 100) })
      return { customers: page.items.map(({ record, index }) => presentCustomer(record, index)), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) }
    }),
  )

  app.post(
    `${BASE}/v2/customers/search`,
    read('CUSTOMERS_READ', (request, { ctx }) => {
      const search = readCustomerSearch(request.body)
      const customers = Array.from({ length: shoppers.size(ctx) }, (_, index) => presentCustomer(shoppers.generate(ctx, index), index))
      const selected = customers
        .filter((customer) => search.updatedSince === undefined || Date.parse(customer['updated_at'] as string) >= search.updatedSince)
        .sort((a, b) => search.direction * compareCustomers(a, b, search.byCreation))
      const items = selected.slice(search.offset, search.offset + search.limit)
      const next = search.offset + items.length < selected.length ? encodeCursor(search.offset + items.length) : undefined
      return { customers: items, ...(next === undefined ? {} : { cursor: next }) }
    }),
  )

  app.post(
    `${BASE}/v2/orders/search`,
    read('ORDERS_READ', (request, { ctx }) => {
      const search = readOrderSearch(request.body)
      const wanted = new Set(search.locationIds)
      const page = pageOf(orders, ctx, {
        offset: search.offset,
        limit: search.limit,
        // Without a state filter every state is searched, as the emulation reads Square's reference (unverified against Square itself).
        matches: (order) => wanted.has(locationId(order.locationRef?.index ?? 0)) && (search.states === undefined || search.states.has(ORDER_STATE[order.status])) && (search.updatedSince === undefined || Date.parse(order.modifiedDate) >= search.updatedSince),
      })
      return { orders: page.items.map(({ record, index }) => presentOrder(record, index, ctx)), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) }
    }),
  )

  app.get(
    `${BASE}/v2/catalog/list`,
    read('ITEMS_READ', (request, { ctx }) => {
      const query = request.query as Record<string, unknown>
      const types = typeof query['types'] === 'string' ? query['types'].split(',').map((type) => type.trim().toUpperCase()) : ['ITEM', 'CATEGORY', 'TAX']
      const unknown = types.find((type) => !(CATALOG_TYPES as readonly string[]).includes(type))
      // Square has more types (ITEM_VARIATION, MODIFIER, IMAGE, ...); the emulated library has none of them.
      if (unknown !== undefined) throw new BadRequest('INVALID_ENUM_VALUE', `The emulated catalog lists ITEM, CATEGORY and TAX only, not ${unknown}.`, 'types')
      const objects = catalogObjects(ctx, types as CatalogType[])
      const offset = offsetOf(query['cursor'])
      const items = objects.slice(offset, offset + CATALOG_PAGE)
      const next = offset + items.length < objects.length ? encodeCursor(offset + items.length) : undefined
      return { objects: items.map((object) => object()), ...(next === undefined ? {} : { cursor: next }) }
    }),
  )

  app.get(
    `${BASE}/v2/payments`,
    read('PAYMENTS_READ', (request, { ctx }) => {
      const query = request.query as Record<string, unknown>
      // ListPayments answers one location: the one named, or the seller's main location (ListPaymentRefunds answers all).
      const location = typeof query['location_id'] === 'string' ? query['location_id'] : locations.size(ctx) > 0 ? locationId(0) : undefined
      const payments = Array.from({ length: commercePayments.size(ctx) }, (_, index) => presentPayment(commercePayments.generate(ctx, index), index, ctx)).filter((payment) => payment['location_id'] === location)
      const page = timeWindowPage(payments, query, deps.clock.now().getTime())
      return { payments: page.items, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) }
    }),
  )

  app.get(
    `${BASE}/v2/refunds`,
    read('PAYMENTS_READ', (request, { ctx }) => {
      const query = request.query as Record<string, unknown>
      const location = typeof query['location_id'] === 'string' ? query['location_id'] : undefined
      const refunds = Array.from({ length: commercePayments.size(ctx) }, (_, index) => presentRefund(commercePayments.generate(ctx, index), index, ctx)).filter(
        (refund): refund is Record<string, unknown> => refund !== undefined && (location === undefined || refund['location_id'] === location),
      )
      const page = timeWindowPage(refunds, query, deps.clock.now().getTime())
      return { refunds: page.items, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) }
    }),
  )

  app.get(
    `${BASE}/v2/disputes`,
    read('DISPUTES_READ', (request, { ctx }) => {
      const query = request.query as Record<string, unknown>
      // Nothing to dispute where nothing was taken: a payment failed, authorized only, or voided.
      const tookMoney = (dispute: Dispute) => dispute.paymentRef === undefined || paymentMoneyOf(commercePayments.generate(ctx, dispute.paymentRef.index), dispute.paymentRef.index, ctx).status === 'COMPLETED'
      const page = pageOf(disputes, ctx, { offset: offsetOf(query['cursor']), limit: DISPUTES_PAGE, matches: tookMoney })
      return { disputes: page.items.map(({ record, index }) => presentDispute(record, index, ctx)), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) }
    }),
  )
}

/**
 * A page of ListPayments or ListPaymentRefunds: created within [begin_time, end_time) (by default the year before
 * end_time, itself now by default), updated since updated_at_begin_time when given, newest first unless sort_order is
 * ASC, and at most 100 a page (a larger limit is not refused: Square answers 100).
 */
function timeWindowPage(records: ReadonlyArray<Record<string, unknown>>, query: Record<string, unknown>, now: number): { items: Array<Record<string, unknown>>; cursor: string | undefined } {
  const end = timeOf(query['end_time'], 'end_time') ?? now
  const begin = timeOf(query['begin_time'], 'begin_time') ?? end - 365 * 86_400_000
  const updatedSince = timeOf(query['updated_at_begin_time'], 'updated_at_begin_time')
  const sortOrder = query['sort_order'] ?? 'DESC'
  if (sortOrder !== 'ASC' && sortOrder !== 'DESC') throw new BadRequest('INVALID_SORT_ORDER', 'sort_order must be ASC or DESC.', 'sort_order')
  const limit = Math.min(limitOf(query['limit'], Number.MAX_SAFE_INTEGER, 100), 100)
  const offset = offsetOf(query['cursor'])
  const created = (record: Record<string, unknown>) => Date.parse(record['created_at'] as string)
  const selected = records
    .filter((record) => created(record) >= begin && created(record) < end && (updatedSince === undefined || Date.parse(record['updated_at'] as string) >= updatedSince))
    .sort((a, b) => (sortOrder === 'ASC' ? created(a) - created(b) : created(b) - created(a)))
  const items = selected.slice(offset, offset + limit)
  return { items, cursor: offset + items.length < selected.length ? encodeCursor(offset + items.length) : undefined }
}

/** How many disputes one page holds: ListDisputes takes no limit. */
const DISPUTES_PAGE = 20
/** How many catalog objects one page holds: ListCatalog takes no limit. */
const CATALOG_PAGE = 100

/**
 * POST /oauth2/revoke: `Authorization: Client <client_secret>`, and a JSON body naming the client and
 * either one access token or a merchant. Either ends the seller's whole authorization of the client (every
 * grant of that seller to it), unless `revoke_only_access_token` is true: then the access token named alone.
 * Answered `{ success: true }`; an unknown token or another client's is NOT_FOUND.
 */
function revokeSquareToken(deps: SandboxDeps, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>
  const clientId = typeof body['client_id'] === 'string' ? body['client_id'] : undefined
  const secret = /^Client (.+)$/.exec(request.headers.authorization ?? '')?.[1]
  const client = clientId === undefined ? undefined : deps.store.getClient(clientId)
  if (client === undefined || secret === undefined || !isSameSecret(secret, client.clientSecret)) {
    return squareError(reply, 401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', 'Not Authorized')
  }
  const accessToken = typeof body['access_token'] === 'string' ? body['access_token'] : undefined
  const merchantId = typeof body['merchant_id'] === 'string' ? body['merchant_id'] : undefined
  if ((accessToken === undefined) === (merchantId === undefined)) {
    return squareError(reply, 400, 'INVALID_REQUEST_ERROR', 'BAD_REQUEST', 'Exactly one of access_token and merchant_id is required.')
  }
  const onlyAccessToken = body['revoke_only_access_token'] ?? false
  if (typeof onlyAccessToken !== 'boolean') return squareError(reply, 400, 'INVALID_REQUEST_ERROR', 'EXPECTED_BOOLEAN', 'revoke_only_access_token must be a boolean.', 'revoke_only_access_token')
  const isClientsGrant = (grant: Grant | undefined): grant is Grant => grant !== undefined && grant.platform === squarePlatform.key && grant.clientId === client.clientId && !grant.isRevoked
  if (accessToken !== undefined) {
    // An access token only, as Square's field says: a refresh token sent there matches nothing.
    const record = deps.store.findAccessToken(accessToken)
    if (record === undefined || !isClientsGrant(deps.store.getGrant(record.grantId))) return squareError(reply, 404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', 'No access token matches.')
    if (onlyAccessToken) {
      deps.store.revokeAccessToken(accessToken)
      return reply.status(200).send({ success: true })
    }
  }
  // The whole authorization: every grant of the seller (the emulation's one seller) to this client.
  const revocable = merchantId === undefined || merchantId === SQUARE_MERCHANT_ID ? deps.store.listGrants().filter(isClientsGrant) : []
  if (revocable.length === 0) return squareError(reply, 404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', 'No access token matches.')
  for (const grant of revocable) deps.store.revokeGrant(grant.grantId)
  return reply.status(200).send({ success: true })
}

/** What SearchCustomers was asked: an updated_at start, the sort (Square's DEFAULT is by name; CREATED_AT by creation), the page. */
function readCustomerSearch(body: unknown): { updatedSince: number | undefined; byCreation: boolean; direction: 1 | -1; offset: number; limit: number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('EXPECTED_JSON_BODY', 'The body must be a JSON object.')
  const search = body as Record<string, any>
  const query = (search['query'] ?? {}) as Record<string, any>
  const updatedSince = timeOf(query?.['filter']?.['updated_at']?.['start_at'], 'query.filter.updated_at.start_at')
  const field = query?.['sort']?.['field'] ?? 'DEFAULT'
  const order = query?.['sort']?.['order'] ?? 'ASC'
  if (field !== 'DEFAULT' && field !== 'CREATED_AT') throw new BadRequest('INVALID_ENUM_VALUE', 'query.sort.field must be DEFAULT or CREATED_AT.', 'query.sort.field')
  if (order !== 'ASC' && order !== 'DESC') throw new BadRequest('INVALID_SORT_ORDER', 'query.sort.order must be ASC or DESC.', 'query.sort.order')
  return { updatedSince, byCreation: field === 'CREATED_AT', direction: order === 'ASC' ? 1 : -1, offset: offsetOf(search['cursor']), limit: limitOf(search['limit'], 100, 100) }
}

/** Square's customer orders: DEFAULT by given name then family name, CREATED_AT by creation; the id breaks ties so pages never overlap. */
function compareCustomers(a: Record<string, unknown>, b: Record<string, unknown>, byCreation: boolean): number {
  const keys = (customer: Record<string, unknown>) => (byCreation ? [customer['created_at'], customer['id']] : [customer['given_name'], customer['family_name'], customer['id']]) as string[]
  const [left, right] = [keys(a), keys(b)]
  for (let position = 0; position < left.length; position++) if (left[position] !== right[position]) return left[position]! < right[position]! ? -1 : 1
  return 0
}

/** What SearchOrders was asked: the locations (1 to 10, as Square requires), an updated_at start, the page. */
function readOrderSearch(body: unknown): { locationIds: string[]; states: ReadonlySet<string> | undefined; updatedSince: number | undefined; offset: number; limit: number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('EXPECTED_JSON_BODY', 'The body must be a JSON object.')
  const search = body as Record<string, unknown>
  const ids = search['location_ids']
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) throw new BadRequest('MISSING_REQUIRED_PARAMETER', 'location_ids must name at least one location.', 'location_ids')
  if (ids.length > 10) throw new BadRequest('ARRAY_LENGTH_TOO_LONG', 'location_ids may name at most 10 locations.', 'location_ids')
  const query = (search['query'] ?? {}) as Record<string, any>
  const updatedAt = query?.['filter']?.['date_time_filter']?.['updated_at'] as Record<string, unknown> | undefined
  const updatedSince = timeOf(updatedAt?.['start_at'], 'query.filter.date_time_filter.updated_at.start_at')
  const states = query?.['filter']?.['state_filter']?.['states'] as unknown
  if (states !== undefined && (!Array.isArray(states) || states.length === 0 || !states.every((state) => typeof state === 'string' && ORDER_STATES.has(state)))) {
    throw new BadRequest('INVALID_ENUM_VALUE', `state_filter.states must name states among ${[...ORDER_STATES].join(', ')}.`, 'query.filter.state_filter.states')
  }
  const sortField = query?.['sort']?.['sort_field']
  // Square's rule: a date-time filter must be on the field the results are sorted by.
  if (updatedAt !== undefined && sortField !== 'UPDATED_AT') throw new BadRequest('INVALID_VALUE', 'A date_time_filter on updated_at needs sort.sort_field UPDATED_AT.', 'query.sort.sort_field')
  return { locationIds: ids as string[], states: states === undefined ? undefined : new Set(states as string[]), updatedSince, offset: offsetOf(search['cursor']), limit: limitOf(search['limit'], 1000, 500) }
}

function presentMerchant(ctx: GenerationContext): Record<string, unknown> {
  const company = commerceCompany.generate(ctx)
  return {
    id: SQUARE_MERCHANT_ID,
    business_name: company.companyName,
    country: company.address.country,
    language_code: company.address.country === 'US' ? 'en-US' : company.address.country === 'DE' ? 'de-DE' : 'en-GB',
    currency: company.baseCurrency,
    status: 'ACTIVE',
    ...(locations.size(ctx) > 0 ? { main_location_id: locationId(0) } : {}),
    created_at: rfc3339(company.createdDate),
  }
}

function presentAddress(address: { line1: string; city: string; postalCode: string; country: string }): Record<string, unknown> {
  return { address_line_1: address.line1, locality: address.city, postal_code: address.postalCode, country: address.country }
}

const TIMEZONES: Readonly<Record<string, string>> = { GB: 'Europe/London', DE: 'Europe/Berlin', US: 'America/New_York' }

function presentLocation(location: Location, index: number, ctx: GenerationContext): Record<string, unknown> {
  const company = commerceCompany.generate(ctx)
  return {
    id: locationId(index),
    name: location.name,
    address: presentAddress(location.address),
    timezone: TIMEZONES[location.address.country] ?? 'UTC',
    capabilities: ['CREDIT_CARD_PROCESSING'],
    status: 'ACTIVE',
    created_at: rfc3339(location.modifiedDate),
    merchant_id: SQUARE_MERCHANT_ID,
    country: location.address.country,
    language_code: 'en-GB',
    currency: company.baseCurrency,
    business_name: company.companyName,
    // A warehouse sells nothing over the counter: Square calls a location without a storefront MOBILE.
    type: location.kind === 'Warehouse' ? 'MOBILE' : 'PHYSICAL',
  }
}

function presentCustomer(shopper: Shopper, index: number): Record<string, unknown> {
  return {
    id: customerId(index),
    created_at: rfc3339(shopper.createdDate),
    updated_at: rfc3339(shopper.modifiedDate),
    given_name: shopper.firstName,
    family_name: shopper.lastName,
    email_address: shopper.emailAddress,
    address: presentAddress(shopper.address),
    phone_number: shopper.phone,
    preferences: { email_unsubscribed: shopper.status !== 'Active' },
    creation_source: 'THIRD_PARTY',
    version: 1,
  }
}

/** What Square's order state is for the sandbox's status: paid but not yet fulfilled is still open. */
const ORDER_STATE: Record<Order['status'], string> = { Pending: 'OPEN', Paid: 'OPEN', Fulfilled: 'COMPLETED', Refunded: 'COMPLETED', Cancelled: 'CANCELED' }
/**
 * The state of an order's one fulfilment, for the sandbox's status: an order paid for stays OPEN until its fulfilment
 * is done, which is why a paid order awaiting one is OPEN with its payments COMPLETED.
 */
const FULFILLMENT_STATE: Record<Order['status'], string> = { Pending: 'PROPOSED', Paid: 'RESERVED', Fulfilled: 'COMPLETED', Refunded: 'COMPLETED', Cancelled: 'CANCELED' }
/** Square's OrderState values. */
const ORDER_STATES: ReadonlySet<string> = new Set(['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT'])

/**
 * A line's prices as the order shows them, in cents: with an INCLUSIVE tax (as a seller in the UK or the EU prices),
 * the gross ones of grossLinesOf, the tax in them, on every order that can be shown so; with an ADDITIVE one, on the
 * others, the sandbox's net price and discount.
 */
function squareLinesOf(order: Order): { lines: ShownLine[]; isInclusive: boolean } {
  const grossLines = grossLinesOf(order)
  return grossLines === undefined ? { lines: netLinesOf(order), isInclusive: false } : { lines: grossLines, isInclusive: true }
}

function presentOrder(order: Order, index: number, ctx: GenerationContext): Record<string, unknown> {
  const { currency } = order
  const id = orderId(index)
  const taxRef = order.orderLines.find((line) => line.taxComponentRef !== undefined)?.taxComponentRef
  const taxUid = 'order-tax'
  const discountUid = 'order-discount'
  const hasTax = order.totalTaxAmount > 0
  const hasDiscount = order.totalDiscount > 0
  const updatedAt = rfc3339(order.modifiedDate)
  // With an INCLUSIVE tax, a price, a discount and a service charge's amount have the tax in them; the totals are the same.
  const { lines: shown, isInclusive } = squareLinesOf(order)
  const moneyOfCents = (amount: number) => ({ amount, currency })
  const shippingAmount = order.shipping === undefined ? 0 : order.shipping.amount + (isInclusive ? order.shipping.taxAmount : 0)
  const discountCents = shown.reduce((sum, line) => sum + line.discountCents, 0)
  const serviceCharges =
    order.shipping === undefined
      ? []
      : [
          {
            uid: 'shipping',
            name: order.shipping.method,
            amount_money: money(shippingAmount, currency),
            applied_money: money(shippingAmount, currency),
            total_money: money(order.shipping.amount + order.shipping.taxAmount, currency),
            total_tax_money: money(order.shipping.taxAmount, currency),
            calculation_phase: 'SUBTOTAL_PHASE',
            taxable: order.shipping.taxAmount > 0,
            applied_taxes: order.shipping.taxAmount > 0 ? [{ uid: 'shipping-tax', tax_uid: taxUid, applied_money: money(order.shipping.taxAmount, currency) }] : [],
            type: 'CUSTOM',
          },
        ]
  return {
    id,
    location_id: locationId(order.locationRef?.index ?? 0),
    reference_id: order.orderNumber,
    source: { name: 'Sandbox Store' },
    ...(order.customerRef === undefined ? {} : { customer_id: customerId(order.customerRef.index) }),
    line_items: order.orderLines.map((line, position) => ({
      uid: `line-${position}`,
      name: line.productRef?.name ?? 'Custom amount',
      quantity: String(line.quantity),
      ...(line.productRef === undefined ? { item_type: 'CUSTOM_AMOUNT' } : { catalog_object_id: variationId(line.productRef.index), variation_name: 'Regular', item_type: 'ITEM' }),
      base_price_money: moneyOfCents(shown[position]!.priceCents),
      // Square keeps an inclusive tax in the gross sales of a seller in Europe or Australia (not in the US, Canada or Japan).
      gross_sales_money: moneyOfCents(line.quantity * shown[position]!.priceCents),
      total_tax_money: money(line.taxAmount, currency),
      total_discount_money: moneyOfCents(shown[position]!.discountCents),
      total_money: money(line.totalAmount, currency),
      applied_taxes: line.taxAmount > 0 ? [{ uid: `line-${position}-tax`, tax_uid: taxUid, applied_money: money(line.taxAmount, currency) }] : [],
      applied_discounts: line.discountAmount > 0 ? [{ uid: `line-${position}-discount`, discount_uid: discountUid, applied_money: moneyOfCents(shown[position]!.discountCents) }] : [],
    })),
    taxes: hasTax
      ? [
          {
            uid: taxUid,
            ...(taxRef === undefined ? {} : { catalog_object_id: taxId(taxRef.index) }),
            name: taxRef?.name ?? 'Tax',
            percentage: String(Math.round((taxRef === undefined ? 0 : taxComponents.generate(ctx, taxRef.index).rate) * 10_000) / 100),
            type: isInclusive ? 'INCLUSIVE' : 'ADDITIVE',
            applied_money: money(order.totalTaxAmount, currency),
            scope: 'LINE_ITEM',
          },
        ]
      : [],
    discounts: hasDiscount ? [{ uid: discountUid, name: 'SANDBOX', type: 'FIXED_PERCENTAGE', applied_money: moneyOfCents(discountCents), scope: 'ORDER' }] : [],
    service_charges: serviceCharges,
    // Shipped when it has a delivery charge, else collected at its location.
    fulfillments: [{ uid: 'fulfillment', type: order.shipping === undefined ? 'PICKUP' : 'SHIPMENT', state: FULFILLMENT_STATE[order.status] }],
    refunds: orderRefundsOf(order, index, ctx),
    created_at: rfc3339(order.createdDate),
    updated_at: updatedAt,
    ...(ORDER_STATE[order.status] === 'OPEN' ? {} : { closed_at: updatedAt }),
    state: ORDER_STATE[order.status],
    version: 1,
    // The money to collect: the tip too, which the payment took on top of the order.
    total_money: moneyOfCents(orderWithTipCentsOf(order)),
    total_tax_money: money(order.totalTaxAmount, currency),
    total_discount_money: moneyOfCents(discountCents),
    total_tip_money: money(order.totalGratuity, currency),
    // Square's sum of the service charges' applied_money: an INCLUSIVE tax in it, an ADDITIVE one not.
    total_service_charge_money: money(shippingAmount, currency),
    net_amount_due_money: money(order.status === 'Pending' ? order.totalAmount : 0, currency),
  }
}

const CATALOG_TYPES = ['ITEM', 'CATEGORY', 'TAX'] as const
type CatalogType = (typeof CATALOG_TYPES)[number]

/** The catalog's objects of the types asked, in Square's listing order here: by type as asked, then by record; each built when its page is. */
function catalogObjects(ctx: GenerationContext, types: readonly CatalogType[]): Array<() => Record<string, unknown>> {
  const of = <T>(dataset: ListDataset<T>, present: (record: T, index: number, ctx: GenerationContext) => Record<string, unknown>) =>
    Array.from({ length: dataset.size(ctx) }, (_, index) => () => present(dataset.generate(ctx, index), index, ctx))
  const byType: Record<CatalogType, () => Array<() => Record<string, unknown>>> = {
    ITEM: () => of(products, presentItem),
    CATEGORY: () => of(productCategories, presentCategory),
    TAX: () => of(taxComponents, presentTax),
  }
  return [...new Set(types)].flatMap((type) => byType[type]())
}

function catalogObject(type: CatalogType, id: string, updatedAt: string): Record<string, unknown> {
  return { type, id, updated_at: rfc3339(updatedAt), version: Date.parse(updatedAt), is_deleted: false, present_at_all_locations: true }
}

function presentItem(product: Product, index: number, ctx: GenerationContext): Record<string, unknown> {
  // A product's category is one of the tree's roots, by name.
  const rootCount = Math.min(productCategories.size(ctx), 64)
  const categoryIndex = Array.from({ length: rootCount }, (_, position) => position).find((position) => productCategories.generate(ctx, position).name === product.category)
  const variation = {
    ...catalogObject('ITEM_VARIATION' as CatalogType, variationId(index), product.modifiedDate),
    item_variation_data: {
      item_id: itemId(index),
      name: 'Regular',
      sku: product.sku,
      ordinal: 0,
      pricing_type: 'FIXED_PRICING',
      price_money: money(product.unitPrice, product.currency),
      track_inventory: true,
      sellable: true,
      stockable: true,
    },
  }
  return {
    ...catalogObject('ITEM', itemId(index), product.modifiedDate),
    item_data: {
      name: product.name,
      description_plaintext: '',
      is_taxable: true,
      ...(categoryIndex === undefined ? {} : { categories: [{ id: categoryId(categoryIndex), ordinal: 0 }], reporting_category: { id: categoryId(categoryIndex), ordinal: 0 } }),
      variations: [variation],
      product_type: 'REGULAR',
      is_archived: !product.isActive,
    },
  }
}

function presentCategory(category: ProductCategory, index: number): Record<string, unknown> {
  return {
    ...catalogObject('CATEGORY', categoryId(index), category.modifiedDate),
    category_data: {
      name: category.name,
      category_type: 'REGULAR_CATEGORY',
      is_top_level: category.parentRef === undefined,
      ...(category.parentRef === undefined ? {} : { parent_category: { id: categoryId(category.parentRef.index), ordinal: 0 } }),
    },
  }
}

function presentTax(tax: TaxComponent, index: number): Record<string, unknown> {
  return {
    ...catalogObject('TAX', taxId(index), tax.modifiedDate),
    tax_data: { name: tax.name, calculation_phase: 'TAX_SUBTOTAL_PHASE', inclusion_type: 'ADDITIVE', percentage: String(Math.round(tax.rate * 10_000) / 100), applies_to_custom_amounts: true, enabled: true },
  }
}

/** How a sandbox payment was made, in Square's terms: a card, a bank transfer (ACH), or PayPal recorded as an external payment. */
function paymentSource(payment: CommercePayment, index: number, status: SquarePaymentStatus): Record<string, unknown> {
  switch (payment.paymentMethod) {
    case 'Card':
      return {
        source_type: 'CARD',
        card_details: {
          status: CARD_STATUS[status],
          card: { card_brand: (['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS'] as const)[index % 3], last_4: String(1000 + ((index * 7919) % 9000)), card_type: 'CREDIT' },
          entry_method: 'KEYED',
        },
      }
    case 'BankTransfer':
      return { source_type: 'BANK_ACCOUNT', bank_account_details: { bank_name: 'Sandbox Bank', transfer_type: 'ACH', account_ownership_type: 'COMPANY' } }
    case 'PayPal':
      return { source_type: 'EXTERNAL', external_details: { type: 'OTHER', source: 'PayPal' } }
  }
}

/** Square's payment statuses that the emulation shows. */
type SquarePaymentStatus = 'APPROVED' | 'CANCELED' | 'COMPLETED' | 'FAILED'

/** A card payment's card_details.status for its payment's: authorized, voided, captured or failed. */
const CARD_STATUS: Record<SquarePaymentStatus, string> = { APPROVED: 'AUTHORIZED', CANCELED: 'VOIDED', COMPLETED: 'CAPTURED', FAILED: 'FAILED' }

/** One payment's money in Square's terms, in cents: amount_money, tip_money (total_money is both), and what was refunded of it. */
interface PaymentMoney {
  status: SquarePaymentStatus
  amountCents: number
  tipCents: number
  refundedCents: number
}

/**
 * A payment's money. Of an order, its payments that did not fail share the order's amount and its refund
 * (sharesOfPayments: each refunded at most what it took), the first carrying the tip, so that the order's payments
 * come to its total_money. A pending order's are APPROVED (authorized, not captured) and a cancelled order's CANCELED
 * (the authorization voided): neither took money. A failed payment tried for all of the order, and took nothing.
 */
function paymentMoneyOf(payment: CommercePayment, index: number, ctx: GenerationContext): PaymentMoney {
  const order = payment.orderRef === undefined ? undefined : orders.generate(ctx, payment.orderRef.index)
  const tipCents = Math.round((order?.totalGratuity ?? 0) * 100)
  if (payment.orderRef === undefined || order === undefined || payment.status === 'Failed') {
    return { status: payment.status === 'Failed' ? 'FAILED' : 'COMPLETED', amountCents: Math.round(payment.amount * 100) - tipCents, tipCents, refundedCents: 0 }
  }
  const shares = orderPaymentsOf(order, payment.orderRef.index, ctx)
  return shares.find((share) => share.paymentIndex === index)!
}

/** The payments of an order that did not fail, each with its money (paymentMoneyOf), in the payments' order. */
function orderPaymentsOf(order: Order, orderIndex: number, ctx: GenerationContext): Array<PaymentMoney & { paymentIndex: number }> {
  const taking = paymentIndexesOfOrder(ctx, orderIndex).filter((paymentIndex) => commercePayments.generate(ctx, paymentIndex).status !== 'Failed')
  const amountCents = Math.round(order.totalAmount * 100)
  const status: SquarePaymentStatus = order.status === 'Pending' ? 'APPROVED' : order.status === 'Cancelled' ? 'CANCELED' : 'COMPLETED'
  // A refunded order was given back in full, the tip aside (an order with a tip is one kept).
  const shares = sharesOfPayments(amountCents, order.status === 'Refunded' ? amountCents : 0, taking.length)
  return taking.map((paymentIndex, place) => ({ paymentIndex, status, amountCents: shares[place]!.chargedCents, tipCents: place === 0 ? Math.round(order.totalGratuity * 100) : 0, refundedCents: shares[place]!.refundedCents }))
}

/**
 * An order's refunds, as the order lists them: a refunded order's, one for each payment the refund went back through,
 * naming it (tender_id); one naming none when no payment of the order went through.
 */
function orderRefundsOf(order: Order, index: number, ctx: GenerationContext): Array<Record<string, unknown>> {
  if (order.status !== 'Refunded') return []
  const refund = { location_id: locationId(order.locationRef?.index ?? 0), transaction_id: orderId(index), created_at: rfc3339(order.modifiedDate), reason: 'Returned goods', status: 'APPROVED' }
  const refunded = orderPaymentsOf(order, index, ctx).filter((payment) => payment.refundedCents > 0)
  if (refunded.length === 0) return [{ id: squareId('refund', index), ...refund, amount_money: money(order.totalAmount, order.currency) }]
  return refunded.map((payment) => ({
    id: paymentRefundId(payment.paymentIndex),
    ...refund,
    created_at: rfc3339(refundedAtOf(order, commercePayments.generate(ctx, payment.paymentIndex))),
    tender_id: paymentId(payment.paymentIndex),
    amount_money: { amount: payment.refundedCents, currency: order.currency },
  }))
}

/** Square's processing fee on what a payment took: 2.9% and 30 cents on a card, 1% on a bank transfer; none on a payment taken elsewhere or one that took nothing. */
function feeCentsOf(payment: CommercePayment, paid: PaymentMoney): number {
  if (paid.status !== 'COMPLETED') return 0
  const totalCents = paid.amountCents + paid.tipCents
  if (payment.paymentMethod === 'Card') return Math.round(totalCents * 0.029 + 30)
  if (payment.paymentMethod === 'BankTransfer') return Math.round(totalCents * 0.01)
  return 0
}

function presentPayment(payment: CommercePayment, index: number, ctx: GenerationContext): Record<string, unknown> {
  const { currency } = payment
  const order = payment.orderRef === undefined ? undefined : orders.generate(ctx, payment.orderRef.index)
  const paid = paymentMoneyOf(payment, index, ctx)
  const fee = feeCentsOf(payment, paid)
  const createdAt = rfc3339(payment.paidDate)
  const moneyOfCents = (amount: number) => ({ amount, currency })
  // Square's amount_money leaves the tip out; total_money is both, what the customer paid.
  const totalCents = paid.amountCents + paid.tipCents
  return {
    id: paymentId(index),
    created_at: createdAt,
    // A refund changes its payment: updated then at the latest.
    updated_at: rfc3339(order !== undefined && paid.refundedCents > 0 && Date.parse(refundedAtOf(order, payment)) > Date.parse(payment.modifiedDate) ? refundedAtOf(order, payment) : payment.modifiedDate),
    amount_money: moneyOfCents(paid.amountCents),
    ...(paid.tipCents > 0 ? { tip_money: moneyOfCents(paid.tipCents) } : {}),
    total_money: moneyOfCents(totalCents),
    // What was authorized: nothing of a payment that failed.
    approved_money: moneyOfCents(paid.status === 'FAILED' ? 0 : totalCents),
    ...(paid.refundedCents > 0 ? { refunded_money: moneyOfCents(paid.refundedCents), refund_ids: [paymentRefundId(index)] } : {}),
    ...(fee > 0 ? { processing_fee: [{ effective_at: createdAt, type: 'INITIAL', amount_money: moneyOfCents(fee) }] } : {}),
    status: paid.status,
    // An authorization is captured later (or voided): Square's delayed capture.
    ...(paid.status === 'APPROVED' || paid.status === 'CANCELED' ? { delay_action: 'CANCEL' } : {}),
    ...paymentSource(payment, index, paid.status),
    location_id: locationId(order?.locationRef?.index ?? 0),
    ...(payment.orderRef === undefined ? {} : { order_id: orderId(payment.orderRef.index) }),
    ...(order?.customerRef === undefined ? {} : { customer_id: customerId(order.customerRef.index) }),
    receipt_number: paymentId(index).slice(0, 4),
    version_token: `v${Date.parse(payment.modifiedDate)}`,
  }
}

/** When a payment's refund was made: when its order last changed (it was refunded then), but never before the payment. */
function refundedAtOf(order: Order, payment: CommercePayment): string {
  return Date.parse(order.modifiedDate) >= Date.parse(payment.paidDate) ? order.modifiedDate : payment.paidDate
}

/** The refund of a payment: its share of its order's refund, back the way it came, when its order was refunded. */
function presentRefund(payment: CommercePayment, index: number, ctx: GenerationContext): Record<string, unknown> | undefined {
  if (payment.orderRef === undefined) return undefined
  const paid = paymentMoneyOf(payment, index, ctx)
  if (paid.refundedCents === 0) return undefined
  const order = orders.generate(ctx, payment.orderRef.index)
  const source = paymentSource(payment, index, paid.status)
  const refundedAt = rfc3339(refundedAtOf(order, payment))
  return {
    id: paymentRefundId(index),
    status: 'COMPLETED',
    location_id: locationId(order.locationRef?.index ?? 0),
    destination_type: source['source_type'],
    ...(source['source_type'] === 'EXTERNAL' ? { destination_details: { external_details: source['external_details'] } } : {}),
    amount_money: { amount: paid.refundedCents, currency: payment.currency },
    payment_id: paymentId(index),
    order_id: orderId(payment.orderRef.index),
    reason: 'Returned goods',
    created_at: refundedAt,
    updated_at: refundedAt,
  }
}

/** Square's dispute state for the sandbox's status. */
const DISPUTE_STATE: Record<Dispute['status'], string> = {
  Won: 'WON',
  Lost: 'LOST',
  Accepted: 'ACCEPTED',
  Processing: 'PROCESSING',
  // Square has no state for a charge refunded in the dispute: the seller accepted it.
  ChargeRefunded: 'ACCEPTED',
  EvidenceRequired: 'EVIDENCE_REQUIRED',
  InquiryEvidenceRequired: 'INQUIRY_EVIDENCE_REQUIRED',
  InquiryClosed: 'INQUIRY_CLOSED',
}

/** Square's dispute reasons for the sandbox's (card networks' words). */
const DISPUTE_REASON: Readonly<Record<string, string>> = {
  fraudulent: 'NO_KNOWLEDGE',
  product_not_received: 'NOT_RECEIVED',
  product_unacceptable: 'NOT_AS_DESCRIBED',
  duplicate: 'DUPLICATE',
  subscription_canceled: 'CANCELLED',
  credit_not_processed: 'CUSTOMER_REQUESTS_CREDIT',
}

function presentDispute(dispute: Dispute, index: number, ctx: GenerationContext): Record<string, unknown> {
  const payment = dispute.paymentRef === undefined ? undefined : commercePayments.generate(ctx, dispute.paymentRef.index)
  const order = dispute.orderRef === undefined ? undefined : orders.generate(ctx, dispute.orderRef.index)
  const id = disputeId(index)
  // A chargeback is for at most what its payment took: its share of a split tender.
  const paid = payment === undefined ? undefined : paymentMoneyOf(payment, dispute.paymentRef!.index, ctx)
  const amountCents = Math.round(dispute.amount * 100)
  return {
    dispute_id: id,
    id,
    amount_money: { amount: paid === undefined ? amountCents : Math.min(amountCents, paid.amountCents + paid.tipCents), currency: dispute.currency },
    reason: DISPUTE_REASON[dispute.reason] ?? 'NO_KNOWLEDGE',
    state: DISPUTE_STATE[dispute.status],
    due_at: rfc3339(dispute.dueDate),
    ...(dispute.paymentRef === undefined ? {} : { disputed_payment: { payment_id: paymentId(dispute.paymentRef.index) } }),
    card_brand: payment?.paymentMethod === 'Card' ? (['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS'] as const)[dispute.paymentRef!.index % 3] : 'VISA',
    created_at: rfc3339(dispute.createdDate),
    updated_at: rfc3339(dispute.modifiedDate),
    brand_dispute_id: `BD${id.slice(0, 10)}`,
    reported_at: rfc3339(dispute.createdDate),
    version: 1,
    location_id: locationId(order?.locationRef?.index ?? 0),
  }
}
