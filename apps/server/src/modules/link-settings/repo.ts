/** @module SQL for a client's Link settings and the Link funnel. */
import type { Tables } from '@linkway/db'
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export async function findSettings(db: Db, clientId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('link_settings').select('settings').where('client_id', '=', clientId).executeTakeFirst()
  return row?.settings
}

export async function upsertSettings(db: Db, clientId: string, settings: object, now: Date): Promise<void> {
  const json = JSON.stringify(settings)
  await db
    .insertInto('link_settings')
    .values({ client_id: clientId, settings: json, updated_at: now })
    .onConflict((conflict) => conflict.column('client_id').doUpdateSet({ settings: json, updated_at: now }))
    .execute()
}

export type FunnelEventRow = Selectable<Tables['link_funnel_events']>

export async function insertFunnelEvent(db: Db, row: FunnelEventRow): Promise<void> {
  await db.insertInto('link_funnel_events').values(row).execute()
}

export interface FunnelCountRow {
  event: string
  platform_key: string | null
  category: string | null
  /** `grouping(platform_key, category)`: 3 the step's total, 1 per platform, 2 per category. */
  grouping: number
  visits: number
}

/** Visits (not events) per step, per step and platform, and per step and category: a person who reloads a step counts once. */
export async function countFunnel(db: Db, clientId: string, from: Date, to: Date): Promise<FunnelCountRow[]> {
  const result = await sql<FunnelCountRow>`
    select event, platform_key, category, grouping(platform_key, category)::int as grouping, count(distinct visit_id)::int as visits
    from link_funnel_events
    where client_id = ${clientId} and occurred_at >= ${from} and occurred_at < ${to}
    group by grouping sets ((event), (event, platform_key), (event, category))`.execute(db)
  return result.rows
}

/** Visits per UTC day and step; days without a visit are absent. */
export async function countFunnelDaily(db: Db, clientId: string, from: Date, to: Date): Promise<Array<{ day: string; event: string; visits: number }>> {
  const result = await sql<{ day: string; event: string; visits: number }>`
    select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day, event, count(distinct visit_id)::int as visits
    from link_funnel_events
    where client_id = ${clientId} and occurred_at >= ${from} and occurred_at < ${to}
    group by 1, 2`.execute(db)
  return result.rows
}
