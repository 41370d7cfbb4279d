/** The statement builders on a small ledger written out by hand: exact outputs, and the edges a platform's books have. */
import { NO_CURRENCY } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { buildBalanceSheet, buildCashFlowStatement, buildProfitAndLoss, type Ledger, type StatementPeriods } from './financial-statements.js'

const ACCOUNTS: Ledger['accounts'] = [
  { id: 'bank', name: 'Current Account', type: 'Asset', category: 'Asset.Current', isBankAccount: true },
  { id: 'savings', name: 'Savings', type: 'Asset', category: 'Asset.Current', isBankAccount: true },
  { id: 'ar', name: 'Accounts Receivable', type: 'Asset', category: null, isBankAccount: false },
  { id: 'vat', name: 'VAT', type: 'Liability', category: 'Liability.Current', isBankAccount: false },
  { id: 'owner', name: 'Owner Funds', type: 'Equity', category: 'Equity.Owners', isBankAccount: false },
  { id: 'sales', name: 'Sales', type: 'Income', category: 'Income.Revenue', isBankAccount: false },
  { id: 'rent', name: 'Rent', type: 'Expense', category: null, isBankAccount: false },
]

/**
 * January: owner pays in 1000.00 (cash); an invoice of 120.10 (100.10 sales + 20.00 VAT).
 * February: the invoice is paid (cash); rent 30.05 (cash); 500 moved to savings (cash, both sides bank).
 * March: 0.01 posted to an account the chart does not have, against sales.
 */
const LEDGER: Ledger = {
  currency: 'GBP',
  accounts: ACCOUNTS,
  movements: [
    { accountId: 'bank', month: '2026-01', isWithCash: true, amount: '1000.00' },
    { accountId: 'owner', month: '2026-01', isWithCash: true, amount: '-1000.00' },
    { accountId: 'ar', month: '2026-01', isWithCash: false, amount: '120.10' },
    { accountId: 'sales', month: '2026-01', isWithCash: false, amount: '-100.10' },
    { accountId: 'vat', month: '2026-01', isWithCash: false, amount: '-20.00' },
    { accountId: 'bank', month: '2026-02', isWithCash: true, amount: '90.05' },
    { accountId: 'ar', month: '2026-02', isWithCash: true, amount: '-120.10' },
    { accountId: 'rent', month: '2026-02', isWithCash: true, amount: '30.05' },
    { accountId: 'savings', month: '2026-02', isWithCash: true, amount: '500' },
    { accountId: 'bank', month: '2026-02', isWithCash: true, amount: '-500' },
    { accountId: 'mystery', month: '2026-03', isWithCash: false, amount: '0.01' },
    { accountId: 'sales', month: '2026-03', isWithCash: false, amount: '-0.01' },
  ],
}

const MONTHLY: StatementPeriods = { periodLength: 1, periodsToCompare: 3, historyMonths: 24, now: new Date('2026-06-15T00:00:00Z') }

describe('financial statement builders', () => {
  it('profit and loss: each month’s income and expenses by account, the most recent first', () => {
    const report = buildProfitAndLoss(LEDGER, MONTHLY)
    expect(report).toMatchObject({ currency: 'GBP', reportBasis: 'Accrual', earliestAvailableMonth: '2026-01-01T00:00:00Z', mostRecentAvailableMonth: '2026-03-01T00:00:00Z' })
    expect(report.reports.map((period) => [period.fromDate, period.toDate, period.netProfit])).toEqual([
      ['2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z', 0.01],
      ['2026-02-01T00:00:00Z', '2026-02-28T00:00:00Z', -30.05],
      ['2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z', 100.1],
    ])
    expect(report.reports[2]).toEqual({
      fromDate: '2026-01-01T00:00:00Z',
      toDate: '2026-01-31T00:00:00Z',
      income: { name: 'Income', value: 100.1, items: [{ accountId: 'sales', name: 'Sales', value: 100.1 }] },
      costOfSales: { name: 'Cost of sales', value: 0, items: [] },
      grossProfit: 100.1,
      expenses: { name: 'Expenses', value: 0, items: [] },
      netOperatingProfit: 100.1,
      otherIncome: { name: 'Other income', value: 0, items: [] },
      otherExpenses: { name: 'Other expenses', value: 0, items: [] },
      netOtherIncome: 0,
      netProfit: 100.1,
    })
  })

  it('balance sheet: balances to every month’s end, the net profit to date in equity, an account the chart lacks kept in equity so it still balances', () => {
    const [march, february] = buildBalanceSheet(LEDGER, MONTHLY).reports
    expect(february).toEqual({
      date: '2026-02-28T00:00:00Z',
      assets: {
        name: 'Assets',
        value: 1090.05,
        items: [
          { accountId: 'bank', name: 'Current Account', value: 590.05 },
          { accountId: 'savings', name: 'Savings', value: 500 },
        ],
      },
      liabilities: { name: 'Liabilities', value: 20, items: [{ accountId: 'vat', name: 'VAT', value: 20 }] },
      equity: {
        name: 'Equity',
        value: 1070.05,
        items: [
          { accountId: 'owner', name: 'Owner Funds', value: 1000 },
          { name: 'Current year earnings', value: 70.05 },
          { name: 'Retained earnings', value: 0 },
        ],
      },
      netAssets: 1070.05,
    })
    expect(march!.equity!.items).toContainEqual({ accountId: 'mystery', name: 'mystery', value: -0.01 })
    expect(march!.equity!.value).toBe(1070.05)
    expect(march!.netAssets).toBe(march!.assets!.value - march!.liabilities!.value)
  })

  it('balance sheet: current year earnings from the start of the company’s financial year, not 1 January; the years before retained', () => {
    // Sales of 1, 2, 4 and 8 in February to May; the year ends 31 March, so it starts in April.
    const ledger: Ledger = {
      currency: 'GBP',
      accounts: ACCOUNTS,
      financialYearStartMonth: 4,
      movements: ['02', '03', '04', '05'].flatMap((month, index) => [
        { accountId: 'sales', month: `2026-${month}`, isWithCash: true, amount: String(-(2 ** index)) },
        { accountId: 'bank', month: `2026-${month}`, isWithCash: true, amount: String(2 ** index) },
      ]),
    }
    const earnings = (sheet: { equity?: { items?: Array<{ name?: string; value: number }> } }) => Object.fromEntries((sheet.equity?.items ?? []).map((item) => [item.name, item.value]))
    const [may, april, march] = buildBalanceSheet(ledger, MONTHLY).reports
    expect(earnings(may!)).toEqual({ 'Current year earnings': 12, 'Retained earnings': 3 })
    expect(earnings(april!)).toEqual({ 'Current year earnings': 4, 'Retained earnings': 3 })
    expect(earnings(march!)).toEqual({ 'Current year earnings': 3, 'Retained earnings': 0 })
    // Without a financial year, the calendar year's.
    expect(earnings(buildBalanceSheet({ ...ledger, financialYearStartMonth: undefined }, MONTHLY).reports[0]!)).toEqual({ 'Current year earnings': 15, 'Retained earnings': 0 })
  })

  it('profit and loss: cost of sales, other income and other expenses apart, by the account’s category; gross, operating and net profit from them', () => {
    const ledger: Ledger = {
      currency: 'GBP',
      accounts: [
        ...ACCOUNTS,
        { id: 'cogs', name: 'Cost of Goods Sold', type: 'Expense', category: 'Expense.CostOfSales', isBankAccount: false },
        { id: 'interest', name: 'Interest Income', type: 'Income', category: 'Income.OtherIncome', isBankAccount: false },
        { id: 'fees', name: 'Bank Fees', type: 'Expense', category: 'Expense.OtherExpense', isBankAccount: false },
      ],
      movements: [
        { accountId: 'sales', month: '2026-01', isWithCash: true, amount: '-500.00' },
        { accountId: 'cogs', month: '2026-01', isWithCash: true, amount: '200.10' },
        { accountId: 'rent', month: '2026-01', isWithCash: true, amount: '100.00' },
        { accountId: 'interest', month: '2026-01', isWithCash: true, amount: '-3.33' },
        { accountId: 'fees', month: '2026-01', isWithCash: true, amount: '1.11' },
        { accountId: 'bank', month: '2026-01', isWithCash: true, amount: '202.12' },
      ],
    }
    const [january] = buildProfitAndLoss(ledger, { ...MONTHLY, periodsToCompare: 1 }).reports
    expect(january).toEqual({
      fromDate: '2026-01-01T00:00:00Z',
      toDate: '2026-01-31T00:00:00Z',
      income: { name: 'Income', value: 500, items: [{ accountId: 'sales', name: 'Sales', value: 500 }] },
      costOfSales: { name: 'Cost of sales', value: 200.1, items: [{ accountId: 'cogs', name: 'Cost of Goods Sold', value: 200.1 }] },
      grossProfit: 299.9,
      expenses: { name: 'Expenses', value: 100, items: [{ accountId: 'rent', name: 'Rent', value: 100 }] },
      netOperatingProfit: 199.9,
      otherIncome: { name: 'Other income', value: 3.33, items: [{ accountId: 'interest', name: 'Interest Income', value: 3.33 }] },
      otherExpenses: { name: 'Other expenses', value: 1.11, items: [{ accountId: 'fees', name: 'Bank Fees', value: 1.11 }] },
      netOtherIncome: 2.22,
      netProfit: 202.12,
    })
  })

  it('profit and loss: places accounts by the subtype right after the type, whatever detail a platform adds after it', () => {
    // QuickBooks Online's chart reads as `Type.AccountType.AccountSubType`.
    const ledger: Ledger = {
      currency: 'USD',
      accounts: [
        { id: 'sales', name: 'Sales', type: 'Income', category: 'Income.Income.SalesOfProductIncome', isBankAccount: false },
        { id: 'cogs', name: 'Supplies', type: 'Expense', category: 'Expense.Cost of Goods Sold.SuppliesMaterialsCogs', isBankAccount: false },
        { id: 'rent', name: 'Rent', type: 'Expense', category: 'Expense.Expense.RentOrLeaseOfBuildings', isBankAccount: false },
        { id: 'interest', name: 'Interest', type: 'Income', category: 'Income.Other Income.InterestEarned', isBankAccount: false },
        { id: 'bank', name: 'Checking', type: 'Asset', category: 'Asset.Bank.Checking', isBankAccount: true },
      ],
      movements: [
        { accountId: 'sales', month: '2026-01', isWithCash: true, amount: '-500.00' },
        { accountId: 'cogs', month: '2026-01', isWithCash: true, amount: '200.00' },
        { accountId: 'rent', month: '2026-01', isWithCash: true, amount: '100.00' },
        { accountId: 'interest', month: '2026-01', isWithCash: true, amount: '-5.00' },
        { accountId: 'bank', month: '2026-01', isWithCash: true, amount: '205.00' },
      ],
    }
    const [january] = buildProfitAndLoss(ledger, { ...MONTHLY, periodsToCompare: 1 }).reports
    expect(january).toMatchObject({ income: { value: 500 }, costOfSales: { value: 200 }, grossProfit: 300, expenses: { value: 100 }, otherIncome: { value: 5 }, netProfit: 205 })
  })

  it('balance sheet: the profit of the years before the sheet’s is retained earnings, its own year’s to date current year earnings', () => {
    const ledger: Ledger = {
      currency: 'GBP',
      accounts: ACCOUNTS,
      movements: [
        { accountId: 'sales', month: '2025-11', isWithCash: true, amount: '-40.00' },
        { accountId: 'bank', month: '2025-11', isWithCash: true, amount: '40.00' },
        { accountId: 'rent', month: '2026-02', isWithCash: true, amount: '15.00' },
        { accountId: 'bank', month: '2026-02', isWithCash: true, amount: '-15.00' },
      ],
    }
    const sheets = buildBalanceSheet(ledger, { ...MONTHLY, periodsToCompare: 4, startMonth: '2026-02' }).reports
    expect(sheets.map((sheet) => [sheet.date, sheet.equity!.items])).toEqual([
      ['2026-02-28T00:00:00Z', [{ name: 'Current year earnings', value: -15 }, { name: 'Retained earnings', value: 40 }]],
      ['2026-01-31T00:00:00Z', [{ name: 'Current year earnings', value: 0 }, { name: 'Retained earnings', value: 40 }]],
      ['2025-12-31T00:00:00Z', [{ name: 'Current year earnings', value: 40 }, { name: 'Retained earnings', value: 0 }]],
      ['2025-11-30T00:00:00Z', [{ name: 'Current year earnings', value: 40 }, { name: 'Retained earnings', value: 0 }]],
    ])
    for (const sheet of sheets) expect(sheet.equity!.value).toBe(sheet.assets!.value - sheet.liabilities!.value)
  })

  it('cash flow: receipts and payments by the account on the other side; a transfer between bank accounts is neither', () => {
    const [, february, january] = buildCashFlowStatement(LEDGER, MONTHLY).reports
    expect(january).toMatchObject({ cashReceipts: { value: 1000, items: [{ accountId: 'owner', name: 'Owner Funds', value: 1000 }] }, cashPayments: { value: 0, items: [] } })
    expect(february).toEqual({
      fromDate: '2026-02-01T00:00:00Z',
      toDate: '2026-02-28T00:00:00Z',
      cashReceipts: { name: 'Cash receipts', value: 120.1, items: [{ accountId: 'ar', name: 'Accounts Receivable', value: 120.1 }] },
      cashPayments: { name: 'Cash payments', value: 30.05, items: [{ accountId: 'rent', name: 'Rent', value: 30.05 }] },
    })
  })

  it('periods: startMonth is the most recent period’s first month; none before the ledger’s first month or older than the history; an empty ledger counts back from now', () => {
    const quarters = buildProfitAndLoss(LEDGER, { ...MONTHLY, periodLength: 3, periodsToCompare: 2, startMonth: '2026-01-20T08:00:00Z' })
    expect(quarters.reports.map((period) => [period.fromDate, period.toDate, period.netProfit])).toEqual([
      ['2026-01-01T00:00:00Z', '2026-03-31T00:00:00Z', 70.06],
    ]) // the quarter before ends before the ledger's first month: not offered
    const twoMonthsOfHistory = buildBalanceSheet(LEDGER, { ...MONTHLY, periodsToCompare: 12, historyMonths: 2 })
    expect(twoMonthsOfHistory.earliestAvailableMonth).toBe('2026-02-01T00:00:00Z')
    expect(twoMonthsOfHistory.reports.map((sheet) => sheet.date)).toEqual(['2026-03-31T00:00:00Z', '2026-02-28T00:00:00Z'])
    const empty = buildCashFlowStatement({ currency: NO_CURRENCY, accounts: [], movements: [] }, { ...MONTHLY, periodsToCompare: 2 })
    expect(empty).toEqual({
      currency: NO_CURRENCY,
      reportBasis: 'Cash',
      reportInput: 'Direct',
      reports: [
        { fromDate: '2026-06-01T00:00:00Z', toDate: '2026-06-30T00:00:00Z', cashReceipts: { name: 'Cash receipts', value: 0, items: [] }, cashPayments: { name: 'Cash payments', value: 0, items: [] } },
        { fromDate: '2026-05-01T00:00:00Z', toDate: '2026-05-31T00:00:00Z', cashReceipts: { name: 'Cash receipts', value: 0, items: [] }, cashPayments: { name: 'Cash payments', value: 0, items: [] } },
      ],
    })
  })

  it('periods: a transaction dated years ahead does not move the default periods or the history off the present; asked for, its month still reports', () => {
    // A post-dated (or mistyped) invoice in May 2031 in books that run to March 2026, read in June 2026.
    const ahead: Ledger = {
      ...LEDGER,
      movements: [...LEDGER.movements, { accountId: 'ar', month: '2031-05', isWithCash: false, amount: '50.00' }, { accountId: 'sales', month: '2031-05', isWithCash: false, amount: '-50.00' }],
    }
    const report = buildProfitAndLoss(ahead, MONTHLY)
    expect(report).toMatchObject({ earliestAvailableMonth: '2026-01-01T00:00:00Z', mostRecentAvailableMonth: '2026-06-01T00:00:00Z' })
    expect(report.reports.map((period) => [period.fromDate, period.netProfit])).toEqual([
      ['2026-06-01T00:00:00Z', 0],
      ['2026-05-01T00:00:00Z', 0],
      ['2026-04-01T00:00:00Z', 0],
    ])
    expect(buildProfitAndLoss(ahead, { ...MONTHLY, periodsToCompare: 1, startMonth: '2031-05' }).reports[0]).toMatchObject({ fromDate: '2031-05-01T00:00:00Z', netProfit: 50 })
    // Books wholly ahead of today: today's month is both ends of what is available.
    const allAhead = buildBalanceSheet({ ...ahead, movements: ahead.movements.filter((movement) => movement.month === '2031-05') }, MONTHLY)
    expect(allAhead).toMatchObject({ earliestAvailableMonth: '2026-06-01T00:00:00Z', mostRecentAvailableMonth: '2026-06-01T00:00:00Z' })
    expect(allAhead.reports.map((sheet) => sheet.date)).toEqual(['2026-06-30T00:00:00Z'])
  })

  it('a large ledger: ten years of 2,000 accounts (240,000 monthly sums) builds every statement', () => {
    const movements: Array<Ledger['movements'][number]> = []
    for (let month = 0; month < 120; month++) {
      const text = `${2016 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`
      for (let account = 0; account < 1000; account++) {
        movements.push({ accountId: `income-${account}`, month: text, isWithCash: true, amount: '-1.00' })
        movements.push({ accountId: 'bank', month: text, isWithCash: true, amount: '1.00' })
      }
    }
    const ledger: Ledger = { currency: 'GBP', accounts: [...ACCOUNTS, ...Array.from({ length: 1000 }, (_, index) => ({ id: `income-${index}`, name: `Income ${index}`, type: 'Income' as const, category: null, isBankAccount: false }))], movements }
    const periods: StatementPeriods = { periodLength: 12, periodsToCompare: 2, historyMonths: 240, now: new Date('2026-06-15T00:00:00Z') }
    expect(buildProfitAndLoss(ledger, periods).reports[0]).toMatchObject({ netProfit: 12_000 })
    expect(buildBalanceSheet(ledger, periods).reports).toHaveLength(2)
    expect(buildCashFlowStatement(ledger, periods).reports).toHaveLength(2)
  })
})
