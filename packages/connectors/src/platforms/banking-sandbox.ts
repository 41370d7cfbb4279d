/** @module Sandbox bank (bsbx): Linkway's own bank with sample accounts, linked with no credentials. */
import { BANKING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'
import { sandboxOAuth } from './sandbox-oauth.js'

export const bankingSandbox = defineConnector({
  // The reference documents no key for its banking sandbox; bsbx is Linkway's own.
  key: 'bsbx',
  name: 'Sandbox bank',
  sourceType: 'Banking',
  isSandbox: true,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: sandboxOAuth('banking', ['banking.read', 'offline_access']),
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(BANKING_DATATYPES),
  brand: { primaryColor: '#0f766e', textColor: '#ffffff', monogram: 'BS' },
  apiBaseUrl: '{sandboxUrl}/banking/api',
})
