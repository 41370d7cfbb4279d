/** @module What a list endpoint tells the query language about its resource: property names, types and SQL. */
import type { Expression, RawBuilder } from 'kysely'
import type { ComparisonOperator } from './parse-query.js'

/**
 * How a property's values are written in a query and compared:
 * - `string`: any text; `=` and `!=` exact and case-sensitive, `~` case-insensitive "contains".
 * - `number`: a finite decimal number, compared as `numeric`.
 * - `boolean`: `true` or `false`, any case.
 * - `date`: a `YYYY-MM-DD` day (the whole UTC day) or an ISO-8601 datetime with `Z` or an offset.
 *   The expression must be a `timestamptz`.
 * - `uuid`: a GUID, any case. The expression must be a `uuid`.
 * - `{ enum }`: one of the members, any case; the SQL compares with the member's spelling here,
 *   so the expression must hold exactly these spellings (as `text`).
 */
export type PropertyType = 'string' | 'number' | 'boolean' | 'date' | 'uuid' | { enum: readonly string[] }

export interface PropertyDefinition {
  type: PropertyType
  /** The SQL expression this property reads, e.g. sql.ref('companies.name') or sql`companies.tags->>${key}` */
  expression: Expression<unknown> | RawBuilder<unknown>
  /** Narrows the operators the type allows (it cannot widen them), e.g. tags allow only `=`, `!=`, `~`. */
  operators?: readonly ComparisonOperator[]
  /** May be named in `orderBy`. */
  sortable?: boolean
  /**
   * For a `string` property: SQL with exactly the meaning of `expression = value` that an index can
   * serve (e.g. `tags @> jsonb_build_object(key, value)` for a GIN index on a jsonb column).
   */
  indexedEquals?: (value: string) => RawBuilder<boolean>
  /**
   * For a property of a one-to-many relation (a company's `dataConnections.status`): wraps the
   * comparison in `exists (select … where <condition>)`. `!=` then means "none has this value",
   * as the reference's "no connections" query reads: `dataConnections.status!=Linked && …`.
   */
  existsIn?: (condition: RawBuilder<boolean>) => RawBuilder<boolean>
}

export interface QueryableResource {
  /** Used in error messages: "Could not resolve property X on {name}" */
  name: string
  /** Returns the definition of a (possibly dotted) property path, or undefined if unknown. */
  resolve(path: string): PropertyDefinition | undefined
}
