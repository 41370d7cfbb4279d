/**
 * @module The accounting family's datasets: chart of accounts, customers, suppliers, invoices, bills, payments, bank
 * accounts, journal entries, and the documents around them (credit notes, bill payments, direct costs and incomes,
 * purchase and sales orders, item receipts, journals). Records reference records of the same grant that exist, and
 * what one document takes from another (an allocation, a payment) never exceeds what that document has.
 */
import { DAY_MS, isoDateTime } from '../date-formats.js'
import { hashText, recordRandom, type RecordRandom } from '../deterministic-random.js'
import { baseCurrencyOf, CURRENCIES, ListDataset, makeRef, SingleDataset, type Currency, type GenerationContext, type RecordSeed, type Ref } from '../generated-data.js'
import { buildCompany, pickAddress, pickCompanyName, pickCurrency, pickPhone, slugOf, startOfDay, TAX_RATES, toMoney, type Address, type Company } from './record-parts.js'
import * as words from './word-lists.js'
// A cycle, safe: each module reads the other's datasets only inside record builders, never while loading.
import { pickTrackingCategoryRef, taxRateRefOf } from './accounting-reference-data.js'

export const accountingCompany = new SingleDataset<Company>('accounting', 'company', buildCompany('accounting'))

export interface LedgerAccount {
  id: string
  nominalCode: string
  name: string
  type: words.LedgerAccountType
  /** Where the statements put it, `Type.Subtype` (`Expense.CostOfSales`): the reference's fullyQualifiedCategory. */
  category: string
  status: 'Active' | 'Archived'
  currency: Currency
  currentBalance: number
  isBankAccount: boolean
  modifiedDate: string
}

export const ledgerAccounts = new ListDataset<LedgerAccount>('accounting', 'accounts', 40, ({ index, id, modifiedAt, random }, ctx) => {
  const chart = words.CHART_OF_ACCOUNTS
  const entry = chart[index % chart.length] ?? { code: '429', name: 'General Expenses', type: 'Expense' as const, category: 'Expense.Operating' }
  const round = Math.floor(index / chart.length)
  return {
    id,
    nominalCode: round === 0 ? entry.code : `${entry.code}-${round + 1}`,
    name: round === 0 ? entry.name : `${entry.name} ${round + 1}`,
    type: entry.type,
    category: entry.category,
    status: random.isChance(0.92) ? 'Active' : 'Archived',
    currency: baseCurrencyOf(ctx),
    currentBalance: toMoney(random.integer(-500_000, 5_000_000)),
    isBankAccount: entry.isBank === true,
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface Contact {
  id: string
  name: string
  contactPerson: { firstName: string; lastName: string }
  emailAddress: string
  phone: string
  defaultCurrency: Currency
  status: 'Active' | 'Archived'
  address: Address
  modifiedDate: string
}

/**
 * Contacts that always deal in another currency than the company's: the second and third, one per other currency.
 * A contact's currency is drawn (one in five foreign), and a small book could otherwise hold no foreign documents.
 */
function foreignCurrencyAt(ctx: GenerationContext, index: number): Currency | undefined {
  return index === 1 || index === 2 ? CURRENCIES.filter((currency) => currency !== baseCurrencyOf(ctx))[index - 1] : undefined
}

function buildContact({ index, id, modifiedAt, random }: RecordSeed, ctx: GenerationContext): Contact {
  const name = pickCompanyName(random)
  const firstName = random.pick(words.FIRST_NAMES)
  const lastName = random.pick(words.LAST_NAMES)
  const emailAddress = `${slugOf(firstName)}.${slugOf(lastName)}@${slugOf(name)}.example`
  const phone = pickPhone(random)
  // Drawn whatever it becomes, so every later draw stays as it was.
  const drawnCurrency = pickCurrency(ctx, random)
  return {
    id,
    name,
    contactPerson: { firstName, lastName },
    emailAddress,
    phone,
    defaultCurrency: foreignCurrencyAt(ctx, index) ?? drawnCurrency,
    status: random.isChance(0.95) ? 'Active' : 'Archived',
    address: pickAddress(random),
    modifiedDate: isoDateTime(modifiedAt),
  }
}

export const customers = new ListDataset<Contact>('accounting', 'customers', 60, buildContact)
export const suppliers = new ListDataset<Contact>('accounting', 'suppliers', 30, buildContact)

export interface LineItem {
  description: string
  quantity: number
  unitAmount: number
  subTotal: number
  taxRate: number
  taxAmount: number
  totalAmount: number
  accountRef?: Ref
  /** The tax rate record of the line's rate (accounting-reference-data), when the grant has it. */
  taxRateRef?: Ref
  /** The department, region or project (a leaf of trackingCategories) the line is tracked against; on some invoice and bill lines. */
  trackingCategoryRef?: Ref
}

/** A payment set against an invoice or a bill: which payment, from or into which bank ledger account, when and how much. */
export interface DocumentPaymentAllocation {
  paymentRef: Ref
  accountRef?: Ref
  currency: Currency
  /** The document's currencyRate, when it is in another currency than the base. */
  currencyRate?: number
  paidOnDate: string
  amount: number
}

export type DocumentStatus = 'Draft' | 'Submitted' | 'PartiallyPaid' | 'Paid' | 'Void'

interface DocumentTotals {
  lineItems: LineItem[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
}

/** The chart position of each account the journal posts to by role (its first round, when the chart is at least that long). */
function chartIndexOf(code: string): number {
  return words.CHART_OF_ACCOUNTS.findIndex((entry) => entry.code === code)
}
const LEDGER_ROLES = {
  bank: chartIndexOf('090'),
  savings: chartIndexOf('091'),
  otherRevenue: chartIndexOf('260'),
  interestIncome: chartIndexOf('270'),
  bankFees: chartIndexOf('404'),
  rent: chartIndexOf('469'),
  salaries: chartIndexOf('477'),
  receivables: chartIndexOf('610'),
  computerEquipment: chartIndexOf('720'),
  payables: chartIndexOf('800'),
  vat: chartIndexOf('820'),
  paye: chartIndexOf('825'),
  loan: chartIndexOf('900'),
  ownerFunds: chartIndexOf('970'),
} as const
type LedgerRole = keyof typeof LEDGER_ROLES

/** The account that plays a role in the books (Accounts Receivable, VAT, …), or undefined when the chart is too short to have it. */
function ledgerRef(ctx: GenerationContext, role: LedgerRole): Ref | undefined {
  const index = LEDGER_ROLES[role]
  return index < ledgerAccounts.size(ctx) ? ledgerAccounts.refTo(ctx, index, (account) => account.name) : undefined
}

/**
 * An account of one type for a document's line: sales lines go to income, purchase lines to expenses, so
 * the journal that posts them is a true ledger. One draw from the random stream, as a pick of any account was.
 */
function pickAccountOfType(ctx: GenerationContext, random: RecordRandom, type: words.LedgerAccountType): Ref | undefined {
  const size = ledgerAccounts.size(ctx)
  const candidates = words.CHART_OF_ACCOUNTS.flatMap((entry, index) => (entry.type === type && index < size && entry.isBank !== true ? [index] : []))
  const drawn = random.integer(0, Math.max(candidates.length - 1, 0))
  const index = candidates[drawn]
  return index === undefined ? undefined : ledgerAccounts.refTo(ctx, index, (account) => account.name)
}

function pickLineItems(ctx: GenerationContext, random: RecordRandom, currency: Currency, lineAccountType: words.LedgerAccountType): DocumentTotals {
  const lineItems: LineItem[] = []
  let subCents = 0
  let taxCents = 0
  for (let line = random.integer(1, 4); line > 0; line--) {
    const quantity = random.integer(1, 10)
    const unitCents = random.integer(5, 900) * 100 + random.pick([0, 0, 50, 99])
    const taxRate = random.pick(TAX_RATES[currency])
    const lineSub = quantity * unitCents
    const lineTax = Math.round(lineSub * taxRate)
    subCents += lineSub
    taxCents += lineTax
    const accountRef = pickAccountOfType(ctx, random, lineAccountType)
    // Looked up, not drawn: the line's random stream (and so every existing record) stays as it was.
    const taxRateRef = taxRateRefOf(ctx, currency, taxRate)
    lineItems.push({
      description: random.pick(words.SERVICE_DESCRIPTIONS),
      quantity,
      unitAmount: toMoney(unitCents),
      subTotal: toMoney(lineSub),
      taxRate,
      taxAmount: toMoney(lineTax),
      totalAmount: toMoney(lineSub + lineTax),
      ...(accountRef ? { accountRef } : {}),
      ...(taxRateRef ? { taxRateRef } : {}),
    })
  }
  return { lineItems, subTotal: toMoney(subCents), totalTaxAmount: toMoney(taxCents), totalAmount: toMoney(subCents + taxCents) }
}

function pickDocumentStatus(random: RecordRandom): DocumentStatus {
  const roll = random.unit()
  if (roll < 0.45) return 'Paid'
  if (roll < 0.75) return 'Submitted'
  if (roll < 0.85) return 'PartiallyPaid'
  if (roll < 0.95) return 'Draft'
  return 'Void'
}

function amountDueOf(status: DocumentStatus, totalAmount: number, random: RecordRandom): number {
  if (status === 'Paid' || status === 'Void') return 0
  if (status === 'PartiallyPaid') return toMoney(Math.round(totalAmount * 100 * random.integer(10, 90)) / 100)
  return totalAmount
}

export interface Invoice extends DocumentTotals {
  id: string
  invoiceNumber: string
  customerRef?: Ref
  /** The sales order the invoice was raised from (every ORDER_STRIDE-th invoice has one). */
  salesOrderRef?: Ref
  issueDate: string
  dueDate: string
  currency: Currency
  status: DocumentStatus
  amountDue: number
  /** When a Paid invoice was settled: on or after its issue date, never after it last changed. */
  paidOnDate?: string
  /** Units of the company's base currency per unit of the invoice's, when the two differ (the journal's posting rate). */
  currencyRate?: number
  /** The terms printed on the invoice. */
  note: string
  /** The payment that paid it (none while it is Draft, Submitted or Void): what it paid is totalAmount − amountDue. */
  paymentAllocations: DocumentPaymentAllocation[]
  modifiedDate: string
}

/**
 * The statuses of the first documents of a list, whatever was drawn for them: a draft, another (a platform with an
 * approval step shows one of them awaiting approval), and two voided ones (a platform that marks a void two ways
 * shows one of each). Drafts and voids are the rarest draws, and even a small book should show every state a platform has.
 */
const FIRST_DOCUMENT_STATUSES: readonly DocumentStatus[] = ['Draft', 'Draft', 'Void', 'Void']

/** What an invoice and a bill share: dates 30 days apart, lines with their totals, a status and what is still due. */
function documentBody(ctx: GenerationContext, random: RecordRandom, index: number, modifiedAt: number, currency: Currency, lineAccountType: words.LedgerAccountType) {
  const issuedAt = startOfDay(modifiedAt - random.integer(0, 20) * DAY_MS)
  const totals = pickLineItems(ctx, random, currency, lineAccountType)
  // Drawn whatever it becomes, so every later draw (and every other document) stays as it was.
  const drawnStatus = pickDocumentStatus(random)
  const status = FIRST_DOCUMENT_STATUSES[index] ?? drawnStatus
  return {
    issueDate: isoDateTime(issuedAt),
    dueDate: isoDateTime(issuedAt + 30 * DAY_MS),
    currency,
    status,
    ...totals,
    amountDue: amountDueOf(status, totals.totalAmount, random),
    modifiedDate: isoDateTime(modifiedAt),
  }
}

export const invoices: ListDataset<Invoice> = new ListDataset<Invoice>('accounting', 'invoices', 120, ({ index, id, modifiedAt, random }, ctx) => {
  const customerRef = customers.pickRef(ctx, random, (customer) => customer.name)
  const currency = customerRef ? customers.generate(ctx, customerRef.index).defaultCurrency : baseCurrencyOf(ctx)
  const drawn = documentBody(ctx, random, index, modifiedAt, currency, 'Income')
  const issuedAt = Date.parse(drawn.issueDate)
  // Drawn after every earlier field, so an invoice's other values stay what they were before it had one.
  const drawnPaidAt = drawn.status === 'Paid' ? clampTime(issuedAt + random.integer(1, 30) * DAY_MS, issuedAt, startOfDay(modifiedAt)) : undefined
  const invoiceNumber = `INV-${String(index + 1).padStart(5, '0')}`
  const currencyRate = currency === baseCurrencyOf(ctx) ? undefined : baseRateOf(ctx, currency)
  const { body, allocation } = settleDocument(ctx, random, drawn, drawnPaidAt, followerOf(ctx, invoices, index, accountingPayments), (payment) => ({
    paymentRef: makeRef(payment, accountingPayments.idOf(ctx, payment), `Payment for ${invoiceNumber}`),
    ...(currencyRate === undefined ? {} : { currencyRate }),
  }))
  return {
    id,
    invoiceNumber,
    ...(customerRef ? { customerRef } : {}),
    ...body,
    lineItems: withTracking(ctx, 'invoices', index, body.lineItems),
    ...(allocation && body.status === 'Paid' ? { paidOnDate: allocation.paidOnDate } : {}),
    ...(currencyRate === undefined ? {} : { currencyRate }),
    note: `Payment due within 30 days. Please quote ${invoiceNumber}.`,
    paymentAllocations: allocation ? [allocation] : [],
    ...orderRefOf(ctx, index, salesOrders, salesOrderNumberOf, 'salesOrderRef'),
  }
})

/** Some lines are tracked against a department, region or project: drawn from a stream of their own, so nothing else about the document moves. */
function withTracking(ctx: GenerationContext, dataset: 'invoices' | 'bills', index: number, lines: LineItem[]): LineItem[] {
  const random = recordRandom(ctx.seed, hashText(`accounting.${dataset}.tracking`), index)
  return lines.map((line) => {
    if (!random.isChance(0.4)) return line
    const trackingCategoryRef = pickTrackingCategoryRef(ctx, random)
    return trackingCategoryRef ? { ...line, trackingCategoryRef } : line
  })
}

/**
 * A document's status and what is due, made true to its payments. The status drawn says whether it has been paid
 * (in full or in part); it was only if a payment took it (`payment`, the follower that paid it). One drawn paid
 * with no payment to show for it is still Submitted, all of it due. Paid or partly paid, its one allocation is the
 * payment: totalAmount − amountDue, on the day it was paid (`paidAt` for a paid invoice, else drawn now).
 */
function settleDocument<B extends { status: DocumentStatus; totalAmount: number; amountDue: number; issueDate: string; modifiedDate: string; currency: Currency }>(
  ctx: GenerationContext,
  random: RecordRandom,
  drawn: B,
  paidAt: number | undefined,
  payment: number | undefined,
  refsOf: (payment: number) => Pick<DocumentPaymentAllocation, 'paymentRef' | 'currencyRate'>,
): { body: B; allocation: DocumentPaymentAllocation | undefined } {
  const isPaidPart = drawn.status === 'Paid' || drawn.status === 'PartiallyPaid'
  if (!isPaidPart) return { body: drawn, allocation: undefined }
  if (payment === undefined) return { body: { ...drawn, status: 'Submitted', amountDue: drawn.totalAmount }, allocation: undefined }
  const issuedAt = Date.parse(drawn.issueDate)
  const paidOn = paidAt ?? clampTime(issuedAt + random.integer(1, 30) * DAY_MS, issuedAt, startOfDay(Date.parse(drawn.modifiedDate)))
  const accountRef = bankLedgerRef(ctx)
  return {
    body: drawn,
    allocation: {
      ...refsOf(payment),
      ...(accountRef ? { accountRef } : {}),
      currency: drawn.currency,
      paidOnDate: isoDateTime(paidOn),
      amount: toMoney(Math.round(drawn.totalAmount * 100) - Math.round(drawn.amountDue * 100)),
    },
  }
}

export interface Bill extends DocumentTotals {
  id: string
  reference: string
  supplierRef?: Ref
  /** The purchase order the bill is for (every ORDER_STRIDE-th bill has one). */
  purchaseOrderRef?: Ref
  issueDate: string
  dueDate: string
  currency: Currency
  status: DocumentStatus
  amountDue: number
  /** The bill payment that paid it (none while it is Draft, Submitted or Void): what it paid is totalAmount − amountDue. */
  paymentAllocations: DocumentPaymentAllocation[]
  modifiedDate: string
}

export const bills: ListDataset<Bill> = new ListDataset<Bill>('accounting', 'bills', 80, ({ index, id, modifiedAt, random }, ctx) => {
  const supplierRef = suppliers.pickRef(ctx, random, (supplier) => supplier.name)
  const currency = supplierRef ? suppliers.generate(ctx, supplierRef.index).defaultCurrency : baseCurrencyOf(ctx)
  const reference = `BILL-${String(index + 1).padStart(5, '0')}`
  const drawn = documentBody(ctx, random, index, modifiedAt, currency, 'Expense')
  const { body, allocation } = settleDocument(ctx, random, drawn, undefined, followerOf(ctx, bills, index, billPayments), (payment) => ({
    paymentRef: makeRef(payment, billPayments.idOf(ctx, payment), billPaymentReferenceOf(payment)),
    ...(currency === baseCurrencyOf(ctx) ? {} : { currencyRate: baseRateOf(ctx, currency) }),
  }))
  return {
    id,
    reference,
    ...(supplierRef ? { supplierRef } : {}),
    ...body,
    lineItems: withTracking(ctx, 'bills', index, body.lineItems),
    paymentAllocations: allocation ? [allocation] : [],
    ...orderRefOf(ctx, index, purchaseOrders, purchaseOrderNumberOf, 'purchaseOrderRef'),
  }
})

export interface AccountingPayment {
  id: string
  invoiceRef?: Ref
  customerRef?: Ref
  date: string
  amount: number
  currency: Currency
  paymentMethod: (typeof words.PAYMENT_METHODS)[number]
  modifiedDate: string
}

/**
 * A payment pays the latest invoice before it, what that invoice says was paid (its allocation names the payment);
 * without such an invoice, or when that one has nothing paid (Draft, Submitted, Void), it is money received on no
 * invoice, for a sum of its own.
 */
export const accountingPayments: ListDataset<AccountingPayment> = new ListDataset<AccountingPayment>('accounting', 'payments', 100, ({ index, id, modifiedAt, random }, ctx) => {
  const invoiceIndex = documentBefore(ctx, invoices, (paymentIndex) => accountingPayments.modifiedAt(ctx, paymentIndex), index)
  const invoice = invoiceIndex === undefined ? undefined : invoices.generate(ctx, invoiceIndex)
  const allocation = invoice?.paymentAllocations.find((candidate) => candidate.paymentRef.id === id)
  const common = { id, paymentMethod: random.pick(words.PAYMENT_METHODS), modifiedDate: isoDateTime(modifiedAt) }
  if (invoice && invoiceIndex !== undefined && allocation) {
    return {
      ...common,
      invoiceRef: makeRef(invoiceIndex, invoice.id, invoice.invoiceNumber),
      ...(invoice.customerRef ? { customerRef: invoice.customerRef } : {}),
      date: allocation.paidOnDate,
      amount: allocation.amount,
      currency: invoice.currency,
    }
  }
  const customerRef = customers.pickRef(ctx, random, (customer) => customer.name)
  return { ...common, ...(customerRef ? { customerRef } : {}), date: isoDateTime(startOfDay(modifiedAt)), amount: toMoney(random.integer(1_000, 500_000)), currency: baseCurrencyOf(ctx) }
})

export interface AccountingBankAccount {
  id: string
  accountName: string
  /** Credit for a card (a positive balance is what is owed on it), Debit for an account that holds money. */
  accountType: 'Credit' | 'Debit'
  accountNumber: string
  sortCode: string
  currency: Currency
  balance: number
  /** The balance less card payments and transfers still pending; never more than the balance. */
  availableBalance: number
  institution: string
  /** Archived: closed in the books, kept for its history. The first account is always Active. */
  status: 'Active' | 'Archived'
  modifiedDate: string
}

export const accountingBankAccounts = new ListDataset<AccountingBankAccount>('accounting', 'bankAccounts', 25, ({ index, id, modifiedAt, random }, ctx) => {
  const baseName = words.BANK_ACCOUNT_NAMES[index % words.BANK_ACCOUNT_NAMES.length] ?? 'Account'
  const accountNumber = `****${String(random.integer(0, 9999)).padStart(4, '0')}`
  const sortCode = `${random.integer(10, 99)}-${random.integer(10, 99)}-${random.integer(10, 99)}`
  const currency = pickCurrency(ctx, random)
  const balanceCents = random.integer(-200_000, 20_000_000)
  const institution = random.pick(words.BANK_NAMES)
  // Drawn after every earlier field, so an account's other values stay what they were before it had one.
  const pendingCents = random.integer(0, 50_000)
  const status = index === 0 || random.isChance(0.9) ? 'Active' : 'Archived'
  return {
    id,
    accountName: `${baseName}${index >= words.BANK_ACCOUNT_NAMES.length ? ` ${Math.floor(index / words.BANK_ACCOUNT_NAMES.length) + 1}` : ''}`,
    accountType: baseName === 'Corporate Card' ? 'Credit' : 'Debit',
    accountNumber,
    sortCode,
    currency,
    balance: toMoney(balanceCents),
    availableBalance: toMoney(balanceCents - pendingCents),
    institution,
    status,
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface JournalEntry {
  id: string
  journalNumber: string
  /** The journal the entry is posted to. */
  journalRef?: Ref
  /** The document the entry posts; manual journals have none. */
  recordRef?: { id: string; dataType: PostedDataType }
  description: string
  postedOn: string
  journalLines: JournalLine[]
  modifiedDate: string
}

/** The documents the journal posts, by their data type. */
export type PostedDataType = 'invoices' | 'bills' | 'payments' | 'creditNotes' | 'billCreditNotes' | 'billPayments' | 'directCosts' | 'directIncomes'

interface JournalLine {
  accountRef?: Ref
  description: string
  netAmount: number
}

/**
 * The sandbox's books keep amounts in the business's own currency; a document in another currency is
 * posted at these fixed rates (units of GBP per unit), so a payment clears exactly what its invoice posted.
 */
const GBP_PER_UNIT: Record<Currency, number> = { GBP: 1, USD: 0.79, EUR: 0.86 }

function toBaseCents(ctx: GenerationContext, amount: number, currency: Currency): number {
  return Math.round((amount * 100 * GBP_PER_UNIT[currency]) / GBP_PER_UNIT[baseCurrencyOf(ctx)])
}

/** Units of the base currency per unit of `currency`, at the rate the journal posts at (to six places). */
export function baseRateOf(ctx: GenerationContext, currency: Currency): number {
  return Math.round((GBP_PER_UNIT[currency] / GBP_PER_UNIT[baseCurrencyOf(ctx)]) * 1_000_000) / 1_000_000
}

/** A line of `cents` on the account playing `role` (positive debits, negative credits). */
function roleLine(ctx: GenerationContext, role: LedgerRole, description: string, cents: number): JournalLine {
  const accountRef = ledgerRef(ctx, role)
  return { ...(accountRef ? { accountRef } : {}), description, netAmount: toMoney(cents) }
}

/** Lines that balance: the last takes whatever the others leave, so rounding never unbalances an entry. */
function balanced(lines: JournalLine[], closing: (cents: number) => JournalLine): JournalLine[] {
  const cents = lines.reduce((sum, line) => sum + Math.round(line.netAmount * 100), 0)
  return [...lines, closing(-cents)]
}

type Posting = Pick<JournalEntry, 'description' | 'postedOn' | 'journalLines'>

/**
 * A document's lines posted in the base currency: each line's net to its own account and the tax to VAT, debited
 * (`sign` 1) or credited (−1); the account playing `closing` takes the total the other way, so the entry balances.
 */
function postDocumentLines(ctx: GenerationContext, document: DocumentTotals & { currency: Currency }, sign: 1 | -1, taxDescription: string, closing: { role: LedgerRole; description: string }): JournalLine[] {
  const lines: JournalLine[] = document.lineItems.map((line) => ({ ...(line.accountRef ? { accountRef: line.accountRef } : {}), description: line.description, netAmount: toMoney(sign * toBaseCents(ctx, line.subTotal, document.currency)) }))
  lines.push(roleLine(ctx, 'vat', taxDescription, sign * toBaseCents(ctx, document.totalTaxAmount, document.currency)))
  return balanced(lines, (cents) => roleLine(ctx, closing.role, closing.description, cents))
}

/** A sale: each line's net credited to its income account, the tax to VAT, the total debited to Accounts Receivable. */
function postInvoice(ctx: GenerationContext, invoice: Invoice): Posting {
  const journalLines = postDocumentLines(ctx, invoice, -1, `Output tax ${invoice.invoiceNumber}`, { role: 'receivables', description: invoice.invoiceNumber })
  return { description: `Invoice ${invoice.invoiceNumber}`, postedOn: invoice.issueDate, journalLines }
}

/** A purchase: each line's net debited to its expense account, the tax to VAT, the total credited to Accounts Payable. */
function postBill(ctx: GenerationContext, bill: Bill): Posting {
  const journalLines = postDocumentLines(ctx, bill, 1, `Input tax ${bill.reference}`, { role: 'payables', description: bill.reference })
  return { description: `Bill ${bill.reference}`, postedOn: bill.issueDate, journalLines }
}

/** A credit to a customer undoes part of a sale: income and output tax debited back, Accounts Receivable credited (what the customer owes, or a credit to them). */
function postCreditNote(ctx: GenerationContext, note: CreditNote): Posting {
  const journalLines = postDocumentLines(ctx, note, 1, `Output tax ${note.creditNoteNumber}`, { role: 'receivables', description: note.creditNoteNumber })
  return { description: `Credit note ${note.creditNoteNumber}`, postedOn: note.issueDate, journalLines }
}

/** A supplier's credit undoes part of a purchase: expenses and input tax credited back, Accounts Payable debited. */
function postBillCreditNote(ctx: GenerationContext, note: CreditNote): Posting {
  const journalLines = postDocumentLines(ctx, note, -1, `Input tax ${note.creditNoteNumber}`, { role: 'payables', description: note.creditNoteNumber })
  return { description: `Bill credit note ${note.creditNoteNumber}`, postedOn: note.issueDate, journalLines }
}

/** Money paid to a supplier, for a bill or on account: Accounts Payable debited, the bank credited. */
function postBillPayment(ctx: GenerationContext, payment: BillPayment): Posting {
  const cents = toBaseCents(ctx, payment.amount, payment.currency)
  return {
    description: `Bill payment ${payment.reference}`,
    postedOn: payment.date,
    journalLines: [roleLine(ctx, 'payables', payment.billRef?.name ?? 'Payment on account', cents), roleLine(ctx, 'bank', `${payment.paymentMethod} paid`, -cents)],
  }
}

/** A purchase paid at once: expenses and input tax debited, the bank credited. */
function postDirectCost(ctx: GenerationContext, cost: DirectTransaction): Posting {
  return { description: `Direct cost ${cost.reference}`, postedOn: cost.issueDate, journalLines: postDocumentLines(ctx, cost, 1, `Input tax ${cost.reference}`, { role: 'bank', description: cost.reference }) }
}

/** A sale paid at once: income and output tax credited, the bank debited. */
function postDirectIncome(ctx: GenerationContext, income: DirectTransaction): Posting {
  return { description: `Direct income ${income.reference}`, postedOn: income.issueDate, journalLines: postDocumentLines(ctx, income, -1, `Output tax ${income.reference}`, { role: 'bank', description: income.reference }) }
}

/** Money received: the bank debited, Accounts Receivable credited (Other Revenue when the payment settles no invoice). */
function postPayment(ctx: GenerationContext, payment: AccountingPayment): Posting {
  const cents = toBaseCents(ctx, payment.amount, payment.currency)
  const settles = payment.invoiceRef ? 'receivables' : 'otherRevenue'
  return {
    description: `Payment ${payment.invoiceRef ? `for ${payment.invoiceRef.name}` : 'received'}`,
    postedOn: payment.date,
    journalLines: [roleLine(ctx, 'bank', `${payment.paymentMethod} received`, cents), roleLine(ctx, settles, payment.invoiceRef?.name ?? 'Unallocated receipt', -cents)],
  }
}

/** The manual journals a small business posts: each a debit and a credit between two accounts that play those roles. */
const MANUAL_JOURNALS: readonly { description: string; debit: LedgerRole; credit: LedgerRole; cents: readonly [number, number] }[] = [
  { description: 'Payroll journal', debit: 'salaries', credit: 'bank', cents: [300_000, 1_200_000] },
  { description: 'PAYE and NI', debit: 'salaries', credit: 'paye', cents: [50_000, 250_000] },
  { description: 'PAYE paid to HMRC', debit: 'paye', credit: 'bank', cents: [50_000, 250_000] },
  { description: 'Office rent', debit: 'rent', credit: 'bank', cents: [100_000, 400_000] },
  { description: 'Supplier payment run', debit: 'payables', credit: 'bank', cents: [100_000, 2_000_000] },
  { description: 'VAT return payment', debit: 'vat', credit: 'bank', cents: [50_000, 600_000] },
  { description: 'Owner funds introduced', debit: 'bank', credit: 'ownerFunds', cents: [500_000, 2_500_000] },
  { description: 'Loan drawdown', debit: 'bank', credit: 'loan', cents: [1_000_000, 5_000_000] },
  { description: 'Loan repayment', debit: 'loan', credit: 'bank', cents: [50_000, 300_000] },
  { description: 'Computer equipment', debit: 'computerEquipment', credit: 'bank', cents: [80_000, 400_000] },
  { description: 'Bank charges', debit: 'bankFees', credit: 'bank', cents: [500, 9_000] },
  { description: 'Interest received', debit: 'bank', credit: 'interestIncome', cents: [100, 50_000] },
  { description: 'Transfer to savings', debit: 'savings', credit: 'bank', cents: [100_000, 1_000_000] },
]

/**
 * The general ledger: every invoice, bill and payment posted at its own date, then the manual journals (as many as
 * the `journalEntries` size says), then every credit note, bill credit note, bill payment, direct cost and direct
 * income. Entry i posts invoice i, then bill i − invoices, and so on, so any entry is still computed alone; each one
 * balances, so statements built from it are true. The later documents come after the manual journals so that the
 * entries that were there before them keep their ids.
 */
class LedgerJournal extends ListDataset<JournalEntry> {
  override size(ctx: GenerationContext): number {
    return invoices.size(ctx) + bills.size(ctx) + accountingPayments.size(ctx) + ctx.sizeOf(this.name) + postedAfterManual().reduce((total, posted) => total + posted.dataset.size(ctx), 0)
  }
}

interface PostedDocuments<T> {
  dataType: PostedDataType
  dataset: ListDataset<T>
  journal: JournalKind
  post: (ctx: GenerationContext, document: T) => Posting
}

/** The documents posted after the manual journals, in that order. A function: the datasets are declared further down. */
function postedAfterManual(): [PostedDocuments<CreditNote>, PostedDocuments<CreditNote>, PostedDocuments<BillPayment>, PostedDocuments<DirectTransaction>, PostedDocuments<DirectTransaction>] {
  return [
    { dataType: 'creditNotes', dataset: creditNotes, journal: 'Sales', post: postCreditNote },
    { dataType: 'billCreditNotes', dataset: billCreditNotes, journal: 'Purchases', post: postBillCreditNote },
    { dataType: 'billPayments', dataset: billPayments, journal: 'CashPayments', post: postBillPayment },
    { dataType: 'directCosts', dataset: directCosts, journal: 'CashPayments', post: postDirectCost },
    { dataType: 'directIncomes', dataset: directIncomes, journal: 'CashReceipts', post: postDirectIncome },
  ]
}

/** The journal (by its index in JOURNAL_KINDS) an entry is posted in, as `journalRef`; none when a grant has fewer journals. */
function journalRefOf(ctx: GenerationContext, kind: JournalKind): { journalRef?: Ref } {
  const index = JOURNAL_KINDS.findIndex((candidate) => candidate.type === kind)
  return index < journals.size(ctx) ? { journalRef: journals.refTo(ctx, index, (journal) => journal.name) } : {}
}

/** Which journal a manual entry belongs in: payroll in the payroll journal, money out of the bank in cash payments. */
function manualJournalKind(journal: (typeof MANUAL_JOURNALS)[number]): JournalKind {
  if (journal.debit === 'salaries' || journal.credit === 'paye') return 'Payroll'
  if (journal.credit === 'bank') return 'CashPayments'
  if (journal.debit === 'bank') return 'CashReceipts'
  return 'General'
}

export const journalEntries: ListDataset<JournalEntry> = new LedgerJournal('accounting', 'journalEntries', 50, ({ index, id, modifiedAt, random }, ctx) => {
  const frame = { id, journalNumber: `MJ-${String(index + 1).padStart(5, '0')}`, modifiedDate: isoDateTime(modifiedAt) }
  let at = index
  if (at < invoices.size(ctx)) return { ...frame, ...journalRefOf(ctx, 'Sales'), recordRef: { id: invoices.idOf(ctx, at), dataType: 'invoices' }, ...postInvoice(ctx, invoices.generate(ctx, at)) }
  at -= invoices.size(ctx)
  if (at < bills.size(ctx)) return { ...frame, ...journalRefOf(ctx, 'Purchases'), recordRef: { id: bills.idOf(ctx, at), dataType: 'bills' }, ...postBill(ctx, bills.generate(ctx, at)) }
  at -= bills.size(ctx)
  if (at < accountingPayments.size(ctx)) {
    return { ...frame, ...journalRefOf(ctx, 'CashReceipts'), recordRef: { id: accountingPayments.idOf(ctx, at), dataType: 'payments' }, ...postPayment(ctx, accountingPayments.generate(ctx, at)) }
  }
  at -= accountingPayments.size(ctx)
  if (at >= ctx.sizeOf('journalEntries')) {
    at -= ctx.sizeOf('journalEntries')
    for (const posted of postedAfterManual() as PostedDocuments<unknown>[]) {
      if (at < posted.dataset.size(ctx)) return { ...frame, ...journalRefOf(ctx, posted.journal), recordRef: { id: posted.dataset.idOf(ctx, at), dataType: posted.dataType }, ...posted.post(ctx, posted.dataset.generate(ctx, at)) }
      at -= posted.dataset.size(ctx)
    }
  }
  const journal = random.pick(MANUAL_JOURNALS)
  const cents = random.integer(journal.cents[0], journal.cents[1])
  return {
    ...frame,
    ...journalRefOf(ctx, manualJournalKind(journal)),
    description: journal.description,
    postedOn: isoDateTime(startOfDay(modifiedAt)),
    journalLines: [roleLine(ctx, journal.debit, journal.description, cents), roleLine(ctx, journal.credit, journal.description, -cents)],
  }
})

// --- the documents around invoices and bills ------------------------------------------------------------------

/**
 * Orders and the documents raised from them pair by index: invoice ORDER_STRIDE·k was raised from sales order k, bill
 * ORDER_STRIDE·k is for purchase order k. Either side finds the other in O(1), so a page never scans a dataset.
 */
const ORDER_STRIDE = 3

/** An order's number is its index's, so a ref to it is made without generating the order (which reads its document). */
function salesOrderNumberOf(index: number): string {
  return `SO-${String(index + 1).padStart(5, '0')}`
}

function purchaseOrderNumberOf(index: number): string {
  return `PO-${String(index + 1).padStart(5, '0')}`
}

/** `{ [key]: ref }` to the order document `index` was raised from, or `{}` when it was raised from none. */
function orderRefOf<T, K extends string>(ctx: GenerationContext, index: number, orders: ListDataset<T>, numberOf: (orderIndex: number) => string, key: K): { [P in K]?: Ref } {
  if (index % ORDER_STRIDE !== 0 || index / ORDER_STRIDE >= orders.size(ctx)) return {}
  const orderIndex = index / ORDER_STRIDE
  return { [key]: makeRef(orderIndex, orders.idOf(ctx, orderIndex), numberOf(orderIndex)) } as { [P in K]?: Ref }
}

/** The document raised from order k, when the dataset has it. */
function documentOfOrder<T>(ctx: GenerationContext, orderIndex: number, documents: ListDataset<T>): { index: number; document: T } | undefined {
  const index = orderIndex * ORDER_STRIDE
  return index < documents.size(ctx) ? { index, document: documents.generate(ctx, index) } : undefined
}

/** `preferred`, kept within [earliest, latest]; `earliest` wins when the two cross. */
function clampTime(preferred: number, earliest: number, latest: number): number {
  return Math.max(earliest, Math.min(preferred, latest))
}

/**
 * The latest of `documents` modified before record `index` of another dataset was (whose modified times
 * `modifiedAtOf` gives), so what a record points back to came first; undefined when none did, or when the record
 * before took that document already (both rise with the index, so only neighbours can meet). O(log n), nothing
 * generated.
 */
function documentBefore(ctx: GenerationContext, documents: ListDataset<unknown>, modifiedAtOf: (index: number) => number, index: number): number | undefined {
  const latestBefore = (at: number) => documents.firstModifiedSince(ctx, at) - 1
  const document = latestBefore(modifiedAtOf(index))
  if (document < 0) return undefined
  if (index > 0 && latestBefore(modifiedAtOf(index - 1)) === document) return undefined
  return document
}

/**
 * documentBefore the other way round: the record of `followers` whose documentBefore is document `index`, or undefined
 * when none is. Only the first follower modified after the document can be (the one before it was modified earlier,
 * so it points at an earlier document), and it is when no later document came between them. O(log n), nothing generated.
 */
function followerOf(ctx: GenerationContext, documents: ListDataset<unknown>, index: number, followers: ListDataset<unknown>): number | undefined {
  // Modified times are whole seconds: one millisecond on is the first instant after the document's.
  const follower = followers.firstModifiedSince(ctx, documents.modifiedAt(ctx, index) + 1)
  if (follower >= followers.size(ctx)) return undefined
  return documents.firstModifiedSince(ctx, followers.modifiedAt(ctx, follower)) - 1 === index ? follower : undefined
}

/** The chart's bank accounts by their place in it: the ledger account money is paid from and into. */
const BANK_CHART_INDEX = Math.max(
  words.CHART_OF_ACCOUNTS.findIndex((entry) => entry.isBank === true),
  0,
)

/** The bank ledger account (the chart's first) that payments and bill payments go through, or undefined when the chart is too short. */
export function bankLedgerRef(ctx: GenerationContext): Ref | undefined {
  return BANK_CHART_INDEX < ledgerAccounts.size(ctx) ? ledgerAccounts.refTo(ctx, BANK_CHART_INDEX, (account) => account.name) : undefined
}

/** How much of a credit was set against its document: all of it, part, or (not yet) none, never more than is due. */
function pickAllocation(random: RecordRandom, creditTotal: number, due: number): number {
  const limitCents = Math.round(Math.min(creditTotal, due) * 100)
  if (limitCents <= 0) return 0
  const roll = random.unit()
  if (roll < 0.6) return toMoney(limitCents)
  if (roll < 0.8) return toMoney(Math.floor((limitCents * random.integer(10, 90)) / 100))
  return 0
}

export interface CreditAllocation {
  /** The invoice or bill the credit was set against. */
  documentRef: Ref
  allocatedOnDate: string
  amount: number
}

export type CreditNoteStatus = 'Submitted' | 'PartiallyPaid' | 'Paid'

export interface CreditNote extends DocumentTotals {
  id: string
  creditNoteNumber: string
  contactRef?: Ref
  issueDate: string
  currency: Currency
  status: CreditNoteStatus
  remainingCredit: number
  allocations: CreditAllocation[]
  modifiedDate: string
}

/**
 * How many credit notes at the head of a list are set against nothing, whatever was drawn: a platform with an
 * approval step shows them still being written, awaiting approval or voided, which only a note not yet used can be.
 */
const UNALLOCATED_FIRST_CREDIT_NOTES = 3

type DocumentOfCredit = Pick<Invoice, 'issueDate' | 'currency' | 'lineItems' | 'status' | 'amountDue'>

/**
 * A credit for part of one line of document `index` (an invoice or a bill): the same unit price and tax rate, fewer
 * units, so the credit never exceeds the document. A document still Draft or Void gets a credit on its own lines,
 * not set against it; without a document, the credit has lines of its own.
 */
function buildCreditNote<D extends DocumentOfCredit>(
  seed: RecordSeed,
  ctx: GenerationContext,
  creditNoteNumber: string,
  documents: ListDataset<D>,
  index: number | undefined,
  contactOf: (document: D) => Ref | undefined,
  nameOf: (document: D) => string,
  fallbackContact: () => Ref | undefined,
  lineAccountType: words.LedgerAccountType,
): CreditNote {
  const { id, modifiedAt, random } = seed
  const document = index === undefined ? undefined : documents.generate(ctx, index)
  const isAllocatable = document !== undefined && document.status !== 'Draft' && document.status !== 'Void'
  const line = document?.lineItems[0]
  let totals: DocumentTotals
  let currency: Currency
  if (document && line) {
    const quantity = random.integer(1, line.quantity)
    const subCents = Math.round(quantity * line.unitAmount * 100)
    const taxCents = Math.round(subCents * line.taxRate)
    totals = {
      lineItems: [{ ...line, quantity, subTotal: toMoney(subCents), taxAmount: toMoney(taxCents), totalAmount: toMoney(subCents + taxCents) }],
      subTotal: toMoney(subCents),
      totalTaxAmount: toMoney(taxCents),
      totalAmount: toMoney(subCents + taxCents),
    }
    currency = document.currency
  } else {
    currency = baseCurrencyOf(ctx)
    totals = pickLineItems(ctx, random, currency, lineAccountType)
  }
  const documentIssuedAt = document ? Date.parse(document.issueDate) : startOfDay(modifiedAt)
  const issuedAt = clampTime(startOfDay(modifiedAt - random.integer(0, 10) * DAY_MS), documentIssuedAt, startOfDay(modifiedAt))
  // Drawn whatever it becomes, so every later draw stays as it was.
  const drawnAllocation = isAllocatable ? pickAllocation(random, totals.totalAmount, document.amountDue) : 0
  const allocated = seed.index < UNALLOCATED_FIRST_CREDIT_NOTES ? 0 : drawnAllocation
  const remainingCents = Math.round(totals.totalAmount * 100) - Math.round(allocated * 100)
  const contactRef = document ? contactOf(document) : fallbackContact()
  return {
    id,
    creditNoteNumber,
    ...(contactRef ? { contactRef } : {}),
    issueDate: isoDateTime(issuedAt),
    currency,
    status: allocated === 0 ? 'Submitted' : remainingCents === 0 ? 'Paid' : 'PartiallyPaid',
    ...totals,
    remainingCredit: toMoney(remainingCents),
    allocations:
      allocated > 0 && document && index !== undefined
        ? [{ documentRef: makeRef(index, documents.idOf(ctx, index), nameOf(document)), allocatedOnDate: isoDateTime(issuedAt), amount: allocated }]
        : [],
    modifiedDate: isoDateTime(modifiedAt),
  }
}

/** A credit note is against the latest invoice before it (a bill credit note, bill); no document gets two. */
export const creditNotes: ListDataset<CreditNote> = new ListDataset<CreditNote>('accounting', 'creditNotes', 30, (seed, ctx) =>
  buildCreditNote(
    seed,
    ctx,
    `CN-${String(seed.index + 1).padStart(5, '0')}`,
    invoices,
    documentBefore(ctx, invoices, (index) => creditNotes.modifiedAt(ctx, index), seed.index),
    (invoice) => invoice.customerRef,
    (invoice) => invoice.invoiceNumber,
    () => customers.pickRef(ctx, seed.random, (customer) => customer.name),
    'Income',
  ),
)

export const billCreditNotes: ListDataset<CreditNote> = new ListDataset<CreditNote>('accounting', 'billCreditNotes', 25, (seed, ctx) =>
  buildCreditNote(
    seed,
    ctx,
    `BCN-${String(seed.index + 1).padStart(5, '0')}`,
    bills,
    documentBefore(ctx, bills, (index) => billCreditNotes.modifiedAt(ctx, index), seed.index),
    (bill) => bill.supplierRef,
    (bill) => bill.reference,
    () => suppliers.pickRef(ctx, seed.random, (supplier) => supplier.name),
    'Expense',
  ),
)

export interface BillPayment {
  id: string
  /** The bill it paid; absent for a payment on account. */
  billRef?: Ref
  supplierRef?: Ref
  accountRef?: Ref
  date: string
  amount: number
  currency: Currency
  paymentMethod: (typeof words.PAYMENT_METHODS)[number]
  reference: string
  modifiedDate: string
}

/** A bill payment's reference is its index's, so a bill names its payment without generating it (which reads the bill). */
function billPaymentReferenceOf(index: number): string {
  return `BP-${String(index + 1).padStart(5, '0')}`
}

/**
 * A bill payment pays what the latest bill before it says was paid (its allocation names the payment); without such a
 * bill, or when it has nothing paid (Draft, Void, Submitted), it is a payment on account to a supplier, for a round sum.
 */
export const billPayments: ListDataset<BillPayment> = new ListDataset<BillPayment>('accounting', 'billPayments', 50, ({ index, id, modifiedAt, random }, ctx) => {
  const billIndex = documentBefore(ctx, bills, (paymentIndex) => billPayments.modifiedAt(ctx, paymentIndex), index)
  const bill = billIndex === undefined ? undefined : bills.generate(ctx, billIndex)
  const allocation = bill?.paymentAllocations.find((candidate) => candidate.paymentRef.id === id)
  const accountRef = bankLedgerRef(ctx)
  const common = {
    id,
    ...(accountRef ? { accountRef } : {}),
    paymentMethod: random.pick(words.PAYMENT_METHODS),
    reference: billPaymentReferenceOf(index),
    modifiedDate: isoDateTime(modifiedAt),
  }
  if (bill && billIndex !== undefined && allocation) {
    return {
      ...common,
      billRef: makeRef(billIndex, bill.id, bill.reference),
      ...(bill.supplierRef ? { supplierRef: bill.supplierRef } : {}),
      date: allocation.paidOnDate,
      amount: allocation.amount,
      currency: bill.currency,
    }
  }
  const supplierRef = suppliers.pickRef(ctx, random, (supplier) => supplier.name)
  return {
    ...common,
    ...(supplierRef ? { supplierRef } : {}),
    date: isoDateTime(startOfDay(modifiedAt)),
    amount: toMoney(random.integer(10, 500) * 1000),
    currency: supplierRef ? suppliers.generate(ctx, supplierRef.index).defaultCurrency : baseCurrencyOf(ctx),
  }
})

export interface DirectTransaction extends DocumentTotals {
  id: string
  reference: string
  /** A supplier (direct costs) or a customer (direct incomes). */
  contactRef?: Ref
  issueDate: string
  currency: Currency
  /** The bank ledger account it was paid from or into, in full, on its issue date. */
  accountRef?: Ref
  modifiedDate: string
}

function buildDirectTransaction(prefix: string, contacts: ListDataset<Contact>, lineAccountType: words.LedgerAccountType): (seed: RecordSeed, ctx: GenerationContext) => DirectTransaction {
  return ({ index, id, modifiedAt, random }, ctx) => {
    const contactRef = contacts.pickRef(ctx, random, (contact) => contact.name)
    const currency = contactRef ? contacts.generate(ctx, contactRef.index).defaultCurrency : baseCurrencyOf(ctx)
    const accountRef = bankLedgerRef(ctx)
    return {
      id,
      reference: `${prefix}-${String(index + 1).padStart(5, '0')}`,
      ...(contactRef ? { contactRef } : {}),
      issueDate: isoDateTime(startOfDay(modifiedAt - random.integer(0, 5) * DAY_MS)),
      currency,
      ...(accountRef ? { accountRef } : {}),
      ...pickLineItems(ctx, random, currency, lineAccountType),
      modifiedDate: isoDateTime(modifiedAt),
    }
  }
}

export const directCosts = new ListDataset<DirectTransaction>('accounting', 'directCosts', 40, buildDirectTransaction('DC', suppliers, 'Expense'))
export const directIncomes = new ListDataset<DirectTransaction>('accounting', 'directIncomes', 40, buildDirectTransaction('DI', customers, 'Income'))

export type AccountingOrderStatus = 'Draft' | 'Open' | 'Closed'

interface OrderDocument extends DocumentTotals {
  id: string
  issueDate: string
  expectedDeliveryDate: string
  currency: Currency
  status: AccountingOrderStatus
  modifiedDate: string
}

type DocumentOfOrder = Pick<Invoice, 'issueDate' | 'currency' | 'lineItems' | 'subTotal' | 'totalTaxAmount' | 'totalAmount'>

/**
 * An order raised into document `raised` (an invoice or a bill) has that document's lines, totals and currency, and
 * was issued on or before it: it is Closed. An order with no document yet has lines of its own and is Open or Draft.
 */
function orderBody(ctx: GenerationContext, random: RecordRandom, modifiedAt: number, raised: DocumentOfOrder | undefined, currency: Currency, lineAccountType: words.LedgerAccountType): Omit<OrderDocument, 'id'> {
  const ownIssue = startOfDay(modifiedAt - random.integer(0, 20) * DAY_MS)
  const issuedAt = raised ? Math.min(ownIssue, Date.parse(raised.issueDate) - random.integer(0, 14) * DAY_MS) : ownIssue
  const totals: DocumentTotals = raised
    ? { lineItems: raised.lineItems, subTotal: raised.subTotal, totalTaxAmount: raised.totalTaxAmount, totalAmount: raised.totalAmount }
    : pickLineItems(ctx, random, currency, lineAccountType)
  return {
    issueDate: isoDateTime(issuedAt),
    expectedDeliveryDate: isoDateTime(issuedAt + 14 * DAY_MS),
    currency: raised ? raised.currency : currency,
    status: raised ? 'Closed' : random.isChance(0.85) ? 'Open' : 'Draft',
    ...totals,
    modifiedDate: isoDateTime(modifiedAt),
  }
}

export interface SalesOrder extends OrderDocument {
  salesOrderNumber: string
  customerPurchaseOrderNumber: string
  customerRef?: Ref
  /** The invoice raised from it, once it is invoiced. */
  invoiceRef?: Ref
}

export const salesOrders: ListDataset<SalesOrder> = new ListDataset<SalesOrder>('accounting', 'salesOrders', 40, ({ index, id, modifiedAt, random }, ctx) => {
  const raised = documentOfOrder(ctx, index, invoices)
  const customerRef = raised ? raised.document.customerRef : customers.pickRef(ctx, random, (customer) => customer.name)
  const currency = customerRef ? customers.generate(ctx, customerRef.index).defaultCurrency : baseCurrencyOf(ctx)
  return {
    id,
    salesOrderNumber: salesOrderNumberOf(index),
    customerPurchaseOrderNumber: `PO-${random.integer(1000, 99_999)}`,
    ...(customerRef ? { customerRef } : {}),
    ...orderBody(ctx, random, modifiedAt, raised?.document, currency, 'Income'),
    ...(raised ? { invoiceRef: makeRef(raised.index, invoices.idOf(ctx, raised.index), raised.document.invoiceNumber) } : {}),
  }
})

export interface PurchaseOrder extends OrderDocument {
  purchaseOrderNumber: string
  supplierRef?: Ref
  /** The bill for it, once it is billed. */
  billRef?: Ref
}

export const purchaseOrders: ListDataset<PurchaseOrder> = new ListDataset<PurchaseOrder>('accounting', 'purchaseOrders', 30, ({ index, id, modifiedAt, random }, ctx) => {
  const raised = documentOfOrder(ctx, index, bills)
  const supplierRef = raised ? raised.document.supplierRef : suppliers.pickRef(ctx, random, (supplier) => supplier.name)
  const currency = supplierRef ? suppliers.generate(ctx, supplierRef.index).defaultCurrency : baseCurrencyOf(ctx)
  return {
    id,
    purchaseOrderNumber: purchaseOrderNumberOf(index),
    ...(supplierRef ? { supplierRef } : {}),
    ...orderBody(ctx, random, modifiedAt, raised?.document, currency, 'Expense'),
    ...(raised ? { billRef: makeRef(raised.index, bills.idOf(ctx, raised.index), raised.document.reference) } : {}),
  }
})

export type ItemReceiptStatus = 'Received' | 'Billed'

export interface ItemReceipt extends DocumentTotals {
  id: string
  itemReceiptNumber: string
  purchaseOrderRef?: Ref
  supplierRef?: Ref
  issueDate: string
  currency: Currency
  status: ItemReceiptStatus
  modifiedDate: string
}

/**
 * An item receipt is the goods of the latest purchase order before it arriving, all of them: its lines and totals,
 * within a fortnight of the order and no later than its bill. Without such an order, a receipt stands alone.
 */
export const itemReceipts: ListDataset<ItemReceipt> = new ListDataset<ItemReceipt>('accounting', 'itemReceipts', 30, ({ index, id, modifiedAt, random }, ctx) => {
  const orderIndex = documentBefore(ctx, purchaseOrders, (receiptIndex) => itemReceipts.modifiedAt(ctx, receiptIndex), index)
  const common = { id, itemReceiptNumber: `IR-${String(index + 1).padStart(5, '0')}`, modifiedDate: isoDateTime(modifiedAt) }
  if (orderIndex !== undefined) {
    const order = purchaseOrders.generate(ctx, orderIndex)
    const orderedAt = Date.parse(order.issueDate)
    const billedAt = order.billRef ? Date.parse(bills.generate(ctx, order.billRef.index).issueDate) : Number.POSITIVE_INFINITY
    return {
      ...common,
      purchaseOrderRef: makeRef(orderIndex, purchaseOrders.idOf(ctx, orderIndex), order.purchaseOrderNumber),
      ...(order.supplierRef ? { supplierRef: order.supplierRef } : {}),
      issueDate: isoDateTime(clampTime(orderedAt + random.integer(1, 14) * DAY_MS, orderedAt, Math.min(startOfDay(modifiedAt), billedAt))),
      currency: order.currency,
      status: order.billRef ? 'Billed' : 'Received',
      lineItems: order.lineItems,
      subTotal: order.subTotal,
      totalTaxAmount: order.totalTaxAmount,
      totalAmount: order.totalAmount,
    }
  }
  const supplierRef = suppliers.pickRef(ctx, random, (supplier) => supplier.name)
  const currency = supplierRef ? suppliers.generate(ctx, supplierRef.index).defaultCurrency : baseCurrencyOf(ctx)
  return {
    ...common,
    ...(supplierRef ? { supplierRef } : {}),
    issueDate: isoDateTime(startOfDay(modifiedAt - random.integer(0, 5) * DAY_MS)),
    currency,
    status: 'Received',
    ...pickLineItems(ctx, random, currency, 'Expense'),
  }
})

export interface Journal {
  id: string
  journalCode: string
  name: string
  type: string
  status: 'Active' | 'Archived'
  createdOn: string
  modifiedDate: string
}

const JOURNAL_KINDS = [
  { code: 'GJ', name: 'General Journal', type: 'General' },
  { code: 'SJ', name: 'Sales Journal', type: 'Sales' },
  { code: 'PJ', name: 'Purchases Journal', type: 'Purchases' },
  { code: 'CR', name: 'Cash Receipts', type: 'CashReceipts' },
  { code: 'CP', name: 'Cash Payments', type: 'CashPayments' },
  { code: 'PR', name: 'Payroll Journal', type: 'Payroll' },
] as const
type JournalKind = (typeof JOURNAL_KINDS)[number]['type']

/** The books' journals: one of each kind, then numbered copies when a grant asks for more. The first kind stays Active. */
export const journals = new ListDataset<Journal>('accounting', 'journals', JOURNAL_KINDS.length, ({ index, id, modifiedAt, random }, ctx) => {
  const kind = JOURNAL_KINDS[index % JOURNAL_KINDS.length] ?? JOURNAL_KINDS[0]
  const round = Math.floor(index / JOURNAL_KINDS.length)
  const company = accountingCompany.generate(ctx)
  return {
    id,
    journalCode: round === 0 ? kind.code : `${kind.code}${round + 1}`,
    name: round === 0 ? kind.name : `${kind.name} ${round + 1}`,
    type: kind.type,
    status: index === 0 || random.isChance(0.9) ? 'Active' : 'Archived',
    createdOn: company.createdDate,
    modifiedDate: isoDateTime(modifiedAt),
  }
})
