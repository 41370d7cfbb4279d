/** @module SQL for companies. Every query is scoped to one client. */
import type { Tables } from '@linkway/db'
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export interface CompanyRow {
  id: string
  client_id: string
  name: string
  description: string | null
  tags: Record<string, string>
  created_at: Date
  last_sync_at: Date | null
}

const COLUMNS = ['id', 'client_id', 'name', 'description', 'tags', 'created_at', 'last_sync_at'] as const

/**
 * Inserts the company and, in the same statement, emits its event (`emission`, from the webhooks
 * module): one round trip, atomic without a transaction. The caller already holds the row it gave.
 */
export async function insertCompanyEmitting(db: Db, company: Omit<CompanyRow, 'last_sync_at'>, emission: RawBuilder<number>): Promise<void> {
  await sql`
    with inserted_company as (
      insert into companies (id, client_id, name, description, tags, created_at)
      values (${company.id}, ${company.client_id}, ${company.name}, ${company.description}, ${JSON.stringify(company.tags)}::jsonb, ${company.created_at})
    )
    select ${emission} as deliveries
  `.execute(db)
}

export async function findCompany(db: Db, clientId: string, companyId: string): Promise<CompanyRow | undefined> {
  return await db.selectFrom('companies').select(COLUMNS).where('client_id', '=', clientId).where('id', '=', companyId).executeTakeFirst()
}

export interface CompanyListOptions {
  filter: Expression<SqlBool> | undefined
  order: { expression: Expression<unknown>; direction: 'asc' | 'desc' } | undefined
  limit: number
  offset: number
}

/**
 * One scan answers both the page and the total (a window count); only a page past the end, which
 * has no row to carry the total, costs a second count.
 */
export async function listCompanies(db: Db, clientId: string, options: CompanyListOptions): Promise<{ rows: CompanyRow[]; total: number }> {
  let matching = db.selectFrom('companies').where('client_id', '=', clientId)
  if (options.filter) matching = matching.where(options.filter)
  const ordered = options.order ? matching.orderBy(options.order.expression, options.order.direction) : matching
  const page = await ordered
    // Ties (and the default order) fall back to creation order, so pages never overlap or skip.
    .orderBy('created_at')
    .orderBy('seq')
    .select([...COLUMNS, sql<number>`count(*) over ()::int`.as('total_results')])
    .limit(options.limit)
    .offset(options.offset)
    .execute()
  if (page.length > 0) {
    return { rows: page.map(({ total_results: _total, ...row }) => row), total: page[0]!.total_results }
  }
  const countRow = await matching.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow()
  return { rows: [], total: countRow.count }
}

export async function updateCompany(
  db: Db,
  clientId: string,
  companyId: string,
  changes: { name?: string; description?: string | null; tags?: Record<string, string> },
): Promise<CompanyRow | undefined> {
  const { tags, ...rest } = changes
  return await db
    .updateTable('companies')
    .set({ ...rest, ...(tags !== undefined ? { tags: JSON.stringify(tags) } : {}) })
    .where('client_id', '=', clientId)
    .where('id', '=', companyId)
    .returning(COLUMNS)
    .executeTakeFirst()
}

/** Returns the deleted row (its last state goes into the company.deleted event), or undefined. */
export async function deleteCompany(db: Db, clientId: string, companyId: string): Promise<CompanyRow | undefined> {
  return await db.deleteFrom('companies').where('client_id', '=', clientId).where('id', '=', companyId).returning(COLUMNS).executeTakeFirst()
}
