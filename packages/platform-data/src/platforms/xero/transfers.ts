/**
 * @module Xero bank transfers (GET /BankTransfers, one unpaged list) read into the unified Transfer: money moved
 * between two of the organisation's bank accounts, each side named by the account's AccountID (its id in
 * chartOfAccounts and bankAccounts).
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroList, xeroHeaders } from './xero-api.js'

type Transfer = DataRecordOf<'transfers'>
type TransferAccount = NonNullable<Transfer['from']>

export const xeroTransfers: DataSource<'transfers'> = {
  dataType: 'transfers',
  // Xero bounds BankTransfers by If-Modified-Since on when each was created: a transfer is never changed, only deleted.
  isIncremental: true,
  request: (context) => ({ url: `${context.baseUrl}/BankTransfers`, headers: xeroHeaders(context) }),
  read(response) {
    const { items } = readXeroList(response.body, 'BankTransfers')
    return { records: items.map(readXeroBankTransfer), next: undefined }
  },
}

function readXeroBankTransfer(raw: unknown, index: number): SourceRecord<'transfers'> {
  if (!isObject(raw)) throw new DataSourceError(`Xero's BankTransfers[${index}] is not an object.`)
  const id = textOf(raw['BankTransferID'])
  if (id === undefined) throw new DataSourceError(`Xero's BankTransfers[${index}] has no BankTransferID.`)
  const createdAt = parseXeroDate(raw['CreatedDateUTC'])
  const amount = numberOf(raw['Amount'])
  const transfer: Transfer = { id, from: transferSide(raw['FromBankAccount'], amount), to: transferSide(raw['ToBankAccount'], amount) }
  const description = textOf(raw['Reference'])
  if (description !== undefined) transfer.description = description
  const date = parseXeroDate(raw['Date'])
  if (date !== undefined) transfer.date = isoDateTime(date)
  if (createdAt !== undefined) transfer.sourceModifiedDate = isoDateTime(createdAt)
  return { id, modifiedAt: createdAt === undefined ? undefined : new Date(createdAt), data: transfer }
}

/** The same amount leaves one account and reaches the other: Xero transfers in the accounts' own currency. */
function transferSide(account: unknown, amount: number | undefined): TransferAccount {
  const side: TransferAccount = {}
  if (isObject(account)) {
    const id = textOf(account['AccountID'])
    const name = textOf(account['Name'])
    if (id !== undefined || name !== undefined) side.accountRef = { ...(id === undefined ? {} : { id }), ...(name === undefined ? {} : { name }) }
  }
  if (amount !== undefined) side.amount = amount
  return side
}
