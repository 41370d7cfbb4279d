/** @module The banking family's datasets: accounts, balance snapshots, transactions and the categories they fall in. */
import { DAY_MS, isoDateTime } from '../date-formats.js'
import { baseCurrencyOf, ListDataset, makeRef, type Currency, type GenerationContext, type Ref } from '../generated-data.js'
import { pickCurrency, slugOf, startOfDay, toMoney } from './record-parts.js'
import * as words from './word-lists.js'

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
  /** The category of transactionCategories named `category`; absent when the dataset was cut short of it. */
  categoryRef?: Ref
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
    ...categoryRefOf(ctx, merchant.category),
    amount: merchant.category === 'Income' ? toMoney(cents * 4) : -toMoney(cents),
    currency: accountRef ? bankingAccounts.generate(ctx, accountRef.index).currency : baseCurrencyOf(ctx),
    bookingDate: isoDateTime(bookedAt),
    valueDate: isoDateTime(bookedAt + random.integer(0, 2) * DAY_MS),
    status: random.isChance(0.05) ? 'Pending' : 'Booked',
    modifiedDate: isoDateTime(modifiedAt),
  }
})

export interface TransactionCategory {
  id: string
  name: string
  /** Absent on a root of the tree. */
  parentRef?: Ref
  hasChildren: boolean
  status: 'Active' | 'Archived'
  modifiedDate: string
}

/** Where a category sits in the tree: the word list's node, or past its end an archived "Other expenses n" under Expenses. */
function categoryNodeAt(index: number): { name: string; parentIndex: number | undefined; isArchived: boolean } {
  const listed = words.TRANSACTION_CATEGORIES[index]
  if (listed === undefined) return { name: `Other expenses ${index - words.TRANSACTION_CATEGORIES.length + 1}`, parentIndex: EXPENSES_INDEX, isArchived: true }
  const parentIndex = listed.parent === undefined ? undefined : words.TRANSACTION_CATEGORIES.findIndex((category) => category.name === listed.parent)
  return { name: listed.name, parentIndex, isArchived: false }
}
const EXPENSES_INDEX = words.TRANSACTION_CATEGORIES.findIndex((category) => category.name === 'Expenses')

export const transactionCategories: ListDataset<TransactionCategory> = new ListDataset<TransactionCategory>('banking', 'transactionCategories', words.TRANSACTION_CATEGORIES.length, ({ index, id, modifiedAt }, ctx) => {
  const size = transactionCategories.size(ctx)
  const node = categoryNodeAt(index)
  // Every child sits after its parent, and past the word list every node is a child of Expenses.
  let hasChildren = index === EXPENSES_INDEX && size > words.TRANSACTION_CATEGORIES.length
  for (let child = index + 1; !hasChildren && child < Math.min(size, words.TRANSACTION_CATEGORIES.length); child++) hasChildren = categoryNodeAt(child).parentIndex === index
  const parentRef = node.parentIndex === undefined || node.parentIndex >= size ? undefined : makeRef(node.parentIndex, transactionCategories.idOf(ctx, node.parentIndex), categoryNodeAt(node.parentIndex).name)
  return {
    id,
    name: node.name,
    ...(parentRef ? { parentRef } : {}),
    hasChildren,
    status: node.isArchived ? 'Archived' : 'Active',
    modifiedDate: isoDateTime(modifiedAt),
  }
})

/** A transaction's category as a reference into transactionCategories, when the dataset holds it. */
function categoryRefOf(ctx: GenerationContext, name: string): { categoryRef?: Ref } {
  const index = words.TRANSACTION_CATEGORIES.findIndex((category) => category.name === name)
  if (index < 0 || index >= transactionCategories.size(ctx)) return {}
  return { categoryRef: makeRef(index, transactionCategories.idOf(ctx, index), name) }
}
