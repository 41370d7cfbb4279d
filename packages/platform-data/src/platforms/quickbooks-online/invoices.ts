/**
 * @module QuickBooks Online invoices (query `FROM Invoice`) read into the unified Invoice.
 * QuickBooks has no invoice status: it is told from the balance, and a voided invoice from
 * what voiding leaves behind (every amount zeroed, and "Voided" as the private note).
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { addAmounts, isVoided, lastUpdatedOf, parseQuickbooksDate, readQuickbooksPage, refId, refName, requestQuickbooksPage, type QuickbooksQuery } from './quickbooks-api.js'

type Invoice = DataRecordOf<'invoices'>
type InvoiceLineItem = NonNullable<Invoice['lineItems']>[number]

const INVOICE_QUERY: QuickbooksQuery = { entity: 'Invoice', conditions: [] }

export const quickbooksInvoices: DataSource<'invoices'> = {
  dataType: 'invoices',
  isIncremental: true,
  request: (context, cursor) => requestQuickbooksPage(context, INVOICE_QUERY, cursor),
  read(response, context, cursor) {
    const { rows, next } = readQuickbooksPage(response.body, INVOICE_QUERY, context, cursor)
    const records: Array<SourceRecord<'invoices'>> = []
    for (let index = 0; index < rows.length; index++) records.push(readQuickbooksInvoice(rows[index], index))
    return { records, next }
  },
}

function invoiceStatusOf(raw: Record<string, unknown>, total: number, balance: number): Invoice['status'] {
  if (isVoided(raw, total)) return 'Void'
  if (balance <= 0) return 'Paid'
  return balance < total ? 'PartiallyPaid' : 'Submitted'
}

function readQuickbooksInvoice(raw: unknown, index: number): SourceRecord<'invoices'> {
  if (!isObject(raw)) throw new DataSourceError(`QuickBooks' Invoice[${index}] is not an object.`)
  const id = textOf(raw['Id'])
  if (id === undefined) throw new DataSourceError(`QuickBooks' Invoice[${index}] has no Id.`)
  const issuedAt = parseQuickbooksDate(raw['TxnDate'])
  if (issuedAt === undefined) throw new DataSourceError(`QuickBooks' invoice ${id} has no readable TxnDate.`)
  const total = numberOf(raw['TotalAmt'])
  const balance = numberOf(raw['Balance'])
  if (total === undefined || balance === undefined) throw new DataSourceError(`QuickBooks' invoice ${id} lacks a numeric TotalAmt or Balance.`)
  const taxDetail = raw['TxnTaxDetail']
  const totalTax = (isObject(taxDetail) ? numberOf(taxDetail['TotalTax']) : undefined) ?? 0
  const modifiedAt = lastUpdatedOf(raw)

  const invoice: Invoice = {
    id,
    issueDate: isoDateTime(issuedAt),
    totalTaxAmount: totalTax,
    totalAmount: total,
    amountDue: balance,
    status: invoiceStatusOf(raw, total, balance),
  }
  const docNumber = textOf(raw['DocNumber'])
  if (docNumber !== undefined) invoice.invoiceNumber = docNumber
  const customerId = refId(raw['CustomerRef'])
  if (customerId !== undefined) {
    invoice.customerRef = { id: customerId }
    const customerName = refName(raw['CustomerRef'])
    if (customerName !== undefined) invoice.customerRef.companyName = customerName
  }
  const dueAt = parseQuickbooksDate(raw['DueDate'])
  if (dueAt !== undefined) invoice.dueDate = isoDateTime(dueAt)
  const currency = refId(raw['CurrencyRef'])
  if (currency !== undefined) invoice.currency = currency
  // Home currency units per unit of the invoice's, which is already base = foreign × rate; only multicurrency companies send it.
  const exchangeRate = numberOf(raw['ExchangeRate'])
  if (exchangeRate !== undefined) invoice.currencyRate = exchangeRate

  const lineItems: InvoiceLineItem[] = []
  let totalDiscount: number | undefined
  const lines = raw['Line']
  if (Array.isArray(lines)) {
    for (const line of lines) {
      if (!isObject(line)) continue
      if (line['DetailType'] === 'DiscountLineDetail') totalDiscount = addAmounts(totalDiscount ?? 0, numberOf(line['Amount']) ?? 0)
      else collectSalesLines(line, lineItems)
    }
    invoice.lineItems = lineItems
  }
  if (totalDiscount !== undefined) invoice.totalDiscount = totalDiscount
  invoice.subTotal = addAmounts(total, -totalTax)
  const note = textOf(raw['PrivateNote'])
  if (note !== undefined) invoice.note = note
  if (modifiedAt !== undefined) invoice.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: invoice }
}

/**
 * The invoice's item lines. A bundle (GroupLineDetail) holds its own item lines, which are read in
 * its place; subtotal and description-only lines carry no item and are left out. QuickBooks
 * computes tax for the invoice as a whole, so a line has no tax amount of its own.
 */
export function collectSalesLines(line: Record<string, unknown>, into: InvoiceLineItem[]): void {
  if (line['DetailType'] === 'GroupLineDetail') {
    const group = line['GroupLineDetail']
    const inner = isObject(group) ? group['Line'] : undefined
    if (Array.isArray(inner)) for (const member of inner) if (isObject(member)) collectSalesLines(member, into)
    return
  }
  if (line['DetailType'] !== 'SalesItemLineDetail') return
  const detail = isObject(line['SalesItemLineDetail']) ? line['SalesItemLineDetail'] : {}
  const amount = numberOf(line['Amount']) ?? 0
  const item: InvoiceLineItem = { unitAmount: numberOf(detail['UnitPrice']) ?? 0, quantity: numberOf(detail['Qty']) ?? 0, subTotal: amount }
  const description = textOf(line['Description'])
  if (description !== undefined) item.description = description
  const itemId = refId(detail['ItemRef'])
  if (itemId !== undefined) {
    item.itemRef = { id: itemId }
    const itemName = refName(detail['ItemRef'])
    if (itemName !== undefined) item.itemRef.name = itemName
  }
  const accountId = refId(detail['ItemAccountRef'])
  if (accountId !== undefined) {
    item.accountRef = { id: accountId }
    const accountName = refName(detail['ItemAccountRef'])
    if (accountName !== undefined) item.accountRef.name = accountName
  }
  const taxCode = refId(detail['TaxCodeRef'])
  if (taxCode !== undefined) item.taxRateRef = { id: taxCode }
  const classId = refId(detail['ClassRef'])
  if (classId !== undefined) {
    const className = refName(detail['ClassRef'])
    item.trackingCategoryRefs = [className === undefined ? { id: classId } : { id: classId, name: className }]
  }
  into.push(item)
}
