/**
 * @module Everything the OAuth servers remember: clients, pending consent requests, codes, grants
 * and tokens. Tokens, codes and request ids are kept by their SHA-256 digest only, so neither
 * memory nor the state file holds a value that works. With a state file every change is written
 * through, so a restart keeps links working.
 */
import type { PlatformKey } from './platform-key.js'
import { generateSecret, generateUuid, hashSecret, type RandomBytes } from './secret-values.js'
import { readStateFile, writeStateFile } from './state-file.js'

export interface Clock {
  now(): Date
}

/** A registered OAuth client. The secret is kept as given: Shopify signs callbacks with it. */
export interface StoredClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

/** One authorized Xero organisation of a grant: a "connection" in Xero's words. */
export interface GrantTenant {
  connectionId: string
  tenantId: string
  tenantName: string
}

/** What a platform fixes about a grant when a person approves. */
export interface GrantDetails {
  /** QuickBooks' company id. */
  realmId?: string
}

/** One approval of one client by one person on one platform; its codes and tokens live and die with it. */
export interface Grant extends GrantDetails {
  grantId: string
  platform: PlatformKey
  clientId: string
  scopes: string[]
  redirectUri: string
  /** Milliseconds, by the data clock: the anchor of the grant's generated data. */
  createdAt: number
  /**
   * Milliseconds, by the token clock: when the person approved (an ID token's auth_time). Absent in grants
   * saved before it was kept; createdAt stands in.
   */
  authenticatedAt?: number
  /** Seeds the grant's generated data. */
  seed: number
  authEventId: string
  isRevoked: boolean
  refreshCount: number
  tenants?: GrantTenant[]
  shop?: string
}

/** An authorize request waiting for the person's decision. */
export interface AuthorizationRequest {
  platform: PlatformKey
  clientId: string
  redirectUri: string
  scopes: string[]
  state?: string
  codeChallenge?: string
  /** OpenID Connect's nonce, echoed in the ID token of the code it leads to. */
  nonce?: string
  shop?: string
  expiresAt: number
}

export interface AuthorizationCode {
  grantId: string
  clientId: string
  redirectUri: string
  codeChallenge?: string
  nonce?: string
  expiresAt: number
  isUsed: boolean
}

export interface AccessTokenRecord {
  grantId: string
  scopes: string[]
  /** Milliseconds; null for a token that never expires (Shopify's offline tokens). */
  expiresAt: number | null
}

export interface RefreshTokenRecord {
  grantId: string
  scopes: string[]
  /** A used refresh token is kept so that presenting it again is caught (RFC 9700 §4.14.2). */
  isUsed: boolean
  /** When it was first used (the token clock's ms): a platform with a grace period honours it again until then plus the grace. */
  usedAtMs?: number
}

interface StateSnapshot {
  version: 1
  clients: StoredClient[]
  grants: Grant[]
  requests: [string, AuthorizationRequest][]
  codes: [string, AuthorizationCode][]
  accessTokens: [string, AccessTokenRecord][]
  refreshTokens: [string, RefreshTokenRecord][]
}

/** Used codes are remembered this long after they expire, to catch a replay (and revoke its tokens). */
const USED_CODE_MEMORY_MS = 24 * 3_600_000
/** Expired access tokens are remembered this long, so the API can say "expired" rather than "unknown". */
const EXPIRED_TOKEN_MEMORY_MS = 3_600_000
/** Forgotten records are swept after this many changes rather than on a timer: no timers, no I/O at rest. */
const CHANGES_PER_SWEEP = 256

export interface TokenStoreOptions {
  /** The authorization server's time: consent requests, codes and tokens are dated and expire by it. */
  clock: Clock
  /** Dates a new grant's createdAt, the anchor of its generated data; `clock` unless given. */
  dataClock?: Clock
  random: RandomBytes
  clients: readonly StoredClient[]
  stateFile?: string | undefined
}

export class TokenStore {
  private readonly clients = new Map<string, StoredClient>()
  private readonly requests = new Map<string, AuthorizationRequest>()
  private readonly codes = new Map<string, AuthorizationCode>()
  private readonly grants = new Map<string, Grant>()
  private readonly accessTokens = new Map<string, AccessTokenRecord>()
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>()
  private readonly clock: Clock
  private readonly dataClock: Clock
  private readonly random: RandomBytes
  private readonly stateFile: string | undefined
  private changesSinceSweep = 0

  constructor(options: TokenStoreOptions) {
    this.clock = options.clock
    this.dataClock = options.dataClock ?? options.clock
    this.random = options.random
    this.stateFile = options.stateFile
    if (this.stateFile !== undefined) this.restore(readStateFile(this.stateFile))
    // The clients of the options win over saved ones of the same id: the configuration is the truth.
    for (const client of options.clients) this.clients.set(client.clientId, copyClient(client))
    this.changed()
  }

  // --- clients

  getClient(clientId: string): StoredClient | undefined {
    return this.clients.get(clientId)
  }

  registerClient(client: StoredClient): void {
    this.clients.set(client.clientId, copyClient(client))
    this.changed()
  }

  // --- consent requests

  /** Saves a request awaiting the person's decision; returns its single-use id. */
  saveAuthorizationRequest(request: AuthorizationRequest): string {
    const requestId = generateSecret(this.random)
    this.requests.set(hashSecret(requestId), request)
    this.changed()
    return requestId
  }

  /** The pending request, unless it is unknown, used or expired. */
  peekAuthorizationRequest(requestId: string): AuthorizationRequest | undefined {
    const request = this.requests.get(hashSecret(requestId))
    return request !== undefined && this.nowMs() < request.expiresAt ? request : undefined
  }

  /** As peek, and the request is gone: a consent form posts once. */
  takeAuthorizationRequest(requestId: string): AuthorizationRequest | undefined {
    const request = this.peekAuthorizationRequest(requestId)
    if (this.requests.delete(hashSecret(requestId))) this.changed()
    return request
  }

  // --- grants and codes

  createGrant(fields: Omit<Grant, 'grantId' | 'createdAt' | 'seed' | 'authEventId' | 'isRevoked' | 'refreshCount'>): Grant {
    const grant: Grant = {
      ...fields,
      grantId: generateUuid(this.random),
      createdAt: this.dataClock.now().getTime(),
      authenticatedAt: this.nowMs(),
      seed: this.random(4).readUInt32BE(0),
      authEventId: generateUuid(this.random),
      isRevoked: false,
      refreshCount: 0,
    }
    this.grants.set(grant.grantId, grant)
    this.changed()
    return grant
  }

  getGrant(grantId: string): Grant | undefined {
    return this.grants.get(grantId)
  }

  listGrants(): Grant[] {
    return [...this.grants.values()]
  }

  issueCode(grant: Grant, fields: { redirectUri: string; codeChallenge?: string | undefined; nonce?: string | undefined; ttlSeconds: number }): string {
    const code = generateSecret(this.random)
    this.codes.set(hashSecret(code), {
      grantId: grant.grantId,
      clientId: grant.clientId,
      redirectUri: fields.redirectUri,
      ...(fields.codeChallenge !== undefined ? { codeChallenge: fields.codeChallenge } : {}),
      ...(fields.nonce !== undefined ? { nonce: fields.nonce } : {}),
      expiresAt: this.nowMs() + fields.ttlSeconds * 1000,
      isUsed: false,
    })
    this.changed()
    return code
  }

  findCode(code: string): AuthorizationCode | undefined {
    return this.codes.get(hashSecret(code))
  }

  markCodeUsed(code: string): void {
    const record = this.codes.get(hashSecret(code))
    if (record === undefined) return
    record.isUsed = true
    this.changed()
  }

  /** Revokes a grant: it stays listed, marked revoked, and every token issued from it stops working. */
  revokeGrant(grantId: string): boolean {
    const grant = this.grants.get(grantId)
    if (grant === undefined) return false
    grant.isRevoked = true
    for (const [hash, record] of this.accessTokens) if (record.grantId === grantId) this.accessTokens.delete(hash)
    for (const [hash, record] of this.refreshTokens) if (record.grantId === grantId) this.refreshTokens.delete(hash)
    this.changed()
    return true
  }

  /** Ends one access token; its grant, and the grant's other tokens, live on. */
  revokeAccessToken(token: string): boolean {
    const isDeleted = this.accessTokens.delete(hashSecret(token))
    if (isDeleted) this.changed()
    return isDeleted
  }

  // --- tokens

  /** An access token, and a refresh token when `refreshScopes` is given (a refresh keeps the scope of the token it replaces, RFC 6749 §6). */
  issueTokens(
    grant: Grant,
    scopes: readonly string[],
    options: { accessTtlSeconds: number | undefined; refreshScopes: readonly string[] | undefined; claims?: Record<string, unknown> | undefined },
  ): { accessToken: string; refreshToken?: string } {
    const secret = generateSecret(this.random)
    const accessToken = options.claims === undefined ? secret : `${base64UrlJson({ alg: 'RS256', typ: 'JWT' })}.${base64UrlJson(options.claims)}.${secret}`
    this.accessTokens.set(hashSecret(accessToken), {
      grantId: grant.grantId,
      scopes: [...scopes],
      expiresAt: options.accessTtlSeconds === undefined ? null : this.nowMs() + options.accessTtlSeconds * 1000,
    })
    let refreshToken: string | undefined
    if (options.refreshScopes !== undefined) {
      refreshToken = generateSecret(this.random)
      this.refreshTokens.set(hashSecret(refreshToken), { grantId: grant.grantId, scopes: [...options.refreshScopes], isUsed: false })
    }
    this.changed()
    return refreshToken === undefined ? { accessToken } : { accessToken, refreshToken }
  }

  findAccessToken(token: string): AccessTokenRecord | undefined {
    return this.accessTokens.get(hashSecret(token))
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(hashSecret(token))
  }

  /** Whether a used refresh token was first used no more than `graceSeconds` ago. */
  isWithinReuseGrace(record: RefreshTokenRecord, graceSeconds: number): boolean {
    return record.usedAtMs !== undefined && this.nowMs() - record.usedAtMs <= graceSeconds * 1000
  }

  /** Spends a refresh token (rotation: the next one is issued beside this). */
  useRefreshToken(token: string): void {
    const record = this.refreshTokens.get(hashSecret(token))
    if (record === undefined) return
    record.isUsed = true
    record.usedAtMs ??= this.nowMs()
    const grant = this.grants.get(record.grantId)
    if (grant !== undefined) grant.refreshCount += 1
    this.changed()
  }

  /** The grant an access or refresh token belongs to. */
  findGrantByToken(token: string): Grant | undefined {
    const hash = hashSecret(token)
    const grantId = this.accessTokens.get(hash)?.grantId ?? this.refreshTokens.get(hash)?.grantId
    return grantId === undefined ? undefined : this.grants.get(grantId)
  }

  /** Makes the live access tokens (of one platform, or all) expired now; returns how many. */
  expireAccessTokens(platform?: PlatformKey): number {
    const now = this.nowMs()
    let count = 0
    for (const record of this.accessTokens.values()) {
      if (record.expiresAt !== null && record.expiresAt <= now) continue
      if (platform !== undefined && this.grants.get(record.grantId)?.platform !== platform) continue
      record.expiresAt = now
      count += 1
    }
    if (count > 0) this.changed()
    return count
  }

  // --- upkeep

  private nowMs(): number {
    return this.clock.now().getTime()
  }

  private changed(): void {
    this.changesSinceSweep += 1
    if (this.changesSinceSweep >= CHANGES_PER_SWEEP) this.sweep()
    if (this.stateFile !== undefined) writeStateFile(this.stateFile, this.snapshot(), this.random)
  }

  private sweep(): void {
    this.changesSinceSweep = 0
    const now = this.nowMs()
    for (const [hash, request] of this.requests) if (request.expiresAt <= now) this.requests.delete(hash)
    for (const [hash, code] of this.codes) if (code.expiresAt + USED_CODE_MEMORY_MS <= now) this.codes.delete(hash)
    for (const [hash, token] of this.accessTokens) if (token.expiresAt !== null && token.expiresAt + EXPIRED_TOKEN_MEMORY_MS <= now) this.accessTokens.delete(hash)
  }

  private snapshot(): StateSnapshot {
    return {
      version: 1,
      clients: [...this.clients.values()],
      grants: [...this.grants.values()],
      requests: [...this.requests],
      codes: [...this.codes],
      accessTokens: [...this.accessTokens],
      refreshTokens: [...this.refreshTokens],
    }
  }

  private restore(saved: unknown): void {
    if (saved === undefined) return
    if (!isSnapshot(saved)) throw new Error(`The sandbox state file ${this.stateFile ?? ''} is not one this version wrote; move it away to start afresh.`)
    for (const client of saved.clients) this.clients.set(client.clientId, client)
    for (const grant of saved.grants) this.grants.set(grant.grantId, grant)
    for (const [hash, request] of saved.requests) this.requests.set(hash, request)
    for (const [hash, code] of saved.codes) this.codes.set(hash, code)
    for (const [hash, token] of saved.accessTokens) this.accessTokens.set(hash, token)
    for (const [hash, token] of saved.refreshTokens) this.refreshTokens.set(hash, token)
  }
}

function copyClient(client: StoredClient): StoredClient {
  return { clientId: client.clientId, clientSecret: client.clientSecret, redirectUris: [...client.redirectUris] }
}

/** A shallow check: the file is our own, so its shape is trusted once the version and lists are there. */
function isSnapshot(value: unknown): value is StateSnapshot {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return record['version'] === 1 && ['clients', 'grants', 'requests', 'codes', 'accessTokens', 'refreshTokens'].every((key) => Array.isArray(record[key]))
}

function base64UrlJson(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}
