/** @module API keys: authenticate a request, and let a client list, create and delete its keys. */
import { API_KEYS_MAX, type ApiKeyDetails, type CreateApiKey } from '@linkway/contracts'
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '@linkway/db'
import type { Clock, IdGenerator, RandomSource } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import { apiKeyCandidates, apiKeyHint, generateApiKey, hashApiKey, maskedApiKey } from './key-material.js'
import { KeyLookupCache } from './key-lookup-cache.js'
import * as repo from './repo.js'

/** A deleted key stops working at once on the process that deleted it, and within this on the others. */
export const KEY_LOOKUP_TTL_MS = 5_000

export interface AuthenticatedClient {
  clientId: string
  apiKeyId: string
}

export interface ApiKeysServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  random: RandomSource
}

function toWire(row: repo.ApiKeyRow, rawKey?: string): ApiKeyDetails {
  return {
    id: row.id,
    name: row.name,
    apiKey: rawKey ?? maskedApiKey(row.key_hint),
    createdDate: row.created_at.toISOString(),
  }
}

export function createApiKeysService({ db, clock, ids, random }: ApiKeysServiceDeps) {
  const recentLookups = new KeyLookupCache({ clock, ttlMs: KEY_LOOKUP_TTL_MS, maxEntries: 10_000 })

  return {
    /** A SHA-256 and, unless the key was seen in the last few seconds, one indexed lookup. */
    async authenticate(authorizationHeader: string | undefined): Promise<AuthenticatedClient> {
      if (!authorizationHeader) {
        throw new AppError('unauthorized', { reason: 'send the header Authorization: Basic <base64 of your API key>.' })
      }
      // Hashed one at a time: the first candidate is the usual key, and a remembered one ends the search.
      const hashes: Buffer[] = []
      for (const candidate of apiKeyCandidates(authorizationHeader)) {
        const hash = hashApiKey(candidate)
        const cached = recentLookups.get(hash)
        if (cached) return cached
        hashes.push(hash)
      }
      const found = await repo.findKeyByHashes(db, hashes)
      if (!found) throw new AppError('unauthorized', { reason: 'the API key is not valid.' })
      const client = { clientId: found.client_id, apiKeyId: found.id }
      const matchingHash = hashes.find((hash) => hash.equals(found.key_hash))
      if (matchingHash) recentLookups.set(matchingHash, client)
      return client
    },

    async list(client: AuthenticatedClient): Promise<{ results: ApiKeyDetails[] }> {
      const rows = await repo.listKeys(db, client.clientId)
      return { results: rows.map((row) => toWire(row)) }
    },

    /** The raw key is in this response and nowhere else, ever. */
    async create(client: AuthenticatedClient, body: CreateApiKey): Promise<ApiKeyDetails> {
      const rawKey = generateApiKey(random)
      const row = await db.transaction().execute(async (trx) => {
        await repo.lockClientKeys(trx, client.clientId)
        if ((await repo.countKeys(trx, client.clientId)) >= API_KEYS_MAX) {
          throw new AppError('api_key_limit_reached', { max: API_KEYS_MAX })
        }
        return await repo.insertKey(trx, {
          id: ids.uuid(),
          clientId: client.clientId,
          name: body.name ?? null,
          hash: hashApiKey(rawKey),
          hint: apiKeyHint(rawKey),
          createdAt: clock.now(),
        })
      })
      return toWire(row, rawKey)
    },

    /** A new client's first key, in the transaction that creates the client. */
    async issueFirstKey(trx: Transaction<Tables>, clientId: string, rawKey: string): Promise<{ apiKeyId: string }> {
      const row = await repo.insertKey(trx, { id: ids.uuid(), clientId, name: 'Default', hash: hashApiKey(rawKey), hint: apiKeyHint(rawKey), createdAt: clock.now() })
      return { apiKeyId: row.id }
    },

    /** Whether this raw key is still a live key (the start banner shows a remembered key only if so). */
    async isLive(rawKey: string): Promise<boolean> {
      return (await repo.findKeyByHashes(db, [hashApiKey(rawKey)])) !== undefined
    },

    async remove(client: AuthenticatedClient, apiKeyId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await repo.lockClientKeys(trx, client.clientId)
        const keys = await repo.listKeys(trx, client.clientId)
        if (!keys.some((key) => key.id === apiKeyId)) throw new AppError('api_key_not_found', { apiKeyId })
        if (keys.length === 1) throw new AppError('api_key_last')
        await repo.deleteKey(trx, client.clientId, apiKeyId)
      })
      recentLookups.forgetKey(apiKeyId)
    },
  }
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>
