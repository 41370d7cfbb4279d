/**
 * @module QuickBooks Online purchase orders (query `FROM PurchaseOrder`) read into the unified PurchaseOrder: Open or
 * Closed as `POStatus` says (QuickBooks has no draft orders), its expense lines as a bill's, `ExpectedDate` as the
 * expected delivery and `DueDate` as when payment is due.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { readPurchaseLines } from './bills.js'
import { addAmounts, idAndName, modifiedOf, parseQuickbooksDate, quickbooksQuerySource, refId, requiredDateOf, requiredNumberOf, totalTaxOf } from './quickbooks-api.js'
import { trackLinesByDepartment } from './tracking-categories.js'

type PurchaseOrder = DataRecordOf<'purchaseOrders'>

export const quickbooksPurchaseOrders = quickbooksQuerySource('purchaseOrders', { entity: 'PurchaseOrder', conditions: [] }, (raw, id) => {
  const total = requiredNumberOf(raw, 'TotalAmt', `purchase order ${id}`)
  const tax = totalTaxOf(raw)
  const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
  const status = textOf(raw['POStatus'])
  const lineItems = readPurchaseLines(raw['Line'])
  trackLinesByDepartment(raw, lineItems)
  const order: PurchaseOrder = {
    id,
    status: status === 'Open' ? 'Open' : status === 'Closed' ? 'Closed' : 'Unknown',
    issueDate: requiredDateOf(raw, 'TxnDate', `purchase order ${id}`),
    lineItems,
    subTotal: addAmounts(total, -tax),
    totalDiscount: 0,
    totalTaxAmount: tax,
    totalAmount: total,
  }
  const docNumber = textOf(raw['DocNumber'])
  if (docNumber !== undefined) order.purchaseOrderNumber = docNumber
  const vendor = idAndName(raw['VendorRef'])
  if (vendor !== undefined) order.supplierRef = vendor.name === undefined ? { id: vendor.id } : { id: vendor.id, supplierName: vendor.name }
  const expectedAt = parseQuickbooksDate(raw['ExpectedDate'])
  if (expectedAt !== undefined) order.expectedDeliveryDate = isoDateTime(expectedAt)
  const dueAt = parseQuickbooksDate(raw['DueDate'])
  if (dueAt !== undefined) order.paymentDueDate = isoDateTime(dueAt)
  const currency = refId(raw['CurrencyRef'])
  if (currency !== undefined) order.currency = currency
  const exchangeRate = numberOf(raw['ExchangeRate'])
  if (exchangeRate !== undefined) order.currencyRate = exchangeRate
  const note = textOf(raw['PrivateNote'])
  if (note !== undefined) order.note = note
  if (sourceModifiedDate !== undefined) order.sourceModifiedDate = sourceModifiedDate
  return { id, modifiedAt, data: order }
}, { mirrorsDeletions: true })
