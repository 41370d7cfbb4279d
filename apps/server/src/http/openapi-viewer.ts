/**
 * @module What the browsable reference at /docs renders: the OpenAPI 3.1 document of /openapi.json
 * rewritten as OpenAPI 3.0.3. Swagger UI resolves a 3.1 document through a far slower path than a
 * 3.0 one (seconds to open each operation on Linkway's 127 paths and 372 schemas; the same
 * document as 3.0.3 opens at once), and the difference is only in how a few schema keywords are
 * spelled. /openapi.json itself stays 3.1: it is the contract clients and SDK generators read.
 */

type JsonObject = Record<string, unknown>

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value)

/** Places in an OpenAPI document whose values are maps of schemas by name (property names are data, not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'schemas'])

/**
 * One JSON Schema 2020-12 schema (and every schema in it) as OpenAPI 3.0's schema object: a
 * nullable type (`type: [T, 'null']`, or `{ type: 'null' }` in an `anyOf`) as `nullable`, several
 * types as an `anyOf` of each, `const` as a one-value `enum`; `propertyNames`, which 3.0 lacks,
 * is left out (the viewer shows keys as strings either way).
 */
function toOpenApi30Schema(schema: JsonObject): JsonObject {
  const result: JsonObject = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'propertyNames') continue
    if (key === 'const') result['enum'] = [value]
    else if (SCHEMA_MAPS.has(key) && isObject(value)) result[key] = convertSchemaMap(value)
    else result[key] = convertNested(value)
  }
  const type = result['type']
  if (Array.isArray(type)) {
    const types = type.filter((each) => each !== 'null')
    if (types.length < type.length) result['nullable'] = true
    if (types.length === 1) result['type'] = types[0]
    else {
      delete result['type']
      result['anyOf'] = types.map((each) => ({ type: each }))
    }
  }
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const options = result[combinator]
    if (!Array.isArray(options)) continue
    const withoutNull = options.filter((option) => !(isObject(option) && option['type'] === 'null' && Object.keys(option).length === 1))
    if (withoutNull.length === options.length) continue
    result['nullable'] = true
    if (withoutNull.length === 1 && isObject(withoutNull[0]) && !('$ref' in withoutNull[0])) {
      delete result[combinator]
      Object.assign(result, withoutNull[0], { nullable: true })
    } else result[combinator] = withoutNull
  }
  return result
}

/** Walks any part of the document; an object under a schema keyword is a schema. */
function convertNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convertNested)
  if (!isObject(value)) return value
  if (looksLikeSchema(value)) return toOpenApi30Schema(value)
  return Object.fromEntries(
    Object.entries(value).map(([key, each]) => {
      if (key === 'schema' && isObject(each)) return [key, toOpenApi30Schema(each)]
      if (SCHEMA_MAPS.has(key) && isObject(each)) return [key, convertSchemaMap(each)]
      return [key, convertNested(each)]
    }),
  )
}

function convertSchemaMap(map: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(map).map(([name, each]) => [name, isObject(each) ? toOpenApi30Schema(each) : each]))
}

function looksLikeSchema(value: JsonObject): boolean {
  return 'type' in value || 'anyOf' in value || 'oneOf' in value || 'allOf' in value || 'const' in value || ('$ref' in value && typeof value['$ref'] === 'string' && value['$ref'].startsWith('#/components/schemas/'))
}

/** Said on the page, so nobody takes the rendering for the contract. */
export const VIEWER_NOTE = 'This page shows the document as OpenAPI 3.0.3, which it renders far faster; the contract itself is OpenAPI 3.1, at [/openapi.json](/openapi.json).'

/** The whole document as OpenAPI 3.0.3, for the viewer alone. */
export function openApi30ForViewer(document: Readonly<JsonObject>): JsonObject {
  const { openapi: _version, jsonSchemaDialect: _dialect, webhooks: _webhooks, ...rest } = document
  const converted = convertNested(rest) as JsonObject
  const info = isObject(converted['info']) ? converted['info'] : {}
  const description = typeof info['description'] === 'string' ? `${info['description']}\n\n${VIEWER_NOTE}` : VIEWER_NOTE
  return { openapi: '3.0.3', ...converted, info: { ...info, description } }
}
