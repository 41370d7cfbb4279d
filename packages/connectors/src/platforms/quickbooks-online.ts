/** @module QuickBooks Online (qhyg): OAuth 2.0; the company chosen at consent comes back as realmId on the callback. */
import { FINANCIAL_STATEMENT_DATATYPES, releasedGets } from '../datatype-features.js'
import { defineConnector } from '../define-connector.js'

export const quickbooksOnline = defineConnector({
  key: 'qhyg',
  name: 'QuickBooks Online',
  sourceType: 'Accounting',
  isSandbox: false,
  isOfflineConnector: false,
  isBeta: false,
  dataProvidedBy: 'Linkway',
  auth: {
    kind: 'oauth2',
    authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
    tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    // Intuit's revoke endpoint takes JSON, unlike its token endpoint.
    revokeRequest: 'rfc7009-json',
    scopes: ['com.intuit.quickbooks.accounting'],
    scopeSeparator: ' ',
    clientAuth: 'client_secret_basic',
    tokenRequestFormat: 'form',
    authorizeParams: {},
    connectionParameters: [],
    // Every accounting API path starts with /v3/company/{realmId}; it is given only here.
    callbackParameters: ['realmId'],
    developerPortalUrl: 'https://developer.intuit.com/app/developer/dashboard',
  },
  device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
  // Exactly what Linkway reads from QuickBooks (packages/platform-data's quickbooks-online sources); the statements
  // are built from its JournalReport's ledger.
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
    'items',
    'taxRates',
    'trackingCategories',
    'transfers',
    'purchaseOrders',
    'directIncomes',
    'directCosts',
    ...FINANCIAL_STATEMENT_DATATYPES,
  ]),
  brand: { primaryColor: '#2e8a26', textColor: '#ffffff', monogram: 'qb', simpleIcon: 'quickbooks' },
  apiBaseUrl: 'https://quickbooks.api.intuit.com/v3/company/{realmId}',
})
