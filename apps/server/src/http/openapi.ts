/** @module The OpenAPI 3.1 document, generated from the zod contracts, at /openapi.json, and browsable docs at /docs (which render it as 3.0.3, see openapi-viewer.ts). */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { openApi30ForViewer } from './openapi-viewer.js'

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/**
 * What every API operation may answer whatever its route declares, as the reference's document
 * declares them on every operation (so a client generated from either handles the same statuses).
 */
const STATUSES_OF_EVERY_OPERATION: Readonly<Record<number, string>> = {
  401: 'No usable API key: missing, malformed, unknown or deleted.',
  402: 'Never sent by Linkway, which has no paid plans; declared as the reference declares it.',
  403: 'A Portal session that may not do this: a viewer changing something, or a change failing the CSRF check.',
  429: 'Too many requests: the daily quota is used up, or a rate limit. Retry after `Retry-After` seconds.',
  500: 'A defect, logged with the correlation id the body carries.',
  503: 'A dependency (the database) is unreachable; retry later.',
}

/** Descriptions of the statuses routes declare (@fastify/swagger says "Default Response" for each). */
const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  ...STATUSES_OF_EVERY_OPERATION,
  400: 'The request is not valid: the body, a parameter or the query; `validation.errors` says where.',
  404: 'Not found, or it belongs to another client (ids never reveal existence).',
  409: 'The request conflicts with the current state; the message says how.',
}

type JsonObject = Record<string, unknown>

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * zod writes each named schema with `$id: '#/components/schemas/<name>'` and its own `$schema`.
 * In JSON Schema an `$id` starts a new base URI, so a viewer (Swagger UI) resolves the `$ref`s
 * inside that schema against a document that does not exist: "Resolver error" on every operation,
 * and bodies shown as "string". The components are found by their place in the document, and OAS
 * 3.1's dialect is already 2020-12: both keywords are noise here, and only here are they written.
 */
function withoutSchemaIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSchemaIds)
  if (!isObject(node)) return node
  const entries = Object.entries(node).filter(
    ([key, value]) => !((key === '$id' && typeof value === 'string' && value.startsWith('#/components/schemas/')) || (key === '$schema' && typeof value === 'string' && value.includes('json-schema.org'))),
  )
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutSchemaIds(value)]))
}

/** The reference's conventions for one operation's request body and error responses. */
function withReferenceConventions(path: string, operation: JsonObject, errorSchema: JsonObject): JsonObject {
  const responses = { ...(operation['responses'] as JsonObject | undefined) }
  const hasPathParameter = path.includes('{')
  const declared = Object.keys(STATUSES_OF_EVERY_OPERATION).map(Number)
  for (const status of hasPathParameter ? [...declared, 404] : declared) {
    responses[status] ??= { description: '', content: { 'application/json': { schema: errorSchema } } }
  }
  for (const [status, response] of Object.entries(responses)) {
    const description = STATUS_DESCRIPTIONS[Number(status)]
    if (description && isObject(response) && (response['description'] === 'Default Response' || response['description'] === '')) responses[status] = { ...response, description }
  }
  // The reference marks no request body required (a missing body is answered by the body's own
  // required fields), and SDKs generated from it make the body argument optional: so does Linkway's.
  const requestBody = isObject(operation['requestBody']) ? { ...operation['requestBody'], required: false } : undefined
  return { ...operation, ...(requestBody ? { requestBody } : {}), responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))) }
}

/** The generated document, made to read as the reference's: see withoutSchemaIds and withReferenceConventions. */
function finishDocument(document: JsonObject): JsonObject {
  const finished = withoutSchemaIds(document) as JsonObject
  const errorSchema = { $ref: '#/components/schemas/ErrorMessage' }
  const paths = Object.entries((finished['paths'] ?? {}) as Record<string, JsonObject>).map(([path, item]) => [
    path,
    Object.fromEntries(
      Object.entries(item).map(([method, operation]) =>
        (HTTP_METHODS as readonly string[]).includes(method) && isObject(operation) ? [method, withReferenceConventions(path, operation, errorSchema)] : [method, operation],
      ),
    ),
  ])
  return { ...finished, paths: Object.fromEntries(paths) }
}

export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Linkway API',
        version: '1.0.0',
        description:
          'Connect your customers\' accounting, banking and commerce platforms. Wire-compatible with the Codat Platform API: ' +
          'authenticate with `Authorization: Basic <base64(API key)>`.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          auth_header: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: "The word 'Basic' followed by a space and your API key, base64-encoded.",
          },
        },
      },
      security: [{ auth_header: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input) as JsonObject) as ReturnType<typeof jsonSchemaTransformObject>,
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Every operation shows its own schemas; the list of all 372 at the bottom only slowed the page.
    uiConfig: { docExpansion: 'list', deepLinking: true, defaultModelsExpandDepth: -1 },
    // The viewer reads the document as 3.0.3 (see openapi-viewer.ts); /openapi.json stays 3.1.
    transformSpecification: (document) => openApi30ForViewer(document),
    transformSpecificationClone: false,
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
