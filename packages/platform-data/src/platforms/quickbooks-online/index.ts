/** @module QuickBooks Online's accounting API read into the unified model: its entities by query, its company, and its ledger from the JournalReport. */
import type { PlatformDataSources } from '../../data-source.js'
import { quickbooksBankAccounts } from './bank-accounts.js'
import { quickbooksBillPayments } from './bill-payments.js'
import { quickbooksBills } from './bills.js'
import { quickbooksChartOfAccounts } from './chart-of-accounts.js'
import { quickbooksCompany } from './company.js'
import { quickbooksBillCreditNotes, quickbooksCreditNotes } from './credit-notes.js'
import { quickbooksCustomers } from './customers.js'
import { quickbooksInvoices } from './invoices.js'
import { quickbooksJournalEntries, quickbooksLedgerStatementSource } from './journal-entries.js'
import { quickbooksPayments } from './payments.js'
import { quickbooksSuppliers } from './suppliers.js'

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
}
