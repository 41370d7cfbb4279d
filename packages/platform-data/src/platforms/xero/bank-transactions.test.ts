import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroBankTransactions } from './bank-transactions.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const page = JSON.parse(readFileSync(new URL('./fixtures/bank-transactions-page-1.json', import.meta.url), 'utf8')) as { BankTransactions: Array<Record<string, unknown>> }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero bank transactions', () => {
  it('asks for them a page at a time', () => {
    expect(xeroBankTransactions.request(context, undefined)).toEqual({ url: 'https://api.xero.com/api.xro/2.0/BankTransactions?page=1&pageSize=100', headers: { 'xero-tenant-id': TENANT_ID } })
  })

  const result = xeroBankTransactions.read(answer(page), context, undefined)

  it('reads money spent as negative and money received as positive, on the bank account’s ledger id', () => {
    expect(result.records.slice(0, 2)).toEqual([
      {
        id: '2a4c6e8b-0d1f-4a3c-9e5b-7d9f1b3c5e70',
        modifiedAt: new Date(1717500000000),
        data: {
          id: '2a4c6e8b-0d1f-4a3c-9e5b-7d9f1b3c5e70',
          accountId: 'ebd06280-af70-4bed-97c6-7451a454ad85',
          clearedOnDate: '2024-06-04T00:00:00Z',
          description: 'Transport for London',
          reconciled: true,
          amount: -40,
          transactionType: 'Debit',
          sourceModifiedDate: '2024-06-04T11:20:00Z',
        },
      },
      {
        id: '6e8a0c2b-4d1f-4e3a-9c5b-7f9a1d3b5ca3',
        modifiedAt: new Date(1717409700000),
        data: {
          id: '6e8a0c2b-4d1f-4e3a-9c5b-7f9a1d3b5ca3',
          accountId: '6f8b0d2e-4a1c-4e3f-9b5d-7a9c1e3b5d3c',
          clearedOnDate: '2024-06-03T00:00:00Z',
          description: 'Quarterly VAT reserve',
          reconciled: false,
          amount: 5000,
          transactionType: 'Xfer',
          sourceModifiedDate: '2024-06-03T10:15:00Z',
        },
      },
    ])
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.bankTransactions.schema.parse(record.data)).toEqual(record.data)
    expect(result).toMatchObject({ next: undefined, totalRecords: 3 })
  })

  it('marks a deleted or voided one deleted, dated when Xero deleted it, so the line stored earlier stops looking live', () => {
    expect(result.records.find((record) => record.id === '8a0c2e4b-6d1f-4a3c-9e5b-7d9f1b3c5eb4')).toEqual({
      id: '8a0c2e4b-6d1f-4a3c-9e5b-7d9f1b3c5eb4',
      modifiedAt: new Date(1717600000000),
      data: {
        id: '8a0c2e4b-6d1f-4a3c-9e5b-7d9f1b3c5eb4',
        accountId: 'ebd06280-af70-4bed-97c6-7451a454ad85',
        clearedOnDate: '2024-06-05T00:00:00Z',
        description: 'Entered twice',
        reconciled: false,
        amount: -12.5,
        transactionType: 'Debit',
        metadata: { isDeleted: true },
        sourceModifiedDate: '2024-06-05T15:06:40Z',
      },
    })
    const voided = xeroBankTransactions.read(answer({ BankTransactions: [{ ...page.BankTransactions[0], Status: 'VOIDED' }] }), context, undefined)
    expect(voided.records[0]?.data.metadata).toEqual({ isDeleted: true })
  })

  it('refuses one without a total', () => {
    const { Total: _, ...withoutTotal } = page.BankTransactions[0]!
    expect(() => xeroBankTransactions.read(answer({ BankTransactions: [withoutTotal] }), context, undefined)).toThrow(new DataSourceError("Xero's bank transaction 2a4c6e8b-0d1f-4a3c-9e5b-7d9f1b3c5e70 has no numeric Total."))
  })
})
