/**
 * @module Xero's general ledger (GET /Journals) read into the unified JournalEntry: every posting Xero made, one
 * journal per document or manual journal, with a line per account. From these and the chart of accounts Linkway
 * builds a Xero company's financial statements (docs/data.md, "Financial statements").
 *
 * Xero pages journals by number, not by page: `offset=N` answers the (at most) 100 journals numbered after N, and
 * If-Modified-Since bounds them by when they were created. Journals are never changed, only added (a correction is
 * a new journal), so an incremental read misses nothing.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type PageCursor, type SourceRecord } from '../../data-source.js'
import { isObject, isoDateTime, numberOf, textOf } from '../../json-fields.js'
import { parseXeroDate, readXeroList, xeroHeaders } from './xero-api.js'

type JournalEntry = DataRecordOf<'journalEntries'>
type JournalLine = NonNullable<JournalEntry['journalLines']>[number]

/** How many journals Xero returns a call, whatever is asked: a shorter answer is the last. */
const XERO_JOURNALS_PER_CALL = 100

/** The record a journal posts, by Xero's SourceType; manual journals and the rest refer to none. */
const DATA_TYPE_OF_SOURCE: Readonly<Record<string, string>> = {
  ACCREC: 'invoices',
  ACCPAY: 'bills',
  ACCRECCREDIT: 'creditNotes',
  ACCPAYCREDIT: 'billCreditNotes',
  ACCRECPAYMENT: 'payments',
  ARCREDITPAYMENT: 'payments',
  AROVERPAYMENTPAYMENT: 'payments',
  ARPREPAYMENTPAYMENT: 'payments',
  ACCPAYPAYMENT: 'billPayments',
  APCREDITPAYMENT: 'billPayments',
  APOVERPAYMENTPAYMENT: 'billPayments',
  APPREPAYMENTPAYMENT: 'billPayments',
  CASHREC: 'bankTransactions',
  CASHPAID: 'bankTransactions',
  TRANSFER: 'transfers',
}

export const xeroJournalEntries: DataSource<'journalEntries'> = {
  dataType: 'journalEntries',
  isIncremental: true,
  request: (context, cursor) => ({ url: `${context.baseUrl}/Journals?offset=${offsetOf(cursor)}`, headers: xeroHeaders(context) }),
  read(response) {
    const { items } = readXeroList(response.body, 'Journals')
    const records: Array<SourceRecord<'journalEntries'>> = []
    let lastNumber = 0
    for (let index = 0; index < items.length; index++) {
      const { record, journalNumber } = readXeroJournal(items[index], index)
      records.push(record)
      lastNumber = Math.max(lastNumber, journalNumber)
    }
    return { records, next: items.length >= XERO_JOURNALS_PER_CALL ? { offset: lastNumber } : undefined }
  },
}

function offsetOf(cursor: PageCursor | undefined): number {
  if (cursor === undefined) return 0
  const { offset } = cursor
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw new DataSourceError(`The stored Xero cursor ${JSON.stringify(cursor)} is not { offset } with a whole number from 0.`)
  return offset
}

function readXeroJournal(raw: unknown, index: number): { record: SourceRecord<'journalEntries'>; journalNumber: number } {
  if (!isObject(raw)) throw new DataSourceError(`Xero's Journals[${index}] is not an object.`)
  const id = textOf(raw['JournalID'])
  if (id === undefined) throw new DataSourceError(`Xero's Journals[${index}] has no JournalID.`)
  const journalNumber = numberOf(raw['JournalNumber'])
  if (journalNumber === undefined) throw new DataSourceError(`Xero's journal ${id} has no numeric JournalNumber.`)
  const postedAt = parseXeroDate(raw['JournalDate'])
  if (postedAt === undefined) throw new DataSourceError(`Xero's journal ${id} has no readable JournalDate.`)
  const createdAt = parseXeroDate(raw['CreatedDateUTC'])
  const lines = raw['JournalLines']
  if (!Array.isArray(lines)) throw new DataSourceError(`Xero's journal ${id} has no JournalLines array.`)

  const entry: JournalEntry = { id, postedOn: isoDateTime(postedAt), journalLines: lines.map((line, position) => readJournalLine(line, id, position)) }
  const reference = textOf(raw['Reference'])
  if (reference !== undefined) entry.description = reference
  const dataType = DATA_TYPE_OF_SOURCE[raw['SourceType'] as string]
  const sourceId = textOf(raw['SourceID'])
  if (dataType !== undefined && sourceId !== undefined) entry.recordRef = { id: sourceId, dataType }
  if (createdAt !== undefined) entry.createdOn = entry.sourceModifiedDate = isoDateTime(createdAt)
  return { record: { id, modifiedAt: createdAt === undefined ? undefined : new Date(createdAt), data: entry }, journalNumber }
}

/** Xero's NetAmount is what the unified model's is: positive a debit, negative a credit, net of tax. */
function readJournalLine(raw: unknown, journalId: string, position: number): JournalLine {
  if (!isObject(raw)) throw new DataSourceError(`Xero's journal ${journalId} has JournalLines[${position}] that is not an object.`)
  const netAmount = numberOf(raw['NetAmount'])
  if (netAmount === undefined) throw new DataSourceError(`Xero's journal ${journalId} has JournalLines[${position}] without a numeric NetAmount.`)
  const line: JournalLine = { netAmount }
  const description = textOf(raw['Description'])
  if (description !== undefined) line.description = description
  const accountId = textOf(raw['AccountID'])
  if (accountId !== undefined) {
    line.accountRef = { id: accountId }
    const name = textOf(raw['AccountName'])
    if (name !== undefined) line.accountRef.name = name
  }
  return line
}
