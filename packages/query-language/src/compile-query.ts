/** @module compileQuery and compileOrderBy: query parameters to parameterised SQL over a resource's properties. */
import { sql, type Expression, type RawBuilder } from 'kysely'
import { orderByUnknownProperty, unknownProperty, unsupportedOperator } from './errors.js'
import { parseQuery, trimQueryWhitespace, type ComparisonOperator, type QueryNode } from './parse-query.js'
import type { PropertyDefinition, QueryableResource } from './queryable-resource.js'
import { readTypedValue, type TypedValue } from './typed-value.js'

const OPERATORS_BY_TYPE: Record<'string' | 'number' | 'boolean' | 'date' | 'uuid' | 'enum', readonly ComparisonOperator[]> = {
  string: ['=', '!=', '~'],
  number: ['=', '!=', '>', '<', '>=', '<='],
  date: ['=', '!=', '>', '<', '>=', '<='],
  boolean: ['=', '!='],
  uuid: ['=', '!='],
  enum: ['=', '!='],
}

/** The operators a property accepts: its type's, narrowed by the definition's own list if it has one. */
export function operatorsOf(definition: Pick<PropertyDefinition, 'type' | 'operators'>): readonly ComparisonOperator[] {
  const byType = OPERATORS_BY_TYPE[typeof definition.type === 'object' ? 'enum' : definition.type]
  return definition.operators ? byType.filter((operator) => definition.operators!.includes(operator)) : byType
}

/**
 * Parses `text`, resolves every property on `resource` and reads every value as its property's
 * type, then builds one boolean SQL expression for a WHERE clause. Values are always bound as
 * parameters. Returns undefined for an empty or whitespace-only query (no filter).
 *
 * Semantics (the reference evaluator implements the same independently):
 * - `!=` is `IS DISTINCT FROM`, so it matches a null; every other operator is false on a null.
 *   A clause meeting a null may yield SQL NULL rather than false: right in a WHERE, wrong under a NOT.
 * - `~` is `strpos(lower(x), lower(v)) > 0`: case-insensitive as far as the database's lower()
 *   folds case (under a C.UTF-8 ctype, Latin letters as JavaScript's toLowerCase does; a few
 *   letters such as `İ` or a final `Σ` fold differently).
 * - A day `d` is the UTC range [d, d+1): `=` inside it, `!=` outside it (or null), `>` from d+1,
 *   `>=` from d, `<` before d, `<=` before d+1. A datetime is an instant, to the millisecond.
 *
 * Errors are reported for the first offending clause in reading order, checked in the order
 * property, operator, value.
 *
 * @throws QueryLanguageError with any `query_*` code
 */
export function compileQuery(text: string, resource: QueryableResource): RawBuilder<boolean> | undefined {
  const tree = parseQuery(text)
  return tree && compileNode(tree, resource)
}

function compileNode(node: QueryNode, resource: QueryableResource): RawBuilder<boolean> {
  if (node.kind === 'clause') return compileClause(node, resource)
  const children = node.children.map((child) => compileNode(child, resource))
  return sql<boolean>`(${sql.join(children, node.kind === 'and' ? sql` and ` : sql` or `)})`
}

function compileClause(clause: Extract<QueryNode, { kind: 'clause' }>, resource: QueryableResource): RawBuilder<boolean> {
  const definition = resource.resolve(clause.path)
  if (!definition) throw unknownProperty(clause.path, resource.name)
  if (!operatorsOf(definition).includes(clause.operator)) throw unsupportedOperator(clause.operator, clause.path)
  const value = readTypedValue(definition.type, clause.value, clause.path)
  if (clause.operator === '=' && value.type === 'string' && definition.indexedEquals) return definition.indexedEquals(value.text)
  if (definition.existsIn) {
    if (clause.operator === '!=') return sql<boolean>`not ${definition.existsIn(comparison(sql`(${definition.expression})`, '=', value))}`
    return definition.existsIn(comparison(sql`(${definition.expression})`, clause.operator, value))
  }
  return comparison(sql`(${definition.expression})`, clause.operator, value)
}

function comparison(column: RawBuilder<unknown>, operator: ComparisonOperator, value: TypedValue): RawBuilder<boolean> {
  switch (value.type) {
    case 'string':
      // ILIKE, not strpos(lower()): the same case-insensitive "contains", and a trigram index serves it.
      if (operator === '~') return sql<boolean>`${column} ilike ${`%${escapeLikePattern(value.text)}%`}::text`
      return compare(column, operator, sql`${value.text}::text`)
    case 'enum':
      return compare(column, operator, sql`${value.member}::text`)
    case 'uuid':
      return compare(column, operator, sql`${value.text}::uuid`)
    case 'boolean':
      return compare(column, operator, sql`${value.value}::boolean`)
    case 'number':
      return compare(column, operator, sql`${value.decimal}::numeric`)
    case 'instant':
      return compare(column, operator, sql`${value.at}::timestamptz`)
    case 'day': {
      const start = sql`${value.start}::timestamptz`
      const end = sql`${value.end}::timestamptz`
      switch (operator) {
        case '=':
          return sql<boolean>`(${column} >= ${start} and ${column} < ${end})`
        case '!=':
          return sql<boolean>`(${column} < ${start} or ${column} >= ${end} or ${column} is null)`
        case '>':
          return sql<boolean>`${column} >= ${end}`
        case '>=':
          return sql<boolean>`${column} >= ${start}`
        case '<':
          return sql<boolean>`${column} < ${start}`
        case '<=':
          return sql<boolean>`${column} < ${end}`
        case '~':
          throw new TypeError('unreachable: ~ is not a date operator')
      }
    }
  }
}

function compare(column: RawBuilder<unknown>, operator: ComparisonOperator, value: RawBuilder<unknown>): RawBuilder<boolean> {
  switch (operator) {
    case '=':
      return sql<boolean>`${column} = ${value}`
    case '!=':
      return sql<boolean>`${column} is distinct from ${value}`
    case '>':
      return sql<boolean>`${column} > ${value}`
    case '>=':
      return sql<boolean>`${column} >= ${value}`
    case '<':
      return sql<boolean>`${column} < ${value}`
    case '<=':
      return sql<boolean>`${column} <= ${value}`
    case '~':
      throw new TypeError('unreachable: ~ is compiled by the caller')
  }
}

export interface CompiledOrderBy {
  expression: Expression<unknown> | RawBuilder<unknown>
  direction: 'asc' | 'desc'
}

/**
 * `name` sorts ascending, `-name` descending; only a property marked `sortable` may be named.
 * Returns undefined when `text` is absent or blank (the endpoint's default order).
 *
 * @throws QueryLanguageError order_by_unknown_property
 */
export function compileOrderBy(text: string | undefined, resource: QueryableResource): CompiledOrderBy | undefined {
  if (text === undefined || text === null) return undefined
  // The parameter arrives from a URL: a repeated `?orderBy=` may reach here as an array.
  const given: unknown = text
  if (typeof given !== 'string') throw orderByUnknownProperty(Array.isArray(given) ? given.join(',') : '', resource.name)
  const trimmed = trimQueryWhitespace(text)
  if (trimmed.length === 0) return undefined
  const descending = trimmed.startsWith('-')
  const name = descending ? trimmed.slice(1) : trimmed
  const definition = resource.resolve(name)
  if (!definition?.sortable) throw orderByUnknownProperty(name, resource.name)
  return { expression: definition.expression, direction: descending ? 'desc' : 'asc' }
}

/** A text matched literally inside a LIKE pattern: its `\\`, `%` and `_` escaped with LIKE's default escape, the backslash. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}
