/**
 * @module Test helpers (`@linkway/query-language/testing`): the reference evaluator and a fast-check
 * arbitrary of valid queries. Kept out of the main entry so production code never loads fast-check.
 */
export { evaluateQueryInMemory, type InMemoryEvaluationOptions, type InMemoryValue } from './reference-evaluator.js'
export { arbitraryQueryText, type ArbitraryQueryOptions, type QueryPropertySample } from './arbitrary-query.js'
