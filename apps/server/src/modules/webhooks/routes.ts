/** @module HTTP for webhook consumers: the reference's GET/POST/DELETE, and our PATCH and secret endpoints. */
import {
  DeliveryListQuery,
  EVENT_TYPES,
  DeliveryParams,
  ErrorMessage,
  RecoverDeliveriesRequest,
  RecoverDeliveriesResult,
  WebhookConsumer,
  WebhookConsumerRequest,
  WebhookConsumers,
  WebhookConsumerUpdate,
  WebhookDeliveries,
  WebhookEventTypes,
  WebhookParams,
  WebhookSecret,
} from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pagingLinks } from '../../http/paging.js'
import type { WebhookConsumersService } from './consumers-service.js'
import type { DeliveryLogService } from './delivery-log-service.js'

const tags = ['Webhooks']
const errors = { 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage, 409: ErrorMessage }

export function webhooksRoutes(consumers: WebhookConsumersService, deliveryLog: DeliveryLogService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/webhooks',
      { schema: { operationId: 'list-webhook-consumers', tags, summary: 'List webhook consumers', response: { 200: WebhookConsumers, 401: ErrorMessage } } },
      async (request) => await consumers.list(request.client),
    )

    app.get(
      '/webhooks/eventTypes',
      {
        schema: {
          operationId: 'list-webhook-event-types',
          tags,
          summary: 'List the event types a consumer can subscribe to',
          description: 'Linkway addition: every event type Linkway emits, as `eventTypes` takes them.',
          response: { 200: WebhookEventTypes, 401: ErrorMessage },
        },
      },
      () => ({ results: EVENT_TYPES }),
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
          response: { 201: WebhookConsumer, 400: ErrorMessage, 401: ErrorMessage, 409: ErrorMessage },
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
          response: { 204: z.null().meta({ description: 'Deleted.' }), 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage },
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
        config: { revealsSecret: true },
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

    app.get(
      '/webhooks/:webhookId/deliveries',
      {
        schema: {
          operationId: 'list-webhook-deliveries',
          tags,
          summary: "List a consumer's deliveries",
          description: 'Newest first, each with its status (Sending, Attempting, Success, Failure) and every attempt. Filters: `status`, `eventType`, `companyId` (messages about that company).',
          params: WebhookParams,
          querystring: DeliveryListQuery,
          response: { 200: WebhookDeliveries, ...errors },
        },
      },
      async (request) => {
        const { page, pageSize, status, eventType, companyId } = request.query
        const { results, totalResults } = await deliveryLog.list(request.client, request.params.webhookId, { page, pageSize, status, eventType, companyId })
        const basePath = `/webhooks/${request.params.webhookId}/deliveries`
        return { results, pageNumber: page, pageSize, totalResults, _links: pagingLinks(basePath, { page, pageSize, carried: { status, eventType, companyId } }, totalResults) }
      },
    )

    app.post(
      '/webhooks/:webhookId/deliveries/:deliveryId/resend',
      {
        schema: {
          operationId: 'resend-webhook-delivery',
          tags,
          summary: 'Send a message again',
          description: 'The message goes out again at once (same `webhook-id`), with a fresh retry schedule.',
          params: DeliveryParams,
          response: { 202: z.null().meta({ description: 'Queued.' }), ...errors },
        },
      },
      async (request, reply) => {
        await deliveryLog.resend(request.client, request.params.webhookId, request.params.deliveryId)
        return await reply.code(202).send(null)
      },
    )

    app.post(
      '/webhooks/:webhookId/recover',
      {
        schema: {
          operationId: 'recover-webhook-deliveries',
          tags,
          summary: 'Send again every failed message since a time',
          params: WebhookParams,
          body: RecoverDeliveriesRequest,
          response: { 202: RecoverDeliveriesResult, ...errors },
        },
      },
      async (request, reply) => {
        reply.code(202)
        return await deliveryLog.recover(request.client, request.params.webhookId, new Date(request.body.since))
      },
    )

    app.post(
      '/webhooks/:webhookId/test',
      {
        schema: {
          operationId: 'send-webhook-test-event',
          tags,
          summary: 'Send a test event',
          description: 'A `webhook.test` event to this consumer only, whatever its eventTypes.',
          params: WebhookParams,
          response: { 202: z.object({ eventId: z.uuid() }), ...errors },
        },
      },
      async (request, reply) => {
        reply.code(202)
        return await deliveryLog.sendTest(request.client, request.params.webhookId)
      },
    )
  }
}
