/** @module What the sandbox's routes are built from: its stores and its sources of time and randomness. */
import type { PlatformControls } from './platform-controls.js'
import type { RandomBytes } from './secret-values.js'
import type { Clock, TokenStore } from './token-store.js'

export interface SandboxDeps {
  store: TokenStore
  controls: PlatformControls
  clock: Clock
  random: RandomBytes
  accessTokenTtlSeconds: number
  codeTtlSeconds: number
  /** A consent page's request: a person reads before deciding, so longer than a code. */
  consentTtlSeconds: number
  /** Where a browser reaches this origin, without a trailing slash. A function: with port 0 it is known only once listening. */
  publicUrl(): string
}
