/**
 * @module QuickBooks Online's Invoice, presented in Intuit's shape from a generated invoice, in the variants a
 * QuickBooks company's invoices come in: lines that name their item, income account and class; a department for the
 * whole invoice; a bundle of lines (GroupLineDetail); a discount, by percent or by amount (DiscountLineDetail);
 * another currency than the company's at its ExchangeRate; and voided, every amount zeroed. Which invoice has a
 * bundle or a discount follows its place in the list, so even a small book has each.
 */
import { hashText } from '../deterministic-random.js'
import { baseRateOf, items, type Invoice } from '../datasets/index.js'
import { baseCurrencyOf, type GenerationContext } from '../generated-data.js'
import { CURRENCY_NAMES, departmentOf, itemRefOf, metaData, refTo, trackingOf, voidMarkOf } from './quickbooks-books.js'

/** The percent a percent-based discount takes off the lines. */
const DISCOUNT_PERCENT = 10

/** Which invoices, by place in the list, show a variant: a bundle, a percent discount, an amount discount. */
const VARIANT_OF_PLACE: Readonly<Record<number, 'group' | 'percentDiscount' | 'amountDiscount'>> = { 1: 'group', 3: 'percentDiscount', 4: 'amountDiscount' }
const VARIANT_CYCLE = 5

/**
 * The discount that leaves a subtotal of `netCents` (what the sandbox's books post): the lines are priced higher by
 * its amount. A percent discount is rounded to the cent as QuickBooks rounds it, so the lines' gross is the one
 * whose discount leaves exactly the net.
 */
function discountOf(kind: 'percentDiscount' | 'amountDiscount', netCents: number): { cents: number; percent?: number } {
  if (kind === 'amountDiscount') return { cents: Math.max(100, Math.round(netCents / 2000) * 100) }
  // gross − round(gross × p) rises by 0 or 1 a cent, so it meets the net exactly.
  let gross = Math.floor((netCents * 100) / (100 - DISCOUNT_PERCENT)) - 2
  while (gross - Math.round((gross * DISCOUNT_PERCENT) / 100) < netCents) gross++
  return { cents: gross - netCents, percent: DISCOUNT_PERCENT }
}

/**
 * `dateOf`: a generated date as QuickBooks dates this invoice (one invoice is post-dated); `payments`: the indices of
 * the payments applied to it. Voiding keeps an invoice but zeroes every amount and notes it, as QuickBooks does.
 */
export function presentInvoice(ctx: GenerationContext, invoice: Invoice, index: number, payments: readonly number[], dateOf: (date: string) => string): Record<string, unknown> {
  const isVoided = invoice.status === 'Void'
  const amount = (value: number) => (isVoided ? 0 : value)
  const variant = isVoided ? undefined : VARIANT_OF_PLACE[index % VARIANT_CYCLE]
  const discount = variant === 'percentDiscount' || variant === 'amountDiscount' ? discountOf(variant, Math.round(invoice.subTotal * 100)) : undefined
  // The discount's amount is on the first line's price: the lines add up to the net plus the discount.
  const addedCents = (position: number) => (discount !== undefined && position === 0 ? discount.cents : 0)
  const salesLines = invoice.lineItems.map((line, position) => {
    const lineCents = Math.round(line.subTotal * 100) + addedCents(position)
    const itemRef = itemRefOf(ctx, invoice.id, position, 'sales')
    const { classRef } = trackingOf(ctx, line)
    return {
      Id: String(position + 1),
      LineNum: position + 1,
      Description: line.description,
      Amount: amount(lineCents / 100),
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: {
        ...(itemRef === undefined ? {} : { ItemRef: itemRef }),
        ...(line.accountRef === undefined ? {} : { ItemAccountRef: refTo(line.accountRef) }),
        ...(classRef === undefined ? {} : { ClassRef: classRef }),
        Qty: amount(line.quantity),
        UnitPrice: amount(Math.round((lineCents / line.quantity) * 100_000) / 10_000_000),
        TaxCodeRef: { value: line.taxAmount > 0 ? 'TAX' : 'NON' },
      },
    }
  })
  const linesCents = Math.round(invoice.subTotal * 100) + (discount?.cents ?? 0)
  const isForeign = invoice.currency !== baseCurrencyOf(ctx)
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(invoice, Date.parse(invoice.issueDate)),
    DocNumber: invoice.invoiceNumber,
    TxnDate: dateOf(invoice.issueDate),
    DueDate: dateOf(invoice.dueDate),
    ...(invoice.customerRef !== undefined ? { CustomerRef: refTo(invoice.customerRef) } : {}),
    ...departmentOf(ctx, invoice.lineItems),
    CurrencyRef: { value: invoice.currency, name: CURRENCY_NAMES[invoice.currency] },
    // Home currency units per unit of the invoice's; only an invoice in another currency has one.
    ...(isForeign ? { ExchangeRate: baseRateOf(ctx, invoice.currency) } : {}),
    ...(isVoided ? voidMarkOf(index) : {}),
    Line: [
      ...(variant === 'group' ? [{ Id: String(salesLines.length + 1), LineNum: 1, Description: 'Bundle', Amount: amount(linesCents / 100), DetailType: 'GroupLineDetail', GroupLineDetail: { Quantity: 1, Line: salesLines } }] : salesLines),
      { Amount: amount(linesCents / 100), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
      ...(discount === undefined
        ? []
        : [
            {
              Amount: discount.cents / 100,
              DetailType: 'DiscountLineDetail',
              DiscountLineDetail: discount.percent === undefined ? { PercentBased: false } : { PercentBased: true, DiscountPercent: discount.percent },
            },
          ]),
    ],
    ...(discount === undefined ? {} : { ApplyTaxAfterDiscount: true }),
    TxnTaxDetail: { TotalTax: amount(invoice.totalTaxAmount) },
    TotalAmt: amount(invoice.totalAmount),
    Balance: invoice.amountDue,
    ...(payments.length > 0 ? { LinkedTxn: payments.map((payment) => ({ TxnId: String(payment + 1), TxnType: 'Payment' })) } : {}),
  }
}
