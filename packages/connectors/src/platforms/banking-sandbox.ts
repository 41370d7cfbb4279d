/** @module Banking Sandbox (bsbx): Linkway's own bank with sample accounts, linked with no credentials. */
import { BANKING_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const bankingSandbox = defineConnector({
  // The reference documents no key for its banking sandbox; bsbx is Linkway's own.
  key: 'bsbx',
  name: 'Banking Sandbox',
  sourceType: 'Banking',
  isSandbox: true,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: '{sandboxUrl}/banking/oauth/authorize',
    tokenUrl: '{sandboxUrl}/banking/oauth/token',
    revokeUrl: '{sandboxUrl}/banking/oauth/revoke',
    scopes: ['banking.read', 'offline_access'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_basic',
    tokenRequestFormat: 'form',
    authorizeParams: {},
    connectionParameters: [],
    callbackParameters: [],
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(BANKING_DATATYPES),
  brand: { primaryColor: '#0f766e', textColor: '#ffffff', monogram: 'BS' },
})
