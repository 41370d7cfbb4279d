import { readFileSync } from 'node:fs'
import { SHOPIFY_API_VERSION } from '@linkway/connectors'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { DataSourceError, type PlatformResponse, type SourceContext } from '../../data-source.js'
import { shopifyDisputes, shopifyPaymentMethods, shopifyPayments, shopifyTaxComponents, shopifyTransactions } from './money-records.js'

const BASE_URL = `https://acme-outdoors.myshopify.com/admin/api/${SHOPIFY_API_VERSION}`
const context: SourceContext = { baseUrl: BASE_URL, connectionInfo: { shop: 'acme-outdoors' }, modifiedSince: undefined, pageSize: 1000 }
const since: SourceContext = { ...context, modifiedSince: new Date('2024-06-01T08:30:15Z') }
const fixture = (name: string): Record<string, Array<Record<string, unknown>>> => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'))
const answer = (body: unknown): PlatformResponse => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body })

describe('Shopify payments (GET /tender_transactions.json)', () => {
  const page = shopifyPayments.read(answer(fixture('tender_transactions')), context, undefined)

  it('asks for the tender transactions processed since the last sync, oldest first: they never change once processed', () => {
    expect(shopifyPayments.request(context, undefined).url).toBe(`${BASE_URL}/tender_transactions.json?order=processed_at+ASC&limit=250`)
    expect(shopifyPayments.request(since, undefined).url).toBe(`${BASE_URL}/tender_transactions.json?order=processed_at+ASC&limit=250&processed_at_min=2024-06-01T08%3A30%3A15Z`)
    expect(shopifyPaymentMethods.request(since, undefined).url).toBe(shopifyPayments.request(since, undefined).url)
  })

  it('reads a refund as a negative payment, as the reference records refunds', () => {
    expect(page.records[0]).toEqual({
      id: '1011222896',
      modifiedAt: new Date('2024-06-14T02:48:01Z'),
      data: {
        id: '1011222896',
        amount: -26.52,
        currency: 'USD',
        paymentMethodRef: { id: 'credit_card', name: 'Credit card' },
        status: 'Paid',
        createdDate: '2024-06-14T02:48:01Z',
        modifiedDate: '2024-06-14T02:48:01Z',
        sourceModifiedDate: '2024-06-14T02:48:01Z',
      },
    })
    expect(page.records.map((record) => [record.data.amount, record.data.paymentMethodRef?.name])).toEqual([
      [-26.52, 'Credit card'],
      [140.9, 'PayPal'],
      [149.38, 'Credit card'],
    ])
    for (const record of page.records) expect(DATA_TYPE_DEFINITIONS['commerce-payments'].schema.parse(record.data)).toEqual(record.data)
  })
})

describe('Shopify paymentMethods (the methods tender transactions name)', () => {
  it('reads each method once a page, dated by its latest use there; a method Shopify adds later keeps its own name', () => {
    const { tender_transactions: tenders } = fixture('tender_transactions')
    const withNewMethod = [...tenders!, { ...tenders![1]!, id: 1, payment_method: 'klarna', processed_at: '2024-06-01T00:00:00Z' }]
    const page = shopifyPaymentMethods.read(answer({ tender_transactions: withNewMethod }), context, undefined)
    expect(page.records).toEqual([
      { id: 'credit_card', modifiedAt: new Date('2024-06-14T02:48:01Z'), data: { id: 'credit_card', name: 'Credit card', status: 'Active', modifiedDate: '2024-06-14T02:48:01Z', sourceModifiedDate: '2024-06-14T02:48:01Z' } },
      { id: 'paypal', modifiedAt: new Date('2024-06-12T14:14:33Z'), data: { id: 'paypal', name: 'PayPal', status: 'Active', modifiedDate: '2024-06-12T14:14:33Z', sourceModifiedDate: '2024-06-12T14:14:33Z' } },
      { id: 'klarna', modifiedAt: new Date('2024-06-01T00:00:00Z'), data: { id: 'klarna', name: 'klarna', status: 'Active', modifiedDate: '2024-06-01T00:00:00Z', sourceModifiedDate: '2024-06-01T00:00:00Z' } },
    ])
    for (const record of page.records) expect(DATA_TYPE_DEFINITIONS['commerce-paymentMethods'].schema.parse(record.data)).toEqual(record.data)
  })
})

describe('Shopify transactions (GET /shopify_payments/balance/transactions.json)', () => {
  const page = shopifyTransactions.read(answer(fixture('balance_transactions')), context, undefined)

  it('reads the whole balance each sync: the list has no change filter', () => {
    expect(shopifyTransactions.isIncremental).toBe(false)
    expect(shopifyTransactions.request(context, undefined).url).toBe(`${BASE_URL}/shopify_payments/balance/transactions.json?limit=250`)
  })

  it('reads a charge as the payment in and its fee out, two transactions of the order', () => {
    const dates = { createdDate: '2024-06-06T19:31:54Z', sourceCreatedDate: '2024-06-06T19:31:54Z', modifiedDate: '2024-06-06T19:31:54Z', sourceModifiedDate: '2024-06-06T19:31:54Z' }
    const order = { id: '5871209889023', type: 'Order' }
    expect(page.records.slice(0, 2)).toEqual([
      { id: '699519475', modifiedAt: new Date('2024-06-06T19:31:54Z'), data: { id: '699519475', type: 'Payment', subType: 'charge', totalAmount: 149.38, currency: 'USD', transactionSourceRef: order, ...dates } },
      { id: '699519475-fee', modifiedAt: new Date('2024-06-06T19:31:54Z'), data: { id: '699519475-fee', type: 'PaymentFee', subType: 'fee', totalAmount: -4.63, currency: 'USD', transactionSourceRef: order, ...dates } },
    ])
  })

  it('reads refunds and payouts as money out, and keeps Shopify’s word for a type the reference does not name', () => {
    expect(page.records.slice(2).map((record) => [record.id, record.data.type, record.data.subType, record.data.totalAmount, record.data.transactionSourceRef?.id])).toEqual([
      ['699519476', 'Refund', 'refund', -26.52, '5871209889023'],
      ['699519477', 'Payout', 'payout', -144.75, undefined],
      ['699519478', 'Unknown', 'reserve', -10, undefined],
    ])
    for (const record of page.records) expect(DATA_TYPE_DEFINITIONS['commerce-transactions'].schema.parse(record.data)).toEqual(record.data)
  })

  it('reads a fee given back as a PaymentFeeRefund, money in', () => {
    const { transactions } = fixture('balance_transactions')
    const refundedFee = { ...transactions![1]!, fee: '-0.77' }
    const [, fee] = shopifyTransactions.read(answer({ transactions: [refundedFee] }), context, undefined).records
    expect(fee!.data).toMatchObject({ id: '699519476-fee', type: 'PaymentFeeRefund', totalAmount: 0.77 })
  })
})

describe('Shopify disputes (GET /shopify_payments/disputes.json)', () => {
  it('reads a chargeback awaiting evidence, against its order', () => {
    expect(shopifyDisputes.isIncremental).toBe(false)
    expect(shopifyDisputes.request(context, undefined).url).toBe(`${BASE_URL}/shopify_payments/disputes.json?limit=250`)
    const page = shopifyDisputes.read(answer(fixture('disputes')), context, undefined)
    expect(page.records[0]).toEqual({
      id: '1052608616',
      modifiedAt: new Date('2024-06-16T15:12:00Z'),
      data: {
        id: '1052608616',
        disputedTransactions: [{ id: '5871209889023', type: 'Order' }],
        totalAmount: 149.38,
        currency: 'USD',
        status: 'EvidenceRequired',
        reason: 'fraudulent',
        dueDate: '2024-07-02T00:00:00Z',
        createdDate: '2024-06-16T15:12:00Z',
        modifiedDate: '2024-06-16T15:12:00Z',
        sourceModifiedDate: '2024-06-16T15:12:00Z',
      },
    })
    // Finalized: its last change is when it was decided.
    expect(page.records[1]!.data).toMatchObject({ status: 'InquiryClosed', sourceModifiedDate: '2024-06-25T19:00:00Z' })
    for (const record of page.records) expect(DATA_TYPE_DEFINITIONS['commerce-disputes'].schema.parse(record.data)).toEqual(record.data)
  })

  it.each([
    ['needs_response', 'inquiry', 'InquiryEvidenceRequired'],
    ['under_review', 'chargeback', 'Processing'],
    ['under_review', 'inquiry', 'InquiryProcessing'],
    ['charge_refunded', 'chargeback', 'ChargeRefunded'],
    ['accepted', 'chargeback', 'Accepted'],
    ['won', 'chargeback', 'Won'],
    ['lost', 'chargeback', 'Lost'],
    ['prevented', 'chargeback', 'Unknown'],
  ])('reads a %s %s as %s', (status, type, expected) => {
    const [dispute] = fixture('disputes')['disputes']!
    expect(shopifyDisputes.read(answer({ disputes: [{ ...dispute, status, type }] }), context, undefined).records[0]!.data.status).toBe(expected)
  })
})

describe('Shopify taxComponents (the taxes orders charged)', () => {
  it('asks for only the orders’ tax lines, of every status, changed since the last sync', () => {
    expect(shopifyTaxComponents.request(since, undefined).url).toBe(`${BASE_URL}/orders.json?status=any&fields=id%2Cupdated_at%2Ctax_lines&limit=250&updated_at_min=2024-06-01T08%3A30%3A15Z`)
    // A next page's page_info carries the other filters, but not the fields.
    expect(shopifyTaxComponents.request(since, { pageInfo: 'abc' }).url).toBe(`${BASE_URL}/orders.json?limit=250&page_info=abc&fields=id%2Cupdated_at%2Ctax_lines`)
  })

  it('reads each tax title once, at the rate of the latest order that charged it, its id what order lines refer to', () => {
    const { orders } = fixture('orders')
    const cityTax = { price: '1.50', rate: 0.01, title: 'Austin City Tax' }
    const raised = { ...orders![1]!, updated_at: '2024-06-20T10:00:00-05:00', tax_lines: [{ price: '12.00', rate: 0.085, title: 'TX State Tax' }, cityTax] }
    const page = shopifyTaxComponents.read(answer({ orders: [...orders!, raised] }), context, undefined)
    expect(page.records).toEqual([
      { id: 'TX State Tax', modifiedAt: new Date('2024-06-20T15:00:00Z'), data: { id: 'TX State Tax', name: 'TX State Tax', rate: 0.085, modifiedDate: '2024-06-20T15:00:00Z', sourceModifiedDate: '2024-06-20T15:00:00Z' } },
      { id: 'Austin City Tax', modifiedAt: new Date('2024-06-20T15:00:00Z'), data: { id: 'Austin City Tax', name: 'Austin City Tax', rate: 0.01, modifiedDate: '2024-06-20T15:00:00Z', sourceModifiedDate: '2024-06-20T15:00:00Z' } },
    ])
    for (const record of page.records) expect(DATA_TYPE_DEFINITIONS['commerce-taxComponents'].schema.parse(record.data)).toEqual(record.data)
  })

  it('refuses an answer that is not an orders list', () => {
    expect(() => shopifyTaxComponents.read(answer({ orders: [1] }), context, undefined)).toThrow(new DataSourceError("Shopify's orders[0] is not an object."))
  })
})
