/**
 * @module The reference's operationIds for the data types' read routes, where one of its published
 * documents has the data type's path. Linkway's routes take their ids from here, else
 * `list-{dataType}` / `get-{dataType}` / `get-{dataType}-record`.
 */
import type { DataType } from './data-types.js'

export interface DataTypeOperationIds {
  /** The list (or, for a single object such as company info, the get) at the data type's path. */
  read: string
  /** One record by its id. */
  record?: string
}

/**
 * The reference's documents disagree among themselves (its Commerce document calls
 * commerce-customers' list `list-customers`, as the Expenses document calls accounting customers'),
 * and Linkway serves them in one document, where ids must be unique: where they disagree, the id
 * is the one that is unique here (the Sync for Commerce document's prefixed ids, mostly).
 */
export const DATA_TYPE_OPERATION_IDS: Readonly<Partial<Record<DataType, DataTypeOperationIds>>> = {
  company: { read: 'get-accounting-company-info' },
  chartOfAccounts: { read: 'list-accounting-accounts', record: 'get-accounting-account' },
  customers: { read: 'list-customers', record: 'get-customer' },
  suppliers: { read: 'list-suppliers', record: 'get-supplier' },
  bills: { read: 'list-bills', record: 'get-bill' },
  journalEntries: { read: 'list-journal-entries', record: 'get-journal-entry' },
  bankAccounts: { read: 'list-accounting-bank-accounts', record: 'get-accounting-bank-account' },
  'banking-accounts': { read: 'list-accounts', record: 'get-account' },
  'banking-accountBalances': { read: 'list-account-balances' },
  'banking-transactions': { read: 'list-transactions', record: 'get-transaction' },
  'commerce-companyInfo': { read: 'get-commerce-company-info' },
  'commerce-customers': { read: 'list-commerce-customers', record: 'get-commerce-customer' },
  'commerce-orders': { read: 'list-commerce-orders', record: 'get-commerce-order' },
  'commerce-payments': { read: 'list-commerce-payments', record: 'get-commerce-payment' },
  'commerce-products': { read: 'list-commerce-products', record: 'get-commerce-product' },
  taxRates: { read: 'list-tax-rates', record: 'get-tax-rate' },
  trackingCategories: { read: 'list-tracking-categories', record: 'get-tracking-category' },
  paymentMethods: { read: 'list-payment-methods', record: 'get-payment-method' },
  billCreditNotes: { read: 'list-bill-credit-notes', record: 'get-bill-credit-note' },
  billPayments: { read: 'list-bill-payments', record: 'get-bill-payments' },
  journals: { read: 'list-journals', record: 'get-journal' },
  'banking-transactionCategories': { read: 'list-transaction-categories', record: 'get-transaction-category' },
  'commerce-disputes': { read: 'list-disputes', record: 'get-dispute' },
  'commerce-locations': { read: 'list-commerce-locations', record: 'get-commerce-location' },
  'commerce-paymentMethods': { read: 'list-commerce-payment-methods', record: 'get-commerce-payment-method' },
  'commerce-productCategories': { read: 'list-product-categories', record: 'get-product-category' },
  'commerce-taxComponents': { read: 'list-tax-components', record: 'get-tax-component' },
  'commerce-transactions': { read: 'list-commerce-transactions', record: 'get-commerce-transaction' },
}
