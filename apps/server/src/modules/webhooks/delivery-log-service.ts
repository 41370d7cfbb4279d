/**
 * @module The message log of one consumer: each delivery with its status and every attempt;
 * resending one, recovering every failure since a time, and sending a test event.
 */
import type { WebhookDelivery } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import { emitTestEvent, notifyDeliveryWorkers } from './emit-event.js'
import * as repo from './repo.js'
import { webhookMessageId } from './signing.js'

export interface DeliveryLogServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
}

export function createDeliveryLogService({ db, clock, ids }: DeliveryLogServiceDeps) {
  async function requireConsumer(client: AuthenticatedClient, webhookId: string): Promise<void> {
    if (!(await repo.findConsumer(db, client.clientId, webhookId))) throw new AppError('webhook_not_found', { webhookId })
  }

  return {
    async list(
      client: AuthenticatedClient,
      webhookId: string,
      request: { page: number; pageSize: number; status?: WebhookDelivery['status'] | undefined; eventType?: string | undefined; companyId?: string | undefined },
    ): Promise<{ results: WebhookDelivery[]; totalResults: number }> {
      await requireConsumer(client, webhookId)
      const { rows, total } = await repo.listDeliveries(db, client.clientId, webhookId, {
        status: request.status,
        eventType: request.eventType,
        companyId: request.companyId,
        limit: request.pageSize,
        offset: (request.page - 1) * request.pageSize,
      })
      const attempts = await repo.listAttempts(db, rows.map((row) => row.id))
      return {
        totalResults: total,
        results: rows.map((row) => ({
          id: row.id,
          messageId: webhookMessageId(row.event_id),
          eventId: row.event_id,
          eventType: row.event_type,
          status: row.status,
          created: row.created_at.toISOString(),
          ...(row.next_attempt_at && (row.status === 'Sending' || row.status === 'Attempting') ? { nextAttempt: row.next_attempt_at.toISOString() } : {}),
          attempts: attempts
            .filter((attempt) => attempt.delivery_id === row.id)
            .map((attempt) => ({
              attemptedAt: attempt.attempted_at.toISOString(),
              httpStatus: attempt.http_status,
              durationMs: attempt.duration_ms,
              error: attempt.error,
              responseBody: attempt.response_excerpt,
            })),
        })),
      }
    },

    /** Sends the message again from the start of the schedule, whatever its state. */
    async resend(client: AuthenticatedClient, webhookId: string, deliveryId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const count = await repo.restartDeliveries(trx, { clientId: client.clientId, consumerId: webhookId, deliveryId }, clock.now())
        if (count === 0) throw new AppError('webhook_delivery_not_found', { deliveryId })
        await notifyDeliveryWorkers(trx)
      })
    },

    /** Every delivery that ended in Failure since `since` starts its schedule again. */
    async recover(client: AuthenticatedClient, webhookId: string, since: Date): Promise<{ recovered: number }> {
      await requireConsumer(client, webhookId)
      return await db.transaction().execute(async (trx) => {
        const recovered = await repo.restartDeliveries(trx, { clientId: client.clientId, consumerId: webhookId, failedSince: since }, clock.now())
        if (recovered > 0) await notifyDeliveryWorkers(trx)
        return { recovered }
      })
    },

    async sendTest(client: AuthenticatedClient, webhookId: string): Promise<{ eventId: string }> {
      await requireConsumer(client, webhookId)
      const eventId = await db.transaction().execute((trx) => emitTestEvent(trx, { clock, ids }, client.clientId, webhookId))
      return { eventId }
    },
  }
}

export type DeliveryLogService = ReturnType<typeof createDeliveryLogService>
