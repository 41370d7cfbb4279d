/** @module Commerce Sandbox (aiwb): Linkway's own shop with sample orders, linked with no credentials. */
import { COMMERCE_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const commerceSandbox = defineConnector({
  key: 'aiwb',
  name: 'Commerce Sandbox',
  sourceType: 'Commerce',
  isSandbox: true,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: '{sandboxUrl}/commerce/oauth/authorize',
    tokenUrl: '{sandboxUrl}/commerce/oauth/token',
    revokeUrl: '{sandboxUrl}/commerce/oauth/revoke',
    scopes: ['commerce.read', 'offline_access'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_basic',
    tokenRequestFormat: 'form',
    authorizeParams: {},
    connectionParameters: [],
    callbackParameters: [],
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(COMMERCE_DATATYPES),
  brand: { primaryColor: '#b45309', textColor: '#ffffff', monogram: 'CS' },
})
