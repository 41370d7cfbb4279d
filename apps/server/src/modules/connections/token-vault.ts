/**
 * @module A connection's platform tokens: sealed at rest (AES-256-GCM, the connection id bound as
 * associated data), opened only here, handed to a callback and never returned. Refreshing happens
 * before expiry and at most once at a time per connection (a lease on the row), because platforms
 * such as Xero rotate refresh tokens: two workers refreshing together would leave one holding a dead token.
 */
import type { Catalogue, Connector, OAuth2Auth } from '@linkway/connectors'
import type { Tables } from '@linkway/db'
import { PlatformAuthError, refreshAccessToken, type PlatformClient, type TokenSet } from '@linkway/oauth'
import type { SecretBox } from '@linkway/vault'
import type { Kysely, Transaction } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import * as repo from './repo.js'

/** Refresh this long before the platform says the token expires, so no call carries a dying token. */
export const REFRESH_MARGIN_MS = 60_000
/** How long one refresh may hold the lease before another worker may take over. */
const REFRESH_LEASE_MS = 30_000
/** How often a worker that found the lease taken looks again for the rotated token. */
const LEASE_POLL_MS = 50

export interface PlatformClientSource {
  /** The OAuth client (id and secret) this client uses at this platform, or undefined if none is set. */
  platformClient(clientId: string, platformKey: string): Promise<PlatformClient | undefined>
}

interface SealedTokenSet {
  accessToken: string
  refreshToken?: string
  tokenType: string
  scope?: string
}

/** Thrown by a callback of `withAccessToken` when the platform refused the token (401): refresh once, then retry. */
export class AccessTokenRejectedError extends Error {
  constructor() {
    super('The platform refused the access token')
    this.name = 'AccessTokenRejectedError'
  }
}

export interface TokenVaultDeps {
  db: Kysely<Tables>
  secrets: SecretBox
  clock: Clock
  ids: IdGenerator
  catalogue: Catalogue
  credentials: PlatformClientSource
  /** Called when the platform says the grant is gone (`reason` says why, for its error entry): the connection becomes Deauthorized. */
  onGrantRevoked(connectionId: string, reason?: string): Promise<void>
  sleep?: (ms: number) => Promise<void>
}

export function tokenContext(connectionId: string): string {
  return `connection_tokens:${connectionId}`
}

/** The values a connector's URL templates need (Shopify's shop), read from the connection's info. */
export function connectionParametersOf(auth: OAuth2Auth, connectionInfo: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {}
  for (const parameter of auth.connectionParameters) {
    const value = connectionInfo[parameter.name]
    if (typeof value === 'string') values[parameter.name] = value
  }
  return values
}

export function createTokenVault(deps: TokenVaultDeps) {
  const { db, secrets, clock, ids, catalogue, credentials } = deps
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  function seal(connectionId: string, tokens: TokenSet): Buffer {
    const value: SealedTokenSet = {
      accessToken: tokens.accessToken,
      tokenType: tokens.tokenType,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.scope ? { scope: tokens.scope } : {}),
    }
    return secrets.seal(JSON.stringify(value), tokenContext(connectionId))
  }

  function open(connectionId: string, sealed: Buffer): SealedTokenSet {
    return JSON.parse(secrets.open(sealed, tokenContext(connectionId))) as SealedTokenSet
  }

  function needsRefresh(row: repo.TokenRow, marginMs = REFRESH_MARGIN_MS): boolean {
    return row.has_refresh_token && row.access_expires_at !== null && row.access_expires_at.getTime() - marginMs <= clock.now().getTime()
  }

  async function oauthOf(connectionId: string): Promise<{ connector: Connector & { auth: OAuth2Auth }; client: PlatformClient; parameters: Record<string, string> }> {
    const connection = await repo.findConnectionById(db, connectionId)
    if (!connection) throw new PlatformAuthError('invalid_grant', 'The connection no longer exists')
    const connector = catalogue.get(connection.platform_key)
    if (!connector || connector.auth.kind !== 'oauth2') throw new PlatformAuthError('invalid_client', `No OAuth definition for ${connection.platform_key}`)
    const client = await credentials.platformClient(connection.client_id, connector.key)
    if (!client) throw new PlatformAuthError('invalid_client', `No credentials are set for ${connector.key}`)
    return { connector: connector as Connector & { auth: OAuth2Auth }, client, parameters: connectionParametersOf(connector.auth, connection.connection_info) }
  }

  /**
   * Refreshes under the lease and returns the row that holds the newest tokens. `seen` is the
   * version the caller found wanting: if another worker stored a newer one meanwhile, that one is
   * used and the platform is not called again. A worker that finds the lease taken waits for it.
   */
  async function refresh(connectionId: string, seen: repo.TokenRow): Promise<repo.TokenRow> {
    const owner = ids.uuid()
    // A new seal always differs (a fresh IV), whatever the clock says.
    const isNewer = (row: repo.TokenRow) => !row.sealed.equals(seen.sealed)
    for (;;) {
      const now = clock.now()
      const leased = await repo.takeRefreshLease(db, connectionId, owner, now, new Date(now.getTime() + REFRESH_LEASE_MS))
      if (leased) {
        if (isNewer(leased)) {
          await repo.releaseRefreshLease(db, connectionId, owner)
          return leased
        }
        return await refreshHoldingLease(connectionId, owner, leased)
      }
      const current = await repo.findTokens(db, connectionId)
      if (!current) throw new PlatformAuthError('invalid_grant', 'The connection has no tokens')
      if (current.refresh_lease_owner === null && isNewer(current)) return current
      await sleep(LEASE_POLL_MS)
    }
  }

  async function refreshHoldingLease(connectionId: string, owner: string, leased: repo.TokenRow): Promise<repo.TokenRow> {
    const stored = open(connectionId, leased.sealed)
    if (!stored.refreshToken) {
      await repo.releaseRefreshLease(db, connectionId, owner)
      throw new PlatformAuthError('invalid_grant', 'The access token expired and the platform issued no refresh token')
    }
    let fresh: TokenSet
    try {
      const { connector, client, parameters } = await oauthOf(connectionId)
      fresh = await refreshAccessToken(connector.auth, client, stored.refreshToken, { connectionParameters: parameters, now: clock.now() })
    } catch (error) {
      await repo.releaseRefreshLease(db, connectionId, owner)
      if (error instanceof PlatformAuthError && error.code === 'invalid_grant') await deps.onGrantRevoked(connectionId)
      // An ID token that fails its checks: the tokens beside it are dropped and the stored ones kept, not the
      // connection deauthorized. Its refresh token still works for a while (Xero honours the one it rotated for 30
      // minutes), so a passing fault (a key rotated mid-fetch, a clock's jump) heals on the next try; a grant that is
      // really gone answers invalid_grant then.
      throw error
    }
    // A platform that does not rotate keeps the refresh token it had.
    const next: TokenSet = { ...fresh, ...(fresh.refreshToken ? {} : { refreshToken: stored.refreshToken }) }
    const row = {
      sealed: seal(connectionId, next),
      access_expires_at: next.expiresAt ?? null,
      has_refresh_token: next.refreshToken !== undefined,
      updated_at: clock.now(),
    }
    const isStored = await repo.storeRefreshedTokens(db, connectionId, owner, row)
    if (!isStored) throw new PlatformAuthError('platform_unavailable', 'The refresh lease expired before the new tokens were stored')
    return { ...leased, ...row, refresh_lease_owner: null, refresh_lease_until: null }
  }

  return {
    /** Stores a fresh token set for the connection (inside the caller's transaction). */
    async store(trx: Transaction<Tables>, connectionId: string, clientId: string, tokens: TokenSet): Promise<void> {
      await repo.upsertTokens(trx, {
        connection_id: connectionId,
        client_id: clientId,
        sealed: seal(connectionId, tokens),
        access_expires_at: tokens.expiresAt ?? null,
        has_refresh_token: tokens.refreshToken !== undefined,
        updated_at: clock.now(),
      })
    },

    /**
     * Calls `use` with a live access token: refreshed first when it is about to expire, and once
     * more if `use` reports a 401 (AccessTokenRejectedError). A revoked grant deauthorizes the connection.
     */
    async withAccessToken<T>(connectionId: string, use: (accessToken: string) => Promise<T>): Promise<T> {
      let row = await repo.findTokens(db, connectionId)
      if (!row) throw new PlatformAuthError('invalid_grant', 'The connection has no tokens')
      if (needsRefresh(row)) row = await refresh(connectionId, row)
      try {
        return await use(open(connectionId, row.sealed).accessToken)
      } catch (error) {
        if (!(error instanceof AccessTokenRejectedError)) throw error
        if (!row.has_refresh_token) {
          await deps.onGrantRevoked(connectionId)
          throw new PlatformAuthError('invalid_grant', 'The platform refused the access token and there is no refresh token')
        }
        const refreshed = await refresh(connectionId, row)
        return await use(open(connectionId, refreshed.sealed).accessToken)
      }
    },

    /** Refreshes now if the token expires within `withinMs` (the keep-alive sweep looks further ahead than a caller). */
    async refreshIfDue(connectionId: string, withinMs = REFRESH_MARGIN_MS): Promise<void> {
      const row = await repo.findTokens(db, connectionId)
      if (row && needsRefresh(row, withinMs)) await refresh(connectionId, row)
    },
  }
}

export type TokenVault = ReturnType<typeof createTokenVault>
