import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import type { PlatformResponse, SourceContext } from '../../data-source.js'
import { xeroSuppliers } from './contacts.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const page = JSON.parse(readFileSync(new URL('./fixtures/contacts-suppliers-page-1.json', import.meta.url), 'utf8')) as { Contacts: Array<Record<string, unknown>> }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('Xero suppliers', () => {
  it('asks for contacts that are suppliers, archived ones included', () => {
    expect(xeroSuppliers.request(context, { page: 3, pageSize: 100 })).toEqual({
      url: 'https://api.xero.com/api.xro/2.0/Contacts?page=3&pageSize=100&where=IsSupplier%3D%3Dtrue&includeArchived=true',
      headers: { 'xero-tenant-id': TENANT_ID },
    })
  })

  const result = xeroSuppliers.read(answer(page), context, undefined)

  it('reads a supplier field by field, as the unified Supplier (which has no contact persons)', () => {
    expect(result.records[0]).toEqual({
      id: 'd4b8e2f6-1a3c-4e5d-9b7f-0c2a4e6d8f10',
      modifiedAt: new Date(1715000000000),
      data: {
        id: 'd4b8e2f6-1a3c-4e5d-9b7f-0c2a4e6d8f10',
        supplierName: 'Pennine Office Supplies Ltd',
        contactName: 'Gareth Holt',
        emailAddress: 'orders@pennineoffice.co.uk',
        phone: '+44 01924 250 600',
        addresses: [{ type: 'Billing', line1: 'Unit 9, Calder Park', city: 'Wakefield', region: 'West Yorkshire', country: 'United Kingdom', postalCode: 'WF2 7AW' }],
        defaultCurrency: 'GBP',
        registrationNumber: '04417720',
        taxNumber: 'GB554433221',
        status: 'Active',
        sourceModifiedDate: '2024-05-06T12:53:20Z',
      },
    })
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.suppliers.schema.parse(record.data)).toEqual(record.data)
    expect(result).toMatchObject({ next: undefined, totalRecords: 2 })
  })

  it('mirrors an archived contact as Archived and deleted: Xero archives what it would delete', () => {
    expect(result.records[1]!.data).toEqual({
      id: 'e6a8c0b2-4d6f-4a1c-8e3b-5f7d9b1c3e94',
      supplierName: 'Bluebird Couriers',
      defaultCurrency: 'EUR',
      status: 'Archived',
      metadata: { isDeleted: true },
      sourceModifiedDate: '2024-04-03T00:00:00Z',
    })
  })
})
