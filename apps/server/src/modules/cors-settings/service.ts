/**
 * @module CORS settings per client (reference §10.3): the origins whose pages may call the Link API
 * from the browser, for embedded Link. Asked on every cross-origin Link API call, so each process
 * keeps a client's list for a few seconds. docs/embedded-link.md.
 */
import { ALLOWED_ORIGINS_MAX, type AllowedOrigins } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { Kysely } from 'kysely'
import type { Clock } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import { normaliseOrigin } from './allowed-origin.js'
import * as repo from './repo.js'

/** How long a process trusts its cached list of a client (another process may change it). */
export const ALLOWED_ORIGINS_CACHE_MS = 5_000
const CACHE_MAX_CLIENTS = 10_000

export function createCorsSettingsService({ db, clock }: { db: Kysely<Tables>; clock: Clock }) {
  const cache = new Map<string, { origins: readonly string[]; expiresAt: number }>()

  /** The entries normalised, duplicates collapsed (first place kept); the first bad one refused by name. */
  function normaliseAll(entries: readonly string[]): string[] {
    const origins = new Set<string>()
    for (const [index, entry] of entries.entries()) {
      const result = normaliseOrigin(entry)
      if ('reason' in result) {
        const itemId = `allowedOrigins.${index}`
        throw new AppError('allowed_origin_invalid', { origin: entry, reason: result.reason }, [{ itemId, message: result.reason, validatorName: 'origin' }])
      }
      origins.add(result.origin)
    }
    if (origins.size > ALLOWED_ORIGINS_MAX) {
      const message = `at most ${ALLOWED_ORIGINS_MAX} origins (${origins.size} given)`
      throw new AppError('validation_failed', { summary: `The request is invalid: allowedOrigins: ${message}` }, [{ itemId: 'allowedOrigins', message, validatorName: 'max' }])
    }
    return [...origins]
  }

  return {
    /** The client's list as stored (normalised): the hot lookup of every cross-origin Link API call. */
    async allowedOrigins(clientId: string): Promise<readonly string[]> {
      const now = clock.now().getTime()
      const cached = cache.get(clientId)
      if (cached && cached.expiresAt > now) return cached.origins
      const origins = (await repo.findAllowedOrigins(db, clientId)) ?? []
      if (cache.size >= CACHE_MAX_CLIENTS) cache.clear()
      cache.set(clientId, { origins, expiresAt: now + ALLOWED_ORIGINS_CACHE_MS })
      return origins
    },

    /** Whether a browser's `Origin` header names one of the client's origins (compared as the browser wrote it: already normalised). */
    async isAllowed(clientId: string, origin: string): Promise<boolean> {
      return (await this.allowedOrigins(clientId)).includes(origin)
    },

    async get(client: AuthenticatedClient): Promise<AllowedOrigins> {
      return { allowedOrigins: [...(await this.allowedOrigins(client.clientId))] }
    },

    /** Replaces the list; answers it as saved. */
    async replace(client: AuthenticatedClient, entries: readonly string[]): Promise<AllowedOrigins> {
      const origins = normaliseAll(entries)
      await repo.upsertAllowedOrigins(db, client.clientId, origins, clock.now())
      cache.delete(client.clientId)
      return { allowedOrigins: origins }
    },
  }
}

export type CorsSettingsService = ReturnType<typeof createCorsSettingsService>
