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
  /** Enabled product identifiers, in the order they were enabled (migration 0018). */
  products: Generated<string[]>
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
  /** The start of the receiver's response body (migration 0017); null when it sent none. */
  response_excerpt: ColumnType<string | null, string | null | undefined, string | null>
}

export type ConnectionStatusColumn = 'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized'

/** One entry of a connection's `dataConnectionErrors`, as the wire has it. */
export interface ConnectionErrorColumn {
  statusCode: string
  statusText: string
  errorMessage: string
  erroredOnUtc: string
  status: 'Active' | 'Resolved' | null
  resolvedOnUtc: string | null
}

export interface ConnectionsTable {
  id: string
  client_id: string
  company_id: string
  platform_key: string
  source_type: string
  status: ConnectionStatusColumn
  errors: ColumnType<ConnectionErrorColumn[], string | undefined, string>
  connection_info: ColumnType<Record<string, unknown>, string | undefined, string>
  created_at: CreatedAt
  last_sync_at: Date | null
  /** Insertion order, so connections created in the same millisecond still page stably. */
  seq: Generated<number>
}

export interface ConnectionTokensTable {
  connection_id: string
  client_id: string
  /** The token set as JSON, sealed by the vault with `connection_tokens:<connection id>` as associated data. */
  sealed: Buffer
  access_expires_at: Date | null
  has_refresh_token: boolean
  /** Who is refreshing now and until when: the lease that makes a rotating refresh happen once. */
  refresh_lease_owner: string | null
  refresh_lease_until: Date | null
  updated_at: Date
}

export type LinkReturn = 'redirect' | 'hosted' | 'embedded'

export interface LinkSessionsTable {
  id: string
  client_id: string
  connection_id: string
  /** SHA-256 of the OAuth `state`; the state itself exists only in the person's browser and the platform's redirect. */
  state_hash: Buffer
  code_verifier_sealed: Buffer
  /** The Link URL's own query (custom redirect placeholders). */
  redirect_params: ColumnType<Record<string, string>, string | undefined, string>
  /** What the person typed before authorizing (Shopify's shop). */
  connection_params: ColumnType<Record<string, string>, string | undefined, string>
  status: 'started' | 'awaiting_tenant' | 'finished'
  tenants: ColumnType<Array<{ id: string; name: string }> | null, string | null | undefined, string | null>
  /** SHA-256 of the one-time token that lets the tenant pick page finish this session. */
  step_token_hash: Buffer | null
  /**
   * `hosted`: the journey began in hosted Link and returns there; `redirect`: straight to the
   * client's redirect; `embedded`: a popup opened by Link embedded on the client's page, which
   * ends by posting the outcome to `embed_origin`.
   */
  return_to: ColumnType<LinkReturn, LinkReturn | undefined, LinkReturn>
  /** The origin of the page that embeds Link (`embedded` only): the one target of the result's postMessage. */
  embed_origin: string | null
  /** The hosted Link visit this trip belongs to (funnel events), if any. */
  visit_id: string | null
  /** The tokens of a journey waiting for the person to pick a tenant, sealed; cleared when it finishes. */
  pending_tokens_sealed: Buffer | null
  created_at: CreatedAt
  expires_at: Date
  used_at: Date | null
}

export interface PlatformCredentialsTable {
  client_id: string
  platform_key: string
  oauth_client_id: string
  /** Sealed with `platform_credentials:<client id>:<platform key>` as associated data. */
  client_secret_sealed: Buffer
  is_enabled: boolean
  updated_at: Date
}

export interface ClientProfilesTable {
  client_id: string
  name: string
  logo_url: string | null
  icon_url: string | null
  redirect_url: string
  white_list_urls: ColumnType<string[], string | undefined, string>
  updated_at: Date
}

export interface ClientLogosTable {
  client_id: string
  /** SHA-256 of `content`, hex: the logo's public URL carries it. */
  content_hash: string
  content_type: 'image/png' | 'image/jpeg' | 'image/svg+xml'
  content: Buffer
  uploaded_at: Date
}

export interface LinkSettingsTable {
  client_id: string
  settings: ColumnType<Record<string, unknown>, string, string>
  updated_at: Date
}

export interface LinkFunnelEventsTable {
  id: string
  client_id: string
  company_id: string
  visit_id: string
  event: string
  category: string | null
  platform_key: string | null
  step: string | null
  occurred_at: Date
}

export interface LinkUsedTokensTable {
  nonce: string
  used_at: Date
  expires_at: Date
}

export interface SyncSettingsTable {
  client_id: string
  company_id: string | null
  /** SyncSetting[] as the wire has them. */
  settings: ColumnType<unknown[], string, string>
  overrides_defaults: Generated<boolean>
  updated_at: Date
}

export interface DataReadsTable {
  id: string
  client_id: string
  company_id: string
  is_initial: boolean
  requested: Date
  completed: Date | null
}

export interface DatasetsTable {
  id: string
  client_id: string
  company_id: string
  connection_id: string
  read_id: string
  data_type: string
  status: string
  status_description: string | null
  error_message: string | null
  requested: Date
  started: Date | null
  completed: Date | null
  progress: Generated<number>
  records_read: Generated<number>
  records_modified: Generated<number>
  total_records: number | null
  modified_since: Date | null
  /** Where the next page starts (the data source's PageCursor); null before the first page. */
  cursor: ColumnType<Record<string, string | number> | null, string | null, string | null>
  attempts: Generated<number>
  lease_owner: string | null
  lease_until: Date | null
  /** The `sync.dataset` job last sent for it: a job a dead worker took is found by this (migration 0009). */
  job_id: string | null
  seq: Generated<number>
}

export interface DataRecordsTable {
  connection_id: string
  data_type: string
  record_id: string
  client_id: string
  company_id: string
  modified_at: Date | null
  dataset_id: string
  data: ColumnType<Record<string, unknown>, string, string>
}

/** A fixed window's count (UNLOGGED: a crash empties it). Key: `client:<id>`, `auth:<address>`, … */
export interface RateLimitCountersTable {
  key: string
  window_end: Date
  count: number
  /** The window's limit, fixed by its first request, so every process refuses at the same count. */
  max_count: number
}

/** A client window whose quota was reached; the worker announces its reset once it has ended. */
export interface RateLimitResetsTable {
  client_id: string
  window_end: Date
  daily_quota: number
}

/** The public key of each key that has signed a consent receipt (published for as long as its receipts exist). */
export interface ConsentSigningKeysTable {
  kid: string
  public_jwk: ColumnType<Record<string, string>, string, string>
  created_at: Date
}

/** A signed consent receipt: the canonical JSON that was signed, and its compact JWS. */
export interface ConsentReceiptsTable {
  id: string
  client_id: string
  company_id: string
  connection_id: string
  kid: string
  receipt_json: string
  jws: string
  consented_at: Date
  seq: Generated<number>
}

/** A file a company's person (hosted Link) or its client (the Files API) uploaded (migration 0011). */
export interface FilesTable {
  id: string
  client_id: string
  company_id: string
  /** The connection named by the Files API's upload path; null for hosted Link's uploads. */
  connection_id: string | null
  /** The Link category it was uploaded under; null through the Files API. */
  category: string | null
  source_type: string
  /** As given by the browser or client: Unicode, never used in a path or a header unescaped. */
  file_name: string
  content_type: string
  size_bytes: number
  content: Buffer
  uploaded_at: Date
  seq: Generated<number>
}

/** A company access token (migration 0014): its SHA-256 only; the raw token was in the response that issued it. */
export interface CompanyAccessTokensTable {
  token_hash: Buffer
  client_id: string
  company_id: string
  created_at: Date
  expires_at: Date
}

/** A client's CORS allow-list (migration 0014): normalised origins, `scheme://host[:port]`. */
export interface CorsSettingsTable {
  client_id: string
  allowed_origins: ColumnType<string[], string, string>
  updated_at: Date
}

/** A Portal user (migration 0016): the password as `scrypt$N$r$p$salt$key` (base64). */
export interface PortalUsersTable {
  id: string
  client_id: string
  email: string
  password_hash: string
  role: 'admin' | 'viewer'
  created_at: Date
  updated_at: Date
}

/** A Portal session (migration 0016): the SHA-256 of the cookie's random id. */
export interface PortalSessionsTable {
  id_hash: Buffer
  user_id: string
  client_id: string
  created_at: Date
  last_seen_at: Date
}

/** The first admin's setup link or an invitation (migration 0016): the SHA-256 of its token. */
export interface PortalInvitationsTable {
  token_hash: Buffer
  client_id: string
  kind: 'setup' | 'invitation'
  email: string | null
  role: 'admin' | 'viewer'
  invited_by: string | null
  created_at: Date
  expires_at: Date
  used_at: Date | null
}

/** One change made with a Portal session (migration 0016). */
export interface AuditLogTable {
  id: string
  client_id: string
  user_id: string | null
  user_email: string
  action: string
  target_ids: ColumnType<Record<string, string>, string, string>
  before: ColumnType<unknown, string | null, string | null>
  after: ColumnType<unknown, string | null, string | null>
  status: number
  at: Date
  seq: Generated<string>
}

export interface Tables {
  clients: ClientsTable
  api_keys: ApiKeysTable
  companies: CompaniesTable
  webhook_consumers: WebhookConsumersTable
  webhook_events: WebhookEventsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
  connections: ConnectionsTable
  connection_tokens: ConnectionTokensTable
  link_sessions: LinkSessionsTable
  platform_credentials: PlatformCredentialsTable
  client_profiles: ClientProfilesTable
  client_logos: ClientLogosTable
  link_settings: LinkSettingsTable
  link_funnel_events: LinkFunnelEventsTable
  link_used_tokens: LinkUsedTokensTable
  sync_settings: SyncSettingsTable
  data_reads: DataReadsTable
  datasets: DatasetsTable
  data_records: DataRecordsTable
  rate_limit_counters: RateLimitCountersTable
  rate_limit_resets: RateLimitResetsTable
  consent_signing_keys: ConsentSigningKeysTable
  consent_receipts: ConsentReceiptsTable
  files: FilesTable
  company_access_tokens: CompanyAccessTokensTable
  cors_settings: CorsSettingsTable
  portal_users: PortalUsersTable
  portal_sessions: PortalSessionsTable
  portal_invitations: PortalInvitationsTable
  audit_log: AuditLogTable
}
