/** @module HTTP for companies, as the reference API has them. */
import {
  Companies,
  Company,
  CompanyParams,
  CompanyProductParams,
  CompanyRequestBody,
  CompanyUpdateRequest,
  ErrorMessage,
  ListCompaniesQuery,
} from '@linkway/contracts'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pagingLinks } from '../../http/paging.js'
import type { CompaniesService } from './service.js'

const tags = ['Companies']
const errors = { 400: ErrorMessage, 401: ErrorMessage, 404: ErrorMessage }

/** Adds one-time tokens to the Link URLs of an answer, when the client has them on (see link/link-urls.ts). */
export interface CompanyLinkUrls {
  companies<T extends Company>(clientId: string, companies: T[]): Promise<T[]>
}

export function companiesRoutes(companies: CompaniesService, linkUrls: CompanyLinkUrls): FastifyPluginAsyncZod {
  return async (app) => {
    const one = async (clientId: string, company: Company) => (await linkUrls.companies(clientId, [company]))[0]!
    app.get(
      '/companies',
      {
        schema: {
          operationId: 'list-companies',
          tags,
          summary: 'List companies',
          querystring: ListCompaniesQuery,
          response: { 200: Companies, ...errors },
        },
      },
      async (request) => {
        const { page, pageSize, query, orderBy, tags: tagFilter } = request.query
        const { results, totalResults } = await companies.list(request.client, { page, pageSize, query, orderBy, tags: tagFilter })
        return {
          results: await linkUrls.companies(request.client.clientId, results),
          pageNumber: page,
          pageSize,
          totalResults,
          _links: pagingLinks('/companies', { page, pageSize, carried: { query, orderBy, tags: tagFilter } }, totalResults),
        }
      },
    )

    app.post(
      '/companies',
      {
        schema: {
          operationId: 'create-company',
          tags,
          summary: 'Create a company',
          description: 'Its `redirect` is the hosted Link URL to send the company to.',
          body: CompanyRequestBody,
          response: { 200: Company, 400: ErrorMessage, 401: ErrorMessage },
        },
      },
      async (request) => await one(request.client.clientId, await companies.create(request.client, request.body)),
    )

    app.get(
      '/companies/:companyId',
      { schema: { operationId: 'get-company', tags, summary: 'Get a company', params: CompanyParams, response: { 200: Company, ...errors } } },
      async (request) => await one(request.client.clientId, await companies.get(request.client, request.params.companyId)),
    )

    app.put(
      '/companies/:companyId',
      {
        schema: {
          operationId: 'replace-company',
          tags,
          summary: 'Replace a company',
          description: 'Replaces name, description and tags; fields left out are cleared.',
          params: CompanyParams,
          body: CompanyRequestBody,
          response: { 200: Company, ...errors },
        },
      },
      async (request) => await one(request.client.clientId, await companies.replace(request.client, request.params.companyId, request.body)),
    )

    app.patch(
      '/companies/:companyId',
      {
        schema: {
          operationId: 'update-company',
          tags,
          summary: 'Update a company',
          description: 'Changes only what the body gives. `tags: null` or `tags: {}` removes every tag.',
          params: CompanyParams,
          body: CompanyUpdateRequest.nullish(),
          response: { 200: Company, ...errors },
        },
      },
      async (request) => await one(request.client.clientId, await companies.update(request.client, request.params.companyId, request.body ?? {})),
    )

    app.delete(
      '/companies/:companyId',
      {
        schema: {
          operationId: 'delete-company',
          tags,
          summary: 'Delete a company',
          description: 'Deletes the company with its connections and data, for good.',
          params: CompanyParams,
          response: { 204: z.null().meta({ description: 'Deleted.' }), ...errors },
        },
      },
      async (request, reply) => {
        await companies.remove(request.client, request.params.companyId)
        return await reply.code(204).send(null)
      },
    )

    app.put(
      '/companies/:companyId/products/:productIdentifier',
      {
        schema: {
          operationId: 'add-product',
          tags,
          summary: 'Add product',
          description: 'Enables a product for the company; it then appears in the company’s `products`. Enabling one already enabled changes nothing. 404 for an unknown product.',
          params: CompanyProductParams,
          response: { 204: z.null().meta({ description: 'Enabled.' }), ...errors },
        },
      },
      async (request, reply) => {
        await companies.setProductEnabled(request.client, request.params.companyId, request.params.productIdentifier, true)
        return await reply.code(204).send(null)
      },
    )

    app.delete(
      '/companies/:companyId/products/:productIdentifier',
      {
        schema: {
          operationId: 'remove-product',
          tags,
          summary: 'Remove product',
          description: 'Disables a product for the company. Disabling one that is not enabled changes nothing. 404 for an unknown product.',
          params: CompanyProductParams,
          response: { 204: z.null().meta({ description: 'Disabled.' }), ...errors },
        },
      },
      async (request, reply) => {
        await companies.setProductEnabled(request.client, request.params.companyId, request.params.productIdentifier, false)
        return await reply.code(204).send(null)
      },
    )
  }
}
