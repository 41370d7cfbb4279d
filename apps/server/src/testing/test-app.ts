/**
 * @module An app on a fresh test database, with as many clients as a test wants. Tests call
 * `app.inject` (no socket), or `listen()` when a real HTTP client (the SDK contract tests) needs one.
 */
import type { Backend, Database } from '@linkway/db'
import { createTestDatabase, FakeClock } from '@linkway/test-kit'
import type { FastifyInstance } from 'fastify'
import { createSecretBox } from '@linkway/vault'
import { systemIds, systemRandom } from '../app-deps.js'
import { buildApp } from '../app.js'
import { createClientsService, type NewClient } from '../modules/clients/index.js'

export const TEST_PUBLIC_URL = 'http://linkway.test'
export const TEST_SECRETS = createSecretBox([{ id: 'test', key: Buffer.alloc(32, 7) }])

export interface TestClient extends NewClient {
  /** Ready-made headers: `Authorization: Basic <base64(key)>`. */
  headers: { authorization: string }
}

export interface TestApp {
  app: FastifyInstance
  database: Database
  secrets: typeof TEST_SECRETS
  clock: FakeClock
  createClient(name?: string): Promise<TestClient>
  close(): Promise<void>
}

export function basicAuthorization(apiKey: string): string {
  return `Basic ${Buffer.from(apiKey).toString('base64')}`
}

export async function createTestApp(backend: Backend, options: { startQueue?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase(backend, { startQueue: options.startQueue ?? false })
  const clock = new FakeClock('2026-01-01T00:00:00.000Z')
  const deps = {
    database,
    clock,
    ids: systemIds,
    random: systemRandom,
    secrets: TEST_SECRETS,
    config: { publicUrl: TEST_PUBLIC_URL, logLevel: 'silent' as const, webhookOutboundPolicy: { allowLoopback: true, allowPrivate: false } },
  }
  const app = await buildApp(deps)
  await app.ready()
  const clients = createClientsService({ db: database.db, clock, ids: systemIds, random: systemRandom })
  let count = 0
  return {
    app,
    database,
    secrets: TEST_SECRETS,
    clock,
    async createClient(name = `client ${++count}`) {
      const client = await clients.createClient(name)
      return { ...client, headers: { authorization: basicAuthorization(client.apiKey) } }
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
}
