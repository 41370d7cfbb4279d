/**
 * @module The generic platforms' data API: `GET /P/api/:dataset`, paginated with page, pageSize
 * and modifiedSince, answering `{ items, page, pageSize, totalItems, hasMore }` (or the single
 * object for `company`). Records are generated for the page asked for, never for the whole set.
 * A record the admin deleted is served marked `isDeleted: true`, modified when it was deleted.
 */
import type { FastifyInstance } from 'fastify'
import { authorizeApiCall, bearerTokenOf, generationContextOf, sendBearerRefusal, sendInsufficientScope } from './api-access.js'
import { parseIsoDate } from './date-formats.js'
import { DATASETS, findDataset } from './datasets/index.js'
import { selectRangeWithDeletions } from './generated-data.js'
import { OAuthError } from './oauth-error.js'
import type { GenericPlatformDefinition } from './platform-definition.js'
import { readParameters } from './request-parameters.js'
import type { SandboxDeps } from './sandbox-deps.js'

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 1000

export interface PageQuery {
  page: number
  pageSize: number
  modifiedSince?: number
}

export function registerDataApi(app: FastifyInstance, deps: SandboxDeps, platform: GenericPlatformDefinition): void {
  app.get<{ Params: { dataset: string } }>(`/${platform.key}/api/:dataset`, async (request, reply) => {
    const access = authorizeApiCall(deps, platform, bearerTokenOf(request))
    if (!access.ok) return sendBearerRefusal(reply, platform, access.refusal)
    if (!access.scopes.includes(platform.readScope)) return sendInsufficientScope(reply, platform.readScope)

    const dataset = findDataset(platform.family, request.params.dataset)
    if (dataset === undefined) {
      const names = Object.keys(DATASETS[platform.family]).join(', ')
      return reply.status(404).send({ error: 'not_found', error_description: `${platform.displayName} has no dataset “${request.params.dataset}”. It has: ${names}.` })
    }
    const ctx = generationContextOf(deps, platform, access.grant)
    if (dataset.kind === 'single') return dataset.generate(ctx)

    const query = readPageQuery(request.query)
    if (typeof query === 'string') return reply.status(400).send({ error: 'invalid_request', error_description: query })
    const range = selectRangeWithDeletions(
      dataset,
      ctx,
      { start: (query.page - 1) * query.pageSize, count: query.pageSize, modifiedSince: query.modifiedSince },
      deps.controls.deletedRecords(platform.key, request.params.dataset),
    )
    return { items: range.items, page: query.page, pageSize: query.pageSize, totalItems: range.totalItems, hasMore: range.hasMore }
  })
}

/** The page asked for, or a sentence saying what is wrong with the query. */
export function readPageQuery(query: unknown): PageQuery | string {
  const params = readParameters(query)
  let page: string | undefined
  let pageSize: string | undefined
  let modifiedSince: string | undefined
  try {
    page = params.get('page')
    pageSize = params.get('pageSize')
    modifiedSince = params.get('modifiedSince')
  } catch (error) {
    if (error instanceof OAuthError) return error.description
    throw error
  }
  const pageNumber = page === undefined ? 1 : wholeNumber(page)
  if (pageNumber === undefined || pageNumber < 1) return 'page must be a whole number from 1.'
  const size = pageSize === undefined ? DEFAULT_PAGE_SIZE : wholeNumber(pageSize)
  if (size === undefined || size < 1 || size > MAX_PAGE_SIZE) return `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`
  if (modifiedSince === undefined) return { page: pageNumber, pageSize: size }
  const since = parseIsoDate(modifiedSince)
  if (since === undefined) return 'modifiedSince must be an ISO 8601 date, such as 2024-05-01T00:00:00Z.'
  return { page: pageNumber, pageSize: size, modifiedSince: since }
}

function wholeNumber(text: string): number | undefined {
  // Nine digits at most: a larger page is past any dataset, and the arithmetic stays exact.
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined
}
