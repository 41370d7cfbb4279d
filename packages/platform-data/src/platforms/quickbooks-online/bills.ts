/**
 * @module QuickBooks Online bills (query `FROM Bill`) read into the unified Bill. QuickBooks has no draft bills, so
 * a bill is Open, PartiallyPaid or Paid by its Balance, or Void when voiding zeroed it. Its lines are expense lines:
 * posted to an account (AccountBasedExpenseLineDetail, an amount and no quantity: read as one unit of that amount)
 * or for an item (ItemBasedExpenseLineDetail, with quantity and unit price).
 */
import type { DataRecordOf } from '@linkway/contracts'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { addAmounts, idAndName, isVoided, modifiedOf, parseQuickbooksDate, quickbooksQuerySource, refId, requiredDateOf, requiredNumberOf, totalTaxOf } from './quickbooks-api.js'
import { trackLinesByDepartment } from './tracking-categories.js'

type Bill = DataRecordOf<'bills'>
type PurchaseLine = NonNullable<Bill['lineItems']>[number]

export const quickbooksBills = quickbooksQuerySource('bills', { entity: 'Bill', conditions: [] }, (raw, id) => {
  const total = requiredNumberOf(raw, 'TotalAmt', `bill ${id}`)
  const balance = requiredNumberOf(raw, 'Balance', `bill ${id}`)
  const tax = totalTaxOf(raw)
  const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
  const bill: Bill = {
    id,
    issueDate: requiredDateOf(raw, 'TxnDate', `bill ${id}`),
    status: isVoided(raw, total) ? 'Void' : balance <= 0 ? 'Paid' : balance < total ? 'PartiallyPaid' : 'Open',
    subTotal: addAmounts(total, -tax),
    taxAmount: tax,
    totalAmount: total,
    amountDue: balance,
  }
  const docNumber = textOf(raw['DocNumber'])
  if (docNumber !== undefined) bill.reference = docNumber
  const vendor = idAndName(raw['VendorRef'])
  if (vendor !== undefined) bill.supplierRef = vendor.name === undefined ? { id: vendor.id } : { id: vendor.id, supplierName: vendor.name }
  const dueAt = parseQuickbooksDate(raw['DueDate'])
  if (dueAt !== undefined) bill.dueDate = isoDateTime(dueAt)
  const currency = refId(raw['CurrencyRef'])
  if (currency !== undefined) bill.currency = currency
  const exchangeRate = numberOf(raw['ExchangeRate'])
  if (exchangeRate !== undefined) bill.currencyRate = exchangeRate
  bill.lineItems = readPurchaseLines(raw['Line'])
  trackLinesByDepartment(raw, bill.lineItems)
  const note = textOf(raw['PrivateNote'])
  if (note !== undefined) bill.note = note
  if (sourceModifiedDate !== undefined) bill.sourceModifiedDate = sourceModifiedDate
  return { id, modifiedAt, data: bill }
}, { mirrorsDeletions: true })

/** The expense lines of a bill or vendor credit; lines of any other detail type carry no purchase and are left out. */
export function readPurchaseLines(lines: unknown): PurchaseLine[] {
  if (!Array.isArray(lines)) return []
  const read: PurchaseLine[] = []
  for (const line of lines) {
    if (!isObject(line)) continue
    const amount = numberOf(line['Amount']) ?? 0
    const detailType = line['DetailType']
    const detail = isObject(line['AccountBasedExpenseLineDetail']) ? line['AccountBasedExpenseLineDetail'] : isObject(line['ItemBasedExpenseLineDetail']) ? line['ItemBasedExpenseLineDetail'] : undefined
    if ((detailType !== 'AccountBasedExpenseLineDetail' && detailType !== 'ItemBasedExpenseLineDetail') || detail === undefined) continue
    const quantity = numberOf(detail['Qty'])
    const unitPrice = numberOf(detail['UnitPrice'])
    const item: PurchaseLine = quantity !== undefined && unitPrice !== undefined ? { quantity, unitAmount: unitPrice, subTotal: amount } : { quantity: 1, unitAmount: amount, subTotal: amount }
    const description = textOf(line['Description'])
    if (description !== undefined) item.description = description
    const account = idAndName(detail['AccountRef'])
    if (account !== undefined) item.accountRef = account
    const itemRef = idAndName(detail['ItemRef'])
    if (itemRef !== undefined) item.itemRef = itemRef
    const taxCode = refId(detail['TaxCodeRef'])
    if (taxCode !== undefined) item.taxRateRef = { id: taxCode }
    const classRef = idAndName(detail['ClassRef'])
    if (classRef !== undefined) item.trackingCategoryRefs = [classRef]
    read.push(item)
  }
  return read
}
