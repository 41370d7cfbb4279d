/** @module HTTP for webhook consumers: the reference's GET/POST/DELETE, and our PATCH and secret endpoints. */
import { ErrorMessage, WebhookConsumer, WebhookConsumerRequest, WebhookConsumers, WebhookConsumerUpdate, WebhookParams, WebhookSecret } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { WebhookConsumersService } from './consumers-service.js'

const tags = ['Webhooks']
const errors = { 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage, 409: ErrorMessage }

export function webhooksRoutes(consumers: WebhookConsumersService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/webhooks',
      { schema: { operationId: 'list-webhook-consumers', tags, summary: 'List webhook consumers', response: { 200: WebhookConsumers, 401: ErrorMessage } } },
      async (request) => await consumers.list(request.client),
    )

    app.post(
      '/webhooks',
      {
        schema: {
          operationId: 'create-webhook-consumer',
          tags,
          summary: 'Create a webhook consumer',
          description: 'At most 50 per client. The URL must be http(s) and reach the public internet.',
          body: WebhookConsumerRequest,
          response: { 201: WebhookConsumer, ...errors },
        },
      },
      async (request, reply) => {
        reply.code(201)
        return await consumers.create(request.client, request.body)
      },
    )

    app.patch(
      '/webhooks/:webhookId',
      {
        schema: {
          operationId: 'update-webhook-consumer',
          tags,
          summary: 'Enable or disable a webhook consumer',
          description: 'Re-enabling resumes the deliveries still pending.',
          params: WebhookParams,
          body: WebhookConsumerUpdate,
          response: { 200: WebhookConsumer, ...errors },
        },
      },
      async (request) => await consumers.setDisabled(request.client, request.params.webhookId, request.body.disabled),
    )

    app.delete(
      '/webhooks/:webhookId',
      {
        schema: {
          operationId: 'delete-webhook-consumer',
          tags,
          summary: 'Delete a webhook consumer',
          description: 'Its pending deliveries are dropped.',
          params: WebhookParams,
          response: { 204: z.null().meta({ description: 'Deleted.' }), ...errors },
        },
      },
      async (request, reply) => {
        await consumers.remove(request.client, request.params.webhookId)
        return await reply.code(204).send(null)
      },
    )

    app.get(
      '/webhooks/:webhookId/secret',
      {
        schema: {
          operationId: 'get-webhook-consumer-secret',
          tags,
          summary: "Get a consumer's signing secret",
          params: WebhookParams,
          response: { 200: WebhookSecret, ...errors },
        },
      },
      async (request) => await consumers.getSecret(request.client, request.params.webhookId),
    )

    app.post(
      '/webhooks/:webhookId/secret/rotate',
      {
        schema: {
          operationId: 'rotate-webhook-consumer-secret',
          tags,
          summary: "Rotate a consumer's signing secret",
          description: 'Returns the new secret. For 24 hours messages carry signatures with both the new and the old secret.',
          params: WebhookParams,
          response: { 200: WebhookSecret, ...errors },
        },
      },
      async (request) => await consumers.rotateSecret(request.client, request.params.webhookId),
    )
  }
}
