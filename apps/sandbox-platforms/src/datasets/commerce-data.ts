/** @module The commerce family's datasets: the store, its customers, products, orders and payments. */
import { DAY_MS, isoDateTime } from '../date-formats.js'
import { baseCurrencyOf, ListDataset, SingleDataset, type Currency, type Ref } from '../generated-data.js'
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
  createdDate: string
  modifiedDate: string
}

export const products = new ListDataset<Product>('commerce', 'products', 40, ({ index, id, modifiedAt, random }, ctx) => ({
  id,
  name: `${random.pick(words.PRODUCT_ADJECTIVES)} ${random.pick(words.PRODUCT_NOUNS)}`,
  sku: `SKU-${String(index + 1).padStart(5, '0')}`,
  category: random.pick(words.PRODUCT_CATEGORIES),
  unitPrice: toMoney(random.integer(3, 150) * 100 + random.pick([0, 49, 95, 99])),
  currency: baseCurrencyOf(ctx),
  isActive: random.isChance(0.9),
  inventoryQuantity: random.integer(0, 500),
  createdDate: isoDateTime(modifiedAt - random.integer(0, 180) * DAY_MS),
  modifiedDate: isoDateTime(modifiedAt),
}))

export type OrderStatus = 'Pending' | 'Paid' | 'Fulfilled' | 'Refunded' | 'Cancelled'

/** The rate every order line is taxed at: the currency's standard rate (none on US orders, as on a store not collecting sales tax). */
export function orderTaxRateOf(currency: Currency): number {
  return TAX_RATES[currency][0] ?? 0
}

export interface OrderLine {
  productRef?: Ref
  quantity: number
  unitPrice: number
  taxAmount: number
  totalAmount: number
}

export interface Order {
  id: string
  orderNumber: string
  customerRef?: Ref
  createdDate: string
  currency: Currency
  status: OrderStatus
  orderLines: OrderLine[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
  modifiedDate: string
}

export const orders = new ListDataset<Order>('commerce', 'orders', 120, ({ index, id, modifiedAt, random }, ctx) => {
  const currency = baseCurrencyOf(ctx)
  const customerRef = shoppers.pickRef(ctx, random, (shopper) => `${shopper.firstName} ${shopper.lastName}`)
  const orderLines: OrderLine[] = []
  let subCents = 0
  let taxCents = 0
  for (let line = random.integer(1, 3); line > 0; line--) {
    const productRef = products.pickRef(ctx, random, (product) => product.name)
    const unitCents = productRef ? Math.round(products.generate(ctx, productRef.index).unitPrice * 100) : random.integer(300, 15_000)
    const quantity = random.integer(1, 4)
    const lineTax = Math.round(quantity * unitCents * orderTaxRateOf(currency))
    subCents += quantity * unitCents
    taxCents += lineTax
    orderLines.push({ ...(productRef ? { productRef } : {}), quantity, unitPrice: toMoney(unitCents), taxAmount: toMoney(lineTax), totalAmount: toMoney(quantity * unitCents + lineTax) })
  }
  return {
    id,
    orderNumber: String(1001 + index),
    ...(customerRef ? { customerRef } : {}),
    createdDate: isoDateTime(modifiedAt - random.integer(0, 3) * DAY_MS),
    currency,
    status: random.pick(['Paid', 'Paid', 'Fulfilled', 'Fulfilled', 'Fulfilled', 'Pending', 'Refunded', 'Cancelled'] as const),
    orderLines,
    subTotal: toMoney(subCents),
    totalTaxAmount: toMoney(taxCents),
    totalAmount: toMoney(subCents + taxCents),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface CommercePayment {
  id: string
  orderRef?: Ref
  amount: number
  currency: Currency
  paymentMethod: 'Card' | 'PayPal' | 'BankTransfer'
  status: 'Succeeded' | 'Refunded' | 'Failed'
  paidDate: string
  modifiedDate: string
}

export const commercePayments = new ListDataset<CommercePayment>('commerce', 'payments', 100, ({ id, modifiedAt, random }, ctx) => {
  const orderRef = orders.pickRef(ctx, random, (order) => order.orderNumber)
  const order = orderRef ? orders.generate(ctx, orderRef.index) : undefined
  return {
    id,
    ...(orderRef ? { orderRef } : {}),
    amount: order ? order.totalAmount : toMoney(random.integer(300, 50_000)),
    currency: baseCurrencyOf(ctx),
    paymentMethod: random.pick(['Card', 'Card', 'Card', 'PayPal', 'BankTransfer'] as const),
    status: order?.status === 'Refunded' ? 'Refunded' : random.isChance(0.03) ? 'Failed' : 'Succeeded',
    paidDate: isoDateTime(modifiedAt),
    modifiedDate: isoDateTime(modifiedAt),
  }
})
