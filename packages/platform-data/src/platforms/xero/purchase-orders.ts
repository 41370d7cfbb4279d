/**
 * @module Xero purchase orders (GET /PurchaseOrders) read into the unified PurchaseOrder. Xero's order is AUTHORISED
 * once sent to the supplier (Open), BILLED once billed (Closed).
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroPage, requestXeroPage, xeroPageAfter, unifiedCurrencyRate } from './xero-api.js'
import { readDocumentContact, readLineItems } from './xero-documents.js'

type PurchaseOrder = DataRecordOf<'purchaseOrders'>

/** SUBMITTED is awaiting approval: not yet an order the supplier has, so still a draft. */
const STATUS_OF: Readonly<Record<string, NonNullable<PurchaseOrder['status']>>> = { DRAFT: 'Draft', SUBMITTED: 'Draft', AUTHORISED: 'Open', BILLED: 'Closed', DELETED: 'Void' }

export const xeroPurchaseOrders: DataSource<'purchaseOrders'> = {
  dataType: 'purchaseOrders',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'PurchaseOrders', {}, cursor),
  pageAfter: xeroPageAfter,
  read: (response, context, cursor) => readXeroPage(response, context, cursor, 'PurchaseOrders', readXeroPurchaseOrder),
}

function readXeroPurchaseOrder(raw: unknown, index: number): SourceRecord<'purchaseOrders'> {
  if (!isObject(raw)) throw new DataSourceError(`Xero's PurchaseOrders[${index}] is not an object.`)
  const id = textOf(raw['PurchaseOrderID'])
  if (id === undefined) throw new DataSourceError(`Xero's PurchaseOrders[${index}] has no PurchaseOrderID.`)
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])
  const order: PurchaseOrder = { id, status: STATUS_OF[raw['Status'] as string] ?? 'Unknown' }
  const number = textOf(raw['PurchaseOrderNumber'])
  if (number !== undefined) order.purchaseOrderNumber = number
  const supplier = readDocumentContact(raw)
  if (supplier !== undefined) order.supplierRef = supplier.name === undefined ? { id: supplier.id } : { id: supplier.id, supplierName: supplier.name }
  const issuedAt = parseXeroDate(raw['Date'])
  if (issuedAt !== undefined) order.issueDate = isoDateTime(issuedAt)
  const deliveryAt = parseXeroDate(raw['DeliveryDate'])
  if (deliveryAt !== undefined) order.expectedDeliveryDate = isoDateTime(deliveryAt)
  const currency = textOf(raw['CurrencyCode'])
  if (currency !== undefined) order.currency = currency
  const currencyRate = unifiedCurrencyRate(raw['CurrencyRate'])
  if (currencyRate !== undefined) order.currencyRate = currencyRate
  const lineItems = readLineItems(raw, id, 'purchase order')
  if (lineItems !== undefined) order.lineItems = lineItems
  for (const [from, to] of [['SubTotal', 'subTotal'], ['TotalDiscount', 'totalDiscount'], ['TotalTax', 'totalTaxAmount'], ['Total', 'totalAmount']] as const) {
    const amount = numberOf(raw[from])
    if (amount !== undefined) order[to] = amount
  }
  const note = textOf(raw['Reference'])
  if (note !== undefined) order.note = note
  if (raw['Status'] === 'DELETED') order.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) order.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: order }
}
