/** @module The query language of the public API's list endpoints: `?query=` filters and `?orderBy=`, compiled to SQL. */
export { compileOrderBy, compileQuery, operatorsOf, type CompiledOrderBy } from './compile-query.js'
export { defineResource, type DynamicPropertyResolver } from './define-resource.js'
export { QueryLanguageError, QueryLanguageErrorCode } from './errors.js'
export { MAX_NESTING_DEPTH, MAX_QUERY_LENGTH, parseQuery, type ComparisonOperator, type QueryNode } from './parse-query.js'
export type { PropertyDefinition, PropertyType, QueryableResource } from './queryable-resource.js'
export { evaluateQueryInMemory, type InMemoryEvaluationOptions, type InMemoryValue } from './reference-evaluator.js'
