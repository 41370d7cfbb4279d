import { readFileSync } from 'node:fs'
import { COMMERCE_DATATYPES, SHOPIFY_API_VERSION } from '@linkway/connectors'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { createPlatformCatalogue } from '../../platform-catalogue.js'
import { shopifyDataSources } from './index.js'
import { shopifyCompanyInfo, shopifyCustomers, shopifyLocations, shopifyProductCategories, shopifyProducts } from './shop-records.js'

const BASE_URL = `https://acme-outdoors.myshopify.com/admin/api/${SHOPIFY_API_VERSION}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { shop: 'acme-outdoors' }, modifiedSince: undefined, pageSize: 1000 }
const since: SourceContext = { ...context, modifiedSince: new Date('2024-06-01T08:30:15Z') }
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'))
const NEXT = 'eyJsYXN0X2lkIjo0ODI4NjUyMzgsImRpcmVjdGlvbiI6Im5leHQifQ'

function answer(body: unknown, link?: string): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', ...(link === undefined ? {} : { link: `<${BASE_URL}/x.json?limit=250&page_info=${link}>; rel="next"` }) }, body }
}

describe('Shopify companyInfo (GET /shop.json)', () => {
  it('asks for the shop, never paged nor filtered', () => {
    expect(shopifyCompanyInfo.isIncremental).toBe(false)
    expect(shopifyCompanyInfo.request(context, undefined)).toEqual({ url: `${BASE_URL}/shop.json`, headers: {} })
  })

  it('reads the shop field by field', () => {
    const page = shopifyCompanyInfo.read(answer(fixture('shop')), context, undefined)
    expect(page.next).toBeUndefined()
    expect(page.records).toEqual([
      {
        id: '690933842',
        modifiedAt: new Date('2024-06-10T21:40:02Z'),
        data: {
          companyName: 'Acme Outdoors',
          commercePlatformRef: '690933842',
          addresses: [{ type: 'Billing', line1: '1200 Trail Ridge Rd', line2: 'Suite 4', city: 'Austin', region: 'Texas', country: 'US', postalCode: '78701' }],
          phoneNumbers: [{ number: '+1 512-555-0142', type: 'Primary' }],
          webLinks: [{ type: 'Website', url: 'https://shop.acme-outdoors.example' }],
          baseCurrency: 'USD',
          createdDate: '2023-03-14T14:12:44Z',
          modifiedDate: '2024-06-10T21:40:02Z',
          sourceModifiedDate: '2024-06-10T21:40:02Z',
        },
      },
    ])
    expect(DATA_TYPE_DEFINITIONS['commerce-companyInfo'].schema.parse(page.records[0]!.data)).toEqual(page.records[0]!.data)
  })

  it('refuses an answer without a shop', () => {
    expect(() => shopifyCompanyInfo.read(answer({ errors: 'Not Found' }), context, undefined)).toThrow(new DataSourceError("Shopify's answer has no shop object."))
  })
})

describe('Shopify customers (GET /customers.json)', () => {
  const page = shopifyCustomers.read(answer(fixture('customers')), context, undefined)

  it('asks for Shopify’s largest page, and only customers updated since the last sync', () => {
    expect(shopifyCustomers.request(context, undefined).url).toBe(`${BASE_URL}/customers.json?limit=250`)
    expect(shopifyCustomers.request(since, undefined).url).toBe(`${BASE_URL}/customers.json?limit=250&updated_at_min=2024-06-01T08%3A30%3A15Z`)
    expect(shopifyCustomers.request(since, { pageInfo: NEXT }).url).toBe(`${BASE_URL}/customers.json?limit=250&page_info=${NEXT}`)
  })

  it('reads a customer with an address and a note', () => {
    expect(page.records[0]).toEqual({
      id: '7402918084863',
      modifiedAt: new Date('2024-06-05T15:22:41Z'),
      data: {
        id: '7402918084863',
        customerName: 'Maria Gonzalez',
        emailAddress: 'maria.gonzalez@example.com',
        phone: '+15125550187',
        addresses: [{ type: 'Unknown', line1: '48 Barton Springs Rd', line2: 'Apt 12', city: 'Austin', region: 'Texas', country: 'US', postalCode: '78704' }],
        note: 'Prefers delivery after 5pm',
        defaultCurrency: 'USD',
        createdDate: '2024-01-22T15:05:31Z',
        modifiedDate: '2024-06-05T15:22:41Z',
        sourceModifiedDate: '2024-06-05T15:22:41Z',
      },
    })
  })

  it('leaves out what a customer does not have: no email, phone, note nor address', () => {
    expect(page.records[1]!.data).toEqual({
      id: '7402918117631',
      customerName: 'James Okafor',
      defaultCurrency: 'USD',
      createdDate: '2024-02-03T23:44:09Z',
      modifiedDate: '2024-06-14T02:48:02Z',
      sourceModifiedDate: '2024-06-14T02:48:02Z',
    })
    for (const record of page.records) expect(DATA_TYPE_DEFINITIONS['commerce-customers'].schema.parse(record.data)).toEqual(record.data)
  })

  it('goes on to the rel="next" page, and refuses an answer that is not a customers list', () => {
    expect(shopifyCustomers.read(answer(fixture('customers'), NEXT), context, undefined).next).toEqual({ pageInfo: NEXT })
    expect(() => shopifyCustomers.read(answer({ customers: [{ email: 'x@example.com' }] }), context, undefined)).toThrow(new DataSourceError("Shopify's customers[0] has no id."))
    expect(() => shopifyCustomers.read(answer({ customer: {} }), context, undefined)).toThrow(new DataSourceError("Shopify's answer has no customers array."))
  })
})

describe('Shopify products (GET /products.json)', () => {
  const page = shopifyProducts.read(answer(fixture('products')), context, undefined)

  it('reads an active product’s variants, each with its own sku, price, stock and dates', () => {
    const [jacket] = page.records
    expect(jacket).toMatchObject({ id: '8834511388927', modifiedAt: new Date('2024-06-11T17:30:00Z') })
    expect(jacket!.data).toEqual({
      id: '8834511388927',
      name: 'Packable Rain Jacket',
      description: 'Seam-sealed and light: packs into its own pocket.',
      categorization: 'Outerwear',
      variants: [
        {
          id: '46701294911743',
          name: 'Packable Rain Jacket - L / Moss',
          sku: 'RJ-L-MOSS',
          barcode: '0840012345678',
          status: 'Published',
          isTaxEnabled: true,
          shippingRequired: true,
          prices: [{ unitPrice: 89 }],
          inventory: { totalQuantity: 14 },
          createdDate: '2024-02-01T14:00:12Z',
          modifiedDate: '2024-06-11T17:30:00Z',
          sourceModifiedDate: '2024-06-11T17:30:00Z',
        },
        {
          id: '46701294878975',
          name: 'Packable Rain Jacket - M / Moss',
          sku: 'RJ-M-MOSS',
          status: 'Published',
          isTaxEnabled: true,
          shippingRequired: true,
          prices: [{ unitPrice: 89 }],
          inventory: { totalQuantity: 0 },
          createdDate: '2024-02-01T14:00:12Z',
          modifiedDate: '2024-05-30T13:15:45Z',
          sourceModifiedDate: '2024-05-30T13:15:45Z',
        },
      ],
    })
  })

  it('names a single "Default Title" variant after its product, and a draft’s variants are unpublished', () => {
    const giftCard = page.records[1]!.data
    expect(giftCard.categorization).toBeUndefined()
    expect(giftCard.description).toBeUndefined()
    expect(giftCard.variants).toEqual([expect.objectContaining({ id: '46701295009047', name: 'Gift Card', status: 'Unpublished', isTaxEnabled: false, shippingRequired: false, prices: [{ unitPrice: 25 }] })])
    expect(giftCard.variants![0]!.sku).toBeUndefined()
    for (const record of page.records) expect(DATA_TYPE_DEFINITIONS['commerce-products'].schema.parse(record.data)).toEqual(record.data)
  })

  it('refuses a variant without an id', () => {
    const body = { products: [{ id: 1, title: 'x', variants: [{ price: '1.00' }] }] }
    expect(() => shopifyProducts.read(answer(body), context, undefined)).toThrow(new DataSourceError("Shopify's product 1 has variants[0] without an id."))
  })
})

describe('Shopify productCategories (custom, then smart collections)', () => {
  it('reads the custom collections page by page, then the smart ones, then stops', () => {
    expect(shopifyProductCategories.request(since, undefined).url).toBe(`${BASE_URL}/custom_collections.json?limit=250&updated_at_min=2024-06-01T08%3A30%3A15Z`)
    const customs = shopifyProductCategories.read(answer(fixture('custom_collections'), NEXT), context, undefined)
    expect(customs.next).toEqual({ pageInfo: NEXT, collections: 'custom_collections' })
    expect(shopifyProductCategories.request(since, customs.next).url).toBe(`${BASE_URL}/custom_collections.json?limit=250&page_info=${NEXT}`)

    const lastCustoms = shopifyProductCategories.read(answer(fixture('custom_collections')), context, customs.next)
    expect(lastCustoms.records.map((record) => record.data)).toEqual([
      { id: '482865238', name: 'Rainwear', ancestorRefs: [], hasChildren: false, modifiedDate: '2024-05-02T19:22:18Z', sourceModifiedDate: '2024-05-02T19:22:18Z' },
    ])
    expect(lastCustoms.next).toEqual({ collections: 'smart_collections' })
    // The smart collections' first page carries the filters again.
    expect(shopifyProductCategories.request(since, lastCustoms.next).url).toBe(`${BASE_URL}/smart_collections.json?limit=250&updated_at_min=2024-06-01T08%3A30%3A15Z`)

    const smart = shopifyProductCategories.read(answer(fixture('smart_collections')), context, lastCustoms.next)
    expect(smart.records.map((record) => [record.id, record.data.name])).toEqual([['1063001322', 'Under $50']])
    expect(smart.next).toBeUndefined()
    for (const record of [...lastCustoms.records, ...smart.records]) expect(DATA_TYPE_DEFINITIONS['commerce-productCategories'].schema.parse(record.data)).toEqual(record.data)
  })

  it('refuses a smart collections page that is not one', () => {
    expect(() => shopifyProductCategories.read(answer(fixture('custom_collections')), context, { collections: 'smart_collections' })).toThrow(
      new DataSourceError("Shopify's answer has no smart_collections array."),
    )
  })
})

describe('Shopify locations (GET /locations.json)', () => {
  it('reads every location each sync (Shopify has no change filter for them), its address an inventory one', () => {
    expect(shopifyLocations.isIncremental).toBe(false)
    expect(shopifyLocations.request(context, undefined).url).toBe(`${BASE_URL}/locations.json?limit=250`)
    const page = shopifyLocations.read(answer(fixture('locations')), context, undefined)
    expect(page.records.map((record) => record.data)).toEqual([
      {
        id: '655441491',
        name: 'Austin Warehouse',
        address: { type: 'Inventory', line1: '9100 Metric Blvd', city: 'Austin', region: 'Texas', country: 'US', postalCode: '78758' },
        modifiedDate: '2024-04-18T15:01:55Z',
        sourceModifiedDate: '2024-04-18T15:01:55Z',
      },
      { id: '611870435', name: 'Pop-up stand', address: { type: 'Inventory', country: 'US' }, modifiedDate: '2024-05-01T13:00:00Z', sourceModifiedDate: '2024-05-01T13:00:00Z' },
    ])
    for (const record of page.records) expect(DATA_TYPE_DEFINITIONS['commerce-locations'].schema.parse(record.data)).toEqual(record.data)
  })
})

describe('Shopify in the catalogue', () => {
  it('offers exactly the data types Linkway reads from it', () => {
    const shopify = createPlatformCatalogue().get('fztf')!
    expect(shopify.datatypeFeatures.map((feature) => feature.datatype).sort()).toEqual(Object.keys(shopifyDataSources).sort())
    expect(Object.keys(shopifyDataSources).sort()).toEqual([...COMMERCE_DATATYPES].sort())
  })
})
