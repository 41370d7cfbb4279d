/**
 * @module Xero's answers checked against Xero's own OpenAPI descriptions (reference/xero: the
 * Accounting API's GET operations Linkway reads, and the Identity API's /connections and token),
 * read the strict way: a field the reference does not define is a violation, as are a wrong JSON
 * type, a value outside an enum and a date not in Xero's `/Date(ms+0000)/` form where the reference
 * marks one. Where the reference is silent or loose, the exception is in reference-exceptions.ts.
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'
import { XERO_DATE_STRING_TWIN, XERO_ENVELOPE_FIELDS, XERO_IDENTITY_DATE_TIME, XERO_TOKEN_FIELDS } from './reference-exceptions.js'
import { ruleOf, type ReferenceViolation } from './reference-violations.js'

const REFERENCE_DIR = new URL('../../reference/xero/', import.meta.url)

/** Xero's JSON dates, `/Date(1518685950940+0000)/`, which the reference marks `x-is-msdate` (dates) or `x-is-msdate-time` (instants). */
const XERO_MS_DATE = '^/Date\\(-?\\d+([+-]\\d{4})?\\)/$'

/**
 * The reference as ajv reads it. OpenAPI 3.0 leaves unknown fields allowed unless a schema says
 * otherwise; Xero's never says, so every object schema that lists its properties is closed here:
 * otherwise a misspelt field (`InvoiceId`) would pass. The date markers become the pattern they stand for.
 */
function strictSchemaOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchemaOf)
  if (node === null || typeof node !== 'object') return node
  const schema = Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([key, value]) => [key, key === 'enum' ? value : strictSchemaOf(value)]))
  const properties = schema['properties'] as Record<string, Record<string, unknown>> | undefined
  if (properties !== undefined && typeof properties === 'object' && schema['additionalProperties'] === undefined) {
    schema['additionalProperties'] = false
    for (const [name, property] of Object.entries(properties)) {
      if (property['x-is-msdate'] === true && properties[name + XERO_DATE_STRING_TWIN.suffix] === undefined) properties[name + XERO_DATE_STRING_TWIN.suffix] = XERO_DATE_STRING_TWIN.schema
    }
  }
  if (schema['x-is-msdate'] === true || schema['x-is-msdate-time'] === true) schema['pattern'] = XERO_MS_DATE
  return schema
}

function createXeroAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true })
  ;(addFormats as unknown as (ajv: Ajv) => void)(ajv)
  // OpenAPI's numeric formats: any JSON number is a double; int32 and int64 are whole numbers in range.
  ajv.addFormat('double', { type: 'number', validate: () => true })
  ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && Math.abs(value) <= 2 ** 31 })
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) })
  ajv.addFormat(XERO_IDENTITY_DATE_TIME.format, XERO_IDENTITY_DATE_TIME.pattern)
  return ajv
}

export interface XeroReference {
  /** The violations of one answer of the Accounting API, by its path under the API base (`/Invoices`). */
  checkAccountingAnswer(endpoint: string, status: number, body: unknown): ReferenceViolation[]
  /** GET /connections. */
  checkConnections(body: unknown): ReferenceViolation[]
  /** The token endpoint's answer. */
  checkTokenAnswer(body: unknown): ReferenceViolation[]
  /** The Accounting API paths the reference subset holds. */
  accountingPaths: readonly string[]
}

/** Reads and compiles the references once; checking an answer is then a function call. */
export function loadXeroReference(): XeroReference {
  const accounting = JSON.parse(readFileSync(new URL('xero-accounting-subset.json', REFERENCE_DIR), 'utf8')) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }
  const identity = parse(readFileSync(new URL('xero-identity.yaml', REFERENCE_DIR), 'utf8')) as { components: { schemas: Record<string, Record<string, unknown>> } }
  // Every answer carries Xero's envelope, which the reference shows in its examples but leaves out of its schemas.
  const schemas = { ...accounting.components.schemas }
  const answerSchemaOf = new Map<string, string>()
  for (const [path, item] of Object.entries(accounting.paths)) {
    const ref = (item as { get: { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> } }).get.responses['200']?.content?.['application/json']?.schema?.$ref
    if (ref === undefined) throw new Error(`Xero's reference has no 200 JSON schema for GET ${path}`)
    const name = ref.replace('#/components/schemas/', '')
    const answer = schemas[name] as { properties: Record<string, unknown> }
    schemas[name] = { ...answer, properties: { ...answer.properties, ...XERO_ENVELOPE_FIELDS.properties } }
    answerSchemaOf.set(path, ref)
  }
  const ajv = createXeroAjv()
  ajv.addSchema({ $id: 'xero-accounting', components: { schemas: strictSchemaOf(schemas) } })
  const byPath = new Map([...answerSchemaOf].map(([path, ref]) => [path, ajv.compile({ $ref: `xero-accounting${ref}` })]))

  const identitySchemas = identity.components.schemas
  // The identity API formats its instants as date-time but writes them without a zone (see reference-exceptions.ts).
  const connection = strictSchemaOf(JSON.parse(JSON.stringify(identitySchemas['Connection']).replaceAll('"format":"date-time"', `"format":"${XERO_IDENTITY_DATE_TIME.format}"`))) as Record<string, unknown>
  const connections = ajv.compile({ type: 'array', items: { ...connection, type: 'object' } })
  const accessToken = identitySchemas['AccessToken'] as { properties: Record<string, unknown> }
  const tokenAnswer = ajv.compile(strictSchemaOf({ ...accessToken, properties: { ...accessToken.properties, ...XERO_TOKEN_FIELDS.properties } }) as object)

  const violationsOf = (validate: ValidateFunction, endpoint: string, body: unknown): ReferenceViolation[] =>
    validate(body) ? [] : (validate.errors ?? []).map((error) => ({ platform: 'Xero', endpoint, ...ruleOf(error) }))

  return {
    accountingPaths: [...byPath.keys()],
    checkAccountingAnswer(endpoint, status, body) {
      const path = endpoint.replace(/^GET /, '').split('?')[0]!
      const validate = byPath.get(path)
      if (validate === undefined) return [{ platform: 'Xero', endpoint, path: '$', rule: 'is an endpoint the reference subset does not hold (add it to reference/xero/extract.mjs)' }]
      if (status !== 200) return [{ platform: 'Xero', endpoint, path: '$', rule: `answered ${status}, an answer the reference defines no body for` }]
      return violationsOf(validate, endpoint, body)
    },
    checkConnections: (body) => violationsOf(connections, 'GET /connections', body),
    checkTokenAnswer: (body) => violationsOf(tokenAnswer, 'POST /connect/token', body),
  }
}
