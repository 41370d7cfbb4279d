/** @module Sandbox commerce orders' discount, shipping, payments and refund, on an order as the sandbox now serves one. */
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import type { PlatformResponse, SourceContext } from '../../data-source.js'
import { commerceSandboxDataSources } from './index.js'

const context: SourceContext = { baseUrl: 'http://127.0.0.1:8081/commerce/api', connectionInfo: {}, modifiedSince: undefined, pageSize: 100 }
const VAT = { id: '6ea2b6ee-61f2-4cf7-a9ec-2b9d147d6ab5', name: 'VAT 20%' }

/** Order 1001 of the recorded answers, 10% off with Standard shipping, paid by card and then refunded. */
const order = {
  id: '607cbe4a-873a-4504-8627-4bfa37ac26a8',
  orderNumber: '1001',
  customerRef: { id: '574a2ddb-adfb-405b-835f-3b3467d04f0d', name: 'Lily Müller' },
  createdDate: '2024-12-01T02:38:14.000Z',
  currency: 'GBP',
  status: 'Refunded',
  orderLines: [{ productRef: { id: '42e8f687-d922-4cc0-a50d-07602706745d', name: 'Everyday Notebook' }, taxComponentRef: VAT, quantity: 2, unitPrice: 11, discountAmount: 2.2, taxAmount: 3.96, totalAmount: 23.76 }],
  shipping: { method: 'Standard', amount: 3.95, taxAmount: 0.79, taxComponentRef: VAT },
  subTotal: 19.8,
  totalDiscount: 2.2,
  totalTaxAmount: 4.75,
  totalAmount: 28.5,
  payments: [{ id: 'a4a8f2c6-3f0e-4a55-9b0e-2f1f0d7f4c11', amount: 28.5, currency: 'GBP', paymentMethod: 'Card', status: 'Refunded', paidDate: '2024-12-01T02:40:00.000Z' }],
  modifiedDate: '2024-12-03T02:38:14.000Z',
}

function answer(items: unknown[]): PlatformResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { items, page: 1, pageSize: 100, totalItems: items.length, hasMore: false } }
}

describe('Sandbox commerce orders', () => {
  const [record] = commerceSandboxDataSources['commerce-orders']!.read(answer([order]), context, undefined).records

  it('read the discount, the shipping as a service charge and the payments made for the order', () => {
    expect(record!.data).toMatchObject({
      totalDiscount: 2.2,
      serviceCharges: [{ type: 'Shipping', description: 'Standard', quantity: 1, taxAmount: 0.79, totalAmount: 4.74, taxes: [{ taxComponentRef: VAT, rate: 0.79 }] }],
      // The payment went through; the refund is the order's.
      payments: [
        {
          id: 'a4a8f2c6-3f0e-4a55-9b0e-2f1f0d7f4c11',
          amount: 28.5,
          currency: 'GBP',
          type: 'OnlineCard',
          status: 'Paid',
          createdDate: '2024-12-01T02:40:00Z',
          modifiedDate: '2024-12-01T02:40:00Z',
          sourceModifiedDate: '2024-12-01T02:40:00Z',
        },
      ],
      totalAmount: 28.5,
      totalTaxAmount: 4.75,
    })
    expect(record!.data.orderLineItems).toEqual([expect.objectContaining({ unitPrice: 11, quantity: 2, totalTaxAmount: 3.96, totalAmount: 23.76 })])
    expect(DATA_TYPE_DEFINITIONS['commerce-orders'].schema.parse(record!.data)).toEqual(record!.data)
  })

  it('give a refunded order’s refund as a negative amount, as the reference’s always is', () => {
    expect(record!.data.totalRefund).toBe(-28.5)
    const paid = commerceSandboxDataSources['commerce-orders']!.read(answer([{ ...order, status: 'Paid' }]), context, undefined).records[0]!.data
    expect(paid.totalRefund).toBeUndefined()
  })

  it('read a tip as the reference’s totalGratuity, left out of totalAmount as the reference defines it', () => {
    const tipped = { ...order, status: 'Paid', totalGratuity: 2.85, payments: [{ ...order.payments[0]!, amount: 31.35, status: 'Succeeded' }] }
    const data = commerceSandboxDataSources['commerce-orders']!.read(answer([tipped]), context, undefined).records[0]!.data
    expect(data).toMatchObject({ totalAmount: 28.5, totalGratuity: 2.85, payments: [{ amount: 31.35 }] })
    expect(commerceSandboxDataSources['commerce-orders']!.read(answer([{ ...order, totalGratuity: 0 }]), context, undefined).records[0]!.data).not.toHaveProperty('totalGratuity')
  })

  it('leave out what an order collected in store, or recorded before the sandbox charged for delivery, does not have', () => {
    const { shipping: _shipping, payments: _payments, totalDiscount: _discount, ...older } = order
    const data = commerceSandboxDataSources['commerce-orders']!.read(answer([older]), context, undefined).records[0]!.data
    expect(data).not.toHaveProperty('serviceCharges')
    expect(data).not.toHaveProperty('payments')
    expect(data).not.toHaveProperty('totalDiscount')
  })
})
