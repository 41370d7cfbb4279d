/**
 * @module The accounting family's bank activity: each bank account's lines (bank transactions, with the running
 * balance that ends at the account's balance), the account transactions that bank the payments received, and
 * transfers between the business's own bank ledger accounts.
 */
import { isoDateTime } from '../date-formats.js'
import { hashText, unitFrom } from '../deterministic-random.js'
import { baseCurrencyOf, ListDataset, type Currency, type GenerationContext, type Ref } from '../generated-data.js'
import { accountingBankAccounts, accountingPayments } from './accounting-data.js'
import { pickLedgerAccountRef, pickTrackingCategoryRef } from './accounting-reference-data.js'
import { startOfDay, toMoney } from './record-parts.js'
import * as words from './word-lists.js'

// --- bankTransactions ----------------------------------------------------------------------------------------

export type BankTransactionKind = 'Credit' | 'Debit' | 'Int' | 'Fee' | 'Dep' | 'Pos' | 'DirectDebit' | 'Xfer'

export interface SandboxBankTransaction {
  id: string
  /** The accounting bank account (the `bankAccounts` dataset) the line is on. */
  accountId?: string
  clearedOnDate: string
  description: string
  reconciled: boolean
  /** Positive into the account, negative out of it. */
  amount: number
  /** The account's balance after this line. */
  balance: number
  kind: BankTransactionKind
  modifiedDate: string
}

const BALANCE_KEY = hashText('accounting.bankTransactions.balance')
/** How far a balance wanders from the account's final balance, in cents either way. */
const BALANCE_SPREAD_CENTS = 1_000_000

/**
 * Line i is the k-th of account i mod n (n accounts), so an account's lines are in index order, which is date
 * order. Its balance is a pure function of (account, k), the last line's being the account's own balance, and its
 * amount is this balance less the previous one: balances chain exactly without reading any other line.
 * k = -1 is the opening balance, before the account's first line.
 */
function balanceCentsAfter(ctx: GenerationContext, finalCents: number, account: number, k: number, lineCount: number): number {
  if (k === lineCount - 1) return finalCents
  return finalCents + Math.round((unitFrom(ctx.seed, BALANCE_KEY, account, k + 1) - 0.5) * 2 * BALANCE_SPREAD_CENTS)
}

export const accountingBankTransactions: ListDataset<SandboxBankTransaction> = new ListDataset('accounting', 'bankTransactions', 200, ({ index, id, modifiedAt, random }, ctx): SandboxBankTransaction => {
  const bankAccounts = accountingBankAccounts.size(ctx)
  // Without bank accounts the lines belong to none (the reference's accountId is optional); they still chain as one.
  const accounts = Math.max(bankAccounts, 1)
  const account = index % accounts
  const k = Math.floor(index / accounts)
  const size = ctx.sizeOf('bankTransactions')
  const lineCount = Math.floor(size / accounts) + (account < size % accounts ? 1 : 0)
  const finalCents = bankAccounts === 0 ? 0 : Math.round(accountingBankAccounts.generate(ctx, account).balance * 100)
  const balanceCents = balanceCentsAfter(ctx, finalCents, account, k, lineCount)
  const amountCents = balanceCents - balanceCentsAfter(ctx, finalCents, account, k - 1, lineCount)
  const merchant = random.pick(words.MERCHANTS)
  const kind: BankTransactionKind = amountCents >= 0 ? random.pick(['Credit', 'Dep', 'Int', 'Xfer'] as const) : random.pick(['Debit', 'Pos', 'Fee', 'DirectDebit', 'Xfer'] as const)
  return {
    id,
    ...(bankAccounts === 0 ? {} : { accountId: accountingBankAccounts.idOf(ctx, account) }),
    clearedOnDate: isoDateTime(startOfDay(modifiedAt)),
    description: amountCents >= 0 ? (merchant.category === 'Income' ? merchant.name : 'Deposit') : merchant.name,
    reconciled: random.isChance(0.8),
    amount: toMoney(amountCents),
    balance: toMoney(balanceCents),
    kind,
    modifiedDate: isoDateTime(modifiedAt),
  }
})

// --- accountTransactions -------------------------------------------------------------------------------------

export interface SandboxAccountTransaction {
  id: string
  transactionId: string
  bankAccountRef?: Ref
  date: string
  status: 'Unreconciled' | 'Reconciled' | 'Void'
  currency: Currency
  /** The payment banked, then sometimes the bank's fee on it (negative). They add up to `totalAmount`. */
  lines: { description: string; amount: number; paymentRef?: Ref }[]
  totalAmount: number
  note?: string
  modifiedDate: string
}

/**
 * A bank account of `currency`, looked for from a random one on (each is generated to read its currency: bounded,
 * so a grant with millions of accounts costs the same); undefined when none within reach has it.
 */
function bankAccountIn(ctx: GenerationContext, currency: Currency, start: number): Ref | undefined {
  const accounts = accountingBankAccounts.size(ctx)
  for (let step = 0; step < Math.min(accounts, 50); step++) {
    const index = (start + step) % accounts
    const account = accountingBankAccounts.generate(ctx, index)
    if (account.currency === currency) return accountingBankAccounts.refTo(ctx, index, (found) => found.accountName)
  }
  return undefined
}

/** Account transaction i banks payment i (so no payment is banked twice while there are payments enough). */
export const accountTransactions = new ListDataset<SandboxAccountTransaction>('accounting', 'accountTransactions', 100, ({ index, id, modifiedAt, random }, ctx) => {
  const payments = accountingPayments.size(ctx)
  const payment = payments === 0 ? undefined : accountingPayments.generate(ctx, index % payments)
  const paymentRef = payment ? accountingPayments.refTo(ctx, index % payments, (found) => found.id) : undefined
  const currency = payment?.currency ?? baseCurrencyOf(ctx)
  const paidCents = payment ? Math.round(payment.amount * 100) : random.integer(1_000, 500_000)
  const lines: SandboxAccountTransaction['lines'] = [{ description: 'Payment received', amount: toMoney(paidCents), ...(paymentRef ? { paymentRef } : {}) }]
  let totalCents = paidCents
  if (random.isChance(0.25)) {
    const feeCents = -Math.max(1, Math.round(paidCents * 0.015))
    lines.push({ description: 'Bank fee', amount: toMoney(feeCents) })
    totalCents += feeCents
  }
  const accounts = accountingBankAccounts.size(ctx)
  const bankAccountRef = accounts === 0 ? undefined : bankAccountIn(ctx, currency, random.integer(0, accounts - 1))
  // Banked on the day the payment was made or later, never before.
  const paidAt = payment ? Date.parse(payment.date) : startOfDay(modifiedAt)
  const roll = random.unit()
  return {
    id,
    transactionId: `TX-${String(index + 1).padStart(6, '0')}`,
    ...(bankAccountRef ? { bankAccountRef } : {}),
    date: isoDateTime(Math.max(paidAt, startOfDay(modifiedAt))),
    status: roll < 0.7 ? 'Reconciled' : roll < 0.97 ? 'Unreconciled' : 'Void',
    currency,
    lines,
    totalAmount: toMoney(totalCents),
    ...(random.isChance(0.3) ? { note: 'Banked by the sandbox' } : {}),
    modifiedDate: isoDateTime(modifiedAt),
  }
})

// --- transfers -----------------------------------------------------------------------------------------------

export interface SandboxTransfer {
  id: string
  description: string
  date: string
  /** Both sides are bank ledger accounts in the business's own currency; the same amount leaves one and reaches the other. */
  fromAccountRef?: Ref
  toAccountRef?: Ref
  amount: number
  currency: Currency
  trackingCategoryRef?: Ref
  modifiedDate: string
}

export const transfers = new ListDataset<SandboxTransfer>('accounting', 'transfers', 40, ({ id, modifiedAt, random }, ctx) => {
  const fromAccountRef = pickLedgerAccountRef(ctx, random, (account) => account.isBank === true)
  const toAccountRef = pickLedgerAccountRef(ctx, random, (account) => account.isBank === true && account.name !== fromAccountRef?.name)
  const trackingCategoryRef = random.isChance(0.4) ? pickTrackingCategoryRef(ctx, random) : undefined
  return {
    id,
    description: toAccountRef ? `Transfer to ${toAccountRef.name}` : 'Transfer',
    date: isoDateTime(startOfDay(modifiedAt)),
    ...(fromAccountRef ? { fromAccountRef } : {}),
    ...(toAccountRef ? { toAccountRef } : {}),
    amount: toMoney(random.integer(100, 5_000) * 100),
    currency: baseCurrencyOf(ctx),
    ...(trackingCategoryRef ? { trackingCategoryRef } : {}),
    modifiedDate: isoDateTime(modifiedAt),
  }
})
