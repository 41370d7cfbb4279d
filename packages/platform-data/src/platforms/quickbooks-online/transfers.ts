/**
 * @module QuickBooks Online transfers (query `FROM Transfer`) read into the unified Transfer: the same amount from one
 * balance sheet account to another, both in the transfer's currency.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { numberOf, textOf } from '../../json-fields.js'
import { idAndName, modifiedOf, quickbooksQuerySource, refId, requiredDateOf } from './quickbooks-api.js'

type Transfer = DataRecordOf<'transfers'>

export const quickbooksTransfers = quickbooksQuerySource('transfers', { entity: 'Transfer', conditions: [] }, (raw, id) => {
  const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
  const amount = numberOf(raw['Amount'])
  const currency = refId(raw['CurrencyRef'])
  const side = (ref: unknown) => {
    const accountRef = idAndName(ref)
    return { ...(accountRef !== undefined ? { accountRef } : {}), ...(amount !== undefined ? { amount } : {}), ...(currency !== undefined ? { currency } : {}) }
  }
  const transfer: Transfer = { id, date: requiredDateOf(raw, 'TxnDate', `transfer ${id}`), from: side(raw['FromAccountRef']), to: side(raw['ToAccountRef']) }
  const note = textOf(raw['PrivateNote'])
  if (note !== undefined) transfer.description = note
  if (sourceModifiedDate !== undefined) transfer.sourceModifiedDate = sourceModifiedDate
  return { id, modifiedAt, data: transfer }
}, { mirrorsDeletions: true })
