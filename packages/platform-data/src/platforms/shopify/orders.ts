/**
 * @module Shopify orders (GET /orders.json, every status) read into the unified CommerceOrder.
 * Amounts are the shop's currency, as Shopify's unsuffixed money fields are. The order's `payments`
 * are left out: Shopify's order list does not carry them, and reading each order's transactions would
 * cost a request per order; commerce-payments reads them all from one list (tender transactions).
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { idOf, moneyOf, nextShopifyPage, parseShopifyDate, requestShopifyPage, roundAmount } from './shopify-api.js'

type CommerceOrder = DataRecordOf<'commerce-orders'>
type OrderLineItem = NonNullable<CommerceOrder['orderLineItems']>[number]
type ServiceCharge = NonNullable<CommerceOrder['serviceCharges']>[number]
type TaxAllocation = NonNullable<OrderLineItem['taxes']>[number]

// Without status=any Shopify lists only open orders, and closed and cancelled ones would never sync.
const ORDER_FILTERS = { status: 'any' }

export const shopifyOrders: DataSource<'commerce-orders'> = {
  dataType: 'commerce-orders',
  isIncremental: true,
  request: (context, cursor) => requestShopifyPage(context, 'orders', ORDER_FILTERS, cursor),
  read(response) {
    const body = response.body
    const orders = isObject(body) ? body['orders'] : undefined
    if (!Array.isArray(orders)) throw new DataSourceError("Shopify's answer has no orders array.")
    const records: Array<SourceRecord<'commerce-orders'>> = []
    for (let index = 0; index < orders.length; index++) records.push(readShopifyOrder(orders[index], index))
    return { records, next: nextShopifyPage(response.headers) }
  },
}

function readShopifyOrder(raw: unknown, index: number): SourceRecord<'commerce-orders'> {
  if (!isObject(raw)) throw new DataSourceError(`Shopify's orders[${index}] is not an object.`)
  const id = idOf(raw['id'])
  if (id === undefined) throw new DataSourceError(`Shopify's orders[${index}] has no id.`)
  const createdAt = parseShopifyDate(raw['created_at'])
  const updatedAt = parseShopifyDate(raw['updated_at'])
  if (createdAt === undefined || updatedAt === undefined) throw new DataSourceError(`Shopify's order ${id} lacks a readable created_at or updated_at.`)
  const lines = raw['line_items']
  if (!Array.isArray(lines)) throw new DataSourceError(`Shopify's order ${id} has no line_items array.`)
  const totalPrice = moneyOf(raw['total_price'])
  if (totalPrice === undefined) throw new DataSourceError(`Shopify's order ${id} has no total_price.`)
  // Line prices are net of tax unless the shop shows prices with tax included (as in the EU and UK).
  const isTaxIncluded = raw['taxes_included'] === true

  // Shopify's total_price holds the tips; the reference's totalAmount excludes gratuities, which are totalGratuity.
  const totalTip = moneyOf(raw['total_tip_received'])

  const order: CommerceOrder = {
    id,
    createdDate: isoDateTime(createdAt),
    sourceModifiedDate: isoDateTime(updatedAt),
    totalAmount: roundAmount(totalPrice - (totalTip ?? 0)),
    orderLineItems: lines.map((line, position) => readLineItem(line, isTaxIncluded, id, position)),
  }
  const orderNumber = textOf(raw['name']) ?? idOf(raw['order_number'])
  if (orderNumber !== undefined) order.orderNumber = orderNumber
  const country = countryOf(raw['billing_address']) ?? countryOf(raw['shipping_address'])
  if (country !== undefined) order.country = country
  const currency = textOf(raw['currency'])
  if (currency !== undefined) order.currency = currency
  const customer = readCustomerRef(raw['customer'])
  if (customer !== undefined) order.customerRef = customer
  const serviceCharges = readShippingCharges(raw['shipping_lines'], isTaxIncluded)
  if (serviceCharges.length > 0) order.serviceCharges = serviceCharges
  const totalDiscount = moneyOf(raw['total_discounts'])
  if (totalDiscount !== undefined) order.totalDiscount = isTaxIncluded ? roundAmount(totalDiscount - taxInDiscounts(lines, raw['shipping_lines'])) : totalDiscount
  if (totalTip !== undefined) order.totalGratuity = totalTip
  const totalRefund = refundedAmount(raw['refunds'])
  if (totalRefund !== undefined) order.totalRefund = totalRefund
  const totalTax = moneyOf(raw['total_tax'])
  if (totalTax !== undefined) order.totalTaxAmount = totalTax
  const closedAt = parseShopifyDate(raw['closed_at'])
  if (closedAt !== undefined) order.closedDate = isoDateTime(closedAt)
  return { id, modifiedAt: new Date(updatedAt), data: order }
}

/**
 * A line's total is what the customer pays for it: price × quantity less its share of discounts,
 * plus its tax when prices are shown without tax. Tax lines carry the rate as a fraction (0.0825).
 */
function readLineItem(raw: unknown, isTaxIncluded: boolean, orderId: string, position: number): OrderLineItem {
  if (!isObject(raw)) throw new DataSourceError(`Shopify's order ${orderId} has line_items[${position}] that is not an object.`)
  const id = idOf(raw['id'])
  if (id === undefined) throw new DataSourceError(`Shopify's order ${orderId} has line_items[${position}] without an id.`)
  const quantity = typeof raw['quantity'] === 'number' ? raw['quantity'] : 0
  const price = moneyOf(raw['price']) ?? 0
  const { taxes, taxAmount, taxRate } = readTaxLines(raw['tax_lines'])
  const discount = discountOf(raw)
  const net = price * quantity - discount
  const unitPrice = isTaxIncluded ? unitPriceWithoutTax({ price, quantity, discount, taxAmount, taxRate }, orderId, id) : price

  const line: OrderLineItem = { id, quantity, unitPrice, totalTaxAmount: taxAmount, totalAmount: roundAmount(isTaxIncluded ? net : net + taxAmount) }
  if (taxes.length > 0) {
    line.taxes = taxes
    line.taxPercentage = taxRate
  }
  const productId = idOf(raw['product_id'])
  if (productId !== undefined) {
    line.productRef = { id: productId }
    const title = textOf(raw['title'])
    if (title !== undefined) line.productRef.name = title
  }
  const variantId = idOf(raw['variant_id'])
  if (variantId !== undefined) {
    line.productVariantRef = { id: variantId }
    const variantName = textOf(raw['variant_title']) ?? textOf(raw['name'])
    if (variantName !== undefined) line.productVariantRef.name = variantName
  }
  return line
}

/**
 * The reference's unitPrice excludes tax; with tax included, Shopify's `price` is gross (tax in it). Shopify works
 * the line's tax out of the gross after discounts and rounds it to the cent, so without a discount, taking that tax
 * off the gross (price × quantity − tax) / quantity is exact to Shopify's own figures: unitPrice × quantity + tax
 * is then the line's total to the cent, where price / (1 + rate) would be off by the tax's rounding. With a discount,
 * the tax is the discounted gross's, not the price's, so the rate is used: price / (1 + Σ rate of the tax lines).
 */
function unitPriceWithoutTax(
  line: { price: number; quantity: number; discount: number; taxAmount: number; taxRate: number },
  orderId: string,
  lineId: string,
): number {
  if (line.discount === 0) return line.taxAmount === 0 || line.quantity <= 0 ? line.price : roundAmount((line.price * line.quantity - line.taxAmount) / line.quantity)
  // Discounted: the tax was taken on the discounted amount, so only the rate takes it out of the price (a taxed line
  // discounted to nothing has no tax amount left, but its price still has the tax in it).
  if (line.taxRate > 0) return roundAmount(line.price / (1 + line.taxRate / 100))
  if (line.taxAmount === 0) return line.price
  throw new DataSourceError(`Shopify's order ${orderId} has line ${lineId} taxed, discounted and priced with tax included, but no tax rate to take the tax out of its price.`)
}

/** What the line's or shipping line's discount allocations take off it (with tax in it when the order's prices include tax). */
function discountOf(raw: Record<string, unknown>): number {
  let discount = 0
  const allocations = raw['discount_allocations']
  if (Array.isArray(allocations)) for (const allocation of allocations) if (isObject(allocation)) discount += moneyOf(allocation['amount']) ?? 0
  return discount
}

/**
 * The reference's totalDiscount excludes tax; with tax included, Shopify's `total_discounts` is gross, as the prices it
 * came off are. The tax in it is, allocation by allocation, what the line's (or shipping's) rate puts in a gross
 * amount: discount × rate / (1 + rate). Shopify states no such figure, so this is exact up to the cent it rounds to.
 */
function taxInDiscounts(lines: readonly unknown[], shippingLines: unknown): number {
  let tax = 0
  for (const line of [...lines, ...(Array.isArray(shippingLines) ? shippingLines : [])]) {
    if (!isObject(line)) continue
    const discount = discountOf(line)
    const rate = readTaxLines(line['tax_lines']).taxRate / 100
    tax += discount - discount / (1 + rate)
  }
  return tax
}

/**
 * Shopify's tax lines have no id; the tax's title ("TX State Tax") names it, as commerce-taxComponents does. The
 * line's taxPercentage is the rates' sum as a percentage; each allocation's `rate` is, as the reference describes
 * it, the tax amount the component put on the line (as the Sandbox's orders have it).
 */
function readTaxLines(raw: unknown): { taxes: TaxAllocation[]; taxAmount: number; taxRate: number } {
  const taxes: TaxAllocation[] = []
  let taxAmount = 0
  let taxRate = 0
  if (!Array.isArray(raw)) return { taxes, taxAmount, taxRate }
  for (const tax of raw) {
    if (!isObject(tax)) continue
    const amount = moneyOf(tax['price'])
    taxAmount += amount ?? 0
    if (typeof tax['rate'] === 'number') taxRate += roundAmount(tax['rate'] * 100)
    const allocation: TaxAllocation = {}
    if (amount !== undefined) allocation.rate = amount
    const title = textOf(tax['title'])
    if (title !== undefined) allocation.taxComponentRef = { id: title, name: title }
    taxes.push(allocation)
  }
  return { taxes, taxAmount: roundAmount(taxAmount), taxRate: roundAmount(taxRate) }
}

function readShippingCharges(raw: unknown, isTaxIncluded: boolean): ServiceCharge[] {
  const charges: ServiceCharge[] = []
  if (!Array.isArray(raw)) return charges
  for (const shipping of raw) {
    if (!isObject(shipping)) continue
    // discounted_price is the shipping charged once shipping discounts are applied.
    const price = moneyOf(shipping['discounted_price']) ?? moneyOf(shipping['price']) ?? 0
    const { taxes, taxAmount, taxRate } = readTaxLines(shipping['tax_lines'])
    const charge: ServiceCharge = { type: 'Shipping', quantity: 1, taxAmount, totalAmount: roundAmount(isTaxIncluded ? price : price + taxAmount) }
    const title = textOf(shipping['title'])
    if (title !== undefined) charge.description = title
    if (taxes.length > 0) {
      charge.taxes = taxes
      charge.taxPercentage = taxRate
    }
    charges.push(charge)
  }
  return charges
}

/**
 * What was given back, negative as the reference's totalRefund always is: the successful refund transactions of
 * every refund. Undefined when Shopify sent no refunds list.
 */
function refundedAmount(raw: unknown): number | undefined {
  if (!Array.isArray(raw)) return undefined
  let refunded = 0
  for (const refund of raw) {
    const transactions = isObject(refund) ? refund['transactions'] : undefined
    if (!Array.isArray(transactions)) continue
    for (const transaction of transactions) {
      if (isObject(transaction) && transaction['kind'] === 'refund' && transaction['status'] === 'success') refunded += moneyOf(transaction['amount']) ?? 0
    }
  }
  // 0 - 0 is 0, where -0 would be -0.
  return 0 - roundAmount(refunded)
}

function readCustomerRef(raw: unknown): CommerceOrder['customerRef'] {
  if (!isObject(raw)) return undefined
  const id = idOf(raw['id'])
  if (id === undefined) return undefined
  const name = [textOf(raw['first_name']), textOf(raw['last_name'])].filter((part) => part !== undefined).join(' ') || textOf(raw['email'])
  return name === undefined ? { id } : { id, name }
}

function countryOf(address: unknown): string | undefined {
  return isObject(address) ? textOf(address['country_code']) : undefined
}
