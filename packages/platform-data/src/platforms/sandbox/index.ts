/**
 * @module The data sources of Linkway's three sandbox platforms: Sandbox accounting (mqjo), Sandbox bank
 * (bsbx) and Sandbox commerce (aiwb), each dataset of apps/sandbox-platforms by its data type.
 */
import type { PlatformDataSources } from '../../data-source.js'
import * as accounting from './accounting-mappings.js'
import * as ledger from './accounting-ledger-mappings.js'
import * as banking from './banking-mappings.js'
import * as commerce from './commerce-mappings.js'
import { sandboxLedgerStatementSource, sandboxListSource, sandboxSingleSource } from './sandbox-source.js'

export const accountingSandboxDataSources: PlatformDataSources = {
  company: sandboxSingleSource('company', 'company', accounting.mapAccountingCompany),
  chartOfAccounts: sandboxListSource('chartOfAccounts', 'accounts', accounting.mapAccount),
  customers: sandboxListSource('customers', 'customers', accounting.mapCustomer),
  suppliers: sandboxListSource('suppliers', 'suppliers', accounting.mapSupplier),
  invoices: sandboxListSource('invoices', 'invoices', accounting.mapInvoice),
  bills: sandboxListSource('bills', 'bills', accounting.mapBill),
  payments: sandboxListSource('payments', 'payments', accounting.mapPayment),
  bankAccounts: sandboxListSource('bankAccounts', 'bankAccounts', accounting.mapBankAccount),
  journalEntries: sandboxListSource('journalEntries', 'journalEntries', accounting.mapJournalEntry),
  items: sandboxListSource('items', 'items', ledger.mapItem),
  taxRates: sandboxListSource('taxRates', 'taxRates', ledger.mapTaxRate),
  trackingCategories: sandboxListSource('trackingCategories', 'trackingCategories', ledger.mapTrackingCategory),
  paymentMethods: sandboxListSource('paymentMethods', 'paymentMethods', ledger.mapPaymentMethod),
  accountTransactions: sandboxListSource('accountTransactions', 'accountTransactions', ledger.mapAccountTransaction),
  bankTransactions: sandboxListSource('bankTransactions', 'bankTransactions', ledger.mapAccountingBankTransaction),
  transfers: sandboxListSource('transfers', 'transfers', ledger.mapTransfer),
  balanceSheet: sandboxLedgerStatementSource('balanceSheet'),
  profitAndLoss: sandboxLedgerStatementSource('profitAndLoss'),
  cashFlowStatement: sandboxLedgerStatementSource('cashFlowStatement'),
  creditNotes: sandboxListSource('creditNotes', 'creditNotes', accounting.mapCreditNote),
  billCreditNotes: sandboxListSource('billCreditNotes', 'billCreditNotes', accounting.mapBillCreditNote),
  billPayments: sandboxListSource('billPayments', 'billPayments', accounting.mapBillPayment),
  directCosts: sandboxListSource('directCosts', 'directCosts', accounting.mapDirectCost),
  directIncomes: sandboxListSource('directIncomes', 'directIncomes', accounting.mapDirectIncome),
  itemReceipts: sandboxListSource('itemReceipts', 'itemReceipts', accounting.mapItemReceipt),
  journals: sandboxListSource('journals', 'journals', accounting.mapJournal),
  purchaseOrders: sandboxListSource('purchaseOrders', 'purchaseOrders', accounting.mapPurchaseOrder),
  salesOrders: sandboxListSource('salesOrders', 'salesOrders', accounting.mapSalesOrder),
}

export const bankingSandboxDataSources: PlatformDataSources = {
  'banking-accounts': sandboxListSource('banking-accounts', 'accounts', banking.mapBankingAccount),
  'banking-accountBalances': sandboxListSource('banking-accountBalances', 'balances', banking.mapBankingAccountBalance),
  'banking-transactions': sandboxListSource('banking-transactions', 'transactions', banking.mapBankingTransaction),
  'banking-transactionCategories': sandboxListSource('banking-transactionCategories', 'transactionCategories', banking.mapBankingTransactionCategory),
}

export const commerceSandboxDataSources: PlatformDataSources = {
  'commerce-companyInfo': sandboxSingleSource('commerce-companyInfo', 'company', commerce.mapCommerceCompany),
  'commerce-customers': sandboxListSource('commerce-customers', 'customers', commerce.mapCommerceCustomer),
  'commerce-orders': sandboxListSource('commerce-orders', 'orders', commerce.mapCommerceOrder),
  'commerce-products': sandboxListSource('commerce-products', 'products', commerce.mapCommerceProduct),
  'commerce-payments': sandboxListSource('commerce-payments', 'payments', commerce.mapCommercePayment),
  'commerce-disputes': sandboxListSource('commerce-disputes', 'disputes', commerce.mapCommerceDispute),
  'commerce-locations': sandboxListSource('commerce-locations', 'locations', commerce.mapCommerceLocation),
  'commerce-paymentMethods': sandboxListSource('commerce-paymentMethods', 'paymentMethods', commerce.mapCommercePaymentMethod),
  'commerce-productCategories': sandboxListSource('commerce-productCategories', 'productCategories', commerce.mapCommerceProductCategory),
  'commerce-taxComponents': sandboxListSource('commerce-taxComponents', 'taxComponents', commerce.mapCommerceTaxComponent),
  'commerce-transactions': sandboxListSource('commerce-transactions', 'transactions', commerce.mapCommerceTransaction),
}
