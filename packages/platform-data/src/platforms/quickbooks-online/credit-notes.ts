/**
 * @module QuickBooks Online credit memos (query `FROM CreditMemo`) read into the unified CreditNote, and vendor
 * credits (`FROM VendorCredit`) into the BillCreditNote. Both keep what is left to use as `Balance`: all of it is
 * Submitted, part of it PartiallyPaid, none Paid. QuickBooks applies credits through payments, not on the credit
 * itself, so `paymentAllocations` is not given.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { isObject, numberOf, textOf } from '../../json-fields.js'
import { readPurchaseLines } from './bills.js'
import { collectSalesLines } from './invoices.js'
import { addAmounts, idAndName, modifiedOf, quickbooksQuerySource, refId, requiredDateOf, requiredNumberOf, totalTaxOf } from './quickbooks-api.js'
import { trackLinesByDepartment } from './tracking-categories.js'

type CreditNote = DataRecordOf<'creditNotes'>
type BillCreditNote = DataRecordOf<'billCreditNotes'>
type SalesLine = NonNullable<DataRecordOf<'invoices'>['lineItems']>[number]

function creditStatusOf(total: number, remaining: number): CreditNote['status'] {
  if (remaining <= 0) return 'Paid'
  return remaining < total ? 'PartiallyPaid' : 'Submitted'
}

/** What a credit memo and a vendor credit share: totals, dates, currency, note. */
function creditBody(raw: Record<string, unknown>, id: string, what: string) {
  const total = requiredNumberOf(raw, 'TotalAmt', `${what} ${id}`)
  const remaining = numberOf(raw['Balance']) ?? numberOf(raw['RemainingCredit']) ?? total
  const tax = totalTaxOf(raw)
  const { sourceModifiedDate } = modifiedOf(raw)
  const currency = refId(raw['CurrencyRef'])
  const exchangeRate = numberOf(raw['ExchangeRate'])
  const note = textOf(raw['PrivateNote'])
  return {
    id,
    totalAmount: total,
    totalDiscount: 0,
    subTotal: addAmounts(total, -tax),
    totalTaxAmount: tax,
    discountPercentage: 0,
    remainingCredit: remaining,
    status: creditStatusOf(total, remaining),
    issueDate: requiredDateOf(raw, 'TxnDate', `${what} ${id}`),
    ...(currency !== undefined ? { currency } : {}),
    ...(exchangeRate !== undefined ? { currencyRate: exchangeRate } : {}),
    ...(note !== undefined ? { note } : {}),
    ...(sourceModifiedDate !== undefined ? { sourceModifiedDate } : {}),
  }
}

export const quickbooksCreditNotes = quickbooksQuerySource('creditNotes', { entity: 'CreditMemo', conditions: [] }, (raw, id) => {
  const note: CreditNote = creditBody(raw, id, 'credit memo')
  const docNumber = textOf(raw['DocNumber'])
  if (docNumber !== undefined) note.creditNoteNumber = docNumber
  const customer = idAndName(raw['CustomerRef'])
  if (customer !== undefined) note.customerRef = customer.name === undefined ? { id: customer.id } : { id: customer.id, companyName: customer.name }
  const lines: SalesLine[] = []
  for (const line of Array.isArray(raw['Line']) ? raw['Line'] : []) if (isObject(line)) collectSalesLines(line, lines)
  trackLinesByDepartment(raw, lines)
  note.lineItems = lines
  return { id, modifiedAt: modifiedOf(raw).modifiedAt, data: note }
}, { mirrorsDeletions: true })

export const quickbooksBillCreditNotes = quickbooksQuerySource('billCreditNotes', { entity: 'VendorCredit', conditions: [] }, (raw, id) => {
  const note: BillCreditNote = creditBody(raw, id, 'vendor credit')
  const docNumber = textOf(raw['DocNumber'])
  if (docNumber !== undefined) note.billCreditNoteNumber = docNumber
  const vendor = idAndName(raw['VendorRef'])
  if (vendor !== undefined) note.supplierRef = vendor.name === undefined ? { id: vendor.id } : { id: vendor.id, supplierName: vendor.name }
  note.lineItems = readPurchaseLines(raw['Line'])
  trackLinesByDepartment(raw, note.lineItems)
  return { id, modifiedAt: modifiedOf(raw).modifiedAt, data: note }
}, { mirrorsDeletions: true })
