/**
 * @module What other modules may put in their own statements about a company's connections, so a
 * company and its `dataConnections` stay one round trip (GET company, the companies list, company
 * queries). The connections module owns the SQL: the aggregate and the `exists` of the query
 * properties below. Other modules embed these expressions; they never name the `connections` table.
 */
import { CONNECTION_STATUSES, SOURCE_TYPES } from '@linkway/contracts'
import type { PropertyDefinition } from '@linkway/query-language'
import { sql, type Expression, type RawBuilder } from 'kysely'
import type { ConnectionRow } from './repo.js'

/**
 * A company's connections as one JSON array, for a company query to carry. Read it back with
 * `connectionRowsFromJson`.
 *
 * A correlated subquery, not the PL/pgSQL function `linkway_company_connections` of migration 0005
 * that this replaced: the function call cost about 6 µs per company (0.6 ms of a 100-company
 * page, a fifth of the list's PostgreSQL time, docs/performance.md), and what the function saved,
 * planning the subquery once, GET company's prepared statement now saves too. The function stays
 * in the schema while processes of the previous version may still call it during a rolling
 * restart; a later migration drops it.
 */
export function companyConnectionsJson(companyId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`coalesce((select json_agg(json_build_object(
    'id', c.id, 'client_id', c.client_id, 'company_id', c.company_id, 'platform_key', c.platform_key,
    'source_type', c.source_type, 'status', c.status, 'errors', c.errors, 'connection_info', c.connection_info,
    'created_at', c.created_at, 'last_sync_at', c.last_sync_at
  ) order by c.created_at, c.seq) from connections c where c.company_id = ${companyId}), '[]'::json)`
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
