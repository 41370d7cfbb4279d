/** @module Every generated dataset, by family and by the name in the API paths. */
import type { DataFamily, Dataset } from '../generated-data.js'
import {
  accountingBankAccounts,
  accountingCompany,
  accountingPayments,
  billCreditNotes,
  billPayments,
  bills,
  creditNotes,
  customers,
  directCosts,
  directIncomes,
  invoices,
  itemReceipts,
  journalEntries,
  journals,
  ledgerAccounts,
  purchaseOrders,
  salesOrders,
  suppliers,
} from './accounting-data.js'
import { accountingBankTransactions, accountTransactions, transfers } from './accounting-bank-data.js'
import { items, paymentMethods, taxRates, trackingCategories } from './accounting-reference-data.js'
import { balances, bankingAccounts, bankTransactions, transactionCategories } from './banking-data.js'
import {
  commerceCompany,
  commercePayments,
  disputes,
  locations,
  commercePaymentMethods,
  merchantTransactions,
  ordersWithPayments,
  productCategories,
  products,
  shoppers,
  taxComponents,
} from './commerce-data.js'

export * from './accounting-data.js'
export * from './accounting-reference-data.js'
export * from './accounting-bank-data.js'
export * from './banking-data.js'
export * from './commerce-data.js'
export type { Address, Company } from './record-parts.js'

/** Every dataset, by family and name: the names are the ones in the API paths. */
export const DATASETS: Readonly<Record<DataFamily, Readonly<Record<string, Dataset>>>> = {
  accounting: {
    company: accountingCompany,
    accounts: ledgerAccounts,
    customers,
    suppliers,
    invoices,
    bills,
    payments: accountingPayments,
    bankAccounts: accountingBankAccounts,
    journalEntries,
    items,
    taxRates,
    trackingCategories,
    paymentMethods,
    accountTransactions,
    bankTransactions: accountingBankTransactions,
    transfers,
    creditNotes,
    billCreditNotes,
    billPayments,
    directCosts,
    directIncomes,
    itemReceipts,
    journals,
    purchaseOrders,
    salesOrders,
  },
  banking: { accounts: bankingAccounts, balances, transactions: bankTransactions, transactionCategories },
  commerce: {
    company: commerceCompany,
    customers: shoppers,
    // Served with each order's payments; the other datasets refer to the plain orders.
    orders: ordersWithPayments,
    products,
    payments: commercePayments,
    disputes,
    locations,
    paymentMethods: commercePaymentMethods,
    productCategories,
    taxComponents,
    transactions: merchantTransactions,
  },
}

export function findDataset(family: DataFamily, name: string): Dataset | undefined {
  return Object.hasOwn(DATASETS[family], name) ? DATASETS[family][name] : undefined
}

/** The default record count of a family's list dataset, or undefined when it has none of that name. */
export function defaultSizeOf(family: DataFamily, name: string): number | undefined {
  const dataset = findDataset(family, name)
  return dataset?.kind === 'list' ? dataset.defaultSize : undefined
}
