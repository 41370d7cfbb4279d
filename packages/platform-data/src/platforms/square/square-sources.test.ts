/**
 * What Square's data sources ask for and how they page, on answers in the shape of Square's spec: the pinned
 * Square-Version, cursors, the incremental filters, the order search's walk over the seller's locations ten at a
 * time, and money read from the smallest unit of each currency.
 */
import { SQUARE_API_VERSION } from '@linkway/connectors'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { squarePaymentMethods, squarePayments } from './money-records.js'
import { squareOrders } from './orders.js'
import { squareCustomers, squareTaxComponents } from './seller-records.js'
import { moneyOf } from './square-api.js'

const BASE_URL = 'https://connect.squareup.com'
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { merchant_id: 'ML1' }, modifiedSince: undefined, pageSize: 1000 }
const since = { ...context, modifiedSince: new Date('2025-06-01T08:30:15.250Z') }
const HEADERS = { 'Square-Version': SQUARE_API_VERSION }

function answer(body: unknown): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body }
}

describe('Square data sources: requests and paging', () => {
  it('searches customers 100 a page, oldest first, at the pinned version, then by the cursor Square answered; by updated_at on an incremental read', () => {
    const search = (body: Record<string, unknown>) => ({ url: `${BASE_URL}/v2/customers/search`, headers: HEADERS, method: 'POST', body })
    expect(squareCustomers.request(context, undefined)).toEqual(search({ limit: 100, query: { sort: { field: 'CREATED_AT', order: 'ASC' } } }))
    expect(squareCustomers.request(since, { cursor: 'c-2' })).toEqual(search({ limit: 100, query: { filter: { updated_at: { start_at: '2025-06-01T08:30:15Z' } }, sort: { field: 'CREATED_AT', order: 'ASC' } }, cursor: 'c-2' }))
    const page = squareCustomers.read(answer({ customers: [{ id: 'C1', updated_at: '2025-06-01T10:00:00Z', given_name: 'Ada', family_name: 'Byron' }], cursor: 'c-2' }), context, undefined)
    expect(page.next).toEqual({ cursor: 'c-2' })
    expect(page.records).toEqual([{ id: 'C1', modifiedAt: new Date('2025-06-01T10:00:00Z'), data: { id: 'C1', customerName: 'Ada Byron', modifiedDate: '2025-06-01T10:00:00Z', sourceModifiedDate: '2025-06-01T10:00:00Z' } }])
    // Square leaves an empty list out of its answer.
    expect(squareCustomers.read(answer({}), context, undefined)).toEqual({ records: [], next: undefined })
  })

  it('reads payments location by location (ListPayments answers only the main location without location_id), from long before Square’s one-year default', () => {
    expect(squarePayments.isIncremental).toBe(true)
    expect(squarePayments.request(since, undefined)).toEqual({ url: `${BASE_URL}/v2/locations`, headers: HEADERS })
    const listed = squarePayments.read(answer({ locations: [{ id: 'L1' }, { id: 'L2' }] }), since, undefined)
    expect(listed).toEqual({ records: [], next: { locations: 'L1,L2' } })
    expect(squarePayments.request({ ...context, pageSize: 50 }, listed.next).url).toBe(`${BASE_URL}/v2/payments?begin_time=2009-01-01T00%3A00%3A00Z&sort_order=ASC&limit=50&location_id=L1`)
    // A location's next page, then the next location from its first page.
    const paged = squarePayments.read(answer({ payments: [], cursor: 'p-2' }), since, listed.next)
    expect(paged.next).toEqual({ cursor: 'p-2', locations: 'L1,L2' })
    expect(squarePayments.request(since, paged.next).url).toBe(
      `${BASE_URL}/v2/payments?begin_time=2009-01-01T00%3A00%3A00Z&sort_order=ASC&limit=100&updated_at_begin_time=2025-06-01T08%3A30%3A15Z&location_id=L1&cursor=p-2`,
    )
    expect(squarePayments.read(answer({}), since, paged.next).next).toEqual({ locations: 'L2' })
    expect(squarePayments.request(since, { locations: 'L2' }).url).toContain('&location_id=L2')
    // Every location read: the refunds, of every location at once.
    expect(squarePayments.read(answer({}), since, { locations: 'L2' }).next).toEqual({ list: 'refunds' })
    // The payment methods walk the same locations, and end with them.
    expect(squarePaymentMethods.request(since, { locations: 'L2' }).url).toContain('/v2/payments?')
    expect(squarePaymentMethods.read(answer({ payments: [] }), since, { locations: 'L1,L2' }).next).toEqual({ locations: 'L2' })
    expect(squarePaymentMethods.read(answer({}), since, { locations: 'L2' }).next).toBeUndefined()
  })

  it('reads the refunds after the payments, of every location, with the same filters, each a negative payment back the way it came', () => {
    const payment = { id: 'P1', status: 'COMPLETED', source_type: 'EXTERNAL', external_details: { type: 'OTHER', source: 'PayPal' }, total_money: { amount: 1200, currency: 'GBP' }, created_at: '2025-06-01T10:00:00Z', updated_at: '2025-06-01T10:00:00Z' }
    const payments = squarePayments.read(answer({ payments: [payment] }), since, { locations: 'L1' })
    expect(payments.next).toEqual({ list: 'refunds' })
    expect(payments.records[0]?.data).toMatchObject({ id: 'P1', amount: 12, currency: 'GBP', status: 'Paid', paymentMethodRef: { id: 'EXTERNAL:PayPal', name: 'PayPal' } })
    expect(squarePayments.request(since, payments.next).url).toBe(`${BASE_URL}/v2/refunds?begin_time=2009-01-01T00%3A00%3A00Z&sort_order=ASC&limit=100&updated_at_begin_time=2025-06-01T08%3A30%3A15Z`)
    const refund = { id: 'R1', status: 'COMPLETED', destination_type: 'EXTERNAL', destination_details: { external_details: { type: 'OTHER', source: 'PayPal' } }, amount_money: { amount: 1200, currency: 'GBP' }, payment_id: 'P1', created_at: '2025-06-02T10:00:00Z', updated_at: '2025-06-02T10:00:00Z' }
    const refunds = squarePayments.read(answer({ refunds: [refund], cursor: 'r-2' }), since, payments.next)
    expect(refunds.records[0]?.data).toMatchObject({ id: 'R1', amount: -12, currency: 'GBP', status: 'Paid', paymentMethodRef: { id: 'EXTERNAL:PayPal', name: 'PayPal' } })
    expect(refunds.next).toEqual({ cursor: 'r-2', list: 'refunds' })
    expect(squarePayments.request(since, refunds.next).url).toContain('/v2/refunds?')
    expect(squarePayments.read(answer({}), since, refunds.next).next).toBeUndefined()
    // A seller without locations has only refunds to read.
    expect(squarePayments.read(answer({}), since, undefined).next).toEqual({ list: 'refunds' })
  })

  it('lists the seller’s locations first, then searches their orders ten locations at a time, by updated_at on an incremental read', () => {
    expect(squareOrders.request(since, undefined)).toEqual({ url: `${BASE_URL}/v2/locations`, headers: HEADERS })
    const ids = Array.from({ length: 12 }, (_, index) => `L${index}`)
    const listed = squareOrders.read(answer({ locations: ids.map((id) => ({ id })) }), since, undefined)
    expect(listed).toEqual({ records: [], next: { locations: ids.join(',') } })

    const search = squareOrders.request(since, listed.next)
    expect(search).toEqual({
      url: `${BASE_URL}/v2/orders/search`,
      headers: HEADERS,
      method: 'POST',
      body: {
        location_ids: ids.slice(0, 10),
        limit: 1000,
        query: { filter: { state_filter: { states: ['OPEN', 'COMPLETED', 'CANCELED'] }, date_time_filter: { updated_at: { start_at: '2025-06-01T08:30:15Z' } } }, sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } },
      },
    })
    const paged = squareOrders.read(answer({ orders: [], cursor: 'o-2' }), since, listed.next)
    expect(paged.next).toEqual({ cursor: 'o-2', locations: ids.join(',') })
    expect((squareOrders.request(since, paged.next).body as Record<string, unknown>)['cursor']).toBe('o-2')
    // The ten done, the two left, from their first page.
    expect(squareOrders.read(answer({}), since, paged.next).next).toEqual({ locations: 'L10,L11' })
    expect((squareOrders.request(since, { locations: 'L10,L11' }).body as Record<string, unknown>)['location_ids']).toEqual(['L10', 'L11'])
    expect(squareOrders.read(answer({}), since, { locations: 'L10,L11' }).next).toBeUndefined()
    // A seller without locations has no orders to search.
    expect(squareOrders.read(answer({}), since, undefined)).toEqual({ records: [], next: undefined })
  })

  it('reads an order’s money from the smallest unit, its lines’ taxes by the order’s tax uid', () => {
    const order = {
      id: 'O1',
      location_id: 'L1',
      reference_id: '1001',
      customer_id: 'C1',
      created_at: '2025-06-01T10:00:00Z',
      updated_at: '2025-06-02T10:00:00Z',
      state: 'COMPLETED',
      line_items: [{ uid: 'a', name: 'Mug', quantity: '2', catalog_object_id: 'V1', base_price_money: { amount: 500, currency: 'GBP' }, total_tax_money: { amount: 200, currency: 'GBP' }, total_money: { amount: 1200, currency: 'GBP' }, applied_taxes: [{ uid: 'x', tax_uid: 't', applied_money: { amount: 200, currency: 'GBP' } }] }],
      taxes: [{ uid: 't', catalog_object_id: 'TAX1', name: 'VAT 20%', percentage: '20', type: 'ADDITIVE', scope: 'LINE_ITEM' }],
      refunds: [{ id: 'R1', location_id: 'L1', reason: 'Returned', amount_money: { amount: 1200, currency: 'GBP' }, status: 'APPROVED' }],
      total_money: { amount: 1200, currency: 'GBP' },
      total_tax_money: { amount: 200, currency: 'GBP' },
      total_discount_money: { amount: 0, currency: 'GBP' },
    }
    const [record] = squareOrders.read(answer({ orders: [order] }), context, { locations: 'L1' }).records
    expect(record).toEqual({
      id: 'O1',
      modifiedAt: new Date('2025-06-02T10:00:00Z'),
      data: {
        id: 'O1',
        orderNumber: '1001',
        currency: 'GBP',
        customerRef: { id: 'C1' },
        locationRef: { id: 'L1' },
        createdDate: '2025-06-01T10:00:00Z',
        modifiedDate: '2025-06-02T10:00:00Z',
        sourceModifiedDate: '2025-06-02T10:00:00Z',
        totalAmount: 12,
        totalTaxAmount: 2,
        totalDiscount: 0,
        totalRefund: -12,
        orderLineItems: [{ id: 'O1-a', quantity: 2, unitPrice: 5, totalTaxAmount: 2, totalAmount: 12, taxes: [{ rate: 2, taxComponentRef: { id: 'TAX1', name: 'VAT 20%' } }], taxPercentage: 20, productVariantRef: { id: 'V1', name: 'Mug' } }],
      },
    })
    expect(() => squareOrders.read(answer({ orders: [{ id: 'O2' }] }), context, { locations: 'L1' })).toThrow(DataSourceError)
  })

  it('takes an INCLUSIVE tax out of the unit price, by its amount without a discount and by its rate with one', () => {
    // A UK seller's price with VAT in it: 2 × 6.00 gross, 2.00 of it VAT; then the same line with 1.20 off.
    const line = (discount: number, tax: number, total: number) => ({
      uid: 'a',
      quantity: '2',
      base_price_money: { amount: 600, currency: 'GBP' },
      total_discount_money: { amount: discount, currency: 'GBP' },
      total_tax_money: { amount: tax, currency: 'GBP' },
      total_money: { amount: total, currency: 'GBP' },
      applied_taxes: [{ uid: 'x', tax_uid: 't', applied_money: { amount: tax, currency: 'GBP' } }],
    })
    const orderWith = (lineItem: object) => ({
      id: 'O3',
      location_id: 'L1',
      state: 'COMPLETED',
      created_at: '2025-06-01T10:00:00Z',
      updated_at: '2025-06-02T10:00:00Z',
      line_items: [lineItem],
      taxes: [{ uid: 't', name: 'VAT', percentage: '20', type: 'INCLUSIVE', scope: 'LINE_ITEM' }],
      total_money: { amount: 1200, currency: 'GBP' },
    })
    const unitPriceOf = (lineItem: object) => squareOrders.read(answer({ orders: [orderWith(lineItem)] }), context, { locations: 'L1' }).records[0]!.data.orderLineItems![0]!.unitPrice
    expect(unitPriceOf(line(0, 200, 1200))).toBe(5)
    expect(unitPriceOf(line(120, 180, 1080))).toBe(5)
    // The discount came off the gross, so it has VAT in it too, which the reference's totalDiscount leaves out: 1.20 / 1.2.
    const discounted = { ...orderWith(line(120, 180, 1080)), total_discount_money: { amount: 120, currency: 'GBP' } }
    expect(squareOrders.read(answer({ orders: [discounted] }), context, { locations: 'L1' }).records[0]!.data.totalDiscount).toBe(1)
  })

  it('reads money in each currency’s own smallest unit, and a tax’s percentage as a fraction', () => {
    expect(moneyOf({ amount: 15414, currency: 'GBP' })).toEqual({ amount: 154.14, currency: 'GBP' })
    expect(moneyOf({ amount: 1500, currency: 'JPY' })).toEqual({ amount: 1500, currency: 'JPY' })
    expect(moneyOf({ amount: 1500, currency: 'BHD' })).toEqual({ amount: 1.5, currency: 'BHD' })
    expect(moneyOf({ amount: 1.5, currency: 'GBP' })).toBeUndefined()
    const [tax] = squareTaxComponents.read(answer({ objects: [{ type: 'TAX', id: 'T1', updated_at: '2025-06-01T10:00:00Z', tax_data: { name: 'Sales tax', percentage: '8.875', calculation_phase: 'TAX_SUBTOTAL_PHASE' } }] }), context, undefined).records
    expect(tax?.data).toMatchObject({ id: 'T1', name: 'Sales tax', rate: 0.08875, isCompound: false })
  })
})
