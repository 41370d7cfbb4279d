/** @module What the app is built from. Everything with a side effect or a source of variation is passed in. */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Database } from '@linkway/db'
import type { Config } from './config.js'

export interface Clock {
  now(): Date
}

export interface IdGenerator {
  uuid(): string
}

export interface RandomSource {
  bytes(size: number): Buffer
}

export interface AppDeps {
  database: Database
  config: Pick<Config, 'publicUrl' | 'logLevel'>
  clock: Clock
  ids: IdGenerator
  random: RandomSource
}

export const systemClock: Clock = { now: () => new Date() }
export const systemIds: IdGenerator = { uuid: () => randomUUID() }
export const systemRandom: RandomSource = { bytes: (size) => randomBytes(size) }
