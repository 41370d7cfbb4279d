/**
 * @module The knobs tests turn: failures injected into token calls, flawed ID tokens, failures, rate limits and
 * grant revocations scheduled on API calls, dataset sizes and deleted records. Kept in memory only:
 * they describe a test, not the platform's data.
 */
import { defaultSizeOf } from './datasets/index.js'
import type { Currency } from './generated-data.js'
import type { IdTokenFlaw } from './id-tokens.js'
import type { PlatformDefinition, PlatformKey } from './platform-definition.js'

export interface TokenFailure {
  /** The HTTP status answered; 503 unless given. */
  status: number
  /** The OAuth `error` code answered; `temporarily_unavailable` unless given. */
  error: string
  /** Sent as `Retry-After`; a 429 always carries one (1 second unless given). */
  retryAfterSeconds?: number
}

/** What an API call is refused with by the admin's schedule, instead of being served. */
export type ScheduledRefusal = { kind: 'failure'; status: number } | { kind: 'rate_limit'; retryAfterSeconds: number }

interface Countdown<T> {
  remaining: number
  value: T
}

/**
 * Refusals due once the platform has served `startsAt` API calls. Counted in served calls, not
 * in calls made, so a schedule's own refusals (or another's) do not bring its start nearer.
 */
interface ApiCallSchedule<T> extends Countdown<T> {
  startsAt: number
}

export class PlatformControls {
  private readonly tokenFailures = new Map<PlatformKey, Countdown<TokenFailure>>()
  private readonly idTokenFlaws = new Map<PlatformKey, Countdown<IdTokenFlaw>>()
  private readonly apiFailures = new Map<PlatformKey, ApiCallSchedule<number>>()
  private readonly rateLimits = new Map<PlatformKey, ApiCallSchedule<number>>()
  /** The served-call count at which every live grant of the platform is to be revoked. */
  private readonly revocations = new Map<PlatformKey, number>()
  private readonly servedApiCalls = new Map<PlatformKey, number>()
  private readonly datasetSizes = new Map<string, number>()
  private readonly baseCurrencies = new Map<PlatformKey, Currency>()
  /** By `platform/dataset`: each deleted record's index, with the instant (ms) it was deleted. */
  private readonly deletions = new Map<string, Map<number, number>>()
  /** By `platform/dataset`: each contact a sales invoice was raised for since it was generated, with the instant (ms). */
  private readonly invoicedContacts = new Map<string, Map<number, number>>()

  failNextTokenCalls(platform: PlatformKey, count: number, failure: TokenFailure): void {
    this.tokenFailures.set(platform, { remaining: count, value: failure })
  }

  /** The failure this token call must answer with, if one is still due. */
  takeTokenFailure(platform: PlatformKey): TokenFailure | undefined {
    return take(this.tokenFailures, platform)
  }

  /** The next `count` ID tokens the platform issues have `flaw`; 0 clears it. */
  flawNextIdTokens(platform: PlatformKey, count: number, flaw: IdTokenFlaw): void {
    if (count === 0) this.idTokenFlaws.delete(platform)
    else this.idTokenFlaws.set(platform, { remaining: count, value: flaw })
  }

  /** The flaw this ID token must have, if one is still due. */
  takeIdTokenFlaw(platform: PlatformKey): IdTokenFlaw | undefined {
    return take(this.idTokenFlaws, platform)
  }

  /** After `afterCalls` more served API calls, the next `count` answer `status`. Replaces an earlier schedule. */
  failNextApiCalls(platform: PlatformKey, count: number, status: number, afterCalls = 0): void {
    this.schedule(this.apiFailures, platform, count, status, afterCalls)
  }

  /** After `afterCalls` more served API calls, the next `count` answer 429 with Retry-After. Replaces an earlier schedule. */
  rateLimitNextApiCalls(platform: PlatformKey, count: number, retryAfterSeconds: number, afterCalls = 0): void {
    this.schedule(this.rateLimits, platform, count, retryAfterSeconds, afterCalls)
  }

  /**
   * How this authenticated API call must be refused, if a scheduled failure or rate limit is due
   * now; the failure is taken first. Only the refusal answered is used up.
   */
  takeApiRefusal(platform: PlatformKey): ScheduledRefusal | undefined {
    const status = this.takeScheduled(this.apiFailures, platform)
    if (status !== undefined) return { kind: 'failure', status }
    const retryAfterSeconds = this.takeScheduled(this.rateLimits, platform)
    return retryAfterSeconds === undefined ? undefined : { kind: 'rate_limit', retryAfterSeconds }
  }

  /**
   * The platform's grants are to be revoked once it has served `afterCalls` more API calls.
   * Replaces an earlier schedule; 0 only clears it, as the admin then revokes them at once.
   */
  revokeGrantsAfterApiCalls(platform: PlatformKey, afterCalls: number): void {
    if (afterCalls === 0) this.revocations.delete(platform)
    else this.revocations.set(platform, this.apiCallCount(platform) + afterCalls)
  }

  /**
   * Counts one served API call; true when that call brings the platform's grants' revocation due
   * (the caller revokes them: the controls do not hold the grants).
   */
  recordServedApiCall(platform: PlatformKey): boolean {
    const served = this.apiCallCount(platform) + 1
    this.servedApiCalls.set(platform, served)
    const revokeAt = this.revocations.get(platform)
    if (revokeAt === undefined || served < revokeAt) return false
    this.revocations.delete(platform)
    return true
  }

  /** Authenticated API calls of the platform served so far (not refused by the admin's schedule). */
  apiCallCount(platform: PlatformKey): number {
    return this.servedApiCalls.get(platform) ?? 0
  }

  setDatasetSize(platform: PlatformKey, dataset: string, count: number): void {
    this.datasetSizes.set(`${platform}/${dataset}`, count)
  }

  /** Undefined: each grant's seed draws its business's currency again. */
  setBaseCurrency(platform: PlatformKey, currency: Currency | undefined): void {
    if (currency === undefined) this.baseCurrencies.delete(platform)
    else this.baseCurrencies.set(platform, currency)
  }

  /** The currency of every business on the platform, when the admin set one; else each grant's seed draws its own. */
  baseCurrency(platform: PlatformKey): Currency | undefined {
    return this.baseCurrencies.get(platform)
  }

  /** A dataset's record count: the admin's setting, else the platform's default, else the family's. */
  datasetSize(platform: PlatformDefinition, dataset: string): number {
    return this.datasetSizes.get(`${platform.key}/${dataset}`) ?? platform.datasets[dataset] ?? defaultSizeOf(platform.family, dataset) ?? 0
  }

  /** Deletes records (by index) of a dataset of the platform at `at`; a record deleted already keeps its first deletion. */
  deleteRecords(platform: PlatformKey, dataset: string, indices: readonly number[], at: number): void {
    const key = `${platform}/${dataset}`
    const deleted = this.deletions.get(key) ?? new Map<number, number>()
    for (const index of indices) if (!deleted.has(index)) deleted.set(index, at)
    this.deletions.set(key, deleted)
  }

  /** The records of a dataset deleted so far, index → when; empty when none was. */
  deletedRecords(platform: PlatformKey, dataset: string): ReadonlyMap<number, number> {
    return this.deletions.get(`${platform}/${dataset}`) ?? NO_RECORDS
  }

  /** Raises a sales invoice for contacts (by index) of a dataset of the platform at `at`; the first one raised counts. */
  raiseSalesInvoices(platform: PlatformKey, dataset: string, indices: readonly number[], at: number): void {
    const key = `${platform}/${dataset}`
    const invoiced = this.invoicedContacts.get(key) ?? new Map<number, number>()
    for (const index of indices) if (!invoiced.has(index)) invoiced.set(index, at)
    this.invoicedContacts.set(key, invoiced)
  }

  /** The contacts of a dataset a sales invoice was raised for, index → when; empty when none was. */
  salesInvoicedContacts(platform: PlatformKey, dataset: string): ReadonlyMap<number, number> {
    return this.invoicedContacts.get(`${platform}/${dataset}`) ?? NO_RECORDS
  }

  private schedule<T>(schedules: Map<PlatformKey, ApiCallSchedule<T>>, platform: PlatformKey, count: number, value: T, afterCalls: number): void {
    if (count === 0) schedules.delete(platform)
    else schedules.set(platform, { remaining: count, value, startsAt: this.apiCallCount(platform) + afterCalls })
  }

  private takeScheduled<T>(schedules: Map<PlatformKey, ApiCallSchedule<T>>, platform: PlatformKey): T | undefined {
    const schedule = schedules.get(platform)
    if (schedule === undefined || this.apiCallCount(platform) < schedule.startsAt) return undefined
    return take(schedules, platform)
  }
}

const NO_RECORDS: ReadonlyMap<number, number> = new Map()

function take<T>(countdowns: Map<PlatformKey, Countdown<T>>, platform: PlatformKey): T | undefined {
  const countdown = countdowns.get(platform)
  if (countdown === undefined || countdown.remaining <= 0) return undefined
  countdown.remaining -= 1
  if (countdown.remaining === 0) countdowns.delete(platform)
  return countdown.value
}
