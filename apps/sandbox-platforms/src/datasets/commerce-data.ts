/**
 * @module The commerce family's datasets: the store, its customers, products, orders and payments, and what they
 * refer to or give rise to (locations, product categories, tax components, payment methods, disputes, the merchant
 * account's transactions).
 */
import { DAY_MS, isoDateTime } from '../date-formats.js'
import type { RecordRandom } from '../deterministic-random.js'
import { baseCurrencyOf, ListDataset, makeRef, SingleDataset, type Currency, type GenerationContext, type Ref } from '../generated-data.js'
import { buildCompany, pickAddress, pickPhone, slugOf, TAX_RATES, toMoney, type Address, type Company } from './record-parts.js'
import * as words from './word-lists.js'

export const commerceCompany = new SingleDataset<Company>('commerce', 'company', buildCompany('commerce'))

export interface Shopper {
  id: string
  firstName: string
  lastName: string
  emailAddress: string
  phone: string
  defaultCurrency: Currency
  status: 'Active' | 'Disabled'
  address: Address
  createdDate: string
  modifiedDate: string
}

export const shoppers = new ListDataset<Shopper>('commerce', 'customers', 60, ({ index, id, modifiedAt, random }, ctx) => {
  const firstName = random.pick(words.FIRST_NAMES)
  const lastName = random.pick(words.LAST_NAMES)
  return {
    id,
    firstName,
    lastName,
    emailAddress: `${slugOf(firstName)}.${slugOf(lastName)}${index + 1}@mail.example`,
    phone: pickPhone(random),
    defaultCurrency: baseCurrencyOf(ctx),
    status: random.isChance(0.97) ? 'Active' : 'Disabled',
    address: pickAddress(random),
    createdDate: isoDateTime(modifiedAt - random.integer(0, 90) * DAY_MS),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface Product {
  id: string
  name: string
  sku: string
  category: string
  unitPrice: number
  currency: Currency
  isActive: boolean
  inventoryQuantity: number
  /** Where the stock is: inventoryQuantity shared across the locations, the first taking what does not divide evenly. */
  stock: Array<{ locationRef: Ref; quantity: number }>
  createdDate: string
  modifiedDate: string
}

export const products = new ListDataset<Product>('commerce', 'products', 40, ({ index, id, modifiedAt, random }, ctx) => {
  const name = `${random.pick(words.PRODUCT_ADJECTIVES)} ${random.pick(words.PRODUCT_NOUNS)}`
  const category = random.pick(words.PRODUCT_CATEGORIES)
  const unitPrice = toMoney(random.integer(3, 150) * 100 + random.pick([0, 49, 95, 99]))
  const isActive = random.isChance(0.9)
  const inventoryQuantity = random.integer(0, 500)
  return {
    id,
    name,
    sku: `SKU-${String(index + 1).padStart(5, '0')}`,
    category,
    unitPrice,
    currency: baseCurrencyOf(ctx),
    isActive,
    inventoryQuantity,
    stock: stockAcrossLocations(ctx, inventoryQuantity),
    createdDate: isoDateTime(modifiedAt - random.integer(0, 180) * DAY_MS),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

/** A product lists its stock at the first few locations only, so a store resized to thousands keeps small products. */
const MAX_STOCK_LOCATIONS = 4

/** A quantity shared across the store's locations (none when it has none): no draws, so products stay as they were. */
function stockAcrossLocations(ctx: GenerationContext, quantity: number): Array<{ locationRef: Ref; quantity: number }> {
  const count = Math.min(locations.size(ctx), MAX_STOCK_LOCATIONS)
  const share = Math.floor(quantity / Math.max(count, 1))
  return Array.from({ length: count }, (_, index) => ({
    locationRef: locations.refTo(ctx, index, (location) => location.name),
    quantity: index === 0 ? quantity - share * (count - 1) : share,
  }))
}

export type OrderStatus = 'Pending' | 'Paid' | 'Fulfilled' | 'Refunded' | 'Cancelled'

/** The rate every order line is taxed at: the currency's standard rate (none on US orders, as on a store not collecting sales tax). */
export function orderTaxRateOf(currency: Currency): number {
  return TAX_RATES[currency][0] ?? 0
}

export interface OrderLine {
  productRef?: Ref
  /** The tax component the line is taxed at (taxComponents' first: the currency's standard rate). */
  taxComponentRef?: Ref
  quantity: number
  unitPrice: number
  /** The line's share of the order's discount, before tax: the line is taxed on what is left. */
  discountAmount: number
  taxAmount: number
  /** quantity × unitPrice, less the discount, plus the tax. */
  totalAmount: number
}

/** What the order charged for delivery: taxed at the lines' rate, with their tax component. */
export interface ShippingCharge {
  method: string
  amount: number
  taxAmount: number
  taxComponentRef?: Ref
}

/** The delivery methods an order is sent by, with their price before tax (a free one included). */
const SHIPPING_METHODS = [
  { method: 'Standard', cents: 395 },
  { method: 'Express', cents: 995 },
  { method: 'Free shipping', cents: 0 },
] as const

export interface Order {
  id: string
  orderNumber: string
  customerRef?: Ref
  /** Where the order was placed. */
  locationRef?: Ref
  createdDate: string
  currency: Currency
  status: OrderStatus
  orderLines: OrderLine[]
  /** Absent on an order collected in store. */
  shipping?: ShippingCharge
  /** The lines' prices less the discount, before tax and shipping. */
  subTotal: number
  /** Taken off the lines' prices, before tax: a percentage code on some orders. */
  totalDiscount: number
  /** The lines' tax and the shipping's. */
  totalTaxAmount: number
  /** The lines' totals and the shipping with its tax: what the order costs, the tip left out (as the reference's totalAmount). */
  totalAmount: number
  /** A tip the customer added when paying (0 on most orders): paid on top of totalAmount, in the same payment. */
  totalGratuity: number
  modifiedDate: string
}

/** What the customer paid for an order, in cents: its total and the tip left with it. */
export function orderWithTipCentsOf(order: Order): number {
  return Math.round(order.totalAmount * 100) + Math.round(order.totalGratuity * 100)
}

export const orders = new ListDataset<Order>('commerce', 'orders', 120, ({ index, id, modifiedAt, random }, ctx) => {
  const currency = baseCurrencyOf(ctx)
  const customerRef = shoppers.pickRef(ctx, random, (shopper) => `${shopper.firstName} ${shopper.lastName}`)
  const taxComponentRef = taxComponents.size(ctx) === 0 ? undefined : taxComponents.refTo(ctx, STANDARD_TAX_COMPONENT, (component) => component.name)
  const rate = orderTaxRateOf(currency)
  const drawnLines: Array<{ productRef: Ref | undefined; unitCents: number; quantity: number }> = []
  for (let line = random.integer(1, 3); line > 0; line--) {
    const productRef = products.pickRef(ctx, random, (product) => product.name)
    const unitCents = productRef ? Math.round(products.generate(ctx, productRef.index).unitPrice * 100) : random.integer(300, 15_000)
    drawnLines.push({ productRef, unitCents, quantity: random.integer(1, 4) })
  }
  const createdAt = modifiedAt - random.integer(0, 3) * DAY_MS
  const status = random.pick(['Paid', 'Paid', 'Fulfilled', 'Fulfilled', 'Fulfilled', 'Pending', 'Refunded', 'Cancelled'] as const)
  // Drawn after everything else, so that adding locations left every order's other fields as they were; the
  // discount and shipping after them, for the same reason.
  const locationRef = locations.pickRef(ctx, random, (location) => location.name)
  const discountRate = random.isChance(0.2) ? random.pick([0.1, 0.15]) : 0
  const shippingMethod = random.isChance(0.85) ? random.pick(SHIPPING_METHODS) : undefined
  // Last, for the same reason. A tip is left with the payment, so only on an order paid for and kept.
  const tipRate = random.isChance(0.25) ? random.pick([0.1, 0.15, 0.2]) : 0

  const orderLines: OrderLine[] = []
  let subCents = 0
  let discountCents = 0
  let taxCents = 0
  let totalCents = 0
  for (const { productRef, unitCents, quantity } of drawnLines) {
    const lineDiscount = Math.round(quantity * unitCents * discountRate)
    const net = quantity * unitCents - lineDiscount
    const lineTax = Math.round(net * rate)
    subCents += net
    discountCents += lineDiscount
    taxCents += lineTax
    totalCents += net + lineTax
    orderLines.push({
      ...(productRef ? { productRef } : {}),
      ...(taxComponentRef ? { taxComponentRef } : {}),
      quantity,
      unitPrice: toMoney(unitCents),
      discountAmount: toMoney(lineDiscount),
      taxAmount: toMoney(lineTax),
      totalAmount: toMoney(net + lineTax),
    })
  }
  let shipping: ShippingCharge | undefined
  if (shippingMethod !== undefined) {
    const shippingTax = Math.round(shippingMethod.cents * rate)
    taxCents += shippingTax
    totalCents += shippingMethod.cents + shippingTax
    shipping = { method: shippingMethod.method, amount: toMoney(shippingMethod.cents), taxAmount: toMoney(shippingTax), ...(taxComponentRef ? { taxComponentRef } : {}) }
  }
  return {
    id,
    orderNumber: String(1001 + index),
    ...(customerRef ? { customerRef } : {}),
    ...(locationRef ? { locationRef } : {}),
    createdDate: isoDateTime(createdAt),
    currency,
    status,
    orderLines,
    ...(shipping ? { shipping } : {}),
    subTotal: toMoney(subCents),
    totalDiscount: toMoney(discountCents),
    totalTaxAmount: toMoney(taxCents),
    totalAmount: toMoney(totalCents),
    totalGratuity: status === 'Paid' || status === 'Fulfilled' ? toMoney(Math.round(totalCents * tipRate)) : 0,
    modifiedDate: isoDateTime(modifiedAt),
  }
})

/** How an order shows a payment made for it: the payment's own record, less what only it needs. */
export type OrderPayment = Pick<CommercePayment, 'id' | 'amount' | 'currency' | 'paymentMethod' | 'status' | 'paidDate'>

/**
 * The orders as the commerce sandbox serves them: each with the payments made for it. A payment picks its
 * order (its builder's first draw), so an order finds its payments by redoing that draw for each payment:
 * once per request (per generation context), not per order, and without building any payment that is not its.
 */
export const ordersWithPayments = new ListDataset<Order & { payments: OrderPayment[] }>('commerce', 'orders', 120, ({ index }, ctx) => ({
  ...orders.generate(ctx, index),
  payments: paymentIndexesOfOrder(ctx, index).map((paymentIndex) => {
    const { id, amount, currency, paymentMethod, status, paidDate } = commercePayments.generate(ctx, paymentIndex)
    return { id, amount, currency, paymentMethod, status, paidDate }
  }),
}))

/** The indexes of the payments made for an order, in the payments' order. */
export function paymentIndexesOfOrder(ctx: GenerationContext, orderIndex: number): readonly number[] {
  return paymentsByOrder(ctx).get(orderIndex) ?? []
}

const paymentIndexCache = new WeakMap<GenerationContext, Map<number, number[]>>()

function paymentsByOrder(ctx: GenerationContext): Map<number, number[]> {
  let byOrder = paymentIndexCache.get(ctx)
  if (byOrder !== undefined) return byOrder
  byOrder = new Map()
  for (let paymentIndex = 0; paymentIndex < commercePayments.size(ctx); paymentIndex++) {
    const orderIndex = drawOrderIndex(ctx, commercePayments.randomOf(ctx, paymentIndex))
    if (orderIndex === undefined) continue
    const payments = byOrder.get(orderIndex) ?? []
    payments.push(paymentIndex)
    byOrder.set(orderIndex, payments)
  }
  paymentIndexCache.set(ctx, byOrder)
  return byOrder
}

/** One payment's part of its order, in cents: what it took, and what of the order's refund went back through it. */
export interface PaymentShare {
  chargedCents: number
  refundedCents: number
}

/**
 * How an order's payments that took money share what was paid and what was refunded: a split tender shares the paid
 * amount, the first payment taking the cents that do not divide evenly; the refund goes back through the payments in
 * order, each giving back at most what it took, because Shopify and Square refund a payment (its parent transaction)
 * and never for more than it captured. The shares' refunds add up to the refund while it is no more than was paid.
 */
export function sharesOfPayments(paidCents: number, refundedCents: number, count: number): PaymentShare[] {
  const share = Math.floor(paidCents / Math.max(count, 1))
  let refundLeft = refundedCents
  return Array.from({ length: count }, (_, place) => {
    const chargedCents = place === 0 ? paidCents - share * (count - 1) : share
    const refunded = Math.min(refundLeft, chargedCents)
    refundLeft -= refunded
    return { chargedCents, refundedCents: refunded }
  })
}

/** A payment's order: the first draw of its builder (as orders.pickRef draws), none when the store has no orders. */
function drawOrderIndex(ctx: GenerationContext, random: RecordRandom): number | undefined {
  const size = orders.size(ctx)
  return size === 0 ? undefined : random.integer(0, size - 1)
}

export interface CommercePayment {
  id: string
  orderRef?: Ref
  amount: number
  currency: Currency
  paymentMethod: PaymentMethodCode
  /** The paymentMethods record of `paymentMethod`; absent when that dataset was cut short of it. */
  paymentMethodRef?: Ref
  status: 'Succeeded' | 'Refunded' | 'Failed'
  paidDate: string
  modifiedDate: string
}

export const commercePayments: ListDataset<CommercePayment> = new ListDataset<CommercePayment>('commerce', 'payments', 100, ({ id, modifiedAt, random }, ctx) => {
  // The first draw, which an order redoes to find its payments (ordersWithPayments).
  const orderIndex = drawOrderIndex(ctx, random)
  const order = orderIndex === undefined ? undefined : orders.generate(ctx, orderIndex)
  const orderRef = orderIndex === undefined || order === undefined ? undefined : makeRef(orderIndex, orders.idOf(ctx, orderIndex), order.orderNumber)
  // What the customer paid: the order and the tip left with it.
  const amount = order ? toMoney(orderWithTipCentsOf(order)) : toMoney(random.integer(300, 50_000))
  const paymentMethod = random.pick(['Card', 'Card', 'Card', 'PayPal', 'BankTransfer'] as const)
  const methodIndex = words.COMMERCE_PAYMENT_METHODS.findIndex((method) => method.code === paymentMethod)
  return {
    id,
    ...(orderRef ? { orderRef } : {}),
    amount,
    currency: baseCurrencyOf(ctx),
    paymentMethod,
    ...(methodIndex < commercePaymentMethods.size(ctx) ? { paymentMethodRef: commercePaymentMethods.refTo(ctx, methodIndex, (method) => method.name) } : {}),
    status: order?.status === 'Refunded' ? 'Refunded' : random.isChance(0.03) ? 'Failed' : 'Succeeded',
    paidDate: isoDateTime(modifiedAt),
    modifiedDate: isoDateTime(modifiedAt),
  }
})


export interface Location {
  id: string
  name: string
  kind: (typeof words.STORE_KINDS)[number]
  address: Address
  modifiedDate: string
}

export const locations = new ListDataset<Location>('commerce', 'locations', 4, ({ index, id, modifiedAt, random }) => {
  const address = pickAddress(random)
  const kind = random.pick(words.STORE_KINDS)
  return { id, name: `${address.city} ${kind} ${index + 1}`, kind, address, modifiedDate: isoDateTime(modifiedAt) }
})

export interface ProductCategory {
  id: string
  name: string
  /** The category above this one; absent on a root. */
  parentRef?: Ref
  hasChildren: boolean
  modifiedDate: string
}

/**
 * A two-level tree: the first records are the roots, PRODUCT_CATEGORIES in order (what a product's `category`
 * names); after them their subcategories, round-robin over the roots, so a parent always precedes its children.
 */
export const productCategories: ListDataset<ProductCategory> = new ListDataset<ProductCategory>('commerce', 'productCategories', words.PRODUCT_CATEGORIES.length * 3, ({ index, id, modifiedAt }, ctx) => {
  const roots = words.PRODUCT_CATEGORIES.length
  const size = productCategories.size(ctx)
  if (index < roots) return { id, name: words.PRODUCT_CATEGORIES[index]!, hasChildren: size > roots + index, modifiedDate: isoDateTime(modifiedAt) }
  const parentIndex = (index - roots) % roots
  const round = Math.floor((index - roots) / roots)
  const names = words.PRODUCT_SUBCATEGORIES[parentIndex]!
  const name = `${names[round % names.length]}${round >= names.length ? ` ${Math.floor(round / names.length) + 1}` : ''}`
  const parentRef = makeRef(parentIndex, productCategories.idOf(ctx, parentIndex), words.PRODUCT_CATEGORIES[parentIndex]!)
  return { id, name, parentRef, hasChildren: false, modifiedDate: isoDateTime(modifiedAt) }
})

export interface TaxComponent {
  id: string
  name: string
  /** A fraction: 0.2 is 20%. */
  rate: number
  isCompound: boolean
  modifiedDate: string
}

/** Orders are taxed at the first tax component: the currency's standard rate (orderTaxRateOf). */
const STANDARD_TAX_COMPONENT = 0

/** The distinct rates of the business's currency, the standard one first; past them the same rates again, numbered. */
export const taxComponents = new ListDataset<TaxComponent>('commerce', 'taxComponents', 3, ({ index, id, modifiedAt }, ctx) => {
  const currency = baseCurrencyOf(ctx)
  const rates = [...new Set(TAX_RATES[currency])]
  const rate = rates[index % rates.length]!
  const round = Math.floor(index / rates.length)
  const name = `${currency === 'USD' ? 'Sales tax' : 'VAT'} ${Math.round(rate * 10_000) / 100}%${round > 0 ? ` (${round + 1})` : ''}`
  return { id, name, rate, isCompound: false, modifiedDate: isoDateTime(modifiedAt) }
})

export type PaymentMethodCode = (typeof words.COMMERCE_PAYMENT_METHODS)[number]['code']

export interface PaymentMethod {
  id: string
  code: PaymentMethodCode
  name: string
  status: 'Active' | 'Archived'
  modifiedDate: string
}

/** COMMERCE_PAYMENT_METHODS in order (payments point at them by their code); past them archived duplicates, as a store that re-added one. */
export const commercePaymentMethods = new ListDataset<PaymentMethod>('commerce', 'paymentMethods', words.COMMERCE_PAYMENT_METHODS.length, ({ index, id, modifiedAt }) => {
  const method = words.COMMERCE_PAYMENT_METHODS[index % words.COMMERCE_PAYMENT_METHODS.length]!
  const round = Math.floor(index / words.COMMERCE_PAYMENT_METHODS.length)
  return { id, code: method.code, name: round === 0 ? method.name : `${method.name} (${round + 1})`, status: round === 0 ? 'Active' : 'Archived', modifiedDate: isoDateTime(modifiedAt) }
})

/** The last payment made at or before `at` (payments are made when last modified), or -1 when there is none. */
function lastPaymentAt(ctx: GenerationContext, at: number): number {
  return commercePayments.firstModifiedSince(ctx, at + 1) - 1
}

/**
 * A failed payment took no money, so there is nothing to dispute: the nearest one at or before `index` that went
 * through, else the nearest after it up to `last`; -1 when every one failed.
 */
function nearestTakenPayment(ctx: GenerationContext, index: number, last: number): number {
  for (let candidate = index; candidate >= 0; candidate--) if (commercePayments.generate(ctx, candidate).status !== 'Failed') return candidate
  for (let candidate = index + 1; candidate <= last; candidate++) if (commercePayments.generate(ctx, candidate).status !== 'Failed') return candidate
  return -1
}

export type DisputeStatus = 'Won' | 'Lost' | 'Accepted' | 'Processing' | 'ChargeRefunded' | 'EvidenceRequired' | 'InquiryEvidenceRequired' | 'InquiryClosed'

export interface Dispute {
  id: string
  /** The payment disputed: one that went through before the dispute was last modified. */
  paymentRef?: Ref
  orderRef?: Ref
  amount: number
  currency: Currency
  status: DisputeStatus
  reason: string
  createdDate: string
  dueDate: string
  modifiedDate: string
}

/**
 * Disputes begin 60 days into the history, when the store has long taken payments to dispute; one made when it had
 * none (a sandbox resized to few payments) disputes nothing in particular and names no payment.
 */
export const disputes = new ListDataset<Dispute>('commerce', 'disputes', 12, ({ id, modifiedAt, random }, ctx) => {
  const lastPayment = lastPaymentAt(ctx, modifiedAt)
  const paymentIndex = lastPayment < 0 ? -1 : nearestTakenPayment(ctx, random.integer(0, lastPayment), lastPayment)
  const payment = paymentIndex < 0 ? undefined : commercePayments.generate(ctx, paymentIndex)
  const paidAt = payment ? Date.parse(payment.paidDate) : modifiedAt - 30 * DAY_MS
  // Opened after the payment, and no later than the dispute's last change.
  const createdAt = Math.floor((paidAt + random.unit() * Math.min(modifiedAt - paidAt, 60 * DAY_MS)) / 1000) * 1000
  return {
    id,
    ...(payment ? { paymentRef: makeRef(paymentIndex, payment.id, payment.orderRef?.name ?? payment.id) } : {}),
    ...(payment?.orderRef ? { orderRef: payment.orderRef } : {}),
    // A chargeback is for the whole payment, or for part of it; never more.
    amount: payment ? (random.isChance(0.8) ? payment.amount : toMoney(Math.max(100, Math.round(payment.amount * 100 * random.unit())))) : toMoney(random.integer(500, 20_000)),
    currency: payment?.currency ?? baseCurrencyOf(ctx),
    ...disputeOutcome(payment, random),
    createdDate: isoDateTime(createdAt),
    dueDate: isoDateTime(createdAt + random.integer(7, 21) * DAY_MS),
    modifiedDate: isoDateTime(modifiedAt),
  }
}, 60 * DAY_MS)

/** A dispute over a payment whose order the store refunded ends there: the card holder already has the money back. */
function disputeOutcome(payment: CommercePayment | undefined, random: RecordRandom): { status: DisputeStatus; reason: string } {
  const status = random.pick(['Won', 'Lost', 'Accepted', 'Processing', 'EvidenceRequired', 'InquiryEvidenceRequired', 'InquiryClosed'] as const)
  const reason = random.pick(words.DISPUTE_REASONS)
  return { status: payment?.status === 'Refunded' ? 'ChargeRefunded' : status, reason }
}

export type MerchantTransactionType = 'Payment' | 'PaymentFee' | 'Refund' | 'Payout' | 'Transfer'

export interface MerchantTransaction {
  id: string
  type: MerchantTransactionType
  /** Positive money into the merchant account, negative out of it. */
  amount: number
  currency: Currency
  /** What the transaction arose from: a payment (its money in, its fee), or the order a refund gave money back for. */
  sourceRef?: { id: string; type: 'Payment' | 'Order' }
  createdDate: string
  modifiedDate: string
}

/** The payment processor's fee on a payment: 1.5% and 20 pence (cents) on a card, 2.9% and 30 on the others. */
export function processingFeeOf(payment: CommercePayment): number {
  const cents = Math.round(payment.amount * 100)
  return payment.paymentMethod === 'Card' ? toMoney(Math.round(cents * 0.015) + 20) : toMoney(Math.round(cents * 0.029) + 30)
}

/**
 * The merchant account's movements, each made when last modified. The transactions after a payment (until the
 * next one) are, in order: its money in, its fee, and either the refund of its order or the payout of what is
 * left to the bank. Any more, and those after a failed payment or before the first, are transfers between the
 * merchant's own accounts, tied to no sale.
 */
export const merchantTransactions: ListDataset<MerchantTransaction> = new ListDataset<MerchantTransaction>('commerce', 'transactions', 200, ({ index, id, modifiedAt, random }, ctx) => {
  const { paymentIndex, position } = salePositionOfTransaction(ctx, index)
  const payment = paymentIndex < 0 ? undefined : commercePayments.generate(ctx, paymentIndex)
  const at = isoDateTime(modifiedAt)
  const base = { id, currency: payment?.currency ?? baseCurrencyOf(ctx), createdDate: at, modifiedDate: at }
  if (payment === undefined || payment.status === 'Failed' || position === 3) return { ...base, type: 'Transfer', amount: -toMoney(random.integer(1_000, 200_000)) }
  const fromPayment = { id: payment.id, type: 'Payment' } as const
  if (position === 0) return { ...base, type: 'Payment', amount: payment.amount, sourceRef: fromPayment }
  if (position === 1) return { ...base, type: 'PaymentFee', amount: -processingFeeOf(payment), sourceRef: fromPayment }
  if (payment.status === 'Refunded') return { ...base, type: 'Refund', amount: -payment.amount, sourceRef: payment.orderRef ? { id: payment.orderRef.id, type: 'Order' } : fromPayment }
  return { ...base, type: 'Payout', amount: -toMoney(Math.round(payment.amount * 100) - Math.round(processingFeeOf(payment) * 100)) }
})

/**
 * Where a merchant transaction falls after the payment it follows (-1 when none came before it): `position` 0 is the
 * payment's money in, 1 its fee, 2 its refund or payout, 3 any after them (the dataset's are transfers).
 */
function salePositionOfTransaction(ctx: GenerationContext, index: number): { paymentIndex: number; position: number } {
  const paymentIndex = lastPaymentAt(ctx, merchantTransactions.modifiedAt(ctx, index))
  let position = 0
  while (position < 3 && index - position > 0 && lastPaymentAt(ctx, merchantTransactions.modifiedAt(ctx, index - position - 1)) === paymentIndex) position++
  return { paymentIndex, position }
}
