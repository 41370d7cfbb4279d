/** @module Every platform the sandbox serves, and the URLs another package builds its connectors from. */
import { quickbooksPlatform } from './emulations/quickbooks.js'
import { SHOPIFY_ADMIN_PATH, shopifyPlatform } from './emulations/shopify.js'
import { SQUARE_REVOKE_PATH, squarePlatform } from './emulations/square.js'
import { XERO_CONNECTIONS_PATH, XERO_JWKS_PATH, xeroPlatform } from './emulations/xero.js'
import { accountingPlatform, bankingPlatform, commercePlatform, GENERIC_PLATFORMS } from './generic-platforms.js'
import { urlTemplateOf, type GenericPlatformKey, type PlatformDefinition, type PlatformKey, type RevocablePlatformDefinition } from './platform-definition.js'

export const EMULATED_PLATFORMS: readonly PlatformDefinition[] = [xeroPlatform, quickbooksPlatform, shopifyPlatform, squarePlatform]

export const PLATFORMS: readonly PlatformDefinition[] = [...GENERIC_PLATFORMS, ...EMULATED_PLATFORMS]

export const PLATFORM_KEYS: readonly PlatformKey[] = PLATFORMS.map((platform) => platform.key)

export function findPlatform(key: string): PlatformDefinition | undefined {
  return PLATFORMS.find((platform) => platform.key === key)
}

export interface OAuthEndpoints {
  authorizeUrl: string
  tokenUrl: string
  revokeUrl: string
  apiBaseUrl: string
}

export interface EmulatedEndpoints {
  /** `jwksUrl`: where its ID tokens' key is published. */
  xero: OAuthEndpoints & { tenantsUrl: string; jwksUrl: string }
  /** `apiBaseUrl` contains the literal `{realmId}`. */
  quickbooks: OAuthEndpoints
  /**
   * Every URL contains the literal `{shop}`; Shopify has no revocation endpoint. `apiBaseUrl` is at the
   * version the emulation serves; `adminUrl` is where `api/{version}` goes, to call at a connector's own version.
   */
  shopify: Omit<OAuthEndpoints, 'revokeUrl'> & { adminUrl: string }
  /** `apiBaseUrl` is Square's origin: `/v2/...` goes after it. `revokeUrl` takes Square's own call, not RFC 7009's. */
  square: OAuthEndpoints
}

function endpointsOf(baseUrl: string, platform: PlatformDefinition): Omit<OAuthEndpoints, 'revokeUrl'> {
  return {
    authorizeUrl: urlTemplateOf(baseUrl, platform.paths.authorize),
    tokenUrl: urlTemplateOf(baseUrl, platform.paths.token),
    apiBaseUrl: urlTemplateOf(baseUrl, platform.paths.apiBase),
  }
}

function revocableEndpointsOf(baseUrl: string, platform: RevocablePlatformDefinition): OAuthEndpoints {
  return { ...endpointsOf(baseUrl, platform), revokeUrl: urlTemplateOf(baseUrl, platform.paths.revoke) }
}

/**
 * The generic platforms' URLs on a sandbox at `baseUrl`.
 *
 * @example sandboxEndpoints('http://localhost:8081').banking.tokenUrl // 'http://localhost:8081/banking/oauth/token'
 */
export function sandboxEndpoints(baseUrl: string): Record<GenericPlatformKey, OAuthEndpoints> {
  return {
    accounting: revocableEndpointsOf(baseUrl, accountingPlatform),
    banking: revocableEndpointsOf(baseUrl, bankingPlatform),
    commerce: revocableEndpointsOf(baseUrl, commercePlatform),
  }
}

/**
 * The emulated platforms' URLs on a sandbox at `baseUrl`.
 *
 * @example emulatedEndpoints('http://localhost:8081').shopify.tokenUrl.replace('{shop}', 'acme')
 */
export function emulatedEndpoints(baseUrl: string): EmulatedEndpoints {
  return {
    xero: { ...revocableEndpointsOf(baseUrl, xeroPlatform), tenantsUrl: urlTemplateOf(baseUrl, XERO_CONNECTIONS_PATH), jwksUrl: urlTemplateOf(baseUrl, XERO_JWKS_PATH) },
    quickbooks: revocableEndpointsOf(baseUrl, quickbooksPlatform),
    shopify: { ...endpointsOf(baseUrl, shopifyPlatform), adminUrl: urlTemplateOf(baseUrl, SHOPIFY_ADMIN_PATH) },
    square: { ...endpointsOf(baseUrl, squarePlatform), revokeUrl: urlTemplateOf(baseUrl, SQUARE_REVOKE_PATH) },
  }
}
