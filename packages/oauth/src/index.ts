/** @module OAuth 2.0 with the platforms: the authorization URL (state, PKCE S256), code exchange, refresh, revocation, and the quirks' protocol parts. */
export { buildAuthorizationUrl, createCodeVerifier, type AuthorizationRequestInput } from './authorization-request.js'
export { PLATFORM_AUTH_ERROR_CODES, PlatformAuthError, type PlatformAuthErrorCode } from './platform-auth-error.js'
export { isLoopbackUrl, PLATFORM_TIMEOUT_MS, platformUrl, retryAfterSeconds, type PlatformUrlOptions } from './platform-http.js'
export { checkShopifyCallback, SHOPIFY_CALLBACK_TOLERANCE_SECONDS, shopifySignature, type ShopifyCallbackCheck } from './shopify-hmac.js'
export { fetchGrantedTenants, type Tenant } from './tenants.js'
export { exchangeAuthorizationCode, refreshAccessToken, revokeToken, type PlatformClient, type TokenRequestContext } from './token-endpoint.js'
export type { TokenSet } from './token-set.js'
