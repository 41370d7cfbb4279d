/**
 * @module A short-lived, bounded memory of which key hash belongs to which client. Authenticating
 * is one indexed query, but on the hottest endpoints that query was half the database work of a
 * request. A key deleted here is forgotten at once; another process forgets it within the TTL.
 */
import type { Clock } from '../../app-deps.js'

export interface CachedKey {
  clientId: string
  apiKeyId: string
}

export interface KeyLookupCacheOptions {
  clock: Clock
  /** How long a lookup is trusted; also the longest a key deleted on another process keeps working. */
  ttlMs: number
  maxEntries: number
}

export class KeyLookupCache {
  readonly #entries = new Map<string, CachedKey & { expiresAt: number }>()

  constructor(private readonly options: KeyLookupCacheOptions) {}

  get(hash: Buffer): CachedKey | undefined {
    const key = hash.toString('hex')
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= this.options.clock.now().getTime()) {
      this.#entries.delete(key)
      return undefined
    }
    return { clientId: entry.clientId, apiKeyId: entry.apiKeyId }
  }

  set(hash: Buffer, value: CachedKey): void {
    // Maps iterate in insertion order: dropping the first entry drops the oldest.
    if (this.#entries.size >= this.options.maxEntries) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    this.#entries.set(hash.toString('hex'), { ...value, expiresAt: this.options.clock.now().getTime() + this.options.ttlMs })
  }

  forgetKey(apiKeyId: string): void {
    for (const [key, entry] of this.#entries) if (entry.apiKeyId === apiKeyId) this.#entries.delete(key)
  }
}
