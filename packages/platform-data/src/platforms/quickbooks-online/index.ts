/** @module QuickBooks Online's accounting API read into the unified model: invoices, the chart of accounts and customers. */
import type { PlatformDataSources } from '../../data-source.js'
import { quickbooksChartOfAccounts } from './chart-of-accounts.js'
import { quickbooksCustomers } from './customers.js'
import { quickbooksInvoices } from './invoices.js'

export const quickbooksOnlineDataSources: PlatformDataSources = {
  invoices: quickbooksInvoices,
  chartOfAccounts: quickbooksChartOfAccounts,
  customers: quickbooksCustomers,
}
