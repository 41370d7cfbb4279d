/**
 * @module QuickBooks Online invoices (query `FROM Invoice`) read into the unified Invoice.
 * QuickBooks has no invoice status: it is told from the balance, and a voided invoice from
 * what voiding leaves behind (every amount zeroed, and "Voided" as the private note).
 *
 * `paymentAllocations` come from the payments applied to each invoice: an invoice names them
 * (`LinkedTxn` of type Payment) but not how much each applied, which only the Payment's lines
 * say. So a page of invoices that names payments is read in three steps: the invoices (for the
 * payments' Ids), those payments (`Id IN (…)`, the allocations kept in the cursor), then the
 * same invoices again, written with their allocations. On an incremental sync, a last request
 * asks QuickBooks' change data capture for the invoices deleted since, which Linkway keeps
 * marked `metadata.isDeleted` (QuickBooks keeps 30 days of changes: a sync bound older than that
 * does not ask).
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type PageOfRecords, type SourceContext, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import {
  addAmounts,
  canAskForDeletions,
  isVoided,
  lastUpdatedOf,
  linkedTransactionsOf,
  parseQuickbooksDate,
  readDeletedIds,
  readQuickbooksPage,
  refId,
  refName,
  requestDeletions,
  requestQuickbooksPage,
  type QuickbooksQuery,
} from './quickbooks-api.js'

type Invoice = DataRecordOf<'invoices'>
type InvoiceLineItem = NonNullable<Invoice['lineItems']>[number]
type PaymentAllocation = NonNullable<Invoice['paymentAllocations']>[number]

const INVOICE_QUERY: QuickbooksQuery = { entity: 'Invoice', conditions: [] }

/** Where an invoice read stands: a page's first step, its payments, its invoices again, or the deletions. */
type Step = 'payments' | 'allocations' | 'deleted'

function stepOf(cursor: PageCursor | undefined): Step | undefined {
  const step = cursor?.['step']
  if (step === undefined || step === 'payments' || step === 'allocations' || step === 'deleted') return step
  throw new DataSourceError(`The stored QuickBooks invoice cursor ${JSON.stringify(cursor)} names no step Linkway takes.`)
}

/** The page a cursor is on, without its step's own fields: what requestQuickbooksPage and readQuickbooksPage take. */
function pageCursorOf(cursor: PageCursor | undefined): PageCursor | undefined {
  return cursor === undefined ? undefined : { startPosition: cursor['startPosition'] ?? 1, maxResults: cursor['maxResults'] ?? 1000 }
}

export const quickbooksInvoices: DataSource<'invoices'> = {
  dataType: 'invoices',
  isIncremental: true,
  request(context, cursor) {
    const step = stepOf(cursor)
    if (step === 'deleted') {
      return requestDeletions(context, 'Invoice')
    }
    if (step === 'payments') {
      const ids = String(cursor!['paymentIds']).split(',').map((id) => `'${id}'`)
      const query: QuickbooksQuery = { entity: 'Payment', conditions: [`Id IN (${ids.join(', ')})`] }
      return requestQuickbooksPage({ ...context, modifiedSince: undefined }, query, { startPosition: 1, maxResults: 1000 })
    }
    return requestQuickbooksPage(context, INVOICE_QUERY, pageCursorOf(cursor))
  },
  read(response, context, cursor) {
    const step = stepOf(cursor)
    if (step === 'deleted') return { records: [], next: undefined, deletedIds: readDeletedIds(response.body, 'Invoice') }
    if (step === 'payments') {
      const { rows } = readQuickbooksPage(response.body, { entity: 'Payment', conditions: [] }, { ...context, modifiedSince: undefined }, { startPosition: 1, maxResults: 1000 })
      return { records: [], next: { ...pageCursorOf(cursor), step: 'allocations', allocations: JSON.stringify(allocationsOf(rows)) } }
    }
    const { rows, next } = readQuickbooksPage(response.body, INVOICE_QUERY, context, pageCursorOf(cursor))
    const after = next ?? (canAskForDeletions(response.body, context) ? { step: 'deleted' } : undefined)
    if (step === undefined) {
      const paymentIds = new Set(rows.flatMap((row) => (isObject(row) ? linkedTransactionsOf(row).filter((link) => link.type === 'Payment' && /^\d+$/.test(link.id)) : [])).map((link) => link.id))
      if (paymentIds.size > 0) return { records: [], next: { ...(pageCursorOf(cursor) ?? { startPosition: 1, maxResults: pageSizeOf(context) }), step: 'payments', paymentIds: [...paymentIds].join(',') } }
    }
    const allocations = step === 'allocations' ? (JSON.parse(String(cursor!['allocations'])) as Record<string, PaymentAllocation[]>) : {}
    const records: Array<SourceRecord<'invoices'>> = []
    for (let index = 0; index < rows.length; index++) records.push(readQuickbooksInvoice(rows[index], index, allocations))
    return { records, next: after } satisfies PageOfRecords<'invoices'>
  },
}

/** The first page's size, as requestQuickbooksPage chose it. */
function pageSizeOf(context: SourceContext): number {
  return Math.max(1, Math.min(context.pageSize, 1000))
}

/** Each invoice's allocations from the payments read: one per payment line linked to it, what that line applied. */
function allocationsOf(payments: readonly unknown[]): Record<string, PaymentAllocation[]> {
  const byInvoice: Record<string, PaymentAllocation[]> = {}
  for (const raw of payments) {
    if (!isObject(raw)) continue
    const id = textOf(raw['Id'])
    const paidAt = parseQuickbooksDate(raw['TxnDate'])
    if (id === undefined || paidAt === undefined) continue
    const currency = refId(raw['CurrencyRef'])
    const currencyRate = numberOf(raw['ExchangeRate'])
    const total = numberOf(raw['TotalAmt'])
    const account = refId(raw['DepositToAccountRef'])
    const reference = textOf(raw['PaymentRefNum'])
    const note = textOf(raw['PrivateNote'])
    const payment: PaymentAllocation['payment'] = {
      id,
      paidOnDate: isoDateTime(paidAt),
      ...(total !== undefined ? { totalAmount: total } : {}),
      ...(currency !== undefined ? { currency } : {}),
      ...(currencyRate !== undefined ? { currencyRate } : {}),
      ...(account !== undefined ? { accountRef: refName(raw['DepositToAccountRef']) === undefined ? { id: account } : { id: account, name: refName(raw['DepositToAccountRef'])! } } : {}),
      ...(reference !== undefined ? { reference } : {}),
      ...(note !== undefined ? { note } : {}),
    }
    for (const line of Array.isArray(raw['Line']) ? raw['Line'] : []) {
      if (!isObject(line)) continue
      const amount = numberOf(line['Amount'])
      for (const link of linkedTransactionsOf(line)) {
        if (link.type !== 'Invoice' || amount === undefined) continue
        const allocation: PaymentAllocation['allocation'] = { allocatedOnDate: isoDateTime(paidAt), totalAmount: amount, ...(currency !== undefined ? { currency } : {}), ...(currencyRate !== undefined ? { currencyRate } : {}) }
        ;(byInvoice[link.id] ??= []).push({ payment, allocation })
      }
    }
  }
  return byInvoice
}

function invoiceStatusOf(raw: Record<string, unknown>, total: number, balance: number): Invoice['status'] {
  if (isVoided(raw, total)) return 'Void'
  if (balance <= 0) return 'Paid'
  return balance < total ? 'PartiallyPaid' : 'Submitted'
}

function readQuickbooksInvoice(raw: unknown, index: number, allocations: Readonly<Record<string, PaymentAllocation[]>>): SourceRecord<'invoices'> {
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
  const applied = Object.hasOwn(allocations, id) ? allocations[id]! : []
  if (applied.length > 0) {
    invoice.paymentAllocations = applied
    // A paid invoice was paid when its last payment was made.
    if (invoice.status === 'Paid') invoice.paidOnDate = applied.map((each) => each.payment.paidOnDate!).sort().at(-1)!
  }
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
