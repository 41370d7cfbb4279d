/**
 * @module fast-check arbitraries from the API's own OpenAPI document: a value for a JSON Schema
 * as @fastify/swagger writes zod's, valid by construction, or with hostile values mixed in at
 * every level (NUL, unpaired surrogates, 1e309, huge numbers, long strings, deep nesting,
 * `__proto__`), and the request as bytes: a percent-encoded path, a query string, a JSON body.
 * The fuzzer's generators (api-fuzz.property.test.ts); tests only.
 */
import fc from 'fast-check'

export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  propertyNames?: JsonSchema
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  maxProperties?: number
  /** The document's own example of a valid value (zod's `.meta({ example })`). */
  example?: unknown
}

export interface GeneratorOptions {
  /** `#/components/schemas/…`, for `$ref`. */
  components: Record<string, JsonSchema>
  /** Mix hostile values in at every level, or generate only valid values. */
  isHostile: boolean
  /** Values worth trying for a property of this name, or for the items of an array of this name (the client's real ids, known platform keys). */
  hints?: Record<string, readonly string[]>
}

/**
 * JSON has no way to say "a number JavaScript cannot hold" through JSON.stringify: these markers
 * stand for one, and `toJsonText` writes them as the tokens 1e309 and -1e309 (JSON.parse reads ±Infinity).
 */
const OVERFLOW = '\u0001overflow\u0001'
const NEGATIVE_OVERFLOW = '\u0001-overflow\u0001'

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ud83d\ude00',
  '__proto__',
  'constructor',
  'toString',
  '%00',
  '%',
  '../../etc/passwd',
  "'; drop table companies; --",
  '{companyId}',
  '<script>alert(1)</script>',
  '\u202e\ufeff',
  '0000-01-01T00:00:00Z',
  '0000-01-01',
  '0001-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59-14:00',
  '+275760-09-13T00:00:00Z',
  '1e309',
  '-1',
  'NaN',
  '9'.repeat(400),
  'é'.repeat(300),
  'x'.repeat(5_000),
  '00000000-0000-0000-0000-000000000000',
]

export const HOSTILE_NUMBERS: readonly unknown[] = [9e12, -9e12, 1e308, -1e308, 2 ** 53 + 2, -0, 0.5, 5e-324, OVERFLOW, NEGATIVE_OVERFLOW]

function nested(depth: number): unknown {
  let value: unknown = 1
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { a: value }
  return value
}

/** Any hostile JSON value: a string, a number, deep nesting, an object with an own `__proto__`. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, [], {}, nested(2_000), { ['__proto__']: { isAdmin: true } }, { constructor: { prototype: { isAdmin: true } } }) },
)

/** Bodies no generator writes as a value: JSON that is not, or is too deep, or too large. */
export const HOSTILE_BODIES: readonly string[] = [
  '',
  'null',
  '{',
  '{"name": "a"',
  '[]',
  '"text"',
  '{"name": 1e309}',
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '['.repeat(50_000) + ']'.repeat(50_000),
  `{"description": "${'x'.repeat(1_100_000)}"}`,
  '{"name": "\\ud800", "description": "\\u0000"}',
]

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  let resolved = schema
  for (let hops = 0; resolved.$ref && hops < 10; hops++) {
    const name = resolved.$ref.replace('#/components/schemas/', '')
    resolved = components[name] ?? {}
  }
  return resolved
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 24, 40))
  switch (schema.format) {
    case 'uuid':
      return fc.uuid()
    case 'date-time':
      return fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString())
    case 'date':
      return fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10))
    case 'email':
      return fc.emailAddress()
    case 'uri':
      return fc.webUrl()
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity))
    } catch {
      // A pattern fast-check cannot read: plain text below.
    }
  }
  return fc.string({ minLength, maxLength })
}

function numberFor(schema: JsonSchema, isInteger: boolean): fc.Arbitrary<number> {
  const min = Math.max(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000), Number.MIN_SAFE_INTEGER)
  const max = Math.min(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000), Number.MAX_SAFE_INTEGER)
  return isInteger ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
}

/** Characters a database may not take, put into an otherwise valid text, so the text passes every other check. */
const TAINTS = ['\u0000', '\ud800', '\udfff']

function tainted(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.constantFrom(...TAINTS), fc.nat()).map(([value, taint, at]) => {
    if (typeof value !== 'string') return value
    const index = value.length === 0 ? 0 : at % (value.length + 1)
    return `${value.slice(0, index)}${taint}${value.slice(index)}`
  })
}

/** Instants at the edges of what JavaScript and PostgreSQL agree on, each valid ISO-8601. */
const EDGE_INSTANTS = ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59-14:00']

/**
 * A value for `schema`: valid, or (isHostile) with hostile values mixed in at every level. A
 * string is also tainted (a NUL or an unpaired surrogate put into a valid one) and a date-time
 * moved to the edge of the calendar, so the hostile part reaches past every other check.
 */
export function valueFor(schema: JsonSchema, options: GeneratorOptions, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, options.components)
  const valid = validValueFor(resolved, options, name, depth)
  const hinted = name && options.hints?.[name] ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...options.hints[name]) }, { weight: 1, arbitrary: valid }) : valid
  if (!options.isHostile) return hinted
  if (resolved.type === 'string') {
    const edge = resolved.format === 'date-time' ? fc.constantFrom(...EDGE_INSTANTS) : tainted(hinted)
    return fc.oneof({ weight: 10, arbitrary: hinted }, { weight: 2, arbitrary: edge }, { weight: 1, arbitrary: hostileValue })
  }
  // Rare enough that a body of twenty fields is often valid but for one: the hostile part gets past validation.
  return fc.oneof({ weight: 12, arbitrary: hinted }, { weight: 1, arbitrary: hostileValue })
}

function validValueFor(schema: JsonSchema, options: GeneratorOptions, name: string | undefined, depth: number): fc.Arbitrary<unknown> {
  if (schema.example !== undefined) return fc.oneof(fc.constant(schema.example), validValueFor({ ...schema, example: undefined }, options, name, depth))
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => valueFor(alternative, options, name, depth + 1)))
  if (schema.allOf) return valueFor(Object.assign({}, ...schema.allOf.map((part) => resolve(part, options.components))), options, name, depth + 1)
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  if (types.length > 1) return fc.oneof(...types.map((type) => valueFor({ ...schema, type }, options, name, depth + 1)))
  const deeper = depth > 6
  switch (types[0]) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return numberFor(schema, true)
    case 'number':
      return numberFor(schema, false)
    case 'string':
      return stringFor(schema)
    case 'array': {
      const item = schema.items ?? {}
      const minLength = schema.minItems ?? 0
      return fc.array(valueFor(item, options, name, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, deeper ? 0 : 3)) })
    }
    case 'object': {
      const properties = schema.properties ?? {}
      const model: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, property] of Object.entries(properties)) model[key] = valueFor(property, options, key, depth + 1)
      const known = fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) })
      if (typeof schema.additionalProperties !== 'object' || deeper) return known
      const keys = schema.propertyNames ? (stringFor(resolve(schema.propertyNames, options.components)) as fc.Arbitrary<string>) : fc.string({ maxLength: 12 })
      const hostileKeys = options.isHostile ? fc.oneof({ weight: 4, arbitrary: keys }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((text) => text.length < 100)) }) : keys
      const extra = fc.dictionary(hostileKeys, valueFor(schema.additionalProperties, options, undefined, depth + 1), { maxKeys: Math.min(schema.maxProperties ?? 3, 3) })
      return fc.tuple(known, extra).map(([fixed, more]) => ({ ...more, ...fixed }))
    }
    default:
      return deeper ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 })
  }
}

/** JSON text of a generated value, with the overflow markers written as numbers JavaScript cannot hold. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replaceAll(JSON.stringify(OVERFLOW), '1e309').replaceAll(JSON.stringify(NEGATIVE_OVERFLOW), '-1e309')
}

/** A value as it travels in a path or a query string: text, the overflow markers as 1e309. */
export function toParameterText(value: unknown): string {
  if (value === OVERFLOW) return '1e309'
  if (value === NEGATIVE_OVERFLOW) return '-1e309'
  return typeof value === 'string' ? value : JSON.stringify(value) ?? ''
}

/**
 * Percent-encoding that also writes an unpaired surrogate (encodeURIComponent throws on one) as
 * the three bytes it would take (WTF-8): what a careless client sends.
 */
export function percentEncode(text: string): string {
  let encoded = ''
  for (const character of text) {
    const code = character.codePointAt(0)!
    if (code >= 0xd800 && code <= 0xdfff) {
      encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('')
    } else {
      encoded += encodeURIComponent(character)
    }
  }
  return encoded
}
