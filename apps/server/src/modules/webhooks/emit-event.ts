/**
 * @module Emitting an event: called by any module inside the transaction that makes the change.
 * The event, one delivery per subscribed consumer, and the NOTIFY that wakes the workers all
 * commit with the change, or none of them exists.
 */
import { EVENT_PAYLOADS, type EventPayload, type EventType } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import { sql, type Transaction } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import * as repo from './repo.js'

/** The channel the delivery workers LISTEN on. */
export const DELIVERY_CHANNEL = 'linkway_webhook_deliveries'

export interface EmitEventDeps {
  clock: Clock
  ids: IdGenerator
}

export interface EventToEmit<T extends EventType> {
  clientId: string
  eventType: T
  payload: EventPayload<T>
  /** The company's tags, for consumers that filter on companyTags. */
  companyTags: Record<string, string>
}

export async function emitEvent<T extends EventType>(trx: Transaction<Tables>, deps: EmitEventDeps, event: EventToEmit<T>): Promise<string> {
  const companyTags = Object.entries(event.companyTags).map(([key, value]) => `${key}:${value}`)
  return await recordEvent(trx, deps, event, { kind: 'subscribers', eventType: event.eventType, companyTags })
}

/** A `webhook.test` event for one consumer, whatever it subscribes to. */
export async function emitTestEvent(trx: Transaction<Tables>, deps: EmitEventDeps, clientId: string, consumerId: string): Promise<string> {
  return await recordEvent(
    trx,
    deps,
    { clientId, eventType: 'webhook.test', payload: { webhookId: consumerId, message: 'This is a test event from Linkway.' }, companyTags: {} },
    { kind: 'consumer', consumerId },
  )
}

async function recordEvent<T extends EventType>(
  trx: Transaction<Tables>,
  deps: EmitEventDeps,
  event: EventToEmit<T>,
  recipients: repo.EventRecipients,
): Promise<string> {
  // The catalogue's schema both checks and shapes the payload: no undeclared field leaves.
  const payload = EVENT_PAYLOADS[event.eventType].parse(event.payload)
  const eventId = deps.ids.uuid()
  // An event nobody subscribes to is not stored (the log is per delivery, and most changes have no
  // listener); the statement decides that itself, so emitting costs one round trip either way.
  await repo.insertEventForRecipients(
    trx,
    { id: eventId, client_id: event.clientId, event_type: event.eventType, payload, generated_at: deps.clock.now() },
    recipients,
    DELIVERY_CHANNEL,
  )
  return eventId
}

/** Delivered at commit only: the workers wake for work that exists. */
export async function notifyDeliveryWorkers(trx: Transaction<Tables>): Promise<void> {
  await sql`select pg_notify(${DELIVERY_CHANNEL}, '')`.execute(trx)
}
