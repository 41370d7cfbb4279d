/**
 * @module Xero payments (GET /Payments) read into the unified Payment (money received: PaymentType ACCRECPAYMENT
 * and the other AR types) and BillPayment (money paid out: ACCPAYPAYMENT and the AP types). Xero lists both in one
 * endpoint; its PaymentType says which side of the books each is on.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type PageOfRecords, type PlatformResponse, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroPage, requestXeroPage, xeroPageAfter, unifiedCurrencyRate } from './xero-api.js'

type Payment = DataRecordOf<'payments'>
type BillPayment = DataRecordOf<'billPayments'>
type PaymentLink = NonNullable<NonNullable<Payment['lines']>[number]['links']>[number]
type BillPaymentLink = NonNullable<NonNullable<BillPayment['lines']>[number]['links']>[number]

/**
 * What each of Xero's payment types settles, by side. A payment applied to a document takes it off the document's
 * balance (a negative link amount); a refund of a credit note pays the credit out (positive); an overpayment or a
 * prepayment is money on account until it is allocated.
 */
const RECEIVABLE_TYPES = {
  ACCRECPAYMENT: 'Invoice',
  ARCREDITPAYMENT: 'CreditNote',
  AROVERPAYMENTPAYMENT: 'PaymentOnAccount',
  ARPREPAYMENTPAYMENT: 'PaymentOnAccount',
} as const satisfies Readonly<Record<string, PaymentLink['type']>>
const PAYABLE_TYPES = {
  ACCPAYPAYMENT: 'Bill',
  APCREDITPAYMENT: 'CreditNote',
  APOVERPAYMENTPAYMENT: 'PaymentOnAccount',
  APPREPAYMENTPAYMENT: 'PaymentOnAccount',
} as const satisfies Readonly<Record<string, BillPaymentLink['type']>>

/** `PaymentType=="A" OR PaymentType=="B" …`: Xero evaluates the filter, so only one side's payments travel. */
function typeFilter(types: Readonly<Record<string, string>>): Record<string, string> {
  return { where: Object.keys(types).map((type) => `PaymentType=="${type}"`).join(' OR ') }
}

/** What a payment of either side has: the parts read once, before the side's own record is built. */
interface XeroPaymentParts {
  id: string
  modifiedAt: number | undefined
  paidAt: number
  amount: number
  /** The document the payment settles, from its Invoice, CreditNote, Overpayment or Prepayment. */
  document: { id: string | undefined; contactId: string | undefined; contactName: string | undefined; currency: string | undefined }
  linkType: string
  shared: {
    currency?: string
    currencyRate?: number
    accountRef?: { id: string }
    reference?: string
    metadata?: { isDeleted: boolean }
    sourceModifiedDate?: string
  }
}

export const xeroPayments: DataSource<'payments'> = {
  dataType: 'payments',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'Payments', typeFilter(RECEIVABLE_TYPES), cursor),
  pageAfter: xeroPageAfter,
  read: (response, context, cursor) =>
    readPaymentPage(response, context, cursor, RECEIVABLE_TYPES, (parts): SourceRecord<'payments'> => {
      const payment: Payment = { id: parts.id, date: isoDateTime(parts.paidAt), totalAmount: parts.amount, ...parts.shared }
      if (parts.document.contactId !== undefined) {
        payment.customerRef = parts.document.contactName === undefined ? { id: parts.document.contactId } : { id: parts.document.contactId, companyName: parts.document.contactName }
      }
      payment.lines = [{ amount: parts.amount, links: [linkOf(parts) as PaymentLink] }]
      return { id: parts.id, modifiedAt: parts.modifiedAt === undefined ? undefined : new Date(parts.modifiedAt), data: payment }
    }),
}

export const xeroBillPayments: DataSource<'billPayments'> = {
  dataType: 'billPayments',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'Payments', typeFilter(PAYABLE_TYPES), cursor),
  pageAfter: xeroPageAfter,
  read: (response, context, cursor) =>
    readPaymentPage(response, context, cursor, PAYABLE_TYPES, (parts): SourceRecord<'billPayments'> => {
      const payment: BillPayment = { id: parts.id, date: isoDateTime(parts.paidAt), totalAmount: parts.amount, ...parts.shared }
      if (parts.document.contactId !== undefined) {
        payment.supplierRef = parts.document.contactName === undefined ? { id: parts.document.contactId } : { id: parts.document.contactId, supplierName: parts.document.contactName }
      }
      payment.lines = [{ amount: parts.amount, links: [linkOf(parts) as BillPaymentLink], allocatedOnDate: isoDateTime(parts.paidAt) }]
      return { id: parts.id, modifiedAt: parts.modifiedAt === undefined ? undefined : new Date(parts.modifiedAt), data: payment }
    }),
}

/** The line's link: the document settled, less by the amount; a credit note refunded, paid out by it. */
function linkOf(parts: XeroPaymentParts): { type: string; id?: string; amount: number } {
  const amount = parts.linkType === 'CreditNote' ? parts.amount : -parts.amount
  return parts.document.id === undefined ? { type: parts.linkType, amount } : { type: parts.linkType, id: parts.document.id, amount }
}

function readPaymentPage<K extends 'payments' | 'billPayments'>(
  response: PlatformResponse,
  context: SourceContext,
  cursor: PageCursor | undefined,
  types: Readonly<Record<string, string>>,
  build: (parts: XeroPaymentParts) => SourceRecord<K>,
): PageOfRecords<K> {
  return readXeroPage(response, context, cursor, 'Payments', (raw, index) => {
    // The other side's payments share the list.
    const linkType = isObject(raw) ? types[raw['PaymentType'] as string] : undefined
    return isObject(raw) && linkType === undefined ? undefined : build(readPaymentParts(raw, index, linkType ?? 'Unknown'))
  })
}

function readPaymentParts(raw: unknown, index: number, linkType: string): XeroPaymentParts {
  if (!isObject(raw)) throw new DataSourceError(`Xero's Payments[${index}] is not an object.`)
  const id = textOf(raw['PaymentID'])
  if (id === undefined) throw new DataSourceError(`Xero's Payments[${index}] has no PaymentID.`)
  const paidAt = parseXeroDate(raw['Date'])
  if (paidAt === undefined) throw new DataSourceError(`Xero's payment ${id} has no readable Date.`)
  const amount = numberOf(raw['Amount'])
  if (amount === undefined) throw new DataSourceError(`Xero's payment ${id} has no numeric Amount.`)
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])

  const document = documentOf(raw)
  const shared: XeroPaymentParts['shared'] = {}
  if (document.currency !== undefined) shared.currency = document.currency
  const currencyRate = unifiedCurrencyRate(raw['CurrencyRate'])
  if (currencyRate !== undefined) shared.currencyRate = currencyRate
  const account = isObject(raw['Account']) ? textOf(raw['Account']['AccountID']) : undefined
  if (account !== undefined) shared.accountRef = { id: account }
  const reference = textOf(raw['Reference'])
  if (reference !== undefined) shared.reference = reference
  if (raw['Status'] === 'DELETED') shared.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) shared.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt, paidAt, amount, document, linkType, shared }
}

/** The first of Invoice, CreditNote, Overpayment and Prepayment the payment carries: Xero sets exactly one. */
function documentOf(raw: Record<string, unknown>): XeroPaymentParts['document'] {
  for (const [field, idField] of [
    ['Invoice', 'InvoiceID'],
    ['CreditNote', 'CreditNoteID'],
    ['Overpayment', 'OverpaymentID'],
    ['Prepayment', 'PrepaymentID'],
  ] as const) {
    const document = raw[field]
    if (!isObject(document)) continue
    const contact = isObject(document['Contact']) ? document['Contact'] : undefined
    return { id: textOf(document[idField]), contactId: textOf(contact?.['ContactID']), contactName: textOf(contact?.['Name']), currency: textOf(document['CurrencyCode']) }
  }
  return { id: undefined, contactId: undefined, contactName: undefined, currency: undefined }
}
