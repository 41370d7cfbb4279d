/** @module defineResource: a QueryableResource from a table of named properties and dynamic prefixes. */
import type { PropertyDefinition, QueryableResource } from './queryable-resource.js'

/** Builds the definition of `prefix.subKey`, or returns undefined when the sub-key is not acceptable. */
export type DynamicPropertyResolver = (subKey: string) => PropertyDefinition | undefined

/**
 * Resolves a path in this order:
 * 1. an exact name in `properties` (a name may itself be dotted, e.g. `dataConnections.status`);
 * 2. the same, ignoring case, because Codat clients write both `sourceType` and `sourcetype`;
 * 3. for `prefix.rest`, `dynamic[prefix](rest)`, the prefix matched exactly, else ignoring case.
 *    `rest` is passed as written: sub-keys such as tag keys are case-sensitive data.
 * When two names differ only in case, the case-insensitive fallback picks the first one listed.
 */
export function defineResource(
  name: string,
  properties: Record<string, PropertyDefinition>,
  dynamic: Record<string, DynamicPropertyResolver> = {},
): QueryableResource {
  // Maps, not the records themselves: a path such as `constructor` or `__proto__` must not find
  // something on Object.prototype.
  const exact = new Map(Object.entries(properties))
  const ignoringCase = new Map<string, PropertyDefinition>()
  for (const [propertyName, definition] of exact) {
    const key = propertyName.toLowerCase()
    if (!ignoringCase.has(key)) ignoringCase.set(key, definition)
  }
  const dynamicExact = new Map(Object.entries(dynamic))
  const dynamicIgnoringCase = new Map<string, DynamicPropertyResolver>()
  for (const [prefix, resolver] of dynamicExact) {
    const key = prefix.toLowerCase()
    if (!dynamicIgnoringCase.has(key)) dynamicIgnoringCase.set(key, resolver)
  }

  return {
    name,
    resolve(path) {
      const named = exact.get(path) ?? ignoringCase.get(path.toLowerCase())
      if (named) return named
      const dot = path.indexOf('.')
      if (dot <= 0) return undefined
      const prefix = path.slice(0, dot)
      const resolver = dynamicExact.get(prefix) ?? dynamicIgnoringCase.get(prefix.toLowerCase())
      return resolver?.(path.slice(dot + 1))
    },
  }
}
