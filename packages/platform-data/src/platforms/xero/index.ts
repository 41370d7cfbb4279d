/** @module Xero's Accounting API read into the unified model: sales invoices, the chart of accounts and customers. */
import type { PlatformDataSources } from '../../data-source.js'
import { xeroChartOfAccounts } from './chart-of-accounts.js'
import { xeroCustomers } from './customers.js'
import { xeroInvoices } from './invoices.js'

export const xeroDataSources: PlatformDataSources = {
  invoices: xeroInvoices,
  chartOfAccounts: xeroChartOfAccounts,
  customers: xeroCustomers,
}
