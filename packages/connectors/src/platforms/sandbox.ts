/** @module Sandbox accounting (mqjo): Linkway's own accounting platform with sample data, linked with no credentials. */
import { ACCOUNTING_DATATYPES, FINANCIAL_STATEMENT_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'
import { sandboxOAuth } from './sandbox-oauth.js'

export const sandbox = defineConnector({
  key: 'mqjo',
  name: 'Sandbox accounting',
  sourceType: 'Accounting',
  isSandbox: true,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: sandboxOAuth('accounting', ['accounting.read', 'offline_access']),
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets([...ACCOUNTING_DATATYPES, ...FINANCIAL_STATEMENT_DATATYPES]),
  brand: { primaryColor: '#5b5bd6', textColor: '#ffffff', monogram: 'SB' },
  apiBaseUrl: '{sandboxUrl}/accounting/api',
})
