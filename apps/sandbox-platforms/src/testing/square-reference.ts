/**
 * @module Square's answers and requests checked against Square's own published OpenAPI (reference/square/api.json, API
 * version 2025-08-20): an answer against its operation's response schema, a request body against its request schema,
 * strictly (an object admits no field the schema does not name, though Square's schemas leave them open), so a field
 * the emulation invents, or Linkway sends, fails as a renamed or missing one does.
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { ruleOf, type ReferenceViolation } from './reference-violations.js'

type Json = Record<string, any>

export interface SquareReference {
  /** The violations of one answer, by method and path under the API base (`GET /v2/payments?location_id=…`); a 200 against the operation's schema, any other status against Square's error body. */
  checkAnswer(endpoint: string, status: number, body: unknown): ReferenceViolation[]
  /** The violations of a request's JSON body against the operation's request schema (`POST /v2/orders/search`). */
  checkRequestBody(endpoint: string, body: unknown): ReferenceViolation[]
  /** The operation an endpoint is, as the spec names it (`GET /v2/merchants/{merchant_id}`), or undefined. */
  operationOf(endpoint: string): string | undefined
  /** Every operation of the kept spec, but the OAuth ones. */
  apiOperations: string[]
  /** The schema of an operation's 200 answer or of its request body. */
  validatorOf(path: string, method: string, part?: 'response' | 'request'): ValidateFunction
  /** ajv's errors of a failed validation, one line each. */
  shapeErrors(validate: ValidateFunction, body: unknown): string[]
}

/**
 * OAS 3.0 to JSON Schema, strictly: `nullable` becomes "or null", and an object schema with properties
 * admits no others (Square's leave them open), so a field the emulation invents is caught too.
 */
function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema)
  if (node === null || typeof node !== 'object') return node
  const source = node as Json
  const object: Json = Object.fromEntries(Object.entries(source).filter(([key]) => key !== 'nullable' && key !== 'example' && key !== 'x-release-status').map(([key, value]) => [key, strictSchema(value)]))
  if (object['properties'] !== undefined && object['additionalProperties'] === undefined) object['additionalProperties'] = false
  if (source['nullable'] !== true) return object
  if (typeof object['type'] === 'string') return { ...object, type: [object['type'], 'null'] }
  return { anyOf: [object, { type: 'null' }] }
}

export function loadSquareReference(): SquareReference {
  const spec = JSON.parse(readFileSync(new URL('../../reference/square/api.json', import.meta.url), 'utf8')) as Json
  const ajv = new Ajv({ strict: false, allErrors: true })
  ;(addFormats as unknown as (ajv: Ajv) => void)(ajv)
  ajv.addSchema({ $id: 'square', components: { schemas: strictSchema(spec['components']['schemas']) } })
  const errorBody = ajv.compile({ type: 'object', required: ['errors'], properties: { errors: { type: 'array', items: { $ref: 'square#/components/schemas/Error' } } }, additionalProperties: false })

  const operations = Object.entries(spec['paths'] as Record<string, Json>).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ name: `${method.toUpperCase()} ${path}`, path, method, pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`) })),
  )
  const compiled = new Map<string, ValidateFunction>()

  function validatorOf(path: string, method: string, part: 'response' | 'request' = 'response'): ValidateFunction {
    const key = `${part} ${method} ${path}`
    let validate = compiled.get(key)
    if (validate === undefined) {
      const operation = spec['paths'][path][method]
      const content = part === 'response' ? operation['responses']['200']['content'] : operation['requestBody']['content']
      validate = ajv.compile({ $ref: `square${content['application/json']['schema']['$ref'] as string}` })
      compiled.set(key, validate)
    }
    return validate
  }

  function operationFor(endpoint: string) {
    const [method, target] = endpoint.split(' ', 2) as [string, string]
    const path = new URL(target, 'http://square.invalid').pathname
    return operations.find((operation) => operation.method === method.toLowerCase() && operation.pattern.test(path))
  }

  function violations(endpoint: string, validate: ValidateFunction, body: unknown): ReferenceViolation[] {
    if (validate(body)) return []
    return (validate.errors ?? []).map((error) => ({ platform: 'Square', endpoint, ...ruleOf(error) }))
  }

  function unknownOperation(endpoint: string): ReferenceViolation[] {
    return [{ platform: 'Square', endpoint, path: '$', rule: 'is an operation the kept spec does not hold' }]
  }

  return {
    checkAnswer(endpoint, status, body) {
      const operation = operationFor(endpoint)
      if (operation === undefined) return unknownOperation(endpoint)
      return violations(endpoint, status === 200 ? validatorOf(operation.path, operation.method) : errorBody, body)
    },
    checkRequestBody(endpoint, body) {
      const operation = operationFor(endpoint)
      if (operation === undefined) return unknownOperation(endpoint)
      return violations(endpoint, validatorOf(operation.path, operation.method, 'request'), body)
    },
    operationOf: (endpoint) => operationFor(endpoint)?.name,
    apiOperations: operations.filter((operation) => !operation.path.startsWith('/oauth2/')).map((operation) => operation.name),
    validatorOf,
    shapeErrors(validate, body) {
      if (validate(body)) return []
      return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`)
    },
  }
}
