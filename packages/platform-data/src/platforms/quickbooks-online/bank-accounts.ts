/**
 * @module QuickBooks Online's bank and credit card accounts (query `FROM Account WHERE AccountType IN ('Bank',
 * 'Credit Card')`) read into the unified BankAccount. In QuickBooks a bank account is an account of the chart, so
 * its id is the account's: the same id its chartOfAccounts record and the journal's lines carry.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { numberOf, textOf } from '../../json-fields.js'
import { modifiedOf, quickbooksQuerySource, refId } from './quickbooks-api.js'

type BankAccount = DataRecordOf<'bankAccounts'>

export const quickbooksBankAccounts = quickbooksQuerySource(
  'bankAccounts',
  { entity: 'Account', conditions: ["AccountType IN ('Bank', 'Credit Card')", 'Active IN (true, false)'] },
  (raw, id) => {
    const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
    // A card's balance is what is owed on it, as the reference's Credit accounts are.
    const account: BankAccount = { id, accountType: raw['AccountType'] === 'Credit Card' ? 'Credit' : 'Debit' }
    const name = textOf(raw['Name'])
    if (name !== undefined) account.accountName = name
    const number = textOf(raw['AcctNum'])
    if (number !== undefined) account.nominalCode = number
    const currency = refId(raw['CurrencyRef'])
    if (currency !== undefined) account.currency = currency
    const balance = numberOf(raw['CurrentBalance'])
    if (balance !== undefined) account.balance = balance
    if (sourceModifiedDate !== undefined) account.sourceModifiedDate = sourceModifiedDate
    return { id, modifiedAt, data: account }
  },
)
