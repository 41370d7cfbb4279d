/** @module HTTP for data sync and synced data, at the reference's paths (§13.1 and the data type lists). */
import {
  ClientSyncSettings,
  ClientSyncSettingsRequest,
  CompanyParams,
  CompanyProductParams,
  CompanySyncSettings,
  CompanySyncSettingsRequest,
  ConnectionParams,
  DATA_TYPE_DEFINITIONS,
  DATA_TYPE_OPERATION_IDS,
  DATA_TYPES,
  DatasetParams,
  DataStatuses,
  ErrorMessage,
  FinancialStatementQuery,
  PagingQuery,
  pagedResults,
  PullOperation,
  PullOperations,
  PullOperationsQuery,
  QueueDataTypeParams,
  QueueDataTypeQuery,
  RefreshProductRequest,
  type DataType,
  ValidationResult,
  WireString,
} from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pagingLinks } from '../../http/paging.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { DataService, FinancialStatementType, RecordScope } from './data-service.js'
import type { SyncService } from './service.js'
import type { SyncSettingsService } from './sync-settings.js'

const errors = { 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage }
const RecordParams = z.object({ recordId: WireString.min(1).max(500) })

export function syncRoutes(sync: SyncService, settings: SyncSettingsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Refresh data']
    app.post(
      '/companies/:companyId/data/all',
      {
        schema: {
          operationId: 'refresh-company-data',
          tags,
          summary: 'Refresh all data',
          description: 'Queues every data type with fetchOnFirstLink for each Linked connection of the company. Data types already syncing are left to finish.',
          params: CompanyParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await sync.queueAll(request.client, request.params.companyId)
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/companies/:companyId/data/queue/:dataType',
      {
        schema: {
          operationId: 'refresh-data-type',
          tags,
          summary: 'Refresh a data type',
          description: 'Queues one data type, from `connectionId` or from every Linked connection whose platform has it (the first dataset is returned). 409 while one is queued or running.',
          params: QueueDataTypeParams,
          querystring: QueueDataTypeQuery,
          response: { 200: PullOperation, ...errors, 409: ErrorMessage },
        },
      },
      async (request) => await sync.queueDataType(request.client, request.params.companyId, request.params.dataType, request.query.connectionId),
    )

    app.post(
      '/companies/:companyId/products/:productIdentifier/refresh',
      {
        schema: {
          operationId: 'refresh-product-data',
          tags,
          summary: 'Refresh product data',
          description:
            'Queues the data types the product reads (or those `dataTypes` picks among them) from every Linked connection whose platform offers them. 202; 400 for a product that writes (Bank Feeds, Payables, Expenses), one not enabled for the company, a data type not of the product, or while one of its data types is syncing.',
          params: CompanyProductParams,
          body: RefreshProductRequest.nullish(),
          response: { 202: z.null().meta({ description: 'Queued.' }), ...errors },
        },
      },
      async (request, reply) => {
        await sync.queueProduct(request.client, request.params.companyId, request.params.productIdentifier, request.body?.dataTypes)
        // No content, as the reference answers: send(null) would serialise a body of `null`, while
        // nothing at all skips the serialiser (the type provider's signature wants the schema's type).
        return await reply.status(202).send(undefined as never)
      },
    )

    app.get(
      '/companies/:companyId/sync/:datasetId/validation',
      {
        schema: {
          operationId: 'get-read-validation-results',
          tags,
          summary: 'Get validation results',
          description: 'What Linkway found wrong while reading the dataset: an error when the platform’s answer did not have its documented shape (MapError); otherwise empty. Linkway runs no other validation rules, so there are no warnings.',
          params: DatasetParams,
          response: { 200: ValidationResult, ...errors },
        },
      },
      async (request) => await sync.validation(request.client, request.params.companyId, request.params.datasetId),
    )

    app.get(
      '/companies/:companyId/dataStatus',
      { schema: { operationId: 'get-company-data-status', tags, summary: 'Get data status', params: CompanyParams, response: { 200: DataStatuses, ...errors } } },
      async (request) => await sync.dataStatus(request.client, request.params.companyId),
    )

    app.get(
      '/companies/:companyId/data/history',
      { schema: { operationId: 'list-pull-operations', tags, summary: 'List pull operations', params: CompanyParams, querystring: PullOperationsQuery, response: { 200: PullOperations, ...errors } } },
      async (request) => {
        const { page, pageSize, query, orderBy } = request.query
        const { companyId } = request.params
        const { results, totalResults } = await sync.history(request.client, companyId, { page, pageSize, query, orderBy })
        return { results, pageNumber: page, pageSize, totalResults, _links: pagingLinks(`/companies/${companyId}/data/history`, { page, pageSize, carried: { query, orderBy } }, totalResults) }
      },
    )

    app.get(
      '/companies/:companyId/data/history/:datasetId',
      { schema: { operationId: 'get-pull-operation', tags, summary: 'Get pull operation', params: DatasetParams, response: { 200: PullOperation, ...errors } } },
      async (request) => await sync.dataset(request.client, request.params.companyId, request.params.datasetId),
    )

    const settingsTags = ['Sync settings']
    app.get('/profile/syncSettings', { schema: { operationId: 'get-profile-syncSettings', tags: settingsTags, summary: 'Get sync settings', response: { 200: ClientSyncSettings, 401: ErrorMessage } } }, async (request) => await settings.getClient(request.client))
    app.post(
      '/profile/syncSettings',
      {
        schema: {
          operationId: 'update-profile-syncSettings',
          tags: settingsTags,
          summary: 'Update sync settings',
          description: 'The client’s defaults; data types left out keep Linkway’s (fetch on first link, daily). 204, as the reference answers; GET reads them back.',
          body: ClientSyncSettingsRequest,
          response: { 204: z.null(), 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request, reply) => {
        await settings.replaceClient(request.client, request.body.settings)
        return reply.status(204).send(null)
      },
    )
    app.get(
      '/companies/:companyId/syncSettings',
      { schema: { operationId: 'get-company-syncSettings', tags: settingsTags, summary: 'Get a company’s sync settings', params: CompanyParams, response: { 200: CompanySyncSettings, ...errors } } },
      async (request) => await settings.getCompany(request.client, request.params.companyId),
    )
    app.post(
      '/companies/:companyId/syncSettings',
      {
        schema: {
          operationId: 'set-company-syncSettings',
          tags: settingsTags,
          summary: 'Set a company’s sync settings',
          description: '204, as the reference answers; GET reads them back.',
          params: CompanyParams,
          body: CompanySyncSettingsRequest,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await settings.replaceCompany(request.client, request.params.companyId, request.body)
        return reply.status(204).send(null)
      },
    )
  }
}

/** One list route (and one get-by-id route) per data type, at the spec's path for it. */
export function dataRoutes(data: DataService): FastifyPluginAsyncZod {
  return async (app) => {
    for (const dataType of DATA_TYPES) {
      const definition = DATA_TYPE_DEFINITIONS[dataType]
      const isConnectionScoped = definition.scope === 'connection'
      const { parent } = definition
      const segments = parent ? `${parent.pathSegment}/:${parent.param}/${definition.pathSegment}` : definition.pathSegment
      const base = isConnectionScoped ? `/companies/:companyId/connections/:connectionId/data/${segments}` : `/companies/:companyId/data/${segments}`
      const scopeParams = isConnectionScoped ? ConnectionParams : CompanyParams
      const params = parent ? scopeParams.extend({ [parent.param]: WireString.min(1).max(500) }) : scopeParams
      const tags = [`${definition.sourceType} data`]
      const scopeOf = (request: { params: Record<string, string | undefined> & { companyId: string; connectionId?: string } }) => ({
        companyId: request.params.companyId,
        connectionId: request.params.connectionId,
        ...(parent ? { parentRecord: { property: parent.property, id: request.params[parent.param]! } } : {}),
      })
      const notReady = { 409: ErrorMessage }
      const operationIds = DATA_TYPE_OPERATION_IDS[dataType]

      if (definition.derivedFrom !== undefined) {
        // A financial statement: built from the stored ledger for the periods asked for (docs/data.md).
        app.get(
          base,
          {
            schema: {
              operationId: `get-${dataType}`,
              tags: ['Financial statements'],
              summary: `Get ${dataType}`,
              description: `Built when read from the company's synced ${definition.derivedFrom.join(' and ')}: periodsToCompare periods of periodLength months, the most recent first.`,
              params,
              querystring: FinancialStatementQuery,
              response: { 200: definition.schema, ...errors, ...notReady },
            },
          },
          async (request) => (await data.statement(request.client, dataType as FinancialStatementType, request.params.companyId, request.query)) as never,
        )
        continue
      }
      if (definition.isSingle) {
        app.get(base, { schema: { operationId: operationIds?.read ?? `get-${dataType}`, tags, summary: `Get ${dataType}`, params, response: { 200: definition.schema, ...errors, ...notReady } } }, async (request) =>
          (await data.single(request.client, dataType as DataType, scopeOf(request as never))) as never,
        )
        continue
      }
      const envelope = pagedResults(definition.schema, definition.listId)
      /** One page of the list in `scope`, with links back to the path asked. */
      const listPage = async (request: { client: AuthenticatedClient; url: string; query: PagingQuery }, scope: RecordScope) => {
        const { page, pageSize, query, orderBy } = request.query
        const { results, totalResults } = await data.list(request.client, dataType, scope, { page, pageSize, query, orderBy })
        const path = request.url.split('?')[0]!
        return { results: results as never[], pageNumber: page, pageSize, totalResults, _links: pagingLinks(path, { page, pageSize, carried: { query, orderBy } }, totalResults) }
      }
      app.get(
        base,
        { schema: { operationId: operationIds?.read ?? `list-${dataType}`, tags, summary: `List ${dataType}`, params, querystring: PagingQuery, response: { 200: envelope, ...errors, ...notReady } } },
        async (request) => await listPage(request, scopeOf(request as never)),
      )
      if (definition.companyLevelList) {
        // The same list across all the company's connections (the reference's deprecated company-level path).
        app.get(
          `/companies/:companyId/data/${definition.pathSegment}`,
          {
            schema: {
              operationId: definition.companyLevelList.operationId,
              tags,
              summary: `List ${dataType} of every connection`,
              description: `The ${dataType} of all the company's connections in one list; \`…/connections/{connectionId}/data/${definition.pathSegment}\` lists one connection's.`,
              deprecated: true,
              params: CompanyParams,
              querystring: PagingQuery,
              response: { 200: envelope, ...errors, ...notReady },
            },
          },
          async (request) => await listPage(request, { companyId: request.params.companyId, connectionId: undefined }),
        )
      }
      // The reference lists these under their parent only: there is no route for one of them.
      if (parent) continue
      app.get(
        `${base}/:recordId`,
        { schema: { operationId: operationIds?.record ?? `get-${dataType}-record`, tags, summary: `Get one of ${dataType}`, params: params.extend(RecordParams.shape), response: { 200: definition.schema, ...errors, ...notReady } } },
        async (request) => (await data.get(request.client, dataType, scopeOf(request as never), (request.params as { recordId: string }).recordId)) as never,
      )
    }
  }
}
