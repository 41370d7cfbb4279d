/**
 * @module QuickBooks Online invoices (query `FROM Invoice`) read into the unified Invoice.
 * QuickBooks has no invoice status: it is told from the balance, and a voided invoice from
 * what voiding leaves behind (every amount zeroed, and "Voided" as the private note).
 *
 * `paymentAllocations` come from the payments applied to each invoice: an invoice names them
 * (`LinkedTxn` of type Payment) but not how much each applied, which only the Payment's lines
 * say. So a page of invoices is read once: those that name no payment are written at once, and
 * those that do are kept in the cursor while their payments are read (`Id IN (…)`, as many pages
 * of it as it takes), then written with their allocations. On an incremental sync, a last
 * request asks QuickBooks' change data capture for the invoices deleted since, which Linkway
 * keeps marked `metadata.isDeleted`. Change data capture keeps 30 days: a sync whose bound is
 * older reads every invoice instead, and Linkway marks deleted those it did not return.
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
import { trackLinesByDepartment } from './tracking-categories.js'

type Invoice = DataRecordOf<'invoices'>
type InvoiceLineItem = NonNullable<Invoice['lineItems']>[number]
type PaymentAllocation = NonNullable<Invoice['paymentAllocations']>[number]

const INVOICE_QUERY: QuickbooksQuery = { entity: 'Invoice', conditions: [] }
/** The most payments one request asks for: QuickBooks' most rows per query. */
const PAYMENTS_PER_PAGE = 1000

/** Where an invoice read stands: a page of invoices, the payments its invoices name, or the deletions. */
type Step = 'payments' | 'deleted'

function stepOf(cursor: PageCursor | undefined): Step | undefined {
  const step = cursor?.['step']
  // A cursor stored before a page was read once ('allocations', or 'payments' without the waiting invoices): that page is read anew.
  if (step === undefined || step === 'allocations' || (step === 'payments' && cursor?.['invoices'] === undefined)) return undefined
  if (step === 'payments' || step === 'deleted') return step
  throw new DataSourceError(`The stored QuickBooks invoice cursor ${JSON.stringify(cursor)} names no step Linkway takes.`)
}

/** The page a cursor is on, without its step's own fields: what requestQuickbooksPage and readQuickbooksPage take. */
function pageCursorOf(cursor: PageCursor | undefined): PageCursor | undefined {
  if (cursor === undefined) return undefined
  const { afterId, startPosition, maxResults = 1000 } = cursor
  return { ...(afterId !== undefined ? { afterId } : {}), ...(startPosition !== undefined ? { startPosition } : {}), maxResults }
}

/** Where the read goes once a page's payments are read: the page's own next cursor, kept in the payments' cursor as JSON. */
function nextAfterPayments(cursor: PageCursor): PageCursor | undefined {
  const after = JSON.parse(String(cursor['after'])) as { next: PageCursor | null }
  return after.next ?? undefined
}

export const quickbooksInvoices: DataSource<'invoices'> = {
  dataType: 'invoices',
  isIncremental: true,
  request(context, cursor) {
    const step = stepOf(cursor)
    if (step === 'deleted') return requestDeletions(context, 'Invoice')
    if (step === 'payments') {
      const ids = String(cursor!['paymentIds']).split(',').map((id) => `'${id}'`)
      const query: QuickbooksQuery = { entity: 'Payment', conditions: [`Id IN (${ids.join(', ')})`] }
      return requestQuickbooksPage({ ...context, modifiedSince: undefined }, query, { startPosition: Number(cursor!['paymentsFrom'] ?? 1), maxResults: PAYMENTS_PER_PAGE })
    }
    return requestQuickbooksPage(context, INVOICE_QUERY, pageCursorOf(cursor))
  },
  read(response, context, cursor) {
    const step = stepOf(cursor)
    if (step === 'deleted') return { records: [], next: undefined, deletedIds: readDeletedIds(response.body, 'Invoice') }
    if (step === 'payments') return readPaymentsStep(response.body, context, cursor!)
    const { rows, next } = readQuickbooksPage(response.body, INVOICE_QUERY, context, pageCursorOf(cursor))
    const after = next ?? (canAskForDeletions(response.body, context) ? { step: 'deleted' } : undefined)
    const paid: unknown[] = []
    const records: Array<SourceRecord<'invoices'>> = []
    for (let index = 0; index < rows.length; index++) {
      if (paymentIdsOf([rows[index]]).size > 0) paid.push(rows[index])
      else records.push(readQuickbooksInvoice(rows[index], index, {}))
    }
    if (paid.length === 0) return { records, next: after }
    // The invoices that name payments wait in the cursor for them: the page is not asked for again.
    const paymentsCursor = { step: 'payments', paymentIds: [...paymentIdsOf(paid)].join(','), paymentsFrom: 1, invoices: JSON.stringify(paid), allocations: '{}', after: JSON.stringify({ next: after ?? null }) }
    return { records, next: paymentsCursor }
  },
}

/** The Ids of the payments these invoices name (`LinkedTxn` of type Payment). */
function paymentIdsOf(invoices: readonly unknown[]): Set<string> {
  return new Set(invoices.flatMap((row) => (isObject(row) ? linkedTransactionsOf(row).filter((link) => link.type === 'Payment' && /^\d+$/.test(link.id)) : [])).map((link) => link.id))
}

/**
 * A page of the payments a page of invoices names. A full page means there may be more (more than 1000 payments
 * applied to one page of invoices): the next page of them is asked for, the allocations so far kept. After the last,
 * the waiting invoices are written with every allocation, and the read goes on where their page left it.
 */
function readPaymentsStep(body: unknown, context: SourceContext, cursor: PageCursor): PageOfRecords<'invoices'> {
  const from = Number(cursor['paymentsFrom'] ?? 1)
  const { rows, next } = readQuickbooksPage(body, { entity: 'Payment', conditions: [] }, { ...context, modifiedSince: undefined }, { startPosition: from, maxResults: PAYMENTS_PER_PAGE })
  const allocations = JSON.parse(String(cursor['allocations'])) as Record<string, PaymentAllocation[]>
  for (const [invoiceId, applied] of Object.entries(allocationsOf(rows))) allocations[invoiceId] = [...(allocations[invoiceId] ?? []), ...applied]
  if (next !== undefined) return { records: [], next: { ...cursor, paymentsFrom: from + PAYMENTS_PER_PAGE, allocations: JSON.stringify(allocations) } }
  const invoices = JSON.parse(String(cursor['invoices'])) as unknown[]
  return { records: invoices.map((row, index) => readQuickbooksInvoice(row, index, allocations)), next: nextAfterPayments(cursor) }
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
  trackLinesByDepartment(raw, lineItems)
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
