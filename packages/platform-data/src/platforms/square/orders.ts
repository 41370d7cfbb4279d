/**
 * @module Square orders (POST /v2/orders/search) read into the unified CommerceOrder. SearchOrders must name the
 * locations it searches (at most 10 a request), so a read first lists the seller's locations (GET /v2/locations),
 * then searches them ten at a time, the cursor saying which ten and where in their orders it is. Orders come
 * oldest change first; an incremental read asks for those updated since the last sync.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { amountOf, locationIdsOf, moneyOf, nextSquarePage, parseSquareDate, requestSquareLocations, requireSquareId, SQUARE_HEADERS, squareDateTime, squareListItems, squareLocationsCursor } from './square-api.js'

type CommerceOrder = DataRecordOf<'commerce-orders'>
type OrderLineItem = NonNullable<CommerceOrder['orderLineItems']>[number]
type ServiceCharge = NonNullable<CommerceOrder['serviceCharges']>[number]
type TaxAllocation = NonNullable<OrderLineItem['taxes']>[number]

/** SearchOrders' limits: at most 10 locations a request, at most 1000 orders a page. */
const LOCATIONS_PER_SEARCH = 10
const MAX_ORDERS_PER_PAGE = 1000
/** Every state a real order is in; a DRAFT is a cart not yet placed. Named, so the read does not hang on a default. */
const ORDER_STATES = ['OPEN', 'COMPLETED', 'CANCELED']

function searchBody(context: SourceContext, locationIds: readonly string[], cursor: string | undefined): Record<string, unknown> {
  const filter: Record<string, unknown> = { state_filter: { states: ORDER_STATES } }
  // Square refuses a date-time filter on another field than the one sorted by.
  if (context.modifiedSince !== undefined) filter['date_time_filter'] = { updated_at: { start_at: isoDateTime(context.modifiedSince.getTime()) } }
  return {
    location_ids: locationIds.slice(0, LOCATIONS_PER_SEARCH),
    limit: Math.max(1, Math.min(context.pageSize, MAX_ORDERS_PER_PAGE)),
    query: { filter, sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } },
    ...(cursor === undefined ? {} : { cursor }),
  }
}

export const squareOrders: DataSource<'commerce-orders'> = {
  dataType: 'commerce-orders',
  isIncremental: true,
  request(context, cursor) {
    if (cursor === undefined) return requestSquareLocations(context)
    const page = cursor['cursor']
    return { url: `${context.baseUrl}/v2/orders/search`, headers: SQUARE_HEADERS, method: 'POST', body: searchBody(context, locationIdsOf(cursor), typeof page === 'string' ? page : undefined) }
  },
  read(response, _context, cursor) {
    if (cursor === undefined) return { records: [], next: squareLocationsCursor(response.body) }
    const locations = locationIdsOf(cursor)
    const records = squareListItems(response.body, 'orders').map(readSquareOrder)
    const next = nextSquarePage(response.body)
    if (next !== undefined) return { records, next: { ...next, locations: locations.join(',') } }
    const rest = locations.slice(LOCATIONS_PER_SEARCH)
    return { records, next: rest.length === 0 ? undefined : { locations: rest.join(',') } }
  },
}

function readSquareOrder(raw: Record<string, unknown>, index: number): SourceRecord<'commerce-orders'> {
  const id = requireSquareId(raw, 'orders', index)
  const updatedAt = parseSquareDate(raw['updated_at'])
  const createdAt = parseSquareDate(raw['created_at'])
  if (createdAt === undefined || updatedAt === undefined) throw new DataSourceError(`Square's order ${id} lacks a readable created_at or updated_at.`)
  const total = moneyOf(raw['total_money'])
  if (total === undefined) throw new DataSourceError(`Square's order ${id} has no total_money.`)
  const taxes = taxesById(raw['taxes'])
  const lines = Array.isArray(raw['line_items']) ? raw['line_items'] : []
  // Square's total_money is what is collected, tips too; the reference's totalAmount excludes gratuities, which are totalGratuity.
  const tip = amountOf(raw['total_tip_money'])

  const order: CommerceOrder = {
    id,
    createdDate: isoDateTime(createdAt),
    modifiedDate: isoDateTime(updatedAt),
    sourceModifiedDate: isoDateTime(updatedAt),
    totalAmount: Math.round((total.amount - (tip ?? 0)) * 10_000) / 10_000,
    orderLineItems: lines.map((line, position) => readLineItem(line, taxes, id, position)),
  }
  if (total.currency !== undefined) order.currency = total.currency
  // Square's orders have no number of their own; the seller's reference is what a person would quote.
  const reference = textOf(raw['reference_id'])
  if (reference !== undefined) order.orderNumber = reference
  const customerId = textOf(raw['customer_id'])
  if (customerId !== undefined) order.customerRef = { id: customerId }
  const locationId = textOf(raw['location_id'])
  if (locationId !== undefined) order.locationRef = { id: locationId }
  const serviceCharges = readServiceCharges(raw['service_charges'], taxes)
  if (serviceCharges.length > 0) order.serviceCharges = serviceCharges
  const discount = amountOf(raw['total_discount_money'])
  if (discount !== undefined) order.totalDiscount = Math.round((discount - inclusiveTaxInDiscounts(lines, taxes)) * 10_000) / 10_000
  if (tip !== undefined) order.totalGratuity = tip
  const tax = amountOf(raw['total_tax_money'])
  if (tax !== undefined) order.totalTaxAmount = tax
  const refunded = refundedAmount(raw['refunds'])
  if (refunded !== undefined) order.totalRefund = refunded
  const closed = squareDateTime(raw['closed_at'])
  if (closed !== undefined) order.closedDate = closed
  return { id, modifiedAt: new Date(updatedAt), data: order }
}

interface OrderTax {
  ref: { id: string; name: string }
  /** A fraction: 0.2 for Square's "20". */
  rate: number | undefined
  /** Square's INCLUSIVE tax: already in the line's base price (usual for UK, EU and Australian sellers), not added to it. */
  isInclusive: boolean
}

/** The order's taxes by uid, which its lines' applied_taxes name; a tax from the item library is known by its catalog id, as commerce-taxComponents has it. */
function taxesById(raw: unknown): Map<string, OrderTax> {
  const taxes = new Map<string, OrderTax>()
  if (!Array.isArray(raw)) return taxes
  for (const tax of raw) {
    if (!isObject(tax)) continue
    const uid = textOf(tax['uid'])
    if (uid === undefined) continue
    const name = textOf(tax['name']) ?? uid
    const percentage = Number(textOf(tax['percentage']))
    taxes.set(uid, { ref: { id: textOf(tax['catalog_object_id']) ?? name, name }, rate: Number.isFinite(percentage) ? Math.round(percentage * 10_000) / 1_000_000 : undefined, isInclusive: tax['type'] === 'INCLUSIVE' })
  }
  return taxes
}

/** The taxes applied to a line or a charge: each tax's amount on it, and the sum of their rates as a percentage. */
function appliedTaxes(raw: unknown, taxes: ReadonlyMap<string, OrderTax>): { taxes: TaxAllocation[]; taxPercentage: number } {
  const allocations: TaxAllocation[] = []
  let rate = 0
  if (!Array.isArray(raw)) return { taxes: allocations, taxPercentage: 0 }
  for (const applied of raw) {
    if (!isObject(applied)) continue
    const tax = taxes.get(textOf(applied['tax_uid']) ?? '')
    const allocation: TaxAllocation = {}
    const amount = amountOf(applied['applied_money'])
    // As the other platforms' orders have it: an allocation's `rate` is the amount the tax put on the line.
    if (amount !== undefined) allocation.rate = amount
    if (tax !== undefined) {
      allocation.taxComponentRef = tax.ref
      rate += tax.rate ?? 0
    }
    allocations.push(allocation)
  }
  return { taxes: allocations, taxPercentage: Math.round(rate * 1_000_000) / 10_000 }
}

/** What a line or a service charge costs, as Square totals it: its tax, its total with tax, and the taxes applied (when any). */
function chargedOf(raw: Record<string, unknown>, taxes: ReadonlyMap<string, OrderTax>): { tax?: number; totalAmount?: number; taxes?: TaxAllocation[]; taxPercentage?: number } {
  const charged: ReturnType<typeof chargedOf> = {}
  const tax = amountOf(raw['total_tax_money'])
  if (tax !== undefined) charged.tax = tax
  const total = amountOf(raw['total_money'])
  if (total !== undefined) charged.totalAmount = total
  const applied = appliedTaxes(raw['applied_taxes'], taxes)
  if (applied.taxes.length > 0) {
    charged.taxes = applied.taxes
    charged.taxPercentage = applied.taxPercentage
  }
  return charged
}

/** A line: Square gives its total with tax and discount applied, so nothing is recomputed. Its catalog object is the item variation sold. */
function readLineItem(raw: unknown, taxes: ReadonlyMap<string, OrderTax>, orderId: string, position: number): OrderLineItem {
  if (!isObject(raw)) throw new DataSourceError(`Square's order ${orderId} has line_items[${position}] that is not an object.`)
  // A line's uid is unique within its order only.
  const uid = textOf(raw['uid']) ?? String(position)
  const quantity = Number(textOf(raw['quantity']))
  const line: OrderLineItem = { id: `${orderId}-${uid}` }
  if (Number.isFinite(quantity)) line.quantity = quantity
  const basePrice = amountOf(raw['base_price_money'])
  if (basePrice !== undefined) line.unitPrice = unitPriceWithoutTax(raw, basePrice, Number.isFinite(quantity) ? quantity : 0, taxes)
  const { tax, ...charged } = chargedOf(raw, taxes)
  Object.assign(line, charged, tax === undefined ? {} : { totalTaxAmount: tax })
  const variationId = textOf(raw['catalog_object_id'])
  if (variationId !== undefined) {
    const name = textOf(raw['name'])
    line.productVariantRef = name === undefined ? { id: variationId } : { id: variationId, name }
  }
  return line
}

/** The INCLUSIVE taxes applied to a line: the sum of their rates (a fraction) and of their amounts on it. */
function inclusiveTaxesOf(raw: Record<string, unknown>, taxes: ReadonlyMap<string, OrderTax>): { rate: number; amount: number } {
  let rate = 0
  let amount = 0
  for (const applied of Array.isArray(raw['applied_taxes']) ? raw['applied_taxes'] : []) {
    if (!isObject(applied)) continue
    const tax = taxes.get(textOf(applied['tax_uid']) ?? '')
    if (tax === undefined || !tax.isInclusive) continue
    rate += tax.rate ?? 0
    amount += amountOf(applied['applied_money']) ?? 0
  }
  return { rate, amount }
}

/**
 * The reference's totalDiscount excludes tax; a discount on a line whose price has its INCLUSIVE taxes in it has them
 * in it too. The tax in it is, line by line, what the line's inclusive rates put in a gross amount:
 * discount × rate / (1 + rate). Square states no such figure, so this is exact up to the cent it rounds its tax to.
 */
function inclusiveTaxInDiscounts(lines: readonly unknown[], taxes: ReadonlyMap<string, OrderTax>): number {
  let tax = 0
  for (const line of lines) {
    if (!isObject(line)) continue
    const { rate } = inclusiveTaxesOf(line, taxes)
    const discount = amountOf(line['total_discount_money']) ?? 0
    tax += discount - discount / (1 + rate)
  }
  return tax
}

/**
 * The reference's unitPrice excludes tax. Square's base price has its INCLUSIVE taxes in it, so they are taken out:
 * without a discount, the line's inclusive tax amounts off the gross ((base × quantity − tax) / quantity, exact to
 * Square's rounded cents); with one, the tax was worked out on the discounted amount, so by the rates:
 * base / (1 + Σ inclusive rate). An ADDITIVE tax is on top of the base price, which is then the unit price as it is.
 */
function unitPriceWithoutTax(raw: Record<string, unknown>, basePrice: number, quantity: number, taxes: ReadonlyMap<string, OrderTax>): number {
  const { rate: inclusiveRate, amount: inclusiveTax } = inclusiveTaxesOf(raw, taxes)
  if (inclusiveRate === 0 && inclusiveTax === 0) return basePrice
  const discount = amountOf(raw['total_discount_money']) ?? 0
  if (discount === 0 && quantity > 0) return Math.round(((basePrice * quantity - inclusiveTax) / quantity) * 10_000) / 10_000
  return Math.round((basePrice / (1 + inclusiveRate)) * 10_000) / 10_000
}

/** Service charges (delivery among them: Square does not tell them apart, so each is Generic), with their tax. */
function readServiceCharges(raw: unknown, taxes: ReadonlyMap<string, OrderTax>): ServiceCharge[] {
  if (!Array.isArray(raw)) return []
  return raw.filter(isObject).map((charge) => {
    const result: ServiceCharge = { type: 'Generic', quantity: 1 }
    const name = textOf(charge['name'])
    if (name !== undefined) result.description = name
    const { tax, ...charged } = chargedOf(charge, taxes)
    return Object.assign(result, charged, tax === undefined ? {} : { taxAmount: tax })
  })
}

/** What was given back, negative as the reference's totalRefund always is: the order's approved refunds (Square's RefundStatus has PENDING, APPROVED, REJECTED and FAILED). */
function refundedAmount(raw: unknown): number | undefined {
  if (!Array.isArray(raw)) return undefined
  let refunded = 0
  for (const refund of raw) {
    if (isObject(refund) && refund['status'] === 'APPROVED') refunded += amountOf(refund['amount_money']) ?? 0
  }
  // 0 - 0 is 0, where -0 would be -0.
  return 0 - Math.round(refunded * 10_000) / 10_000
}
