/**
 * @module An order's lines as a shop with prices including tax shows them (Shopify's `taxes_included`, Square's
 * INCLUSIVE taxes): gross unit prices and gross discounts, worked out so that the order comes to what the sandbox's
 * books say it does, and its payments and the balance stay as they are.
 */
import { orderTaxRateOf, type Order } from '../datasets/index.js'

/** A line as a platform shows it, in cents: its unit price and the discount allocated to it (gross when tax is included, net when on top), and its tax at `rate`. */
export interface ShownLine {
  priceCents: number
  discountCents: number
  taxCents: number
  /** A fraction: 0.2 is 20%. */
  rate: number
}

/**
 * The lines of an order shown as placed with prices including tax; undefined for an order that can only be shown with
 * tax on top. A shop can switch the setting, and its orders keep the one they were placed under; the emulated shops
 * show tax-included prices on every taxed order they can without changing what the order comes to:
 * - without a discount, when each line's gross is a whole number of cents per unit, as a unit price is: the price is
 *   the gross per unit;
 * - with the sandbox's percentage code, when the platforms' own tax-included arithmetic lands on the order's figures:
 *   the price is the net unit price with tax, rounded to the cent; the code takes its percentage off the gross, rounded
 *   to the cent; and the tax is taken on the discounted gross, gross × rate / (1 + rate) rounded to the cent. Each
 *   line's gross less its discount must be its total, and that tax its tax; otherwise the order is shown with tax on top.
 */
export function grossLinesOf(order: Order): ShownLine[] | undefined {
  const rate = orderTaxRateOf(order.currency)
  if (order.totalTaxAmount === 0 || rate === 0) return undefined
  const lines: ShownLine[] = []
  for (const line of order.orderLines) {
    const totalCents = Math.round(line.totalAmount * 100)
    const taxCents = Math.round(line.taxAmount * 100)
    const netDiscountCents = Math.round(line.discountAmount * 100)
    if (netDiscountCents === 0) {
      if (totalCents % line.quantity !== 0) return undefined
      lines.push({ priceCents: totalCents / line.quantity, discountCents: 0, taxCents, rate })
      continue
    }
    const unitCents = Math.round(line.unitPrice * 100)
    // The code's percentage (the sandbox's are whole percents), as the net discount was drawn from it.
    const percentage = Math.round((netDiscountCents * 100) / (unitCents * line.quantity)) / 100
    const priceCents = Math.round(unitCents * (1 + rate))
    const discountCents = Math.round(priceCents * line.quantity * percentage)
    const discountedGross = priceCents * line.quantity - discountCents
    if (discountedGross !== totalCents || taxOfGross(discountedGross, rate) !== taxCents) return undefined
    lines.push({ priceCents, discountCents, taxCents, rate })
  }
  return lines
}

/** An order's lines as the sandbox's books have them, in cents: net prices and discounts, the tax on top, at the order's rate. */
export function netLinesOf(order: Order): ShownLine[] {
  const rate = orderTaxRateOf(order.currency)
  return order.orderLines.map((line) => ({ priceCents: Math.round(line.unitPrice * 100), discountCents: Math.round(line.discountAmount * 100), taxCents: Math.round(line.taxAmount * 100), rate }))
}

/** The tax in a gross amount (in cents) at `rate`: gross × rate / (1 + rate), to the cent, as the platforms work it out. */
export function taxOfGross(grossCents: number, rate: number): number {
  return Math.round((grossCents * rate) / (1 + rate))
}

/**
 * The same line taxed at another rate. With tax included, a line's rate changes only how its gross splits into net
 * and tax: what the customer pays (price × quantity − discount) stays, and so does what the order comes to.
 */
export function atRate(line: ShownLine, quantity: number, rate: number): ShownLine {
  return { ...line, rate, taxCents: taxOfGross(line.priceCents * quantity - line.discountCents, rate) }
}
