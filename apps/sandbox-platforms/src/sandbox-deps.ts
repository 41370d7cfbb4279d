/** @module What the sandbox's routes are built from: its stores and its sources of time and randomness. */
import type { IdTokenSigner } from './id-tokens.js'
import type { PlatformControls } from './platform-controls.js'
import type { RandomBytes } from './secret-values.js'
import type { Clock, TokenStore } from './token-store.js'

export interface SandboxDeps {
  store: TokenStore
  controls: PlatformControls
  /** The data clock: generated books are dated by it (tests pin it to a fixed day). */
  clock: Clock
  /**
   * The authorization server's clock: consent requests, codes, access and ID tokens are dated and expire by it.
   * Kept apart from the data clock because a relying party checks an ID token's iat and exp against its own time,
   * which a test's pinned data day is not. The data clock unless the sandbox was given one.
   */
  tokenClock: Clock
  idTokens: IdTokenSigner
  random: RandomBytes
  accessTokenTtlSeconds: number
  codeTtlSeconds: number
  /** A consent page's request: a person reads before deciding, so longer than a code. */
  consentTtlSeconds: number
  /** Where a browser reaches this origin, without a trailing slash. A function: with port 0 it is known only once listening. */
  publicUrl(): string
}
