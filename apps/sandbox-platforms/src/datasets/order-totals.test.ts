/**
 * A commerce order's discount, shipping and payments, for many businesses (seeds): the amounts add up as a
 * store's do, and an order lists exactly the payments that name it.
 */
import { describe, expect, it } from 'vitest'
import { selectRange, type GenerationContext, type ListDataset } from '../generated-data.js'
import { commercePayments, orders, ordersWithPayments, orderTaxRateOf, sharesOfPayments } from './commerce-data.js'
import { defaultSizeOf } from './index.js'

const ANCHOR = Date.parse('2026-06-01T00:00:00Z')
const SEEDS = Array.from({ length: 12 }, (_, index) => 3 + index * 104_729)
const cents = (amount: number): number => Math.round(amount * 100)

function contextOf(seed: number, sizes: Record<string, number> = {}): GenerationContext {
  return { seed, anchor: ANCHOR, sizeOf: (dataset) => sizes[dataset] ?? defaultSizeOf('commerce', dataset) ?? 0 }
}

function everything<T>(dataset: ListDataset<T>, ctx: GenerationContext): T[] {
  return selectRange(dataset, ctx, { start: 0, count: dataset.size(ctx) }).items
}

describe.each(SEEDS)('the orders of business %i', (seed) => {
  const ctx = contextOf(seed)
  const served = everything(ordersWithPayments, ctx)

  it('add up: lines net of their discount plus tax, then the shipping with its tax', () => {
    for (const order of served) {
      const rate = orderTaxRateOf(order.currency)
      let discount = 0
      for (const line of order.orderLines) {
        const net = cents(line.quantity * line.unitPrice) - cents(line.discountAmount)
        expect(cents(line.taxAmount), order.id).toBe(Math.round(net * rate))
        expect(cents(line.totalAmount)).toBe(net + cents(line.taxAmount))
        discount += cents(line.discountAmount)
      }
      expect(cents(order.totalDiscount)).toBe(discount)
      const shipping = order.shipping === undefined ? 0 : cents(order.shipping.amount) + cents(order.shipping.taxAmount)
      if (order.shipping) expect(cents(order.shipping.taxAmount)).toBe(Math.round(cents(order.shipping.amount) * rate))
      expect(cents(order.totalAmount)).toBe(order.orderLines.reduce((sum, line) => sum + cents(line.totalAmount), 0) + shipping)
      expect(cents(order.subTotal) + cents(order.totalTaxAmount) + (order.shipping ? cents(order.shipping.amount) : 0)).toBe(cents(order.totalAmount))
    }
  })

  it('have some discounted, some shipped, some collected, some tipped: only those paid for and kept', () => {
    expect(served.some((order) => order.totalGratuity > 0)).toBe(true)
    for (const order of served) if (order.totalGratuity > 0) expect(['Paid', 'Fulfilled'], order.id).toContain(order.status)
    expect(served.some((order) => order.totalDiscount > 0)).toBe(true)
    expect(served.some((order) => order.totalDiscount === 0)).toBe(true)
    expect(served.some((order) => order.shipping !== undefined)).toBe(true)
  })

  it('are served as generated, each with exactly the payments made for it', () => {
    const payments = everything(commercePayments, ctx)
    for (const [index, order] of served.entries()) {
      const { payments: listed, ...plain } = order
      expect(plain).toEqual(orders.generate(ctx, index))
      const madeFor = payments.filter((payment) => payment.orderRef?.id === order.id)
      expect(listed).toEqual(madeFor.map(({ id, amount, currency, paymentMethod, status, paidDate }) => ({ id, amount, currency, paymentMethod, status, paidDate })))
      // A payment is for the order and the tip left with it.
      for (const payment of listed) expect(cents(payment.amount)).toBe(cents(order.totalAmount) + cents(order.totalGratuity))
    }
    expect(served.flatMap((order) => order.payments)).toHaveLength(payments.filter((payment) => payment.orderRef !== undefined).length)
  })
})

describe('orders served when the store is resized', () => {
  it('find their payments among thousands, and none when there are no payments', () => {
    const ctx = contextOf(11, { orders: 50, payments: 3000 })
    const served = everything(ordersWithPayments, ctx)
    expect(served.reduce((sum, order) => sum + order.payments.length, 0)).toBe(3000)
    expect(everything(ordersWithPayments, contextOf(11, { payments: 0 })).every((order) => order.payments.length === 0)).toBe(true)
  })
})

describe('the shares of an order\'s payments', () => {
  it('split what was paid, the first taking the odd cents, and give the refund back in order, each at most what it took', () => {
    // Three tenders of a 1394.07 order refunded in full: each gives back its own share, not the first all of it.
    expect(sharesOfPayments(139_407, 139_407, 3)).toEqual([
      { chargedCents: 46_469, refundedCents: 46_469 },
      { chargedCents: 46_469, refundedCents: 46_469 },
      { chargedCents: 46_469, refundedCents: 46_469 },
    ])
    // A returned line worth more than a share: the first gives back all it took, the second the rest.
    expect(sharesOfPayments(10_001, 6_000, 2)).toEqual([
      { chargedCents: 5_001, refundedCents: 5_001 },
      { chargedCents: 5_000, refundedCents: 999 },
    ])
    expect(sharesOfPayments(10_000, 0, 1)).toEqual([{ chargedCents: 10_000, refundedCents: 0 }])
    expect(sharesOfPayments(10_000, 10_000, 0)).toEqual([])
  })
})
