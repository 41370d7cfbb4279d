/** @module Companies: create, read, list (paged, filtered, ordered), replace, update, delete; the products enabled for each. */
import { findProduct, type Company, type CompanyRequestBody, type CompanyUpdateRequest } from '@linkway/contracts'
import type { Tables } from '@linkway/db'
import { compileOrderBy, compileQuery, type QueryableResource } from '@linkway/query-language'
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import type { CompanyReferenceRow, ConnectionPresenter } from '../connections/index.js'
import { emitEvent, eventEmission } from '../webhooks/index.js'
import { companyQueryResource, companyTagsResource } from './company-query.js'
import * as repo from './repo.js'

export interface CompaniesServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
  /** Where hosted Link lives: a company's `redirect` is `{publicUrl}/link/company/{id}`. */
  publicUrl: string
  /** Shows `dataConnections` (read with the company, in the same statement). */
  presenter: Pick<ConnectionPresenter, 'toWire'>
  /**
   * In the transaction that deletes a company, before its row goes: the connections module drops
   * the tokens and queues their revocation (the connection rows go with the company, by cascade).
   */
  onDeleting?: (trx: Transaction<Tables>, clientId: string, companyId: string) => Promise<void>
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
 * `Company (Codat[1])` becomes `Company Codat1`. Its set is letters, digits, whitespace and
 * `- ' , & @ . ? !`; letters and digits here are any script's (with their combining marks), so
 * `Bäckerei Müller` and `株式会社テスト` are kept as given. Runs of whitespace become one space.
 */
export function normalizeCompanyName(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/[^\p{L}\p{M}\p{Nd} \-',&@.?!]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim()
}

function requireName(name: string): string {
  const normalized = normalizeCompanyName(name)
  if (normalized.length === 0) throw new AppError('company_name_empty')
  return normalized
}

function compileFilter(text: string | undefined, resource: QueryableResource): Expression<SqlBool> | undefined {
  return text === undefined ? undefined : compileQuery(text, resource)
}

export function createCompaniesService({ db, clock, ids, publicUrl, presenter, onDeleting }: CompaniesServiceDeps) {
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
      products: row.products,
      tags: row.tags,
      referenceSubsidiaryCompanies: [],
      dataConnections,
    }
  }

  const withConnections = (row: repo.CompanyWithConnectionsRow): Company => toWire(row, row.connections.map((connection) => presenter.toWire(connection)))

  return {
    async create(client: AuthenticatedClient, body: CompanyRequestBody): Promise<Company> {
      const name = requireName(body.name)
      const row = { id: ids.uuid(), client_id: client.clientId, name, description: body.description ?? null, tags: body.tags ?? {}, created_at: clock.now() }
      // The event carries the company as it will be stored, so the insert and the event are one statement.
      const company = toWire({ ...row, last_sync_at: null, products: [] })
      const emission = eventEmission({ clock, ids }, { clientId: client.clientId, eventType: 'company.created', payload: company, companyTags: company.tags })
      await repo.insertCompanyEmitting(db, row, emission.sql)
      return company
    },

    async get(client: AuthenticatedClient, companyId: string): Promise<Company> {
      const row = await repo.findCompanyWithConnections(db, client.clientId, companyId)
      if (!row) throw new AppError('company_not_found', { companyId })
      return withConnections(row)
    },

    async list(client: AuthenticatedClient, request: CompanyListRequest): Promise<{ results: Company[]; totalResults: number }> {
      const filters = [compileFilter(request.query, companyQueryResource), compileFilter(request.tags, companyTagsResource)].filter(
        (filter): filter is Expression<SqlBool> => filter !== undefined,
      )
      const { rows, total } = await repo.listCompanies(db, client.clientId, {
        filter: filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : sql<SqlBool>`(${filters[0]}) and (${filters[1]})`,
        order: compileOrderBy(request.orderBy, companyQueryResource),
        limit: request.pageSize,
        offset: (request.page - 1) * request.pageSize,
      })
      return { results: rows.map(withConnections), totalResults: total }
    },

    /** PUT: name, description and tags are replaced; what the body leaves out is cleared. */
    async replace(client: AuthenticatedClient, companyId: string, body: CompanyRequestBody): Promise<Company> {
      const row = await repo.updateCompany(db, client.clientId, companyId, {
        name: requireName(body.name),
        description: body.description ?? null,
        tags: body.tags ?? {},
      })
      if (!row) throw new AppError('company_not_found', { companyId })
      return withConnections(row)
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
      const row = Object.keys(changes).length === 0 ? await repo.findCompanyWithConnections(db, client.clientId, companyId) : await repo.updateCompany(db, client.clientId, companyId, changes)
      if (!row) throw new AppError('company_not_found', { companyId })
      return withConnections(row)
    },

    /** A company of this client, as other modules need it (scope and events); `db` may be the caller's transaction. */
    async findReference(clientId: string, companyId: string, trx: Kysely<Tables> | Transaction<Tables> = db): Promise<CompanyReferenceRow | undefined> {
      return await repo.findCompanyReference(trx, clientId, companyId)
    },

    /** The company, locked until the caller's transaction ends: changes to its connections are decided one at a time. */
    async lockReference(trx: Transaction<Tables>, clientId: string, companyId: string): Promise<CompanyReferenceRow | undefined> {
      return await repo.lockCompanyReference(trx, clientId, companyId)
    },

    /** Hosted Link's lookup by the company's id alone (its hosted URL is the credential). */
    async findForLink(companyId: string): Promise<CompanyReferenceRow | undefined> {
      return await repo.findCompanyById(db, companyId)
    },

    /** In the transaction that completes a sync of one of its connections: `Company.lastSync`. */
    async markSynced(trx: Transaction<Tables>, companyId: string, at: Date): Promise<void> {
      await repo.markCompanySynced(trx, companyId, at)
    },

    /**
     * PUT / DELETE /companies/{id}/products/{productIdentifier}: enables or disables a product of
     * the catalogue. Asking for what already holds changes nothing and sends no event; a change
     * emits `company.product.added` / `.removed` in its transaction.
     */
    async setProductEnabled(client: AuthenticatedClient, companyId: string, productIdentifier: string, isEnabled: boolean): Promise<void> {
      const product = findProduct(productIdentifier)
      if (!product) throw new AppError('product_not_found', { productIdentifier })
      await db.transaction().execute(async (trx) => {
        const row = await repo.lockCompany(trx, client.clientId, companyId)
        if (!row) throw new AppError('company_not_found', { companyId })
        if (row.products.includes(product.identifier) === isEnabled) return
        const products = await repo.changeCompanyProducts(trx, companyId, isEnabled ? 'add' : 'remove', product.identifier)
        await emitEvent(trx, { clock, ids }, {
          clientId: client.clientId,
          eventType: isEnabled ? 'company.product.added' : 'company.product.removed',
          payload: { id: row.id, name: row.name, ...(row.description !== null ? { description: row.description } : {}), productId: product.identifier, productName: product.name, products },
          companyTags: row.tags,
        })
      })
    },

    /** The company's enabled products (what a product refresh may ask for), or undefined when it is not this client's. */
    async findProducts(clientId: string, companyId: string): Promise<string[] | undefined> {
      return await repo.findCompanyProducts(db, clientId, companyId)
    },

    async remove(client: AuthenticatedClient, companyId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await onDeleting?.(trx, client.clientId, companyId)
        const deleted = await repo.deleteCompany(trx, client.clientId, companyId)
        if (!deleted) throw new AppError('company_not_found', { companyId })
        const company = toWire(deleted)
        await emitEvent(trx, { clock, ids }, { clientId: client.clientId, eventType: 'company.deleted', payload: company, companyTags: company.tags })
      })
    },
  }
}

export type CompaniesService = ReturnType<typeof createCompaniesService>


