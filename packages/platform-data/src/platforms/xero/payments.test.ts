import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroBillPayments, xeroPayments } from './payments.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const page = JSON.parse(readFileSync(new URL('./fixtures/payments-page-1.json', import.meta.url), 'utf8')) as { Payments: Array<Record<string, unknown>> }
const BANK_ACCOUNT_ID = 'ebd06280-af70-4bed-97c6-7451a454ad85'

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero payments: requests', () => {
  it('asks Payments for one side of the books each, by PaymentType', () => {
    const whereOf = (url: string) => new URL(url).searchParams.get('where')
    expect(whereOf(xeroPayments.request(context, undefined).url)).toBe(
      'PaymentType=="ACCRECPAYMENT" OR PaymentType=="ARCREDITPAYMENT" OR PaymentType=="AROVERPAYMENTPAYMENT" OR PaymentType=="ARPREPAYMENTPAYMENT"',
    )
    expect(whereOf(xeroBillPayments.request(context, undefined).url)).toBe(
      'PaymentType=="ACCPAYPAYMENT" OR PaymentType=="APCREDITPAYMENT" OR PaymentType=="APOVERPAYMENTPAYMENT" OR PaymentType=="APPREPAYMENTPAYMENT"',
    )
    expect(xeroBillPayments.request(context, { page: 2, pageSize: 100 }).url).toMatch(/^https:\/\/api\.xero\.com\/api\.xro\/2\.0\/Payments\?page=2&pageSize=100&where=/)
  })
})

describe('Xero payments: reading', () => {
  const received = xeroPayments.read(answer(page), context, undefined)
  const paid = xeroBillPayments.read(answer(page), context, undefined)

  it('splits one list by side: money received is payments, money paid out bill payments', () => {
    expect(received.records.map((record) => record.id)).toEqual(['b8e1d4a2-6c3f-4a9e-8d2b-5f7c1e9a3b64', '6a8c0e2b-4d1f-4a3c-9e5b-7d9f1b3d5a26', '2a4c6e8b-0d1f-4a3c-9e5b-7d9f1b3c5e60'])
    expect(paid.records.map((record) => record.id)).toEqual(['0f3e6a9c-4d2b-4c8e-b1a5-7e9d2c4f6a13', '8c0e2a4b-6d1f-4c3e-9a5b-7f9b1d3e5c48'])
    for (const record of received.records) expect(DATA_TYPE_DEFINITIONS.payments.schema.parse(record.data)).toEqual(record.data)
    for (const record of paid.records) expect(DATA_TYPE_DEFINITIONS.billPayments.schema.parse(record.data)).toEqual(record.data)
  })

  it('reads a payment of an invoice field by field: it takes the amount off the invoice', () => {
    expect(received.records[0]).toEqual({
      id: 'b8e1d4a2-6c3f-4a9e-8d2b-5f7c1e9a3b64',
      modifiedAt: new Date(1716890000000),
      data: {
        id: 'b8e1d4a2-6c3f-4a9e-8d2b-5f7c1e9a3b64',
        date: '2024-05-28T00:00:00Z',
        totalAmount: 600,
        currency: 'GBP',
        currencyRate: 1,
        accountRef: { id: BANK_ACCOUNT_ID },
        reference: 'BACS 2811',
        customerRef: { id: 'a1c4e7b0-3d6f-4b2a-8e5c-9f1d2a3b4c5d', companyName: 'Harbour Lane Bakery Ltd' },
        lines: [{ amount: 600, links: [{ type: 'Invoice', id: '3f7b2c9e-1a4d-4e8b-9c6f-2d5e8a1b4c70', amount: -600 }] }],
        sourceModifiedDate: '2024-05-28T09:53:20Z',
      },
    })
  })

  it('reads a refund of a credit note as paying the credit out, in the organisation’s rate, and a deleted one as deleted', () => {
    expect(received.records[1]!.data).toMatchObject({
      currency: 'USD',
      currencyRate: 0.788084167,
      lines: [{ amount: 250, links: [{ type: 'CreditNote', id: '9c1e3a5b-7d2f-4b4a-8e6c-0a2c4e6b8d37', amount: 250 }] }],
      metadata: { isDeleted: true },
    })
    expect(received.records[2]!.data.lines).toEqual([{ amount: 80, links: [{ type: 'PaymentOnAccount', id: '4c6e8a0b-2d1f-4c3e-9a5b-7d9f1b3c5e71', amount: -80 }] }])
  })

  it('reads a bill payment field by field, and an overpayment to a supplier as a payment on account', () => {
    expect(paid.records[0]!.data).toEqual({
      id: '0f3e6a9c-4d2b-4c8e-b1a5-7e9d2c4f6a13',
      date: '2024-06-03T00:00:00Z',
      totalAmount: 300,
      currency: 'GBP',
      currencyRate: 1,
      accountRef: { id: BANK_ACCOUNT_ID },
      reference: 'BP-2024-06',
      supplierRef: { id: 'd4b8e2f6-1a3c-4e5d-9b7f-0c2a4e6d8f10', supplierName: 'Pennine Office Supplies Ltd' },
      lines: [{ amount: 300, links: [{ type: 'Bill', id: '5e0c9a7d-2b4f-4d1e-8c3a-6f9b1d2e4a70', amount: -300 }], allocatedOnDate: '2024-06-03T00:00:00Z' }],
      sourceModifiedDate: '2024-06-03T09:01:07Z',
    })
    expect(paid.records[1]!.data).toMatchObject({
      supplierRef: { id: 'd4b8e2f6-1a3c-4e5d-9b7f-0c2a4e6d8f10' },
      lines: [{ amount: 1000, links: [{ type: 'PaymentOnAccount', id: '0e2a4c6b-8d1f-4e3a-9c5b-7d9f1a3c5e59', amount: -1000 }] }],
    })
  })

  it('refuses a payment without an amount', () => {
    const { Amount: _, ...withoutAmount } = page.Payments[0]!
    expect(() => xeroPayments.read(answer({ Payments: [withoutAmount] }), context, undefined)).toThrow(new DataSourceError("Xero's payment b8e1d4a2-6c3f-4a9e-8d2b-5f7c1e9a3b64 has no numeric Amount."))
  })
})
