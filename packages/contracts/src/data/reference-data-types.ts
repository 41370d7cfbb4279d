/**
 * @module The reference's data type keys: its `DataType` enum (Codat-Platform.json,
 * `DataStatus.dataType`), every one of them, including those Linkway does not sync yet.
 */

/**
 * Every key the reference accepts where a request names a data type (`dataType` path parameters,
 * `settings[].dataType`), in the reference's order. Linkway syncs the subset in DATA_TYPES (a test
 * checks both against the reference's document); a setting for
 * another is kept and echoed, as the reference keeps it, and syncs nothing.
 */
export const REFERENCE_DATA_TYPES = [
  'accountTransactions',
  'balanceSheet',
  'bankAccounts',
  'bankTransactions',
  'billCreditNotes',
  'billPayments',
  'bills',
  'cashFlowStatement',
  'chartOfAccounts',
  'company',
  'creditNotes',
  'customers',
  'directCosts',
  'directIncomes',
  'invoices',
  'itemReceipts',
  'items',
  'journalEntries',
  'journals',
  'paymentMethods',
  'payments',
  'profitAndLoss',
  'purchaseOrders',
  'salesOrders',
  'suppliers',
  'taxRates',
  'trackingCategories',
  'transfers',
  'banking-accountBalances',
  'banking-accounts',
  'banking-transactionCategories',
  'banking-transactions',
  'commerce-companyInfo',
  'commerce-customers',
  'commerce-disputes',
  'commerce-locations',
  'commerce-orders',
  'commerce-paymentMethods',
  'commerce-payments',
  'commerce-productCategories',
  'commerce-products',
  'commerce-taxComponents',
  'commerce-transactions',
] as const
export type ReferenceDataType = (typeof REFERENCE_DATA_TYPES)[number]

