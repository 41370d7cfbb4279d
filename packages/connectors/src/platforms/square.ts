/** @module Square (zsth): OAuth 2.0 with a JSON token request and Square's own revocation call. */
import { COMMERCE_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const square = defineConnector({
  key: 'zsth',
  name: 'Square',
  sourceType: 'Commerce',
  isSandbox: false,
  isOfflineConnector: false,
  // Not yet exercised against an emulation, unlike Xero, QuickBooks Online and Shopify.
  isBeta: true,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://connect.squareup.com/oauth2/authorize',
    tokenUrl: 'https://connect.squareup.com/oauth2/token',
    revokeUrl: 'https://connect.squareup.com/oauth2/revoke',
    revokeRequest: 'square',
    scopes: ['MERCHANT_PROFILE_READ', 'CUSTOMERS_READ', 'ORDERS_READ', 'ITEMS_READ', 'PAYMENTS_READ'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
    tokenRequestFormat: 'json',
    authorizeParams: {},
    connectionParameters: [],
    callbackParameters: [],
    tokenResponseParameters: ['merchant_id'],
    developerPortalUrl: 'https://developer.squareup.com/apps',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(COMMERCE_DATATYPES),
  brand: { primaryColor: '#222222', textColor: '#ffffff', monogram: 'Sq', simpleIcon: 'square' },
})
