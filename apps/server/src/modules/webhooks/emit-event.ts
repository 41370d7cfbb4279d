/**
 * @module Emitting an event: called by any module inside the transaction that makes the change.
 * The event, one delivery per subscribed consumer, and the NOTIFY that wakes the workers all
 * commit with the change, or none of them exists.
 */
import { EVENT_PAYLOADS, type EventPayload, type EventType } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import { sql, type RawBuilder, type Transaction } from 'kysely'
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
  const emission = eventEmission(deps, event)
  await repo.insertEventForRecipients(trx, emission.sql)
  return emission.eventId
}

/** A `webhook.test` event for one consumer, whatever it subscribes to. */
export async function emitTestEvent(trx: Transaction<Tables>, deps: EmitEventDeps, clientId: string, consumerId: string): Promise<string> {
  const emission = eventEmission(
    deps,
    { clientId, eventType: 'webhook.test', payload: { webhookId: consumerId, message: 'This is a test event from Linkway.' }, companyTags: {} },
    { kind: 'consumer', consumerId },
  )
  await repo.insertEventForRecipients(trx, emission.sql)
  return emission.eventId
}

export interface EventEmission {
  eventId: string
  /**
   * An expression for a statement that makes the change and emits in one (evaluate it once, e.g.
   * in the select list over the inserted row). One statement is atomic, so a change that is a
   * single statement needs no transaction to emit with it.
   */
  sql: RawBuilder<number>
}

/**
 * The event, checked, as parts of a statement. An event nobody subscribes to is not stored (the
 * log is per delivery, and most changes have no listener); the statement decides that itself, so
 * emitting costs no round trip of its own.
 */
export function eventEmission<T extends EventType>(deps: EmitEventDeps, event: EventToEmit<T>, recipients?: repo.EventRecipients): EventEmission {
  // The catalogue's schema both checks and shapes the payload: no undeclared field leaves.
  const payload = EVENT_PAYLOADS[event.eventType].parse(event.payload)
  const eventId = deps.ids.uuid()
  const companyTags = Object.entries(event.companyTags).map(([key, value]) => `${key}:${value}`)
  return {
    eventId,
    sql: repo.eventInsertion(
      { id: eventId, client_id: event.clientId, event_type: event.eventType, payload, generated_at: deps.clock.now() },
      recipients ?? { kind: 'subscribers', eventType: event.eventType, companyTags },
      DELIVERY_CHANNEL,
    ),
  }
}

/** Delivered at commit only: the workers wake for work that exists. */
export async function notifyDeliveryWorkers(trx: Transaction<Tables>): Promise<void> {
  await sql`select pg_notify(${DELIVERY_CHANNEL}, '')`.execute(trx)
}
