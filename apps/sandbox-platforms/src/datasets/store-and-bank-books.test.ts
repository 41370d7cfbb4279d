/**
 * The commerce store's and the bank's generated books hang together for any business (seed), not only the one a
 * sync test happens to link: every reference resolves, amounts add up, dates are in order.
 */
import { describe, expect, it } from 'vitest'
import { selectRange, type GenerationContext, type ListDataset } from '../generated-data.js'
import { bankTransactions, transactionCategories } from './banking-data.js'
import {
  commercePayments,
  disputes,
  locations,
  merchantTransactions,
  orders,
  commercePaymentMethods,
  processingFeeOf,
  productCategories,
  products,
  taxComponents,
} from './commerce-data.js'
import { defaultSizeOf } from './index.js'

const ANCHOR = Date.parse('2026-06-01T00:00:00Z')
const SEEDS = Array.from({ length: 12 }, (_, index) => 1 + index * 7919)

function contextOf(seed: number, family: 'banking' | 'commerce'): GenerationContext {
  return { seed, anchor: ANCHOR, sizeOf: (dataset) => defaultSizeOf(family, dataset) ?? 0 }
}

function everything<T>(dataset: ListDataset<T>, ctx: GenerationContext): T[] {
  return selectRange(dataset, ctx, { start: 0, count: dataset.size(ctx) }).items
}

const cents = (amount: number): number => Math.round(amount * 100)

describe.each(SEEDS)('the books of business %i', (seed) => {
  it('commerce: orders, products and payments point at the store’s locations, tax components and payment methods', () => {
    const ctx = contextOf(seed, 'commerce')
    const locationIds = new Set(everything(locations, ctx).map((location) => location.id))
    const components = new Map(everything(taxComponents, ctx).map((component) => [component.id, component]))
    const methods = new Map(everything(commercePaymentMethods, ctx).map((method) => [method.id, method]))
    for (const order of everything(orders, ctx)) {
      expect(locationIds.has(order.locationRef!.id)).toBe(true)
      for (const line of order.orderLines) {
        const component = components.get(line.taxComponentRef!.id)!
        expect(Math.abs(cents(line.totalAmount - line.taxAmount) * component.rate - cents(line.taxAmount))).toBeLessThanOrEqual(1)
      }
    }
    for (const product of everything(products, ctx)) {
      expect(product.stock.every(({ locationRef }) => locationIds.has(locationRef.id))).toBe(true)
      expect(product.stock.reduce((sum, { quantity }) => sum + quantity, 0)).toBe(product.inventoryQuantity)
    }
    const categories = everything(productCategories, ctx)
    const categoryIds = new Set(categories.map((category) => category.id))
    expect(categories.every((category) => category.parentRef === undefined || categoryIds.has(category.parentRef.id))).toBe(true)
    for (const payment of everything(commercePayments, ctx)) expect(methods.get(payment.paymentMethodRef!.id)!.code).toBe(payment.paymentMethod)
  })

  it('commerce: a dispute is over a payment that went through before it, for no more than it took', () => {
    const ctx = contextOf(seed, 'commerce')
    const payments = new Map(everything(commercePayments, ctx).map((payment) => [payment.id, payment]))
    for (const dispute of everything(disputes, ctx)) {
      const payment = payments.get(dispute.paymentRef!.id)!
      expect(payment.status).not.toBe('Failed')
      expect(dispute.orderRef?.id).toBe(payment.orderRef?.id)
      expect(dispute.status === 'ChargeRefunded').toBe(payment.status === 'Refunded')
      expect(cents(dispute.amount)).toBeGreaterThan(0)
      expect(cents(dispute.amount)).toBeLessThanOrEqual(cents(payment.amount))
      expect(payment.paidDate <= dispute.createdDate && dispute.createdDate <= dispute.modifiedDate && dispute.createdDate < dispute.dueDate).toBe(true)
    }
  })

  it('commerce: a payment brings its money in once, pays its fee once, then is refunded or paid out net of the fee', () => {
    const ctx = contextOf(seed, 'commerce')
    const payments = new Map(everything(commercePayments, ctx).map((payment) => [payment.id, payment]))
    const kindsOf = new Map<string, string[]>()
    let lastPayment: string | undefined
    for (const transaction of everything(merchantTransactions, ctx)) {
      if (transaction.type === 'Transfer') {
        expect(transaction.sourceRef).toBeUndefined()
        continue
      }
      // A payout or a refund follows its payment's fee: it belongs to the payment before it, and a refund names its order.
      const payment = transaction.sourceRef?.type === 'Payment' ? payments.get(transaction.sourceRef.id)! : payments.get(lastPayment!)!
      if (transaction.sourceRef?.type === 'Order') expect(payment.orderRef?.id).toBe(transaction.sourceRef.id)
      expect(payment.status).not.toBe('Failed')
      expect(payment.paidDate <= transaction.createdDate).toBe(true)
      const kinds = [...(kindsOf.get(payment.id) ?? []), transaction.type]
      kindsOf.set(payment.id, kinds)
      lastPayment = payment.id
      const expected = { Payment: payment.amount, PaymentFee: -processingFeeOf(payment), Refund: -payment.amount, Payout: -(cents(payment.amount) - cents(processingFeeOf(payment))) / 100 }[transaction.type]
      expect(transaction.amount).toBe(expected)
    }
    for (const [id, kinds] of kindsOf) {
      const last = payments.get(id)!.status === 'Refunded' ? 'Refund' : 'Payout'
      expect(['Payment', 'PaymentFee', last].slice(0, kinds.length), id).toEqual(kinds)
    }
    expect(kindsOf.size).toBeGreaterThan(20)
  })

  it('banking: every transaction’s category is a node of the tree, and every node’s parent is one', () => {
    const ctx = contextOf(seed, 'banking')
    const categories = new Map(everything(transactionCategories, ctx).map((category) => [category.id, category]))
    for (const category of categories.values()) {
      if (category.parentRef) expect(categories.get(category.parentRef.id)?.hasChildren).toBe(true)
    }
    for (const transaction of everything(bankTransactions, ctx)) expect(categories.get(transaction.categoryRef!.id)?.name).toBe(transaction.category)
  })
})
