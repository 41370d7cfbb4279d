/**
 * @module Xero sales invoices (GET /Invoices, Type ACCREC) read into the unified Invoice. Purchase
 * bills share the endpoint as Type ACCPAY; they are bills, not invoices, and are left out here.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroPage, requestXeroPage, xeroPageAfter, unifiedCurrencyRate } from './xero-api.js'
import { readLineItems, readPaymentAllocations } from './xero-documents.js'

type Invoice = DataRecordOf<'invoices'>

// `page` is what makes Xero include line items in a list; the Type filter is one Xero optimises.
const INVOICE_FILTERS = { where: 'Type=="ACCREC"' }

export const xeroInvoices: DataSource<'invoices'> = {
  dataType: 'invoices',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'Invoices', INVOICE_FILTERS, cursor),
  pageAfter: xeroPageAfter,
  // Bills share the list (Type ACCPAY).
  read: (response, context, cursor) => readXeroPage(response, context, cursor, 'Invoices', (raw, index) => (isObject(raw) && raw['Type'] !== 'ACCREC' ? undefined : readXeroInvoice(raw, index))),
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
  const lineItems = readLineItems(raw, id, 'invoice')
  if (lineItems !== undefined) invoice.lineItems = lineItems
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
