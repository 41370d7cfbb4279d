/** @module Xero (gbol): OAuth 2.0 with a tenant pick, because one consent can cover several organisations. */
import { releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const xero = defineConnector({
  key: 'gbol',
  name: 'Xero',
  sourceType: 'Accounting',
  isSandbox: false,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://login.xero.com/identity/connect/authorize',
    tokenUrl: 'https://identity.xero.com/connect/token',
    revokeUrl: 'https://identity.xero.com/connect/revocation',
    // offline_access is what makes Xero issue a refresh token; without it access ends after 30 minutes.
    // The general ledger (Journals) has a read scope of its own. The statements are built from it, never read from
    // Xero's reports, so accounting.reports.read is not asked for: a connection can read no more than Linkway uses.
    scopes: ['openid', 'profile', 'email', 'accounting.transactions', 'accounting.contacts', 'accounting.settings', 'accounting.journals.read', 'offline_access'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_basic',
    // openid is asked for, so Xero answers an ID token with every token: checked, not merely carried
    // (https://identity.xero.com/.well-known/openid-configuration names the issuer and the key set).
    idToken: { issuer: 'https://identity.xero.com', jwksUrl: 'https://identity.xero.com/.well-known/openid-configuration/jwks' },
    tokenRequestFormat: 'form',
    authorizeParams: {},
    connectionParameters: [],
    callbackParameters: [],
    // The token is for the person, not an organisation: every API call needs a xero-tenant-id, read
    // from the organisations this consent covers. GET /connections lists every organisation the person has ever
    // authorised for the app; this consent's are those whose authEventId is the access token's authentication_event_id.
    afterCallback: {
      kind: 'tenant-pick',
      tenantsUrl: 'https://api.xero.com/connections',
      idField: 'tenantId',
      nameField: 'tenantName',
      connectionInfoKey: 'tenantId',
      sameConsent: { accessTokenClaim: 'authentication_event_id', entryField: 'authEventId' },
    },
    developerPortalUrl: 'https://developer.xero.com/app/manage',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false, note: 'Xero asks you to confirm which organisation to connect.' },
  // What Linkway reads from Xero (packages/platform-data's Xero data sources; a test keeps the two equal).
  datatypeFeatures: releasedGets([
    'company',
    'chartOfAccounts',
    'customers',
    'suppliers',
    'invoices',
    'bills',
    'payments',
    'bankAccounts',
    'journalEntries',
    'creditNotes',
    'billCreditNotes',
    'billPayments',
    'balanceSheet',
    'profitAndLoss',
    'cashFlowStatement',
    'items',
    'taxRates',
    'trackingCategories',
    'transfers',
    'purchaseOrders',
    'bankTransactions',
  ]),
  brand: { primaryColor: '#1b88c7', textColor: '#ffffff', monogram: 'X', simpleIcon: 'xero' },
  apiBaseUrl: 'https://api.xero.com/api.xro/2.0',
})
