/**
 * @module A client's OAuth credentials at each platform: set, read (never the secret back), remove.
 * The secret is sealed at rest and opened in one place, `platformClient`, for a token request.
 * The sandboxes use Linkway's own built-in client.
 */
import type { PlatformCredentials, PlatformCredentialsRequest, PlatformCredentialsUpdate } from '@linkway/contracts'
import type { Catalogue, Connector } from '@linkway/connectors'
import type { Tables } from '@linkway/db'
import type { PlatformClient } from '@linkway/oauth'
import type { SecretBox } from '@linkway/vault'
import type { Kysely } from 'kysely'
import type { Clock } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import * as repo from './repo.js'

export interface CredentialsServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  secrets: SecretBox
  catalogue: Catalogue
  /** Linkway's client at the sandbox platforms; undefined when they are switched off. */
  sandboxClient: PlatformClient | undefined
  /** Where platforms send the person back: `{publicUrl}/link/oauth/callback`. */
  redirectUri: string
  /** Called after a change, so cached integration lists of this client are dropped. */
  onChange(clientId: string): void
}

function secretContext(clientId: string, platformKey: string): string {
  return `platform_credentials:${clientId}:${platformKey}`
}

export function createCredentialsService(deps: CredentialsServiceDeps) {
  const { db, clock, secrets, catalogue } = deps

  function requireConfigurable(platformKey: string): Connector {
    const connector = catalogue.get(platformKey)
    if (!connector) throw new AppError('integration_not_found', { platformKey })
    if (connector.isSandbox) throw new AppError('platform_credentials_not_needed', { platformKey })
    return connector
  }

  function toWire(row: repo.CredentialsRow): PlatformCredentials {
    return {
      platformKey: row.platform_key,
      clientId: row.oauth_client_id,
      hasClientSecret: true,
      enabled: row.is_enabled,
      redirectUri: deps.redirectUri,
      updated: row.updated_at.toISOString(),
    }
  }

  return {
    async get(client: AuthenticatedClient, platformKey: string): Promise<PlatformCredentials> {
      requireConfigurable(platformKey)
      const row = await repo.findCredentials(db, client.clientId, platformKey)
      if (!row) throw new AppError('platform_credentials_not_found', { platformKey })
      return toWire(row)
    },

    async set(client: AuthenticatedClient, platformKey: string, body: PlatformCredentialsRequest): Promise<PlatformCredentials> {
      requireConfigurable(platformKey)
      const row = await repo.upsertCredentials(db, {
        client_id: client.clientId,
        platform_key: platformKey,
        oauth_client_id: body.clientId,
        client_secret_sealed: secrets.seal(body.clientSecret, secretContext(client.clientId, platformKey)),
        is_enabled: body.enabled,
        updated_at: clock.now(),
      })
      deps.onChange(client.clientId)
      return toWire(row)
    },

    /** Part of credentials already set (switching a platform off and on, a new secret alone): 404 when there are none. */
    async update(client: AuthenticatedClient, platformKey: string, body: PlatformCredentialsUpdate): Promise<PlatformCredentials> {
      requireConfigurable(platformKey)
      const row = await repo.updateCredentials(db, client.clientId, platformKey, {
        ...(body.clientId !== undefined ? { oauth_client_id: body.clientId } : {}),
        ...(body.clientSecret !== undefined ? { client_secret_sealed: secrets.seal(body.clientSecret, secretContext(client.clientId, platformKey)) } : {}),
        ...(body.enabled !== undefined ? { is_enabled: body.enabled } : {}),
        updated_at: clock.now(),
      })
      if (!row) throw new AppError('platform_credentials_not_found', { platformKey })
      deps.onChange(client.clientId)
      return toWire(row)
    },

    async remove(client: AuthenticatedClient, platformKey: string): Promise<void> {
      requireConfigurable(platformKey)
      const isDeleted = await repo.deleteCredentials(db, client.clientId, platformKey)
      if (!isDeleted) throw new AppError('platform_credentials_not_found', { platformKey })
      deps.onChange(client.clientId)
    },

    /** The platform keys this client has enabled (sandboxes not included: they always are). */
    async enabledPlatformKeys(clientId: string): Promise<Set<string>> {
      return new Set(await repo.listEnabledPlatformKeys(db, clientId))
    },

    async isEnabledFor(clientId: string, connector: Connector): Promise<boolean> {
      if (connector.isSandbox) return deps.sandboxClient !== undefined
      const row = await repo.findCredentials(db, clientId, connector.key)
      return row?.is_enabled === true
    },

    /** The one exit of a client secret: for a token request, never for a response or a log. */
    async platformClient(clientId: string, platformKey: string): Promise<PlatformClient | undefined> {
      const connector = catalogue.get(platformKey)
      if (!connector) return undefined
      if (connector.isSandbox) return deps.sandboxClient
      const row = await repo.findCredentials(db, clientId, platformKey)
      if (!row) return undefined
      return { clientId: row.oauth_client_id, clientSecret: secrets.open(row.client_secret_sealed, secretContext(clientId, platformKey)) }
    },
  }
}

export type CredentialsService = ReturnType<typeof createCredentialsService>
