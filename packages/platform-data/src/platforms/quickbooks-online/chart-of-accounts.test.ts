import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformRequest, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { quickbooksChartOfAccounts } from './chart-of-accounts.js'

const REALM_ID = '9130357992221046'
const BASE_URL = `https://quickbooks.api.intuit.com/v3/company/${REALM_ID}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { realmId: REALM_ID }, modifiedSince: undefined, pageSize: 1000 }
const accounts = JSON.parse(readFileSync(new URL('./fixtures/accounts.json', import.meta.url), 'utf8')) as unknown

/** The request for a query, encoded as the first-page test spells out. */
function queryRequest(query: string): PlatformRequest {
  return { url: `${BASE_URL}/query?query=${encodeURIComponent(query)}&minorversion=75`, headers: {} }
}

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('QuickBooks chart of accounts: requests', () => {
  it('queries active and inactive accounts alike', () => {
    expect(quickbooksChartOfAccounts.request(context, undefined)).toEqual({
      url: `${BASE_URL}/query?query=SELECT%20*%20FROM%20Account%20WHERE%20Active%20IN%20(true%2C%20false)%20ORDERBY%20Id%20STARTPOSITION%201%20MAXRESULTS%201000&minorversion=75`,
      headers: {},
    })
  })

  it('adds the incremental bound to the entity’s own filter, and pages on', () => {
    expect(quickbooksChartOfAccounts.request({ ...context, modifiedSince: new Date('2024-06-01T00:00:00Z') }, { startPosition: 1001, maxResults: 1000 })).toEqual(
      queryRequest("SELECT * FROM Account WHERE Active IN (true, false) AND MetaData.LastUpdatedTime >= '2024-06-01T00:00:00+00:00' ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000"),
    )
  })
})

describe('QuickBooks chart of accounts: reading', () => {
  const result = quickbooksChartOfAccounts.read(answer(accounts), context, undefined)

  it('reads every account into the unified model; the last page', () => {
    expect(result.records).toHaveLength(6)
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.chartOfAccounts.schema.parse(record.data)).toEqual(record.data)
    expect(result.next).toBeUndefined()
  })

  it('types each account by its classification, Revenue being Income', () => {
    expect(result.records.map((record) => [record.data.name, record.data.type, record.data.status])).toEqual([
      ['Opening Balance Equity', 'Equity', 'Active'],
      ['Checking', 'Asset', 'Active'],
      ['Credit Card', 'Liability', 'Active'],
      ['Advertising (deleted)', 'Expense', 'Archived'],
      ['Sales of Product Income', 'Income', 'Active'],
      ['Accounts Receivable (A/R)', 'Asset', 'Active'],
    ])
  })

  it('reads a bank account field by field', () => {
    expect(result.records.find((record) => record.id === '35')).toEqual({
      id: '35',
      modifiedAt: new Date('2024-06-10T21:03:19Z'),
      data: {
        id: '35',
        nominalCode: '1010',
        name: 'Checking',
        fullyQualifiedName: 'Checking',
        fullyQualifiedCategory: 'Asset.Bank.Checking',
        currency: 'USD',
        currentBalance: 1201,
        type: 'Asset',
        status: 'Active',
        isBankAccount: true,
        sourceModifiedDate: '2024-06-10T21:03:19Z',
      },
    })
  })

  it('keeps a sub-account’s full name', () => {
    expect(result.records.find((record) => record.id === '79')!.data).toMatchObject({ fullyQualifiedName: 'Sales:Sales of Product Income', fullyQualifiedCategory: 'Income.Income.SalesOfProductIncome', isBankAccount: false })
  })

  it('refuses an account without an id', () => {
    expect(() => quickbooksChartOfAccounts.read(answer({ QueryResponse: { Account: [{ Name: 'Checking' }] } }), context, undefined)).toThrow(
      new DataSourceError("QuickBooks' Account[0] has no Id."),
    )
  })

  it('refuses a body that is not a query answer', () => {
    expect(() => quickbooksChartOfAccounts.read(answer('<IntuitResponse/>'), context, undefined)).toThrow(new DataSourceError("QuickBooks' answer has no QueryResponse object."))
  })
})
