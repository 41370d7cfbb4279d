/** @module The data types each kind of platform offers, and the "read it, released" feature list most platforms declare. */
import type { DatatypeFeature } from './connector.js'

export const ACCOUNTING_DATATYPES = ['company', 'chartOfAccounts', 'customers', 'suppliers', 'invoices', 'bills', 'payments', 'bankAccounts', 'journalEntries', 'items', 'taxRates', 'trackingCategories', 'paymentMethods', 'accountTransactions', 'bankTransactions', 'transfers', 'creditNotes', 'billCreditNotes', 'billPayments', 'directCosts', 'directIncomes', 'itemReceipts', 'journals', 'purchaseOrders', 'salesOrders'] as const
/** Built from the ledger at read (docs/data.md, "Financial statements"): offered where Linkway reads a whole ledger, the Sandbox's, Xero's and QuickBooks Online's. */
export const FINANCIAL_STATEMENT_DATATYPES = ['balanceSheet', 'profitAndLoss', 'cashFlowStatement'] as const
export const BANKING_DATATYPES = ['banking-accounts', 'banking-accountBalances', 'banking-transactions', 'banking-transactionCategories'] as const
export const COMMERCE_DATATYPES = ['commerce-companyInfo', 'commerce-customers', 'commerce-orders', 'commerce-products', 'commerce-payments', 'commerce-disputes', 'commerce-locations', 'commerce-paymentMethods', 'commerce-productCategories', 'commerce-taxComponents', 'commerce-transactions'] as const

/** Linkway reads data and writes none, so every supported data type is one released Get. */
export function releasedGets(datatypes: readonly string[]): DatatypeFeature[] {
  return datatypes.map((datatype) => ({ datatype, supportedFeatures: [{ featureType: 'Get', featureState: 'Release' }] }))
}
