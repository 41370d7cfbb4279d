import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroTransfers } from './transfers.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const read = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, any>

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero bank transfers', () => {
  it('asks for the transfers created since the last sync, in one list', () => {
    expect(xeroTransfers.request({ ...context, modifiedSince: new Date('2024-06-01T00:00:00Z') }, undefined)).toEqual({
      url: 'https://api.xero.com/api.xro/2.0/BankTransfers',
      headers: { 'xero-tenant-id': TENANT_ID, 'if-modified-since': '2024-06-01T00:00:00Z' },
    })
  })

  it('reads a transfer field by field: the same amount out of one account and into the other', () => {
    const { records, next } = xeroTransfers.read(answer(read('bank-transfers.json')), context, undefined)
    expect(next).toBeUndefined()
    expect(records).toEqual([
      {
        id: '0e2a4c6b-8d1f-4e3a-9c5b-7d9f1a3c5e2b',
        modifiedAt: new Date('2024-06-03T10:15:00Z'),
        data: {
          id: '0e2a4c6b-8d1f-4e3a-9c5b-7d9f1a3c5e2b',
          description: 'Quarterly VAT reserve',
          date: '2024-06-03T00:00:00Z',
          from: { accountRef: { id: 'ebd06280-af70-4bed-97c6-7451a454ad85', name: 'Business Current Account' }, amount: 5000 },
          to: { accountRef: { id: '6f8b0d2e-4a1c-4e3f-9b5d-7a9c1e3b5d3c', name: 'Business Savings Account' }, amount: 5000 },
          sourceModifiedDate: '2024-06-03T10:15:00Z',
        },
      },
    ])
    expect(DATA_TYPE_DEFINITIONS.transfers.schema.parse(records[0]!.data)).toEqual(records[0]!.data)
  })

  it('refuses a transfer without an id', () => {
    expect(() => xeroTransfers.read(answer({ BankTransfers: [{ Amount: 1 }] }), context, undefined)).toThrow(new DataSourceError("Xero's BankTransfers[0] has no BankTransferID."))
  })
})
