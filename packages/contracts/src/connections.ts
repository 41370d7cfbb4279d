/** @module Connections: one company's link to one platform (reference §4.2). */
import { z } from 'zod'
import { PagingQuery, pagedResults } from './paging.js'
import { WireString } from './wire-values.js'

export const SOURCE_TYPES = ['Accounting', 'Banking', 'BankFeed', 'Commerce', 'Expense', 'Other', 'Unknown'] as const
export const SourceType = z.enum(SOURCE_TYPES).meta({ id: 'SourceType' })

export const CONNECTION_STATUSES = ['PendingAuth', 'Linked', 'Unlinked', 'Deauthorized'] as const
export const ConnectionStatus = z.enum(CONNECTION_STATUSES).meta({ id: 'DataConnectionStatus' })
export type ConnectionStatus = z.infer<typeof ConnectionStatus>

/** `resolvedOnUtc` is left out until resolved: the reference SDK accepts a string or nothing, not null. */
export const DataConnectionError = z
  .object({
    statusCode: z.string(),
    statusText: z.string(),
    errorMessage: z.string(),
    erroredOnUtc: z.string(),
    status: z.enum(['Active', 'Resolved']).nullable().meta({ description: 'Active until the connection links again; null for an error that is not transient.' }),
    resolvedOnUtc: z.string().optional(),
  })
  .meta({ id: 'DataConnectionError' })
export type DataConnectionError = z.infer<typeof DataConnectionError>

export const Connection = z
  .object({
    id: z.uuid(),
    integrationId: z.uuid(),
    integrationKey: z.string(),
    sourceId: z.uuid(),
    sourceType: SourceType,
    platformName: z.string(),
    linkUrl: z.string().meta({ description: 'Send the person here to authorize (or re-authorize) this connection.' }),
    status: ConnectionStatus,
    lastSync: z.string().optional(),
    created: z.string(),
    dataConnectionErrors: z.array(DataConnectionError).optional(),
    connectionInfo: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Connection' })
export type Connection = z.infer<typeof Connection>

export const Connections = pagedResults(Connection, 'Connections')

export const ListConnectionsQuery = PagingQuery

export const ConnectionParams = z.object({
  companyId: z.uuid({ error: 'companyId must be a GUID' }).meta({ description: 'The company id.' }),
  connectionId: z.uuid({ error: 'connectionId must be a GUID' }).meta({ description: 'The connection id.' }),
})

export const PLATFORM_KEY_PATTERN = /^[a-z]{4}$/
export const PlatformKey = z
  .string({ error: 'platformKey is required' })
  .regex(PLATFORM_KEY_PATTERN, 'platformKey must be 4 lowercase letters, e.g. gbol')
  .meta({ description: "The integration's 4-letter key, e.g. `gbol` (Xero) or `mqjo` (Sandbox).", example: 'mqjo' })

export const CreateConnectionBody = z.object({ platformKey: PlatformKey }).meta({ id: 'CreateConnectionRequest' })

export const UpdateConnectionStatus = z
  .object({ status: ConnectionStatus.nullable().optional() })
  .strict()
  .meta({ id: 'UpdateConnectionStatus', description: 'Only `Unlinked` may be set, and only on a `Linked` connection.' })

/**
 * Tokens a client already holds, imported without a Link journey: `accessToken` is required;
 * `refreshToken`, `expiresIn` (seconds) or `expiresAt` (ISO instant) are read; every other field
 * (e.g. `realmId`, `tenantId`, `businessId`) lands in `connectionInfo`.
 */
export const UpdateConnectionAuthorization = z
  .record(WireString, z.union([WireString, z.number(), z.boolean()]))
  .meta({ id: 'UpdateConnectionAuthorization', example: { accessToken: '0000-0000', refreshToken: '1111-1111', expiresIn: 1800 } })

/** How long a connection may wait for its person to authorize before the Portal calls it stale. */
export const PENDING_AUTH_STALE_MS = 24 * 60 * 60 * 1000

const healthCount = (meaning: string) =>
  z.object({ connections: z.int(), companies: z.int().meta({ description: 'Companies with at least one such connection.' }) }).meta({ description: meaning })

/** Linkway's own: the client's connections counted by state, for the Portal's connection health. */
export const ConnectionHealth = z
  .object({
    asOf: z.string().meta({ description: 'The instant the counts were taken.' }),
    linked: healthCount('Linked: syncing.'),
    deauthorized: healthCount('Deauthorized: the platform withdrew access; the person must re-authorize through the linkUrl.'),
    unlinked: healthCount('Unlinked: disconnected on purpose; its data stays.'),
    pendingAuth: healthCount('PendingAuth: created, not yet authorized.'),
    pendingAuthOverADay: healthCount('PendingAuth and created more than 24 hours before `asOf`: the person has probably not finished.'),
  })
  .meta({ id: 'ConnectionHealth' })
export type ConnectionHealth = z.infer<typeof ConnectionHealth>
