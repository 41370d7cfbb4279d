/**
 * @module The rate limits (docs/api.md, "Rate limits"; docs/security.md): a daily quota per
 * client, as the reference has it, and per-minute limits per address for failed authentication
 * and for Link's keyless changes. Fixed windows, counted in a store every process shares, so a
 * limit holds across processes; the store's atomic count also decides which one request crossed
 * the quota, so `client.rateLimit.reached` is sent once per window, and the worker's sweep sends
 * `client.rateLimit.reset` once when that window ends.
 */
import type { Tables } from '@linkway/db'
import ipaddr from 'ipaddr.js'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { emitEvent } from '../webhooks/index.js'
import type { RateLimitStore } from './counter-store.js'
import * as repo from './repo.js'

/** What config.ts's `rateLimits` says; a 0 switches a limit off (`clientPerDay` 0: the whole quota). */
export interface RateLimitSettings {
  clientPerDay: number
  clientPerLinkedCompanyPerDay: number
  authFailuresPerMinute: number
  linkPerMinute: number
  invitesPerMinute: number
  /** Failed Portal sign-ins per account in LOGIN_WINDOW_MS; past it the account is refused until the window ends. */
  loginFailuresPerAccount: number
}

/** The Portal's per-account window: 5 failures (by default) per 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * 60_000

export interface RateLimitsServiceDeps {
  db: Kysely<Tables>
  store: RateLimitStore
  clock: Clock
  ids: IdGenerator
  settings: RateLimitSettings
  /** The client's companies with a Linked connection (the connections service). */
  countLinkedCompanies: (clientId: string) => Promise<number>
}

/** A client's quota after counting one request: the X-Rate-Limit-* headers, and whether it may go ahead. */
export interface ClientQuotaUsage {
  limit: number
  remaining: number
  resetsAt: Date
  isAllowed: boolean
  /** Whole seconds until the window ends (Retry-After). */
  retryAfterSeconds: number
}

export interface AddressDecision {
  isAllowed: boolean
  retryAfterSeconds: number
}

const MINUTE_MS = 60_000
/** `rate_limit_counters.count` is a 32-bit integer. */
const MAX_QUOTA = 2_000_000_000
/** Entries of the per-process memories (quotas, blocked addresses); the oldest go first. */
const MAX_REMEMBERED = 10_000

/** The end of the UTC day `now` is in: the reference's quota resets at 00:00 UTC. */
export function dayWindowEnd(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1))
}

/** The end of the clock minute `now` is in. */
export function minuteWindowEnd(now: Date): Date {
  return new Date((Math.floor(now.getTime() / MINUTE_MS) + 1) * MINUTE_MS)
}

function secondsUntil(end: Date, now: Date): number {
  return Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000))
}

/**
 * The key an address counts under. An IPv6 host usually holds a whole /64, so its addresses count
 * as one; an IPv4 address written as IPv6 (`::ffff:192.0.2.1`) counts as the IPv4 address.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address
  const parsed = ipaddr.process(address)
  if (parsed.kind() === 'ipv4') return parsed.toString()
  return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`
}

/** A Map that forgets its oldest entry when full, so a spray of keys cannot grow it without bound. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key)
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value!)
  map.set(key, value)
}

export function createRateLimitsService({ db, store, clock, ids, settings, countLinkedCompanies }: RateLimitsServiceDeps) {
  const clientKey = (clientId: string) => `client:${clientId}`
  /** Each client's quota for a window, worked out once per window in this process. */
  const quotas = new Map<string, { windowEnd: number; quota: Promise<number> }>()
  /** Addresses this process has seen go over the failure limit, until their window ends. */
  const blockedUntil = new Map<string, number>()

  /** `clientPerDay + clientPerLinkedCompanyPerDay × linked companies`: the reference's `1,000 × (1 + ACCs)`. */
  async function quotaOf(clientId: string, windowEnd: Date): Promise<number> {
    const cached = quotas.get(clientId)
    if (cached?.windowEnd === windowEnd.getTime()) return await cached.quota
    const quota =
      settings.clientPerLinkedCompanyPerDay === 0
        ? Promise.resolve(settings.clientPerDay)
        : countLinkedCompanies(clientId).then((linked) => Math.min(MAX_QUOTA, settings.clientPerDay + settings.clientPerLinkedCompanyPerDay * linked))
    remember(quotas, clientId, { windowEnd: windowEnd.getTime(), quota })
    // A failed count is not remembered: the next request asks again.
    quota.catch(() => {
      if (quotas.get(clientId)?.quota === quota) quotas.delete(clientId)
    })
    return await quota
  }

  async function countPerMinute(kind: string, address: string, limit: number): Promise<AddressDecision & { windowEnd: Date }> {
    const now = clock.now()
    const windowEnd = minuteWindowEnd(now)
    const retryAfterSeconds = secondsUntil(windowEnd, now)
    if (limit === 0) return { isAllowed: true, retryAfterSeconds, windowEnd }
    const counted = await store.hit(`${kind}:${addressKey(address)}`, { end: windowEnd, maxCount: limit }, now)
    return { isAllowed: counted === undefined || counted.count <= counted.maxCount, retryAfterSeconds, windowEnd }
  }

  /** The one request that went over the quota records the window's reset and sends the event, in one transaction. */
  async function announceReached(clientId: string, dailyQuota: number, windowEnd: Date): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await repo.insertReset(trx, { client_id: clientId, window_end: windowEnd, daily_quota: dailyQuota })
      await emitEvent(trx, { clock, ids }, {
        clientId,
        eventType: 'client.rateLimit.reached',
        payload: { dailyQuota, quotaRemaining: 0, expiryDate: windowEnd.toISOString() },
        companyTags: {},
      })
    })
  }

  return {
    /**
     * Counts an authenticated API request against its client's daily quota. Undefined when there
     * is no quota (RATE_LIMIT_PER_DAY=0) or the store could not count it (Redis unreachable).
     */
    async countClientRequest(clientId: string): Promise<ClientQuotaUsage | undefined> {
      if (settings.clientPerDay === 0) return undefined
      const now = clock.now()
      const windowEnd = dayWindowEnd(now)
      const counted = await store.hit(clientKey(clientId), { end: windowEnd, maxCount: await quotaOf(clientId, windowEnd) }, now)
      if (!counted) return undefined
      if (counted.count === counted.maxCount + 1) await announceReached(clientId, counted.maxCount, windowEnd)
      return {
        limit: counted.maxCount,
        remaining: Math.max(0, counted.maxCount - counted.count),
        resetsAt: windowEnd,
        isAllowed: counted.count <= counted.maxCount,
        retryAfterSeconds: secondsUntil(windowEnd, now),
      }
    },

    /**
     * Seconds until this address may try an API key again, when this process has seen it go over
     * the failure limit; undefined otherwise. Memory only: the API answers it 429 without hashing
     * the key or asking the store.
     */
    blockedAddress(address: string): number | undefined {
      // Asked on every API request: nothing blocked is the usual answer, and the cheapest.
      if (blockedUntil.size === 0) return undefined
      const key = addressKey(address)
      const until = blockedUntil.get(key)
      if (until === undefined) return undefined
      const now = clock.now()
      if (until <= now.getTime()) {
        blockedUntil.delete(key)
        return undefined
      }
      return secondsUntil(new Date(until), now)
    },

    /** Counts a request with no valid API key against its address; over the limit, the address is blocked until its minute ends. */
    async countFailedAuthentication(address: string): Promise<AddressDecision> {
      const decision = await countPerMinute('auth', address, settings.authFailuresPerMinute)
      if (!decision.isAllowed) remember(blockedUntil, addressKey(address), decision.windowEnd.getTime())
      return { isAllowed: decision.isAllowed, retryAfterSeconds: decision.retryAfterSeconds }
    },

    /** Counts one of the Link component's changes (a funnel event, starting or disconnecting a connection) against its address. */
    async countLinkChange(address: string): Promise<AddressDecision> {
      const { isAllowed, retryAfterSeconds } = await countPerMinute('link', address, settings.linkPerMinute)
      return { isAllowed, retryAfterSeconds }
    },

    /**
     * Seconds until this Portal account may try to sign in again, when its failures in the current
     * 15-minute window reached the limit; undefined otherwise. `account` is a hash, never an email.
     */
    async accountLoginBlocked(account: string): Promise<number | undefined> {
      if (settings.loginFailuresPerAccount === 0) return undefined
      const now = clock.now()
      const windowEnd = new Date((Math.floor(now.getTime() / LOGIN_WINDOW_MS) + 1) * LOGIN_WINDOW_MS)
      const counted = await store.peek(`login:${account}`, windowEnd)
      return counted !== undefined && counted.count >= counted.maxCount ? secondsUntil(windowEnd, now) : undefined
    },

    /** Counts a failed Portal sign-in against its account (a hash of the email) in fixed 15-minute windows. */
    async countAccountLoginFailure(account: string): Promise<AddressDecision> {
      const now = clock.now()
      const windowEnd = new Date((Math.floor(now.getTime() / LOGIN_WINDOW_MS) + 1) * LOGIN_WINDOW_MS)
      const retryAfterSeconds = secondsUntil(windowEnd, now)
      if (settings.loginFailuresPerAccount === 0) return { isAllowed: true, retryAfterSeconds }
      const counted = await store.hit(`login:${account}`, { end: windowEnd, maxCount: settings.loginFailuresPerAccount }, now)
      return { isAllowed: counted === undefined || counted.count < counted.maxCount, retryAfterSeconds }
    },

    /** Counts a company the Invite company form is asked to create against its address. */
    async countInvite(address: string): Promise<AddressDecision> {
      const { isAllowed, retryAfterSeconds } = await countPerMinute('invite', address, settings.invitesPerMinute)
      return { isAllowed, retryAfterSeconds }
    },

    /**
     * The worker's sweep: sends `client.rateLimit.reset` for each client window whose quota was
     * reached and which has ended (each once, whichever worker takes it), with the new window's
     * quota, what is left of it and its end; then forgets ended windows. Returns the resets sent.
     */
    async sweep(): Promise<number> {
      const now = clock.now()
      const windowEnd = dayWindowEnd(now)
      let announced = 0
      for (const ended of await repo.listEndedResets(db, now, 100)) {
        // Read before the transaction: inside one, only its own handle may be used.
        const current = await store.peek(clientKey(ended.client_id), windowEnd)
        const dailyQuota = current?.maxCount ?? (await quotaOf(ended.client_id, windowEnd))
        const quotaRemaining = Math.max(0, dailyQuota - (current?.count ?? 0))
        const isTaken = await db.transaction().execute(async (trx) => {
          if (!(await repo.deleteReset(trx, ended.client_id, ended.window_end))) return false
          await emitEvent(trx, { clock, ids }, {
            clientId: ended.client_id,
            eventType: 'client.rateLimit.reset',
            payload: { dailyQuota, quotaRemaining, expiryDate: windowEnd.toISOString() },
            companyTags: {},
          })
          return true
        })
        if (isTaken) announced += 1
      }
      await store.prune(now)
      return announced
    },
  }
}

export type RateLimitsService = ReturnType<typeof createRateLimitsService>
