/**
 * @module Shopify's answers checked against Shopify's own REST resources for Admin API 2024-10
 * (reference/shopify: each resource class's declared properties, and the sample answers recorded in
 * its generated tests). A field neither declares nor records fails, as does a JSON type neither
 * allows. Inside a field typed only as "an object" or "an array of objects" (line_items, addresses,
 * money sets), the recorded samples are the reference: their fields and types, level by level. Where
 * neither says anything about what is inside, the place is reported as unverified, not passed silently.
 */
import { readFileSync } from 'node:fs'
import { SHOPIFY_SHAPES_RECORDED_ELSEWHERE, SHOPIFY_TYPES_DECLARED_ELSEWHERE } from './reference-exceptions.js'
import type { ReferenceViolation } from './reference-violations.js'

/** What the recorded samples hold at one place: the JSON types seen, and inside objects and arrays the same again. */
interface RecordedShape {
  types?: string[]
  fields?: Record<string, RecordedShape>
  items?: RecordedShape
}

interface DeclaredField {
  /** JSON types, `any` for TypeScript's unknown; `object` also when the field holds a resource. */
  declared: string[]
  resource?: string
}

interface ShopifyResource {
  names: { singular: string; plural: string }
  /** What its lists are answered under in the recorded samples: usually the plural. */
  listKeys: string[]
  getPaths: string[]
  fields: Record<string, DeclaredField>
  recorded: RecordedShape
}

export interface ShopifyReference {
  /** The violations of one Admin API answer, by its path under the API base (`/orders.json?…`). */
  checkAnswer(endpoint: string, status: number, body: unknown): ReferenceViolation[]
  /** Places inside an answer the reference says nothing about (e.g. `Order.payment_details`), seen so far. */
  unverifiedPlaces(): string[]
}

const jsonTypeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)

/** Reads the reference once; checking an answer is then a walk over it. */
export function loadShopifyReference(): ShopifyReference {
  const { resources } = JSON.parse(readFileSync(new URL('../../reference/shopify/shopify-rest-2024-10.json', import.meta.url), 'utf8')) as { resources: Record<string, ShopifyResource> }
  const unverified = new Set<string>()

  function checkResource(className: string, value: unknown, path: string, alsoRecorded: RecordedShape | undefined, report: (path: string, rule: string) => void): void {
    const resource = resources[className]
    if (resource === undefined) throw new Error(`The Shopify reference holds no ${className}: add it to reference/shopify/extract.mjs`)
    if (jsonTypeOf(value) !== 'object') return report(path, `must be object (a ${className})`)
    for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
      const declared = resource.fields[field]
      const recorded = resource.recorded.fields?.[field] ?? alsoRecorded?.fields?.[field]
      const place = `${path}.${field}`
      if (declared === undefined && recorded === undefined) {
        report(place, `is a field ${className} neither declares nor records (unknown field)`)
        continue
      }
      const allowed = new Set([...(declared?.declared ?? []), ...(recorded?.types ?? [])])
      const type = jsonTypeOf(inner)
      if (!allowed.has('any') && !allowed.has(type)) {
        report(place, `must be ${[...allowed].sort().join(' or ')} (type: ${className} declares ${JSON.stringify(declared?.declared ?? [])}, its samples record ${JSON.stringify(recorded?.types ?? [])})`)
        continue
      }
      checkInside(`${className}.${field}`, declared?.resource, recorded, inner, place, report)
    }
  }

  /** The recorded shape at `Order.line_items[].tax_lines[]`. */
  function recordedAt(where: string): RecordedShape | undefined {
    const [className, ...steps] = where.split('.')
    let shape: RecordedShape | undefined = resources[className ?? '']?.recorded
    for (const step of steps) {
      shape = shape?.fields?.[step.replace(/(\[\])+$/, '')]
      for (let depth = 0; depth < (step.match(/\[\]/g) ?? []).length; depth++) shape = shape?.items
    }
    return shape
  }

  /** Inside an object or array field: a declared resource, else the recorded shape, else unverified. */
  function checkInside(where: string, resource: string | undefined, recorded: RecordedShape | undefined, value: unknown, path: string, report: (path: string, rule: string) => void): void {
    const type = jsonTypeOf(value)
    if (type === 'array') {
      ;(value as unknown[]).forEach((item, index) => checkInside(`${where}[]`, resource, recorded?.items, item, `${path}[${index}]`, report))
      return
    }
    if (type !== 'object') return
    if (resource !== undefined) return checkResource(resource, value, path, recorded, report)
    const elsewhere = SHOPIFY_SHAPES_RECORDED_ELSEWHERE[where]
    if (recorded?.fields === undefined && elsewhere !== undefined) return checkInside(elsewhere, undefined, recordedAt(elsewhere), value, path, report)
    if (recorded?.fields === undefined) {
      unverified.add(where)
      return
    }
    const declaredElsewhere = resources[SHOPIFY_TYPES_DECLARED_ELSEWHERE[where] ?? '']?.fields
    for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
      const shape = recorded.fields[field]
      const place = `${path}.${field}`
      if (shape === undefined) {
        report(place, `is a field the recorded samples of ${where} never hold (unknown field)`)
        continue
      }
      const allowed = [...new Set([...(shape.types ?? []), ...(declaredElsewhere?.[field]?.declared ?? [])])].sort()
      if (!allowed.includes(jsonTypeOf(inner))) {
        report(place, `must be ${allowed.join(' or ')} (type, as recorded in the samples of ${where})`)
        continue
      }
      checkInside(`${where}.${field}`, undefined, shape, inner, place, report)
    }
  }

  return {
    checkAnswer(endpoint, status, body) {
      const violations: ReferenceViolation[] = []
      const report = (path: string, rule: string): void => void violations.push({ platform: 'Shopify', endpoint, path, rule })
      const path = endpoint.replace(/^GET \//, '').split('?')[0]!
      const found = Object.entries(resources).find(([, resource]) => resource.getPaths.includes(path))
      if (found === undefined) return [{ platform: 'Shopify', endpoint, path: '$', rule: 'is an endpoint no resource of the reference serves' }]
      if (status !== 200) return [{ platform: 'Shopify', endpoint, path: '$', rule: `answered ${status}, not a recorded answer` }]
      const [className, resource] = found
      if (jsonTypeOf(body) !== 'object') return [{ platform: 'Shopify', endpoint, path: '$', rule: 'must be object (type)' }]
      for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
        if (resource.listKeys.includes(key) && Array.isArray(value)) value.forEach((item, index) => checkResource(className, item, `$.${key}[${index}]`, undefined, report))
        else if (key === resource.names.singular) checkResource(className, value, `$.${key}`, undefined, report)
        else report(`$.${key}`, `is not ${className}'s list (${resource.listKeys.join(', ')}) or object (${resource.names.singular})`)
      }
      return violations
    },
    unverifiedPlaces: () => [...unverified].sort(),
  }
}
