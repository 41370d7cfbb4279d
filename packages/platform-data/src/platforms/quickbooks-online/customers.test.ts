import { readFileSync } from 'node:fs'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformRequest, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { quickbooksCustomers } from './customers.js'

const REALM_ID = '9130357992221046'
const BASE_URL = `https://quickbooks.api.intuit.com/v3/company/${REALM_ID}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { realmId: REALM_ID }, modifiedSince: undefined, pageSize: 1000 }
const page = JSON.parse(readFileSync(new URL('./fixtures/customers.json', import.meta.url), 'utf8')) as { QueryResponse: { Customer: Array<Record<string, unknown>> } }

/** The request for a query, encoded as the first-page test spells out. */
function queryRequest(query: string): PlatformRequest {
  return { url: `${BASE_URL}/query?query=${encodeURIComponent(query)}&minorversion=75`, headers: {} }
}

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: {}, body }
}

describe('QuickBooks customers: requests', () => {
  it('queries active and inactive customers alike', () => {
    expect(quickbooksCustomers.request(context, undefined)).toEqual({
      url: `${BASE_URL}/query?query=SELECT%20*%20FROM%20Customer%20WHERE%20Active%20IN%20(true%2C%20false)%20ORDERBY%20Id%20STARTPOSITION%201%20MAXRESULTS%201000&minorversion=75`,
      headers: {},
    })
  })

  it('queries the next page, and only what changed since the last sync', () => {
    expect(quickbooksCustomers.request({ ...context, modifiedSince: new Date('2024-06-15T12:00:00Z') }, { startPosition: 1001, maxResults: 1000 })).toEqual(
      queryRequest("SELECT * FROM Customer WHERE Active IN (true, false) AND MetaData.LastUpdatedTime >= '2024-06-15T12:00:00+00:00' ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000"),
    )
  })
})

describe('QuickBooks customers: reading', () => {
  const result = quickbooksCustomers.read(answer(page), context, undefined)

  it('reads every customer into the unified model; the last page', () => {
    expect(result.records.map((record) => [record.data.customerName, record.data.status])).toEqual([
      ['Sonnenschein Family Store', 'Active'],
      ['Jardins Lefèvre SARL', 'Active'],
      ['Dylan Sollfrank (deleted)', 'Archived'],
    ])
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS.customers.schema.parse(record.data)).toEqual(record.data)
    expect(result.next).toBeUndefined()
  })

  it('reads a customer field by field', () => {
    expect(result.records[1]).toEqual({
      id: '58',
      modifiedAt: new Date('2024-06-12T15:15:57Z'),
      data: {
        id: '58',
        customerName: 'Jardins Lefèvre SARL',
        contactName: 'Camille Lefèvre',
        emailAddress: 'compta@jardins-lefevre.example',
        phone: '+33 4 78 00 12 34',
        addresses: [{ type: 'Billing', line1: '12 rue des Tanneurs', city: 'Lyon', country: 'France', postalCode: '69002' }],
        defaultCurrency: 'EUR',
        status: 'Active',
        sourceModifiedDate: '2024-06-12T15:15:57Z',
      },
    })
  })

  it('reads both addresses, the state as the region', () => {
    expect(result.records[0]!.data.addresses).toEqual([
      { type: 'Billing', line1: '5647 Cypress Hill Ave.', city: 'Middlefield', region: 'CA', postalCode: '94303' },
      { type: 'Delivery', line1: '5647 Cypress Hill Ave.', city: 'Middlefield', region: 'CA', postalCode: '94303' },
    ])
  })

  it('falls back to the mobile when there is no primary phone', () => {
    const { PrimaryPhone: _, ...mobileOnly } = page.QueryResponse.Customer[1]!
    expect(quickbooksCustomers.read(answer({ QueryResponse: { Customer: [mobileOnly] } }), context, undefined).records[0]!.data.phone).toBe('+33 6 12 34 56 78')
  })

  it('refuses a customer that is not an object', () => {
    expect(() => quickbooksCustomers.read(answer({ QueryResponse: { Customer: [null] } }), context, undefined)).toThrow(new DataSourceError("QuickBooks' Customer[0] is not an object."))
  })
})

describe('QuickBooks paging by Id: the order the next page relies on', () => {
  const queryOf = (url: string) => new URL(url).searchParams.get('query')
  /** A full page (of 2) of customers with these Ids, in this order. */
  const customersWithIds = (...ids: string[]) => answer({ QueryResponse: { Customer: ids.map((Id) => ({ Id, DisplayName: `Customer ${Id}`, Active: true })) } })
  const pageOfTwo = { ...context, pageSize: 2 }

  it('goes on after the last Id when the page ascends as text', () => {
    expect(quickbooksCustomers.read(customersWithIds('10', '9'), pageOfTwo, undefined).next).toEqual({ afterId: '9', maxResults: 2 })
  })

  it('goes on by position to the end of the read when the first page comes in numeric order ("9" before "10"), as Id > would skip', () => {
    const first = quickbooksCustomers.read(customersWithIds('9', '10'), pageOfTwo, undefined)
    expect(first.records.map((record) => record.id)).toEqual(['9', '10'])
    expect(first.next).toEqual({ startPosition: 3, maxResults: 2, byPosition: 1 })
    expect(queryOf(quickbooksCustomers.request(pageOfTwo, first.next).url)).toBe('SELECT * FROM Customer WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 3 MAXRESULTS 2')
    // By position from then on, whatever order the pages come in, to the last (short) page.
    expect(quickbooksCustomers.read(customersWithIds('11', '100'), pageOfTwo, first.next).next).toEqual({ startPosition: 5, maxResults: 2, byPosition: 1 })
    expect(quickbooksCustomers.read(customersWithIds('101'), pageOfTwo, { startPosition: 5, maxResults: 2, byPosition: 1 }).next).toBeUndefined()
  })

  it('refuses a later page in another order than text, naming both Ids: the read by Id could have skipped the ones between', () => {
    expect(() => quickbooksCustomers.read(customersWithIds('12', '11'), pageOfTwo, { afterId: '10', maxResults: 2 })).toThrow(
      new DataSourceError(
        "QuickBooks' paging order was not as expected: Customer Id '11' came after Id '12' on the same page but is not above it as text, the order the next page's Id > '…' relies on; the read stopped rather than skip Customer records.",
      ),
    )
  })

  it('refuses a row not above the Id the page was asked after', () => {
    expect(() => quickbooksCustomers.read(customersWithIds('10', '11'), pageOfTwo, { afterId: '9', maxResults: 2 })).toThrow(
      new DataSourceError(
        "QuickBooks' paging order was not as expected: Customer Id '10' came on the page asked for after Id '9' but is not above it as text, the order the next page's Id > '…' relies on; the read stopped rather than skip Customer records.",
      ),
    )
  })
})
