/** @module The shape of a platform in the catalogue: plain data, so a quirk is a declared field and never an `if (key === …)` elsewhere. */
import type { BrandIconSlug } from './brand-icons.js'

export const SOURCE_TYPES = ['Accounting', 'Banking', 'Commerce'] as const
export type ConnectorSourceType = (typeof SOURCE_TYPES)[number]

export const FEATURE_TYPES = ['Get', 'Post', 'Put', 'Delete', 'Categorization', 'GetAsPdf', 'DownloadAttachment', 'GetAttachment', 'GetAttachments', 'UploadAttachment'] as const
export const FEATURE_STATES = ['Release', 'Alpha', 'Beta', 'Deprecated', 'NotSupported', 'NotImplemented'] as const

export interface ConnectionParameter {
  /** Asked of the person before authorizing, e.g. Shopify's shop name; substituted as {name} in auth URLs. */
  name: string
  label: string
  description: string
  example: string
  /** Regex source the normalized value must match in full. */
  pattern: string
  /** Shopify: strip "https://", a trailing "/", and ".myshopify.com", lowercase. */
  normalize?: 'shopify-shop'
}

export interface TenantPick {
  kind: 'tenant-pick'
  /** GET with the new access token; JSON array of tenants (Xero: https://api.xero.com/connections). */
  tenantsUrl: string
  /** e.g. 'tenantId' */
  idField: string
  /** e.g. 'tenantName' */
  nameField: string
  /** Where the chosen id lands in Connection.connectionInfo, e.g. 'tenantId'. */
  connectionInfoKey: string
  /**
   * When the list holds more than this consent's tenants (Xero lists every organisation the person ever authorised
   * for the app), how to keep this consent's: the entries whose `entryField` equals the access token's (a JWT's)
   * `accessTokenClaim`. e.g. { accessTokenClaim: 'authentication_event_id', entryField: 'authEventId' }
   */
  sameConsent?: { accessTokenClaim: string; entryField: string }
  /** As OAuth2Auth's: set by the catalogue alone, for a tenant list on plain http. */
  allowPlainHttp?: boolean
}

/**
 * How a token is revoked at `revokeUrl`. Platforms agree on the URL being a POST and on little else:
 * - `rfc7009-form` (the default): form body `token=…`, the client authenticated as `clientAuth` says.
 * - `rfc7009-json`: the same with a JSON body `{ "token": "…" }` (Intuit).
 * - `token-in-query`: `?token=…` on the URL, no client authentication (Zoho).
 * - `square`: JSON `{ client_id, merchant_id }` (the seller, from the token response), or `{ client_id, access_token }` when only an access token is known, with `Authorization: Client {clientSecret}`.
 * - `stripe-deauthorize`: form `client_id` and `stripe_user_id` (from the token response), the secret as the Basic user.
 */
/**
 * An OpenID Connect provider's ID tokens, checked on every code exchange and refresh: the signature against the keys
 * at `jwksUrl`, `iss` equal to `issuer`, `aud` our client id, exp and iat against Linkway's clock, the nonce Linkway
 * sent, and at_hash when present. A platform that asks for `openid` declares this, or its ID tokens go unread.
 */
export interface IdTokenCheck {
  /** The `iss` its ID tokens carry, exactly (Xero: https://identity.xero.com). */
  issuer: string
  /** Its discovery document's `jwks_uri`. */
  jwksUrl: string
}

export type RevokeRequest = 'rfc7009-form' | 'rfc7009-json' | 'token-in-query' | 'square' | 'stripe-deauthorize'

export interface OAuth2Auth {
  kind: 'oauth2'
  /** May contain {sandboxUrl} or a connection parameter such as {shop}. */
  authorizeUrl: string
  tokenUrl: string
  revokeUrl?: string
  /** Absent means `rfc7009-form`. Only meaningful with `revokeUrl`. */
  revokeRequest?: RevokeRequest
  scopes: readonly string[]
  scopeSeparator: ' ' | ','
  clientAuth: 'client_secret_basic' | 'client_secret_post'
  /**
   * How the token endpoint is called:
   * - `form`: RFC 6749's form body, the answer's `expires_in` read as the expiry.
   * - `json`: Shopify's `{ client_id, client_secret, code }`, answered `{ access_token, scope }` (no expiry, no refresh).
   * - `json-oauth`: RFC 6749's parameters, `grant_type` included, as a JSON body for both grants; the answer's
   *   `expires_at` (RFC 3339) read as the expiry (Square).
   */
  tokenRequestFormat: 'form' | 'json' | 'json-oauth'
  /** Extra authorize parameters, e.g. Google-style access_type; most have none. */
  authorizeParams: Readonly<Record<string, string>>
  connectionParameters: readonly ConnectionParameter[]
  /** OpenID Connect: check the ID tokens the token endpoint answers (and require one from a code exchange). */
  idToken?: IdTokenCheck
  /** Callback query parameters kept into connectionInfo, e.g. QuickBooks Online's realmId. */
  callbackParameters: readonly string[]
  /** Token response fields kept into connectionInfo, e.g. Stripe's stripe_user_id (its deauthorize call needs it). */
  tokenResponseParameters?: readonly string[]
  /** Shopify signs its callback with an HMAC of the query keyed by the client secret. */
  callbackVerification?: 'shopify-hmac'
  afterCallback?: TenantPick
  /** Where the developer registers the app and finds client id/secret (docs link). */
  developerPortalUrl?: string
  /**
   * Set by the catalogue, never by a definition (defineConnector refuses it): these endpoints were
   * pointed at the sandbox platforms or at an emulation (endpointOverrides) over plain http, which
   * the platform calls then accept, to loopback only. Absent: https is required.
   */
  allowPlainHttp?: boolean
}

/** A platform Linkway lists but cannot link through OAuth: desktop software, or auth Linkway does not implement. */
export interface OfflineAuth {
  kind: 'offline'
  /** Shown to the person instead of a sign-in button. */
  instructions: string
}

/** What a person should know before choosing this platform on their device. */
export interface DeviceNotes {
  desktopOnly: boolean
  needsInstall: boolean
  notMobileOptimised: boolean
  note?: string
}

export interface DatatypeFeature {
  datatype: string
  supportedFeatures: Array<{ featureType: (typeof FEATURE_TYPES)[number]; featureState: (typeof FEATURE_STATES)[number] }>
}

/** Our own simple mark, never the platform's artwork. */
export interface BrandMark {
  /** #rrggbb */
  primaryColor: string
  /** #rrggbb, drawn on primaryColor */
  textColor: string
  /** 1–3 letters (or digits) drawn in our own simple SVG mark, where the platform has no icon below. */
  monogram: string
  /** The platform's own mark in simple-icons (brand-icons.ts), drawn instead of the monogram. */
  simpleIcon?: BrandIconSlug
}

export interface ConnectorDefinition {
  /** 4 lowercase letters, /^[a-z]{4}$/ */
  key: string
  name: string
  sourceType: ConnectorSourceType
  isSandbox: boolean
  isOfflineConnector: boolean
  isBeta: boolean
  /** 'Linkway' */
  dataProvidedBy: string
  auth: OAuth2Auth | OfflineAuth
  device: DeviceNotes
  datatypeFeatures: readonly DatatypeFeature[]
  brand: BrandMark
  /**
   * The base of the platform's data API, where syncs read. May hold {sandboxUrl}, a connection
   * parameter such as {shop}, or a connectionInfo key such as QuickBooks' {realmId}. Absent: Linkway
   * cannot read this platform's data (offline connectors).
   */
  apiBaseUrl?: string
  /**
   * The header a data API call carries the access token in, sent as the bare token (Shopify:
   * `X-Shopify-Access-Token`). Absent: `Authorization: Bearer <token>`.
   */
  apiTokenHeader?: string
}

/** A definition as the catalogue serves it: URLs resolved, ids attached, frozen. */
export interface Connector extends ConnectorDefinition {
  /** uuid, deterministic from key */
  integrationId: string
  /** uuid, deterministic from key (different from integrationId) */
  sourceId: string
  /** Set when the catalogue pointed this connector at plain http (a sandbox, an emulation); data calls to apiBaseUrl then accept it, to loopback only. */
  allowPlainHttp?: boolean
}
