/**
 * @module The knobs tests turn: failures injected into token calls, rate limits on API calls,
 * and dataset sizes. Kept in memory only: they describe a test, not the platform's data.
 */
import { defaultSizeOf } from './datasets/index.js'
import type { PlatformDefinition, PlatformKey } from './platform-definition.js'

export interface TokenFailure {
  /** The HTTP status answered; 503 unless given. */
  status: number
  /** The OAuth `error` code answered; `temporarily_unavailable` unless given. */
  error: string
  /** Sent as `Retry-After`; a 429 always carries one (1 second unless given). */
  retryAfterSeconds?: number
}

interface Countdown<T> {
  remaining: number
  value: T
}

export class PlatformControls {
  private readonly tokenFailures = new Map<PlatformKey, Countdown<TokenFailure>>()
  private readonly rateLimits = new Map<PlatformKey, Countdown<number>>()
  private readonly datasetSizes = new Map<string, number>()

  failNextTokenCalls(platform: PlatformKey, count: number, failure: TokenFailure): void {
    this.tokenFailures.set(platform, { remaining: count, value: failure })
  }

  /** The failure this token call must answer with, if one is still due. */
  takeTokenFailure(platform: PlatformKey): TokenFailure | undefined {
    return take(this.tokenFailures, platform)
  }

  rateLimitNextApiCalls(platform: PlatformKey, count: number, retryAfterSeconds: number): void {
    this.rateLimits.set(platform, { remaining: count, value: retryAfterSeconds })
  }

  /** The Retry-After seconds this API call must be refused with, if a rate limit is still due. */
  takeRateLimit(platform: PlatformKey): number | undefined {
    return take(this.rateLimits, platform)
  }

  setDatasetSize(platform: PlatformKey, dataset: string, count: number): void {
    this.datasetSizes.set(`${platform}/${dataset}`, count)
  }

  /** A dataset's record count: the admin's setting, else the platform's default, else the family's. */
  datasetSize(platform: PlatformDefinition, dataset: string): number {
    return this.datasetSizes.get(`${platform.key}/${dataset}`) ?? platform.datasets[dataset] ?? defaultSizeOf(platform.family, dataset) ?? 0
  }
}

function take<T>(countdowns: Map<PlatformKey, Countdown<T>>, platform: PlatformKey): T | undefined {
  const countdown = countdowns.get(platform)
  if (countdown === undefined || countdown.remaining <= 0) return undefined
  countdown.remaining -= 1
  if (countdown.remaining === 0) countdowns.delete(platform)
  return countdown.value
}
