/** @module Connections: one company's link to one platform (reference §4.2). The endpoints arrive with the connections module. */
import { z } from 'zod'

export const SOURCE_TYPES = ['Accounting', 'Banking', 'BankFeed', 'Commerce', 'Expense', 'Other', 'Unknown'] as const
export const SourceType = z.enum(SOURCE_TYPES).meta({ id: 'SourceType' })

export const CONNECTION_STATUSES = ['PendingAuth', 'Linked', 'Unlinked', 'Deauthorized'] as const
export const ConnectionStatus = z.enum(CONNECTION_STATUSES).meta({ id: 'DataConnectionStatus' })

export const DataConnectionError = z
  .object({
    statusCode: z.string(),
    statusText: z.string(),
    errorMessage: z.string(),
    erroredOnUtc: z.string(),
    status: z.enum(['Active', 'Resolved']).nullable(),
    resolvedOnUtc: z.string().nullable(),
  })
  .meta({ id: 'DataConnectionError' })

export const Connection = z
  .object({
    id: z.uuid(),
    integrationId: z.uuid(),
    integrationKey: z.string(),
    sourceId: z.uuid(),
    sourceType: SourceType,
    platformName: z.string(),
    linkUrl: z.string(),
    status: ConnectionStatus,
    lastSync: z.string().optional(),
    created: z.string(),
    dataConnectionErrors: z.array(DataConnectionError).optional(),
    connectionInfo: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Connection' })
export type Connection = z.infer<typeof Connection>
