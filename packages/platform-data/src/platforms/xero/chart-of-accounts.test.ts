import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroChartOfAccounts } from './chart-of-accounts.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const accounts = JSON.parse(readFileSync(new URL('./fixtures/accounts.json', import.meta.url), 'utf8')) as { Accounts: Array<Record<string, unknown>> }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero chart of accounts: requests', () => {
  it('asks for the whole chart in one call', () => {
    expect(xeroChartOfAccounts.request(context, undefined)).toEqual({ url: 'https://api.xero.com/api.xro/2.0/Accounts', headers: { 'xero-tenant-id': TENANT_ID } })
  })

  it('asks only for accounts changed since the last sync', () => {
    expect(xeroChartOfAccounts.request({ ...context, modifiedSince: new Date('2024-06-01T00:00:00Z') }, undefined).headers).toEqual({
      'xero-tenant-id': TENANT_ID,
      'if-modified-since': '2024-06-01T00:00:00Z',
    })
  })
})

describe('Xero chart of accounts: reading', () => {
  const result = xeroChartOfAccounts.read(answer(accounts), context, undefined)

  it('reads every account into the unified model, in one page', () => {
    expect(result.records).toHaveLength(6)
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.chartOfAccounts.schema.parse(record.data)).toEqual(record.data)
    expect(result.next).toBeUndefined()
  })

  it('types each account by its Xero class', () => {
    expect(result.records.map((record) => [record.data.nominalCode, record.data.type, record.data.fullyQualifiedCategory])).toEqual([
      ['090', 'Asset', 'Asset.Bank'],
      ['200', 'Income', 'Income.Revenue'],
      ['429', 'Expense', 'Expense.Overhead'],
      ['820', 'Liability', 'Liability.Current Liability'],
      ['970', 'Equity', 'Equity.Equity'],
      ['463', 'Expense', 'Expense.Expense'],
    ])
  })

  it('reads a bank account field by field', () => {
    expect(result.records[0]).toEqual({
      id: 'ebd06280-af70-4bed-97c6-7451a454ad85',
      modifiedAt: new Date('2024-01-01T00:00:00Z'),
      data: {
        id: 'ebd06280-af70-4bed-97c6-7451a454ad85',
        nominalCode: '090',
        name: 'Business Current Account',
        fullyQualifiedName: 'Business Current Account',
        fullyQualifiedCategory: 'Asset.Bank',
        currency: 'GBP',
        type: 'Asset',
        status: 'Active',
        isBankAccount: true,
        sourceModifiedDate: '2024-01-01T00:00:00Z',
      },
    })
  })

  it('keeps an archived account, as Archived', () => {
    expect(result.records[5]!.data).toMatchObject({ name: 'IT Software and Consumables', status: 'Archived', isBankAccount: false })
  })

  it('falls back to the account Type when Class is missing, and to Unknown when both are', () => {
    const { Class: _, ...withoutClass } = accounts.Accounts[3]!
    const unknown = { ...withoutClass, AccountID: '11111111-2222-4333-8444-555555555555', Type: 'SOMETHINGNEW' }
    const [typed, untyped] = xeroChartOfAccounts.read(answer({ Accounts: [withoutClass, unknown] }), context, undefined).records
    expect(typed!.data).toMatchObject({ type: 'Liability', fullyQualifiedCategory: 'Liability.Current Liability' })
    expect(untyped!.data.type).toBe('Unknown')
    expect(untyped!.data.fullyQualifiedCategory).toBeUndefined()
  })

  it('refuses a body without an Accounts array', () => {
    expect(() => xeroChartOfAccounts.read(answer({ Status: 'OK' }), context, undefined)).toThrow(new DataSourceError("Xero's answer has no Accounts array."))
  })

  it('refuses an account without an id', () => {
    expect(() => xeroChartOfAccounts.read(answer({ Accounts: [{ Code: '200' }] }), context, undefined)).toThrow(new DataSourceError("Xero's Accounts[0] has no AccountID."))
  })
})
