/**
 * The accounting reference lists and bank activity at sizes a grant may set: catalogues repeated or cut
 * short, no bank account at all, and many seeds. References resolve to records that exist at those sizes,
 * and amounts add up, whatever the seed.
 */
import { describe, expect, it } from 'vitest'
import { baseCurrencyOf, type GenerationContext, type ListDataset } from '../generated-data.js'
import { accountingBankAccounts, accountingPayments, bills, invoices, journalEntries, ledgerAccounts } from './accounting-data.js'
import { accountingBankTransactions, accountTransactions, transfers } from './accounting-bank-data.js'
import { items, paymentMethodRefOf, paymentMethods, pickTaxRate, taxRateRefOf, taxRates, trackingCategories } from './accounting-reference-data.js'
import { DATASETS } from './index.js'

const ANCHOR = Date.parse('2025-03-01T00:00:00Z')

function contextOf(seed: number, sizes: Record<string, number> = {}): GenerationContext {
  const defaults = Object.fromEntries(Object.entries(DATASETS.accounting).flatMap(([name, dataset]) => (dataset.kind === 'list' ? [[name, dataset.defaultSize]] : [])))
  return { seed, anchor: ANCHOR, sizeOf: (dataset) => sizes[dataset] ?? defaults[dataset] ?? 0 }
}

function all<T>(dataset: ListDataset<T>, ctx: GenerationContext): T[] {
  return Array.from({ length: dataset.size(ctx) }, (_, index) => dataset.generate(ctx, index))
}

const SEEDS = [1, 7, 42, 1234, 99_999]

describe('accounting reference lists', () => {
  it('repeats a catalogue past its length as archived copies with their own names, one active record per entry', () => {
    const ctx = contextOf(5, { taxRates: 20, paymentMethods: 12, trackingCategories: 25 })
    for (const dataset of [taxRates, paymentMethods, trackingCategories]) {
      const records = all(dataset as ListDataset<{ id: string; name: string; status: string }>, ctx)
      expect(new Set(records.map((record) => record.id)).size, dataset.name).toBe(records.length)
      expect(new Set(records.map((record) => record.name)).size, dataset.name).toBe(records.length)
    }
    expect(all(taxRates, ctx).filter((rate) => rate.status === 'Active')).toHaveLength(8)
    expect(all(paymentMethods, ctx).map((method) => method.id).slice(5, 7)).toEqual(['BankTransfer-2', 'Card-2'])
  })

  it('keeps the tracking tree whole at any size: a parent exists before its children, and has children exactly when one exists', () => {
    for (const size of [0, 1, 2, 5, 11, 12, 25]) {
      const ctx = contextOf(9, { trackingCategories: size })
      const records = all(trackingCategories, ctx)
      const ids = new Set(records.map((record) => record.id))
      const parents = new Set(records.flatMap((record) => (record.parentId ? [record.parentId] : [])))
      for (const record of records) {
        if (record.parentId) expect(ids.has(record.parentId), `size ${size}`).toBe(true)
        expect(record.hasChildren, `size ${size} ${record.name}`).toBe(parents.has(record.id))
      }
    }
  })

  it('points at a tax rate or payment method only when the grant has it', () => {
    const short = contextOf(3, { taxRates: 2, paymentMethods: 1 })
    expect(taxRateRefOf(short, 'GBP', 0.2)?.name).toBe('Standard rate VAT')
    expect(taxRateRefOf(short, 'GBP', 0)).toBeUndefined()
    expect(taxRateRefOf(short, 'USD', 0.0825)).toBeUndefined()
    expect(paymentMethodRefOf(short, 'BankTransfer')).toMatchObject({ id: 'BankTransfer', name: 'Bank transfer' })
    expect(paymentMethodRefOf(short, 'Card')).toBeUndefined()
    // Every rate a document line may carry has its record at the default size.
    const ctx = contextOf(3)
    for (const currency of ['GBP', 'EUR', 'USD'] as const) {
      for (let draw = 0; draw < 20; draw++) {
        const { rate, ref } = pickTaxRate(ctx, { unit: () => draw / 20, integer: (min) => min, pick: (list) => list[draw % list.length]!, isChance: () => false }, currency)
        expect(taxRates.generate(ctx, ref!.index)).toMatchObject({ currency, rate, status: 'Active' })
      }
    }
  })

  it('every payment’s method, and every item’s and document line’s account and tax rate, is a record that exists', () => {
    for (const seed of SEEDS) {
      const ctx = contextOf(seed)
      const methods = new Set(all(paymentMethods, ctx).map((method) => method.id))
      for (const payment of all(accountingPayments, ctx)) expect(methods.has(payment.paymentMethod)).toBe(true)
      const accounts = new Map(all(ledgerAccounts, ctx).map((account) => [account.id, account]))
      const rates = new Map(all(taxRates, ctx).map((rate) => [rate.id, rate]))
      for (const item of all(items, ctx)) {
        if (item.sales) expect(accounts.get(item.sales.accountRef!.id)?.type).toBe('Income')
        if (item.purchases) expect(accounts.get(item.purchases.accountRef!.id)).toMatchObject(item.kind === 'Inventory' ? { name: 'Cost of Goods Sold' } : { type: 'Expense' })
        for (const defaults of [item.sales, item.purchases]) if (defaults) expect(rates.get(defaults.taxRateRef!.id)?.rate).toBe(defaults.taxRate)
      }
      for (const invoice of all(invoices, ctx)) for (const line of invoice.lineItems) expect(rates.get(line.taxRateRef!.id)).toMatchObject({ currency: invoice.currency, rate: line.taxRate })
    }
  })
})

describe('accounting bank activity', () => {
  it('chains each bank account’s balance line by line to the account’s balance, whatever the sizes', () => {
    for (const [seed, sizes] of [
      [1, {}],
      [2, { bankAccounts: 1, bankTransactions: 7 }],
      [3, { bankAccounts: 9, bankTransactions: 20 }],
      [4, { bankAccounts: 30, bankTransactions: 12 }],
    ] as const) {
      const ctx = contextOf(seed, sizes)
      const lines = all(accountingBankTransactions, ctx)
      for (const account of all(accountingBankAccounts, ctx)) {
        const own = lines.filter((line) => line.accountId === account.id)
        for (let k = 1; k < own.length; k++) expect(Math.round(own[k]!.balance * 100)).toBe(Math.round(own[k - 1]!.balance * 100) + Math.round(own[k]!.amount * 100))
        if (own.length > 0) expect(own.at(-1)!.balance).toBe(account.balance)
        const cleared = own.map((line) => Date.parse(line.clearedOnDate))
        expect(cleared).toEqual([...cleared].sort((a, b) => a - b))
      }
      expect(lines.every((line) => line.accountId !== undefined)).toBe(true)
    }
  })

  it('without bank accounts, lines belong to none, and no account transaction names one', () => {
    const ctx = contextOf(11, { bankAccounts: 0, bankTransactions: 5, accountTransactions: 5 })
    expect(all(accountingBankTransactions, ctx).every((line) => line.accountId === undefined)).toBe(true)
    expect(all(accountTransactions, ctx).every((transaction) => transaction.bankAccountRef === undefined)).toBe(true)
  })

  it('banks each payment with lines that add up to the total, never before it was paid', () => {
    for (const seed of SEEDS) {
      const ctx = contextOf(seed)
      const payments = new Map(all(accountingPayments, ctx).map((payment) => [payment.id, payment]))
      for (const transaction of all(accountTransactions, ctx)) {
        expect(Math.round(transaction.totalAmount * 100)).toBe(transaction.lines.reduce((sum, line) => sum + Math.round(line.amount * 100), 0))
        const payment = payments.get(transaction.lines[0]!.paymentRef!.id)!
        expect(transaction.lines[0]!.amount).toBe(payment.amount)
        expect(transaction.currency).toBe(payment.currency)
        expect(Date.parse(transaction.date)).toBeGreaterThanOrEqual(Date.parse(payment.date))
        if (transaction.bankAccountRef) expect(accountingBankAccounts.generate(ctx, transaction.bankAccountRef.index).currency).toBe(transaction.currency)
      }
    }
  })

  it('transfers between two different bank ledger accounts, and between none when the chart has too few', () => {
    for (const seed of SEEDS) {
      const ctx = contextOf(seed)
      for (const transfer of all(transfers, ctx)) {
        const from = ledgerAccounts.generate(ctx, transfer.fromAccountRef!.index)
        const to = ledgerAccounts.generate(ctx, transfer.toAccountRef!.index)
        expect([from.isBankAccount, to.isBankAccount]).toEqual([true, true])
        expect(from.id).not.toBe(to.id)
        expect(transfer.currency).toBe(from.currency)
      }
    }
    const oneAccount = contextOf(1, { accounts: 1 })
    expect(all(transfers, oneAccount).every((transfer) => transfer.fromAccountRef !== undefined && transfer.toAccountRef === undefined)).toBe(true)
  })
})

describe('the reference fields of invoices, bank accounts and journal entries', () => {
  it('dates a paid invoice between its issue and its last change, and rates only an invoice in another currency than the base', () => {
    for (const seed of SEEDS) {
      const ctx = contextOf(seed)
      for (const invoice of all(invoices, ctx)) {
        expect(invoice.paidOnDate !== undefined, `${seed} ${invoice.invoiceNumber}`).toBe(invoice.status === 'Paid')
        if (invoice.paidOnDate !== undefined) {
          expect(Date.parse(invoice.paidOnDate)).toBeGreaterThanOrEqual(Date.parse(invoice.issueDate))
          expect(Date.parse(invoice.paidOnDate)).toBeLessThanOrEqual(Date.parse(invoice.modifiedDate))
        }
        expect(invoice.currencyRate !== undefined, `${seed} ${invoice.invoiceNumber}`).toBe(invoice.currency !== baseCurrencyOf(ctx))
        expect(invoice.note).toContain(invoice.invoiceNumber)
      }
    }
  })

  it('rates a foreign invoice as the journal posts it: its total at the rate is the receivable the journal debits', () => {
    const ctx = contextOf(42)
    const foreign = all(invoices, ctx).findIndex((invoice) => invoice.currencyRate !== undefined)
    expect(foreign).toBeGreaterThanOrEqual(0)
    const invoice = invoices.generate(ctx, foreign)
    const receivable = journalEntries.generate(ctx, foreign).journalLines.at(-1)!
    expect(receivable.netAmount).toBeCloseTo(invoice.totalAmount * invoice.currencyRate!, 1)
  })

  it('makes a card a Credit account and every other account Debit, with an available balance at most the booked one', () => {
    for (const seed of SEEDS) {
      for (const account of all(accountingBankAccounts, contextOf(seed))) {
        expect(account.accountType, account.accountName).toBe(account.accountName.startsWith('Corporate Card') ? 'Credit' : 'Debit')
        expect(account.availableBalance).toBeLessThanOrEqual(account.balance)
        expect(account.availableBalance).toBeGreaterThanOrEqual(account.balance - 500)
      }
    }
  })

  it('names the invoice, bill or payment a journal entry posts as its recordRef; a manual journal names none', () => {
    const ctx = contextOf(7)
    const [invoiceCount, billCount, paymentCount] = [invoices.size(ctx), bills.size(ctx), accountingPayments.size(ctx)]
    const entries = all(journalEntries, ctx)
    expect(entries[0]!.recordRef).toEqual({ id: invoices.idOf(ctx, 0), dataType: 'invoices' })
    expect(entries[0]!.description).toBe(`Invoice ${invoices.generate(ctx, 0).invoiceNumber}`)
    expect(entries[invoiceCount]!.recordRef).toEqual({ id: bills.idOf(ctx, 0), dataType: 'bills' })
    expect(entries[invoiceCount + billCount + 3]!.recordRef).toEqual({ id: accountingPayments.idOf(ctx, 3), dataType: 'payments' })
    const manual = entries.slice(invoiceCount + billCount + paymentCount, invoiceCount + billCount + paymentCount + ctx.sizeOf('journalEntries'))
    expect(manual.length).toBeGreaterThan(0)
    for (const entry of manual) expect(entry.recordRef).toBeUndefined()
  })
})
