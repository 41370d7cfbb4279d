/**
 * @module The sandbox's test controls, callable in-process (`SandboxAdmin`) and over HTTP
 * (admin-routes.ts): register clients, revoke grants, expire tokens, inject token-call failures,
 * schedule API failures, rate limits and grant revocations, count API calls, list grants, issue a test its own
 * token on a grant, resize datasets, delete records.
 */
import { revokeLiveGrants } from './api-access.js'
import { findDataset } from './datasets/index.js'
import { CURRENCIES, MAX_DATASET_SIZE, type Currency } from './generated-data.js'
import { ID_TOKEN_FLAWS, type IdTokenFlaw } from './id-tokens.js'
import { findPlatform, PLATFORM_KEYS } from './platform-catalogue.js'
import type { PlatformDefinition, PlatformKey } from './platform-definition.js'
import type { SandboxDeps } from './sandbox-deps.js'
import type { StoredClient } from './token-store.js'

/** A registered OAuth client. One registration is good on every platform. */
export interface SandboxClient {
  clientId: string
  clientSecret: string
  /** Compared exactly, character for character, with the redirect_uri of each request. */
  redirectUris: string[]
}

export interface GrantSummary {
  grantId: string
  platform: PlatformKey
  clientId: string
  scopes: string[]
  isRevoked: boolean
  refreshCount: number
  createdAt: string
  /** Xero: the organisations authorized. */
  tenants?: { tenantId: string; tenantName: string }[]
  /** QuickBooks: the company id. */
  realmId?: string
  /** Shopify: the shop name (without `.myshopify.com`). */
  shop?: string
}

export interface TokenFailureOptions {
  /** 503 unless given. */
  status?: number
  /** The OAuth `error` code; `temporarily_unavailable` unless given. */
  error?: string
  /** Sent as Retry-After; a 429 carries 1 unless given. */
  retryAfterSeconds?: number
}

export interface ApiFailureOptions {
  /** The HTTP status answered: 500 to 599, or 408; 503 unless given. */
  status?: number
  /** How many more API calls are served before the failures start; 0 unless given. */
  afterCalls?: number
}

export interface RateLimitOptions {
  /** How many more API calls are served before the rate limit starts; 0 unless given. */
  afterCalls?: number
}

export type RevokeTarget = { accessToken: string } | { grantId: string }

export interface SandboxAdmin {
  /** Adds a client, or replaces the one with the same id. */
  registerClient(client: SandboxClient): void
  /** Revokes a grant, found by id or by one of its access tokens; false when there is no such grant. */
  revokeGrant(target: RevokeTarget): boolean
  /** Makes every live access token (of one platform) expire now, as if its time had passed; returns how many. */
  expireAccessTokens(platform?: PlatformKey): number
  /** The next `count` token calls to the platform fail with the given status and error. */
  failNextTokenCalls(platform: PlatformKey, count: number, failure?: TokenFailureOptions): void
  /**
   * The next `count` ID tokens the platform issues (code exchanges and refreshes, which otherwise succeed) have
   * `flaw`: signed with a key it never published (`forged`), for another client (`wrong-audience`), expired ten
   * minutes ago (`expired`), issued ten minutes ahead (`issued-in-future`), with a nonce other than the one sent
   * (`wrong-nonce`), or with the at_hash of another access token (`wrong-at-hash`). Only for a platform that issues
   * ID tokens (Xero's emulation); a count of 0 clears it.
   */
  flawNextIdTokens(platform: PlatformKey, count: number, flaw: IdTokenFlaw): void
  /**
   * After `afterCalls` more served API calls, the next `count` authenticated API calls to the
   * platform answer `status` with a JSON error body. Replaces the platform's earlier schedule; a
   * count of 0 clears it. Taken before a rate limit when both are due.
   */
  failNextApiCalls(platform: PlatformKey, count: number, options?: ApiFailureOptions): void
  /**
   * After `afterCalls` more served API calls, the next `count` authenticated API calls to the
   * platform answer 429 with Retry-After. Replaces the platform's earlier schedule; a count of 0 clears it.
   */
  rateLimitNextApiCalls(platform: PlatformKey, count: number, retryAfterSeconds: number, options?: RateLimitOptions): void
  /**
   * Once the platform has served `afterCalls` more API calls, every live grant of it is revoked (as
   * `revokeGrant` does): the next API call answers 401 invalid_token and a refresh invalid_grant.
   * 0 revokes them now. Grants made in the meantime are revoked too.
   */
  revokeGrantsAfterApiCalls(platform: PlatformKey, afterCalls: number): void
  /**
   * Authenticated API calls the platform has served so far: refusals (bad tokens, injected
   * failures, rate limits) are not counted; a call refused afterwards for its scope or query is.
   */
  apiCallCount(platform: PlatformKey): number
  listGrants(): GrantSummary[]
  /**
   * A further access token on a live grant, for scopes of its platform the client may not have asked for: how a
   * test reads what the grant's data looks like to the platform's own endpoints, such as Xero's reports (which
   * Linkway does not request) to cross-check the statements it builds. A grant's data is its own, so another
   * grant's token would see other books. Expires after an hour.
   */
  issueAccessToken(grantId: string, scopes: readonly string[]): string
  /** Sets how many records a dataset of the platform has (up to 10 million; nothing is materialised). */
  setDatasetSize(platform: PlatformKey, dataset: string, count: number): void
  /**
   * Sets the currency of every business on the platform, for a test that needs one (a taxed shop: a US one collects no
   * sales tax); `null` goes back to each grant's seed drawing its own. Refused for a platform whose tenants have their
   * own currencies (Xero's demo organisations).
   */
  setBaseCurrency(platform: PlatformKey, currency: Currency | null): void
  /**
   * Deletes records of a list dataset (by their index, in every grant of the platform) now, by the sandbox's clock.
   * The generic platforms' data API then serves each marked `isDeleted: true`, modified at that instant, so a sync
   * of what changed since reads it once more; QuickBooks' emulation leaves them out of its lists and reports them
   * Deleted in its change data capture; Xero's serves them with its deleted status (DELETED, or ARCHIVED for
   * contacts and accounts) modified at that instant, or leaves them out where Xero removes them (items, bank
   * transfers); the other emulations keep serving them.
   */
  deleteRecords(platform: PlatformKey, dataset: string, indices: readonly number[]): void
  /**
   * Raises a sales invoice now for contacts of a list dataset (by their index, in every grant of the platform), such
   * as suppliers that were never customers. Xero's emulation then marks each `IsCustomer` and, as Xero documents,
   * leaves its UpdatedDateUTC as it was; the other emulations ignore it.
   */
  raiseSalesInvoices(platform: PlatformKey, dataset: string, indices: readonly number[]): void
}

/** An admin call with bad arguments. → 400 over HTTP */
export class SandboxAdminError extends Error {
  override readonly name = 'SandboxAdminError'
}

const MAX_COUNT = 1_000_000
/** An admin-issued token lasts as long as a typical platform's access token. */
const ADMIN_TOKEN_TTL_SECONDS = 3600
const OAUTH_ERROR_CODE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,100}$/

export function createSandboxAdmin(deps: SandboxDeps): SandboxAdmin {
  return {
    registerClient(client) {
      deps.store.registerClient(checkClient(client))
    },
    revokeGrant(target) {
      if (typeof target !== 'object' || target === null) throw new SandboxAdminError('Give { grantId } or { accessToken }.')
      if ('grantId' in target && typeof target.grantId === 'string') return deps.store.revokeGrant(target.grantId)
      if ('accessToken' in target && typeof target.accessToken === 'string') {
        const grant = deps.store.findGrantByToken(target.accessToken)
        return grant === undefined ? false : deps.store.revokeGrant(grant.grantId)
      }
      throw new SandboxAdminError('Give { grantId } or { accessToken }.')
    },
    expireAccessTokens(platform) {
      return deps.store.expireAccessTokens(platform === undefined ? undefined : checkPlatform(platform).key)
    },
    failNextTokenCalls(platform, count, failure = {}) {
      const { status = 503, error = 'temporarily_unavailable', retryAfterSeconds } = failure
      if (!Number.isInteger(status) || status < 400 || status > 599) throw new SandboxAdminError('status must be a whole number from 400 to 599.')
      if (typeof error !== 'string' || !OAUTH_ERROR_CODE.test(error)) throw new SandboxAdminError('error must be an OAuth error code (printable ASCII without quotes or backslashes).')
      deps.controls.failNextTokenCalls(checkPlatform(platform).key, checkCount(count, MAX_COUNT, 'count'), {
        status,
        error,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds: checkCount(retryAfterSeconds, 86_400, 'retryAfterSeconds') } : {}),
      })
    },
    flawNextIdTokens(platform, count, flaw) {
      const definition = checkPlatform(platform)
      if (definition.idToken === undefined) throw new SandboxAdminError(`${definition.displayName} issues no ID tokens.`)
      if (!(ID_TOKEN_FLAWS as readonly unknown[]).includes(flaw)) throw new SandboxAdminError(`flaw must be one of ${ID_TOKEN_FLAWS.join(', ')}.`)
      deps.controls.flawNextIdTokens(definition.key, checkCount(count, MAX_COUNT, 'count'), flaw)
    },
    failNextApiCalls(platform, count, options = {}) {
      const { status = 503, afterCalls = 0 } = checkOptions(options)
      if (!Number.isInteger(status) || ((status < 500 || status > 599) && status !== 408)) throw new SandboxAdminError('status must be a whole number from 500 to 599, or 408.')
      deps.controls.failNextApiCalls(checkPlatform(platform).key, checkCount(count, MAX_COUNT, 'count'), status, checkCount(afterCalls, MAX_COUNT, 'afterCalls'))
    },
    rateLimitNextApiCalls(platform, count, retryAfterSeconds, options = {}) {
      const { afterCalls = 0 } = checkOptions(options)
      deps.controls.rateLimitNextApiCalls(
        checkPlatform(platform).key,
        checkCount(count, MAX_COUNT, 'count'),
        checkCount(retryAfterSeconds, 86_400, 'retryAfterSeconds'),
        checkCount(afterCalls, MAX_COUNT, 'afterCalls'),
      )
    },
    revokeGrantsAfterApiCalls(platform, afterCalls) {
      const key = checkPlatform(platform).key
      deps.controls.revokeGrantsAfterApiCalls(key, checkCount(afterCalls, MAX_COUNT, 'afterCalls'))
      if (afterCalls === 0) revokeLiveGrants(deps, key)
    },
    apiCallCount(platform) {
      return deps.controls.apiCallCount(checkPlatform(platform).key)
    },
    listGrants() {
      return deps.store.listGrants().map((grant) => ({
        grantId: grant.grantId,
        platform: grant.platform,
        clientId: grant.clientId,
        scopes: [...grant.scopes],
        isRevoked: grant.isRevoked,
        refreshCount: grant.refreshCount,
        createdAt: new Date(grant.createdAt).toISOString(),
        ...(grant.tenants !== undefined ? { tenants: grant.tenants.map(({ tenantId, tenantName }) => ({ tenantId, tenantName })) } : {}),
        ...(grant.realmId !== undefined ? { realmId: grant.realmId } : {}),
        ...(grant.shop !== undefined ? { shop: grant.shop } : {}),
      }))
    },
    issueAccessToken(grantId, scopes) {
      const grant = typeof grantId === 'string' ? deps.store.getGrant(grantId) : undefined
      if (grant === undefined || grant.isRevoked) throw new SandboxAdminError('grantId must name a live grant.')
      const known = checkPlatform(grant.platform).scopes
      if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((scope) => typeof scope === 'string' && Object.hasOwn(known, scope))) {
        throw new SandboxAdminError(`scopes must list scopes of ${grant.platform}: ${Object.keys(known).join(', ')}.`)
      }
      const definition = checkPlatform(grant.platform)
      return deps.store.issueTokens(grant, scopes, { accessTtlSeconds: ADMIN_TOKEN_TTL_SECONDS, refreshScopes: undefined, claims: definition.accessTokenClaims?.(grant, scopes) }).accessToken
    },
    setDatasetSize(platform, dataset, count) {
      const definition = checkPlatform(platform)
      if (typeof dataset !== 'string' || !Object.hasOwn(definition.datasets, dataset)) {
        throw new SandboxAdminError(`${definition.key} has no dataset “${String(dataset)}”; it has ${Object.keys(definition.datasets).join(', ')}.`)
      }
      deps.controls.setDatasetSize(definition.key, dataset, checkCount(count, MAX_DATASET_SIZE, 'count'))
    },
    setBaseCurrency(platform, currency) {
      const definition = checkPlatform(platform)
      if (currency !== null && !CURRENCIES.includes(currency)) throw new SandboxAdminError(`currency must be one of ${CURRENCIES.join(', ')}, or null.`)
      if (definition.currencyFixedByTenant) throw new SandboxAdminError(`${definition.displayName} has no currency to set: each of its organisations has its own.`)
      deps.controls.setBaseCurrency(definition.key, currency ?? undefined)
    },
    deleteRecords(platform, dataset, indices) {
      const target = checkListRecords(platform, dataset, indices)
      deps.controls.deleteRecords(target.platform, target.dataset, target.indices, deps.clock.now().getTime())
    },
    raiseSalesInvoices(platform, dataset, indices) {
      const target = checkListRecords(platform, dataset, indices)
      deps.controls.raiseSalesInvoices(target.platform, target.dataset, target.indices, deps.clock.now().getTime())
    },
  }

}

/** A client's registration, checked: the same rules for the options and for the admin. */
export function checkClient(client: SandboxClient): StoredClient {
  if (typeof client !== 'object' || client === null) throw new SandboxAdminError('A client is { clientId, clientSecret, redirectUris }.')
  const { clientId, clientSecret, redirectUris } = client
  if (typeof clientId !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(clientId)) throw new SandboxAdminError('clientId must be 1 to 200 printable ASCII characters without spaces.')
  if (typeof clientSecret !== 'string' || clientSecret.length === 0) throw new SandboxAdminError('clientSecret must be a non-empty string.')
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) throw new SandboxAdminError('redirectUris must list at least one URL.')
  for (const uri of redirectUris) {
    // RFC 6749 §3.1.2: an absolute URI without a fragment.
    let url: URL | undefined
    try {
      url = typeof uri === 'string' ? new URL(uri) : undefined
    } catch {
      url = undefined
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash !== '' || String(uri).includes('#')) {
      throw new SandboxAdminError(`The redirect URI “${String(uri)}” must be an absolute http(s) URL without a fragment.`)
    }
  }
  return { clientId, clientSecret, redirectUris: [...redirectUris] }
}

/** Records of a list dataset named by index, as the calls that act on some of them take them. */
function checkListRecords(platform: PlatformKey, dataset: string, indices: readonly number[]): { platform: PlatformKey; dataset: string; indices: number[] } {
  const definition = checkPlatform(platform)
  if (typeof dataset !== 'string' || findDataset(definition.family, dataset)?.kind !== 'list') {
    throw new SandboxAdminError(`${definition.key} has no list dataset “${String(dataset)}”.`)
  }
  if (!Array.isArray(indices) || indices.length === 0 || indices.length > 10_000) throw new SandboxAdminError('indices must list 1 to 10000 record indices.')
  return { platform: definition.key, dataset, indices: indices.map((index) => checkCount(index, MAX_DATASET_SIZE, 'each index')) }
}

function checkPlatform(key: unknown): PlatformDefinition {
  const platform = typeof key === 'string' ? findPlatform(key) : undefined
  if (platform === undefined) throw new SandboxAdminError(`platform must be one of ${PLATFORM_KEYS.join(', ')}.`)
  return platform
}

function checkOptions<T extends object>(options: T): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new SandboxAdminError('The options must be an object.')
  return options
}

function checkCount(value: unknown, max: number, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw new SandboxAdminError(`${name} must be a whole number from 0 to ${max}.`)
  return value
}
