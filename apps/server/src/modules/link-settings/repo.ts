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

/** Visits (not events) per step and platform: a person who reloads a step counts once. */
export async function countFunnel(db: Db, clientId: string, from: Date, to: Date): Promise<Array<{ event: string; platform_key: string | null; is_total: number; visits: number }>> {
  const result = await sql<{ event: string; platform_key: string | null; is_total: number; visits: number }>`
    select event, platform_key, grouping(platform_key)::int as is_total, count(distinct visit_id)::int as visits
    from link_funnel_events
    where client_id = ${clientId} and occurred_at >= ${from} and occurred_at < ${to}
    group by grouping sets ((event), (event, platform_key))
    order by event, platform_key nulls first`.execute(db)
  return result.rows
}
