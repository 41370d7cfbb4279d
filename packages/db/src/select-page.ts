/**
 * @module One page of a list and the total it belongs to, in one scan: the rows carry a window
 * count. Only a page past the end, which has no row to carry the total, costs a second count.
 * Ties (and the default order) fall back to creation order (`created_at`, then `seq`), so pages
 * never overlap or skip.
 */
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely'

export interface PageOptions {
  filter: Expression<SqlBool> | undefined
  order: { expression: Expression<unknown>; direction: 'asc' | 'desc' } | undefined
  limit: number
  offset: number
}

export async function selectPage<DB, TB extends keyof DB, Row>(
  /** The rows that may be listed (tenant-scoped), before the caller's filter. */
  scope: SelectQueryBuilder<DB, TB, object>,
  columns: (query: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, Row>,
  options: PageOptions,
): Promise<{ rows: Row[]; total: number }> {
  const matching = options.filter ? scope.where(options.filter) : scope
  const ordered = options.order ? matching.orderBy(options.order.expression, options.order.direction) : matching
  const page = (await columns(ordered.orderBy(sql`created_at`).orderBy(sql`seq`))
    .select(sql<number>`count(*) over ()::int`.as('total_results'))
    .limit(options.limit)
    .offset(options.offset)
    .execute()) as unknown as Array<Row & { total_results: number }>
  if (page.length > 0) {
    return { rows: page.map(({ total_results: _total, ...row }) => row as Row), total: page[0]!.total_results }
  }
  const countRow = (await matching.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow()) as { count: number }
  return { rows: [], total: countRow.count }
}
