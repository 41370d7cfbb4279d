/** @module Sage Accounting (tgff): OAuth 2.0 through Sage's central sign-in, filtered to the v3.1 API's countries. */
import { ACCOUNTING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const sageAccounting = defineConnector({
  key: 'tgff',
  name: 'Sage Accounting',
  sourceType: 'Accounting',
  isSandbox: false,
  isOfflineConnector: false,
  // Not yet exercised against an emulation, unlike Xero, QuickBooks Online and Shopify.
  isBeta: true,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://www.sageone.com/oauth2/auth/central',
    tokenUrl: 'https://oauth.accounting.sage.com/token',
    revokeUrl: 'https://oauth.accounting.sage.com/revoke',
    // Linkway only reads; Sage's other scope is full_access.
    scopes: ['readonly'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
    tokenRequestFormat: 'form',
    // Without the filter, the sign-in also offers regions the v3.1 API does not serve.
    authorizeParams: { filter: 'apiv3.1' },
    connectionParameters: [],
    callbackParameters: [],
    developerPortalUrl: 'https://developerselfservice.sageone.com',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(ACCOUNTING_DATATYPES),
  brand: { primaryColor: '#0f8a3c', textColor: '#ffffff', monogram: 'S', simpleIcon: 'sage' },
})
