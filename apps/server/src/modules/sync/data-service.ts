/**
 * @module Reading synced data: the records of one data type, at the public spec's paths, paged,
 * filtered with the query language and ordered, straight from data_records' JSON; and the financial
 * statements, built from the stored ledger when read. A data type with nothing synced yet answers 409,
 * as the reference does for data not yet fetched.
 */
import { DATA_TYPE_DEFINITIONS, NO_CURRENCY, type DataType, type DataTypeDefinition, type FinancialStatementQuery } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import { compileOrderBy, compileQuery, defineResource, type PropertyDefinition, type QueryableResource } from '@linkway/query-language'
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import type { Clock } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { CompaniesService } from '../companies/index.js'
import type { ConnectionsService } from '../connections/index.js'
import { buildBalanceSheet, buildCashFlowStatement, buildProfitAndLoss, periodsOf, type Ledger } from './financial-statements.js'
import * as repo from './repo.js'
import type { SyncSettingsService } from './sync-settings.js'

const PATH_SEGMENT = /^[A-Za-z][A-Za-z0-9_]*$/

/** The query resource of one data type: each declared property read from the record's JSON and cast to its type. */
export function recordQueryResource(definition: DataTypeDefinition): QueryableResource {
  const properties: Record<string, PropertyDefinition> = {}
  for (const [path, type] of Object.entries(definition.properties)) {
    const segments = path.split('.')
    // Our own declared names, checked, so they can be written into the SQL as a path literal.
    if (!segments.every((segment) => PATH_SEGMENT.test(segment))) throw new Error(`${definition.dataType}: property path ${path} is not a plain dotted name`)
    const text = sql`(data #>> ${sql.raw(`'{${segments.join(',')}}'`)})`
    const expression = type === 'number' ? sql`(${text})::numeric` : type === 'date' ? sql`(${text})::timestamptz` : type === 'boolean' ? sql`(${text})::boolean` : text
    properties[path] = { type, expression, sortable: true }
  }
  const name = (definition.schema.meta()?.id as string | undefined) ?? definition.dataType
  return defineResource(name, properties)
}

const resources = new Map<DataType, QueryableResource>()
function resourceOf(dataType: DataType): QueryableResource {
  let resource = resources.get(dataType)
  if (!resource) resources.set(dataType, (resource = recordQueryResource(DATA_TYPE_DEFINITIONS[dataType])))
  return resource
}

export interface RecordScope {
  companyId: string
  /** Required for connection-scoped data types (banking, commerce); absent for company-scoped ones. */
  connectionId?: string | undefined
  /** A data type listed under another's record (its definition's `parent`): the records whose property holds that id. */
  parentRecord?: { property: string; id: string } | undefined
}

/** Only the records under the parent record the path names, and what the query asks. */
function withParentRecord(filter: Expression<SqlBool> | undefined, parentRecord: RecordScope['parentRecord']): Expression<SqlBool> | undefined {
  if (!parentRecord) return filter
  // The property is a definition's own declared name, never a caller's.
  if (!PATH_SEGMENT.test(parentRecord.property)) throw new Error(`parent property ${parentRecord.property} is not a plain name`)
  const isUnderParent = sql<SqlBool>`(data #>> ${sql.raw(`'{${parentRecord.property}}'`)}) = ${parentRecord.id}`
  return filter ? sql<SqlBool>`(${isUnderParent} and ${filter})` : isUnderParent
}

export interface DataServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  companies: Pick<CompaniesService, 'findReference'>
  connections: Pick<ConnectionsService, 'findById'>
  settings: Pick<SyncSettingsService, 'effectiveFor'>
}

export type FinancialStatementType = 'balanceSheet' | 'profitAndLoss' | 'cashFlowStatement'

const BUILDERS = { balanceSheet: buildBalanceSheet, profitAndLoss: buildProfitAndLoss, cashFlowStatement: buildCashFlowStatement } as const

export function createDataService({ db, clock, companies, connections, settings }: DataServiceDeps) {
  async function requireScope(client: AuthenticatedClient, dataType: DataType, scope: RecordScope): Promise<void> {
    const company = await companies.findReference(client.clientId, scope.companyId)
    if (!company) throw new AppError('company_not_found', { companyId: scope.companyId })
    if (scope.connectionId) {
      const connection = await connections.findById(scope.connectionId)
      if (!connection || connection.client_id !== client.clientId || connection.company_id !== scope.companyId) throw new AppError('connection_not_found', { connectionId: scope.connectionId })
    }
    if (!(await repo.hasReadableData(db, client.clientId, scope.companyId, dataType, scope.connectionId))) throw new AppError('data_not_synced', { dataType, companyId: scope.companyId })
  }

  return {
    async list(client: AuthenticatedClient, dataType: DataType, scope: RecordScope, request: { page: number; pageSize: number; query?: string | undefined; orderBy?: string | undefined }) {
      // The query is checked before any lookup, so a malformed one is a 400 whatever the data.
      const filter = request.query ? compileQuery(request.query, resourceOf(dataType)) : undefined
      const order = compileOrderBy(request.orderBy, resourceOf(dataType))
      await requireScope(client, dataType, scope)
      const { rows, total } = await repo.listRecords(
        db,
        { clientId: client.clientId, companyId: scope.companyId, dataType, connectionId: scope.connectionId },
        { filter: withParentRecord(filter, scope.parentRecord), order, limit: request.pageSize, offset: (request.page - 1) * request.pageSize },
      )
      return { results: rows, totalResults: total }
    },

    async get(client: AuthenticatedClient, dataType: DataType, scope: RecordScope, recordId: string): Promise<unknown> {
      await requireScope(client, dataType, scope)
      const record = await repo.findRecord(db, { clientId: client.clientId, companyId: scope.companyId, dataType, connectionId: scope.connectionId }, recordId)
      if (record === undefined) throw new AppError('record_not_found', { dataType, recordId })
      return record
    },

    /**
     * A financial statement, built now from the company's stored chart of accounts and journal. Built at read,
     * not stored per period at sync: any periodLength × periodsToCompare × startMonth is then one pass over
     * per-account monthly sums, never a stale or missing combination, and a statement can never disagree with
     * the journal it is read beside. It needs its own dataset Complete (the platform offers it: NotSupported
     * elsewhere) and the ledger it is built from synced.
     */
    async statement<K extends FinancialStatementType>(client: AuthenticatedClient, dataType: K, companyId: string, query: FinancialStatementQuery): Promise<ReturnType<(typeof BUILDERS)[K]>> {
      await requireScope(client, dataType, { companyId })
      for (const input of DATA_TYPE_DEFINITIONS[dataType].derivedFrom ?? []) {
        if (!(await repo.hasReadableData(db, client.clientId, companyId, input, undefined))) throw new AppError('data_not_synced', { dataType: input, companyId })
      }
      const scope = { clientId: client.clientId, companyId }
      // Read outside a transaction, as every data read is: during a sync the statement is built from what is stored so far.
      const [accounts, movements, companyInfo, effective] = await Promise.all([
        repo.listLedgerAccounts(db, scope),
        repo.sumLedgerMovements(db, scope),
        repo.listRecords(db, { ...scope, dataType: 'company', connectionId: undefined }, { filter: undefined, order: undefined, limit: 1, offset: 0 }),
        settings.effectiveFor(client.clientId, companyId),
      ])
      const ledger: Ledger = { accounts, movements, currency: baseCurrencyOf(companyInfo.rows[0]), financialYearStartMonth: financialYearStartMonthOf(companyInfo.rows[0]) }
      const history = effective.find((setting) => setting.dataType === dataType)?.monthsToSync ?? DATA_TYPE_DEFINITIONS[dataType].defaultMonthsToSync ?? Number.POSITIVE_INFINITY
      return BUILDERS[dataType](ledger, periodsOf(query, history, clock.now())) as ReturnType<(typeof BUILDERS)[K]>
    },

    /** Company info and commerce company info: one record per connection, the newest one read. */
    async single(client: AuthenticatedClient, dataType: DataType, scope: RecordScope): Promise<unknown> {
      await requireScope(client, dataType, scope)
      const { rows } = await repo.listRecords(db, { clientId: client.clientId, companyId: scope.companyId, dataType, connectionId: scope.connectionId }, { filter: undefined, order: undefined, limit: 1, offset: 0 })
      if (rows.length === 0) throw new AppError('data_not_synced', { dataType, companyId: scope.companyId })
      return rows[0]
    },
  }
}

export type DataService = ReturnType<typeof createDataService>

/**
 * The month (1–12) the company info's financialYearStartDate falls in; January when the platform gives none. Any
 * year's start names the month: the statements are by month, so a year starting mid-month starts in that month.
 */
function financialYearStartMonthOf(companyInfo: unknown): number {
  const start = (companyInfo as { financialYearStartDate?: unknown } | undefined)?.financialYearStartDate
  const ms = typeof start === 'string' ? Date.parse(start) : Number.NaN
  return Number.isNaN(ms) ? 1 : new Date(ms).getUTCMonth() + 1
}

/** The company info's base currency; NO_CURRENCY when the platform gives none. */
function baseCurrencyOf(companyInfo: unknown): string {
  const currency = (companyInfo as { baseCurrency?: unknown } | undefined)?.baseCurrency
  return typeof currency === 'string' && currency !== '' ? currency : NO_CURRENCY
}
