/**
 * @module Our server as it runs in production: buildApp on a real, migrated database, one client
 * with an API key, the logger off, listening on 127.0.0.1. The companies for the GET and list
 * scenarios, and the connections for GET connection, are seeded in bulk through Kysely, not
 * through the API.
 */
import { randomBytes } from 'node:crypto'
import { createSecretBox, type SecretBox } from '@linkway/vault'
import type { Database } from '@linkway/db'
import type { PlatformClient } from '@linkway/oauth'
import { createPlatformCatalogue, type PlatformCatalogue } from '@linkway/platform-data'
import type { FastifyInstance } from 'fastify'
import { systemClock, systemIds, systemRandom } from '../apps/server/src/app-deps.js'
import { buildApp } from '../apps/server/src/app.js'
import type { AppDeps } from '../apps/server/src/app-deps.js'
import type { Config } from '../apps/server/src/config.js'
import { createApiKeysService } from '../apps/server/src/modules/api-keys/index.js'
import { createClientsService } from '../apps/server/src/modules/clients/index.js'

export const BENCH_PUBLIC_URL = 'http://localhost:8080'

export interface OurServer {
  url: string
  /** PUBLIC_URL: BENCH_PUBLIC_URL, or `url` itself with `listenPort`. */
  publicUrl: string
  /** `Authorization: Basic <base64(key)>` for the bench client. */
  authorization: string
  clientId: string
  app: FastifyInstance
  close(): Promise<void>
}

export interface OurServerOptions {
  /** `createPlatformCatalogue({})` (no sandboxes) unless given. */
  catalogue?: PlatformCatalogue
  /** Linkway's client at the sandbox platforms; none (sandboxes off) unless given. */
  sandboxClient?: PlatformClient
  /**
   * Listen on this 127.0.0.1 port with PUBLIC_URL `http://127.0.0.1:<port>`, so the Link flow's
   * redirects (the Link URL, the platform's callback) come back to this server; for a port known
   * before the app is built, see `freeLoopbackPort` (apps/server/src/testing/test-app.ts).
   * Otherwise a random port, and PUBLIC_URL BENCH_PUBLIC_URL.
   */
  listenPort?: number
  /** Called once the app is built, before it listens: for a bench's own hooks. */
  beforeListen?: (app: FastifyInstance) => void
  /** The token encryption keys; a random key unless given (a worker in another process needs the same). */
  secrets?: SecretBox
  /** Default BENCH_RATE_LIMITS. */
  rateLimits?: Config['rateLimits']
  /** Where the rate limits count; default the database. */
  rateLimitStore?: AppDeps['rateLimitStore']
}

/**
 * The limiter on, as in production, counting every request, but with a quota the load generator
 * never reaches; the per-address limits off, since one load generator is one address sending far
 * more than a person would (bench/rate-limits.ts measures what counting costs).
 */
export const BENCH_RATE_LIMITS: Config['rateLimits'] = {
  clientPerDay: 1_000_000_000,
  clientPerLinkedCompanyPerDay: 0,
  authFailuresPerMinute: 0,
  linkPerMinute: 0,
  invitesPerMinute: 0,
  loginFailuresPerAccount: 0,
}

/** Builds and starts the app on an open, migrated database. Closing the server leaves the database open. */
export async function startOurServer(database: Database, options: OurServerOptions = {}): Promise<OurServer> {
  const clients = createClientsService({ db: database.db, clock: systemClock, ids: systemIds, random: systemRandom, apiKeys: createApiKeysService({ db: database.db, clock: systemClock, ids: systemIds, random: systemRandom }) })
  const client = await clients.createClient('Bench client')
  const port = options.listenPort ?? 0
  const publicUrl = options.listenPort !== undefined ? `http://127.0.0.1:${options.listenPort}` : BENCH_PUBLIC_URL
  const app = await buildApp({
    database,
    clock: systemClock,
    ids: systemIds,
    random: systemRandom,
    secrets: options.secrets ?? createSecretBox([{ id: 'bench', key: randomBytes(32) }]),
    catalogue: options.catalogue ?? createPlatformCatalogue({}),
    sandboxClient: options.sandboxClient,
    ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
    config: { publicUrl, logLevel: 'silent', logFormat: 'json', webhookOutboundPolicy: { allowLoopback: true, allowPrivate: false }, rateLimits: options.rateLimits ?? BENCH_RATE_LIMITS, trustProxy: [] },
  })
  options.beforeListen?.(app)
  const url = await app.listen({ host: '127.0.0.1', port })
  let closing: Promise<void> | undefined
  return {
    url,
    publicUrl,
    authorization: `Basic ${Buffer.from(client.apiKey).toString('base64')}`,
    clientId: client.clientId,
    app,
    close: () => (closing ??= app.close()),
  }
}

const PREFIXES = ['Acme', 'Toft', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Wonka', 'Soylent']
const NOUNS = ['Stores', 'Trading', 'Holdings', 'Bakery', 'Logistics', 'Partners', 'Foods', 'Works', 'Supplies', 'Studio']
const REGIONS = ['uk', 'us', 'de', 'fr', 'ie']
const TEAMS = ['invoice-finance', 'cards', 'lending', 'payments']
const TIERS = ['gold', 'silver', 'bronze']

/** A small deterministic PRNG (mulberry32), so every run seeds the same data. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Inserts `count` companies for one client in multi-row INSERTs: names like "Acme Trading 42"
 * (one in ten starts with Acme), a region tag on every company, team and tier tags on some, a
 * description on some, creation times spread over the last year. Returns the ids.
 */
export async function seedCompanies(database: Database, clientId: string, count: number): Promise<string[]> {
  const random = prng(20261122)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const start = Date.now() - 365 * 24 * 3600 * 1000
  const step = Math.floor((365 * 24 * 3600 * 1000) / count)
  const ids: string[] = []
  const chunkSize = 1000
  for (let offset = 0; offset < count; offset += chunkSize) {
    const rows = []
    for (let i = offset; i < Math.min(count, offset + chunkSize); i++) {
      const id = systemIds.uuid()
      ids.push(id)
      const tags: Record<string, string> = { region: pick(REGIONS), uid: `cust-${String(i).padStart(5, '0')}` }
      if (random() < 0.5) tags.team = pick(TEAMS)
      if (random() < 0.3) tags.tier = pick(TIERS)
      rows.push({
        id,
        client_id: clientId,
        name: `${pick(PREFIXES)} ${pick(NOUNS)} ${i}`,
        description: random() < 0.4 ? `Customer ${i}, ${pick(['retail', 'wholesale', 'online', 'services'])}` : null,
        tags: JSON.stringify(tags),
        created_at: new Date(start + i * step),
      })
    }
    await database.db.insertInto('companies').values(rows).execute()
  }
  return ids
}

/**
 * Inserts one PendingAuth connection of this platform per company, in multi-row INSERTs, with
 * creation times a second apart (as if created through the API); returns their ids, in the
 * companies' order.
 */
export async function seedConnections(database: Database, clientId: string, companyIds: readonly string[], platform: { key: string; sourceType: string }): Promise<string[]> {
  const ids: string[] = []
  const start = Date.now() - companyIds.length * 1000
  const chunkSize = 1000
  for (let offset = 0; offset < companyIds.length; offset += chunkSize) {
    const rows = companyIds.slice(offset, offset + chunkSize).map((companyId, i) => {
      const id = systemIds.uuid()
      ids.push(id)
      return {
        id,
        client_id: clientId,
        company_id: companyId,
        platform_key: platform.key,
        source_type: platform.sourceType,
        status: 'PendingAuth' as const,
        created_at: new Date(start + (offset + i) * 1000),
      }
    })
    await database.db.insertInto('connections').values(rows).execute()
  }
  return ids
}
