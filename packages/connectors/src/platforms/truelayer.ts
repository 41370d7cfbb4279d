/** @module TrueLayer (upvr): open banking through TrueLayer's auth dialog, where the person picks their bank from a list. */
import { releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const trueLayer = defineConnector({
  key: 'upvr',
  name: 'TrueLayer',
  sourceType: 'Banking',
  isSandbox: false,
  isOfflineConnector: false,
  // Not yet exercised against an emulation, unlike Xero, QuickBooks Online and Shopify.
  isBeta: true,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://auth.truelayer.com/',
    tokenUrl: 'https://auth.truelayer.com/connect/token',
    // No revokeUrl: TrueLayer revokes with DELETE /api/delete and the access token, not an OAuth
    // revocation request. Consent also lapses on its own after the open-banking period.
    scopes: ['info', 'accounts', 'balance', 'transactions', 'offline_access'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
    tokenRequestFormat: 'form',
    // Which banks the dialog lists: UK open-banking and OAuth providers.
    authorizeParams: { providers: 'uk-ob-all uk-oauth-all' },
    connectionParameters: [],
    callbackParameters: [],
    developerPortalUrl: 'https://console.truelayer.com',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false, note: 'TrueLayer shows a list of banks; you pick yours and sign in there.' },
  // What Linkway reads from TrueLayer's Data API today; its accounts and balances are not read yet.
  datatypeFeatures: releasedGets(['banking-transactions']),
  brand: { primaryColor: '#1d2b4f', textColor: '#ffffff', monogram: 'TL' },
  apiBaseUrl: 'https://api.truelayer.com/data/v1',
})
