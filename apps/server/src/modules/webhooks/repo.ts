/** @module SQL for webhooks: consumers, events, deliveries and attempts. Every query is scoped to a client, except the worker's claim. */
import type { Tables } from '@linkway/db'
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export type ConsumerRow = Selectable<Tables['webhook_consumers']>

const CONSUMER_COLUMNS = [
  'id', 'client_id', 'url', 'event_types', 'company_tags', 'is_disabled', 'disabled_reason',
  'secret_sealed', 'previous_secret_sealed', 'previous_secret_expires_at', 'failing_since', 'created_at',
] as const

export async function listConsumers(db: Db, clientId: string): Promise<ConsumerRow[]> {
  return await db.selectFrom('webhook_consumers').select(CONSUMER_COLUMNS).where('client_id', '=', clientId).orderBy('created_at').orderBy('id').execute()
}

export async function findConsumer(db: Db, clientId: string, consumerId: string): Promise<ConsumerRow | undefined> {
  return await db.selectFrom('webhook_consumers').select(CONSUMER_COLUMNS).where('client_id', '=', clientId).where('id', '=', consumerId).executeTakeFirst()
}

export async function countConsumers(db: Db, clientId: string): Promise<number> {
  const row = await db.selectFrom('webhook_consumers').select(sql<number>`count(*)::int`.as('count')).where('client_id', '=', clientId).executeTakeFirstOrThrow()
  return row.count
}

export async function insertConsumer(db: Db, consumer: Omit<ConsumerRow, 'previous_secret_sealed' | 'previous_secret_expires_at' | 'failing_since'>): Promise<ConsumerRow> {
  return await db
    .insertInto('webhook_consumers')
    .values({ ...consumer, event_types: JSON.stringify(consumer.event_types), company_tags: JSON.stringify(consumer.company_tags) })
    .returning(CONSUMER_COLUMNS)
    .executeTakeFirstOrThrow()
}

export async function updateConsumer(
  db: Db,
  clientId: string,
  consumerId: string,
  changes: Partial<Pick<ConsumerRow, 'is_disabled' | 'disabled_reason' | 'failing_since' | 'secret_sealed' | 'previous_secret_sealed' | 'previous_secret_expires_at'>>,
): Promise<ConsumerRow | undefined> {
  return await db
    .updateTable('webhook_consumers')
    .set(changes)
    .where('client_id', '=', clientId)
    .where('id', '=', consumerId)
    .returning(CONSUMER_COLUMNS)
    .executeTakeFirst()
}

export async function deleteConsumer(db: Db, clientId: string, consumerId: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_consumers').where('client_id', '=', clientId).where('id', '=', consumerId).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Serialises consumer changes of one client, so racing creates cannot pass the limit together. */
export async function lockClient(trx: Transaction<Tables>, clientId: string): Promise<void> {
  await trx.selectFrom('clients').select('id').where('id', '=', clientId).forUpdate().executeTakeFirst()
}

/** Enabled consumers of this client that subscribe to `eventType` and whose tag filter the company passes. */
export async function findSubscribers(db: Db, clientId: string, eventType: string, companyTags: string[]): Promise<Array<{ id: string }>> {
  return await db
    .selectFrom('webhook_consumers')
    .select('id')
    .where('client_id', '=', clientId)
    .where('is_disabled', '=', false)
    .where(sql<boolean>`event_types @> ${JSON.stringify([eventType])}::jsonb`)
    .where(sql<boolean>`(jsonb_array_length(company_tags) = 0 or company_tags ?| ${sql.val(companyTags)}::text[])`)
    .execute()
}

export async function insertEvent(db: Db, event: { id: string; client_id: string; event_type: string; payload: object; generated_at: Date }): Promise<void> {
  await db.insertInto('webhook_events').values({ ...event, payload: JSON.stringify(event.payload) }).execute()
}

export async function insertDeliveries(
  db: Db,
  deliveries: Array<{ id: string; client_id: string; consumer_id: string; event_id: string; next_attempt_at: Date; created_at: Date }>,
): Promise<void> {
  if (deliveries.length === 0) return
  await db.insertInto('webhook_deliveries').values(deliveries.map((d) => ({ ...d, status: 'Sending' as const }))).execute()
}

export interface ClaimedDelivery {
  id: string
  client_id: string
  consumer_id: string
  event_id: string
  attempt_count: number
  url: string
  secret_sealed: Buffer
  previous_secret_sealed: Buffer | null
  previous_secret_expires_at: Date | null
  event_type: string
  payload: Record<string, unknown>
  generated_at: Date
}

/**
 * Takes up to `limit` due deliveries of enabled consumers and leases them until `leaseUntil`:
 * SKIP LOCKED lets several workers claim side by side, and a worker that dies mid-attempt leaves
 * a lease that simply runs out.
 */
export async function claimDueDeliveries(trx: Transaction<Tables>, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const due = await trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_consumers as c', 'c.id', 'd.consumer_id')
    .select('d.id')
    .where('d.status', 'in', ['Sending', 'Attempting'])
    .where('d.next_attempt_at', '<=', now)
    .where('c.is_disabled', '=', false)
    .orderBy('d.next_attempt_at')
    .limit(limit)
    .forUpdate('d')
    .skipLocked()
    .execute()
  if (due.length === 0) return []
  await trx.updateTable('webhook_deliveries').set({ next_attempt_at: leaseUntil }).where('id', 'in', due.map((d) => d.id)).execute()
  return await trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_consumers as c', 'c.id', 'd.consumer_id')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id', 'd.client_id', 'd.consumer_id', 'd.event_id', 'd.attempt_count', 'c.url', 'c.secret_sealed',
      'c.previous_secret_sealed', 'c.previous_secret_expires_at', 'e.event_type', 'e.payload', 'e.generated_at',
    ])
    .where('d.id', 'in', due.map((d) => d.id))
    .execute()
}

export async function insertAttempt(db: Db, attempt: Insertable<Tables['webhook_attempts']>): Promise<void> {
  await db.insertInto('webhook_attempts').values(attempt).execute()
}

export async function finishAttempt(
  db: Db,
  deliveryId: string,
  outcome: { status: 'Attempting' | 'Success' | 'Failure'; attemptCount: number; nextAttemptAt: Date | null },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: outcome.status, attempt_count: outcome.attemptCount, next_attempt_at: outcome.nextAttemptAt })
    .where('id', '=', deliveryId)
    .execute()
}

export async function markConsumerHealthy(db: Db, consumerId: string): Promise<void> {
  await db.updateTable('webhook_consumers').set({ failing_since: null }).where('id', '=', consumerId).where('failing_since', 'is not', null).execute()
}

/**
 * Starts the failure streak if none is running, and disables the consumer once the streak began
 * at or before `disableIfFailingSince` (every attempt in between failed).
 */
export async function markConsumerFailing(db: Db, consumerId: string, now: Date, disableIfFailingSince: Date): Promise<void> {
  await db.updateTable('webhook_consumers').set({ failing_since: now }).where('id', '=', consumerId).where('failing_since', 'is', null).execute()
  await db
    .updateTable('webhook_consumers')
    .set({ is_disabled: true, disabled_reason: 'failing' })
    .where('id', '=', consumerId)
    .where('is_disabled', '=', false)
    .where('failing_since', '<=', disableIfFailingSince)
    .execute()
}

export interface DeliveryRow {
  id: string
  event_id: string
  event_type: string
  status: 'Sending' | 'Attempting' | 'Success' | 'Failure'
  created_at: Date
  next_attempt_at: Date | null
}

export async function listDeliveries(
  db: Db,
  clientId: string,
  consumerId: string,
  options: { status: DeliveryRow['status'] | undefined; limit: number; offset: number },
): Promise<{ rows: DeliveryRow[]; total: number }> {
  let matching = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .where('d.client_id', '=', clientId)
    .where('d.consumer_id', '=', consumerId)
  if (options.status) matching = matching.where('d.status', '=', options.status)
  const [rows, count] = await Promise.all([
    matching
      .select(['d.id', 'd.event_id', 'e.event_type', 'd.status', 'd.created_at', 'd.next_attempt_at'])
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    matching.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: count.count }
}

export async function listAttempts(db: Db, deliveryIds: string[]): Promise<Array<Selectable<Tables['webhook_attempts']>>> {
  if (deliveryIds.length === 0) return []
  return await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('attempted_at').orderBy('id').execute()
}

/** Puts deliveries back at the start of the schedule, due now. Returns how many. */
export async function restartDeliveries(
  db: Db,
  filter: { clientId: string; consumerId: string; deliveryId?: string; failedSince?: Date },
  now: Date,
): Promise<number> {
  let query = db
    .updateTable('webhook_deliveries')
    .set({ status: 'Sending', attempt_count: 0, next_attempt_at: now })
    .where('client_id', '=', filter.clientId)
    .where('consumer_id', '=', filter.consumerId)
  if (filter.deliveryId) query = query.where('id', '=', filter.deliveryId)
  if (filter.failedSince) query = query.where('status', '=', 'Failure').where('created_at', '>=', filter.failedSince)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows)
}
