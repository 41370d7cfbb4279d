/**
 * @module What the query language may say about a company: its properties, their types and the
 * SQL each reads. `tags.<key>` reaches any tag; the list's `tags` parameter speaks of tags alone.
 */
import { defineResource, type PropertyDefinition, type QueryableResource } from '@linkway/query-language'
import { sql } from 'kysely'
import { companyConnectionProperties } from '../connections/index.js'

function tagProperty(key: string): PropertyDefinition | undefined {
  if (key.length < 1 || key.length > 27) return undefined
  return {
    type: 'string',
    expression: sql`companies.tags ->> ${key}`,
    operators: ['=', '!=', '~'],
    // Tag values are always strings, so containment means the same as ->> equality, and the GIN index
    // serves it. A jsonb literal (not jsonb_build_object) lets the planner read its statistics, and
    // is not rebuilt for every row when it chooses to scan.
    indexedEquals: (value) => sql<boolean>`companies.tags @> ${JSON.stringify({ [key]: value })}::jsonb`,
  }
}

export const companyQueryResource: QueryableResource = defineResource(
  'Company',
  {
    id: { type: 'uuid', expression: sql.ref('companies.id') },
    name: { type: 'string', expression: sql.ref('companies.name'), sortable: true },
    description: { type: 'string', expression: sql.ref('companies.description'), sortable: true },
    created: { type: 'date', expression: sql.ref('companies.created_at'), sortable: true },
    lastSync: { type: 'date', expression: sql.ref('companies.last_sync_at'), sortable: true },
    ...companyConnectionProperties(sql.ref('companies.id')),
  },
  { tags: tagProperty },
)

/** The `tags` parameter: `region=uk && team=invoice-finance` names tag keys directly. */
export const companyTagsResource: QueryableResource = {
  name: 'Company',
  resolve: tagProperty,
}
