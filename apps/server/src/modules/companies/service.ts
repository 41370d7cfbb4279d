/** @module Companies: create, read, list (paged, filtered, ordered), replace, update, delete. */
import type { Company, CompanyRequestBody, CompanyUpdateRequest } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import { compileOrderBy, compileQuery, QueryLanguageError, type QueryableResource } from '@linkway/query-language'
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../http/app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { ConnectionsService } from '../connections/index.js'
import { emitEvent, eventEmission } from '../webhooks/index.js'
import { companyQueryResource, companyTagsResource } from './company-query.js'
import * as repo from './repo.js'

export interface CompaniesServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  /** Where hosted Link lives: a company's `redirect` is `{publicUrl}/link/company/{id}`. */
  publicUrl: string
  /** Fills `dataConnections`. */
  connections: Pick<ConnectionsService, 'wireConnectionsOf' | 'dropTokensOfCompany' | 'present'>
}

export interface CompanyListRequest {
  page: number
  pageSize: number
  query?: string | undefined
  orderBy?: string | undefined
  tags?: string | undefined
}

/**
 * The reference API removes characters outside its allowed set rather than refusing the name:
 * `Company (Codat[1])` becomes `Company Codat1`. Runs of whitespace become one space.
 */
export function normalizeCompanyName(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/[^A-Za-z0-9 \-',&@.?!]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim()
}

function requireName(name: string): string {
  const normalized = normalizeCompanyName(name)
  if (normalized.length === 0) throw new AppError('company_name_empty')
  return normalized
}

function compileFilter(text: string | undefined, resource: QueryableResource): Expression<SqlBool> | undefined {
  if (text === undefined) return undefined
  try {
    return compileQuery(text, resource)
  } catch (error) {
    if (error instanceof QueryLanguageError) throw new AppError('query_invalid', { message: error.message })
    throw error
  }
}

function compileOrder(text: string | undefined) {
  try {
    return compileOrderBy(text, companyQueryResource)
  } catch (error) {
    if (error instanceof QueryLanguageError) throw new AppError('query_invalid', { message: error.message })
    throw error
  }
}

export function createCompaniesService({ db, clock, ids, publicUrl, connections }: CompaniesServiceDeps) {
  function toWire(row: repo.CompanyRow, dataConnections: Company['dataConnections'] = []): Company {
    return {
      id: row.id,
      name: row.name,
      // Optional fields are left out rather than sent as null: the reference's SDKs reject null here.
      ...(row.description !== null ? { description: row.description } : {}),
      platform: '',
      redirect: `${publicUrl}/link/company/${row.id}`,
      ...(row.last_sync_at ? { lastSync: row.last_sync_at.toISOString() } : {}),
      created: row.created_at.toISOString(),
      createdByUserName: null,
      products: [],
      tags: row.tags,
      referenceSubsidiaryCompanies: [],
      dataConnections,
    }
  }

  async function withConnections(client: AuthenticatedClient, rows: repo.CompanyRow[]): Promise<Company[]> {
    const byCompany = await connections.wireConnectionsOf(client.clientId, rows.map((row) => row.id))
    return rows.map((row) => toWire(row, byCompany.get(row.id) ?? []))
  }

  async function getRow(client: AuthenticatedClient, companyId: string): Promise<repo.CompanyRow> {
    const row = await repo.findCompany(db, client.clientId, companyId)
    if (!row) throw new AppError('company_not_found', { companyId })
    return row
  }

  return {
    async create(client: AuthenticatedClient, body: CompanyRequestBody): Promise<Company> {
      const name = requireName(body.name)
      const row = { id: ids.uuid(), client_id: client.clientId, name, description: body.description ?? null, tags: body.tags ?? {}, created_at: clock.now() }
      // The event carries the company as it will be stored, so the insert and the event are one statement.
      const company = toWire({ ...row, last_sync_at: null })
      const emission = eventEmission({ clock, ids }, { clientId: client.clientId, eventType: 'company.created', payload: company, companyTags: company.tags })
      await repo.insertCompanyEmitting(db, row, emission.sql)
      return company
    },

    async get(client: AuthenticatedClient, companyId: string): Promise<Company> {
      const row = await repo.findCompanyWithConnections(db, client.clientId, companyId)
      if (!row) throw new AppError('company_not_found', { companyId })
      return toWire(row, connections.present(row.connections))
    },

    async list(client: AuthenticatedClient, request: CompanyListRequest): Promise<{ results: Company[]; totalResults: number }> {
      const filters = [compileFilter(request.query, companyQueryResource), compileFilter(request.tags, companyTagsResource)].filter(
        (filter): filter is Expression<SqlBool> => filter !== undefined,
      )
      const { rows, total } = await repo.listCompanies(db, client.clientId, {
        filter: filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : sql<SqlBool>`(${filters[0]}) and (${filters[1]})`,
        order: compileOrder(request.orderBy),
        limit: request.pageSize,
        offset: (request.page - 1) * request.pageSize,
      })
      return { results: rows.map((row) => toWire(row, connections.present(row.connections))), totalResults: total }
    },

    /** PUT: name, description and tags are replaced; what the body leaves out is cleared. */
    async replace(client: AuthenticatedClient, companyId: string, body: CompanyRequestBody): Promise<Company> {
      const row = await repo.updateCompany(db, client.clientId, companyId, {
        name: requireName(body.name),
        description: body.description ?? null,
        tags: body.tags ?? {},
      })
      if (!row) throw new AppError('company_not_found', { companyId })
      return (await withConnections(client, [row]))[0]!
    },

    /**
     * PATCH: absent or null name and description are left as they are. Tags follow the reference:
     * absent leaves them, while `null` or `{}` removes them all.
     */
    async update(client: AuthenticatedClient, companyId: string, body: CompanyUpdateRequest): Promise<Company> {
      const changes: { name?: string; description?: string; tags?: Record<string, string> } = {}
      if (body.name !== undefined && body.name !== null) changes.name = requireName(body.name)
      if (body.description !== undefined && body.description !== null) changes.description = body.description
      if (body.tags !== undefined) changes.tags = body.tags ?? {}
      const row = Object.keys(changes).length === 0 ? await getRow(client, companyId) : await repo.updateCompany(db, client.clientId, companyId, changes)
      if (!row) throw new AppError('company_not_found', { companyId })
      return (await withConnections(client, [row]))[0]!
    },

    async remove(client: AuthenticatedClient, companyId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await connections.dropTokensOfCompany(trx, client.clientId, companyId)
        const deleted = await repo.deleteCompany(trx, client.clientId, companyId)
        if (!deleted) throw new AppError('company_not_found', { companyId })
        const company = toWire(deleted)
        await emitEvent(trx, { clock, ids }, { clientId: client.clientId, eventType: 'company.deleted', payload: company, companyTags: company.tags })
      })
    },
  }
}

export type CompaniesService = ReturnType<typeof createCompaniesService>
