import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroBills } from './bills.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const page = JSON.parse(readFileSync(new URL('./fixtures/bills-page-1.json', import.meta.url), 'utf8')) as { Invoices: Array<Record<string, unknown>> }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero bills: requests', () => {
  it('asks Invoices for purchase bills only, a page at a time', () => {
    expect(xeroBills.request(context, undefined)).toEqual({
      url: 'https://api.xero.com/api.xro/2.0/Invoices?page=1&pageSize=100&where=Type%3D%3D%22ACCPAY%22',
      headers: { 'xero-tenant-id': TENANT_ID },
    })
    expect(xeroBills.request({ ...context, modifiedSince: new Date('2024-06-01T00:00:00Z') }, { page: 2, pageSize: 100 })).toEqual({
      url: 'https://api.xero.com/api.xro/2.0/Invoices?page=2&pageSize=100&where=Type%3D%3D%22ACCPAY%22',
      headers: { 'xero-tenant-id': TENANT_ID, 'if-modified-since': '2024-06-01T00:00:00Z' },
    })
  })
})

describe('Xero bills: reading a page', () => {
  const result = xeroBills.read(answer(page), context, undefined)

  it('reads the bills, leaves the sales invoice out, and validates as the unified Bill', () => {
    expect(result.records.map((record) => record.id)).toEqual(['5e0c9a7d-2b4f-4d1e-8c3a-6f9b1d2e4a70', 'c2e4a6b8-0d1f-4e3a-9b5c-7d9f1a3c5e82'])
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.bills.schema.parse(record.data)).toEqual(record.data)
    expect(result.next).toBeUndefined()
    expect(result.totalRecords).toBe(3)
  })

  it('reads a part-paid bill field by field, its payment as an allocation', () => {
    expect(result.records[0]).toEqual({
      id: '5e0c9a7d-2b4f-4d1e-8c3a-6f9b1d2e4a70',
      modifiedAt: new Date('2024-06-03T09:01:07Z'),
      data: {
        id: '5e0c9a7d-2b4f-4d1e-8c3a-6f9b1d2e4a70',
        reference: 'SUP-88213',
        supplierRef: { id: 'd4b8e2f6-1a3c-4e5d-9b7f-0c2a4e6d8f10', supplierName: 'Pennine Office Supplies Ltd' },
        issueDate: '2024-05-20T00:00:00Z',
        dueDate: '2024-06-19T00:00:00Z',
        currency: 'GBP',
        currencyRate: 1,
        status: 'PartiallyPaid',
        lineItems: [
          {
            description: 'Desks, oak veneer',
            unitAmount: 200,
            quantity: 3,
            subTotal: 600,
            taxAmount: 120,
            totalAmount: 720,
            accountRef: { id: '3a5c7e9b-1d2f-4a6c-8e0b-2d4f6a8c0e12' },
            taxRateRef: { id: 'INPUT2' },
            trackingCategoryRefs: [{ id: '6c8e0a2b-4d6f-4b8a-9c1e-3a5c7e9b1d36', name: 'North' }],
          },
        ],
        subTotal: 600,
        taxAmount: 120,
        totalAmount: 720,
        amountDue: 420,
        paymentAllocations: [
          {
            payment: { id: '0f3e6a9c-4d2b-4c8e-b1a5-7e9d2c4f6a13', reference: 'BP-2024-06', currency: 'GBP', currencyRate: 1, paidOnDate: '2024-06-03T00:00:00Z', totalAmount: 300 },
            allocation: { currency: 'GBP', currencyRate: 1, allocatedOnDate: '2024-06-03T00:00:00Z', totalAmount: 300 },
          },
        ],
        note: 'Office move',
        sourceModifiedDate: '2024-06-03T09:01:07Z',
      },
    })
  })

  it('mirrors a deleted bill as Void and deleted, its tax-inclusive line split into net and tax', () => {
    const deleted = result.records[1]!.data
    expect(deleted).toMatchObject({ status: 'Void', metadata: { isDeleted: true }, subTotal: 40, taxAmount: 8, totalAmount: 48 })
    expect(deleted.reference).toBeUndefined()
    expect(deleted.lineItems).toEqual([expect.objectContaining({ unitAmount: 48, subTotal: 40, taxAmount: 8, totalAmount: 48 })])
  })

  it('reads Xero’s statuses as a bill’s', () => {
    const bill = page.Invoices[0]!
    const statusOf = (Status: string, AmountPaid: number) => xeroBills.read(answer({ Invoices: [{ ...bill, Status, AmountPaid }] }), context, undefined).records[0]!.data.status
    expect([statusOf('DRAFT', 0), statusOf('SUBMITTED', 0), statusOf('AUTHORISED', 0), statusOf('AUTHORISED', 1), statusOf('PAID', 720), statusOf('VOIDED', 0), statusOf('NEW', 0)]).toEqual([
      'Draft',
      'Draft',
      'Open',
      'PartiallyPaid',
      'Paid',
      'Void',
      'Unknown',
    ])
  })

  it('refuses a bill without its totals', () => {
    const { Total: _, ...withoutTotal } = page.Invoices[0]!
    expect(() => xeroBills.read(answer({ Invoices: [withoutTotal] }), context, undefined)).toThrow(
      new DataSourceError("Xero's bill 5e0c9a7d-2b4f-4d1e-8c3a-6f9b1d2e4a70 lacks a numeric Total, TotalTax or SubTotal."),
    )
  })
})
