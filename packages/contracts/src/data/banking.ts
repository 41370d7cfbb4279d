/**
 * @module The banking records of the unified data model (banking-accounts, banking-accountBalances,
 * banking-transactions, banking-transactionCategories), named as the reference spec names them; ids prefixed `Banking` so they do not
 * clash with the accounting `BankAccount` in the OpenAPI document.
 */
import { z } from 'zod'
import { DateTimeString } from './accounting.js'

export const BalanceAmounts = z.object({
  available: z.number().optional(),
  current: z.number().optional(),
  limit: z.number().optional(),
})

export const BANKING_ACCOUNT_TYPES = ['Unknown', 'Credit', 'Debit'] as const
export const ACCOUNT_IDENTIFIER_TYPES = ['Account', 'Card', 'Credit', 'Depository', 'Investment', 'Loan', 'Other'] as const

export const BankingAccount = z
  .object({
    id: z.string(),
    name: z.string(),
    informalName: z.string().optional(),
    holder: z.string().optional(),
    type: z.enum(BANKING_ACCOUNT_TYPES),
    balance: BalanceAmounts,
    identifiers: z.object({
      type: z.enum(ACCOUNT_IDENTIFIER_TYPES),
      subtype: z.string().optional(),
      number: z.string().optional(),
      bankCode: z.string().optional(),
      iban: z.string().optional(),
      bic: z.string().optional(),
      maskedAccountNumber: z.string().optional(),
    }),
    currency: z.string(),
    institution: z.object({ id: z.string().optional(), name: z.string().optional() }),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'BankingAccount' })
export type BankingAccount = z.infer<typeof BankingAccount>

export const BankingAccountBalance = z
  .object({
    accountId: z.string(),
    balance: BalanceAmounts,
    date: DateTimeString,
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'BankingAccountBalance' })
export type BankingAccountBalance = z.infer<typeof BankingAccountBalance>

export const BANKING_TRANSACTION_CODES = [
  'Unknown',
  'Fee',
  'Payment',
  'Cash',
  'Transfer',
  'Interest',
  'Cashback',
  'Cheque',
  'DirectDebit',
  'Purchase',
  'StandingOrder',
  'Adjustment',
  'Credit',
  'Other',
  'NotSupported',
] as const

export const BankingTransaction = z
  .object({
    id: z.string(),
    accountId: z.string(),
    description: z.string().optional(),
    amount: z.number().optional().meta({ description: 'Positive money in, negative money out.' }),
    currency: z.string(),
    postedDate: DateTimeString.optional(),
    authorizedDate: DateTimeString.optional(),
    code: z.enum(BANKING_TRANSACTION_CODES).optional(),
    merchantName: z.string().optional(),
    transactionCategoryRef: z.object({ id: z.string(), name: z.string().optional() }).optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'BankingTransaction' })
export type BankingTransaction = z.infer<typeof BankingTransaction>

export const TRANSACTION_CATEGORY_STATUSES = ['Unknown', 'Active', 'Archived'] as const

/** One node of the bank's category tree; a transaction points at it with `transactionCategoryRef`. */
export const BankingTransactionCategory = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    parentId: z.string().nullable().optional(),
    hasChildren: z.boolean().optional(),
    status: z.enum(TRANSACTION_CATEGORY_STATUSES).optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'BankingTransactionCategory' })
export type BankingTransactionCategory = z.infer<typeof BankingTransactionCategory>
