/** @module HTTP for connections, as the reference API has them (§4.1). */
import {
  CompanyParams,
  Connection,
  ConnectionHealth,
  ConnectionParams,
  Connections,
  CreateConnectionBody,
  ErrorMessage,
  ListConnectionsQuery,
  UpdateConnectionAuthorization,
  UpdateConnectionStatus,
} from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pagingLinks } from '../../http/paging.js'
import type { ConnectionsService } from './service.js'

const tags = ['Connections']
const errors = { 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage }

/** Adds one-time tokens to Link URLs, when the client has them on (see link/link-urls.ts). */
export interface ConnectionLinkUrls {
  connections(clientId: string, companyId: string, connections: Connection[]): Promise<Connection[]>
}

export function connectionsRoutes(connections: ConnectionsService, linkUrls: ConnectionLinkUrls): FastifyPluginAsyncZod {
  return async (app) => {
    const one = async (clientId: string, companyId: string, connection: Connection) => (await linkUrls.connections(clientId, companyId, [connection]))[0]!
    app.get(
      '/connections/health',
      {
        schema: {
          operationId: 'get-connection-health',
          tags,
          summary: 'Connection health',
          description: 'How many of your connections (and companies) are Linked, Deauthorized, Unlinked and PendingAuth, and how many have waited in PendingAuth for more than 24 hours. Linkway addition.',
          response: { 200: ConnectionHealth, 401: ErrorMessage },
        },
      },
      async (request) => await connections.health(request.client),
    )

    app.get(
      '/companies/:companyId/connections',
      { schema: { operationId: 'list-connections', tags, summary: 'List connections', params: CompanyParams, querystring: ListConnectionsQuery, response: { 200: Connections, ...errors } } },
      async (request) => {
        const { page, pageSize, query, orderBy } = request.query
        const { companyId } = request.params
        const { results, totalResults } = await connections.list(request.client, companyId, { page, pageSize, query, orderBy })
        return { results: await linkUrls.connections(request.client.clientId, companyId, results), pageNumber: page, pageSize, totalResults, _links: pagingLinks(`/companies/${companyId}/connections`, { page, pageSize, carried: { query, orderBy } }, totalResults) }
      },
    )

    app.post(
      '/companies/:companyId/connections',
      {
        schema: {
          operationId: 'create-connection',
          tags,
          summary: 'Create a connection',
          description: 'Creates a PendingAuth connection; send the person to its `linkUrl`. A company holds one accounting connection (any status) until it is deleted: a second answers 409.',
          params: CompanyParams,
          body: CreateConnectionBody,
          response: { 200: Connection, ...errors, 409: ErrorMessage },
        },
      },
      async (request) => await one(request.client.clientId, request.params.companyId, await connections.create(request.client, request.params.companyId, request.body.platformKey)),
    )

    app.get(
      '/companies/:companyId/connections/:connectionId',
      { schema: { operationId: 'get-connection', tags, summary: 'Get a connection', params: ConnectionParams, response: { 200: Connection, ...errors } } },
      async (request) => await one(request.client.clientId, request.params.companyId, await connections.get(request.client, request.params.companyId, request.params.connectionId)),
    )

    app.patch(
      '/companies/:companyId/connections/:connectionId',
      {
        schema: {
          operationId: 'unlink-connection',
          tags,
          summary: 'Unlink a connection',
          description: 'Only `{"status":"Unlinked"}` on a Linked connection. Its data stays; its tokens are revoked; Link can re-authorize it.',
          params: ConnectionParams,
          body: UpdateConnectionStatus.nullish(),
          response: { 200: Connection, ...errors },
        },
      },
      async (request) => await one(request.client.clientId, request.params.companyId, await connections.updateStatus(request.client, request.params.companyId, request.params.connectionId, request.body?.status)),
    )

    app.delete(
      '/companies/:companyId/connections/:connectionId',
      {
        schema: {
          operationId: 'delete-connection',
          tags,
          summary: 'Delete a connection',
          description: 'Revokes the tokens at the platform where it can, deletes them and the connection, for good.',
          params: ConnectionParams,
          response: { 200: z.null().meta({ description: 'Deleted; no body.' }), ...errors },
        },
      },
      async (request, reply) => {
        await connections.remove(request.client, request.params.companyId, request.params.connectionId)
        return await reply.code(200).send(undefined as never)
      },
    )

    app.put(
      '/companies/:companyId/connections/:connectionId/authorization',
      {
        schema: {
          operationId: 'update-connection-authorization',
          tags,
          summary: 'Import tokens you already hold',
          description: '`accessToken` is required; `refreshToken`, `expiresIn` (seconds) or `expiresAt` are read; any other field lands in `connectionInfo`. The connection becomes Linked.',
          params: ConnectionParams,
          body: UpdateConnectionAuthorization,
          response: { 200: Connection, ...errors },
        },
      },
      async (request) => await one(request.client.clientId, request.params.companyId, await connections.importAuthorization(request.client, request.params.companyId, request.params.connectionId, request.body)),
    )
  }
}
