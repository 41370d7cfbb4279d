/**
 * @module The shop's money (Shopify Admin REST): what customers paid and were given back (tender transactions),
 * the ways they paid, the Shopify Payments balance's movements and its disputes, and the taxes its orders charged.
 *
 * Why these resources: the reference's Payment is money between customer and merchant, refunds as negative
 * payments, each with its payment method. Shopify's tender transactions are exactly that, shop-wide in one list
 * (an order's own transactions would cost one request per order). The reference's Transaction is the merchant
 * account's movements (payments in, fees, refunds, payouts to the bank): Shopify Payments' balance transactions.
 */
import { NO_CURRENCY, type DataRecordOf } from '@linkway/contracts'
import type { SourceRecord } from '../../data-source.js'
import { isObject, textOf } from '../../json-fields.js'
import { changedAt, changedAtMs, idOf, moneyOf, parseShopifyDate, requireId, shopifyDateTime, shopifyListSource } from './shopify-api.js'

type TransactionType = NonNullable<DataRecordOf<'commerce-transactions'>['type']>
type DisputeStatus = NonNullable<DataRecordOf<'commerce-disputes'>['status']>

/** Shopify Payments writes currencies in lower case ("usd"); the reference's are ISO 4217 codes. */
function currencyOf(value: unknown): string | undefined {
  return textOf(value)?.toUpperCase()
}

/** Shopify's tender payment methods as a person reads them; another one is shown as Shopify names it. */
const PAYMENT_METHOD_NAMES: Readonly<Record<string, string>> = {
  credit_card: 'Credit card',
  cash: 'Cash',
  paypal: 'PayPal',
  gift_card: 'Gift card',
  shopify_installments: 'Shop Pay Installments',
  store_credit: 'Store credit',
  local: 'Local payment method',
  android_pay: 'Google Pay',
  apple_pay: 'Apple Pay',
  other: 'Other',
}

function paymentMethodRefOf(raw: Record<string, unknown>): { id: string; name: string } | undefined {
  const method = textOf(raw['payment_method'])
  return method === undefined ? undefined : { id: method, name: PAYMENT_METHOD_NAMES[method] ?? method }
}

/** Oldest first (Shopify's default is newest first): a sync read in order, and a method's latest use read last. */
const TENDERS_OLDEST_FIRST = { order: 'processed_at ASC' }

/**
 * Tender transactions: money that changed hands, a payment positive and a refund negative, as the reference's
 * payments are. Shopify lists only what went through, so each one is Paid; none changes once processed, so an
 * incremental read asks for those processed since.
 */
export const shopifyPayments = shopifyListSource({
  dataType: 'commerce-payments',
  resource: 'tender_transactions',
  listName: 'tender_transactions',
  filters: TENDERS_OLDEST_FIRST,
  modifiedSinceFilter: 'processed_at_min',
  readPage: (items) =>
    items.map((raw, index): SourceRecord<'commerce-payments'> => {
      const id = requireId(raw, 'tender_transactions', index)
      const { modifiedAt, dates } = changedAt(raw['processed_at'])
      const data: DataRecordOf<'commerce-payments'> = { id, status: 'Paid', ...dates }
      const amount = moneyOf(raw['amount'])
      if (amount !== undefined) data.amount = amount
      const currency = currencyOf(raw['currency'])
      if (currency !== undefined) data.currency = currency
      const method = paymentMethodRefOf(raw)
      if (method !== undefined) data.paymentMethodRef = method
      if (dates.sourceModifiedDate !== undefined) data.createdDate = dates.sourceModifiedDate
      return { id, modifiedAt, data }
    }),
})

/**
 * Shopify has no list of payment methods: they are the ones its tender transactions name, each once a page
 * (the sync stores one record per method, however many pages name it), dated by its latest use on the page; the
 * pages come oldest first, so the last one read has the latest use.
 */
export const shopifyPaymentMethods = shopifyListSource({
  dataType: 'commerce-paymentMethods',
  resource: 'tender_transactions',
  listName: 'tender_transactions',
  filters: TENDERS_OLDEST_FIRST,
  modifiedSinceFilter: 'processed_at_min',
  readPage(items) {
    const latest = new Map<string, { name: string; at: number | undefined }>()
    for (const raw of items) {
      const method = paymentMethodRefOf(raw)
      if (method === undefined) continue
      const at = parseShopifyDate(raw['processed_at'])
      const seen = latest.get(method.id)
      if (seen === undefined || (at !== undefined && (seen.at === undefined || at > seen.at))) latest.set(method.id, { name: method.name, at })
    }
    return [...latest].map(([id, { name, at }]): SourceRecord<'commerce-paymentMethods'> => {
      const { modifiedAt, dates } = changedAtMs(at)
      return { id, modifiedAt, data: { id, name, status: 'Active', ...dates } }
    })
  },
})

/** Shopify Payments' balance transaction types that the reference names; the rest are Unknown, Shopify's word kept as subType. */
const TRANSACTION_TYPE_OF: Readonly<Record<string, TransactionType>> = {
  charge: 'Payment',
  refund: 'Refund',
  payout: 'Payout',
  payout_failure: 'FailedPayout',
  transfer: 'Transfer',
}

/**
 * The Shopify Payments balance's movements. Shopify writes a charge's processing fee on the charge itself
 * (`fee`); the reference has it as a transaction of its own (PaymentFee, or PaymentFeeRefund when a refund
 * gives a fee back), so a transaction with a fee is read as two records, the fee's id the transaction's and
 * "-fee". The list has no change filter: every sync reads it all.
 */
export const shopifyTransactions = shopifyListSource({
  dataType: 'commerce-transactions',
  resource: 'shopify_payments/balance/transactions',
  listName: 'transactions',
  readPage: (items) =>
    items.flatMap((raw, index): Array<SourceRecord<'commerce-transactions'>> => {
      const id = requireId(raw, 'transactions', index)
      const { modifiedAt, dates } = changedAt(raw['processed_at'])
      const shopifyType = textOf(raw['type'])
      const base: Omit<DataRecordOf<'commerce-transactions'>, 'id'> = { ...dates }
      const currency = currencyOf(raw['currency'])
      if (currency !== undefined) base.currency = currency
      if (dates.sourceModifiedDate !== undefined) {
        base.createdDate = dates.sourceModifiedDate
        base.sourceCreatedDate = dates.sourceModifiedDate
      }
      const orderId = idOf(raw['source_order_id'])
      if (orderId !== undefined) base.transactionSourceRef = { id: orderId, type: 'Order' }
      const movement: DataRecordOf<'commerce-transactions'> = { id, ...base, type: (shopifyType === undefined ? undefined : TRANSACTION_TYPE_OF[shopifyType]) ?? 'Unknown' }
      if (shopifyType !== undefined) movement.subType = shopifyType
      const amount = moneyOf(raw['amount'])
      if (amount !== undefined) movement.totalAmount = amount
      const records: Array<SourceRecord<'commerce-transactions'>> = [{ id, modifiedAt, data: movement }]
      const fee = moneyOf(raw['fee']) ?? 0
      if (fee !== 0) {
        const feeId = `${id}-fee`
        // A fee is money out of the balance; a negative fee is one given back.
        const data: DataRecordOf<'commerce-transactions'> = { id: feeId, ...base, type: fee > 0 ? 'PaymentFee' : 'PaymentFeeRefund', subType: 'fee', totalAmount: -fee }
        records.push({ id: feeId, modifiedAt, data })
      }
      return records
    }),
})

/**
 * Shopify Payments' dispute statuses, told apart by the dispute's type: an inquiry is the card issuer asking
 * before it decides on a chargeback, and the reference has statuses of its own for one.
 */
function disputeStatusOf(status: unknown, type: unknown): DisputeStatus {
  const isInquiry = type === 'inquiry'
  switch (status) {
    case 'needs_response':
      return isInquiry ? 'InquiryEvidenceRequired' : 'EvidenceRequired'
    case 'under_review':
      return isInquiry ? 'InquiryProcessing' : 'Processing'
    case 'charge_refunded':
      return 'ChargeRefunded'
    case 'accepted':
      return 'Accepted'
    case 'won':
      return isInquiry ? 'InquiryClosed' : 'Won'
    case 'lost':
      return 'Lost'
    default:
      return 'Unknown'
  }
}

/**
 * Shopify Payments' disputes, each against an order. They have no change time: the last thing that happened
 * (finalized, else evidence sent, else opened) dates them, and with no change filter every sync reads them all.
 */
export const shopifyDisputes = shopifyListSource({
  dataType: 'commerce-disputes',
  resource: 'shopify_payments/disputes',
  listName: 'disputes',
  readPage: (items) =>
    items.map((raw, index): SourceRecord<'commerce-disputes'> => {
      const id = requireId(raw, 'disputes', index)
      const { modifiedAt, dates } = changedAt(raw['finalized_on'] ?? raw['evidence_sent_on'] ?? raw['initiated_at'])
      // The reference requires a currency; NO_CURRENCY is ISO 4217's code for one the platform does not give.
      const data: DataRecordOf<'commerce-disputes'> = { id, currency: currencyOf(raw['currency']) ?? NO_CURRENCY, status: disputeStatusOf(raw['status'], raw['type']), ...dates }
      const orderId = idOf(raw['order_id'])
      data.disputedTransactions = orderId === undefined ? [] : [{ id: orderId, type: 'Order' }]
      const amount = moneyOf(raw['amount'])
      if (amount !== undefined) data.totalAmount = amount
      const reason = textOf(raw['reason'])
      if (reason !== undefined) data.reason = reason
      const due = shopifyDateTime(raw['evidence_due_by'])
      if (due !== undefined) data.dueDate = due
      const opened = shopifyDateTime(raw['initiated_at'])
      if (opened !== undefined) data.createdDate = opened
      return { id, modifiedAt, data }
    }),
})

/**
 * Shopify has no list of the taxes a shop charges: they are the tax lines on its orders, one per tax title
 * (e.g. "TX State Tax"), which is how orders' lines refer to them (taxComponentRef.id). Each appears once a
 * page, at the rate and date of the latest order on the page that charged it (Shopify's order list cannot be
 * sorted by change, so a tax whose rate changed keeps the rate of the page read last); only the fields this needs
 * are asked for.
 */
export const shopifyTaxComponents = shopifyListSource({
  dataType: 'commerce-taxComponents',
  resource: 'orders',
  listName: 'orders',
  filters: { status: 'any', fields: 'id,updated_at,tax_lines' },
  modifiedSinceFilter: 'updated_at_min',
  readPage(items) {
    const latest = new Map<string, { rate: number | undefined; at: number | undefined }>()
    for (const order of items) {
      const at = parseShopifyDate(order['updated_at'])
      const taxLines = Array.isArray(order['tax_lines']) ? order['tax_lines'] : []
      for (const tax of taxLines) {
        const title = isObject(tax) ? textOf(tax['title']) : undefined
        if (title === undefined || !isObject(tax)) continue
        const seen = latest.get(title)
        if (seen !== undefined && (at === undefined || (seen.at !== undefined && seen.at >= at))) continue
        latest.set(title, { rate: typeof tax['rate'] === 'number' ? tax['rate'] : undefined, at })
      }
    }
    return [...latest].map(([title, { rate, at }]): SourceRecord<'commerce-taxComponents'> => {
      const { modifiedAt, dates } = changedAtMs(at)
      // Shopify's rates are already fractions (0.0825), as the reference's are.
      return { id: title, modifiedAt, data: { id: title, name: title, ...(rate === undefined ? {} : { rate }), ...dates } }
    })
  },
})
