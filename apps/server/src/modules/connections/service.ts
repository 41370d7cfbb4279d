/**
 * @module Connections: create (PendingAuth, with its Link URL), list, read, unlink, delete, import
 * tokens, and the state changes the Link flow and the token lifecycle make. Every change emits its
 * webhook in the same transaction.
 */
import { CONNECTION_STATUSES, PENDING_AUTH_STALE_MS, SOURCE_TYPES, WIRE_INSTANT_MAX, WIRE_INSTANT_MIN, isWireInstant, type Connection, type ConnectionHealth } from '@linkway/contracts'
import type { Catalogue, Connector } from '@linkway/connectors'
import type { ConnectionStatusColumn, Database, JobSender, Tables } from '@linkway/db'
import type { TokenSet } from '@linkway/oauth'
import { compileOrderBy, compileQuery, defineResource } from '@linkway/query-language'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { AppError } from '../../app-error.js'
import type { AuthenticatedClient } from '../api-keys/index.js'
import { emitEvent } from '../webhooks/index.js'
import { withError, withErrorsResolved, type ConnectionErrorKind } from './connection-errors.js'
import type { CompanyReferenceRow, ConnectionPresenter } from './connection-wire.js'
import * as repo from './repo.js'
import type { RevokeTokensJob } from './revoke-tokens-job.js'
import { connectionParametersOf, type TokenVault } from './token-vault.js'

export interface ConnectionsServiceDeps {
  database: Database
  clock: Clock
  ids: IdGenerator
  catalogue: Catalogue
  presenter: ConnectionPresenter
  /** The companies module's service: connections belong to its companies, and name them in their events. */
  companies: CompanyDirectory
  /** Whether this client may link this connector now (sandboxes: yes; others: credentials set and enabled). */
  isEnabledFor(clientId: string, connector: Connector): Promise<boolean>
  vault: () => TokenVault
  /** `connection.revoke`, sent in the transaction that drops a connection's tokens. */
  jobs: { revokeTokens: JobSender<RevokeTokensJob> }
  /** A connection became Linked, inside that transaction: the first sync is queued with it. */
  onLinked?: (trx: Transaction<Tables>, connectionId: string, isFirstLink: boolean) => Promise<void>
}

/**
 * What connections need of the companies they belong to. The companies service provides it; it is
 * declared here so that this module depends on no other domain module (companies embeds
 * connections in its reads, so the dependency runs the other way).
 */
export interface CompanyDirectory {
  findReference(clientId: string, companyId: string, trx?: Kysely<Tables> | Transaction<Tables>): Promise<CompanyReferenceRow | undefined>
  /** Locks the company row until the transaction ends: the one-accounting-connection rule is decided one create at a time. */
  lockReference(trx: Transaction<Tables>, clientId: string, companyId: string): Promise<CompanyReferenceRow | undefined>
  markSynced(trx: Transaction<Tables>, companyId: string, at: Date): Promise<void>
}

export interface ConnectionListRequest {
  page: number
  pageSize: number
  query?: string | undefined
  orderBy?: string | undefined
}

const connectionQueryResource = defineResource('Connection', {
  id: { type: 'uuid', expression: sql.ref('connections.id') },
  status: { type: { enum: [...CONNECTION_STATUSES] }, expression: sql.ref('connections.status'), sortable: true },
  sourceType: { type: { enum: [...SOURCE_TYPES] }, expression: sql.ref('connections.source_type'), sortable: true },
  integrationKey: { type: 'string', expression: sql.ref('connections.platform_key'), sortable: true },
  created: { type: 'date', expression: sql.ref('connections.created_at'), sortable: true },
  lastSync: { type: 'date', expression: sql.ref('connections.last_sync_at'), sortable: true },
})

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}

export function createConnectionsService(deps: ConnectionsServiceDeps) {
  const { database, clock, ids, catalogue, presenter, companies } = deps
  const db: Kysely<Tables> = database.db

  async function emitConnectionEvent(
    trx: Transaction<Tables>,
    eventType: 'connection.created' | 'connection.connected' | 'connection.disconnected' | 'connection.reconnected' | 'connection.failed' | 'connection.deleted',
    company: CompanyReferenceRow,
    row: repo.ConnectionRow,
  ): Promise<void> {
    await emitEvent(trx, { clock, ids }, {
      clientId: row.client_id,
      eventType,
      payload: { referenceCompany: presenter.companyReference(company), connection: presenter.toWire(row) },
      companyTags: company.tags,
    })
  }

  async function requireCompany(clientId: string, companyId: string): Promise<CompanyReferenceRow> {
    const company = await companies.findReference(clientId, companyId)
    if (!company) throw new AppError('company_not_found', { companyId })
    return company
  }

  async function requireConnection(clientId: string, companyId: string, connectionId: string): Promise<repo.ConnectionRow> {
    await requireCompany(clientId, companyId)
    const row = await repo.findConnection(db, clientId, companyId, connectionId)
    if (!row) throw new AppError('connection_not_found', { connectionId })
    return row
  }

  /**
   * Deletes the tokens and queues their revocation at the platform, in the caller's transaction:
   * the platform call happens after commit, retried by the job queue, never inside the transaction.
   */
  async function dropTokens(trx: Transaction<Tables>, row: repo.ConnectionRow): Promise<void> {
    const tokens = await repo.deleteTokens(trx, row.id)
    const connector = catalogue.get(row.platform_key)
    if (!tokens || !connector || connector.auth.kind !== 'oauth2' || !connector.auth.revokeUrl) return
    await deps.jobs.revokeTokens.send(trx, {
      connectionId: row.id,
      clientId: row.client_id,
      platformKey: row.platform_key,
      connectionParameters: connectionParametersOf(connector.auth, row.connection_info),
      values: Object.fromEntries((connector.auth.tokenResponseParameters ?? []).flatMap((name) => (typeof row.connection_info[name] === 'string' ? [[name, row.connection_info[name] as string]] : []))),
      // Still sealed (bound to the connection id): the job table never holds a readable token.
      sealedTokens: tokens.sealed.toString('base64'),
    })
  }

  /** Moves a connection to Linked with these tokens: connected from PendingAuth, reconnected from Unlinked or Deauthorized. */
  async function linkInTransaction(trx: Transaction<Tables>, connectionId: string, tokens: TokenSet, info: Record<string, unknown>): Promise<repo.ConnectionRow | undefined> {
    const current = await repo.lockConnection(trx, connectionId)
    if (!current) return undefined
    const company = await companies.findReference(current.client_id, current.company_id, trx)
    if (!company) return undefined
    await deps.vault().store(trx, connectionId, current.client_id, tokens)
    const row = await repo.updateConnection(trx, connectionId, {
      status: 'Linked',
      errors: withErrorsResolved(current.errors, clock.now()),
      connection_info: { ...current.connection_info, ...info },
    })
    if (current.status === 'PendingAuth') await emitConnectionEvent(trx, 'connection.connected', company, row)
    else if (current.status !== 'Linked') await emitConnectionEvent(trx, 'connection.reconnected', company, row)
    if (current.status !== 'Linked') await deps.onLinked?.(trx, connectionId, current.status === 'PendingAuth')
    return row
  }

  return {
    async create(client: AuthenticatedClient, companyId: string, platformKey: string): Promise<Connection> {
      // The company first: another client's company id is a 404 whatever the platform.
      await requireCompany(client.clientId, companyId)
      const connector = catalogue.get(platformKey)
      if (!connector) throw new AppError('integration_not_found', { platformKey })
      if (connector.auth.kind !== 'oauth2') throw new AppError('integration_not_linkable', { platformKey, name: connector.name })
      if (!(await deps.isEnabledFor(client.clientId, connector))) throw new AppError('integration_not_enabled', { platformKey, name: connector.name })
      try {
        const row = await db.transaction().execute(async (trx) => {
          const company = await companies.lockReference(trx, client.clientId, companyId)
          if (!company) throw new AppError('company_not_found', { companyId })
          if (connector.sourceType === 'Accounting') {
            const existing = await repo.findAccountingConnection(trx, companyId)
            if (existing) throw new AppError('accounting_connection_exists', { companyId, connectionId: existing.id, platformName: catalogue.get(existing.platform_key)?.name ?? existing.platform_key })
          }
          const inserted = await repo.insertConnection(trx, {
            id: ids.uuid(),
            client_id: client.clientId,
            company_id: companyId,
            platform_key: connector.key,
            source_type: connector.sourceType,
            status: 'PendingAuth',
            created_at: clock.now(),
          })
          await emitConnectionEvent(trx, 'connection.created', company, inserted)
          return inserted
        })
        return presenter.toWire(row)
      } catch (error) {
        // The lock decides races within a company; the unique index is the rule's last word.
        if (isUniqueViolation(error)) {
          const existing = await repo.findAccountingConnection(db, companyId)
          throw new AppError('accounting_connection_exists', { companyId, connectionId: existing?.id ?? 'unknown', platformName: existing ? (catalogue.get(existing.platform_key)?.name ?? existing.platform_key) : 'unknown' })
        }
        throw error
      }
    },

    async list(client: AuthenticatedClient, companyId: string, request: ConnectionListRequest): Promise<{ results: Connection[]; totalResults: number }> {
      await requireCompany(client.clientId, companyId)
      const filter = request.query === undefined ? undefined : compileQuery(request.query, connectionQueryResource)
      const order = compileOrderBy(request.orderBy, connectionQueryResource)
      const { rows, total } = await repo.listConnections(db, client.clientId, companyId, {
        filter,
        order,
        limit: request.pageSize,
        offset: (request.page - 1) * request.pageSize,
      })
      return { results: rows.map((row) => presenter.toWire(row)), totalResults: total }
    },

    async get(client: AuthenticatedClient, companyId: string, connectionId: string): Promise<Connection> {
      const row = await repo.findConnection(db, client.clientId, companyId, connectionId)
      if (row) return presenter.toWire(row)
      await requireCompany(client.clientId, companyId)
      throw new AppError('connection_not_found', { connectionId })
    },

    /** PATCH: Linked → Unlinked (you severed it). Data stays; the tokens are revoked; Link can re-authorize it. */
    async updateStatus(client: AuthenticatedClient, companyId: string, connectionId: string, status: ConnectionStatusColumn | null | undefined): Promise<Connection> {
      const found = await requireConnection(client.clientId, companyId, connectionId)
      if (status === undefined || status === null) return presenter.toWire(found)
      if (status !== 'Unlinked') throw new AppError('connection_status_unsupported', { status })
      const row = await db.transaction().execute(async (trx) => {
        const current = await repo.lockConnection(trx, connectionId)
        if (!current) throw new AppError('connection_not_found', { connectionId })
        if (current.status !== 'Linked') throw new AppError('connection_not_linked', { status: current.status })
        const company = (await companies.findReference(client.clientId, companyId, trx))!
        await dropTokens(trx, current)
        const updated = await repo.updateConnection(trx, connectionId, { status: 'Unlinked' })
        await emitConnectionEvent(trx, 'connection.disconnected', company, updated)
        return updated
      })
      return presenter.toWire(row)
    },

    /** DELETE: revokes at the platform where it can (after commit), deletes the tokens and the connection. */
    async remove(client: AuthenticatedClient, companyId: string, connectionId: string): Promise<void> {
      await requireConnection(client.clientId, companyId, connectionId)
      await db.transaction().execute(async (trx) => {
        const current = await repo.lockConnection(trx, connectionId)
        if (!current) throw new AppError('connection_not_found', { connectionId })
        const company = (await companies.findReference(client.clientId, companyId, trx))!
        await dropTokens(trx, current)
        await repo.deleteConnection(trx, connectionId)
        await emitConnectionEvent(trx, 'connection.deleted', company, current)
      })
    },

    /**
     * PUT …/authorization: tokens the client already holds (a migration). `accessToken` is
     * required; the rest of the body that is not a token field lands in connectionInfo.
     */
    async importAuthorization(client: AuthenticatedClient, companyId: string, connectionId: string, body: Record<string, string | number | boolean>): Promise<Connection> {
      await requireConnection(client.clientId, companyId, connectionId)
      const { accessToken, refreshToken, expiresIn, expiresAt, tokenType, ...info } = body
      if (typeof accessToken !== 'string' || accessToken.length === 0) throw new AppError('authorization_invalid', { reason: 'accessToken is required (a non-empty string)' })
      if (refreshToken !== undefined && typeof refreshToken !== 'string') throw new AppError('authorization_invalid', { reason: 'refreshToken must be a string' })
      let expiry: Date | undefined
      if (expiresIn !== undefined) {
        const seconds = Number(expiresIn)
        if (!Number.isFinite(seconds) || seconds <= 0) throw new AppError('authorization_invalid', { reason: 'expiresIn must be a positive number of seconds' })
        expiry = new Date(clock.now().getTime() + seconds * 1000)
        // A Date past the year 9999 is written in a form PostgreSQL reads otherwise; past 275760 there is no Date at all.
        if (!isWireInstant(expiry.getTime())) {
          throw new AppError('authorization_invalid', { reason: `expiresIn is too large: ${seconds} seconds from now is after ${WIRE_INSTANT_MAX}, the latest expiry Linkway stores` })
        }
      } else if (expiresAt !== undefined) {
        const at = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN
        if (Number.isNaN(at)) throw new AppError('authorization_invalid', { reason: 'expiresAt must be an ISO-8601 instant' })
        if (!isWireInstant(at)) throw new AppError('authorization_invalid', { reason: `expiresAt must be between ${WIRE_INSTANT_MIN} and ${WIRE_INSTANT_MAX}` })
        expiry = new Date(at)
      }
      const tokens: TokenSet = {
        accessToken,
        tokenType: typeof tokenType === 'string' ? tokenType : 'Bearer',
        ...(typeof refreshToken === 'string' && refreshToken.length > 0 ? { refreshToken } : {}),
        ...(expiry ? { expiresAt: expiry } : {}),
      }
      const row = await db.transaction().execute((trx) => linkInTransaction(trx, connectionId, tokens, info))
      if (!row) throw new AppError('connection_not_found', { connectionId })
      return presenter.toWire(row)
    },

    /** The Link flow's success: tokens stored, Linked, errors resolved, one event. */
    async completeAuthorization(connectionId: string, tokens: TokenSet, info: Record<string, unknown>): Promise<repo.ConnectionRow | undefined> {
      return await db.transaction().execute((trx) => linkInTransaction(trx, connectionId, tokens, info))
    },

    /** The Link flow's failure: the status stays, an error entry is added, connection.failed is emitted. */
    async recordLinkFailure(connectionId: string, kind: ConnectionErrorKind, statusText?: string): Promise<repo.ConnectionRow | undefined> {
      return await db.transaction().execute(async (trx) => {
        const current = await repo.lockConnection(trx, connectionId)
        if (!current) return undefined
        const company = await companies.findReference(current.client_id, current.company_id, trx)
        if (!company) return undefined
        const row = await repo.updateConnection(trx, connectionId, { errors: withError(current.errors, kind, clock.now(), statusText) })
        await emitConnectionEvent(trx, 'connection.failed', company, row)
        return row
      })
    },

    /** The platform says the grant is gone: Deauthorized, a 401 error entry (with `reason` as its statusText when given), the tokens deleted, connection.disconnected. */
    async deauthorize(connectionId: string, reason?: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const current = await repo.lockConnection(trx, connectionId)
        if (!current || current.status !== 'Linked') return
        const company = await companies.findReference(current.client_id, current.company_id, trx)
        if (!company) return
        await repo.deleteTokens(trx, connectionId)
        const row = await repo.updateConnection(trx, connectionId, { status: 'Deauthorized', errors: withError(current.errors, 'deauthorized', clock.now(), reason) })
        await emitConnectionEvent(trx, 'connection.disconnected', company, row)
      })
    },

    /**
     * Inside the transaction that deletes a company: its connections' tokens are deleted and their
     * revocation queued (the rows themselves go with the company, by cascade).
     */
    async dropTokensOfCompany(trx: Transaction<Tables>, clientId: string, companyId: string): Promise<void> {
      for (const row of await repo.listConnectionsOfCompanies(trx, clientId, [companyId])) await dropTokens(trx, row)
    },

    /** A connection by its id alone (workers, the Link callback); `trx` when the caller is inside a transaction. */
    async findById(connectionId: string, trx: Kysely<Tables> | Transaction<Tables> = db): Promise<repo.ConnectionRow | undefined> {
      return await repo.findConnectionById(trx, connectionId)
    },

    /**
     * A connection by its id, inside the transaction that writes its synced records: it cannot be
     * deleted until that transaction ends, so no record outlives its connection (deleting one
     * deletes its records, migration 0019). Undefined when it is gone.
     */
    async findHeldUntilCommit(trx: Transaction<Tables>, connectionId: string): Promise<repo.ConnectionRow | undefined> {
      return await repo.findConnectionHeldUntilCommit(trx, connectionId)
    },

    /** The Link flow knows a connection by its (unguessable) ids alone; the client comes from the row. */
    async findForLink(companyId: string, connectionId: string): Promise<repo.ConnectionRow | undefined> {
      return await repo.findConnectionForLink(db, companyId, connectionId)
    },

    /** A company's connections, in creation order (sync chooses among them). */
    async ofCompany(clientId: string, companyId: string): Promise<repo.ConnectionRow[]> {
      return await repo.listConnectionsOfCompanies(db, clientId, [companyId])
    },

    /** Every Linked connection: what the sync schedule looks at. */
    async linked(): Promise<repo.ConnectionRow[]> {
      return await repo.listLinkedConnections(db)
    },

    /** The client's companies with a Linked connection: its active connected companies, which raise its daily quota. */
    async countLinkedCompanies(clientId: string): Promise<number> {
      return await repo.countCompaniesWithLinkedConnection(db, clientId)
    },

    /** In the transaction that completes a sync: `lastSync` on the connection and on its company. */
    /** The client's connections per state, and those waiting for authorization for over a day (Linkway's own, for the Portal). */
    async health(client: AuthenticatedClient): Promise<ConnectionHealth> {
      const now = clock.now()
      const row = await repo.countConnectionHealth(db, client.clientId, new Date(now.getTime() - PENDING_AUTH_STALE_MS))
      return {
        asOf: now.toISOString(),
        linked: { connections: row.linked, companies: row.linked_companies },
        deauthorized: { connections: row.deauthorized, companies: row.deauthorized_companies },
        unlinked: { connections: row.unlinked, companies: row.unlinked_companies },
        pendingAuth: { connections: row.pending_auth, companies: row.pending_auth_companies },
        pendingAuthOverADay: { connections: row.pending_auth_stale, companies: row.pending_auth_stale_companies },
      }
    },

    async markSynced(trx: Transaction<Tables>, connection: Pick<repo.ConnectionRow, 'id' | 'company_id'>, at: Date): Promise<void> {
      await repo.markConnectionSynced(trx, connection.id, at)
      await companies.markSynced(trx, connection.company_id, at)
    },

    /** Connections of a page of companies, for `Company.dataConnections`, in one query. */
    async wireConnectionsOf(clientId: string, companyIds: readonly string[]): Promise<Map<string, Connection[]>> {
      const byCompany = new Map<string, Connection[]>()
      for (const row of await repo.listConnectionsOfCompanies(db, clientId, companyIds)) {
        const list = byCompany.get(row.company_id) ?? []
        list.push(presenter.toWire(row))
        byCompany.set(row.company_id, list)
      }
      return byCompany
    },
  }
}

export type ConnectionsService = ReturnType<typeof createConnectionsService>
