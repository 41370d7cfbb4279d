/**
 * @module Xero purchase bills (GET /Invoices, Type ACCPAY) read into the unified Bill. Xero keeps bills in its
 * Invoices list; on a bill, InvoiceNumber is the supplier's own number for it, which is the Bill's reference.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroPage, requestXeroPage, xeroPageAfter, unifiedCurrencyRate } from './xero-api.js'
import { readDocumentContact, readLineItems, readPaymentAllocations } from './xero-documents.js'

type Bill = DataRecordOf<'bills'>

const BILL_FILTERS = { where: 'Type=="ACCPAY"' }

export const xeroBills: DataSource<'bills'> = {
  dataType: 'bills',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'Invoices', BILL_FILTERS, cursor),
  pageAfter: xeroPageAfter,
  // Sales invoices share the list (Type ACCREC).
  read: (response, context, cursor) => readXeroPage(response, context, cursor, 'Invoices', (raw, index) => (isObject(raw) && raw['Type'] !== 'ACCPAY' ? undefined : readXeroBill(raw, index))),
}

/**
 * Xero's statuses as a bill's: one awaiting approval (SUBMITTED) is still a draft to the business, an approved one
 * is Open until something is paid; a deleted draft is Void (and marked deleted).
 */
function billStatusOf(status: unknown, amountPaid: number): Bill['status'] {
  switch (status) {
    case 'DRAFT':
    case 'SUBMITTED':
      return 'Draft'
    case 'AUTHORISED':
      return amountPaid > 0 ? 'PartiallyPaid' : 'Open'
    case 'PAID':
      return 'Paid'
    case 'VOIDED':
    case 'DELETED':
      return 'Void'
    default:
      return 'Unknown'
  }
}

function readXeroBill(raw: unknown, index: number): SourceRecord<'bills'> {
  if (!isObject(raw)) throw new DataSourceError(`Xero's Invoices[${index}] is not an object.`)
  const id = textOf(raw['InvoiceID'])
  if (id === undefined) throw new DataSourceError(`Xero's Invoices[${index}] has no InvoiceID.`)
  const issuedAt = parseXeroDate(raw['Date'])
  if (issuedAt === undefined) throw new DataSourceError(`Xero's bill ${id} has no readable Date.`)
  const total = numberOf(raw['Total'])
  const totalTax = numberOf(raw['TotalTax'])
  const subTotal = numberOf(raw['SubTotal'])
  if (total === undefined || totalTax === undefined || subTotal === undefined) throw new DataSourceError(`Xero's bill ${id} lacks a numeric Total, TotalTax or SubTotal.`)
  const amountPaid = numberOf(raw['AmountPaid']) ?? 0
  const currency = textOf(raw['CurrencyCode'])
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])

  const bill: Bill = { id, issueDate: isoDateTime(issuedAt), status: billStatusOf(raw['Status'], amountPaid), subTotal, taxAmount: totalTax, totalAmount: total }
  const reference = textOf(raw['InvoiceNumber'])
  if (reference !== undefined) bill.reference = reference
  const supplier = readDocumentContact(raw)
  if (supplier !== undefined) bill.supplierRef = supplier.name === undefined ? { id: supplier.id } : { id: supplier.id, supplierName: supplier.name }
  const dueAt = parseXeroDate(raw['DueDate'])
  if (dueAt !== undefined) bill.dueDate = isoDateTime(dueAt)
  if (currency !== undefined) bill.currency = currency
  const currencyRate = unifiedCurrencyRate(raw['CurrencyRate'])
  if (currencyRate !== undefined) bill.currencyRate = currencyRate
  const lineItems = readLineItems(raw, id, 'bill')
  if (lineItems !== undefined) bill.lineItems = lineItems
  const amountDue = numberOf(raw['AmountDue'])
  if (amountDue !== undefined) bill.amountDue = amountDue
  const payments = raw['Payments']
  if (Array.isArray(payments) && payments.length > 0) bill.paymentAllocations = readPaymentAllocations(payments, currency)
  // Xero's Reference on a bill is the business's own note on it.
  const note = textOf(raw['Reference'])
  if (note !== undefined) bill.note = note
  if (raw['Status'] === 'DELETED') bill.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) bill.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: bill }
}
