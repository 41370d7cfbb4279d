import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroLedgerStatementSource } from './financial-statements.js'
import { xeroJournalEntries } from './journal-entries.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const page = JSON.parse(readFileSync(new URL('./fixtures/journals-page-1.json', import.meta.url), 'utf8')) as { Journals: Array<Record<string, unknown>> }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero journal entries: requests', () => {
  it('pages by journal number, from the start, created since the last sync', () => {
    expect(xeroJournalEntries.request(context, undefined)).toEqual({ url: 'https://api.xero.com/api.xro/2.0/Journals?offset=0', headers: { 'xero-tenant-id': TENANT_ID } })
    expect(xeroJournalEntries.request({ ...context, modifiedSince: new Date('2024-06-01T00:00:00Z') }, { offset: 300 })).toEqual({
      url: 'https://api.xero.com/api.xro/2.0/Journals?offset=300',
      headers: { 'xero-tenant-id': TENANT_ID, 'if-modified-since': '2024-06-01T00:00:00Z' },
    })
  })

  it('refuses a stored cursor that is not an offset', () => {
    expect(() => xeroJournalEntries.request(context, { page: 2 })).toThrow(new DataSourceError('The stored Xero cursor {"page":2} is not { offset } with a whole number from 0.'))
  })
})

describe('Xero journal entries: reading', () => {
  const result = xeroJournalEntries.read(answer(page), context, undefined)

  it('reads a sales invoice’s journal field by field: debits positive, credits negative, net of tax', () => {
    expect(result.records[0]).toEqual({
      id: '1e3a5c7b-9d2f-4a6b-8c0e-2a4c6e8b0d1b',
      modifiedAt: new Date(1714650000000),
      data: {
        id: '1e3a5c7b-9d2f-4a6b-8c0e-2a4c6e8b0d1b',
        description: 'PO 7731',
        postedOn: '2024-05-02T00:00:00Z',
        recordRef: { id: '3f7b2c9e-1a4d-4e8b-9c6f-2d5e8a1b4c70', dataType: 'invoices' },
        createdOn: '2024-05-02T11:40:00Z',
        sourceModifiedDate: '2024-05-02T11:40:00Z',
        journalLines: [
          { netAmount: 600, accountRef: { id: 'c0f1b2a3-0000-4000-8000-000000000610', name: 'Accounts Receivable' } },
          { netAmount: -500, description: 'Website maintenance (May)', accountRef: { id: '7d05a53d-613d-4eb2-a2fc-dcb6adb80b80', name: 'Sales' } },
          { netAmount: -100, accountRef: { id: 'd5e6f7a8-0000-4000-8000-000000000820', name: 'VAT' } },
        ],
      },
    })
    for (const record of result.records) {
      expect(DATA_TYPE_DEFINITIONS.journalEntries.schema.parse(record.data)).toEqual(record.data)
      // Every journal balances.
      expect(record.data.journalLines!.reduce((sum, line) => sum + Math.round(line.netAmount * 100), 0)).toBe(0)
    }
  })

  it('leaves a manual journal without a record it posts', () => {
    expect(result.records[1]!.data.recordRef).toBeUndefined()
    expect(result.records[1]!.data.description).toBeUndefined()
  })

  it('ends on a short answer, and goes on after a full one from its last journal number', () => {
    expect(result.next).toBeUndefined()
    const full = { Journals: Array.from({ length: 100 }, (_, index) => ({ ...page.Journals[1]!, JournalID: `journal-${index}`, JournalNumber: 101 + index })) }
    expect(xeroJournalEntries.read(answer(full), context, { offset: 100 }).next).toEqual({ offset: 200 })
  })

  it('refuses a journal whose line has no amount', () => {
    const broken = { ...page.Journals[1]!, JournalLines: [{ AccountID: 'x' }] }
    expect(() => xeroJournalEntries.read(answer({ Journals: [broken] }), context, undefined)).toThrow(
      new DataSourceError("Xero's journal 3a5c7e9b-1d2f-4c6a-8e0b-4c6e8a0b2d5f has JournalLines[0] without a numeric NetAmount."),
    )
  })
})

describe('Xero financial statements', () => {
  const balanceSheet = xeroLedgerStatementSource('balanceSheet')

  it('store nothing: their sync only proves Xero still serves this connection its general ledger', () => {
    expect(balanceSheet.request({ ...context, modifiedSince: new Date() }, undefined)).toEqual({ url: 'https://api.xero.com/api.xro/2.0/Journals?offset=0', headers: { 'xero-tenant-id': TENANT_ID } })
    expect(balanceSheet.read(answer(page), context, undefined)).toEqual({ records: [], next: undefined, totalRecords: 0 })
    expect(() => balanceSheet.read(answer({ Status: 'OK' }), context, undefined)).toThrow(new DataSourceError("Xero's answer has no Journals array."))
  })
})
