import { describe, expect, it } from 'vitest'
import { createCatalogue } from './catalogue.js'
import type { Connector, OAuth2Auth } from './connector.js'
import { integrationIdOf, sourceIdOf } from './ids.js'
import { platformDefinitions } from './platforms/index.js'
import { fillUrlTemplate } from './url-template.js'

const SANDBOX_URL = 'http://127.0.0.1:4010'
const SANDBOX_KEYS = ['mqjo', 'bsbx', 'aiwb']
const OFFLINE_KEYS = ['hbql', 'pqsw', 'akxx', 'trji', 'knfz']

function oauth(connector: Connector | undefined): OAuth2Auth {
  if (connector?.auth.kind !== 'oauth2') throw new Error(`${connector?.key} is not an OAuth2 connector`)
  return connector.auth
}

function urlsOf(auth: OAuth2Auth): string[] {
  return [auth.authorizeUrl, auth.tokenUrl, auth.revokeUrl, auth.afterCallback?.tenantsUrl, auth.developerPortalUrl].filter((url) => url !== undefined)
}

describe('catalogue', () => {
  it('gives every platform a unique key of 4 lowercase letters', () => {
    const keys = platformDefinitions.map(({ key }) => key)
    for (const key of keys) expect(key).toMatch(/^[a-z]{4}$/)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toEqual(['mqjo', 'gbol', 'qhyg', 'fbrh', 'tgff', 'rwuv', 'hbql', 'pqsw', 'akxx', 'trji', 'knfz', 'bsbx', 'upvr', 'aiwb', 'fztf', 'zsth', 'exgd'])
  })

  it('serves only https URLs for real platforms, once connection parameters are filled', () => {
    const catalogue = createCatalogue()
    for (const connector of catalogue.connectors) {
      if (connector.auth.kind !== 'oauth2') continue
      const samples = Object.fromEntries(connector.auth.connectionParameters.map((parameter) => [parameter.name, parameter.example]))
      for (const url of urlsOf(connector.auth)) expect(new URL(fillUrlTemplate(url, samples)).protocol, `${connector.key} ${url}`).toBe('https:')
    }
  })

  it('leaves the sandboxes out without a sandboxUrl', () => {
    const catalogue = createCatalogue()
    for (const key of SANDBOX_KEYS) expect(catalogue.get(key)).toBeUndefined()
    expect(catalogue.connectors.some((connector) => connector.isSandbox)).toBe(false)
    expect(catalogue.connectors).toHaveLength(platformDefinitions.length - SANDBOX_KEYS.length)
  })

  it('resolves the sandboxes under sandboxUrl, with no {sandboxUrl} left', () => {
    const catalogue = createCatalogue({ sandboxUrl: `${SANDBOX_URL}/` })
    expect(catalogue.connectors).toHaveLength(platformDefinitions.length)
    expect(JSON.stringify(catalogue.connectors)).not.toContain('{sandboxUrl}')
    expect(oauth(catalogue.get('mqjo'))).toMatchObject({
      authorizeUrl: `${SANDBOX_URL}/accounting/oauth/authorize`,
      tokenUrl: `${SANDBOX_URL}/accounting/oauth/token`,
      revokeUrl: `${SANDBOX_URL}/accounting/oauth/revoke`,
      scopes: ['accounting.read', 'offline_access'],
      clientAuth: 'client_secret_basic',
      tokenRequestFormat: 'form',
    })
    expect(oauth(catalogue.get('bsbx')).tokenUrl).toBe(`${SANDBOX_URL}/banking/oauth/token`)
    expect(oauth(catalogue.get('aiwb')).authorizeUrl).toBe(`${SANDBOX_URL}/commerce/oauth/authorize`)
    for (const key of SANDBOX_KEYS) expect(catalogue.get(key)).toMatchObject({ isSandbox: true, dataProvidedBy: 'Linkway' })
  })

  it('refuses a sandboxUrl that is not an absolute http(s) URL', () => {
    for (const sandboxUrl of ['', 'localhost:4010', 'ftp://example.com', 'http://example.com/?x=1']) {
      expect(() => createCatalogue({ sandboxUrl }), sandboxUrl).toThrow('sandboxUrl must be an absolute http(s) URL without a query, got')
    }
  })

  it('points a real platform at an emulation with endpointOverrides, leaving the rest as defined', () => {
    const catalogue = createCatalogue({
      endpointOverrides: {
        gbol: {
          authorizeUrl: 'http://127.0.0.1:4011/xero/authorize',
          tokenUrl: 'http://127.0.0.1:4011/xero/token',
          tenantsUrl: 'http://127.0.0.1:4011/xero/connections',
          jwksUrl: 'http://127.0.0.1:4011/xero/jwks',
        },
        fztf: { authorizeUrl: 'http://127.0.0.1:4011/shopify/{shop}/admin/oauth/authorize' },
      },
    })
    expect(oauth(catalogue.get('gbol'))).toMatchObject({
      authorizeUrl: 'http://127.0.0.1:4011/xero/authorize',
      tokenUrl: 'http://127.0.0.1:4011/xero/token',
      revokeUrl: 'https://identity.xero.com/connect/revocation',
      afterCallback: { tenantsUrl: 'http://127.0.0.1:4011/xero/connections', idField: 'tenantId' },
      // The key set moves with the token endpoint; the issuer its ID tokens name stays Xero's.
      idToken: { issuer: 'https://identity.xero.com', jwksUrl: 'http://127.0.0.1:4011/xero/jwks' },
    })
    expect(oauth(catalogue.get('fztf'))).toMatchObject({
      authorizeUrl: 'http://127.0.0.1:4011/shopify/{shop}/admin/oauth/authorize',
      tokenUrl: 'https://{shop}.myshopify.com/admin/oauth/access_token',
    })
    // The definitions themselves are untouched.
    expect(oauth(createCatalogue().get('gbol')).tokenUrl).toBe('https://identity.xero.com/connect/token')
  })

  it('points a real platform’s data calls at an emulation with apiBaseUrl, placeholders kept for the sync to fill', () => {
    const catalogue = createCatalogue({
      endpointOverrides: {
        gbol: { apiBaseUrl: 'http://127.0.0.1:4011/emulate/xero/api.xro/2.0' },
        qhyg: { apiBaseUrl: 'http://127.0.0.1:4011/emulate/quickbooks/v3/company/{realmId}' },
        fztf: { apiBaseUrl: 'http://127.0.0.1:4011/emulate/shopify/shops/{shop}/admin/api/2024-10' },
      },
    })
    expect(catalogue.get('gbol')!.apiBaseUrl).toBe('http://127.0.0.1:4011/emulate/xero/api.xro/2.0')
    expect(catalogue.get('qhyg')!.apiBaseUrl).toBe('http://127.0.0.1:4011/emulate/quickbooks/v3/company/{realmId}')
    expect(catalogue.get('fztf')).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:4011/emulate/shopify/shops/{shop}/admin/api/2024-10', apiTokenHeader: 'X-Shopify-Access-Token' })
    // Only the data API moved: sign-in still goes to Xero, and the definitions are untouched.
    expect(oauth(catalogue.get('gbol')).tokenUrl).toBe('https://identity.xero.com/connect/token')
    expect(createCatalogue().get('qhyg')!.apiBaseUrl).toBe('https://quickbooks.api.intuit.com/v3/company/{realmId}')
    // The tenant pick's key is known to the data API too.
    expect(createCatalogue({ endpointOverrides: { gbol: { apiBaseUrl: 'http://127.0.0.1:4011/{tenantId}' } } }).get('gbol')!.apiBaseUrl).toBe('http://127.0.0.1:4011/{tenantId}')
  })

  it('opts in to plain http only on the connectors it pointed at an http sandbox or emulation', () => {
    const plainHttpOf = (connector: Connector | undefined) => [connector?.allowPlainHttp, oauth(connector).allowPlainHttp, oauth(connector).afterCallback?.allowPlainHttp]
    const catalogue = createCatalogue({ sandboxUrl: SANDBOX_URL, endpointOverrides: { gbol: { tenantsUrl: 'http://127.0.0.1:4011/xero/connections' }, qhyg: { apiBaseUrl: 'http://127.0.0.1:4011/qbo/{realmId}' } } })
    for (const key of SANDBOX_KEYS) expect(plainHttpOf(catalogue.get(key)), key).toEqual([true, true, undefined])
    expect(plainHttpOf(catalogue.get('gbol'))).toEqual([true, true, true])
    expect(plainHttpOf(catalogue.get('qhyg'))).toEqual([true, true, undefined])
    expect(plainHttpOf(catalogue.get('rwuv'))).toEqual([undefined, undefined, undefined])
    // An https sandbox or emulation needs no opt-in, and a real platform never has one.
    const https = createCatalogue({ sandboxUrl: 'https://sandbox.example', endpointOverrides: { gbol: { tokenUrl: 'https://emulation.example/xero/token', jwksUrl: 'https://emulation.example/xero/jwks' } } })
    expect([...new Set(https.connectors.filter((connector) => connector.auth.kind === 'oauth2').flatMap(plainHttpOf))]).toEqual([undefined])
  })

  it('refuses to move a token endpoint whose ID tokens are checked without moving their key set', () => {
    expect(() => createCatalogue({ endpointOverrides: { gbol: { tokenUrl: 'http://127.0.0.1:4011/xero/token' } } })).toThrow(
      'endpointOverrides.gbol: Xero checks ID tokens, so an overridden tokenUrl needs jwksUrl too',
    )
    expect(() => createCatalogue({ endpointOverrides: { qhyg: { jwksUrl: 'http://127.0.0.1:4011/jwks' } } })).toThrow('endpointOverrides.qhyg.jwksUrl: QuickBooks Online issues no ID tokens')
  })

  it('refuses an apiBaseUrl override it cannot apply, naming the key and field', () => {
    expect(() => createCatalogue({ endpointOverrides: { gbol: { apiBaseUrl: 'http://127.0.0.1:4011/{realmId}' } } })).toThrow('endpointOverrides.gbol.apiBaseUrl uses {realmId}, which a Xero connection does not know')
    // {realmId} is kept from the callback for the data API; the sign-in URLs cannot use it.
    expect(() => createCatalogue({ endpointOverrides: { qhyg: { tokenUrl: 'http://127.0.0.1:4011/{realmId}/token' } } })).toThrow('endpointOverrides.qhyg.tokenUrl uses {realmId}, which QuickBooks Online does not ask for')
    expect(() => createCatalogue({ endpointOverrides: { gbol: { apiBaseUrl: '/api.xro/2.0' } } })).toThrow('endpointOverrides.gbol.apiBaseUrl must be an absolute http(s) URL, got "/api.xro/2.0"')
    for (const apiBaseUrl of ['http://127.0.0.1:4011/api?x=1', 'http://127.0.0.1:4011/api#top', 'http://127.0.0.1:4011/api/']) {
      expect(() => createCatalogue({ endpointOverrides: { gbol: { apiBaseUrl } } }), apiBaseUrl).toThrow(`endpointOverrides.gbol.apiBaseUrl must have no query, fragment or trailing slash, got ${JSON.stringify(apiBaseUrl)}`)
    }
    expect(() => createCatalogue({ endpointOverrides: { rwuv: { apiBaseUrl: 'http://127.0.0.1:4011/api' } } })).toThrow('endpointOverrides.rwuv.apiBaseUrl: Zoho Books has no data API')
  })

  it('refuses overrides it cannot apply, naming the key and field', () => {
    expect(() => createCatalogue({ endpointOverrides: { gbxx: { tokenUrl: 'http://127.0.0.1/t' } } })).toThrow('endpointOverrides.gbxx: there is no connector gbxx')
    expect(() => createCatalogue({ endpointOverrides: { hbql: { tokenUrl: 'http://127.0.0.1/t' } } })).toThrow('endpointOverrides.hbql: Sage 50 (UK) has no OAuth endpoints to override')
    expect(() => createCatalogue({ endpointOverrides: { qhyg: { tenantsUrl: 'http://127.0.0.1/t' } } })).toThrow('endpointOverrides.qhyg.tenantsUrl: QuickBooks Online has no tenant pick')
    expect(() => createCatalogue({ endpointOverrides: { gbol: { tokenUrl: '/xero/token' } } })).toThrow('endpointOverrides.gbol.tokenUrl must be an absolute http(s) URL, got "/xero/token"')
    expect(() => createCatalogue({ endpointOverrides: { gbol: { tokenUrl: 'http://127.0.0.1/{tenant}/token' } } })).toThrow('endpointOverrides.gbol.tokenUrl uses {tenant}, which Xero does not ask for')
    const typo = { tokenURL: 'http://127.0.0.1/t' } as never
    expect(() => createCatalogue({ endpointOverrides: { gbol: typo } })).toThrow('endpointOverrides.gbol.tokenURL is not an endpoint; use one of authorizeUrl, tokenUrl, revokeUrl, tenantsUrl, jwksUrl, apiBaseUrl')
  })

  it('refuses two definitions with the same key', () => {
    const xero = platformDefinitions.find(({ key }) => key === 'gbol')!
    expect(() => createCatalogue({ definitions: [xero, { ...xero, name: 'Xero again' }] })).toThrow('Two connectors share the key gbol')
  })

  it('attaches the deterministic ids and finds connectors by key', () => {
    const catalogue = createCatalogue({ sandboxUrl: SANDBOX_URL })
    for (const connector of catalogue.connectors) {
      expect(connector.integrationId).toBe(integrationIdOf(connector.key))
      expect(connector.sourceId).toBe(sourceIdOf(connector.key))
      expect(catalogue.get(connector.key)).toBe(connector)
    }
    expect(catalogue.get('zzzz')).toBeUndefined()
  })

  it('serves frozen connectors, so one request cannot change another’s', () => {
    const catalogue = createCatalogue({ sandboxUrl: SANDBOX_URL })
    const xero = catalogue.get('gbol')!
    expect(Object.isFrozen(catalogue.connectors)).toBe(true)
    expect(Object.isFrozen(xero)).toBe(true)
    expect(Object.isFrozen(oauth(xero).scopes)).toBe(true)
    expect(Object.isFrozen(oauth(xero).afterCallback)).toBe(true)
    expect(Object.isFrozen(xero.datatypeFeatures[0]!.supportedFeatures[0])).toBe(true)
    expect(() => (oauth(xero).scopes as string[]).push('accounting.reports.read')).toThrow(TypeError)
  })

  it('flags the offline connectors, which have instructions and no OAuth endpoints', () => {
    const catalogue = createCatalogue()
    const offline = catalogue.connectors.filter((connector) => connector.isOfflineConnector).map(({ key }) => key)
    expect(offline).toEqual(OFFLINE_KEYS)
    for (const key of OFFLINE_KEYS) expect(catalogue.get(key)!.auth).toMatchObject({ kind: 'offline', instructions: expect.stringContaining('cannot be connected from this page') })
    expect(catalogue.get('hbql')!.device).toMatchObject({ desktopOnly: true, needsInstall: true })
    expect(catalogue.get('pqsw')!.device).toMatchObject({ desktopOnly: true, needsInstall: true })
    expect(catalogue.get('akxx')!.device).toMatchObject({ desktopOnly: false, needsInstall: true })
    expect(catalogue.get('trji')!.device).toMatchObject({ desktopOnly: false, needsInstall: true })
    expect(catalogue.get('knfz')!.device).toMatchObject({ notMobileOptimised: true })
  })

  it('declares the quirks of Xero, QuickBooks Online and Shopify as data', () => {
    const catalogue = createCatalogue()
    expect(oauth(catalogue.get('gbol')).afterCallback).toEqual({
      kind: 'tenant-pick',
      tenantsUrl: 'https://api.xero.com/connections',
      idField: 'tenantId',
      nameField: 'tenantName',
      connectionInfoKey: 'tenantId',
      sameConsent: { accessTokenClaim: 'authentication_event_id', entryField: 'authEventId' },
    })
    expect(catalogue.get('gbol')!.device.note).toBe('Xero asks you to confirm which organisation to connect.')
    expect(oauth(catalogue.get('qhyg')).callbackParameters).toEqual(['realmId'])
    expect(oauth(catalogue.get('fztf'))).toMatchObject({
      authorizeUrl: 'https://{shop}.myshopify.com/admin/oauth/authorize',
      tokenUrl: 'https://{shop}.myshopify.com/admin/oauth/access_token',
      scopeSeparator: ',',
      clientAuth: 'client_secret_post',
      tokenRequestFormat: 'json',
      callbackVerification: 'shopify-hmac',
      connectionParameters: [{ name: 'shop', pattern: '[a-z0-9][a-z0-9-]{0,60}', normalize: 'shopify-shop', example: 'acme-outdoors' }],
    })
    expect(oauth(catalogue.get('fztf')).revokeUrl).toBeUndefined()
    expect(oauth(catalogue.get('rwuv')).authorizeParams).toEqual({ access_type: 'offline', prompt: 'consent' })
  })

  it('gives each kind its data types, each a released Get', () => {
    const catalogue = createCatalogue({ sandboxUrl: SANDBOX_URL })
    const datatypes = (key: string) => catalogue.get(key)!.datatypeFeatures.map(({ datatype }) => datatype)
    // Xero: what Linkway reads from it (platform-data's catalogue test keeps this equal to its data sources).
    expect(datatypes('gbol')).toEqual(['company', 'chartOfAccounts', 'customers', 'suppliers', 'invoices', 'bills', 'payments', 'bankAccounts', 'journalEntries', 'creditNotes', 'billCreditNotes', 'billPayments', 'balanceSheet', 'profitAndLoss', 'cashFlowStatement', 'items', 'taxRates', 'trackingCategories', 'transfers', 'purchaseOrders', 'bankTransactions'])
    expect(datatypes('upvr')).toEqual(['banking-transactions'])
    expect(datatypes('fztf')).toEqual([
      'commerce-companyInfo',
      'commerce-customers',
      'commerce-orders',
      'commerce-products',
      'commerce-payments',
      'commerce-disputes',
      'commerce-locations',
      'commerce-paymentMethods',
      'commerce-productCategories',
      'commerce-taxComponents',
      'commerce-transactions',
    ])
    for (const connector of catalogue.connectors) {
      const prefix = { Accounting: /^[a-zA-Z]+$/, Banking: /^banking-/, Commerce: /^commerce-/ }[connector.sourceType]
      for (const { datatype, supportedFeatures } of connector.datatypeFeatures) {
        expect(datatype, connector.key).toMatch(prefix)
        expect(supportedFeatures).toEqual([{ featureType: 'Get', featureState: 'Release' }])
      }
    }
  })
})
