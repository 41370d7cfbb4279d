import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { xeroCustomers } from './contacts.js'

const TENANT_ID = '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11'
const context: SourceContext = { baseUrl: 'https://api.xero.com/api.xro/2.0', connectionInfo: { tenantId: TENANT_ID }, modifiedSince: undefined, pageSize: 100 }
const page = JSON.parse(readFileSync(new URL('./fixtures/contacts-page-1.json', import.meta.url), 'utf8')) as { Contacts: Array<Record<string, unknown>> }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

const FILTERS = 'where=IsCustomer%3D%3Dtrue&includeArchived=true'

describe('Xero customers: requests', () => {
  it('asks for the first page of contacts that are customers, archived ones included', () => {
    expect(xeroCustomers.request(context, undefined)).toEqual({
      url: `https://api.xero.com/api.xro/2.0/Contacts?page=1&pageSize=100&${FILTERS}`,
      headers: { 'xero-tenant-id': TENANT_ID },
    })
  })

  it('asks for the next page', () => {
    expect(xeroCustomers.request(context, { page: 2, pageSize: 100 }).url).toBe(`https://api.xero.com/api.xro/2.0/Contacts?page=2&pageSize=100&${FILTERS}`)
  })

  it('reads every customer on every sync: Xero marks a contact a customer without changing its UpdatedDateUTC', () => {
    expect(xeroCustomers.isIncremental).toBe(false)
    expect(xeroCustomers.request({ ...context, modifiedSince: new Date('2024-06-15T23:59:59.999Z') }, undefined).headers).toEqual({ 'xero-tenant-id': TENANT_ID })
  })
})

describe('Xero customers: reading a page', () => {
  const result = xeroCustomers.read(answer(page), context, undefined)

  it('reads every contact into the unified model; the last page, with the total', () => {
    expect(result.records.map((record) => [record.data.customerName, record.data.status])).toEqual([
      ['Harbour Lane Bakery Ltd', 'Active'],
      ['Bluebonnet Software Inc.', 'Active'],
      ['Kestrel Events (closed)', 'Archived'],
    ])
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.customers.schema.parse(record.data)).toEqual(record.data)
    expect(result.next).toBeUndefined()
    expect(result.totalRecords).toBe(3)
  })

  it('reads a customer field by field', () => {
    expect(result.records[0]).toEqual({
      id: 'a1c4e7b0-3d6f-4b2a-8e5c-9f1d2a3b4c5d',
      modifiedAt: new Date('2024-06-10T09:41:27.113Z'),
      data: {
        id: 'a1c4e7b0-3d6f-4b2a-8e5c-9f1d2a3b4c5d',
        customerName: 'Harbour Lane Bakery Ltd',
        contactName: 'Priya Raman',
        emailAddress: 'accounts@harbourlanebakery.co.uk',
        phone: '+44 01227 273111',
        addresses: [
          { type: 'Delivery', line1: '14 Harbour Lane', city: 'Whitstable', region: 'Kent', country: 'United Kingdom', postalCode: 'CT5 1AB' },
          { type: 'Billing', line1: 'Unit 3, Old Dairy Yard', line2: 'Canterbury Road', city: 'Whitstable', region: 'Kent', country: 'United Kingdom', postalCode: 'CT5 4HQ' },
        ],
        contacts: [{ name: 'Tom Fenwick', email: 'tom@harbourlanebakery.co.uk', status: 'Active' }],
        defaultCurrency: 'GBP',
        registrationNumber: '09876543',
        taxNumber: 'GB123456789',
        status: 'Active',
        sourceModifiedDate: '2024-06-10T09:41:27Z',
      },
    })
  })

  it('leaves out the blank address slot Xero always sends', () => {
    expect(result.records[1]!.data.addresses).toEqual([{ type: 'Billing', line1: '800 Congress Ave', line2: 'Suite 1200', city: 'Austin', region: 'TX', country: 'USA', postalCode: '78701' }])
    expect(result.records[1]!.data).toMatchObject({ phone: '+1 512 555-0142', defaultCurrency: 'USD' })
    expect(result.records[1]!.data.contactName).toBeUndefined()
  })

  it('mirrors an archived contact as deleted, and leaves the flag off the others', () => {
    expect(result.records[2]!.data.metadata).toEqual({ isDeleted: true })
    expect(result.records[0]!.data.metadata).toBeUndefined()
  })

  it('falls back to the mobile when there is no default phone', () => {
    const mobileOnly = { ...page.Contacts[0]!, Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '' }, { PhoneType: 'MOBILE', PhoneNumber: '7700 900123', PhoneCountryCode: '44' }] }
    expect(xeroCustomers.read(answer({ Contacts: [mobileOnly] }), context, undefined).records[0]!.data.phone).toBe('+44 7700 900123')
  })

  it('goes on after a full page', () => {
    const full = { Contacts: Array.from({ length: 100 }, (_, index) => ({ ...page.Contacts[2]!, ContactID: `contact-${index}` })) }
    expect(xeroCustomers.read(answer(full), context, undefined).next).toEqual({ page: 2, pageSize: 100 })
  })

  it('refuses a body without a Contacts array', () => {
    expect(() => xeroCustomers.read(answer({ Contacts: null }), context, undefined)).toThrow(new DataSourceError("Xero's answer has no Contacts array."))
  })

  it('refuses a contact that is not an object', () => {
    expect(() => xeroCustomers.read(answer({ Contacts: ['Harbour Lane Bakery Ltd'] }), context, undefined)).toThrow(new DataSourceError("Xero's Contacts[0] is not an object."))
  })
})
