/**
 * @module Xero's bank accounts (GET /Accounts, Type BANK) read into the unified BankAccount. They are accounts of
 * the chart like any other, so each has the same id as in chartOfAccounts; Xero keeps no balance on them (its
 * reports do), so balance is left out.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroList, xeroHeaders } from './xero-api.js'

type BankAccount = DataRecordOf<'bankAccounts'>

/** A card's balance is what is owed on it; Xero's other bank accounts (BANK, PAYPAL) hold money. */
const ACCOUNT_TYPE_OF: Readonly<Record<string, NonNullable<BankAccount['accountType']>>> = { BANK: 'Debit', PAYPAL: 'Debit', CREDITCARD: 'Credit' }

export const xeroBankAccounts: DataSource<'bankAccounts'> = {
  dataType: 'bankAccounts',
  isIncremental: true,
  request: (context) => ({ url: `${context.baseUrl}/Accounts?${new URLSearchParams({ where: 'Type=="BANK"' })}`, headers: xeroHeaders(context) }),
  read(response) {
    const { items } = readXeroList(response.body, 'Accounts')
    const records: Array<SourceRecord<'bankAccounts'>> = []
    for (let index = 0; index < items.length; index++) {
      const raw = items[index]
      if (!isObject(raw)) throw new DataSourceError(`Xero's Accounts[${index}] is not an object.`)
      // The filter already keeps the rest of the chart out; this holds if a Xero ignores it.
      if (raw['Type'] !== 'BANK') continue
      records.push(readXeroBankAccount(raw, index))
    }
    return { records, next: undefined }
  },
}

function readXeroBankAccount(raw: Record<string, unknown>, index: number): SourceRecord<'bankAccounts'> {
  const id = textOf(raw['AccountID'])
  if (id === undefined) throw new DataSourceError(`Xero's Accounts[${index}] has no AccountID.`)
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])
  const account: BankAccount = { id, accountType: ACCOUNT_TYPE_OF[raw['BankAccountType'] as string] ?? 'Unknown' }
  const name = textOf(raw['Name'])
  if (name !== undefined) account.accountName = name
  const code = textOf(raw['Code'])
  if (code !== undefined) account.nominalCode = code
  const number = textOf(raw['BankAccountNumber'])
  if (number !== undefined) account.accountNumber = number
  const currency = textOf(raw['CurrencyCode'])
  if (currency !== undefined) account.currency = currency
  if (raw['Status'] === 'DELETED') account.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) account.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: account }
}
