/** @module Shopify (fztf): OAuth 2.0 on the store's own domain, so the person names their store first; the callback is HMAC-signed. */
import { COMMERCE_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

/**
 * The Admin API version every Shopify call names, kept here alone: Shopify supports a version for
 * twelve months, then answers it no more as it was, so a stale version drifts silently. 2024-10 is
 * the version whose REST resources the Shopify emulation and the data sources were checked against,
 * and one Shopify's own app library still lists as supported.
 */
export const SHOPIFY_API_VERSION = '2024-10'

export const shopify = defineConnector({
  key: 'fztf',
  name: 'Shopify',
  sourceType: 'Commerce',
  isSandbox: false,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://{shop}.myshopify.com/admin/oauth/authorize',
    tokenUrl: 'https://{shop}.myshopify.com/admin/oauth/access_token',
    // No revokeUrl: an app's access ends when the merchant uninstalls it from their admin.
    // Tender transactions come with read_orders and collections with read_products; Shopify Payments' balance and disputes have their own.
    scopes: ['read_orders', 'read_products', 'read_customers', 'read_locations', 'read_shopify_payments_payouts', 'read_shopify_payments_disputes'],
    scopeSeparator: ',',
    clientAuth: 'client_secret_post',
    tokenRequestFormat: 'json',
    authorizeParams: {},
    connectionParameters: [
      {
        name: 'shop',
        label: 'Your Shopify store',
        description: 'The name in your store’s admin address, e.g. acme-outdoors in acme-outdoors.myshopify.com.',
        example: 'acme-outdoors',
        pattern: '[a-z0-9][a-z0-9-]{0,60}',
        normalize: 'shopify-shop',
      },
    ],
    callbackParameters: [],
    // The callback's shop must be checked against the signature before the code is exchanged:
    // otherwise anyone could send a forged callback naming another store.
    callbackVerification: 'shopify-hmac',
    developerPortalUrl: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false, note: 'You type your store name first.' },
  datatypeFeatures: releasedGets(COMMERCE_DATATYPES),
  brand: { primaryColor: '#5a8a3a', textColor: '#ffffff', monogram: 'S', simpleIcon: 'shopify' },
  apiBaseUrl: `https://{shop}.myshopify.com/admin/api/${SHOPIFY_API_VERSION}`,
  // Shopify's Admin API ignores Authorization: the token has its own header.
  apiTokenHeader: 'X-Shopify-Access-Token',
})
