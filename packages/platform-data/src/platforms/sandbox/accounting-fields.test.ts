/**
 * The accounting sandbox's later fields in the unified model, on its recorded responses with those fields as the
 * sandbox serves them: payment allocations on invoices and bills, tracking on their lines, a bank account's status,
 * an account's category, and records the sandbox deleted.
 */
import { readFileSync } from 'node:fs'
import type { DataType } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import type { PlatformResponse, SourceContext } from '../../data-source.js'
import { accountingSandboxDataSources } from './index.js'

const recorded = JSON.parse(readFileSync(new URL('./fixtures/recorded-responses.json', import.meta.url), 'utf8')) as Record<string, { items: Array<Record<string, unknown>> }>
const context: SourceContext = { baseUrl: 'http://127.0.0.1:8081/accounting/api', connectionInfo: {}, modifiedSince: undefined, pageSize: 100 }

/** The recorded first record of `dataset`, changed as `change` says, read as data type `dataType`. */
function readChanged(dataType: DataType, dataset: string, change: (item: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  const page = recorded[`accounting/${dataset}`]!
  const body = { ...page, items: [change(page.items[0]!)] }
  const response: PlatformResponse = { status: 200, headers: { 'content-type': 'application/json' }, body }
  return accountingSandboxDataSources[dataType]!.read(response, context, undefined).records[0]!.data as Record<string, unknown>
}

const TRACKED = { id: '0d9a7c52-4a3e-4d3f-9a0c-5c1e1b0c2f11', name: 'North' }
const BANK = { id: '4c38b50f-c598-455a-b544-c8e4cfae65f2', name: 'Business Current Account' }

describe('the accounting sandbox’s later fields', () => {
  it('an invoice paid in part: its payment as the allocation (the payment’s id, bank account, rate), and a tracked line in both reference shapes', () => {
    const invoice = readChanged('invoices', 'invoices', (item) => ({
      ...item,
      status: 'PartiallyPaid',
      amountDue: 625.09,
      currencyRate: 0.79,
      lineItems: (item['lineItems'] as Array<Record<string, unknown>>).map((line, index) => (index === 1 ? { ...line, trackingCategoryRef: TRACKED } : line)),
      paymentAllocations: [{ paymentRef: { id: 'b7f0e0e4-1111-4c1c-9d55-3d1f2a6b7c80', name: 'Payment for INV-00001' }, accountRef: BANK, currency: 'USD', currencyRate: 0.79, paidOnDate: '2024-11-28T00:00:00.000Z', amount: 3000 }],
    }))
    expect(invoice['paymentAllocations']).toEqual([
      {
        payment: { id: 'b7f0e0e4-1111-4c1c-9d55-3d1f2a6b7c80', accountRef: BANK, currency: 'USD', currencyRate: 0.79, paidOnDate: '2024-11-28T00:00:00Z', totalAmount: 3000 },
        allocation: { currency: 'USD', currencyRate: 0.79, allocatedOnDate: '2024-11-28T00:00:00Z', totalAmount: 3000 },
      },
    ])
    const [untracked, tracked] = invoice['lineItems'] as Array<Record<string, unknown>>
    expect(tracked).toMatchObject({ trackingCategoryRefs: [TRACKED], tracking: { categoryRefs: [TRACKED], isBilledTo: 'NotApplicable', isRebilledTo: 'NotApplicable' } })
    expect(untracked).not.toHaveProperty('tracking')
    expect(untracked).not.toHaveProperty('trackingCategoryRefs')
  })

  it('a bill paid by its bill payment; an unpaid one has no allocations, and a sandbox that gives none leaves the field out', () => {
    const paid = readChanged('bills', 'bills', (item) => ({
      ...item,
      lineItems: (item['lineItems'] as Array<Record<string, unknown>>).map((line) => ({ ...line, trackingCategoryRef: TRACKED })),
      paymentAllocations: [{ paymentRef: { id: 'c1', name: 'BP-00007' }, accountRef: BANK, currency: 'EUR', paidOnDate: '2024-11-30T00:00:00.000Z', amount: 3369.81 }],
    }))
    expect(paid['paymentAllocations']).toEqual([
      { payment: { id: 'c1', accountRef: BANK, currency: 'EUR', paidOnDate: '2024-11-30T00:00:00Z', totalAmount: 3369.81 }, allocation: { currency: 'EUR', allocatedOnDate: '2024-11-30T00:00:00Z', totalAmount: 3369.81 } },
    ])
    expect((paid['lineItems'] as Array<Record<string, unknown>>).every((line) => (line['tracking'] as { categoryRefs: unknown[] }).categoryRefs.length === 1)).toBe(true)
    expect(readChanged('bills', 'bills', (item) => ({ ...item, status: 'Submitted', paymentAllocations: [] }))['paymentAllocations']).toEqual([])
    expect(readChanged('bills', 'bills', (item) => item)).not.toHaveProperty('paymentAllocations')
  })

  it('a bank account’s status, when the sandbox gives one', () => {
    expect(readChanged('bankAccounts', 'bankAccounts', (item) => ({ ...item, status: 'Archived' }))['status']).toBe('Archived')
    expect(readChanged('bankAccounts', 'bankAccounts', (item) => item)).not.toHaveProperty('status')
  })

  it('an account’s category as its fullyQualifiedCategory; the type alone without one', () => {
    expect(readChanged('chartOfAccounts', 'accounts', (item) => ({ ...item, type: 'Expense', category: 'Expense.CostOfSales' }))['fullyQualifiedCategory']).toBe('Expense.CostOfSales')
    expect(readChanged('chartOfAccounts', 'accounts', (item) => item)['fullyQualifiedCategory']).toBe('Asset')
  })

  it.each([
    ['chartOfAccounts', 'accounts'],
    ['customers', 'customers'],
    ['suppliers', 'suppliers'],
    ['invoices', 'invoices'],
    ['bills', 'bills'],
    ['payments', 'payments'],
    ['bankAccounts', 'bankAccounts'],
    ['journalEntries', 'journalEntries'],
  ] as const)('a %s record the sandbox deleted says so in metadata.isDeleted, modified when it was deleted', (dataType, dataset) => {
    const deleted = readChanged(dataType, dataset, (item) => ({ ...item, isDeleted: true, modifiedDate: '2025-01-05T10:00:00.000Z' }))
    expect(deleted).toMatchObject({ metadata: { isDeleted: true }, modifiedDate: '2025-01-05T10:00:00Z', sourceModifiedDate: '2025-01-05T10:00:00Z' })
    expect(readChanged(dataType, dataset, (item) => item)['metadata']).toEqual({ isDeleted: false })
  })
})
