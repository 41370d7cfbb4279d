/**
 * @module Money that moved at once, without an invoice or a bill: QuickBooks Online sales receipts (query
 * `FROM SalesReceipt`) read into the unified DirectIncome, and purchases (`FROM Purchase`: cheques, cash and card
 * expenses) into the DirectCost. Each was paid in full on its date, to or from its bank account, which is its one
 * payment allocation. A purchase marked `Credit: true` is a credit card credit: money back onto the card (a refund),
 * which QuickBooks keeps with positive amounts like any purchase; it is read as a negative cost, as the ledger posts it.
 */
import { NO_CURRENCY, type DataRecordOf } from '@linkway/contracts'
import { isObject, numberOf, textOf } from '../../json-fields.js'
import { readPurchaseLines } from './bills.js'
import { collectSalesLines } from './invoices.js'
import { addAmounts, idAndName, modifiedOf, quickbooksQuerySource, refId, requiredDateOf, requiredNumberOf, totalTaxOf } from './quickbooks-api.js'
import { trackLinesByDepartment } from './tracking-categories.js'

type DirectIncome = DataRecordOf<'directIncomes'>
type DirectCost = DataRecordOf<'directCosts'>
type SalesLine = NonNullable<DataRecordOf<'invoices'>['lineItems']>[number]

/**
 * What a sales receipt and a purchase share: totals, date, currency, and the payment that settled it at once.
 * `sign` -1 reads a credit card credit's amounts as money coming back.
 */
function directBody(raw: Record<string, unknown>, id: string, what: string, bankAccount: unknown, sign: 1 | -1 = 1) {
  const total = sign * requiredNumberOf(raw, 'TotalAmt', `${what} ${id}`)
  const tax = sign * totalTaxOf(raw)
  const issueDate = requiredDateOf(raw, 'TxnDate', `${what} ${id}`)
  // Every model record has a currency; a company without multicurrency sends none (it is in its home
  // currency, which a data source does not know), so the record says so rather than guess.
  const currency = refId(raw['CurrencyRef']) ?? NO_CURRENCY
  const exchangeRate = numberOf(raw['ExchangeRate'])
  const reference = textOf(raw['DocNumber'])
  const note = textOf(raw['PrivateNote'])
  const accountRef = idAndName(bankAccount)
  const { sourceModifiedDate } = modifiedOf(raw)
  return {
    id,
    issueDate,
    currency,
    ...(exchangeRate !== undefined ? { currencyRate: exchangeRate } : {}),
    ...(reference !== undefined ? { reference } : {}),
    ...(note !== undefined ? { note } : {}),
    paymentAllocations: [
      {
        payment: { ...(accountRef !== undefined ? { accountRef } : {}), currency, paidOnDate: issueDate, totalAmount: total },
        allocation: { currency, allocatedOnDate: issueDate, totalAmount: total },
      },
    ],
    subTotal: addAmounts(total, -tax),
    taxAmount: tax,
    totalAmount: total,
    ...(sourceModifiedDate !== undefined ? { sourceModifiedDate } : {}),
  }
}

export const quickbooksDirectIncomes = quickbooksQuerySource('directIncomes', { entity: 'SalesReceipt', conditions: [] }, (raw, id) => {
  const lines: SalesLine[] = []
  for (const line of Array.isArray(raw['Line']) ? raw['Line'] : []) if (isObject(line)) collectSalesLines(line, lines)
  trackLinesByDepartment(raw, lines)
  const customer = refId(raw['CustomerRef'])
  const income: DirectIncome = { ...directBody(raw, id, 'sales receipt', raw['DepositToAccountRef']), lineItems: lines, ...(customer !== undefined ? { contactRef: { id: customer, dataType: 'customers' } } : {}) }
  return { id, modifiedAt: modifiedOf(raw).modifiedAt, data: income }
}, { mirrorsDeletions: true })

export const quickbooksDirectCosts = quickbooksQuerySource('directCosts', { entity: 'Purchase', conditions: [] }, (raw, id) => {
  // A purchase may be from a vendor, a customer (a refund) or an employee; only a vendor is a supplier record.
  const entity = isObject(raw['EntityRef']) ? raw['EntityRef'] : undefined
  const supplier = entity !== undefined && entity['type'] === 'Vendor' ? refId(entity) : undefined
  const sign = raw['Credit'] === true ? -1 : 1
  // A line keeps its quantity; its price and amount carry the sign, so quantity × price is still its amount.
  const lineItems = readPurchaseLines(raw['Line']).map((line) => (sign === 1 ? line : { ...line, unitAmount: -line.unitAmount, subTotal: -(line.subTotal ?? 0) }))
  trackLinesByDepartment(raw, lineItems)
  const cost: DirectCost = { ...directBody(raw, id, 'purchase', raw['AccountRef'], sign), lineItems, ...(supplier !== undefined ? { contactRef: { id: supplier, dataType: 'suppliers' } } : {}) }
  return { id, modifiedAt: modifiedOf(raw).modifiedAt, data: cost }
}, { mirrorsDeletions: true })
