/** @module FreeAgent (fbrh): OAuth 2.0 without scopes; the access level is the one the person has in FreeAgent. */
import { ACCOUNTING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const freeagent = defineConnector({
  key: 'fbrh',
  name: 'FreeAgent',
  sourceType: 'Accounting',
  isSandbox: false,
  isOfflineConnector: false,
  // Not yet exercised against an emulation, unlike Xero, QuickBooks Online and Shopify.
  isBeta: true,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://api.freeagent.com/v2/approve_app',
    tokenUrl: 'https://api.freeagent.com/v2/token_endpoint',
    // FreeAgent documents no revocation endpoint: the person removes the app in FreeAgent's settings.
    scopes: [],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_basic',
    tokenRequestFormat: 'form',
    authorizeParams: {},
    connectionParameters: [],
    callbackParameters: [],
    developerPortalUrl: 'https://dev.freeagent.com',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(ACCOUNTING_DATATYPES),
  brand: { primaryColor: '#1f6fb2', textColor: '#ffffff', monogram: 'FA' },
})
