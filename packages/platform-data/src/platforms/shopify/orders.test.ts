import { readFileSync } from 'node:fs'
import { SHOPIFY_API_VERSION } from '@linkway/connectors'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { shopifyOrders } from './orders.js'

const BASE_URL = `https://acme-outdoors.myshopify.com/admin/api/${SHOPIFY_API_VERSION}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { shop: 'acme-outdoors' }, modifiedSince: undefined, pageSize: 1000 }
const page = JSON.parse(readFileSync(new URL('./fixtures/orders.json', import.meta.url), 'utf8')) as { orders: Array<Record<string, unknown>> }

const NEXT_PAGE_INFO = 'eyJkaXJlY3Rpb24iOiJuZXh0IiwibGFzdF9pZCI6NTg3MTIxNDQ3NzU2NywibGFzdF92YWx1ZSI6IjIwMjQtMDYtMTQgMjI6MzQ6MTIuMjIyMzYzIn0'
const PREVIOUS_PAGE_INFO = 'eyJkaXJlY3Rpb24iOiJwcmV2IiwibGFzdF9pZCI6NTg3MTIwMzE2NDQxNSwibGFzdF92YWx1ZSI6IjIwMjQtMDYtMDIgMTk6MDc6MTkuMDAwMDAwIn0'
const link = (pageInfo: string, rel: string): string => `<${BASE_URL}/orders.json?limit=250&page_info=${pageInfo}>; rel="${rel}"`

function answer(body: unknown, headers: Record<string, string> = {}): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'x-shopify-shop-api-call-limit': '1/40', ...headers }, body }
}

describe('Shopify orders: requests', () => {
  it('asks for the first page of orders of every status, Shopify’s largest page', () => {
    expect(shopifyOrders.request(context, undefined)).toEqual({ url: `${BASE_URL}/orders.json?status=any&limit=250`, headers: {} })
  })

  it('asks for the engine’s page size when it is smaller', () => {
    expect(shopifyOrders.request({ ...context, pageSize: 50 }, undefined).url).toBe(`${BASE_URL}/orders.json?status=any&limit=50`)
  })

  it('reads only orders updated since the last sync', () => {
    expect(shopifyOrders.request({ ...context, modifiedSince: new Date('2024-06-01T08:30:15.250Z') }, undefined).url).toBe(
      `${BASE_URL}/orders.json?status=any&limit=250&updated_at_min=2024-06-01T08%3A30%3A15Z`,
    )
  })

  it('asks for a next page by its page_info alone, which carries the first request’s filters', () => {
    expect(shopifyOrders.request({ ...context, modifiedSince: new Date('2024-06-01T00:00:00Z') }, { pageInfo: NEXT_PAGE_INFO })).toEqual({
      url: `${BASE_URL}/orders.json?limit=250&page_info=${NEXT_PAGE_INFO}`,
      headers: {},
    })
  })

  it('refuses a stored cursor without a page_info', () => {
    expect(() => shopifyOrders.request(context, { page: 2 })).toThrow(new DataSourceError('The stored Shopify cursor {"page":2} has no pageInfo.'))
  })
})

describe('Shopify orders: reading a page', () => {
  const result = shopifyOrders.read(answer(page), context, undefined)

  it('reads every order into the unified model', () => {
    expect(result.records.map((record) => record.data.orderNumber)).toEqual(['#1001', '#1002', '#1003'])
    for (const record of result.records) expect(DATA_TYPE_DEFINITIONS['commerce-orders'].schema.parse(record.data)).toEqual(record.data)
  })

  it('reads a partly refunded order field by field', () => {
    // Each allocation's rate is the tax amount it put on the line, as the reference describes it.
    const taxOf = (amount: number) => [{ rate: amount, taxComponentRef: { id: 'TX State Tax', name: 'TX State Tax' } }]
    expect(result.records[1]).toEqual({
      id: '5871209889023',
      modifiedAt: new Date('2024-06-13T21:48:02Z'),
      data: {
        id: '5871209889023',
        orderNumber: '#1002',
        country: 'CA',
        currency: 'USD',
        customerRef: { id: '7402918117631', name: 'James Okafor' },
        orderLineItems: [
          {
            id: '14370131230975',
            quantity: 1,
            unitPrice: 89,
            totalTaxAmount: 7.34,
            totalAmount: 96.34,
            taxPercentage: 8.25,
            taxes: taxOf(7.34),
            productRef: { id: '8834511388927', name: 'Packable Rain Jacket' },
            productVariantRef: { id: '46701294911743', name: 'L / Moss' },
          },
          {
            id: '14370131263743',
            quantity: 2,
            unitPrice: 24.5,
            totalTaxAmount: 4.04,
            totalAmount: 53.04,
            taxPercentage: 8.25,
            taxes: taxOf(4.04),
            productRef: { id: '8834511421695', name: 'Insulated Bottle' },
            productVariantRef: { id: '46701294944511', name: '750 ml' },
          },
        ],
        totalAmount: 149.38,
        totalDiscount: 0,
        totalGratuity: 0,
        totalRefund: -26.52,
        totalTaxAmount: 11.38,
        createdDate: '2024-06-06T14:31:55Z',
        sourceModifiedDate: '2024-06-13T21:48:02Z',
      },
    })
  })

  it('nets each line’s discount out of its total, and reads shipping as a service charge', () => {
    const discounted = result.records[0]!.data
    expect(discounted.orderLineItems?.map((line) => line.totalAmount)).toEqual([116.91, 29.23])
    expect(discounted.serviceCharges).toEqual([{ type: 'Shipping', description: 'Standard', quantity: 1, taxAmount: 0, totalAmount: 8 }])
    expect(discounted).toMatchObject({ totalDiscount: 15, totalTaxAmount: 11.14, totalAmount: 154.14, totalRefund: 0, closedDate: '2024-06-05T15:22:41Z', country: 'US' })
  })

  it('keeps the tip out of totalAmount, as the reference’s excludes gratuities, and reads a guest order and a custom line without a product', () => {
    const guest = result.records[2]!.data
    // Shopify's total_price, 140.90, is the lines' 126.00, their 9.90 of tax and the 5.00 tip.
    expect(guest).toMatchObject({ totalGratuity: 5, totalAmount: 135.9 })
    expect(guest.customerRef).toBeUndefined()
    expect(guest.country).toBeUndefined()
    expect(guest.orderLineItems?.[1]).toEqual({ id: '14370142273535', quantity: 1, unitPrice: 6, totalTaxAmount: 0, totalAmount: 6 })
  })

  it('keeps the tax in the line total when the shop’s prices include tax, and takes it out of the unit price', () => {
    const taxIncluded = { ...page.orders[1]!, taxes_included: true }
    const [jacket, bottles] = shopifyOrders.read(answer({ orders: [taxIncluded] }), context, undefined).records[0]!.data.orderLineItems!
    // 89 with 7.34 of tax in it; two bottles at 24.50 with 4.04 in them: (49 − 4.04) / 2.
    expect(jacket).toMatchObject({ unitPrice: 81.66, totalTaxAmount: 7.34, totalAmount: 89 })
    expect(bottles).toMatchObject({ unitPrice: 22.48, totalTaxAmount: 4.04, totalAmount: 49 })
  })

  it('with tax included and a discount, takes the tax out of the unit price and the discount by the rate', () => {
    // A UK order at 20% VAT: 2 × 60.00 gross, 12.00 off (gross) by a code; the VAT is on the 108.00 paid: 18.00.
    const discounted = {
      ...page.orders[1]!,
      taxes_included: true,
      total_discounts: '12.00',
      line_items: [{ id: 1, quantity: 2, price: '60.00', discount_allocations: [{ amount: '12.00', discount_application_index: 0 }], tax_lines: [{ price: '18.00', rate: 0.2, title: 'GB VAT' }] }],
      shipping_lines: [],
    }
    const order = shopifyOrders.read(answer({ orders: [discounted] }), context, undefined).records[0]!.data
    expect(order.orderLineItems).toEqual([
      { id: '1', quantity: 2, unitPrice: 50, totalTaxAmount: 18, totalAmount: 108, taxPercentage: 20, taxes: [{ rate: 18, taxComponentRef: { id: 'GB VAT', name: 'GB VAT' } }] },
    ])
    expect(order.totalDiscount).toBe(10)
  })

  it('takes the tax out of the unit price of a taxed line discounted to nothing, which has no tax amount left', () => {
    const free = {
      ...page.orders[1]!,
      taxes_included: true,
      total_discounts: '120.00',
      line_items: [{ id: 1, quantity: 2, price: '60.00', discount_allocations: [{ amount: '120.00', discount_application_index: 0 }], tax_lines: [{ price: '0.00', rate: 0.2, title: 'GB VAT' }] }],
      shipping_lines: [],
    }
    const order = shopifyOrders.read(answer({ orders: [free] }), context, undefined).records[0]!.data
    expect(order.orderLineItems?.[0]).toMatchObject({ unitPrice: 50, totalAmount: 0 })
  })

  it('refuses a taxed, discounted, tax-included line without a rate to take the tax out of its price', () => {
    const withoutRate = {
      ...page.orders[1]!,
      taxes_included: true,
      line_items: [{ id: 1, quantity: 2, price: '60.00', discount_allocations: [{ amount: '12.00' }], tax_lines: [{ price: '18.00', title: 'GB VAT' }] }],
    }
    expect(() => shopifyOrders.read(answer({ orders: [withoutRate] }), context, undefined)).toThrow(
      new DataSourceError("Shopify's order 5871209889023 has line 1 taxed, discounted and priced with tax included, but no tax rate to take the tax out of its price."),
    )
  })

  it('is the last page without a rel="next" link', () => {
    expect(result.next).toBeUndefined()
    expect(shopifyOrders.read(answer(page, { link: link(PREVIOUS_PAGE_INFO, 'previous') }), context, { pageInfo: PREVIOUS_PAGE_INFO }).next).toBeUndefined()
  })

  it('goes on to the rel="next" link’s page_info, whether or not a previous link comes first', () => {
    expect(shopifyOrders.read(answer(page, { link: link(NEXT_PAGE_INFO, 'next') }), context, undefined).next).toEqual({ pageInfo: NEXT_PAGE_INFO })
    const both = `${link(PREVIOUS_PAGE_INFO, 'previous')}, ${link(NEXT_PAGE_INFO, 'next')}`
    expect(shopifyOrders.read(answer(page, { link: both }), context, { pageInfo: 'x' }).next).toEqual({ pageInfo: NEXT_PAGE_INFO })
  })
})

describe('Shopify orders: answers that are not Shopify’s', () => {
  it('refuses a body without an orders array', () => {
    expect(() => shopifyOrders.read(answer({ errors: 'Not Found' }), context, undefined)).toThrow(new DataSourceError("Shopify's answer has no orders array."))
  })

  it('refuses an order without line items', () => {
    const { line_items: _, ...withoutLines } = page.orders[0]!
    expect(() => shopifyOrders.read(answer({ orders: [withoutLines] }), context, undefined)).toThrow(new DataSourceError("Shopify's order 5871203164415 has no line_items array."))
  })

  it('refuses an order whose total is not money', () => {
    expect(() => shopifyOrders.read(answer({ orders: [{ ...page.orders[0]!, total_price: 'a lot' }] }), context, undefined)).toThrow(
      new DataSourceError("Shopify's order 5871203164415 has no total_price."),
    )
  })

  it('refuses a next link without a page_info', () => {
    expect(() => shopifyOrders.read(answer(page, { link: `<${BASE_URL}/orders.json?page=2>; rel="next"` }), context, undefined)).toThrow(
      new DataSourceError(`Shopify's next-page link has no page_info: ${BASE_URL}/orders.json?page=2`),
    )
  })
})
