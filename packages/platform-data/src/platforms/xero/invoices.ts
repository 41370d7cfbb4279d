/**
 * @module Xero sales invoices (GET /Invoices, Type ACCREC) read into the unified Invoice. Purchase
 * bills share the endpoint as Type ACCPAY; they are bills, not invoices, and are left out here.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { addAmounts, nextXeroPage, parseXeroDate, readXeroList, requestXeroPage, unifiedCurrencyRate } from './xero-api.js'

type Invoice = DataRecordOf<'invoices'>
type InvoiceLineItem = NonNullable<Invoice['lineItems']>[number]
type PaymentAllocation = NonNullable<Invoice['paymentAllocations']>[number]

// `page` is what makes Xero include line items in a list; the Type filter is one Xero optimises.
const INVOICE_FILTERS = { where: 'Type=="ACCREC"' }

export const xeroInvoices: DataSource<'invoices'> = {
  dataType: 'invoices',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'Invoices', INVOICE_FILTERS, cursor),
  read(response, context, cursor) {
    const list = readXeroList(response.body, 'Invoices')
    const records: Array<SourceRecord<'invoices'>> = []
    for (let index = 0; index < list.items.length; index++) {
      const raw = list.items[index]
      // The filter already keeps bills out; this holds if a Xero ignores it.
      if (isObject(raw) && raw['Type'] !== 'ACCREC') continue
      records.push(readXeroInvoice(raw, index))
    }
    return { records, next: nextXeroPage(context, cursor, list), ...(list.itemCount !== undefined ? { totalRecords: list.itemCount } : {}) }
  },
}

/** Xero's statuses; AUTHORISED is split by whether any of it has been paid. */
function invoiceStatusOf(status: unknown, amountPaid: number): Invoice['status'] {
  switch (status) {
    case 'DRAFT':
      return 'Draft'
    case 'SUBMITTED':
      return 'Submitted'
    case 'AUTHORISED':
      return amountPaid > 0 ? 'PartiallyPaid' : 'Submitted'
    case 'PAID':
      return 'Paid'
    case 'VOIDED':
    case 'DELETED':
      return 'Void'
    default:
      return 'Unknown'
  }
}

function readXeroInvoice(raw: unknown, index: number): SourceRecord<'invoices'> {
  const where = `Invoices[${index}]`
  if (!isObject(raw)) throw new DataSourceError(`Xero's ${where} is not an object.`)
  const id = textOf(raw['InvoiceID'])
  if (id === undefined) throw new DataSourceError(`Xero's ${where} has no InvoiceID.`)
  const issuedAt = parseXeroDate(raw['Date'])
  if (issuedAt === undefined) throw new DataSourceError(`Xero's invoice ${id} has no readable Date.`)
  const total = numberOf(raw['Total'])
  const totalTax = numberOf(raw['TotalTax'])
  const amountDue = numberOf(raw['AmountDue'])
  if (total === undefined || totalTax === undefined || amountDue === undefined) throw new DataSourceError(`Xero's invoice ${id} lacks a numeric Total, TotalTax or AmountDue.`)
  const amountPaid = numberOf(raw['AmountPaid']) ?? 0
  const currency = textOf(raw['CurrencyCode'])
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])

  const invoice: Invoice = {
    id,
    issueDate: isoDateTime(issuedAt),
    totalTaxAmount: totalTax,
    totalAmount: total,
    amountDue,
    status: invoiceStatusOf(raw['Status'], amountPaid),
  }
  const invoiceNumber = textOf(raw['InvoiceNumber'])
  if (invoiceNumber !== undefined) invoice.invoiceNumber = invoiceNumber
  const contact = isObject(raw['Contact']) ? raw['Contact'] : undefined
  const contactId = textOf(contact?.['ContactID'])
  if (contactId !== undefined) {
    invoice.customerRef = { id: contactId }
    const name = textOf(contact?.['Name'])
    if (name !== undefined) invoice.customerRef.companyName = name
  }
  const dueAt = parseXeroDate(raw['DueDate'])
  if (dueAt !== undefined) invoice.dueDate = isoDateTime(dueAt)
  const paidAt = parseXeroDate(raw['FullyPaidOnDate'])
  if (paidAt !== undefined) invoice.paidOnDate = isoDateTime(paidAt)
  if (currency !== undefined) invoice.currency = currency
  const currencyRate = unifiedCurrencyRate(raw['CurrencyRate'])
  if (currencyRate !== undefined) invoice.currencyRate = currencyRate
  const lines = raw['LineItems']
  if (Array.isArray(lines)) {
    const isTaxInclusive = raw['LineAmountTypes'] === 'Inclusive'
    invoice.lineItems = lines.map((line, position) => readLineItem(line, isTaxInclusive, id, position))
  }
  const payments = raw['Payments']
  if (Array.isArray(payments) && payments.length > 0) invoice.paymentAllocations = readPaymentAllocations(payments, currency)
  const totalDiscount = numberOf(raw['TotalDiscount'])
  if (totalDiscount !== undefined) invoice.totalDiscount = totalDiscount
  const subTotal = numberOf(raw['SubTotal'])
  if (subTotal !== undefined) invoice.subTotal = subTotal
  const reference = textOf(raw['Reference'])
  if (reference !== undefined) invoice.note = reference
  if (raw['Status'] === 'DELETED') invoice.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) invoice.sourceModifiedDate = isoDateTime(modifiedAt)

  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: invoice }
}

/** Xero's LineAmount is net of tax on an Exclusive (or NoTax) invoice and gross on an Inclusive one. */
function readLineItem(raw: unknown, isTaxInclusive: boolean, invoiceId: string, position: number): InvoiceLineItem {
  if (!isObject(raw)) throw new DataSourceError(`Xero's invoice ${invoiceId} has LineItems[${position}] that is not an object.`)
  const lineAmount = numberOf(raw['LineAmount']) ?? 0
  const taxAmount = numberOf(raw['TaxAmount']) ?? 0
  const line: InvoiceLineItem = {
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
    const refs: NonNullable<InvoiceLineItem['trackingCategoryRefs']> = []
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
function readPaymentAllocations(payments: readonly unknown[], currency: string | undefined): PaymentAllocation[] {
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
