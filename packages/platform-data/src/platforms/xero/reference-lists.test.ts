import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroItems, xeroTaxRates, xeroTrackingCategories } from './reference-lists.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: new Date('2024-06-01T00:00:00Z'), pageSize: 100 }
const read = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, any>

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero tax rates', () => {
  it('reads the whole list every time (Xero bounds it by no date), each rate by its TaxType', () => {
    expect(xeroTaxRates.request(context, undefined)).toEqual({ url: 'https://api.xero.com/api.xro/2.0/TaxRates', headers: { 'xero-tenant-id': TENANT_ID } })
    const { records } = xeroTaxRates.read(answer(read('tax-rates.json')), context, undefined)
    expect(records.map((record) => record.data)).toEqual([
      { id: 'OUTPUT2', code: 'OUTPUT2', name: '20% (VAT on Income)', status: 'Active', effectiveTaxRate: 20, totalTaxRate: 20, components: [{ name: 'VAT', rate: 20, isCompound: false }] },
      {
        id: 'TAX002',
        code: 'TAX002',
        name: 'Sales tax (Austin)',
        status: 'Archived',
        effectiveTaxRate: 8.25,
        totalTaxRate: 8.25,
        components: [
          { name: 'State', rate: 6.25, isCompound: false },
          { name: 'City', rate: 2, isCompound: false },
        ],
      },
    ])
    for (const record of records) expect(DATA_TYPE_DEFINITIONS.taxRates.schema.parse(record.data)).toEqual(record.data)
  })

  it('refuses a rate without a TaxType', () => {
    expect(() => xeroTaxRates.read(answer({ TaxRates: [{ Name: 'No code' }] }), context, undefined)).toThrow(new DataSourceError("Xero's TaxRates[0] has no TaxType."))
  })
})

describe('Xero tracking categories', () => {
  it('asks for archived ones too, and reads each category and its options as one flat tree', () => {
    expect(xeroTrackingCategories.request(context, undefined)).toEqual({ url: 'https://api.xero.com/api.xro/2.0/TrackingCategories?includeArchived=true', headers: { 'xero-tenant-id': TENANT_ID } })
    const { records } = xeroTrackingCategories.read(answer(read('tracking-categories.json')), context, undefined)
    expect(records.map((record) => record.data)).toEqual([
      { id: '9b1d3f5a-7c2e-4e6a-8b0d-1f3a5c7e9b24', name: 'Region', status: 'Active', hasChildren: true },
      { id: '6c8e0a2b-4d6f-4b8a-9c1e-3a5c7e9b1d36', name: 'North', status: 'Active', hasChildren: false, parentId: '9b1d3f5a-7c2e-4e6a-8b0d-1f3a5c7e9b24' },
      { id: '8e0a2c4b-6d1f-4d3a-9e5b-7f9b1d3a5c92', name: 'Overseas', status: 'Archived', hasChildren: false, parentId: '9b1d3f5a-7c2e-4e6a-8b0d-1f3a5c7e9b24' },
      { id: '4f6a8c0e-2b1d-4e3f-9a5c-7e9b1d3f5aa3', name: 'Project', status: 'Archived', hasChildren: false },
    ])
    for (const record of records) expect(DATA_TYPE_DEFINITIONS.trackingCategories.schema.parse(record.data)).toEqual(record.data)
  })
})

describe('Xero items', () => {
  it('asks for items changed since the last sync', () => {
    expect(xeroItems.request(context, undefined)).toEqual({ url: 'https://api.xero.com/api.xro/2.0/Items', headers: { 'xero-tenant-id': TENANT_ID, 'if-modified-since': '2024-06-01T00:00:00Z' } })
  })

  it('reads a service that is only sold and stock that is bought and sold', () => {
    const { records } = xeroItems.read(answer(read('items.json')), context, undefined)
    expect(records).toEqual([
      {
        id: 'c8c54d65-f3f2-452d-926e-bf450b12fb07',
        modifiedAt: new Date('2024-03-01T00:00:00Z'),
        data: {
          id: 'c8c54d65-f3f2-452d-926e-bf450b12fb07',
          name: 'Website maintenance',
          code: 'MAINT',
          itemStatus: 'Active',
          type: 'NonInventory',
          isBillItem: false,
          isInvoiceItem: true,
          invoiceItem: { description: 'Website maintenance, per day', unitPrice: 250, taxRateRef: { id: 'OUTPUT2' } },
          sourceModifiedDate: '2024-03-01T00:00:00Z',
        },
      },
      {
        id: 'e0a2c4b6-8d1f-4a3c-9e5b-7d9f1b3c5ec5',
        modifiedAt: new Date('2024-05-01T00:00:00Z'),
        data: {
          id: 'e0a2c4b6-8d1f-4a3c-9e5b-7d9f1b3c5ec5',
          name: 'Oak desk',
          code: 'DESK-OAK',
          itemStatus: 'Active',
          type: 'Inventory',
          isBillItem: true,
          isInvoiceItem: true,
          billItem: { description: 'Oak veneer desk, flat-packed', unitPrice: 120, taxRateRef: { id: 'INPUT2' } },
          invoiceItem: { description: 'Oak veneer desk', unitPrice: 200, taxRateRef: { id: 'OUTPUT2' } },
          sourceModifiedDate: '2024-05-01T00:00:00Z',
        },
      },
    ])
    for (const record of records) expect(DATA_TYPE_DEFINITIONS.items.schema.parse(record.data)).toEqual(record.data)
  })
})
