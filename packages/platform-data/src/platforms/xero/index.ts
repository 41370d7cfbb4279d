/** @module Xero's Accounting API read into the unified model: its contacts, documents, payments, chart of accounts and general ledger, and the statements built from them. */
import type { PlatformDataSources } from '../../data-source.js'
import { xeroBankAccounts } from './bank-accounts.js'
import { xeroBankTransactions } from './bank-transactions.js'
import { xeroBills } from './bills.js'
import { xeroChartOfAccounts } from './chart-of-accounts.js'
import { xeroCompany } from './company.js'
import { xeroCustomers, xeroSuppliers } from './contacts.js'
import { xeroBillCreditNotes, xeroCreditNotes } from './credit-notes.js'
import { xeroLedgerStatementSource } from './financial-statements.js'
import { xeroInvoices } from './invoices.js'
import { xeroJournalEntries } from './journal-entries.js'
import { xeroBillPayments, xeroPayments } from './payments.js'
import { xeroPurchaseOrders } from './purchase-orders.js'
import { xeroItems, xeroTaxRates, xeroTrackingCategories } from './reference-lists.js'
import { xeroTransfers } from './transfers.js'

export const xeroDataSources: PlatformDataSources = {
  invoices: xeroInvoices,
  chartOfAccounts: xeroChartOfAccounts,
  customers: xeroCustomers,
  suppliers: xeroSuppliers,
  bills: xeroBills,
  payments: xeroPayments,
  billPayments: xeroBillPayments,
  creditNotes: xeroCreditNotes,
  billCreditNotes: xeroBillCreditNotes,
  bankAccounts: xeroBankAccounts,
  company: xeroCompany,
  journalEntries: xeroJournalEntries,
  balanceSheet: xeroLedgerStatementSource('balanceSheet'),
  profitAndLoss: xeroLedgerStatementSource('profitAndLoss'),
  cashFlowStatement: xeroLedgerStatementSource('cashFlowStatement'),
  items: xeroItems,
  taxRates: xeroTaxRates,
  trackingCategories: xeroTrackingCategories,
  transfers: xeroTransfers,
  purchaseOrders: xeroPurchaseOrders,
  bankTransactions: xeroBankTransactions,
}
