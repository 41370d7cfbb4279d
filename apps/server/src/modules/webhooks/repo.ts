/** @module SQL for webhooks: consumers, events, deliveries and attempts. Every query is scoped to a client, except the worker's claim. */
import { lockUntilCommit, type Tables } from '@linkway/db'
import { sql, type Kysely, type RawBuilder, type Selectable, type Transaction } from 'kysely'

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
export async function lockClientConsumers(trx: Transaction<Tables>, clientId: string): Promise<void> {
  await lockUntilCommit(trx, 'webhook_consumers', clientId)
}

/** Which consumers an event goes to: those subscribed to it, or one named consumer (a test event). */
export type EventRecipients =
  | { kind: 'subscribers'; eventType: string; companyTags: string[] }
  | { kind: 'consumer'; consumerId: string }

export interface EventRow {
  id: string
  client_id: string
  event_type: string
  payload: object
  generated_at: Date
}

/**
 * An SQL expression that stores the event and one delivery per recipient, and NOTIFYs the workers
 * (`linkway_emit_event`, migration 0004), to be evaluated once inside the statement that makes the
 * change. Its value is the number of deliveries created; nothing is written when there is none.
 */
export function eventInsertion(event: EventRow, recipients: EventRecipients, notifyChannel: string): RawBuilder<number> {
  return sql<number>`linkway_emit_event(
    ${event.client_id}::uuid, ${event.id}::uuid, ${event.event_type}::text, ${JSON.stringify(event.payload)}::text,
    ${event.generated_at}::timestamptz, ${sql.val(recipients.kind === 'subscribers' ? recipients.companyTags : [])}::text[],
    ${recipients.kind === 'consumer' ? recipients.consumerId : null}::uuid, ${notifyChannel}::text)`
}

/** Stores the event for its recipients in a statement of its own. Returns how many deliveries were created. */
export async function insertEventForRecipients(trx: Transaction<Tables>, emission: RawBuilder<number>): Promise<number> {
  const result = await sql<{ deliveries: number }>`select ${emission} as deliveries`.execute(trx)
  return result.rows[0]?.deliveries ?? 0
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

export interface ClaimOptions {
  now: Date
  leaseUntil: Date
  limit: number
  /** Consumers that take no more work now (their share of attempts is in flight). */
  saturatedConsumerIds: string[]
  /** How many more attempts this consumer may have in flight; the rest stay unclaimed. */
  roomFor: (consumerId: string) => number
}

export interface Claim {
  deliveries: ClaimedDelivery[]
  /** Due deliveries were left behind (the limit was reached, or a consumer had no room). */
  isMoreDue: boolean
}

/**
 * Takes up to `limit` due deliveries of enabled consumers and leases them until `leaseUntil`:
 * SKIP LOCKED lets several workers claim side by side, and a worker that dies mid-attempt leaves
 * a lease that simply runs out. Rows over a consumer's room are locked only until this commits.
 */
export async function claimDueDeliveries(trx: Transaction<Tables>, options: ClaimOptions): Promise<Claim> {
  let candidates = trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_consumers as c', 'c.id', 'd.consumer_id')
    .select(['d.id', 'd.consumer_id'])
    .where('d.status', 'in', ['Sending', 'Attempting'])
    .where('d.next_attempt_at', '<=', options.now)
    .where('c.is_disabled', '=', false)
  if (options.saturatedConsumerIds.length > 0) candidates = candidates.where('d.consumer_id', 'not in', options.saturatedConsumerIds)
  const due = await candidates.orderBy('d.next_attempt_at').limit(options.limit).forUpdate('d').skipLocked().execute()
  const taken: string[] = []
  const takenPerConsumer = new Map<string, number>()
  for (const delivery of due) {
    const count = takenPerConsumer.get(delivery.consumer_id) ?? 0
    if (count >= options.roomFor(delivery.consumer_id)) continue
    takenPerConsumer.set(delivery.consumer_id, count + 1)
    taken.push(delivery.id)
  }
  const isMoreDue = due.length === options.limit || taken.length < due.length || options.saturatedConsumerIds.length > 0
  if (taken.length === 0) return { deliveries: [], isMoreDue }
  await trx.updateTable('webhook_deliveries').set({ next_attempt_at: options.leaseUntil }).where('id', 'in', taken).execute()
  const deliveries = await trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_consumers as c', 'c.id', 'd.consumer_id')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id', 'd.client_id', 'd.consumer_id', 'd.event_id', 'd.attempt_count', 'c.url', 'c.secret_sealed',
      'c.previous_secret_sealed', 'c.previous_secret_expires_at', 'e.event_type', 'e.payload', 'e.generated_at',
    ])
    .where('d.id', 'in', taken)
    .execute()
  return { deliveries, isMoreDue }
}

/** One attempt's outcome and what it decides for its delivery. */
export interface AttemptOutcome {
  attemptId: string
  deliveryId: string
  attemptedAt: Date
  httpStatus: number | null
  durationMs: number
  error: string | null
  responseExcerpt: string | null
  status: 'Attempting' | 'Success' | 'Failure'
  attemptCount: number
  nextAttemptAt: Date | null
}

/**
 * Records many attempts in one statement (so without a transaction of its own, and atomically):
 * the attempts are inserted, their deliveries updated, the consumers whose latest attempt
 * succeeded end their failure streak, and those whose latest failed start one, or are disabled
 * once the streak began at or before `disableIfFailingSince` (every attempt in between failed).
 */
export async function recordOutcomes(
  db: Db,
  outcomes: AttemptOutcome[],
  consumers: { healthyIds: string[]; failingIds: string[]; now: Date; disableIfFailingSince: Date },
): Promise<void> {
  if (outcomes.length === 0) return
  const rows = JSON.stringify(
    outcomes.map((o) => ({
      attempt_id: o.attemptId,
      delivery_id: o.deliveryId,
      attempted_at: o.attemptedAt.toISOString(),
      http_status: o.httpStatus,
      duration_ms: o.durationMs,
      error: o.error,
      response_excerpt: o.responseExcerpt,
      status: o.status,
      attempt_count: o.attemptCount,
      next_attempt_at: o.nextAttemptAt?.toISOString() ?? null,
    })),
  )
  await sql`
    with outcome as (
      select * from jsonb_to_recordset(${rows}::jsonb) as o(
        attempt_id uuid, delivery_id uuid, attempted_at timestamptz, http_status int, duration_ms int,
        error text, response_excerpt text, status text, attempt_count int, next_attempt_at timestamptz)
    ), inserted_attempt as (
      insert into webhook_attempts (id, delivery_id, attempted_at, http_status, duration_ms, error, response_excerpt)
      select attempt_id, delivery_id, attempted_at, http_status, duration_ms, error, response_excerpt from outcome
    ), healthy as (
      update webhook_consumers set failing_since = null
      where id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(consumers.healthyIds)}::jsonb))
        and failing_since is not null
    ), failing as (
      update webhook_consumers
      set failing_since = coalesce(failing_since, ${consumers.now}),
          is_disabled = is_disabled or coalesce(failing_since, ${consumers.now}) <= ${consumers.disableIfFailingSince},
          disabled_reason = case
            when not is_disabled and coalesce(failing_since, ${consumers.now}) <= ${consumers.disableIfFailingSince} then 'failing'
            else disabled_reason end
      where id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(consumers.failingIds)}::jsonb))
    )
    update webhook_deliveries as d
    set status = outcome.status, attempt_count = outcome.attempt_count, next_attempt_at = outcome.next_attempt_at
    from outcome
    where d.id = outcome.delivery_id
  `.execute(db)
}

/**
 * Deletes up to `limit` events generated before `before` whose deliveries have all finished
 * (Success or Failure), with their deliveries and attempts. Returns how many events went.
 */
export async function pruneFinishedEvents(db: Db, before: Date, limit: number): Promise<number> {
  const result = await sql<{ count: number }>`
    with pruned as (
      delete from webhook_events
      where id in (
        select e.id from webhook_events e
        where e.generated_at < ${before}
          and not exists (
            select 1 from webhook_deliveries d where d.event_id = e.id and d.status in ('Sending', 'Attempting'))
        limit ${limit}
      )
      returning 1
    )
    select count(*)::int as count from pruned
  `.execute(db)
  return result.rows[0]?.count ?? 0
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
  options: { status: DeliveryRow['status'] | undefined; eventType: string | undefined; companyId: string | undefined; limit: number; offset: number },
): Promise<{ rows: DeliveryRow[]; total: number }> {
  let matching = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .where('d.client_id', '=', clientId)
    .where('d.consumer_id', '=', consumerId)
  if (options.status) matching = matching.where('d.status', '=', options.status)
  if (options.eventType) matching = matching.where('e.event_type', '=', options.eventType)
  // The company is where the catalogue puts it: the payload of a company.* event is the company;
  // every other company's event names it in referenceCompany. (The log is pruned after its
  // retention, so reading the payload stays a scan of one consumer's recent messages.)
  if (options.companyId) {
    const companyId = options.companyId
    matching = matching.where((eb) =>
      eb.or([
        eb.and([eb('e.event_type', 'like', 'company.%'), eb(sql<string>`e.payload->>'id'`, '=', companyId)]),
        eb(sql<string>`e.payload->'referenceCompany'->>'id'`, '=', companyId),
      ]),
    )
  }
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
