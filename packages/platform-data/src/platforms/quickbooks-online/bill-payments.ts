/**
 * @module QuickBooks Online bill payments (query `FROM BillPayment`) read into the unified BillPayment. A bill payment
 * is paid by cheque from a bank account (`PayType` Check, `CheckPayment.BankAccountRef`) or by card
 * (`CreditCardPayment.CCAccountRef`); each line is an amount applied to the bills (or vendor credits) it links. A
 * payment applied to nothing is a payment on account.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { isObject, numberOf, textOf } from '../../json-fields.js'
import { idAndName, linkedTransactionsOf, modifiedOf, quickbooksQuerySource, refId, requiredDateOf, requiredNumberOf } from './quickbooks-api.js'

type BillPayment = DataRecordOf<'billPayments'>
type BillPaymentLine = NonNullable<BillPayment['lines']>[number]
type BillPaymentLinkType = NonNullable<BillPaymentLine['links']>[number]['type']

const LINK_TYPE_OF: Readonly<Record<string, BillPaymentLinkType>> = { Bill: 'Bill', VendorCredit: 'CreditNote', JournalEntry: 'ManualJournal' }

export const quickbooksBillPayments = quickbooksQuerySource('billPayments', { entity: 'BillPayment', conditions: [] }, (raw, id) => {
  const total = requiredNumberOf(raw, 'TotalAmt', `bill payment ${id}`)
  const date = requiredDateOf(raw, 'TxnDate', `bill payment ${id}`)
  const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
  const payment: BillPayment = { id, date, totalAmount: total }
  const vendor = idAndName(raw['VendorRef'])
  if (vendor !== undefined) payment.supplierRef = vendor.name === undefined ? { id: vendor.id } : { id: vendor.id, supplierName: vendor.name }
  const byCheque = isObject(raw['CheckPayment']) ? idAndName(raw['CheckPayment']['BankAccountRef']) : undefined
  const byCard = isObject(raw['CreditCardPayment']) ? idAndName(raw['CreditCardPayment']['CCAccountRef']) : undefined
  const account = byCheque ?? byCard
  if (account !== undefined) payment.accountRef = account
  const currency = refId(raw['CurrencyRef'])
  if (currency !== undefined) payment.currency = currency
  const exchangeRate = numberOf(raw['ExchangeRate'])
  if (exchangeRate !== undefined) payment.currencyRate = exchangeRate
  const reference = textOf(raw['DocNumber'])
  if (reference !== undefined) payment.reference = reference
  const note = textOf(raw['PrivateNote'])
  if (note !== undefined) payment.note = note
  const lines: BillPaymentLine[] = []
  let applied = 0
  for (const line of Array.isArray(raw['Line']) ? raw['Line'] : []) {
    if (!isObject(line)) continue
    const amount = numberOf(line['Amount']) ?? 0
    applied += Math.round(amount * 100)
    // As for payments: a negative link amount is what the payment takes off the linked bill's balance.
    lines.push({ amount, links: linkedTransactionsOf(line).map((link) => ({ type: LINK_TYPE_OF[link.type] ?? 'Other', id: link.id, amount: -amount })), allocatedOnDate: date })
  }
  const onAccount = (Math.round(total * 100) - applied) / 100
  if (onAccount > 0) lines.push({ amount: onAccount, links: [{ type: 'PaymentOnAccount', amount: -onAccount }], allocatedOnDate: date })
  payment.lines = lines
  if (sourceModifiedDate !== undefined) payment.sourceModifiedDate = sourceModifiedDate
  return { id, modifiedAt, data: payment }
}, { mirrorsDeletions: true })
