/**
 * @module The seller's money (Square API): its payments (GET /v2/payments), the ways customers paid, and its
 * disputes (GET /v2/disputes).
 *
 * Square's payments are what customers paid, one per tender, with their own status; refunds are a list of their
 * own (GET /v2/refunds), not read yet, so a refunded payment is still a Paid one here.
 */
import { NO_CURRENCY, type DataRecordOf } from '@linkway/contracts'
import type { SourceContext, SourceRecord } from '../../data-source.js'
import { isObject, textOf } from '../../json-fields.js'
import { changedAt, moneyOf, parseSquareDate, requireSquareId, SQUARE_HISTORY_START, squareDateTime, squareLimit, squareListSource } from './square-api.js'

type PaymentStatus = NonNullable<DataRecordOf<'commerce-payments'>['status']>
type DisputeStatus = NonNullable<DataRecordOf<'commerce-disputes'>['status']>

/** Square's payment statuses: APPROVED is authorized and not yet captured. */
const PAYMENT_STATUS: Readonly<Record<string, PaymentStatus>> = { APPROVED: 'Authorized', PENDING: 'Pending', COMPLETED: 'Paid', CANCELED: 'Cancelled', FAILED: 'Failed' }

/** Square's payment source types as a person reads them; another one is shown as Square names it. */
const PAYMENT_METHOD_NAMES: Readonly<Record<string, string>> = {
  CARD: 'Card',
  BANK_ACCOUNT: 'Bank account',
  WALLET: 'Digital wallet',
  BUY_NOW_PAY_LATER: 'Buy now, pay later',
  SQUARE_ACCOUNT: 'Square account',
  CASH: 'Cash',
  EXTERNAL: 'External',
}

/** How a payment was made: its source type, and for a payment taken outside Square the source the seller recorded (e.g. PayPal). */
function paymentMethodRefOf(raw: Record<string, unknown>): { id: string; name: string } | undefined {
  const type = textOf(raw['source_type'])
  if (type === undefined) return undefined
  if (type === 'EXTERNAL' && isObject(raw['external_details'])) {
    const source = textOf(raw['external_details']['source'])
    if (source !== undefined) return { id: `EXTERNAL:${source}`, name: source }
  }
  return { id: type, name: PAYMENT_METHOD_NAMES[type] ?? type }
}

/**
 * ListPayments as payments and payment methods read it: every payment from SQUARE_HISTORY_START (Square reads a
 * year back without begin_time), oldest first, 100 a page; an incremental read asks for those updated since the last sync.
 */
const PAYMENTS_LIST = {
  path: '/v2/payments',
  listName: 'payments',
  query: (context: SourceContext) => ({ begin_time: SQUARE_HISTORY_START, sort_order: 'ASC', limit: squareLimit(context, 100) }),
  modifiedSinceQuery: (since: string) => ({ updated_at_begin_time: since }),
}

export const squarePayments = squareListSource({
  dataType: 'commerce-payments',
  ...PAYMENTS_LIST,
  readPage: (items) =>
    items.map((raw, index): SourceRecord<'commerce-payments'> => {
      const id = requireSquareId(raw, 'payments', index)
      const { modifiedAt, dates } = changedAt(raw['updated_at'])
      const status = textOf(raw['status'])
      const data: DataRecordOf<'commerce-payments'> = { id, status: (status === undefined ? undefined : PAYMENT_STATUS[status]) ?? 'Unknown', ...dates }
      // total_money is what the customer paid, tip included; amount_money leaves the tip out.
      const total = moneyOf(raw['total_money']) ?? moneyOf(raw['amount_money'])
      if (total !== undefined) {
        data.amount = total.amount
        if (total.currency !== undefined) data.currency = total.currency
      }
      const method = paymentMethodRefOf(raw)
      if (method !== undefined) data.paymentMethodRef = method
      const created = squareDateTime(raw['created_at'])
      if (created !== undefined) data.createdDate = created
      return { id, modifiedAt, data }
    }),
})

/**
 * Square has no list of payment methods: they are the ways its payments were made, each once a page (the sync
 * stores one record per method, however many pages name it), dated by its latest use on the page.
 */
export const squarePaymentMethods = squareListSource({
  dataType: 'commerce-paymentMethods',
  ...PAYMENTS_LIST,
  readPage(items) {
    const latest = new Map<string, { name: string; at: number | undefined }>()
    for (const raw of items) {
      const method = paymentMethodRefOf(raw)
      if (method === undefined) continue
      const at = parseSquareDate(raw['created_at'])
      const seen = latest.get(method.id)
      if (seen === undefined || (at !== undefined && (seen.at === undefined || at > seen.at))) latest.set(method.id, { name: method.name, at })
    }
    return [...latest].map(([id, { name, at }]): SourceRecord<'commerce-paymentMethods'> => {
      const { modifiedAt, dates } = changedAt(at === undefined ? undefined : new Date(at).toISOString())
      return { id, modifiedAt, data: { id, name, status: 'Active', ...dates } }
    })
  },
})

/** Square's dispute states: the inquiry ones come before the card issuer decides on a chargeback. */
const DISPUTE_STATUS: Readonly<Record<string, DisputeStatus>> = {
  INQUIRY_EVIDENCE_REQUIRED: 'InquiryEvidenceRequired',
  INQUIRY_PROCESSING: 'InquiryProcessing',
  INQUIRY_CLOSED: 'InquiryClosed',
  EVIDENCE_REQUIRED: 'EvidenceRequired',
  PROCESSING: 'Processing',
  WON: 'Won',
  LOST: 'Lost',
  ACCEPTED: 'Accepted',
}

/** Disputes, each against a payment. ListDisputes has no change filter: every sync reads them all. */
export const squareDisputes = squareListSource({
  dataType: 'commerce-disputes',
  path: '/v2/disputes',
  listName: 'disputes',
  readPage: (items) =>
    items.map((raw, index): SourceRecord<'commerce-disputes'> => {
      const id = requireSquareId(raw, 'disputes', index)
      const { modifiedAt, dates } = changedAt(raw['updated_at'])
      const amount = moneyOf(raw['amount_money'])
      const state = textOf(raw['state'])
      // The reference requires a currency; NO_CURRENCY is ISO 4217's code for one the platform does not give.
      const data: DataRecordOf<'commerce-disputes'> = { id, currency: amount?.currency ?? NO_CURRENCY, status: (state === undefined ? undefined : DISPUTE_STATUS[state]) ?? 'Unknown', ...dates }
      const paymentId = isObject(raw['disputed_payment']) ? textOf(raw['disputed_payment']['payment_id']) : undefined
      data.disputedTransactions = paymentId === undefined ? [] : [{ id: paymentId, type: 'Payment' }]
      if (amount !== undefined) data.totalAmount = amount.amount
      const reason = textOf(raw['reason'])
      if (reason !== undefined) data.reason = reason
      const due = squareDateTime(raw['due_at'])
      if (due !== undefined) data.dueDate = due
      const created = squareDateTime(raw['created_at'])
      if (created !== undefined) data.createdDate = created
      return { id, modifiedAt, data }
    }),
})
