/** @module The audit log: every change made with a Portal session, who made it, and what became of it. */
import type { AuditEntry } from '@linkway/contracts'
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '@linkway/db'
import type { Clock, IdGenerator } from '../../app-deps.js'
import { redactSecrets } from './redact.js'
import * as repo from './repo.js'

export const AUDIT_PAGE_SIZE = 50

export interface AuditActor {
  clientId: string
  userId: string | null
  userEmail: string
}

export interface AuditRecord {
  /** A Portal action (`user.invite`, `user.remove`, …) or, for the public API, `METHOD /route/{param}`. */
  action: string
  targetIds: Record<string, string>
  /** Secrets in either are redacted before they are stored. */
  before?: unknown
  after?: unknown
  status: number
}

export interface AuditLogServiceDeps {
  db: Kysely<Tables>
  clock: Clock
  ids: IdGenerator
}

function toWire(row: repo.AuditRow): AuditEntry {
  return {
    id: row.id,
    userId: row.user_id,
    userEmail: row.user_email,
    action: row.action,
    targetIds: row.target_ids,
    ...(row.before !== null ? { before: row.before } : {}),
    ...(row.after !== null ? { after: row.after } : {}),
    status: row.status,
    at: row.at.toISOString(),
  }
}

/** An entry keeps at most this much of a body (a 1 MiB request body is the request's, not the log's). */
const MAX_STORED_JSON = 16_384

function jsonOrNull(value: unknown): string | null {
  if (value === undefined) return null
  const json = JSON.stringify(redactSecrets(value))
  return json.length <= MAX_STORED_JSON ? json : JSON.stringify({ truncated: true, length: json.length })
}

export function createAuditLogService({ db, clock, ids }: AuditLogServiceDeps) {
  return {
    /** Records one change; with `trx`, in the transaction that makes it. */
    async record(actor: AuditActor, entry: AuditRecord, trx?: Transaction<Tables>): Promise<void> {
      await repo.insertEntry(trx ?? db, {
        id: ids.uuid(),
        client_id: actor.clientId,
        user_id: actor.userId,
        user_email: actor.userEmail,
        action: entry.action.slice(0, 300),
        target_ids: JSON.stringify(entry.targetIds),
        before: jsonOrNull(entry.before),
        after: jsonOrNull(entry.after),
        status: entry.status,
        at: clock.now(),
      })
    },

    async list(clientId: string, query: { action?: string | undefined; userId?: string | undefined; from?: string | undefined; to?: string | undefined; page: number }): Promise<{ results: AuditEntry[]; page: number; pageSize: number }> {
      const rows = await repo.listEntries(db, {
        clientId,
        action: query.action,
        userId: query.userId,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        limit: AUDIT_PAGE_SIZE,
        offset: (query.page - 1) * AUDIT_PAGE_SIZE,
      })
      return { results: rows.map(toWire), page: query.page, pageSize: AUDIT_PAGE_SIZE }
    },
  }
}

export type AuditLogService = ReturnType<typeof createAuditLogService>
