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

export interface Tables {
  clients: ClientsTable
  api_keys: ApiKeysTable
  companies: CompaniesTable
}
