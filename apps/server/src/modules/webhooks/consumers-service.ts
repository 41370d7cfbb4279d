/** @module Webhook consumers: list, create (URL checked), enable/disable, delete, and the signing secret (read, rotate). */
import {
  WEBHOOK_CONSUMERS_MAX,
  type WebhookConsumer,
  type WebhookConsumerRequest,
} from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { SecretBox } from '@linkway/vault'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator, RandomSource } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import { checkConsumerUrl } from './consumer-url.js'
import type { OutboundPolicy } from './outbound-address.js'
import * as repo from './repo.js'
import { generateSigningSecret } from './signing.js'

/** After a rotation the old secret keeps signing alongside the new one this long, so receivers can switch over. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000

export interface WebhookConsumersServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  random: RandomSource
  secrets: SecretBox
  outboundPolicy: OutboundPolicy
  resolveHost?: (hostname: string) => Promise<string[]>
}

/** Associated data for a consumer's sealed secret: it opens only on its own row. */
export function secretContext(consumerId: string, which: 'current' | 'previous'): string {
  return `webhook_consumers:${consumerId}:${which}`
}

function toWire(row: repo.ConsumerRow): WebhookConsumer {
  return { id: row.id, url: row.url, disabled: row.is_disabled, eventTypes: row.event_types, companyTags: row.company_tags }
}

export function createWebhookConsumersService({ db, clock, ids, random, secrets, outboundPolicy, resolveHost }: WebhookConsumersServiceDeps) {
  async function getRow(client: AuthenticatedClient, webhookId: string): Promise<repo.ConsumerRow> {
    const row = await repo.findConsumer(db, client.clientId, webhookId)
    if (!row) throw new AppError('webhook_not_found', { webhookId })
    return row
  }

  return {
    async list(client: AuthenticatedClient): Promise<{ results: WebhookConsumer[] }> {
      return { results: (await repo.listConsumers(db, client.clientId)).map(toWire) }
    },

    async create(client: AuthenticatedClient, body: WebhookConsumerRequest): Promise<WebhookConsumer> {
      // Resolving the host is network I/O: done before the transaction, never inside it.
      const check = await checkConsumerUrl(body.url, { policy: outboundPolicy, ...(resolveHost ? { resolve: resolveHost } : {}) })
      if (!check.ok) throw new AppError('webhook_url_refused', { reason: check.reason }, [{ itemId: 'url', message: check.reason, validatorName: 'OutboundUrl' }])
      const id = ids.uuid()
      const row = await db.transaction().execute(async (trx) => {
        await repo.lockClientConsumers(trx, client.clientId)
        if ((await repo.countConsumers(trx, client.clientId)) >= WEBHOOK_CONSUMERS_MAX) {
          throw new AppError('webhook_limit_reached', { max: WEBHOOK_CONSUMERS_MAX })
        }
        return await repo.insertConsumer(trx, {
          id,
          client_id: client.clientId,
          url: check.url.toString(),
          event_types: [...new Set(body.eventTypes)],
          company_tags: [...new Set(body.companyTags)],
          is_disabled: body.disabled,
          disabled_reason: body.disabled ? 'requested' : null,
          secret_sealed: secrets.seal(generateSigningSecret(random), secretContext(id, 'current')),
          created_at: clock.now(),
        })
      })
      return toWire(row)
    },

    /** Re-enabling clears the failure streak; deliveries still pending resume at once. */
    async setDisabled(client: AuthenticatedClient, webhookId: string, disabled: boolean): Promise<WebhookConsumer> {
      const row = await repo.updateConsumer(db, client.clientId, webhookId, {
        is_disabled: disabled,
        disabled_reason: disabled ? 'requested' : null,
        ...(disabled ? {} : { failing_since: null }),
      })
      if (!row) throw new AppError('webhook_not_found', { webhookId })
      return toWire(row)
    },

    async remove(client: AuthenticatedClient, webhookId: string): Promise<void> {
      if (!(await repo.deleteConsumer(db, client.clientId, webhookId))) throw new AppError('webhook_not_found', { webhookId })
    },

    async getSecret(client: AuthenticatedClient, webhookId: string): Promise<{ secret: string }> {
      const row = await getRow(client, webhookId)
      return { secret: secrets.open(row.secret_sealed, secretContext(row.id, 'current')) }
    },

    async rotateSecret(client: AuthenticatedClient, webhookId: string): Promise<{ secret: string }> {
      const row = await getRow(client, webhookId)
      const current = secrets.open(row.secret_sealed, secretContext(row.id, 'current'))
      const next = generateSigningSecret(random)
      const updated = await repo.updateConsumer(db, client.clientId, webhookId, {
        secret_sealed: secrets.seal(next, secretContext(row.id, 'current')),
        previous_secret_sealed: secrets.seal(current, secretContext(row.id, 'previous')),
        previous_secret_expires_at: new Date(clock.now().getTime() + PREVIOUS_SECRET_GRACE_MS),
      })
      if (!updated) throw new AppError('webhook_not_found', { webhookId })
      return { secret: next }
    },
  }
}

export type WebhookConsumersService = ReturnType<typeof createWebhookConsumersService>
