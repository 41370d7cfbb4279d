/**
 * @module Xero's chart of accounts (GET /Accounts, one unpaged list) read into the unified Account.
 * Xero has no balances on accounts (they come from its reports), so currentBalance is left out.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroList, xeroHeaders } from './xero-api.js'

type Account = DataRecordOf<'chartOfAccounts'>
type AccountType = NonNullable<Account['type']>

/** Xero's account Class, which is what the unified type is. */
const TYPE_OF_CLASS: Readonly<Record<string, AccountType>> = { ASSET: 'Asset', EQUITY: 'Equity', EXPENSE: 'Expense', LIABILITY: 'Liability', REVENUE: 'Income' }

/**
 * Xero's account Types, with the name Xero shows for each: it becomes the second part of the
 * category (`Asset.Bank`), and its class stands in when an answer leaves Class out.
 */
const ACCOUNT_TYPES: Readonly<Record<string, { type: AccountType; label: string }>> = {
  BANK: { type: 'Asset', label: 'Bank' },
  CURRENT: { type: 'Asset', label: 'Current Asset' },
  FIXED: { type: 'Asset', label: 'Fixed Asset' },
  INVENTORY: { type: 'Asset', label: 'Inventory' },
  NONCURRENT: { type: 'Asset', label: 'Non-current Asset' },
  PREPAYMENT: { type: 'Asset', label: 'Prepayment' },
  CURRLIAB: { type: 'Liability', label: 'Current Liability' },
  LIABILITY: { type: 'Liability', label: 'Liability' },
  TERMLIAB: { type: 'Liability', label: 'Non-current Liability' },
  PAYGLIABILITY: { type: 'Liability', label: 'PAYG Liability' },
  SUPERANNUATIONLIABILITY: { type: 'Liability', label: 'Superannuation Liability' },
  WAGESPAYABLELIABILITY: { type: 'Liability', label: 'Wages Payable Liability' },
  EQUITY: { type: 'Equity', label: 'Equity' },
  DEPRECIATN: { type: 'Expense', label: 'Depreciation' },
  DIRECTCOSTS: { type: 'Expense', label: 'Direct Costs' },
  EXPENSE: { type: 'Expense', label: 'Expense' },
  OVERHEADS: { type: 'Expense', label: 'Overhead' },
  SUPERANNUATIONEXPENSE: { type: 'Expense', label: 'Superannuation Expense' },
  WAGESEXPENSE: { type: 'Expense', label: 'Wages Expense' },
  OTHERINCOME: { type: 'Income', label: 'Other Income' },
  REVENUE: { type: 'Income', label: 'Revenue' },
  SALES: { type: 'Income', label: 'Sales' },
}

const STATUS_OF: Readonly<Record<string, NonNullable<Account['status']>>> = { ACTIVE: 'Active', ARCHIVED: 'Archived', DELETED: 'Archived' }

export const xeroChartOfAccounts: DataSource<'chartOfAccounts'> = {
  dataType: 'chartOfAccounts',
  // Xero honours If-Modified-Since here too, and the list is one page either way.
  isIncremental: true,
  request: (context) => ({ url: `${context.baseUrl}/Accounts`, headers: xeroHeaders(context) }),
  read(response) {
    const { items } = readXeroList(response.body, 'Accounts')
    const records: Array<SourceRecord<'chartOfAccounts'>> = []
    for (let index = 0; index < items.length; index++) records.push(readXeroAccount(items[index], index))
    return { records, next: undefined }
  },
}

function readXeroAccount(raw: unknown, index: number): SourceRecord<'chartOfAccounts'> {
  if (!isObject(raw)) throw new DataSourceError(`Xero's Accounts[${index}] is not an object.`)
  const id = textOf(raw['AccountID'])
  if (id === undefined) throw new DataSourceError(`Xero's Accounts[${index}] has no AccountID.`)
  const xeroType = textOf(raw['Type'])
  const known = xeroType === undefined ? undefined : ACCOUNT_TYPES[xeroType]
  const xeroClass = textOf(raw['Class'])
  const type = (xeroClass === undefined ? undefined : TYPE_OF_CLASS[xeroClass]) ?? known?.type ?? 'Unknown'
  const status = textOf(raw['Status'])
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])

  const account: Account = { id, type, status: (status === undefined ? undefined : STATUS_OF[status]) ?? 'Unknown', isBankAccount: xeroType === 'BANK' }
  const code = textOf(raw['Code'])
  if (code !== undefined) account.nominalCode = code
  const name = textOf(raw['Name'])
  if (name !== undefined) account.name = account.fullyQualifiedName = name
  const description = textOf(raw['Description'])
  if (description !== undefined) account.description = description
  if (type !== 'Unknown') account.fullyQualifiedCategory = known === undefined ? type : `${type}.${known.label}`
  // Only bank accounts carry a currency in Xero; the rest are in the organisation's.
  const currency = textOf(raw['CurrencyCode'])
  if (currency !== undefined) account.currency = currency
  if (status === 'DELETED') account.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) account.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: account }
}
