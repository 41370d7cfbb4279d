import { describe, expect, it } from 'vitest'
import type { ConnectorDefinition, OAuth2Auth } from './connector.js'
import { ConnectorDefinitionError, defineConnector } from './define-connector.js'

const auth: OAuth2Auth = {
  kind: 'oauth2',
  authorizeUrl: 'https://login.example.com/authorize',
  tokenUrl: 'https://login.example.com/token',
  scopes: ['read'],
  scopeSeparator: ' ',
  clientAuth: 'client_secret_basic',
  tokenRequestFormat: 'form',
  authorizeParams: {},
  connectionParameters: [],
  callbackParameters: [],
}

function valid(): ConnectorDefinition {
  return {
    key: 'tstx',
    name: 'Test Books',
    sourceType: 'Accounting',
    isSandbox: false,
    isOfflineConnector: false,
    isBeta: false,
    dataProvidedBy: 'Linkway',
    auth: { ...auth },
    device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false },
    datatypeFeatures: [{ datatype: 'invoices', supportedFeatures: [{ featureType: 'Get', featureState: 'Release' }] }],
    brand: { primaryColor: '#123456', textColor: '#ffffff', monogram: 'TB' },
  }
}

function withAuth(changes: Partial<OAuth2Auth>): ConnectorDefinition {
  return { ...valid(), auth: { ...auth, ...changes } }
}

/** The problems defineConnector lists, or [] when it accepts the definition. */
function problemsOf(definition: ConnectorDefinition): readonly string[] {
  try {
    defineConnector(definition)
    return []
  } catch (error) {
    if (error instanceof ConnectorDefinitionError) return error.problems
    throw error
  }
}

describe('defineConnector', () => {
  it('returns a valid definition, frozen', () => {
    const definition = valid()
    expect(defineConnector(definition)).toBe(definition)
    expect(Object.isFrozen(definition.auth)).toBe(true)
  })

  it('names the connector and every problem in one message', () => {
    const definition = { ...valid(), key: 'Xero', name: ' ', brand: { primaryColor: 'blue', textColor: '#fff', monogram: 'XERO' } }
    expect(() => defineConnector(definition)).toThrow(
      'Connector Xero is not valid: key must be 4 lowercase letters, got "Xero"; name is required; brand.primaryColor must be #rrggbb, got "blue"; ' +
        'brand.textColor must be #rrggbb, got "#fff"; brand.monogram must be 1 to 3 letters or digits, got "XERO"',
    )
  })

  it('refuses plain-http and malformed URLs for a real platform', () => {
    expect(problemsOf(withAuth({ tokenUrl: 'http://login.example.com/token' }))).toEqual(['auth.tokenUrl must be an https URL, got "http://login.example.com/token"'])
    expect(problemsOf(withAuth({ authorizeUrl: '/authorize' }))).toEqual(['auth.authorizeUrl must be an https URL, got "/authorize"'])
    expect(problemsOf(withAuth({ revokeUrl: 'ftp://login.example.com/revoke' }))).toEqual(['auth.revokeUrl must be an https URL, got "ftp://login.example.com/revoke"'])
    expect(problemsOf(withAuth({ developerPortalUrl: 'http://developer.example.com' }))).toEqual(['auth.developerPortalUrl must be an https URL, got "http://developer.example.com"'])
    const tenants = { kind: 'tenant-pick', tenantsUrl: 'http://api.example.com/connections', idField: 'id', nameField: 'name', connectionInfoKey: 'tenantId' } as const
    expect(problemsOf(withAuth({ afterCallback: tenants }))).toEqual(['auth.afterCallback.tenantsUrl must be an https URL, got "http://api.example.com/connections"'])
  })

  it('leaves the plain-http opt-in to the catalogue, refusing it in a definition, sandbox or not', () => {
    const problem = 'auth.allowPlainHttp is set by createCatalogue, never by a definition'
    expect(problemsOf(withAuth({ allowPlainHttp: true }))).toEqual([problem])
    expect(problemsOf(withAuth({ allowPlainHttp: false }))).toEqual([problem])
    const tenants = { kind: 'tenant-pick', tenantsUrl: 'https://api.example.com/connections', idField: 'id', nameField: 'name', connectionInfoKey: 'tenantId', allowPlainHttp: true } as const
    expect(problemsOf(withAuth({ afterCallback: tenants }))).toEqual([problem])
    expect(problemsOf({ ...withAuth({ authorizeUrl: '{sandboxUrl}/oauth/authorize', tokenUrl: '{sandboxUrl}/oauth/token', allowPlainHttp: true }), isSandbox: true })).toEqual([problem])
  })

  it('keeps {sandboxUrl} to sandboxes, and sandboxes under it', () => {
    expect(problemsOf(withAuth({ tokenUrl: '{sandboxUrl}/token' }))).toEqual(['auth.tokenUrl of a real platform may not use {sandboxUrl}, got "{sandboxUrl}/token"'])
    const sandbox = (tokenUrl: string) => ({ ...withAuth({ authorizeUrl: '{sandboxUrl}/oauth/authorize', tokenUrl }), isSandbox: true })
    expect(problemsOf(sandbox('https://login.example.com/token'))).toEqual(['auth.tokenUrl of a sandbox connector must start with {sandboxUrl}/, got "https://login.example.com/token"'])
    expect(problemsOf(sandbox('{sandboxUrl}/oauth/token'))).toEqual([])
  })

  it('checks the data API base: https, no query or trailing slash, placeholders the connection knows', () => {
    expect(problemsOf({ ...valid(), apiBaseUrl: 'https://api.example.com/v2' })).toEqual([])
    expect(problemsOf({ ...withAuth({ callbackParameters: ['realmId'] }), apiBaseUrl: 'https://api.example.com/company/{realmId}' })).toEqual([])
    expect(problemsOf({ ...valid(), apiBaseUrl: 'http://api.example.com' })).toEqual(['apiBaseUrl must be an https URL without a query or a trailing slash, got "http://api.example.com"'])
    expect(problemsOf({ ...valid(), apiBaseUrl: 'https://api.example.com/' })).toEqual(['apiBaseUrl must be an https URL without a query or a trailing slash, got "https://api.example.com/"'])
    expect(problemsOf({ ...valid(), apiBaseUrl: 'https://api.example.com/{tenant}' })).toEqual(['apiBaseUrl uses {tenant}, which the connection does not know'])
    expect(problemsOf({ ...valid(), apiTokenHeader: 'X Token' })).toEqual(['apiTokenHeader must be an HTTP header name, got "X Token"'])
  })

  it('requires every URL placeholder to be a declared connection parameter, and every parameter to be used', () => {
    expect(problemsOf(withAuth({ authorizeUrl: 'https://{shop}.example.com/authorize' }))).toEqual([
      'auth.authorizeUrl uses {shop}, which is not a declared connection parameter',
    ])
    const shop = { name: 'shop', label: 'Store', description: 'Your store', example: 'acme', pattern: '[a-z]+' }
    expect(problemsOf(withAuth({ authorizeUrl: 'https://{shop}.example.com/authorize', connectionParameters: [shop] }))).toEqual([])
    expect(problemsOf(withAuth({ connectionParameters: [shop] }))).toEqual(['connection parameter "shop" is asked for but no URL uses {shop}'])
    expect(problemsOf(withAuth({ developerPortalUrl: 'https://{shop}.example.com', connectionParameters: [shop] }))).toEqual([
      'auth.developerPortalUrl may not contain placeholders, got "https://{shop}.example.com"',
    ])
  })

  it('checks connection parameters: name, pattern, and that the example passes', () => {
    const url = 'https://{shop}.example.com/authorize'
    const parameter = { name: 'shop', label: 'Store', description: 'Your store', example: 'acme', pattern: '[a-z]+' }
    expect(problemsOf(withAuth({ authorizeUrl: url, connectionParameters: [{ ...parameter, example: 'Acme Inc' }] }))).toEqual([
      'connection parameter "shop": the example "Acme Inc" does not match the pattern',
    ])
    expect(problemsOf(withAuth({ authorizeUrl: url, connectionParameters: [{ ...parameter, pattern: '[a-z' }] }))).toEqual([
      'connection parameter "shop": pattern is not a valid regular expression',
    ])
    expect(problemsOf(withAuth({ authorizeUrl: url, connectionParameters: [parameter, parameter] }))).toEqual(['connection parameter "shop" is declared twice'])
    expect(problemsOf(withAuth({ authorizeUrl: 'https://{sandboxUrl}.example.com/', connectionParameters: [{ ...parameter, name: 'sandboxUrl' }] }))[0]).toBe(
      'connection parameter "sandboxUrl": the name must be camelCase letters and digits, and not sandboxUrl',
    )
  })

  it('refuses scopes that would not survive joining, and authorize parameters Linkway sets itself', () => {
    expect(problemsOf(withAuth({ scopes: ['read write'] }))).toEqual(['scope "read write" must be non-empty and contain neither whitespace nor the separator " "'])
    expect(problemsOf(withAuth({ scopes: ['read,write'], scopeSeparator: ',' }))).toEqual(['scope "read,write" must be non-empty and contain neither whitespace nor the separator ","'])
    expect(problemsOf(withAuth({ scopes: ['read', 'read'] }))).toEqual(['auth.scopes lists a scope twice'])
    expect(problemsOf(withAuth({ authorizeParams: { state: 'fixed', access_type: 'offline' } }))).toEqual(['auth.authorizeParams may not set state: Linkway sets it'])
    expect(problemsOf(withAuth({ callbackParameters: ['code'] }))).toEqual(['auth.callbackParameters may not keep "code"'])
    expect(problemsOf(withAuth({ revokeRequest: 'rfc7009-json' }))).toEqual(['auth.revokeRequest is set without auth.revokeUrl'])
  })

  it('ties isOfflineConnector to offline auth, and keeps sandboxes on OAuth', () => {
    expect(problemsOf({ ...valid(), isOfflineConnector: true })).toEqual(["isOfflineConnector must be true exactly when auth.kind is 'offline'"])
    const offline: ConnectorDefinition = { ...valid(), isOfflineConnector: true, auth: { kind: 'offline', instructions: 'Install the desktop connector.' } }
    expect(problemsOf(offline)).toEqual([])
    expect(problemsOf({ ...offline, isOfflineConnector: false })).toEqual(["isOfflineConnector must be true exactly when auth.kind is 'offline'"])
    expect(problemsOf({ ...offline, isSandbox: true })).toEqual(['a sandbox connector must use oauth2 auth'])
    expect(problemsOf({ ...offline, auth: { kind: 'offline', instructions: ' ' } })).toEqual(['auth.instructions is required for an offline connector'])
  })

  it('checks the source type and the datatype features', () => {
    expect(problemsOf({ ...valid(), sourceType: 'Payroll' as never })).toEqual(['sourceType must be one of Accounting, Banking, Commerce, got "Payroll"'])
    const get = { featureType: 'Get', featureState: 'Release' } as const
    expect(
      problemsOf({
        ...valid(),
        datatypeFeatures: [
          { datatype: 'invoices', supportedFeatures: [get, get] },
          { datatype: 'invoices', supportedFeatures: [{ featureType: 'Read' as never, featureState: 'Release' }] },
        ],
      }),
    ).toEqual(['datatype "invoices" lists Get twice', 'datatype "invoices" is listed twice', 'datatype "invoices" has an unknown feature "Read/Release"'])
  })
})
