/** @module Square (zsth): OAuth 2.0 with JSON token requests answered with `expires_at`, Square's own revocation call, and a pinned API version. */
import { COMMERCE_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

/**
 * The `Square-Version` every Square call names, kept here alone. Without the header Square answers at
 * the version the application was set to in its developer console, which can change under Linkway; with
 * it, the answers keep this version's shape. 2025-08-20 is the version of the published OpenAPI the
 * Square emulation and the data sources were checked against (apps/sandbox-platforms/reference/square).
 */
export const SQUARE_API_VERSION = '2025-08-20'

/** What Linkway reads from Square (its data sources in packages/platform-data): every commerce data type but transactions, as Square's payouts are not read yet. */
const SQUARE_DATATYPES = COMMERCE_DATATYPES.filter((datatype) => datatype !== 'commerce-transactions')

export const square = defineConnector({
  key: 'zsth',
  name: 'Square',
  sourceType: 'Commerce',
  isSandbox: false,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://connect.squareup.com/oauth2/authorize',
    tokenUrl: 'https://connect.squareup.com/oauth2/token',
    revokeUrl: 'https://connect.squareup.com/oauth2/revoke',
    revokeRequest: 'square',
    // Each list Linkway reads names its scope in Square's spec: merchants and locations MERCHANT_PROFILE_READ,
    // the catalog ITEMS_READ, payments PAYMENTS_READ, disputes DISPUTES_READ.
    scopes: ['MERCHANT_PROFILE_READ', 'CUSTOMERS_READ', 'ORDERS_READ', 'ITEMS_READ', 'PAYMENTS_READ', 'DISPUTES_READ'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
    tokenRequestFormat: 'json-oauth',
    authorizeParams: {},
    connectionParameters: [],
    callbackParameters: [],
    tokenResponseParameters: ['merchant_id'],
    developerPortalUrl: 'https://developer.squareup.com/apps',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  datatypeFeatures: releasedGets(SQUARE_DATATYPES),
  brand: { primaryColor: '#222222', textColor: '#ffffff', monogram: 'Sq', simpleIcon: 'square' },
  // Square's API is at its origin: every path starts /v2/.
  apiBaseUrl: 'https://connect.squareup.com',
})
