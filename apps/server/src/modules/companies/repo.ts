/**
 * @module SQL for companies: only this module reads or writes `companies`. Every query is scoped
 * to one client, except the Link flow's lookup by the company's (unguessable) id alone.
 */
import { preparedStatement, selectPage, type PageOptions, type Tables } from '@linkway/db'
import { companyConnectionsJson, connectionRowsFromJson, type CompanyReferenceRow, type ConnectionRow } from '../connections/index.js'
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'

type Db = Kysely<Tables> | Transaction<Tables>

export interface CompanyRow {
  id: string
  client_id: string
  name: string
  description: string | null
  tags: Record<string, string>
  created_at: Date
  last_sync_at: Date | null
  /** Enabled product identifiers, in the order they were enabled. */
  products: string[]
}

const COLUMNS = ['id', 'client_id', 'name', 'description', 'tags', 'created_at', 'last_sync_at', 'products'] as const

/**
 * Inserts the company and, in the same statement, emits its event (`emission`, from the webhooks
 * module): one round trip, atomic without a transaction. The caller already holds the row it gave.
 */
export async function insertCompanyEmitting(db: Db, company: Omit<CompanyRow, 'last_sync_at' | 'products'>, emission: RawBuilder<number>): Promise<void> {
  await sql`
    with inserted_company as (
      insert into companies (id, client_id, name, description, tags, created_at)
      values (${company.id}, ${company.client_id}, ${company.name}, ${company.description}, ${JSON.stringify(company.tags)}::jsonb, ${company.created_at})
    )
    select ${emission} as deliveries
  `.execute(db)
}

/** What other modules know of a company: enough to scope to it and to name it in an event. */
const REFERENCE_COLUMNS = ['id', 'client_id', 'name', 'description', 'tags'] as const

export async function findCompanyReference(db: Db, clientId: string, companyId: string): Promise<CompanyReferenceRow | undefined> {
  return await db.selectFrom('companies').select(REFERENCE_COLUMNS).where('client_id', '=', clientId).where('id', '=', companyId).executeTakeFirst()
}

/** Holds the company row until commit, so changes to one company's connections are decided one after the other. */
export async function lockCompanyReference(trx: Transaction<Tables>, clientId: string, companyId: string): Promise<CompanyReferenceRow | undefined> {
  return await trx.selectFrom('companies').select(REFERENCE_COLUMNS).where('client_id', '=', clientId).where('id', '=', companyId).forUpdate().executeTakeFirst()
}

/** Hosted Link knows a company by its (unguessable) id alone: its hosted URL is the credential. */
export async function findCompanyById(db: Db, companyId: string): Promise<CompanyReferenceRow | undefined> {
  return await db.selectFrom('companies').select(REFERENCE_COLUMNS).where('id', '=', companyId).executeTakeFirst()
}

/** The company with its products, locked until the caller's transaction ends: enabling and disabling products are decided one at a time. */
export async function lockCompany(trx: Transaction<Tables>, clientId: string, companyId: string): Promise<CompanyRow | undefined> {
  return await trx.selectFrom('companies').select(COLUMNS).where('client_id', '=', clientId).where('id', '=', companyId).forUpdate().executeTakeFirst()
}

/** Appends (enabled last is listed last) or removes one product; returns the products now enabled. The caller holds the row's lock and knows the change is one. */
export async function changeCompanyProducts(trx: Transaction<Tables>, companyId: string, change: 'add' | 'remove', product: string): Promise<string[]> {
  const products = change === 'add' ? sql<string[]>`array_append(products, ${product}::text)` : sql<string[]>`array_remove(products, ${product}::text)`
  const row = await trx.updateTable('companies').set({ products }).where('id', '=', companyId).returning('products').executeTakeFirstOrThrow()
  return row.products
}

/** The company's enabled products, or undefined when it is not this client's. */
export async function findCompanyProducts(db: Db, clientId: string, companyId: string): Promise<string[] | undefined> {
  const row = await db.selectFrom('companies').select('products').where('client_id', '=', clientId).where('id', '=', companyId).executeTakeFirst()
  return row?.products
}

/** A sync of one of its connections completed: `Company.lastSync`. Never moves back in time. */
export async function markCompanySynced(trx: Transaction<Tables>, companyId: string, at: Date): Promise<void> {
  await trx
    .updateTable('companies')
    .set({ last_sync_at: at })
    .where('id', '=', companyId)
    .where((eb) => eb.or([eb('last_sync_at', 'is', null), eb('last_sync_at', '<', at)]))
    .execute()
}

export interface CompanyWithConnectionsRow extends CompanyRow {
  connections: ConnectionRow[]
}

const connectionsOfRow = sql.ref('companies.id')

/**
 * GET company: one round trip, and a named prepared statement (every API read of a company runs
 * it, so PostgreSQL parses it once per connection and keeps its plan).
 */
const findCompanyWithConnectionsStatement = preparedStatement((db: Kysely<Tables>, clientId: string, companyId: string) =>
  db
    .selectFrom('companies')
    .select([...COLUMNS, companyConnectionsJson(sql`${connectionsOfRow}`).as('connections')])
    .where('client_id', '=', clientId)
    .where('id', '=', companyId),
)

/** A company with its connections, in one statement. */
export async function findCompanyWithConnections(db: Db, clientId: string, companyId: string): Promise<CompanyWithConnectionsRow | undefined> {
  const [row] = await findCompanyWithConnectionsStatement.execute(db, clientId, companyId)
  return row && { ...row, connections: connectionRowsFromJson(row.connections) }
}

/** A page of companies, each with its connections, and the total: one statement. */
export async function listCompanies(db: Db, clientId: string, options: PageOptions): Promise<{ rows: CompanyWithConnectionsRow[]; total: number }> {
  const page = await selectPage(
    db.selectFrom('companies').where('client_id', '=', clientId),
    (query) => query.select([...COLUMNS, companyConnectionsJson(sql`${connectionsOfRow}`).as('connections')]),
    options,
  )
  return { rows: page.rows.map((row) => ({ ...row, connections: connectionRowsFromJson(row.connections) })), total: page.total }
}

/** Updates the company and returns it with its connections: one statement. */
export async function updateCompany(
  db: Db,
  clientId: string,
  companyId: string,
  changes: { name?: string; description?: string | null; tags?: Record<string, string> },
): Promise<CompanyWithConnectionsRow | undefined> {
  const { tags, ...rest } = changes
  const row = await db
    .updateTable('companies')
    .set({ ...rest, ...(tags !== undefined ? { tags: JSON.stringify(tags) } : {}) })
    .where('client_id', '=', clientId)
    .where('id', '=', companyId)
    .returning([...COLUMNS, companyConnectionsJson(sql`${connectionsOfRow}`).as('connections')])
    .executeTakeFirst()
  return row && { ...row, connections: connectionRowsFromJson(row.connections) }
}

/** Returns the deleted row (its last state goes into the company.deleted event), or undefined. */
export async function deleteCompany(db: Db, clientId: string, companyId: string): Promise<CompanyRow | undefined> {
  return await db.deleteFrom('companies').where('client_id', '=', clientId).where('id', '=', companyId).returning(COLUMNS).executeTakeFirst()
}
