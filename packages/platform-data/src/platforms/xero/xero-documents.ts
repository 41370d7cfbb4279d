/**
 * @module What Xero's invoices, bills and credit notes share: their lines (LineAmount net or gross of tax by the
 * document's LineAmountTypes), the payments listed on them, and their contact.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { addAmounts, parseXeroDate, unifiedCurrencyRate } from './xero-api.js'

/** A line of any document: invoices', bills' and credit notes' lines have the same fields. */
export type DocumentLineItem = NonNullable<DataRecordOf<'invoices'>['lineItems']>[number]
type PaymentAllocation = NonNullable<DataRecordOf<'invoices'>['paymentAllocations']>[number]

/** The ContactID and Name of a document's Contact, or undefined when it names none. */
export function readDocumentContact(raw: Record<string, unknown>): { id: string; name: string | undefined } | undefined {
  const contact = isObject(raw['Contact']) ? raw['Contact'] : undefined
  const id = textOf(contact?.['ContactID'])
  return id === undefined ? undefined : { id, name: textOf(contact?.['Name']) }
}

/** The document's lines, read by its LineAmountTypes; undefined when it has no LineItems array. */
export function readLineItems(raw: Record<string, unknown>, documentId: string, kind: string): DocumentLineItem[] | undefined {
  const lines = raw['LineItems']
  if (!Array.isArray(lines)) return undefined
  const isTaxInclusive = raw['LineAmountTypes'] === 'Inclusive'
  return lines.map((line, position) => readLineItem(line, isTaxInclusive, documentId, position, kind))
}

/** Xero's LineAmount is net of tax on an Exclusive (or NoTax) invoice and gross on an Inclusive one. */
function readLineItem(raw: unknown, isTaxInclusive: boolean, documentId: string, position: number, kind = 'invoice'): DocumentLineItem {
  if (!isObject(raw)) throw new DataSourceError(`Xero's ${kind} ${documentId} has LineItems[${position}] that is not an object.`)
  const lineAmount = numberOf(raw['LineAmount']) ?? 0
  const taxAmount = numberOf(raw['TaxAmount']) ?? 0
  const line: DocumentLineItem = {
    unitAmount: numberOf(raw['UnitAmount']) ?? 0,
    quantity: numberOf(raw['Quantity']) ?? 0,
    subTotal: isTaxInclusive ? addAmounts(lineAmount, -taxAmount) : lineAmount,
    taxAmount,
    totalAmount: isTaxInclusive ? lineAmount : addAmounts(lineAmount, taxAmount),
  }
  const description = textOf(raw['Description'])
  if (description !== undefined) line.description = description
  const discountRate = numberOf(raw['DiscountRate'])
  if (discountRate !== undefined) line.discountPercentage = discountRate
  const discountAmount = numberOf(raw['DiscountAmount'])
  if (discountAmount !== undefined) line.discountAmount = discountAmount
  // Account, item and tax rate are referred to as the chart of accounts, items and tax rates name them:
  // AccountID and ItemID, and Xero's TaxType code.
  const accountId = textOf(raw['AccountID'])
  if (accountId !== undefined) line.accountRef = { id: accountId }
  const item = isObject(raw['Item']) ? raw['Item'] : undefined
  const itemId = textOf(item?.['ItemID'])
  if (itemId !== undefined) {
    line.itemRef = { id: itemId }
    const itemName = textOf(item?.['Name'])
    if (itemName !== undefined) line.itemRef.name = itemName
  }
  const taxType = textOf(raw['TaxType'])
  if (taxType !== undefined) line.taxRateRef = { id: taxType }
  const tracking = raw['Tracking']
  if (Array.isArray(tracking) && tracking.length > 0) {
    const refs: NonNullable<DocumentLineItem['trackingCategoryRefs']> = []
    for (const option of tracking) {
      if (!isObject(option)) continue
      const optionId = textOf(option['TrackingOptionID'])
      if (optionId === undefined) continue
      const ref: (typeof refs)[number] = { id: optionId }
      const name = textOf(option['Option'])
      if (name !== undefined) ref.name = name
      refs.push(ref)
    }
    if (refs.length > 0) line.trackingCategoryRefs = refs
  }
  return line
}

/** Each payment is allocated in full to this invoice: Xero lists here only what was paid against it. */
export function readPaymentAllocations(payments: readonly unknown[], currency: string | undefined): PaymentAllocation[] {
  const allocations: PaymentAllocation[] = []
  for (const raw of payments) {
    if (!isObject(raw)) continue
    const paidAt = parseXeroDate(raw['Date'])
    const amount = numberOf(raw['Amount'])
    const rate = unifiedCurrencyRate(raw['CurrencyRate'])
    const allocation: PaymentAllocation = { payment: {}, allocation: {} }
    const paymentId = textOf(raw['PaymentID'])
    if (paymentId !== undefined) allocation.payment.id = paymentId
    const reference = textOf(raw['Reference'])
    if (reference !== undefined) allocation.payment.reference = reference
    if (currency !== undefined) allocation.payment.currency = allocation.allocation.currency = currency
    if (rate !== undefined) allocation.payment.currencyRate = allocation.allocation.currencyRate = rate
    if (paidAt !== undefined) allocation.payment.paidOnDate = allocation.allocation.allocatedOnDate = isoDateTime(paidAt)
    if (amount !== undefined) allocation.payment.totalAmount = allocation.allocation.totalAmount = amount
    allocations.push(allocation)
  }
  return allocations
}
