/**
 * @module The seller's money (Square API): its payments (GET /v2/payments), the ways customers paid, and its
 * disputes (GET /v2/disputes).
 *
 * Square's payments are what customers paid, one per tender, with their own status; its refunds are a list of their
 * own (GET /v2/refunds), read after the payments as negative payments, as the reference has refunds. ListPayments
 * answers one location a call (the seller's main one when none is named), so payments are read location by location,
 * after ListLocations, as orders are.
 */
import { NO_CURRENCY, type DataRecordOf } from '@linkway/contracts'
import type { DataSource, PageCursor, PlatformRequest, SourceContext, SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { changedAt, locationIdsOf, moneyOf, nextSquarePage, parseSquareDate, requestSquareLocations, requestSquarePage, requireSquareId, SQUARE_HISTORY_START, squareDateTime, squareLimit, squareListItems, squareListSource, squareLocationsCursor } from './square-api.js'

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
 * What ListPayments and ListPaymentRefunds are asked: everything from SQUARE_HISTORY_START (Square reads a year back
 * without begin_time), oldest first, 100 a page; an incremental read asks for those updated since the last sync.
 */
function paymentsQuery(context: SourceContext): Record<string, string> {
  const query: Record<string, string> = { begin_time: SQUARE_HISTORY_START, sort_order: 'ASC', limit: squareLimit(context, 100) }
  if (context.modifiedSince !== undefined) query['updated_at_begin_time'] = isoDateTime(context.modifiedSince.getTime())
  return query
}

/**
 * ListPayments location by location, as payments and payment methods read it: ListLocations first (no cursor), then
 * the payments of the cursor's first location, named by location_id, then those of the next one.
 */
function requestPaymentsByLocation(context: SourceContext, cursor: PageCursor | undefined): PlatformRequest {
  if (cursor === undefined) return requestSquareLocations(context)
  const [location] = locationIdsOf(cursor)
  return requestSquarePage(context, '/v2/payments', { ...paymentsQuery(context), location_id: location! }, cursor)
}

/** After a page of a location's payments: its next page, else the next location's first, else undefined (every location read). */
function nextPaymentsPage(body: unknown, cursor: PageCursor): PageCursor | undefined {
  const locations = locationIdsOf(cursor)
  const next = nextSquarePage(body)
  if (next !== undefined) return { ...next, locations: locations.join(',') }
  const rest = locations.slice(1)
  return rest.length === 0 ? undefined : { locations: rest.join(',') }
}

/** What a payment or a refund records of its money: the amount (negative for a refund, as the reference's are) and its currency. */
function paymentMoney(data: DataRecordOf<'commerce-payments'>, value: unknown, sign: 1 | -1): void {
  const money = moneyOf(value)
  if (money === undefined) return
  // 0 - 0 is 0, where -0 would be -0.
  data.amount = sign === 1 ? money.amount : 0 - money.amount
  if (money.currency !== undefined) data.currency = money.currency
}

function readPayment(raw: Record<string, unknown>, index: number): SourceRecord<'commerce-payments'> {
  const id = requireSquareId(raw, 'payments', index)
  const { modifiedAt, dates } = changedAt(raw['updated_at'])
  const status = textOf(raw['status'])
  const data: DataRecordOf<'commerce-payments'> = { id, status: (status === undefined ? undefined : PAYMENT_STATUS[status]) ?? 'Unknown', ...dates }
  // total_money is what the customer paid, tip included; amount_money leaves the tip out.
  paymentMoney(data, raw['total_money'] ?? raw['amount_money'], 1)
  const method = paymentMethodRefOf(raw)
  if (method !== undefined) data.paymentMethodRef = method
  const created = squareDateTime(raw['created_at'])
  if (created !== undefined) data.createdDate = created
  return { id, modifiedAt, data }
}

/** Square's refund statuses (PENDING, COMPLETED, REJECTED, FAILED) as the reference's payment statuses. */
const REFUND_STATUS: Readonly<Record<string, PaymentStatus>> = { PENDING: 'Pending', COMPLETED: 'Paid', REJECTED: 'Failed', FAILED: 'Failed' }

/** A refund as a negative payment, paid back the way the payment came (its destination is the payment's source). */
function readRefund(raw: Record<string, unknown>, index: number): SourceRecord<'commerce-payments'> {
  const id = requireSquareId(raw, 'refunds', index)
  const { modifiedAt, dates } = changedAt(raw['updated_at'])
  const status = textOf(raw['status'])
  const data: DataRecordOf<'commerce-payments'> = { id, status: (status === undefined ? undefined : REFUND_STATUS[status]) ?? 'Unknown', ...dates }
  paymentMoney(data, raw['amount_money'], -1)
  const destination = isObject(raw['destination_details']) ? raw['destination_details'] : {}
  const method = paymentMethodRefOf({ source_type: raw['destination_type'], external_details: destination['external_details'] })
  if (method !== undefined) data.paymentMethodRef = method
  const created = squareDateTime(raw['created_at'])
  if (created !== undefined) data.createdDate = created
  return { id, modifiedAt, data }
}

/**
 * Payments of every location, then refunds (GET /v2/refunds, the same filters) as negative payments, as the reference
 * has them: money between customer and seller. Refunds are one list of every location, as ListPaymentRefunds answers
 * without location_id: one read instead of one a location, and no refund is left out whatever its location. The cursor
 * says which list the read is in (`list: 'refunds'`) and, before that, which locations are left.
 */
export const squarePayments: DataSource<'commerce-payments'> = {
  dataType: 'commerce-payments',
  isIncremental: true,
  request(context, cursor) {
    if (cursor?.['list'] === 'refunds') return requestSquarePage(context, '/v2/refunds', paymentsQuery(context), cursor)
    return requestPaymentsByLocation(context, cursor)
  },
  read(response, _context, cursor) {
    if (cursor === undefined) return { records: [], next: squareLocationsCursor(response.body) ?? { list: 'refunds' } }
    if (cursor['list'] === 'refunds') {
      const next = nextSquarePage(response.body)
      return { records: squareListItems(response.body, 'refunds').map(readRefund), next: next === undefined ? undefined : { ...next, list: 'refunds' } }
    }
    return { records: squareListItems(response.body, 'payments').map(readPayment), next: nextPaymentsPage(response.body, cursor) ?? { list: 'refunds' } }
  },
}

/**
 * Square has no list of payment methods: they are the ways its payments were made, each once a page (the sync
 * stores one record per method, however many pages name it), dated by its latest use on the page.
 */
export const squarePaymentMethods: DataSource<'commerce-paymentMethods'> = {
  dataType: 'commerce-paymentMethods',
  isIncremental: true,
  request: requestPaymentsByLocation,
  read(response, _context, cursor) {
    if (cursor === undefined) return { records: [], next: squareLocationsCursor(response.body) }
    return { records: paymentMethodsOf(squareListItems(response.body, 'payments')), next: nextPaymentsPage(response.body, cursor) }
  },
}

function paymentMethodsOf(items: ReadonlyArray<Record<string, unknown>>): Array<SourceRecord<'commerce-paymentMethods'>> {
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
}

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
