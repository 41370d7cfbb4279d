/** @module The accounting family's datasets: chart of accounts, customers, suppliers, invoices, bills, payments, bank accounts, journals. */
import { DAY_MS, isoDateTime } from '../date-formats.js'
import type { RecordRandom } from '../deterministic-random.js'
import { baseCurrencyOf, ListDataset, SingleDataset, type Currency, type GenerationContext, type RecordSeed, type Ref } from '../generated-data.js'
import { buildCompany, pickAddress, pickCompanyName, pickCurrency, pickPhone, slugOf, startOfDay, TAX_RATES, toMoney, type Address, type Company } from './record-parts.js'
import * as words from './word-lists.js'
// A cycle, safe: each module reads the other's datasets only inside record builders, never while loading.
import { taxRateRefOf } from './accounting-reference-data.js'

export const accountingCompany = new SingleDataset<Company>('accounting', 'company', buildCompany('accounting'))

export interface LedgerAccount {
  id: string
  nominalCode: string
  name: string
  type: words.LedgerAccountType
  status: 'Active' | 'Archived'
  currency: Currency
  currentBalance: number
  isBankAccount: boolean
  modifiedDate: string
}

export const ledgerAccounts = new ListDataset<LedgerAccount>('accounting', 'accounts', 40, ({ index, id, modifiedAt, random }, ctx) => {
  const chart = words.CHART_OF_ACCOUNTS
  const entry = chart[index % chart.length] ?? { code: '429', name: 'General Expenses', type: 'Expense' as const }
  const round = Math.floor(index / chart.length)
  return {
    id,
    nominalCode: round === 0 ? entry.code : `${entry.code}-${round + 1}`,
    name: round === 0 ? entry.name : `${entry.name} ${round + 1}`,
    type: entry.type,
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

function buildContact({ id, modifiedAt, random }: RecordSeed, ctx: GenerationContext): Contact {
  const name = pickCompanyName(random)
  const firstName = random.pick(words.FIRST_NAMES)
  const lastName = random.pick(words.LAST_NAMES)
  return {
    id,
    name,
    contactPerson: { firstName, lastName },
    emailAddress: `${slugOf(firstName)}.${slugOf(lastName)}@${slugOf(name)}.example`,
    phone: pickPhone(random),
    defaultCurrency: pickCurrency(ctx, random),
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
  issueDate: string
  dueDate: string
  currency: Currency
  status: DocumentStatus
  amountDue: number
  modifiedDate: string
}

/** What an invoice and a bill share: dates 30 days apart, lines with their totals, a status and what is still due. */
function documentBody(ctx: GenerationContext, random: RecordRandom, modifiedAt: number, currency: Currency, lineAccountType: words.LedgerAccountType) {
  const issuedAt = startOfDay(modifiedAt - random.integer(0, 20) * DAY_MS)
  const totals = pickLineItems(ctx, random, currency, lineAccountType)
  const status = pickDocumentStatus(random)
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

export const invoices = new ListDataset<Invoice>('accounting', 'invoices', 120, ({ index, id, modifiedAt, random }, ctx) => {
  const customerRef = customers.pickRef(ctx, random, (customer) => customer.name)
  const currency = customerRef ? customers.generate(ctx, customerRef.index).defaultCurrency : baseCurrencyOf(ctx)
  return {
    id,
    invoiceNumber: `INV-${String(index + 1).padStart(5, '0')}`,
    ...(customerRef ? { customerRef } : {}),
    ...documentBody(ctx, random, modifiedAt, currency, 'Income'),
  }
})

export interface Bill extends DocumentTotals {
  id: string
  reference: string
  supplierRef?: Ref
  issueDate: string
  dueDate: string
  currency: Currency
  status: DocumentStatus
  amountDue: number
  modifiedDate: string
}

export const bills = new ListDataset<Bill>('accounting', 'bills', 80, ({ index, id, modifiedAt, random }, ctx) => {
  const supplierRef = suppliers.pickRef(ctx, random, (supplier) => supplier.name)
  const currency = supplierRef ? suppliers.generate(ctx, supplierRef.index).defaultCurrency : baseCurrencyOf(ctx)
  return {
    id,
    reference: `BILL-${String(index + 1).padStart(5, '0')}`,
    ...(supplierRef ? { supplierRef } : {}),
    ...documentBody(ctx, random, modifiedAt, currency, 'Expense'),
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

export const accountingPayments = new ListDataset<AccountingPayment>('accounting', 'payments', 100, ({ id, modifiedAt, random }, ctx) => {
  const invoiceRef = invoices.pickRef(ctx, random, (invoice) => invoice.invoiceNumber)
  const invoice = invoiceRef ? invoices.generate(ctx, invoiceRef.index) : undefined
  return {
    id,
    ...(invoiceRef ? { invoiceRef } : {}),
    ...(invoice?.customerRef ? { customerRef: invoice.customerRef } : {}),
    date: isoDateTime(startOfDay(modifiedAt)),
    amount: invoice ? invoice.totalAmount : toMoney(random.integer(1_000, 500_000)),
    currency: invoice ? invoice.currency : baseCurrencyOf(ctx),
    paymentMethod: random.pick(words.PAYMENT_METHODS),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface AccountingBankAccount {
  id: string
  accountName: string
  accountNumber: string
  sortCode: string
  currency: Currency
  balance: number
  institution: string
  modifiedDate: string
}

export const accountingBankAccounts = new ListDataset<AccountingBankAccount>('accounting', 'bankAccounts', 25, ({ index, id, modifiedAt, random }, ctx) => ({
  id,
  accountName: `${words.BANK_ACCOUNT_NAMES[index % words.BANK_ACCOUNT_NAMES.length] ?? 'Account'}${index >= words.BANK_ACCOUNT_NAMES.length ? ` ${Math.floor(index / words.BANK_ACCOUNT_NAMES.length) + 1}` : ''}`,
  accountNumber: `****${String(random.integer(0, 9999)).padStart(4, '0')}`,
  sortCode: `${random.integer(10, 99)}-${random.integer(10, 99)}-${random.integer(10, 99)}`,
  currency: pickCurrency(ctx, random),
  balance: toMoney(random.integer(-200_000, 20_000_000)),
  institution: random.pick(words.BANK_NAMES),
  modifiedDate: isoDateTime(modifiedAt),
}))

export interface JournalEntry {
  id: string
  journalNumber: string
  description: string
  postedOn: string
  journalLines: JournalLine[]
  modifiedDate: string
}

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

/** A sale: each line's net credited to its income account, the tax to VAT, the total debited to Accounts Receivable. */
function postInvoice(ctx: GenerationContext, invoice: Invoice): Pick<JournalEntry, 'description' | 'postedOn' | 'journalLines'> {
  const lines: JournalLine[] = invoice.lineItems.map((line) => ({ ...(line.accountRef ? { accountRef: line.accountRef } : {}), description: line.description, netAmount: toMoney(-toBaseCents(ctx, line.subTotal, invoice.currency)) }))
  lines.push(roleLine(ctx, 'vat', `Output tax ${invoice.invoiceNumber}`, -toBaseCents(ctx, invoice.totalTaxAmount, invoice.currency)))
  return { description: `Invoice ${invoice.invoiceNumber}`, postedOn: invoice.issueDate, journalLines: balanced(lines, (cents) => roleLine(ctx, 'receivables', invoice.invoiceNumber, cents)) }
}

/** A purchase: each line's net debited to its expense account, the tax to VAT, the total credited to Accounts Payable. */
function postBill(ctx: GenerationContext, bill: Bill): Pick<JournalEntry, 'description' | 'postedOn' | 'journalLines'> {
  const lines: JournalLine[] = bill.lineItems.map((line) => ({ ...(line.accountRef ? { accountRef: line.accountRef } : {}), description: line.description, netAmount: toMoney(toBaseCents(ctx, line.subTotal, bill.currency)) }))
  lines.push(roleLine(ctx, 'vat', `Input tax ${bill.reference}`, toBaseCents(ctx, bill.totalTaxAmount, bill.currency)))
  return { description: `Bill ${bill.reference}`, postedOn: bill.issueDate, journalLines: balanced(lines, (cents) => roleLine(ctx, 'payables', bill.reference, cents)) }
}

/** Money received: the bank debited, Accounts Receivable credited (Other Revenue when the payment settles no invoice). */
function postPayment(ctx: GenerationContext, payment: AccountingPayment): Pick<JournalEntry, 'description' | 'postedOn' | 'journalLines'> {
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
 * The general ledger: every invoice, bill and payment posted at its own date, then the manual journals
 * (as many as the `journalEntries` size says). Entry i posts invoice i, then bill i − invoices, and so on,
 * so any entry is still computed alone; each one balances, so statements built from it are true.
 */
class LedgerJournal extends ListDataset<JournalEntry> {
  override size(ctx: GenerationContext): number {
    return invoices.size(ctx) + bills.size(ctx) + accountingPayments.size(ctx) + ctx.sizeOf(this.name)
  }
}

export const journalEntries: ListDataset<JournalEntry> = new LedgerJournal('accounting', 'journalEntries', 50, ({ index, id, modifiedAt, random }, ctx) => {
  const frame = { id, journalNumber: `MJ-${String(index + 1).padStart(5, '0')}`, modifiedDate: isoDateTime(modifiedAt) }
  let at = index
  if (at < invoices.size(ctx)) return { ...frame, ...postInvoice(ctx, invoices.generate(ctx, at)) }
  at -= invoices.size(ctx)
  if (at < bills.size(ctx)) return { ...frame, ...postBill(ctx, bills.generate(ctx, at)) }
  at -= bills.size(ctx)
  if (at < accountingPayments.size(ctx)) return { ...frame, ...postPayment(ctx, accountingPayments.generate(ctx, at)) }
  const journal = random.pick(MANUAL_JOURNALS)
  const cents = random.integer(journal.cents[0], journal.cents[1])
  return {
    ...frame,
    description: journal.description,
    postedOn: isoDateTime(startOfDay(modifiedAt)),
    journalLines: [roleLine(ctx, journal.debit, journal.description, cents), roleLine(ctx, journal.credit, journal.description, -cents)],
  }
})
