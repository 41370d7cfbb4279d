import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { trueLayerTransactions } from './transactions.js'

const BASE_URL = 'https://api.truelayer.com/data/v1'
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: {}, modifiedSince: undefined, pageSize: 1000 }
const incremental: SourceContext = { ...context, modifiedSince: new Date('2024-06-01T08:30:15.250Z') }
const fixture = (name: string): { results: Array<Record<string, unknown>> } => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))
const accounts = fixture('accounts.json')
const transactions = fixture('transactions.json')

const CURRENT = '56c7b029e0f8ec5a2334fb0ffc2fface'
const SAVINGS = 'a2f6c49d0b7e81f35c9e2d4a6b8c0e13'
const ACCOUNT_IDS = `${CURRENT},${SAVINGS}`

function answer(body: unknown, headers: Record<string, string> = {}): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body }
}

describe('TrueLayer transactions: requests', () => {
  it('lists the accounts first', () => {
    expect(trueLayerTransactions.request(context, undefined)).toEqual({ url: `${BASE_URL}/accounts`, headers: {} })
  })

  it('then reads the transactions of the account the cursor points at', () => {
    expect(trueLayerTransactions.request(context, { accountIds: ACCOUNT_IDS, accountIndex: 1 })).toEqual({ url: `${BASE_URL}/accounts/${SAVINGS}/transactions`, headers: {} })
  })

  it('reads an incremental sync from the last sync to the instant the accounts were listed', () => {
    expect(trueLayerTransactions.request(incremental, { accountIds: ACCOUNT_IDS, accountIndex: 0, until: '2024-06-17T10:01:12' })).toEqual({
      url: `${BASE_URL}/accounts/${CURRENT}/transactions?from=2024-06-01T08%3A30%3A15&to=2024-06-17T10%3A01%3A12`,
      headers: {},
    })
  })

  it('refuses a stored cursor whose index is past the accounts', () => {
    expect(() => trueLayerTransactions.request(context, { accountIds: ACCOUNT_IDS, accountIndex: 2 })).toThrow(
      new DataSourceError(`The stored TrueLayer cursor {"accountIds":"${ACCOUNT_IDS}","accountIndex":2} is not { accountIds, accountIndex } with an index into the ids.`),
    )
  })
})

describe('TrueLayer transactions: the accounts step', () => {
  it('reads no records, and points at the first account', () => {
    expect(trueLayerTransactions.read(answer(accounts), context, undefined)).toEqual({ records: [], next: { accountIds: ACCOUNT_IDS, accountIndex: 0 } })
  })

  it('on an incremental sync, fixes the upper bound from TrueLayer’s Date header', () => {
    expect(trueLayerTransactions.read(answer(accounts, { date: 'Mon, 17 Jun 2024 10:01:12 GMT' }), incremental, undefined).next).toEqual({
      accountIds: ACCOUNT_IDS,
      accountIndex: 0,
      until: '2024-06-17T10:01:12',
    })
  })

  it('falls back to the accounts’ update time without a Date header', () => {
    expect(trueLayerTransactions.read(answer(accounts), incremental, undefined).next).toMatchObject({ until: '2024-06-17T10:01:11' })
  })

  it('ends at once when there are no accounts', () => {
    expect(trueLayerTransactions.read(answer({ results: [], status: 'Succeeded' }), context, undefined)).toEqual({ records: [], next: undefined })
  })

  it('refuses an account without an id', () => {
    expect(() => trueLayerTransactions.read(answer({ results: [{ display_name: 'CURRENT' }], status: 'Succeeded' }), context, undefined)).toThrow(
      new DataSourceError("TrueLayer's accounts results[0] has no account_id."),
    )
  })
})

describe('TrueLayer transactions: an account’s transactions', () => {
  const first = { accountIds: ACCOUNT_IDS, accountIndex: 0 }
  const result = trueLayerTransactions.read(answer(transactions), context, first)

  it('reads every transaction into the unified model, for the account being read', () => {
    expect(result.records.map((record) => [record.data.accountId, record.data.amount, record.data.code])).toEqual([
      [CURRENT, -182.46, 'Purchase'],
      [CURRENT, 600, 'Credit'],
      [CURRENT, -1240, 'DirectDebit'],
    ])
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS['banking-transactions'].schema.parse(record.data)).toEqual(record.data)
  })

  it('reads a card purchase field by field', () => {
    expect(result.records[0]).toEqual({
      id: 'b2f7e0a41c9d3e8f6a5b4c3d2e1f0a9b',
      modifiedAt: undefined,
      data: {
        id: 'b2f7e0a41c9d3e8f6a5b4c3d2e1f0a9b',
        accountId: CURRENT,
        description: 'AMAZON WEB SERVICES AWS.AMAZON.CO',
        amount: -182.46,
        currency: 'GBP',
        postedDate: '2024-06-14T00:00:00Z',
        code: 'Purchase',
        merchantName: 'Amazon Web Services',
        transactionCategoryRef: { id: 'Bills and Utilities.Internet', name: 'Internet' },
      },
    })
  })

  it('reads a credit without a merchant or a classification', () => {
    expect(result.records[1]!.data).toEqual({
      id: '9c4e1d7a2b6f3a8e5d0c7b2a9f4e1d6c',
      accountId: CURRENT,
      description: 'HARBOUR LANE BAKERY INV-0041',
      amount: 600,
      currency: 'GBP',
      postedDate: '2024-06-13T00:00:00Z',
      code: 'Credit',
    })
  })

  it('reads a timestamp without a zone as UTC', () => {
    const zoneless = { ...transactions.results[0]!, timestamp: '2018-03-06T00:00:00' }
    expect(trueLayerTransactions.read(answer({ results: [zoneless] }), context, first).records[0]!.data.postedDate).toBe('2018-03-06T00:00:00Z')
  })

  it('signs the amount by the transaction type, whatever sign the bank sent', () => {
    const unsigned = { ...transactions.results[0]!, amount: 182.46 }
    expect(trueLayerTransactions.read(answer({ results: [unsigned], status: 'Succeeded' }), context, first).records[0]!.data.amount).toBe(-182.46)
  })

  it('moves on to the next account, keeping the upper bound', () => {
    expect(trueLayerTransactions.read(answer(transactions), incremental, { ...first, until: '2024-06-17T10:01:12' }).next).toEqual({
      accountIds: ACCOUNT_IDS,
      accountIndex: 1,
      until: '2024-06-17T10:01:12',
    })
  })

  it('ends after the last account', () => {
    expect(trueLayerTransactions.read(answer({ results: [], status: 'Succeeded' }), context, { accountIds: ACCOUNT_IDS, accountIndex: 1 })).toEqual({ records: [], next: undefined })
  })
})

describe('TrueLayer transactions: answers that are not TrueLayer’s', () => {
  it('refuses a body without results', () => {
    expect(() => trueLayerTransactions.read(answer({ error: 'internal_server_error' }), context, undefined)).toThrow(new DataSourceError("TrueLayer's answer has no results array."))
  })

  it('refuses an answer that has not succeeded', () => {
    expect(() => trueLayerTransactions.read(answer({ results: [], status: 'Queued' }), context, { accountIds: ACCOUNT_IDS, accountIndex: 0 })).toThrow(
      new DataSourceError('TrueLayer\'s answer has status "Queued", not "Succeeded".'),
    )
  })

  it('refuses a transaction without an amount', () => {
    const { amount: _, ...withoutAmount } = transactions.results[2]!
    expect(() => trueLayerTransactions.read(answer({ results: [withoutAmount] }), context, { accountIds: ACCOUNT_IDS, accountIndex: 0 })).toThrow(
      new DataSourceError("TrueLayer's transaction e7a3c9f1b5d2e8a4c6f0b3d7e1a9c5f2 has no numeric amount."),
    )
  })
})
