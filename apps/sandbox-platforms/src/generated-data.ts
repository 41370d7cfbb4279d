/**
 * @module The data behind every platform's API, generated on demand. Record i of a dataset is a
 * pure function of (the grant's seed, i): a page is computed from its indices alone, so a
 * 100k-record dataset costs no memory and the same page always reads the same. Records here are
 * the generic model; each API presents them in its own wire shape.
 */
import { DAY_MS, isoDateTime } from './date-formats.js'
import { hashText, mixInts, recordRandom, unitFrom, uuidFrom, type RecordRandom } from './deterministic-random.js'
import * as words from './word-lists.js'

export type Currency = 'GBP' | 'USD' | 'EUR'
export const CURRENCIES: readonly Currency[] = ['GBP', 'USD', 'EUR']

/** The families of generated data; each platform serves one. */
export type DataFamily = 'accounting' | 'banking' | 'commerce'

export interface GenerationContext {
  /** One per grant (and per Xero organisation), so two links see two different businesses. */
  seed: number
  /**
   * Milliseconds. Every generated date falls in the two years before it. It is the grant's
   * creation time rather than the clock's now, so the data stays put while time passes.
   */
  anchor: number
  /** The business's own currency; drawn from the seed when not given. */
  baseCurrency?: Currency
  /** How many records a dataset of the same family has (for references between datasets). */
  sizeOf(dataset: string): number
}

/**
 * A reference from one record to another. `index` is kept off the wire (it is not enumerable, so
 * JSON leaves it out); emulations use it to build their own numeric ids for the referenced record.
 */
export interface Ref {
  readonly index: number
  id: string
  name: string
}

function makeRef(index: number, id: string, name: string): Ref {
  const ref = { id, name }
  Object.defineProperty(ref, 'index', { value: index, enumerable: false })
  return ref as Ref
}

export interface Address {
  line1: string
  city: string
  postalCode: string
  country: string
}

/** How far back generated history goes before the anchor. */
const HISTORY_MS = 730 * DAY_MS
/** The most records a dataset may be set to: one per 6 seconds of history, so dates still rise with the index. */
export const MAX_DATASET_SIZE = 10_000_000
const SALT_MODIFIED = 0x6d6f64
const SALT_CURRENCY = 0x637572

/** What a record's builder gets: its index and id, its modified time and its own random stream. */
interface RecordSeed {
  index: number
  id: string
  modifiedAt: number
  random: RecordRandom
}

/** A dataset of many records, any of which can be computed alone. */
export class ListDataset<T> {
  readonly kind = 'list'
  private readonly key: number

  constructor(
    readonly family: DataFamily,
    readonly name: string,
    readonly defaultSize: number,
    private readonly build: (record: RecordSeed, ctx: GenerationContext) => T,
  ) {
    this.key = hashText(`${family}.${name}`)
  }

  size(ctx: GenerationContext): number {
    return ctx.sizeOf(this.name)
  }

  idOf(ctx: GenerationContext, index: number): string {
    return uuidFrom(ctx.seed, this.key, index)
  }

  /**
   * Record i's modified time: somewhere in the i-th equal slice of the history, so it rises with
   * the index. That ordering is what lets `modifiedSince` be answered by a binary search.
   */
  modifiedAt(ctx: GenerationContext, index: number): number {
    const slot = HISTORY_MS / Math.max(this.size(ctx), 1)
    const at = ctx.anchor - HISTORY_MS + (index + unitFrom(ctx.seed, this.key, index, SALT_MODIFIED)) * slot
    return Math.floor(at / 1000) * 1000
  }

  generate(ctx: GenerationContext, index: number): T {
    return this.build(
      { index, id: this.idOf(ctx, index), modifiedAt: this.modifiedAt(ctx, index), random: recordRandom(ctx.seed, this.key, index) },
      ctx,
    )
  }

  /** The first index modified at or after `since` (the size when none is), in O(log n). */
  firstModifiedSince(ctx: GenerationContext, since: number): number {
    let low = 0
    let high = this.size(ctx)
    while (low < high) {
      const middle = Math.floor((low + high) / 2)
      if (this.modifiedAt(ctx, middle) < since) low = middle + 1
      else high = middle
    }
    return low
  }

  /** A reference to a random record of this dataset, or undefined when it is empty. */
  pickRef(ctx: GenerationContext, random: RecordRandom, nameOf: (record: T) => string): Ref | undefined {
    const size = this.size(ctx)
    if (size === 0) return undefined
    const index = random.integer(0, size - 1)
    return makeRef(index, this.idOf(ctx, index), nameOf(this.generate(ctx, index)))
  }

  refTo(ctx: GenerationContext, index: number, nameOf: (record: T) => string): Ref {
    return makeRef(index, this.idOf(ctx, index), nameOf(this.generate(ctx, index)))
  }
}

/** A dataset of one record (the company). */
export class SingleDataset<T> {
  readonly kind = 'single'
  constructor(
    readonly family: DataFamily,
    readonly name: string,
    private readonly build: (ctx: GenerationContext, random: RecordRandom) => T,
  ) {}

  generate(ctx: GenerationContext): T {
    return this.build(ctx, recordRandom(ctx.seed, hashText(`${this.family}.${this.name}`)))
  }
}

export type Dataset = ListDataset<unknown> | SingleDataset<unknown>

export interface RangeOf<T> {
  items: T[]
  /** Records in the (filtered) dataset. */
  totalItems: number
  /** Index just past the last item: where the next range starts. */
  end: number
  hasMore: boolean
}

/**
 * `count` records from `start`, counted within those modified since `modifiedSince` when given.
 * Only the records returned are generated.
 */
export function selectRange<T>(dataset: ListDataset<T>, ctx: GenerationContext, range: { start: number; count: number; modifiedSince?: number | undefined }): RangeOf<T> {
  const size = dataset.size(ctx)
  const first = range.modifiedSince === undefined ? 0 : dataset.firstModifiedSince(ctx, range.modifiedSince)
  const from = Math.min(size, first + range.start)
  const end = Math.min(size, from + range.count)
  const items: T[] = []
  for (let index = from; index < end; index++) items.push(dataset.generate(ctx, index))
  return { items, totalItems: size - first, end, hasMore: end < size }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

function toMoney(cents: number): number {
  return Math.round(cents) / 100
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS
}

export function baseCurrencyOf(ctx: GenerationContext): Currency {
  return ctx.baseCurrency ?? CURRENCIES[mixInts(ctx.seed, SALT_CURRENCY) % CURRENCIES.length] ?? 'GBP'
}

/** Mostly the business's own currency, sometimes another. */
function pickCurrency(ctx: GenerationContext, random: RecordRandom): Currency {
  return random.isChance(0.8) ? baseCurrencyOf(ctx) : random.pick(CURRENCIES)
}

const TAX_RATES: Record<Currency, readonly number[]> = { GBP: [0.2, 0.2, 0.05, 0], EUR: [0.19, 0.19, 0.07, 0], USD: [0, 0.0825] }

function pickCompanyName(random: RecordRandom): string {
  return `${random.pick(words.COMPANY_WORDS)} ${random.pick(words.COMPANY_KINDS)}`
}

function slugOf(name: string): string {
  return name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

function pickAddress(random: RecordRandom): Address {
  const place = random.pick(words.CITIES)
  return { line1: `${random.integer(1, 240)} ${random.pick(words.STREETS)}`, city: place.city, postalCode: place.postalCode, country: place.country }
}

function pickPhone(random: RecordRandom): string {
  // 020 7946 0xxx is the UK range set aside for drama: it reaches no one.
  return `+44 20 7946 0${String(random.integer(0, 999)).padStart(3, '0')}`
}

// ---------------------------------------------------------------------------------------------
// Accounting

export interface Company {
  id: string
  companyName: string
  legalName: string
  registrationNumber: string
  baseCurrency: Currency
  address: Address
  phone: string
  websiteUrl: string
  createdDate: string
  modifiedDate: string
}

function buildCompany(family: DataFamily) {
  return (ctx: GenerationContext, random: RecordRandom): Company => {
    const companyName = pickCompanyName(random)
    const form = random.pick(words.COMPANY_FORMS)
    return {
      id: uuidFrom(ctx.seed, hashText(`${family}.company.id`)),
      companyName,
      legalName: form === '' ? companyName : `${companyName} ${form}`,
      registrationNumber: String(random.integer(1_000_000, 15_999_999)).padStart(8, '0'),
      baseCurrency: baseCurrencyOf(ctx),
      address: pickAddress(random),
      phone: pickPhone(random),
      websiteUrl: `https://${slugOf(companyName)}.example`,
      createdDate: isoDateTime(startOfDay(ctx.anchor - HISTORY_MS - random.integer(30, 900) * DAY_MS)),
      modifiedDate: isoDateTime(startOfDay(ctx.anchor - random.integer(1, 60) * DAY_MS)),
    }
  }
}

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
    lineItems.push({
      description: random.pick(words.SERVICE_DESCRIPTIONS),
      quantity,
      unitAmount: toMoney(unitCents),
      subTotal: toMoney(lineSub),
      taxRate,
      taxAmount: toMoney(lineTax),
      totalAmount: toMoney(lineSub + lineTax),
      ...(accountRef ? { accountRef } : {}),
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

export const invoices = new ListDataset<Invoice>('accounting', 'invoices', 120, ({ index, id, modifiedAt, random }, ctx) => {
  const customerRef = customers.pickRef(ctx, random, (customer) => customer.name)
  const currency = customerRef ? customers.generate(ctx, customerRef.index).defaultCurrency : baseCurrencyOf(ctx)
  const issuedAt = startOfDay(modifiedAt - random.integer(0, 20) * DAY_MS)
  const totals = pickLineItems(ctx, random, currency)
  const status = pickDocumentStatus(random)
  return {
    id,
    invoiceNumber: `INV-${String(index + 1).padStart(5, '0')}`,
    ...(customerRef ? { customerRef } : {}),
    issueDate: isoDateTime(issuedAt),
    dueDate: isoDateTime(issuedAt + 30 * DAY_MS),
    currency,
    status,
    ...totals,
    amountDue: amountDueOf(status, totals.totalAmount, random),
    modifiedDate: isoDateTime(modifiedAt),
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
  const issuedAt = startOfDay(modifiedAt - random.integer(0, 20) * DAY_MS)
  const totals = pickLineItems(ctx, random, currency)
  const status = pickDocumentStatus(random)
  return {
    id,
    reference: `BILL-${String(index + 1).padStart(5, '0')}`,
    ...(supplierRef ? { supplierRef } : {}),
    issueDate: isoDateTime(issuedAt),
    dueDate: isoDateTime(issuedAt + 30 * DAY_MS),
    currency,
    status,
    ...totals,
    amountDue: amountDueOf(status, totals.totalAmount, random),
    modifiedDate: isoDateTime(modifiedAt),
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

// ---------------------------------------------------------------------------------------------
// Banking

export interface BankingAccount {
  id: string
  name: string
  type: 'Current' | 'Savings' | 'CreditCard'
  institution: { id: string; name: string }
  accountNumber: string
  sortCode: string
  currency: Currency
  status: 'Active' | 'Closed'
  currentBalance: number
  availableBalance: number
  modifiedDate: string
}

export const bankingAccounts = new ListDataset<BankingAccount>('banking', 'accounts', 25, ({ index, id, modifiedAt, random }, ctx) => {
  const type = random.pick(['Current', 'Current', 'Savings', 'CreditCard'] as const)
  const institution = random.pick(words.BANK_NAMES)
  const balanceCents = type === 'CreditCard' ? -random.integer(0, 800_000) : random.integer(0, 25_000_000)
  return {
    id,
    name: `${type === 'CreditCard' ? 'Corporate Card' : type === 'Savings' ? 'Business Savings' : 'Business Current Account'} ${index + 1}`,
    type,
    institution: { id: slugOf(institution), name: institution },
    accountNumber: `****${String(random.integer(0, 9999)).padStart(4, '0')}`,
    sortCode: `${random.integer(10, 99)}-${random.integer(10, 99)}-${random.integer(10, 99)}`,
    currency: pickCurrency(ctx, random),
    status: random.isChance(0.95) ? 'Active' : 'Closed',
    currentBalance: toMoney(balanceCents),
    availableBalance: toMoney(balanceCents - random.integer(0, 50_000)),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface Balance {
  id: string
  accountRef?: Ref
  date: string
  current: number
  available: number
  currency: Currency
  modifiedDate: string
}

export const balances = new ListDataset<Balance>('banking', 'balances', 60, ({ index, id, modifiedAt, random }, ctx) => {
  // Balances cycle through the accounts: snapshot i is of account i mod (number of accounts).
  const accountCount = bankingAccounts.size(ctx)
  const accountRef = accountCount === 0 ? undefined : bankingAccounts.refTo(ctx, index % accountCount, (account) => account.name)
  const currentCents = random.integer(-100_000, 25_000_000)
  return {
    id,
    ...(accountRef ? { accountRef } : {}),
    date: isoDateTime(startOfDay(modifiedAt)),
    current: toMoney(currentCents),
    available: toMoney(currentCents - random.integer(0, 50_000)),
    currency: accountRef ? bankingAccounts.generate(ctx, accountRef.index).currency : baseCurrencyOf(ctx),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface BankTransaction {
  id: string
  accountRef?: Ref
  description: string
  merchantName: string
  category: string
  amount: number
  currency: Currency
  bookingDate: string
  valueDate: string
  status: 'Booked' | 'Pending'
  modifiedDate: string
}

export const bankTransactions = new ListDataset<BankTransaction>('banking', 'transactions', 120, ({ id, modifiedAt, random }, ctx) => {
  const accountRef = bankingAccounts.pickRef(ctx, random, (account) => account.name)
  const merchant = random.pick(words.MERCHANTS)
  const cents = random.integer(100, 250_000)
  const bookedAt = startOfDay(modifiedAt)
  return {
    id,
    ...(accountRef ? { accountRef } : {}),
    description: `${merchant.name.toUpperCase()} ${random.integer(1000, 9999)}`,
    merchantName: merchant.name,
    category: merchant.category,
    amount: merchant.category === 'Income' ? toMoney(cents * 4) : -toMoney(cents),
    currency: accountRef ? bankingAccounts.generate(ctx, accountRef.index).currency : baseCurrencyOf(ctx),
    bookingDate: isoDateTime(bookedAt),
    valueDate: isoDateTime(bookedAt + random.integer(0, 2) * DAY_MS),
    status: random.isChance(0.05) ? 'Pending' : 'Booked',
    modifiedDate: isoDateTime(modifiedAt),
  }
})

// ---------------------------------------------------------------------------------------------
// Commerce

export interface Shopper {
  id: string
  firstName: string
  lastName: string
  emailAddress: string
  phone: string
  defaultCurrency: Currency
  status: 'Active' | 'Disabled'
  address: Address
  createdDate: string
  modifiedDate: string
}

export const shoppers = new ListDataset<Shopper>('commerce', 'customers', 60, ({ index, id, modifiedAt, random }, ctx) => {
  const firstName = random.pick(words.FIRST_NAMES)
  const lastName = random.pick(words.LAST_NAMES)
  return {
    id,
    firstName,
    lastName,
    emailAddress: `${slugOf(firstName)}.${slugOf(lastName)}${index + 1}@mail.example`,
    phone: pickPhone(random),
    defaultCurrency: baseCurrencyOf(ctx),
    status: random.isChance(0.97) ? 'Active' : 'Disabled',
    address: pickAddress(random),
    createdDate: isoDateTime(modifiedAt - random.integer(0, 90) * DAY_MS),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface Product {
  id: string
  name: string
  sku: string
  category: string
  unitPrice: number
  currency: Currency
  isActive: boolean
  inventoryQuantity: number
  createdDate: string
  modifiedDate: string
}

export const products = new ListDataset<Product>('commerce', 'products', 40, ({ index, id, modifiedAt, random }, ctx) => ({
  id,
  name: `${random.pick(words.PRODUCT_ADJECTIVES)} ${random.pick(words.PRODUCT_NOUNS)}`,
  sku: `SKU-${String(index + 1).padStart(5, '0')}`,
  category: random.pick(words.PRODUCT_CATEGORIES),
  unitPrice: toMoney(random.integer(3, 150) * 100 + random.pick([0, 49, 95, 99])),
  currency: baseCurrencyOf(ctx),
  isActive: random.isChance(0.9),
  inventoryQuantity: random.integer(0, 500),
  createdDate: isoDateTime(modifiedAt - random.integer(0, 180) * DAY_MS),
  modifiedDate: isoDateTime(modifiedAt),
}))

export type OrderStatus = 'Pending' | 'Paid' | 'Fulfilled' | 'Refunded' | 'Cancelled'

export interface OrderLine {
  productRef?: Ref
  quantity: number
  unitPrice: number
  taxAmount: number
  totalAmount: number
}

export interface Order {
  id: string
  orderNumber: string
  customerRef?: Ref
  createdDate: string
  currency: Currency
  status: OrderStatus
  orderLines: OrderLine[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
  modifiedDate: string
}

export const orders = new ListDataset<Order>('commerce', 'orders', 120, ({ index, id, modifiedAt, random }, ctx) => {
  const currency = baseCurrencyOf(ctx)
  const customerRef = shoppers.pickRef(ctx, random, (shopper) => `${shopper.firstName} ${shopper.lastName}`)
  const orderLines: OrderLine[] = []
  let subCents = 0
  let taxCents = 0
  for (let line = random.integer(1, 3); line > 0; line--) {
    const productRef = products.pickRef(ctx, random, (product) => product.name)
    const unitCents = productRef ? Math.round(products.generate(ctx, productRef.index).unitPrice * 100) : random.integer(300, 15_000)
    const quantity = random.integer(1, 4)
    const lineTax = Math.round(quantity * unitCents * (TAX_RATES[currency][0] ?? 0))
    subCents += quantity * unitCents
    taxCents += lineTax
    orderLines.push({ ...(productRef ? { productRef } : {}), quantity, unitPrice: toMoney(unitCents), taxAmount: toMoney(lineTax), totalAmount: toMoney(quantity * unitCents + lineTax) })
  }
  return {
    id,
    orderNumber: String(1001 + index),
    ...(customerRef ? { customerRef } : {}),
    createdDate: isoDateTime(modifiedAt - random.integer(0, 3) * DAY_MS),
    currency,
    status: random.pick(['Paid', 'Paid', 'Fulfilled', 'Fulfilled', 'Fulfilled', 'Pending', 'Refunded', 'Cancelled'] as const),
    orderLines,
    subTotal: toMoney(subCents),
    totalTaxAmount: toMoney(taxCents),
    totalAmount: toMoney(subCents + taxCents),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface CommercePayment {
  id: string
  orderRef?: Ref
  amount: number
  currency: Currency
  paymentMethod: 'Card' | 'PayPal' | 'BankTransfer'
  status: 'Succeeded' | 'Refunded' | 'Failed'
  paidDate: string
  modifiedDate: string
}

export const commercePayments = new ListDataset<CommercePayment>('commerce', 'payments', 100, ({ id, modifiedAt, random }, ctx) => {
  const orderRef = orders.pickRef(ctx, random, (order) => order.orderNumber)
  const order = orderRef ? orders.generate(ctx, orderRef.index) : undefined
  return {
    id,
    ...(orderRef ? { orderRef } : {}),
    amount: order ? order.totalAmount : toMoney(random.integer(300, 50_000)),
    currency: baseCurrencyOf(ctx),
    paymentMethod: random.pick(['Card', 'Card', 'Card', 'PayPal', 'BankTransfer'] as const),
    status: order?.status === 'Refunded' ? 'Refunded' : random.isChance(0.03) ? 'Failed' : 'Succeeded',
    paidDate: isoDateTime(modifiedAt),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

// ---------------------------------------------------------------------------------------------
// The catalogue

export const accountingCompany = new SingleDataset<Company>('accounting', 'company', buildCompany('accounting'))
export const commerceCompany = new SingleDataset<Company>('commerce', 'company', buildCompany('commerce'))

/** Every dataset, by family and name: the names are the ones in the API paths. */
export const DATASETS: Readonly<Record<DataFamily, Readonly<Record<string, Dataset>>>> = {
  accounting: {
    company: accountingCompany,
    accounts: ledgerAccounts,
    customers,
    suppliers,
    invoices,
    bills,
    payments: accountingPayments,
    bankAccounts: accountingBankAccounts,
    journalEntries,
  },
  banking: { accounts: bankingAccounts, balances, transactions: bankTransactions },
  commerce: { company: commerceCompany, customers: shoppers, orders, products, payments: commercePayments },
}

export function findDataset(family: DataFamily, name: string): Dataset | undefined {
  return Object.hasOwn(DATASETS[family], name) ? DATASETS[family][name] : undefined
}

/** The default record count of a family's list dataset, or undefined when it has none of that name. */
export function defaultSizeOf(family: DataFamily, name: string): number | undefined {
  const dataset = findDataset(family, name)
  return dataset?.kind === 'list' ? dataset.defaultSize : undefined
}
