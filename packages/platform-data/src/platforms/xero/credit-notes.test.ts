import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroBillCreditNotes, xeroCreditNotes } from './credit-notes.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const page = JSON.parse(readFileSync(new URL('./fixtures/credit-notes-page-1.json', import.meta.url), 'utf8')) as { CreditNotes: Array<Record<string, unknown>> }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero credit notes', () => {
  it('asks CreditNotes for one kind each', () => {
    expect(xeroCreditNotes.request(context, undefined).url).toBe('https://api.xero.com/api.xro/2.0/CreditNotes?page=1&pageSize=100&where=Type%3D%3D%22ACCRECCREDIT%22')
    expect(xeroBillCreditNotes.request(context, undefined).url).toBe('https://api.xero.com/api.xro/2.0/CreditNotes?page=1&pageSize=100&where=Type%3D%3D%22ACCPAYCREDIT%22')
  })

  const toCustomers = xeroCreditNotes.read(answer(page), context, undefined)
  const fromSuppliers = xeroBillCreditNotes.read(answer(page), context, undefined)

  it('keeps each kind apart, each valid as its unified record', () => {
    expect(toCustomers.records.map((record) => record.data.creditNoteNumber)).toEqual(['CN-0007', 'CN-0008'])
    expect(fromSuppliers.records.map((record) => record.data.billCreditNoteNumber)).toEqual(['PCN-114'])
    for (const record of toCustomers.records) expect(DATA_TYPE_DEFINITIONS.creditNotes.schema.parse(record.data)).toEqual(record.data)
    for (const record of fromSuppliers.records) expect(DATA_TYPE_DEFINITIONS.billCreditNotes.schema.parse(record.data)).toEqual(record.data)
  })

  it('reads a part-used credit note field by field, the invoice it was set against as its allocation', () => {
    expect(toCustomers.records[0]).toEqual({
      id: '9c1e3a5b-7d2f-4b4a-8e6c-0a2c4e6b8d37',
      modifiedAt: new Date(1717000000000),
      data: {
        id: '9c1e3a5b-7d2f-4b4a-8e6c-0a2c4e6b8d37',
        creditNoteNumber: 'CN-0007',
        customerRef: { id: 'b2d5f8c1-4e7a-4c3b-9f6d-0a2e3b4c5d6e', companyName: 'Bluebonnet Software Inc.' },
        totalAmount: 180,
        totalDiscount: 0,
        subTotal: 150,
        totalTaxAmount: 30,
        discountPercentage: 0,
        remainingCredit: 80,
        status: 'PartiallyPaid',
        issueDate: '2024-05-28T00:00:00Z',
        allocatedOnDate: '2024-05-29T00:00:00Z',
        currency: 'USD',
        currencyRate: 0.788084167,
        lineItems: [
          { description: 'Returned keyboards', unitAmount: 75, quantity: 2, subTotal: 150, taxAmount: 30, totalAmount: 180, accountRef: { id: '7d05a53d-613d-4eb2-a2fc-dcb6adb80b80' }, taxRateRef: { id: 'OUTPUT2' } },
        ],
        paymentAllocations: [
          {
            payment: { id: '0c2e4a6b-8d1f-4c3e-9a5b-7d9f1b3c5ea4', reference: 'INV-0039', currency: 'USD', paidOnDate: '2024-05-29T00:00:00Z', totalAmount: 100 },
            allocation: { currency: 'USD', allocatedOnDate: '2024-05-29T00:00:00Z', totalAmount: 100 },
          },
        ],
        note: 'Damaged stock',
        sourceModifiedDate: '2024-05-29T16:26:40Z',
      },
    })
  })

  it('reads a used-up supplier credit as Paid against its bill, and a deleted one as Void and deleted', () => {
    expect(fromSuppliers.records[0]!.data).toMatchObject({
      supplierRef: { id: 'd4b8e2f6-1a3c-4e5d-9b7f-0c2a4e6d8f10', supplierName: 'Pennine Office Supplies Ltd' },
      status: 'Paid',
      remainingCredit: 0,
      paymentAllocations: [{ payment: { id: '5e0c9a7d-2b4f-4d1e-8c3a-6f9b1d2e4a70', reference: 'SUP-88213' }, allocation: { totalAmount: 240 } }],
    })
    expect(toCustomers.records[1]!.data).toMatchObject({ status: 'Void', remainingCredit: 12, metadata: { isDeleted: true } })
    expect(toCustomers.records[1]!.data.paymentAllocations).toBeUndefined()
  })

  it('refuses a credit note without an id', () => {
    expect(() => xeroCreditNotes.read(answer({ CreditNotes: [{ Type: 'ACCRECCREDIT', Total: 1 }] }), context, undefined)).toThrow(new DataSourceError("Xero's CreditNotes[0] has no CreditNoteID."))
  })
})
