/**
 * @module `connection.revoke`: after a connection is unlinked or deleted, its tokens are revoked at
 * the platform (RFC 7009). Queued in the transaction that dropped them, so a rollback sends nothing
 * and a crash loses nothing; pg-boss retries a platform that is down.
 */
import type { Catalogue } from '@linkway/connectors'
import type { JobQueue } from '@linkway/db'
import { PlatformAuthError, revokeToken } from '@linkway/oauth'
import type { SecretBox } from '@linkway/vault'
import type { Clock } from '../../app-deps.js'
import type { PlatformClientSource } from './token-vault.js'
import { tokenContext } from './token-vault.js'

export const REVOKE_TOKENS_JOB = 'connection.revoke'

export interface RevokeTokensJob {
  connectionId: string
  clientId: string
  platformKey: string
  connectionParameters: Record<string, string>
  /** What the platform's revoke call needs besides the token (Stripe's account id), from connectionInfo. */
  values: Record<string, string>
  /** The token set exactly as it was stored: sealed, bound to the connection id. */
  sealedTokens: string
}

export interface RevokeTokensDeps {
  queue: JobQueue
  catalogue: Catalogue
  secrets: SecretBox
  credentials: PlatformClientSource
  clock: Clock
  log?: (message: string) => void
}

export async function revokeTokensOf(job: RevokeTokensJob, deps: Omit<RevokeTokensDeps, 'queue'>): Promise<'revoked' | 'skipped'> {
  const connector = deps.catalogue.get(job.platformKey)
  if (!connector || connector.auth.kind !== 'oauth2' || !connector.auth.revokeUrl) return 'skipped'
  const client = await deps.credentials.platformClient(job.clientId, job.platformKey)
  // Credentials removed since: nothing can authenticate the revocation; the grant ends at the platform's own expiry.
  if (!client) return 'skipped'
  const tokens = JSON.parse(deps.secrets.open(Buffer.from(job.sealedTokens, 'base64'), tokenContext(job.connectionId))) as { accessToken: string; refreshToken?: string }
  // Revoking the refresh token ends the whole grant at RFC 7009 servers; the access token alone may not.
  const token = tokens.refreshToken ? { value: tokens.refreshToken, hint: 'refresh_token' as const } : { value: tokens.accessToken, hint: 'access_token' as const }
  try {
    await revokeToken(connector.auth, client, token, { connectionParameters: job.connectionParameters, values: job.values, now: deps.clock.now() })
  } catch (error) {
    // A grant the platform no longer knows is as revoked as it gets.
    if (error instanceof PlatformAuthError && error.code === 'invalid_grant') return 'revoked'
    throw error
  }
  return 'revoked'
}

export async function startRevokeTokensWorker(deps: RevokeTokensDeps): Promise<void> {
  await deps.queue.work<RevokeTokensJob>(REVOKE_TOKENS_JOB, { batchSize: 5 }, async (jobs) => {
    for (const job of jobs) await revokeTokensOf(job.data, deps)
  })
}
