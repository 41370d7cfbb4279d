/** @module The data types Linkway syncs, by the keys the reference API uses in `dataType` (§13.4). */

/** Every data type Linkway reads from a platform, in the order a full sync queues them. */
export const DATA_TYPES = [
  'company',
  'chartOfAccounts',
  'customers',
  'suppliers',
  'invoices',
  'bills',
  'payments',
  'bankAccounts',
  'journalEntries',
  'banking-accounts',
  'banking-accountBalances',
  'banking-transactions',
  'commerce-companyInfo',
  'commerce-customers',
  'commerce-orders',
  'commerce-products',
  'commerce-payments',
  'items',
  'taxRates',
  'trackingCategories',
  'paymentMethods',
  'accountTransactions',
  'bankTransactions',
  'transfers',
  'balanceSheet',
  'profitAndLoss',
  'cashFlowStatement',
  'creditNotes',
  'billCreditNotes',
  'billPayments',
  'directCosts',
  'directIncomes',
  'itemReceipts',
  'journals',
  'purchaseOrders',
  'salesOrders',
  'banking-transactionCategories',
  'commerce-disputes',
  'commerce-locations',
  'commerce-paymentMethods',
  'commerce-productCategories',
  'commerce-taxComponents',
  'commerce-transactions',
] as const
export type DataType = (typeof DATA_TYPES)[number]

export function isDataType(value: string): value is DataType {
  return (DATA_TYPES as readonly string[]).includes(value)
}
