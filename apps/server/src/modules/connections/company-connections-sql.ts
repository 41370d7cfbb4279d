/**
 * @module What other modules may put in their own statements about a company's connections, so a
 * company and its `dataConnections` stay one round trip (GET company, the companies list, company
 * queries). The connections module owns the SQL: the function `linkway_company_connections`
 * (migration 0005) and the `exists` of the query properties below. Other modules embed these
 * expressions; they never name the `connections` table.
 */
import { CONNECTION_STATUSES, SOURCE_TYPES } from '@linkway/contracts'
import type { PropertyDefinition } from '@linkway/query-language'
import { sql, type Expression, type RawBuilder } from 'kysely'
import type { ConnectionRow } from './repo.js'

/**
 * A company's connections as one JSON array, for a company query to carry. Read it back with
 * `connectionRowsFromJson`.
 */
export function companyConnectionsJson(companyId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`linkway_company_connections(${companyId})`
}

type ConnectionJson = Omit<ConnectionRow, 'created_at' | 'last_sync_at'> & { created_at: string; last_sync_at: string | null }

export function connectionRowsFromJson(value: unknown): ConnectionRow[] {
  return (value as ConnectionJson[]).map((row) => ({ ...row, created_at: new Date(row.created_at), last_sync_at: row.last_sync_at === null ? null : new Date(row.last_sync_at) }))
}

/**
 * `dataConnections.status|sourceType|integrationKey` in a company query: true when one of the
 * company's connections matches (`!=` then means none has it, as the reference's "no connections"
 * query reads). `companyId` is the company row's id column in the caller's statement.
 */
export function companyConnectionProperties(companyId: Expression<unknown>): Record<string, PropertyDefinition> {
  const existsIn = (condition: RawBuilder<boolean>) => sql<boolean>`exists (select 1 from connections as company_connections where company_connections.company_id = ${companyId} and ${condition})`
  return {
    'dataConnections.status': { type: { enum: [...CONNECTION_STATUSES] }, expression: sql.ref('company_connections.status'), existsIn },
    'dataConnections.sourceType': { type: { enum: [...SOURCE_TYPES] }, expression: sql.ref('company_connections.source_type'), existsIn },
    'dataConnections.integrationKey': { type: 'string', expression: sql.ref('company_connections.platform_key'), existsIn },
  }
}
