import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroPurchaseOrders } from './purchase-orders.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const read = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, any>

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero purchase orders', () => {
  it('asks for them a page at a time', () => {
    expect(xeroPurchaseOrders.request(context, { page: 2, pageSize: 100 })).toEqual({ url: 'https://api.xero.com/api.xro/2.0/PurchaseOrders?page=2&pageSize=100', headers: { 'xero-tenant-id': TENANT_ID } })
  })

  const result = xeroPurchaseOrders.read(answer(read('purchase-orders-page-1.json')), context, undefined)

  it('reads a billed order field by field, as Closed', () => {
    expect(result.records[0]!.data).toEqual({
      id: 'a2c4e6b8-0d1f-4c3e-9a5b-7d9f1b3c5ee7',
      purchaseOrderNumber: 'PO-0012',
      status: 'Closed',
      supplierRef: { id: 'd4b8e2f6-1a3c-4e5d-9b7f-0c2a4e6d8f10', supplierName: 'Pennine Office Supplies Ltd' },
      issueDate: '2024-05-10T00:00:00Z',
      expectedDeliveryDate: '2024-05-24T00:00:00Z',
      currency: 'GBP',
      currencyRate: 1,
      lineItems: [
        {
          description: 'Oak veneer desk',
          unitAmount: 200,
          quantity: 3,
          subTotal: 600,
          taxAmount: 120,
          totalAmount: 720,
          accountRef: { id: '3a5c7e9b-1d2f-4a6c-8e0b-2d4f6a8c0e12' },
          itemRef: { id: 'e0a2c4b6-8d1f-4a3c-9e5b-7d9f1b3c5ec5', name: 'Oak desk' },
          taxRateRef: { id: 'INPUT2' },
        },
      ],
      subTotal: 600,
      totalDiscount: 0,
      totalTaxAmount: 120,
      totalAmount: 720,
      note: 'Office move',
      sourceModifiedDate: '2024-05-20T00:00:00Z',
    })
    expect(result).toMatchObject({ next: undefined, totalRecords: 2 })
  })

  it('mirrors a deleted order as Void and deleted', () => {
    expect(result.records[1]!.data).toMatchObject({ status: 'Void', metadata: { isDeleted: true } })
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.purchaseOrders.schema.parse(record.data)).toEqual(record.data)
  })

  it('reads Xero’s statuses as an order’s', () => {
    const order = read('purchase-orders-page-1.json')['PurchaseOrders'][0]
    const statusOf = (Status: string) => xeroPurchaseOrders.read(answer({ PurchaseOrders: [{ ...order, Status }] }), context, undefined).records[0]!.data.status
    expect(['DRAFT', 'SUBMITTED', 'AUTHORISED', 'BILLED', 'NEW'].map(statusOf)).toEqual(['Draft', 'Draft', 'Open', 'Closed', 'Unknown'])
  })
})
