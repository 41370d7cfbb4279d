/** @module SQL for the audit log. Every query names the client it serves. */
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '@linkway/db'

type Db = Kysely<Tables> | Transaction<Tables>

export interface AuditRow {
  id: string
  client_id: string
  user_id: string | null
  user_email: string
  action: string
  target_ids: Record<string, string>
  before: unknown
  after: unknown
  status: number
  at: Date
}

export async function insertEntry(db: Db, entry: Omit<AuditRow, 'target_ids' | 'before' | 'after'> & { target_ids: string; before: string | null; after: string | null }): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute()
}

export interface AuditFilter {
  clientId: string
  action?: string | undefined
  userId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  limit: number
  offset: number
}

export async function listEntries(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_log')
    .select(['id', 'client_id', 'user_id', 'user_email', 'action', 'target_ids', 'before', 'after', 'status', 'at'])
    .where('client_id', '=', filter.clientId)
  if (filter.action !== undefined) query = query.where('action', '=', filter.action)
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId)
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from)
  if (filter.to !== undefined) query = query.where('at', '<', filter.to)
  return (await query.orderBy('at', 'desc').orderBy('seq', 'desc').limit(filter.limit).offset(filter.offset).execute()) as AuditRow[]
}
