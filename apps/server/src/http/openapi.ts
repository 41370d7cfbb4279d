/** @module The OpenAPI 3.1 document, generated from the zod contracts, at /openapi.json, and browsable docs at /docs. */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'

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
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
