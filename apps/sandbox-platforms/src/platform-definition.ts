/**
 * @module What a platform is, as data: its URLs, scopes and OAuth quirks. The one OAuth engine
 * (oauth-server.ts) reads these instead of branching on platform names.
 */
import type { OAuthError } from './oauth-error.js'
import type { DataFamily } from './generated-data.js'
import type { GenericPlatformKey, PlatformKey } from './platform-key.js'
import type { RandomBytes } from './secret-values.js'
import type { Grant, GrantDetails, StoredClient } from './token-store.js'

// The keys live in platform-key.ts (the token store needs them too); served from here as well, beside the definitions.
export type { EmulatedPlatformKey, GenericPlatformKey, PlatformKey } from './platform-key.js'

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post'

/** An organisation a person may pick on the consent page (Xero's tenants). */
export interface TenantChoice {
  tenantId: string
  tenantName: string
}

/** The tokens just issued, for a platform that answers the token request in its own shape. */
export interface IssuedTokens {
  accessToken: string
  refreshToken?: string
  /** Undefined when the access token never expires. */
  expiresInSeconds?: number
  scopes: readonly string[]
  /** OpenID Connect's ID token, where the platform issues one and `openid` was granted. */
  idToken?: string
}

/** What a platform's own token response may show beyond the tokens: the grant they belong to, and when they were issued. */
export interface TokenContext {
  grant: Grant
  now: Date
}

export interface CallbackContext {
  grant: Grant
  client: StoredClient
  now: Date
}

export interface PlatformDefinition {
  key: PlatformKey
  /** Shown on the consent page and the index page. */
  displayName: string
  /** Which generated data the platform's API serves. */
  family: DataFamily
  /**
   * Route patterns. Shopify's contain `:shop` (one origin per shop there); `decision` is where the
   * consent form posts.
   */
  paths: { authorize: string; decision: string; token: string; revoke?: string; apiBase: string }
  /** Scope → what it lets the app do, in words for the consent page. Unknown scopes are refused. */
  scopes: Readonly<Record<string, string>>
  /** How the `scope` parameter is split: a space per RFC 6749, a comma at Shopify. */
  scopeSeparator: ' ' | ','
  /**
   * `required`: S256 PKCE on every request (RFC 9700 §2.1.1). `optional`: checked when the client
   * sends a challenge, and a verifier without one is refused (the downgrade of RFC 9700 §4.8.2).
   * `ignored`: the parameters are not read, as Shopify does.
   */
  pkce: 'required' | 'optional' | 'ignored'
  /** Whether `response_type=code` must be present (Shopify's URL has none). */
  requiresResponseType: boolean
  clientAuthentication: readonly ClientAuthMethod[]
  /** `with-offline-scope`: a refresh token only when `offline_access` was granted (OpenID Connect's rule). */
  refreshTokens: 'always' | 'with-offline-scope' | 'never'
  /**
   * How long a rotated refresh token is still honoured (Xero: 30 minutes, "in case of network issues"); reuse after it,
   * or on a platform without one, revokes the grant.
   */
  rotatedRefreshTokenGraceSeconds?: number
  /** Shopify's offline tokens never expire. */
  accessTokensExpire: boolean
  /** The grant_type assumed when the token request has none (Shopify's has none). */
  defaultGrantType?: 'authorization_code'
  /** `json`: the token endpoint reads a JSON body only, as Square's does (its spec gives no other); a form or query when absent, JSON too. */
  tokenRequestBody?: 'json'
  /** Whether the token request must repeat the redirect_uri (RFC 6749 §4.1.3; Shopify's does not). */
  tokenRequiresRedirectUri: boolean
  /** Organisations to choose from on the consent page; only the ones picked are authorized. */
  tenants?: readonly TenantChoice[]
  /** Each tenant has its own currency (Xero's demo organisations), so the admin cannot set one for the platform's businesses. */
  currencyFixedByTenant?: true
  /** The `:shop` route parameter's rule, for platforms with one origin per shop. */
  shopPattern?: RegExp
  /** Details fixed when a person approves (QuickBooks' company id). */
  assignGrantDetails?: (random: RandomBytes) => GrantDetails
  /** The parameters of the approve redirect, from the base `code` and `state`. */
  callbackParameters?: (base: Readonly<Record<string, string>>, context: CallbackContext) => Record<string, string>
  /**
   * The claims an access token carries, for platforms whose access tokens are JWTs (Xero's carry the consent's
   * `authentication_event_id`); opaque tokens when absent. The emulation's JWT is readable, not verifiable: its third
   * part is the token's secret, and the token is looked up by it as an opaque one is.
   */
  accessTokenClaims?: (grant: Grant, scopes: readonly string[]) => Record<string, unknown>
  /**
   * OpenID Connect: with `openid` granted, the token response (code and refresh alike) carries an ID token signed
   * with a key the platform publishes at `jwksPath`. Absent: no ID token, whatever the scopes.
   */
  idToken?: IdTokenDefinition
  /**
   * `json`: the revocation endpoint takes only a JSON body `{ "token": … }` (Intuit documents no other form), and a
   * form is refused. Absent: a form or JSON, as RFC 7009 with either body.
   */
  revocationBody?: 'json'
  /**
   * A refused token request as the platform answers it (Square: a 401 in its own error shape for a refused code or
   * refresh token, not RFC 6749's 400); RFC 6749 §5.2's status and `{ error, error_description }` when absent.
   */
  presentTokenError?: (error: OAuthError) => { status: number; body: Record<string, unknown> }
  /** The token response body; RFC 6749 §5.1's shape when absent. */
  presentTokens?: (tokens: IssuedTokens, context: TokenContext) => Record<string, unknown>
  /** Extra fields of the RFC 6749 token response (QuickBooks' refresh token lifetime). */
  tokenResponseExtras?: Readonly<Record<string, string | number>>
  /** Default record counts of the datasets the API serves, by dataset name of the family. */
  datasets: Readonly<Record<string, number>>
}

/** How a platform's identity server makes its ID tokens. */
export interface IdTokenDefinition {
  /** Its `iss`: the real platform's issuer (https://identity.xero.com), as an emulation presents itself as the platform. */
  issuer: string
  lifetimeSeconds: number
  /** Where the discovery document (OpenID Connect Discovery 1.0 §4) and the JWK Set are served. */
  discoveryPath: string
  jwksPath: string
  /** The claims that say who approved (sub and the profile), beside the ones every ID token has. */
  personClaims: (grant: Grant) => Record<string, unknown>
}

/** A platform with a revocation endpoint (RFC 7009). */
export interface RevocablePlatformDefinition extends PlatformDefinition {
  paths: PlatformDefinition['paths'] & { revoke: string }
}

/** A platform of this package's own design: its API is `/P/api/...` and reading needs `readScope`. */
export interface GenericPlatformDefinition extends RevocablePlatformDefinition {
  key: GenericPlatformKey
  readScope: string
}

/** A route pattern as a URL template: `:shop` becomes `{shop}`. */
export function urlTemplateOf(baseUrl: string, pattern: string): string {
  return baseUrl.replace(/\/+$/, '') + pattern.replace(/:(\w+)/g, '{$1}')
}
