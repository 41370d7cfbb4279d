/** @module QuickBooks Online's accounting API read into the unified model: its entities by query, its company, and its ledger from the JournalReport. */
import type { PlatformDataSources } from '../../data-source.js'
import { quickbooksBankAccounts } from './bank-accounts.js'
import { quickbooksBillPayments } from './bill-payments.js'
import { quickbooksBills } from './bills.js'
import { quickbooksChartOfAccounts } from './chart-of-accounts.js'
import { quickbooksCompany } from './company.js'
import { quickbooksBillCreditNotes, quickbooksCreditNotes } from './credit-notes.js'
import { quickbooksCustomers } from './customers.js'
import { quickbooksDirectCosts, quickbooksDirectIncomes } from './direct-transactions.js'
import { quickbooksInvoices } from './invoices.js'
import { quickbooksItems } from './items.js'
import { quickbooksJournalEntries, quickbooksLedgerStatementSource } from './journal-entries.js'
import { quickbooksPayments } from './payments.js'
import { quickbooksPurchaseOrders } from './purchase-orders.js'
import { quickbooksSuppliers } from './suppliers.js'
import { quickbooksTaxRates } from './tax-rates.js'
import { quickbooksTrackingCategories } from './tracking-categories.js'
import { quickbooksTransfers } from './transfers.js'

export const quickbooksOnlineDataSources: PlatformDataSources = {
  invoices: quickbooksInvoices,
  chartOfAccounts: quickbooksChartOfAccounts,
  customers: quickbooksCustomers,
  suppliers: quickbooksSuppliers,
  bills: quickbooksBills,
  payments: quickbooksPayments,
  billPayments: quickbooksBillPayments,
  creditNotes: quickbooksCreditNotes,
  billCreditNotes: quickbooksBillCreditNotes,
  bankAccounts: quickbooksBankAccounts,
  company: quickbooksCompany,
  journalEntries: quickbooksJournalEntries,
  balanceSheet: quickbooksLedgerStatementSource('balanceSheet'),
  profitAndLoss: quickbooksLedgerStatementSource('profitAndLoss'),
  cashFlowStatement: quickbooksLedgerStatementSource('cashFlowStatement'),
  items: quickbooksItems,
  taxRates: quickbooksTaxRates,
  trackingCategories: quickbooksTrackingCategories,
  transfers: quickbooksTransfers,
  purchaseOrders: quickbooksPurchaseOrders,
  directIncomes: quickbooksDirectIncomes,
  directCosts: quickbooksDirectCosts,
}
