/** @module HTTP for integrations (reference §5.1), their branding assets, and a client's platform credentials (ours). */
import { Branding, ErrorMessage, Integration, IntegrationParams, Integrations, ListIntegrationsQuery, PlatformCredentials, PlatformCredentialsRequest, PlatformCredentialsUpdate } from '@linkway/contracts'
import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError } from '../../app-error.js'
import type { CredentialsService } from './credentials-service.js'
import type { IntegrationsService } from './service.js'

const tags = ['Integrations']
const errors = { 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage }

export function integrationsRoutes(integrations: IntegrationsService, credentials: CredentialsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/integrations',
      {
        schema: {
          operationId: 'list-integrations',
          tags,
          summary: 'List integrations',
          description: 'Every platform, with `enabled` for your client. Filter with the query language, e.g. `sourceType=accounting&&enabled=true`.',
          querystring: ListIntegrationsQuery,
          response: { 200: Integrations, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request, reply) => {
        const { page, pageSize, query, orderBy } = request.query
        const body = await integrations.listSerialized(request.client, { page, pageSize, query, orderBy })
        // Already JSON bytes, shaped by the contract when it was built: Fastify sends a Buffer as it is, unserialized.
        return await reply.type('application/json; charset=utf-8').send(body as never)
      },
    )

    app.get(
      '/integrations/:platformKey',
      { schema: { operationId: 'get-integration', tags, summary: 'Get an integration', params: IntegrationParams, response: { 200: Integration, ...errors } } },
      async (request) => await integrations.get(request.client, request.params.platformKey),
    )

    app.get(
      '/integrations/:platformKey/branding',
      {
        schema: {
          operationId: 'get-integrations-branding',
          tags,
          summary: 'Get branding',
          description: 'Logo and button images, served by Linkway with long cache lifetimes: cache them rather than calling this on every page view.',
          params: IntegrationParams,
          response: { 200: Branding, ...errors },
        },
      },
      async (request) => integrations.branding(request.params.platformKey),
    )

    app.get(
      '/integrations/:platformKey/credentials',
      {
        schema: {
          operationId: 'get-platform-credentials',
          tags,
          summary: "Get your credentials' settings for a platform",
          description: 'Linkway addition. The client id, whether enabled, and the redirect URI to register; never the secret.',
          params: IntegrationParams,
          response: { 200: PlatformCredentials, ...errors },
        },
      },
      async (request) => await credentials.get(request.client, request.params.platformKey),
    )

    app.put(
      '/integrations/:platformKey/credentials',
      {
        schema: {
          operationId: 'set-platform-credentials',
          tags,
          summary: 'Set your OAuth credentials for a platform',
          description: 'Linkway addition. The secret is stored encrypted and never returned. Enables the integration for your client unless `enabled: false`.',
          params: IntegrationParams,
          body: PlatformCredentialsRequest,
          response: { 200: PlatformCredentials, ...errors },
        },
      },
      async (request) => await credentials.set(request.client, request.params.platformKey, request.body),
    )

    app.patch(
      '/integrations/:platformKey/credentials',
      {
        schema: {
          operationId: 'update-platform-credentials',
          tags,
          summary: 'Change part of your credentials for a platform',
          description: 'Linkway addition. Switch the integration on or off, or replace the client id or the secret alone; what is left out stays. 404 when no credentials are set (set them with PUT first).',
          params: IntegrationParams,
          body: PlatformCredentialsUpdate,
          response: { 200: PlatformCredentials, ...errors },
        },
      },
      async (request) => await credentials.update(request.client, request.params.platformKey, request.body),
    )

    app.delete(
      '/integrations/:platformKey/credentials',
      {
        schema: {
          operationId: 'delete-platform-credentials',
          tags,
          summary: 'Remove your credentials for a platform',
          description: 'Linkway addition. The integration is no longer enabled for your client; existing connections keep their tokens but cannot refresh them.',
          params: IntegrationParams,
          response: { 204: z.null().meta({ description: 'Removed.' }), ...errors },
        },
      },
      async (request, reply) => {
        await credentials.remove(request.client, request.params.platformKey)
        return await reply.code(204).send(null)
      },
    )
  }
}

/** Logo and button images: public (a Link page shows them to anyone), cached for long. */
export function integrationAssetsRoutes(integrations: IntegrationsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/assets/integrations/:platformKey/:file',
      { schema: { hide: true, params: z.object({ platformKey: z.string().max(8), file: z.string().max(40) }) } },
      async (request, reply) => {
        const { platformKey, file } = request.params
        const svg = file.endsWith('.svg') ? integrations.asset(platformKey, file.slice(0, -4)) : undefined
        if (svg === undefined) throw new AppError('route_not_found', { method: 'GET', path: request.url.split('?')[0]! })
        const etag = `"${createHash('sha256').update(svg).digest('base64url').slice(0, 16)}"`
        if (request.headers['if-none-match'] === etag) return await reply.code(304).send()
        return await reply
          .header('content-type', 'image/svg+xml; charset=utf-8')
          .header('cache-control', 'public, max-age=2592000')
          .header('etag', etag)
          .header('x-content-type-options', 'nosniff')
          // An SVG opened on its own must run nothing.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          .send(svg)
      },
    )
  }
}
