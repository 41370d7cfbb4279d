/** @module Stripe (exgd): Stripe Connect OAuth with read-only access; the client secret is the platform account's secret key. */
import { COMMERCE_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const stripe = defineConnector({
  key: 'exgd',
  name: 'Stripe',
  sourceType: 'Commerce',
  isSandbox: false,
  isOfflineConnector: false,
  // Not yet exercised against an emulation, unlike Xero, QuickBooks Online and Shopify.
  isBeta: true,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://connect.stripe.com/oauth/authorize',
    tokenUrl: 'https://connect.stripe.com/oauth/token',
    revokeUrl: 'https://connect.stripe.com/oauth/deauthorize',
    revokeRequest: 'stripe-deauthorize',
    scopes: ['read_only'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
    tokenRequestFormat: 'form',
    authorizeParams: {},
    connectionParameters: [],
    callbackParameters: [],
    // The connected account's id: API calls name it in Stripe-Account, and deauthorize needs it.
    tokenResponseParameters: ['stripe_user_id'],
    developerPortalUrl: 'https://dashboard.stripe.com/settings/connect',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(COMMERCE_DATATYPES),
  brand: { primaryColor: '#5b50e6', textColor: '#ffffff', monogram: 'St', simpleIcon: 'stripe' },
})
