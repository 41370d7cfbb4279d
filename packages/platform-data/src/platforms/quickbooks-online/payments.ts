/**
 * @module QuickBooks Online payments received (query `FROM Payment`) read into the unified Payment. Each line is an
 * amount applied to the transactions it links (`LinkedTxn`: an invoice, a credit memo, a journal entry); what the
 * payment does not apply (`UnappliedAmt`) is a line on account.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { isObject, numberOf, textOf } from '../../json-fields.js'
import { idAndName, linkedTransactionsOf, modifiedOf, quickbooksQuerySource, refId, requiredDateOf, requiredNumberOf } from './quickbooks-api.js'

type Payment = DataRecordOf<'payments'>
type PaymentLine = NonNullable<Payment['lines']>[number]
type PaymentLinkType = NonNullable<PaymentLine['links']>[number]['type']

/** LinkedTxn's TxnType as the reference's payment link type. */
const LINK_TYPE_OF: Readonly<Record<string, PaymentLinkType>> = { Invoice: 'Invoice', CreditMemo: 'CreditNote', JournalEntry: 'ManualJournal', Payment: 'Payment' }

export const quickbooksPayments = quickbooksQuerySource('payments', { entity: 'Payment', conditions: [] }, (raw, id) => {
  const total = requiredNumberOf(raw, 'TotalAmt', `payment ${id}`)
  const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
  const payment: Payment = { id, date: requiredDateOf(raw, 'TxnDate', `payment ${id}`), totalAmount: total }
  const method = idAndName(raw['PaymentMethodRef'])
  if (method !== undefined) payment.paymentMethodRef = method
  const currency = refId(raw['CurrencyRef'])
  if (currency !== undefined) payment.currency = currency
  const exchangeRate = numberOf(raw['ExchangeRate'])
  if (exchangeRate !== undefined) payment.currencyRate = exchangeRate
  const customer = idAndName(raw['CustomerRef'])
  if (customer !== undefined) payment.customerRef = customer.name === undefined ? { id: customer.id } : { id: customer.id, companyName: customer.name }
  const account = idAndName(raw['DepositToAccountRef'])
  if (account !== undefined) payment.accountRef = account
  const reference = textOf(raw['PaymentRefNum'])
  if (reference !== undefined) payment.reference = reference
  const note = textOf(raw['PrivateNote'])
  if (note !== undefined) payment.note = note
  const lines: PaymentLine[] = []
  for (const line of Array.isArray(raw['Line']) ? raw['Line'] : []) {
    if (!isObject(line)) continue
    const amount = numberOf(line['Amount']) ?? 0
    // A negative link amount is what the payment takes off the linked document's balance (the reference's convention).
    lines.push({ amount, links: linkedTransactionsOf(line).map((link) => ({ type: LINK_TYPE_OF[link.type] ?? 'Other', id: link.id, amount: -amount })) })
  }
  const unapplied = numberOf(raw['UnappliedAmt']) ?? 0
  if (unapplied > 0) lines.push({ amount: unapplied, links: [{ type: 'PaymentOnAccount', amount: -unapplied }] })
  payment.lines = lines
  if (sourceModifiedDate !== undefined) payment.sourceModifiedDate = sourceModifiedDate
  return { id, modifiedAt, data: payment }
}, { mirrorsDeletions: true })
