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

function pickLineItems(ctx: GenerationContext, random: RecordRandom, currency: Currency): DocumentTotals {
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
    const accountRef = ledgerAccounts.pickRef(ctx, random, (account) => account.name)
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
function documentBody(ctx: Parameters<typeof baseCurrencyOf>[0], random: Parameters<typeof pickDocumentStatus>[0], modifiedAt: number, currency: Currency) {
  const issuedAt = startOfDay(modifiedAt - random.integer(0, 20) * DAY_MS)
  const totals = pickLineItems(ctx, random, currency)
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
    ...documentBody(ctx, random, modifiedAt, currency),
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
    ...documentBody(ctx, random, modifiedAt, currency),
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
  journalLines: { accountRef?: Ref; description: string; netAmount: number }[]
  modifiedDate: string
}

export const journalEntries = new ListDataset<JournalEntry>('accounting', 'journalEntries', 50, ({ index, id, modifiedAt, random }, ctx) => {
  const lines: JournalEntry['journalLines'] = []
  let debitCents = 0
  for (let line = random.integer(1, 3); line > 0; line--) {
    const cents = random.integer(1_000, 300_000)
    debitCents += cents
    const accountRef = ledgerAccounts.pickRef(ctx, random, (account) => account.name)
    lines.push({ ...(accountRef ? { accountRef } : {}), description: random.pick(words.SERVICE_DESCRIPTIONS), netAmount: toMoney(cents) })
  }
  // Journals balance: one credit line takes what the debit lines add up to.
  const creditRef = ledgerAccounts.pickRef(ctx, random, (account) => account.name)
  lines.push({ ...(creditRef ? { accountRef: creditRef } : {}), description: 'Balancing entry', netAmount: -toMoney(debitCents) })
  return {
    id,
    journalNumber: `MJ-${String(index + 1).padStart(5, '0')}`,
    description: random.pick(['Month-end accrual', 'Depreciation', 'Payroll journal', 'Reclassification', 'Opening balances']),
    postedOn: isoDateTime(startOfDay(modifiedAt)),
    journalLines: lines,
    modifiedDate: isoDateTime(modifiedAt),
  }
})
