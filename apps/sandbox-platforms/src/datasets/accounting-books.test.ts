/**
 * The accounting sandbox's books agree with themselves, for many businesses (seeds) and sizes: what an invoice or a
 * bill says was paid is exactly the payment that paid it, lines are tracked against categories that exist, and every
 * document that moves money or value is posted to the journal once, in entries that balance.
 */
import { describe, expect, it } from 'vitest'
import { baseCurrencyOf, type GenerationContext, type ListDataset } from '../generated-data.js'
import {
  accountingBankAccounts,
  accountingPayments,
  billCreditNotes,
  billPayments,
  bills,
  creditNotes,
  directCosts,
  directIncomes,
  invoices,
  journalEntries,
  ledgerAccounts,
  type Bill,
  type Invoice,
} from './accounting-data.js'
import { trackingCategories } from './accounting-reference-data.js'
import { DATASETS } from './index.js'

const ANCHOR = Date.parse('2026-06-01T00:00:00Z')
const SEEDS = [1, 42, 99_999]

function contextOf(seed: number, sizes: Record<string, number> = {}): GenerationContext {
  const defaults = Object.fromEntries(Object.entries(DATASETS.accounting).flatMap(([name, dataset]) => (dataset.kind === 'list' ? [[name, dataset.defaultSize]] : [])))
  return { seed, anchor: ANCHOR, sizeOf: (dataset) => sizes[dataset] ?? defaults[dataset] ?? 0 }
}

function all<T>(dataset: ListDataset<T>, ctx: GenerationContext): T[] {
  return Array.from({ length: dataset.size(ctx) }, (_, index) => dataset.generate(ctx, index))
}

const cents = (amount: number): number => Math.round(amount * 100)

/** Sizes a grant may set: the defaults, more payments than documents, far fewer, none at all. */
const SIZES: ReadonlyArray<Record<string, number>> = [{}, { invoices: 30, payments: 200, bills: 20, billPayments: 90 }, { invoices: 200, payments: 10, bills: 150, billPayments: 0 }]

describe.each(SEEDS)('the books of business %i', (seed) => {
  it.each(SIZES)('an invoice’s or bill’s payment allocations are what was paid, and the payment they name paid exactly that (sizes %o)', (sizes) => {
    const ctx = contextOf(seed, sizes)
    for (const [documents, payments, documentRefOf] of [
      [invoices, accountingPayments, (payment: { invoiceRef?: { id: string } }) => payment.invoiceRef?.id],
      [bills, billPayments, (payment: { billRef?: { id: string } }) => payment.billRef?.id],
    ] as const) {
      const paymentsById = new Map((all(payments as ListDataset<{ id: string; date: string; amount: number; currency: string }>, ctx) as Array<{ id: string; date: string; amount: number; currency: string }>).map((payment) => [payment.id, payment]))
      const allocated = new Set<string>()
      for (const document of all(documents as ListDataset<Invoice | Bill>, ctx)) {
        const paid = document.paymentAllocations.reduce((total, allocation) => total + cents(allocation.amount), 0)
        // A voided document is owed nothing, and was paid nothing.
        expect(cents(document.totalAmount) - paid, `${documents.name} ${document.id}`).toBe(document.status === 'Void' ? cents(document.totalAmount) : cents(document.amountDue))
        if (document.status === 'Void') expect(document.amountDue).toBe(0)
        expect(document.paymentAllocations.length > 0, `${documents.name} ${document.id} ${document.status}`).toBe(document.status === 'Paid' || document.status === 'PartiallyPaid')
        if (document.status === 'Paid') expect(document.amountDue).toBe(0)
        if (document.status === 'PartiallyPaid') expect(paid).toBeGreaterThan(0)
        if (document.status === 'PartiallyPaid') expect(cents(document.amountDue)).toBeGreaterThan(0)
        if (document.status === 'Draft' || document.status === 'Submitted') expect(document.amountDue).toBe(document.totalAmount)
        for (const allocation of document.paymentAllocations) {
          const payment = paymentsById.get(allocation.paymentRef.id)!
          expect(payment, `${documents.name} ${document.id} names a payment that exists`).toBeDefined()
          expect(documentRefOf(payment as never)).toBe(document.id)
          expect(payment).toMatchObject({ date: allocation.paidOnDate, amount: allocation.amount, currency: document.currency })
          expect(Date.parse(allocation.paidOnDate)).toBeGreaterThanOrEqual(Date.parse(document.issueDate))
          expect(Date.parse(allocation.paidOnDate)).toBeLessThanOrEqual(Date.parse(document.modifiedDate))
          expect(allocation.currencyRate !== undefined).toBe(document.currency !== baseCurrencyOf(ctx))
          allocated.add(payment.id)
        }
        if ('paidOnDate' in document) expect(document.paidOnDate).toBe(document.status === 'Paid' ? document.paymentAllocations[0]!.paidOnDate : undefined)
      }
      // Every payment that names a document is one of its allocations: none pays a Draft or Void one, or pays twice.
      for (const payment of paymentsById.values()) expect(documentRefOf(payment as never) !== undefined, `${payments.name} ${payment.id}`).toBe(allocated.has(payment.id))
    }
  })

  it('pays some invoices and bills in full and some in part, and leaves some unpaid', () => {
    const ctx = contextOf(seed)
    for (const documents of [invoices, bills] as ListDataset<Invoice | Bill>[]) {
      const statuses = new Set(all(documents, ctx).map((document) => document.status))
      for (const status of ['Paid', 'Submitted']) expect(statuses, documents.name).toContain(status)
    }
  })

  it('tracks some invoice and bill lines against a leaf of the tracking tree that exists, and none when the tree is empty', () => {
    const ctx = contextOf(seed)
    const categories = new Map(all(trackingCategories, ctx).map((category) => [category.id, category]))
    let tracked = 0
    let untracked = 0
    for (const document of [...all(invoices, ctx), ...all(bills, ctx)]) {
      for (const line of document.lineItems) {
        if (line.trackingCategoryRef === undefined) {
          untracked++
          continue
        }
        tracked++
        const category = categories.get(line.trackingCategoryRef.id)
        expect(category?.name).toBe(line.trackingCategoryRef.name)
        expect(category?.parentId).toBeDefined()
      }
    }
    expect(tracked).toBeGreaterThan(0)
    expect(untracked).toBeGreaterThan(0)
    const bare = contextOf(seed, { trackingCategories: 0 })
    expect(all(invoices, bare).every((invoice) => invoice.lineItems.every((line) => line.trackingCategoryRef === undefined))).toBe(true)
  })

  it('gives every bank account a status, the first one Active', () => {
    const accounts = all(accountingBankAccounts, contextOf(seed, { bankAccounts: 60 }))
    expect(accounts[0]!.status).toBe('Active')
    expect(new Set(accounts.map((account) => account.status))).toEqual(new Set(['Active', 'Archived']))
  })
})

describe.each(SEEDS)('the journal of business %i', (seed) => {
  const ctx = contextOf(seed)
  const entries = all(journalEntries, ctx)
  const accounts = new Map(all(ledgerAccounts, ctx).map((account) => [account.id, account]))

  it('balances entry by entry, every line on an account of the chart', () => {
    for (const entry of entries) {
      expect(entry.journalLines.reduce((total, line) => total + cents(line.netAmount), 0), entry.description).toBe(0)
      for (const line of entry.journalLines) expect(accounts.has(line.accountRef!.id), entry.description).toBe(true)
    }
  })

  it('posts every credit note, bill credit note, bill payment, direct cost and direct income once, naming it, with its ids kept', () => {
    const posted = new Map<string, number>()
    for (const entry of entries) if (entry.recordRef) posted.set(`${entry.recordRef.dataType}/${entry.recordRef.id}`, (posted.get(`${entry.recordRef.dataType}/${entry.recordRef.id}`) ?? 0) + 1)
    for (const [dataType, dataset] of [
      ['invoices', invoices],
      ['bills', bills],
      ['payments', accountingPayments],
      ['creditNotes', creditNotes],
      ['billCreditNotes', billCreditNotes],
      ['billPayments', billPayments],
      ['directCosts', directCosts],
      ['directIncomes', directIncomes],
    ] as const) {
      for (let index = 0; index < dataset.size(ctx); index++) expect(posted.get(`${dataType}/${dataset.idOf(ctx, index)}`), `${dataType} ${index}`).toBe(1)
    }
    // The manual journals keep the places (and so the ids) they had before the later documents were posted.
    const manualStart = invoices.size(ctx) + bills.size(ctx) + accountingPayments.size(ctx)
    expect(entries.slice(manualStart, manualStart + ctx.sizeOf('journalEntries')).every((entry) => entry.recordRef === undefined)).toBe(true)
  })

  it('posts each document’s total where it belongs: a credit note off receivables, a bill payment out of the bank, direct costs and incomes through the bank', () => {
    const byRecord = new Map(entries.flatMap((entry) => (entry.recordRef ? [[entry.recordRef.id, entry] as const] : [])))
    const onAccount = (entryId: string, name: string) => byRecord.get(entryId)!.journalLines.filter((line) => accounts.get(line.accountRef!.id)!.name === name).reduce((total, line) => total + cents(line.netAmount), 0)
    const inBase = (amount: number, currency: string, rate: number | undefined) => (currency === baseCurrencyOf(ctx) ? cents(amount) : Math.round(cents(amount) * (rate ?? Number.NaN)))
    for (const note of all(creditNotes, ctx).filter((each) => each.currency === baseCurrencyOf(ctx))) expect(onAccount(note.id, 'Accounts Receivable')).toBe(-cents(note.totalAmount))
    for (const note of all(billCreditNotes, ctx).filter((each) => each.currency === baseCurrencyOf(ctx))) expect(onAccount(note.id, 'Accounts Payable')).toBe(cents(note.totalAmount))
    for (const payment of all(billPayments, ctx).filter((each) => each.currency === baseCurrencyOf(ctx))) {
      expect(onAccount(payment.id, 'Business Current Account')).toBe(-inBase(payment.amount, payment.currency, undefined))
      expect(onAccount(payment.id, 'Accounts Payable')).toBe(cents(payment.amount))
    }
    for (const cost of all(directCosts, ctx).filter((each) => each.currency === baseCurrencyOf(ctx))) expect(onAccount(cost.id, 'Business Current Account')).toBe(-cents(cost.totalAmount))
    for (const income of all(directIncomes, ctx).filter((each) => each.currency === baseCurrencyOf(ctx))) expect(onAccount(income.id, 'Business Current Account')).toBe(cents(income.totalAmount))
  })

  it('moves cost of sales, other income and other expenses, so the statements have each to show', () => {
    const moved = new Set(entries.flatMap((entry) => entry.journalLines.map((line) => accounts.get(line.accountRef!.id)!.category)))
    for (const category of ['Income.Revenue', 'Income.OtherIncome', 'Expense.CostOfSales', 'Expense.Operating', 'Expense.OtherExpense']) expect(moved, category).toContain(category)
  })
})
