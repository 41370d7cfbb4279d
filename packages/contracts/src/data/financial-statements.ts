/**
 * @module The financial statements (balance sheet, profit and loss, cash flow statement) as the reference serves
 * them at `/companies/{companyId}/data/financials/…`, field for field as its SDK's models name them, and the
 * period parameters every one of them takes.
 */
import { z } from 'zod'
import { WHOLE_NUMBER_TEXT, wholeNumberOf } from '../paging.js'
import { DateTimeString } from './accounting.js'

/** A line of a statement: an account (`accountId`) or a heading whose value is the sum of its `items`. */
export interface ReportLine {
  accountId?: string
  name?: string
  value: number
  items?: ReportLine[]
}

export const ReportLine: z.ZodType<ReportLine> = z
  .object({
    accountId: z.string().optional().meta({ description: 'The account this line is, in the chart of accounts.' }),
    name: z.string().optional(),
    value: z.number(),
    get items() {
      return z.array(ReportLine).optional()
    },
  })
  .meta({ id: 'ReportLine' })

export const REPORT_BASES = ['Unknown', 'Accrual', 'Cash'] as const
export const REPORT_INPUTS = ['Unknown', 'Indirect', 'Direct'] as const

/** The months a company's stored ledger covers: every statement envelope carries them. */
const availableMonths = {
  currency: z.string().meta({ description: 'The company’s base currency, ISO 4217.' }),
  earliestAvailableMonth: DateTimeString.optional().meta({ description: 'The first month the stored ledger has entries in, e.g. `2024-05-01T00:00:00Z`.' }),
  mostRecentAvailableMonth: DateTimeString.optional().meta({ description: 'The last month the stored ledger has entries in.' }),
}

export const BalanceSheetPeriod = z
  .object({
    date: DateTimeString.optional().meta({ description: 'The last day of the period: balances include every entry posted up to its end.' }),
    assets: ReportLine.optional(),
    liabilities: ReportLine.optional(),
    equity: ReportLine.optional(),
    netAssets: z.number().meta({ description: 'Assets less liabilities; equal to equity.' }),
  })
  .meta({ id: 'BalanceSheet' })
export type BalanceSheetPeriod = z.infer<typeof BalanceSheetPeriod>

export const BalanceSheetReport = z
  .object({ ...availableMonths, reports: z.array(BalanceSheetPeriod).meta({ description: 'One balance sheet per period, the most recent first.' }) })
  .meta({ id: 'BalanceSheetReport' })
export type BalanceSheetReport = z.infer<typeof BalanceSheetReport>

export const ProfitAndLossPeriod = z
  .object({
    fromDate: DateTimeString.optional(),
    toDate: DateTimeString.optional(),
    income: ReportLine.optional(),
    costOfSales: ReportLine.optional(),
    grossProfit: z.number(),
    expenses: ReportLine.optional(),
    netOperatingProfit: z.number(),
    otherIncome: ReportLine.optional(),
    otherExpenses: ReportLine.optional(),
    netOtherIncome: z.number(),
    netProfit: z.number(),
  })
  .meta({ id: 'ProfitAndLoss' })
export type ProfitAndLossPeriod = z.infer<typeof ProfitAndLossPeriod>

export const ProfitAndLossReport = z
  .object({ ...availableMonths, reportBasis: z.enum(REPORT_BASES), reports: z.array(ProfitAndLossPeriod).meta({ description: 'One profit and loss per period, the most recent first.' }) })
  .meta({ id: 'ProfitAndLossReport' })
export type ProfitAndLossReport = z.infer<typeof ProfitAndLossReport>

export const CashFlowStatementPeriod = z
  .object({
    fromDate: DateTimeString.optional(),
    toDate: DateTimeString.optional(),
    cashReceipts: ReportLine.optional(),
    cashPayments: ReportLine.optional(),
  })
  .meta({ id: 'CashFlowStatement' })
export type CashFlowStatementPeriod = z.infer<typeof CashFlowStatementPeriod>

export const CashFlowStatementReport = z
  .object({
    ...availableMonths,
    reportBasis: z.enum(REPORT_BASES),
    reportInput: z.enum(REPORT_INPUTS),
    reports: z.array(CashFlowStatementPeriod).meta({ description: 'One cash flow statement per period, the most recent first.' }),
  })
  .meta({ id: 'CashFlowStatementReport' })
export type CashFlowStatementReport = z.infer<typeof CashFlowStatementReport>

export const PERIOD_LENGTH_MAX = 12
export const PERIODS_TO_COMPARE_MAX = 24

/** Query-string integers arrive as text; anything but a whole number in range is a 400. */
const wholeNumber = (field: string, max: number) =>
  z
    .string({ error: `${field} is required` })
    .regex(WHOLE_NUMBER_TEXT, `${field} must be a whole number`)
    .transform(wholeNumberOf)
    .pipe(z.int().min(1, `${field} must be at least 1`).max(max, `${field} must be at most ${max}`))

/** `YYYY-MM` then anything an ISO date or date-time may carry; only its year and month are read. */
const START_MONTH = /^(\d{4})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?$/

/** A month as one number (year × 12 + month − 1) from text starting `YYYY-MM`, so periods are plain arithmetic. */
export function monthNumberOf(text: string): number {
  return Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1
}

/** The first and last months a wire date can hold (0001-01 and 9999-12). */
export const FIRST_WIRE_MONTH = 1 * 12
export const LAST_WIRE_MONTH = 9999 * 12 + 11

/** The periods a query asks for must stay within the years a wire date can hold. */
function isWithinWireYears(query: { periodLength: number; periodsToCompare: number; startMonth?: string | undefined }): boolean {
  if (query.startMonth === undefined) return true
  const start = monthNumberOf(query.startMonth)
  return start - (query.periodsToCompare - 1) * query.periodLength >= FIRST_WIRE_MONTH && start + query.periodLength - 1 <= LAST_WIRE_MONTH
}

export const FinancialStatementQuery = z.object({
  periodLength: wholeNumber('periodLength', PERIOD_LENGTH_MAX).meta({ description: `Months in each period, 1 to ${PERIOD_LENGTH_MAX}.` }),
  periodsToCompare: wholeNumber('periodsToCompare', PERIODS_TO_COMPARE_MAX).meta({ description: `How many periods of periodLength months, 1 to ${PERIODS_TO_COMPARE_MAX}, the most recent first.` }),
  startMonth: z
    .string()
    .regex(START_MONTH, 'startMonth must be an ISO 8601 date, e.g. 2024-01-01T00:00:00Z')
    .optional()
    .meta({ description: 'The first month of the most recent period (its day and time are ignored); earlier periods go back from it. Defaults to the period that ends with the most recent available month.' }),
}).refine(isWithinWireYears, { message: 'startMonth with periodLength and periodsToCompare reaches outside the years 0001 to 9999', path: ['startMonth'] })
export type FinancialStatementQuery = z.infer<typeof FinancialStatementQuery>
