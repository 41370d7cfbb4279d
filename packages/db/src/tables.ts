/**
 * @module The database's tables as Kysely sees them. Every row outside `clients` carries the
 * `client_id` it belongs to, and every repository query filters on it.
 */
import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | string, never>

export interface ClientsTable {
  id: string
  name: string
  created_at: CreatedAt
}

export interface ApiKeysTable {
  id: string
  client_id: string
  name: string | null
  /** SHA-256 of the raw key: the key is 256 random bits, so a fast hash is enough. */
  key_hash: Buffer
  /** The key's last four characters, so a person can tell keys apart in a list. */
  key_hint: string
  created_at: CreatedAt
}

export interface CompaniesTable {
  id: string
  client_id: string
  name: string
  description: string | null
  tags: ColumnType<Record<string, string>, string, string>
  created_at: CreatedAt
  last_sync_at: Date | null
  /** Insertion order, so companies created in the same millisecond still page stably. */
  seq: Generated<number>
}

export interface WebhookConsumersTable {
  id: string
  client_id: string
  url: string
  event_types: ColumnType<string[], string, string>
  company_tags: ColumnType<string[], string, string>
  is_disabled: boolean
  disabled_reason: 'requested' | 'failing' | null
  secret_sealed: Buffer
  previous_secret_sealed: Buffer | null
  previous_secret_expires_at: Date | null
  failing_since: Date | null
  created_at: CreatedAt
}

export interface WebhookEventsTable {
  id: string
  client_id: string
  event_type: string
  payload: ColumnType<Record<string, unknown>, string, string>
  generated_at: Date
}

export interface WebhookDeliveriesTable {
  id: string
  client_id: string
  consumer_id: string
  event_id: string
  status: 'Sending' | 'Attempting' | 'Success' | 'Failure'
  attempt_count: Generated<number>
  next_attempt_at: Date | null
  created_at: CreatedAt
}

export interface WebhookAttemptsTable {
  id: string
  delivery_id: string
  attempted_at: Date
  http_status: number | null
  duration_ms: number
  error: string | null
}

export interface Tables {
  clients: ClientsTable
  api_keys: ApiKeysTable
  companies: CompaniesTable
  webhook_consumers: WebhookConsumersTable
  webhook_events: WebhookEventsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
}
