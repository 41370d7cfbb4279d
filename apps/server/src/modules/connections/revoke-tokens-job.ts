/**
 * @module `connection.revoke`: after a connection is unlinked or deleted, its tokens are revoked at
 * the platform (RFC 7009). Queued in the transaction that dropped them, so a rollback sends nothing
 * and a crash loses nothing; pg-boss retries a platform that is down.
 */
import type { Catalogue } from '@linkway/connectors'
import { defineJob, type Database } from '@linkway/db'
import { PlatformAuthError, revokeToken } from '@linkway/oauth'
import type { SecretBox } from '@linkway/vault'
import { z } from 'zod'
import type { Clock } from '../../app-deps.js'
import * as repo from './repo.js'
import type { PlatformClientSource } from './token-vault.js'
import { tokenContext } from './token-vault.js'

export const RevokeTokensPayload = z.object({
  connectionId: z.uuid(),
  clientId: z.uuid(),
  platformKey: z.string().min(1),
  connectionParameters: z.record(z.string(), z.string()),
  /** What the platform's revoke call needs besides the token (Stripe's account id), from connectionInfo. */
  values: z.record(z.string(), z.string()),
  /** The token set exactly as it was stored: sealed, bound to the connection id. The job table never holds a readable token. */
  sealedTokens: z.string().min(1),
})
export type RevokeTokensJob = z.infer<typeof RevokeTokensPayload>

/** Five tries over about 15 minutes (30 s doubling): a platform's outage is waited out, a dead endpoint is not retried forever. */
export const revokeTokensJob = defineJob({ name: 'connection.revoke', payload: RevokeTokensPayload, options: { retryLimit: 5, retryDelay: 30, retryBackoff: true } })

export interface RevokeTokensDeps {
  database: Database
  catalogue: Catalogue
  secrets: SecretBox
  credentials: PlatformClientSource
  clock: Clock
}

/**
 * The `connection.revoke` handler: `revoked` when the platform was asked to revoke, `skipped` when the platform has
 * no revocation or the credentials are gone, `not_revoked` when no call the platform takes could be made (e.g. Square
 * with neither the seller's id nor an access token): the grant then ends at the platform's own expiry, if ever.
 */
export async function revokeTokensOf(job: RevokeTokensJob, deps: RevokeTokensDeps): Promise<'revoked' | 'skipped' | 'not_revoked'> {
  const connector = deps.catalogue.get(job.platformKey)
  if (!connector || connector.auth.kind !== 'oauth2' || !connector.auth.revokeUrl) return 'skipped'
  const client = await deps.credentials.platformClient(job.clientId, job.platformKey)
  // Credentials removed since: nothing can authenticate the revocation; the grant ends at the platform's own expiry.
  if (!client) return 'skipped'
  const tokens = JSON.parse(deps.secrets.open(Buffer.from(job.sealedTokens, 'base64'), tokenContext(job.connectionId))) as { accessToken: string; refreshToken?: string }
  // Asked when the job runs, not when it was queued: a connection to the same account linked in between counts too.
  // Square's revocation by seller would end that connection's tokens with this one's.
  const isAccountShared = Object.keys(job.values).length > 0 && (await repo.hasOtherLinkedConnectionTo(deps.database.db, { clientId: job.clientId, platformKey: job.platformKey, connectionId: job.connectionId, values: job.values }))
  const context = { connectionParameters: job.connectionParameters, values: job.values, isAccountShared, now: deps.clock.now() }
  // Revoking the refresh token ends the whole grant at RFC 7009 servers; the access token alone may not. A platform
  // that takes no refresh token (Square without the seller's id, or with the account shared) is given the access token.
  const candidates = [...(tokens.refreshToken ? [{ value: tokens.refreshToken, hint: 'refresh_token' as const }] : []), { value: tokens.accessToken, hint: 'access_token' as const }]
  try {
    for (const token of candidates) if (await revokeToken(connector.auth, client, token, context)) return 'revoked'
  } catch (error) {
    // A grant the platform no longer knows is as revoked as it gets.
    if (error instanceof PlatformAuthError && error.code === 'invalid_grant') return 'revoked'
    throw error
  }
  return 'not_revoked'
}
