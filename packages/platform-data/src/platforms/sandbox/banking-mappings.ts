/**
 * @module The banking sandbox's records (bsbx) in the unified model. As for accounting, `modifiedDate` and
 * `sourceModifiedDate` are both the platform's change time, so a mapping stays pure.
 */
import type { BankingAccount, BankingAccountBalance, BankingTransaction, BankingTransactionCategory } from '@linkway/contracts'
import type { SandboxBalance, SandboxBankingAccount, SandboxBankTransaction, SandboxTransactionCategory } from './sandbox-records.js'
import { toSpecDateTime } from './spec-date-time.js'

/** How each sandbox account kind reads in the reference: a card is a credit account, the rest debit (depository) ones. */
const ACCOUNT_KIND: Readonly<
  Record<SandboxBankingAccount['type'], { type: BankingAccount['type']; identifierType: BankingAccount['identifiers']['type']; subtype: string }>
> = {
  Current: { type: 'Debit', identifierType: 'Depository', subtype: 'checking' },
  Savings: { type: 'Debit', identifierType: 'Depository', subtype: 'savings' },
  CreditCard: { type: 'Credit', identifierType: 'Card', subtype: 'credit card' },
}

export function mapBankingAccount(account: SandboxBankingAccount): BankingAccount {
  const modified = toSpecDateTime(account.modifiedDate)
  const kind = ACCOUNT_KIND[account.type]
  return {
    id: account.id,
    name: account.name,
    type: kind.type,
    balance: { current: account.currentBalance, available: account.availableBalance },
    // The sandbox only ever shows the last four digits (`****1234`): a masked number, not the number.
    identifiers: { type: kind.identifierType, subtype: kind.subtype, bankCode: account.sortCode, maskedAccountNumber: account.accountNumber },
    currency: account.currency,
    institution: { id: account.institution.id, name: account.institution.name },
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

// A balance or a transaction lacks accountRef only when the sandbox was set to have no accounts; the reference
// requires accountId, so it is then empty rather than made up.

export function mapBankingAccountBalance(balance: SandboxBalance): BankingAccountBalance {
  const modified = toSpecDateTime(balance.modifiedDate)
  return {
    accountId: balance.accountRef?.id ?? '',
    balance: { current: balance.current, available: balance.available },
    date: toSpecDateTime(balance.date),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapBankingTransaction(transaction: SandboxBankTransaction): BankingTransaction {
  const modified = toSpecDateTime(transaction.modifiedDate)
  const booked = toSpecDateTime(transaction.bookingDate)
  return {
    id: transaction.id,
    accountId: transaction.accountRef?.id ?? '',
    description: transaction.description,
    amount: transaction.amount,
    currency: transaction.currency,
    // A pending transaction is authorized but not yet posted: the reference leaves its postedDate out.
    ...(transaction.status === 'Booked' ? { postedDate: booked } : {}),
    authorizedDate: booked,
    merchantName: transaction.merchantName,
    ...(transaction.categoryRef ? { transactionCategoryRef: { id: transaction.categoryRef.id, name: transaction.categoryRef.name } } : {}),
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}

export function mapBankingTransactionCategory(category: SandboxTransactionCategory): BankingTransactionCategory {
  const modified = toSpecDateTime(category.modifiedDate)
  return {
    id: category.id,
    name: category.name,
    ...(category.parentRef ? { parentId: category.parentRef.id } : {}),
    hasChildren: category.hasChildren,
    status: category.status,
    modifiedDate: modified,
    sourceModifiedDate: modified,
  }
}
