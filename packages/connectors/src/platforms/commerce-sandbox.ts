/** @module Sandbox commerce (aiwb): Linkway's own shop with sample orders, linked with no credentials. */
import { COMMERCE_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'
import { sandboxOAuth } from './sandbox-oauth.js'

export const commerceSandbox = defineConnector({
  key: 'aiwb',
  name: 'Sandbox commerce',
  sourceType: 'Commerce',
  isSandbox: true,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: sandboxOAuth('commerce', ['commerce.read', 'offline_access']),
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(COMMERCE_DATATYPES),
  brand: { primaryColor: '#b45309', textColor: '#ffffff', monogram: 'CS' },
  apiBaseUrl: '{sandboxUrl}/commerce/api',
})
