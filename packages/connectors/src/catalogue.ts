/** @module The catalogue a running Linkway serves: every platform definition with its URLs resolved for this install and its ids attached. */
import type { Connector, ConnectorDefinition, OAuth2Auth } from './connector.js'
import { deepFreeze } from './deep-freeze.js'
import { integrationIdOf, sourceIdOf } from './ids.js'
import { platformDefinitions } from './platforms/index.js'
import { fillUrlTemplate, placeholdersOf } from './url-template.js'

/** Replaces a real platform's endpoints, e.g. with an emulation in tests. May use the same placeholders as the original. */
export interface EndpointOverride {
  authorizeUrl?: string
  tokenUrl?: string
  revokeUrl?: string
  tenantsUrl?: string
  /** Where the ID tokens' keys are published; the issuer stays the platform's, as an emulation presents itself as it. */
  jwksUrl?: string
  /**
   * Where syncs read the platform's data. Like the definition's, it may also hold what the
   * connection keeps into connectionInfo (QuickBooks' {realmId}), besides connection parameters.
   */
  apiBaseUrl?: string
}

export interface CatalogueOptions {
  /** Base URL of the sandbox platforms; when undefined the sandbox connectors are left out of the catalogue. */
  sandboxUrl?: string
  /** Point a real platform at an emulation (tests), keyed by platform key. */
  endpointOverrides?: Readonly<Record<string, EndpointOverride>>
  /** The definitions to serve, in display order; every platform Linkway ships when absent. */
  definitions?: readonly ConnectorDefinition[]
}

export interface Catalogue {
  readonly connectors: readonly Connector[]
  get(key: string): Connector | undefined
}

const OVERRIDE_FIELDS = ['authorizeUrl', 'tokenUrl', 'revokeUrl', 'tenantsUrl', 'jwksUrl', 'apiBaseUrl'] as const

/**
 * Builds the catalogue once at boot. Every mistake in the options throws here, naming the key and
 * field, rather than surfacing as a broken redirect when a person clicks a platform.
 *
 * @example
 * const catalogue = createCatalogue({ sandboxUrl: config.sandboxUrl })
 * catalogue.get('gbol')?.auth // Xero's OAuth endpoints
 * @example
 * // A test pointing Xero at an emulation, sign-in and data alike:
 * createCatalogue({ endpointOverrides: { gbol: { tokenUrl: 'http://127.0.0.1:4010/xero/token', jwksUrl: 'http://127.0.0.1:4010/xero/jwks', apiBaseUrl: 'http://127.0.0.1:4010/xero/api.xro/2.0' } } })
 */
export function createCatalogue(options: CatalogueOptions = {}): Catalogue {
  const definitions = options.definitions ?? platformDefinitions
  const byKey = new Map<string, ConnectorDefinition>()
  for (const definition of definitions) {
    if (byKey.has(definition.key)) throw new Error(`Two connectors share the key ${definition.key}`)
    byKey.set(definition.key, definition)
  }
  const sandboxUrl = options.sandboxUrl === undefined ? undefined : parseBaseUrl(options.sandboxUrl)
  const overrides = options.endpointOverrides ?? {}
  for (const [key, override] of Object.entries(overrides)) checkOverride(byKey.get(key), key, override)

  const connectors = definitions
    .filter((definition) => !definition.isSandbox || sandboxUrl !== undefined)
    .map((definition): Connector => {
      const override = Object.hasOwn(overrides, definition.key) ? overrides[definition.key] : undefined
      // Plain http is allowed where this install pointed a connector at it (the sandboxes, an emulation):
      // a real platform's own URLs are https (defineConnector), so they never carry the opt-in.
      const allowPlainHttp = [definition.isSandbox ? sandboxUrl : undefined, ...Object.values(override ?? {})].some((url) => url !== undefined && /^http:/i.test(url))
      const auth = definition.auth.kind === 'oauth2' ? resolveAuth(definition.auth, sandboxUrl ?? '', override, allowPlainHttp) : definition.auth
      const apiBaseUrl = override?.apiBaseUrl ?? definition.apiBaseUrl?.replaceAll('{sandboxUrl}', sandboxUrl ?? '')
      return { ...definition, auth, ...(apiBaseUrl === undefined ? {} : { apiBaseUrl }), ...(allowPlainHttp ? { allowPlainHttp } : {}), integrationId: integrationIdOf(definition.key), sourceId: sourceIdOf(definition.key) }
    })
  deepFreeze(connectors)
  const resolved = new Map(connectors.map((connector) => [connector.key, connector]))
  return Object.freeze({ connectors, get: (key: string) => resolved.get(key) })
}

function parseBaseUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined
  // http is allowed: the sandbox platforms usually run beside Linkway, on the same machine.
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new Error(`sandboxUrl must be an absolute http(s) URL without a query, got ${JSON.stringify(value)}`)
  }
  return url.href.replace(/\/+$/, '')
}

function checkOverride(definition: ConnectorDefinition | undefined, key: string, override: EndpointOverride): void {
  if (!definition) throw new Error(`endpointOverrides.${key}: there is no connector ${key}`)
  if (definition.auth.kind !== 'oauth2') throw new Error(`endpointOverrides.${key}: ${definition.name} has no OAuth endpoints to override`)
  const auth = definition.auth
  const samples = Object.fromEntries(auth.connectionParameters.map((parameter) => [parameter.name, parameter.example]))
  // The data API is called once linked, so it may also use what the link kept (defineConnector's rule for apiBaseUrl).
  const kept = [...auth.callbackParameters, ...(auth.tokenResponseParameters ?? []), ...(auth.afterCallback ? [auth.afterCallback.connectionInfoKey] : [])]
  const apiSamples: Record<string, string> = { ...Object.fromEntries(kept.map((name) => [name, 'sample'])), ...samples }
  for (const [field, value] of Object.entries(override)) {
    const at = `endpointOverrides.${key}.${field}`
    if (!(OVERRIDE_FIELDS as readonly string[]).includes(field)) throw new Error(`${at} is not an endpoint; use one of ${OVERRIDE_FIELDS.join(', ')}`)
    if (value === undefined) continue
    if (field === 'tenantsUrl' && !auth.afterCallback) throw new Error(`${at}: ${definition.name} has no tenant pick`)
    if (field === 'jwksUrl' && !auth.idToken) throw new Error(`${at}: ${definition.name} issues no ID tokens`)
    if (field === 'apiBaseUrl' && definition.apiBaseUrl === undefined) throw new Error(`${at}: ${definition.name} has no data API`)
    const known = field === 'apiBaseUrl' ? apiSamples : samples
    const unknown = placeholdersOf(String(value)).filter((name) => !Object.hasOwn(known, name))
    if (unknown.length > 0) {
      const reason = field === 'apiBaseUrl' ? `which a ${definition.name} connection does not know` : `which ${definition.name} does not ask for`
      throw new Error(`${at} uses {${unknown.join('}, {')}}, ${reason}`)
    }
    const filled = fillUrlTemplate(String(value), known)
    // An emulation is local, so http is accepted here, and only here: real endpoints are checked to be https.
    if (!URL.canParse(filled) || !['http:', 'https:'].includes(new URL(filled).protocol)) {
      throw new Error(`${at} must be an absolute http(s) URL, got ${JSON.stringify(value)}`)
    }
    // Data calls append `/Invoices?…` to the base, so it can carry no query or fragment of its own.
    if (field === 'apiBaseUrl' && (new URL(filled).search || new URL(filled).hash || filled.endsWith('/'))) {
      throw new Error(`${at} must have no query, fragment or trailing slash, got ${JSON.stringify(value)}`)
    }
  }
  // ID tokens from another token endpoint are signed with that server's keys: checking them against the platform's
  // own would fail every link.
  if (override.tokenUrl !== undefined && auth.idToken && override.jwksUrl === undefined) {
    throw new Error(`endpointOverrides.${key}: ${definition.name} checks ID tokens, so an overridden tokenUrl needs jwksUrl too`)
  }
}

function resolveAuth(auth: OAuth2Auth, sandboxUrl: string, override: EndpointOverride | undefined, allowPlainHttp: boolean): OAuth2Auth {
  // Only {sandboxUrl} is filled here, unencoded (it is a base URL); connection parameters stay for
  // fillUrlTemplate when the person has typed them.
  const resolve = (url: string) => url.replaceAll('{sandboxUrl}', sandboxUrl)
  const revokeUrl = override?.revokeUrl ?? auth.revokeUrl
  const plainHttp = allowPlainHttp ? { allowPlainHttp } : {}
  return {
    ...auth,
    authorizeUrl: resolve(override?.authorizeUrl ?? auth.authorizeUrl),
    tokenUrl: resolve(override?.tokenUrl ?? auth.tokenUrl),
    ...(revokeUrl === undefined ? {} : { revokeUrl: resolve(revokeUrl) }),
    ...(auth.idToken ? { idToken: { ...auth.idToken, jwksUrl: resolve(override?.jwksUrl ?? auth.idToken.jwksUrl) } } : {}),
    ...(auth.afterCallback ? { afterCallback: { ...auth.afterCallback, tenantsUrl: resolve(override?.tenantsUrl ?? auth.afterCallback.tenantsUrl), ...plainHttp } } : {}),
    ...plainHttp,
  }
}
