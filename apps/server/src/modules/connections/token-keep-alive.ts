/**
 * @module The keep-alive sweep: refreshes Linked connections' tokens before they expire, so a
 * connection nobody reads for a while is still linked when someone does, and a grant the person
 * revoked at the platform is noticed (the refresh answers invalid_grant: Deauthorized).
 */
import type { Database } from '@linkway/db'
import { PlatformAuthError } from '@linkway/oauth'
import type { Clock } from '../../app-deps.js'
import * as repo from './repo.js'
import type { TokenVault } from './token-vault.js'

/** Look this far ahead: a token expiring within it is refreshed by this sweep. */
export const KEEP_ALIVE_HORIZON_MS = 5 * 60_000
const SWEEP_BATCH = 100

export interface KeepAliveResult {
  refreshed: number
  deauthorized: number
  failed: number
}

export async function refreshExpiringTokens(deps: { database: Database; clock: Clock; vault: TokenVault }): Promise<KeepAliveResult> {
  const result: KeepAliveResult = { refreshed: 0, deauthorized: 0, failed: 0 }
  const due = await repo.listTokensExpiringBefore(deps.database.db, new Date(deps.clock.now().getTime() + KEEP_ALIVE_HORIZON_MS), SWEEP_BATCH)
  for (const connectionId of due) {
    try {
      await deps.vault.refreshIfDue(connectionId, KEEP_ALIVE_HORIZON_MS)
      result.refreshed += 1
    } catch (error) {
      if (error instanceof PlatformAuthError && error.code === 'invalid_grant') result.deauthorized += 1
      else result.failed += 1
    }
  }
  return result
}
