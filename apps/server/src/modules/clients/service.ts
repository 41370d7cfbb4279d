/**
 * @module Clients: the businesses that run Linkway. There is no public endpoint for them yet;
 * the first one is created at first start, and tests create as many as they need. A client is
 * created with its first API key, which the api-keys module issues in the same transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Tables } from '@linkway/db'
import type { Clock, IdGenerator, RandomSource } from '../../app-deps.js'
import { generateApiKey, type ApiKeysService } from '../api-keys/index.js'
import * as repo from './repo.js'

export interface ClientsServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  random: RandomSource
  apiKeys: Pick<ApiKeysService, 'issueFirstKey' | 'isLive'>
}

export interface NewClient {
  clientId: string
  apiKeyId: string
  /** The raw key: returned once, to whoever created the client. */
  apiKey: string
}

/** Names the advisory lock that makes first-client creation happen once across processes. */
const FIRST_CLIENT_LOCK = 7_346_261

export function createClientsService({ db, clock, ids, random, apiKeys }: ClientsServiceDeps) {
  async function insertClientWithKey(trx: Transaction<Tables>, name: string, rawKey: string): Promise<NewClient> {
    const clientId = ids.uuid()
    await repo.insertClient(trx, { id: clientId, name, created_at: clock.now() })
    const { apiKeyId } = await apiKeys.issueFirstKey(trx, clientId, rawKey)
    return { clientId, apiKeyId, apiKey: rawKey }
  }

  return {
    async createClient(name: string, rawKey: string = generateApiKey(random)): Promise<NewClient> {
      return await db.transaction().execute((trx) => insertClientWithKey(trx, name, rawKey))
    },

    /**
     * On a new database, creates the first client and its key (the given one, if the operator set
     * LINKWAY_API_KEY). Returns undefined when a client already exists. The advisory lock keeps two
     * processes starting together from creating two first clients.
     */
    async ensureFirstClient(initialApiKey: string | undefined): Promise<NewClient | undefined> {
      return await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${FIRST_CLIENT_LOCK})`.execute(trx)
        if (await repo.hasAnyClient(trx)) return undefined
        return await insertClientWithKey(trx, 'Default client', initialApiKey ?? generateApiKey(random))
      })
    },

    /** Whether this raw key is still a live key (the start banner shows a remembered key only if so). */
    async isLiveApiKey(rawKey: string): Promise<boolean> {
      return await apiKeys.isLive(rawKey)
    },

    /** The first client created (at first start), or undefined on an empty database. */
    async firstClientId(): Promise<string | undefined> {
      return await repo.findFirstClientId(db)
    },

    /** The client's name, or undefined when there is no such client. */
    async nameOf(clientId: string): Promise<string | undefined> {
      return await repo.findClientName(db, clientId)
    },
  }
}

export type ClientsService = ReturnType<typeof createClientsService>
