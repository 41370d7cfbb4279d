/** @module Zoho Books (rwuv): OAuth 2.0 at Zoho Accounts, which gives a refresh token only when asked for offline access with consent. */
import { ACCOUNTING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const zohoBooks = defineConnector({
  key: 'rwuv',
  name: 'Zoho Books',
  sourceType: 'Accounting',
  isSandbox: false,
  isOfflineConnector: false,
  // Not yet exercised against an emulation, unlike Xero, QuickBooks Online and Shopify.
  isBeta: true,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    // Zoho runs one Accounts server per data centre; these are the US (.com) ones. A person whose
    // account lives in another centre comes back with that centre's accounts-server, where the code
    // must be exchanged: not supported yet.
    authorizeUrl: 'https://accounts.zoho.com/oauth/v2/auth',
    tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
    revokeUrl: 'https://accounts.zoho.com/oauth/v2/token/revoke',
    revokeRequest: 'token-in-query',
    scopes: ['ZohoBooks.fullaccess.all'],
    scopeSeparator: ',',
    clientAuth: 'client_secret_post',
    tokenRequestFormat: 'form',
    // access_type=offline asks for a refresh token; prompt=consent makes Zoho issue one again when
    // the person has consented before (otherwise a re-link gets an access token only).
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    connectionParameters: [],
    callbackParameters: [],
    // api_domain says where this person's data lives (www.zohoapis.com, .eu, .in, …).
    tokenResponseParameters: ['api_domain'],
    developerPortalUrl: 'https://api-console.zoho.com',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(ACCOUNTING_DATATYPES),
  brand: { primaryColor: '#c8352b', textColor: '#ffffff', monogram: 'ZB', simpleIcon: 'zoho' },
})
