/**
 * @module The query language over the in-memory catalogue. The integrations list is a few dozen
 * rows that live in memory, so the query is evaluated there, by the query-language package's
 * evaluator (the same semantics its SQL compiler has, property-tested against it).
 */
export { evaluateQueryInMemory, type InMemoryValue, type PropertyType } from '@linkway/query-language'

/** `name` ascending, `-name` descending; undefined when absent or blank. */
export function trimmedOrderBy(text: string | undefined): { name: string; isDescending: boolean } | undefined {
  if (typeof text !== 'string') return undefined
  const trimmed = text.trim()
  if (trimmed.length === 0) return undefined
  return trimmed.startsWith('-') ? { name: trimmed.slice(1), isDescending: true } : { name: trimmed, isDescending: false }
}
