/**
 * @module Xero bank transactions (GET /BankTransactions) read into the unified accounting bank transaction: money
 * received into (RECEIVE…) or spent from (SPEND…) one of the organisation's bank accounts, without an invoice or a
 * bill. The account is named by its AccountID, its id in bankAccounts; Xero keeps no running balance.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroPage, requestXeroPage, xeroPageAfter } from './xero-api.js'

type BankTransaction = DataRecordOf<'bankTransactions'>

/** Which way the money went, and what kind of line it is, by Xero's Type. */
const TYPES: Readonly<Record<string, { sign: 1 | -1; type: NonNullable<BankTransaction['transactionType']> }>> = {
  RECEIVE: { sign: 1, type: 'Credit' },
  'RECEIVE-OVERPAYMENT': { sign: 1, type: 'Credit' },
  'RECEIVE-PREPAYMENT': { sign: 1, type: 'Credit' },
  'RECEIVE-TRANSFER': { sign: 1, type: 'Xfer' },
  SPEND: { sign: -1, type: 'Debit' },
  'SPEND-OVERPAYMENT': { sign: -1, type: 'Debit' },
  'SPEND-PREPAYMENT': { sign: -1, type: 'Debit' },
  'SPEND-TRANSFER': { sign: -1, type: 'Xfer' },
}

export const xeroBankTransactions: DataSource<'bankTransactions'> = {
  dataType: 'bankTransactions',
  isIncremental: true,
  request: (context, cursor) => requestXeroPage(context, 'BankTransactions', {}, cursor),
  pageAfter: xeroPageAfter,
  read: (response, context, cursor) =>
    readXeroPage(response, context, cursor, 'BankTransactions', (raw, index) => {
      if (!isObject(raw)) throw new DataSourceError(`Xero's BankTransactions[${index}] is not an object.`)
      return readXeroBankTransaction(raw, index)
    }),
}

function readXeroBankTransaction(raw: Record<string, unknown>, index: number): SourceRecord<'bankTransactions'> {
  const id = textOf(raw['BankTransactionID'])
  if (id === undefined) throw new DataSourceError(`Xero's BankTransactions[${index}] has no BankTransactionID.`)
  const total = numberOf(raw['Total'])
  if (total === undefined) throw new DataSourceError(`Xero's bank transaction ${id} has no numeric Total.`)
  const modifiedAt = parseXeroDate(raw['UpdatedDateUTC'])
  const kind = TYPES[raw['Type'] as string]
  const transaction: BankTransaction = { id, reconciled: raw['IsReconciled'] === true, transactionType: kind?.type ?? 'Unknown' }
  // An unknown Type says nothing of the direction: the amount is left out rather than given a sign by guess.
  if (kind !== undefined) transaction.amount = kind.sign * total
  const account = isObject(raw['BankAccount']) ? textOf(raw['BankAccount']['AccountID']) : undefined
  if (account !== undefined) transaction.accountId = account
  const clearedAt = parseXeroDate(raw['Date'])
  if (clearedAt !== undefined) transaction.clearedOnDate = isoDateTime(clearedAt)
  const contact = isObject(raw['Contact']) ? textOf(raw['Contact']['Name']) : undefined
  const description = textOf(raw['Reference']) ?? contact
  if (description !== undefined) transaction.description = description
  // Xero answers an If-Modified-Since read with the lines deleted or voided since, Status DELETED or VOIDED: read,
  // not skipped, or the line stored at an earlier sync would stay live. Neither counts in the account any more, and
  // the unified line has no status, so both are marked deleted.
  if (raw['Status'] === 'DELETED' || raw['Status'] === 'VOIDED') transaction.metadata = { isDeleted: true }
  if (modifiedAt !== undefined) transaction.sourceModifiedDate = isoDateTime(modifiedAt)
  return { id, modifiedAt: modifiedAt === undefined ? undefined : new Date(modifiedAt), data: transaction }
}
