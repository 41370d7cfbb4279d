/** @module HTTP for company access tokens: `GET /companies/{companyId}/accessToken` and its deprecated predecessor. */
import { CompanyAccessToken, CompanyParams, ErrorMessage } from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { CompanyTokensService } from './service.js'

const errors = { 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage }

export function companyTokensRoutes(tokens: CompanyTokensService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/companies/:companyId/accessToken',
      {
        config: { revealsSecret: true },
        schema: {
          operationId: 'get-company-access-token',
          tags: ['Companies'],
          summary: 'Get company access token',
          description: 'A token for the embedded Link component on your page, valid for a day and for this company only. Fetch it from your server (it needs your API key) and pass it to the component; it cannot call this API. docs/embedded-link.md.',
          params: CompanyParams,
          response: { 200: CompanyAccessToken, ...errors },
        },
      },
      async (request, reply) => {
        // A credential: no cache on the way may keep it (RFC 6749 §5.1).
        reply.header('cache-control', 'no-store')
        return await tokens.issue(request.client, request.params.companyId)
      },
    )
    // The reference's older name for the same token (it answered `{ accessToken }` alone; the fields added are harmless to its callers).
    app.get(
      '/companies/:companyId/connectionManagement/accessToken',
      {
        config: { revealsSecret: true },
        schema: {
          operationId: 'get-connection-management-access-token',
          tags: ['Connection management'],
          summary: 'Get access token (old)',
          description: 'Deprecated: use `GET /companies/{companyId}/accessToken`, which this answers the same as.',
          deprecated: true,
          params: CompanyParams,
          response: { 200: CompanyAccessToken, ...errors },
        },
      },
      async (request, reply) => {
        // A credential: no cache on the way may keep it (RFC 6749 §5.1).
        reply.header('cache-control', 'no-store')
        return await tokens.issue(request.client, request.params.companyId)
      },
    )
  }
}
