/** @module HTTP for API keys: GET/POST /apiKeys, DELETE /apiKeys/{apiKeyId}. */
import { ApiKeyDetails, ApiKeyParams, ApiKeys, CreateApiKey, ErrorMessage } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ApiKeysService } from './service.js'

const tags = ['API keys']
const errors = { 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage, 409: ErrorMessage }

export function apiKeysRoutes(apiKeys: ApiKeysService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/apiKeys',
      { schema: { operationId: 'list-api-keys', tags, summary: 'List API keys', response: { 200: ApiKeys, 401: ErrorMessage } } },
      async (request) => await apiKeys.list(request.client),
    )

    app.post(
      '/apiKeys',
      {
        schema: {
          operationId: 'create-api-key',
          tags,
          summary: 'Create an API key',
          description: 'The new key is in this response only; store it now. A client has at most 10 keys.',
          body: CreateApiKey.nullish(),
          response: { 201: ApiKeyDetails, 400: ErrorMessage, 401: ErrorMessage, 409: ErrorMessage },
        },
      },
      async (request, reply) => {
        reply.code(201)
        return await apiKeys.create(request.client, request.body ?? {})
      },
    )

    app.delete(
      '/apiKeys/:apiKeyId',
      {
        schema: {
          operationId: 'delete-api-key',
          tags,
          summary: 'Delete an API key',
          description: 'Takes effect at once. The last key cannot be deleted.',
          params: ApiKeyParams,
          response: { 204: z.null().meta({ description: 'Deleted.' }), ...errors },
        },
      },
      async (request, reply) => {
        await apiKeys.remove(request.client, request.params.apiKeyId)
        return await reply.code(204).send(null)
      },
    )
  }
}
