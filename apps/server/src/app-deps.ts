/** @module What the app is built from. Everything with a side effect or a source of variation is passed in. */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Database } from '@linkway/db'
import type { PlatformClient } from '@linkway/oauth'
import type { PlatformCatalogue } from '@linkway/platform-data'
import type { SecretBox } from '@linkway/vault'
import type { Config } from './config.js'
import type { ScryptParameters } from './modules/portal-users/index.js'
import type { RateLimitStore } from './modules/rate-limits/index.js'

export interface Clock {
  now(): Date
}

export interface IdGenerator {
  uuid(): string
}

export interface RandomSource {
  bytes(size: number): Buffer
}

/**
 * Where workers and the process say what happened (the API logs through Fastify's request
 * logger). main.ts gives a pino logger with the API's redaction; tests give a silent one.
 */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }

export interface AppDeps {
  database: Database
  config: Pick<Config, 'publicUrl' | 'logLevel' | 'logFormat' | 'webhookOutboundPolicy' | 'rateLimits' | 'trustProxy'> & Partial<Pick<Config, 'fileUploads' | 'portal'>>
  clock: Clock
  ids: IdGenerator
  random: RandomSource
  /** Encrypts secrets at rest (webhook signing secrets, platform tokens). */
  secrets: SecretBox
  /** The platforms Linkway can link, with their URLs resolved for this install and the data sources a sync reads them with. */
  catalogue: PlatformCatalogue
  /** Linkway's own OAuth client at the sandbox platforms; undefined when they are switched off. */
  sandboxClient: PlatformClient | undefined
  /** Where the Link component's bundle is; default: packages/link-ui/dist-bundle/link.js. */
  linkBundlePath?: string
  /** Where the Portal's built pages are; default: packages/portal-ui/dist-bundle. */
  portalBundleDir?: string
  /** Where the rate limits count; default: the database. main.ts gives the Redis store when REDIS_URL is set. */
  rateLimitStore?: RateLimitStore
  /** Resolves a host name to addresses; injected so tests need no DNS. Default: the system resolver. */
  resolveHost?: (hostname: string) => Promise<string[]>
  /**
   * How Portal passwords are hashed; default scrypt at N=2^15 (about 100 ms a hash). Not a
   * setting: a process always hashes at full cost. Tests, which sign in hundreds of times, pass a
   * cheaper N; a hash stores its parameters, so verification follows whatever made it.
   */
  passwordHashing?: ScryptParameters
}

export const systemClock: Clock = { now: () => new Date() }
export const systemIds: IdGenerator = { uuid: () => randomUUID() }
export const systemRandom: RandomSource = { bytes: (size) => randomBytes(size) }
