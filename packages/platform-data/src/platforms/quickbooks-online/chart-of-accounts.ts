/**
 * @module QuickBooks Online's chart of accounts (query `FROM Account`) read into the unified Account.
 * Inactive accounts are asked for too: QuickBooks leaves them out by default, and an account made
 * inactive must reach Linkway as Archived rather than linger as Active.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { lastUpdatedOf, readQuickbooksPage, refId, requestQuickbooksPage, type QuickbooksQuery } from './quickbooks-api.js'

type Account = DataRecordOf<'chartOfAccounts'>

const ACCOUNT_QUERY: QuickbooksQuery = { entity: 'Account', conditions: ['Active IN (true, false)'] }

/** QuickBooks' Classification, which is what the unified type is. */
const TYPE_OF_CLASSIFICATION: Readonly<Record<string, NonNullable<Account['type']>>> = {
  Asset: 'Asset',
  Liability: 'Liability',
  Equity: 'Equity',
  Revenue: 'Income',
  Expense: 'Expense',
}

export const quickbooksChartOfAccounts: DataSource<'chartOfAccounts'> = {
  dataType: 'chartOfAccounts',
  isIncremental: true,
  request: (context, cursor) => requestQuickbooksPage(context, ACCOUNT_QUERY, cursor),
  read(response, context, cursor) {
    const { rows, next } = readQuickbooksPage(response.body, ACCOUNT_QUERY, context, cursor)
    const records: Array<SourceRecord<'chartOfAccounts'>> = []
    for (let index = 0; index < rows.length; index++) records.push(readQuickbooksAccount(rows[index], index))
    return { records, next }
  },
}

function readQuickbooksAccount(raw: unknown, index: number): SourceRecord<'chartOfAccounts'> {
  if (!isObject(raw)) throw new DataSourceError(`QuickBooks' Account[${index}] is not an object.`)
  const id = textOf(raw['Id'])
  if (id === undefined) throw new DataSourceError(`QuickBooks' Account[${index}] has no Id.`)
  const classification = textOf(raw['Classification'])
  const type = (classification === undefined ? undefined : TYPE_OF_CLASSIFICATION[classification]) ?? 'Unknown'
  const accountType = textOf(raw['AccountType'])
  const modifiedAt = lastUpdatedOf(raw)

  const account: Account = {
    id,
    type,
    status: raw['Active'] === false ? 'Archived' : raw['Active'] === true ? 'Active' : 'Unknown',
    isBankAccount: accountType === 'Bank',
  }
  const number = textOf(raw['AcctNum'])
  if (number !== undefined) account.nominalCode = number
  const name = textOf(raw['Name'])
  if (name !== undefined) account.name = name
  const description = textOf(raw['Description'])
  if (description !== undefined) account.description = description
  // Type, then QuickBooks' account type and detail type: Asset.Bank.Checking.
  if (type !== 'Unknown') account.fullyQualifiedCategory = [type, accountType, textOf(raw['AccountSubType'])].filter((part) => part !== undefined).join('.')
  const fullName = textOf(raw['FullyQualifiedName'])
  if (fullName !== undefined) account.fullyQualifiedName = fullName
  const currency = refId(raw['CurrencyRef'])
  if (currency !== undefined) account.currency = currency
  const balance = numberOf(raw['CurrentBalance'])
  if (balance !== undefined) account.currentBalance = balance
  if (modifiedAt !== undefined) account.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: account }
}
