/**
 * @module Xero credit notes (GET /CreditNotes) read into the unified CreditNote (Type ACCRECCREDIT, to a customer)
 * and BillCreditNote (ACCPAYCREDIT, from a supplier). Xero's Allocations — the invoices or bills a credit was set
 * against — become paymentAllocations, the document on the payment side, as the unified model records them.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type PageOfRecords, type PlatformResponse, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroPage, requestXeroPage, xeroPageAfter, unifiedCurrencyRate } from './xero-api.js'
import { readDocumentContact, readLineItems } from './xero-documents.js'

type CreditNote = DataRecordOf<'creditNotes'>
type BillCreditNote = DataRecordOf<'billCreditNotes'>
type PaymentAllocation = NonNullable<CreditNote['paymentAllocations']>[number]

/** What both kinds share, read once. */
type CreditNoteBody = Omit<CreditNote, 'creditNoteNumber' | 'customerRef'>

export const xeroCreditNotes: DataSource<'creditNotes'> = {
  dataType: 'creditNotes',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'CreditNotes', { where: 'Type=="ACCRECCREDIT"' }, cursor),
  pageAfter: xeroPageAfter,
  read: (response, context, cursor) =>
    readCreditNotePage(response, context, cursor, 'ACCRECCREDIT', (raw, body): CreditNote => {
      const note: CreditNote = { ...body }
      const number = textOf(raw['CreditNoteNumber'])
      if (number !== undefined) note.creditNoteNumber = number
      const customer = readDocumentContact(raw)
      if (customer !== undefined) note.customerRef = customer.name === undefined ? { id: customer.id } : { id: customer.id, companyName: customer.name }
      return note
    }),
}

export const xeroBillCreditNotes: DataSource<'billCreditNotes'> = {
  dataType: 'billCreditNotes',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'CreditNotes', { where: 'Type=="ACCPAYCREDIT"' }, cursor),
  pageAfter: xeroPageAfter,
  read: (response, context, cursor) =>
    readCreditNotePage(response, context, cursor, 'ACCPAYCREDIT', (raw, body): BillCreditNote => {
      const note: BillCreditNote = { ...body }
      const number = textOf(raw['CreditNoteNumber'])
      if (number !== undefined) note.billCreditNoteNumber = number
      const supplier = readDocumentContact(raw)
      if (supplier !== undefined) note.supplierRef = supplier.name === undefined ? { id: supplier.id } : { id: supplier.id, supplierName: supplier.name }
      return note
    }),
}

function readCreditNotePage<K extends 'creditNotes' | 'billCreditNotes'>(
  response: PlatformResponse,
  context: SourceContext,
  cursor: PageCursor | undefined,
  type: 'ACCRECCREDIT' | 'ACCPAYCREDIT',
  build: (raw: Record<string, unknown>, body: CreditNoteBody) => SourceRecord<K>['data'],
): PageOfRecords<K> {
  return readXeroPage(response, context, cursor, 'CreditNotes', (raw, index) => {
    if (!isObject(raw)) throw new DataSourceError(`Xero's CreditNotes[${index}] is not an object.`)
    // The other kind shares the list.
    if (raw['Type'] !== type) return undefined
    const { id, modifiedAt, body } = readCreditNoteBody(raw, index)
    return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: build(raw, body) }
  })
}

/** Xero's statuses; AUTHORISED is split by whether any of the credit has been used. */
function creditNoteStatusOf(status: unknown, total: number, remaining: number): CreditNote['status'] {
  switch (status) {
    case 'DRAFT':
      return 'Draft'
    case 'SUBMITTED':
      return 'Submitted'
    case 'AUTHORISED':
      return remaining < total ? 'PartiallyPaid' : 'Submitted'
    case 'PAID':
      return 'Paid'
    case 'VOIDED':
    case 'DELETED':
      return 'Void'
    default:
      return 'Unknown'
  }
}

function readCreditNoteBody(raw: Record<string, unknown>, index: number): { id: string; modifiedAt: number | undefined; body: CreditNoteBody } {
  const id = textOf(raw['CreditNoteID'])
  if (id === undefined) throw new DataSourceError(`Xero's CreditNotes[${index}] has no CreditNoteID.`)
  const total = numberOf(raw['Total'])
  const totalTax = numberOf(raw['TotalTax'])
  const subTotal = numberOf(raw['SubTotal'])
  if (total === undefined || totalTax === undefined || subTotal === undefined) throw new DataSourceError(`Xero's credit note ${id} lacks a numeric Total, TotalTax or SubTotal.`)
  // A draft has nothing allocated yet: all of it remains.
  const remaining = numberOf(raw['RemainingCredit']) ?? total
  const currency = textOf(raw['CurrencyCode'])
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])

  const body: CreditNoteBody = {
    id,
    totalAmount: total,
    // Xero discounts per line only; the note as a whole has none.
    totalDiscount: numberOf(raw['TotalDiscount']) ?? 0,
    subTotal,
    totalTaxAmount: totalTax,
    discountPercentage: 0,
    remainingCredit: remaining,
    status: creditNoteStatusOf(raw['Status'], total, remaining),
  }
  const issuedAt = parseXeroDate(raw['Date'])
  if (issuedAt !== undefined) body.issueDate = isoDateTime(issuedAt)
  if (currency !== undefined) body.currency = currency
  const currencyRate = unifiedCurrencyRate(raw['CurrencyRate'])
  if (currencyRate !== undefined) body.currencyRate = currencyRate
  const lineItems = readLineItems(raw, id, 'credit note')
  if (lineItems !== undefined) body.lineItems = lineItems
  const allocations = readAllocations(raw['Allocations'], currency)
  if (allocations.length > 0) {
    body.paymentAllocations = allocations
    const latest = Math.max(...allocations.map((allocation) => Date.parse(allocation.allocation.allocatedOnDate ?? '')).filter((ms) => !Number.isNaN(ms)))
    if (Number.isFinite(latest)) body.allocatedOnDate = isoDateTime(latest)
  }
  const reference = textOf(raw['Reference'])
  if (reference !== undefined) body.note = reference
  if (raw['Status'] === 'DELETED') body.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) body.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt, body }
}

/** Each allocation: the invoice or bill on the payment side (its id and number), how much and when on the other. */
function readAllocations(allocations: unknown, currency: string | undefined): PaymentAllocation[] {
  const result: PaymentAllocation[] = []
  if (!Array.isArray(allocations)) return result
  for (const raw of allocations) {
    if (!isObject(raw)) continue
    const document = isObject(raw['Invoice']) ? raw['Invoice'] : undefined
    const allocation: PaymentAllocation = { payment: {}, allocation: {} }
    const documentId = textOf(document?.['InvoiceID'])
    if (documentId !== undefined) allocation.payment.id = documentId
    const number = textOf(document?.['InvoiceNumber'])
    if (number !== undefined) allocation.payment.reference = number
    if (currency !== undefined) allocation.payment.currency = allocation.allocation.currency = currency
    const at = parseXeroDate(raw['Date'])
    if (at !== undefined) allocation.payment.paidOnDate = allocation.allocation.allocatedOnDate = isoDateTime(at)
    const amount = numberOf(raw['Amount'])
    if (amount !== undefined) allocation.payment.totalAmount = allocation.allocation.totalAmount = amount
    result.push(allocation)
  }
  return result
}
