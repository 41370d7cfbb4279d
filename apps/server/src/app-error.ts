/**
 * @module The closed set of errors the API answers with. Each code has one HTTP status and one
 * message; the error handler renders them in the wire error body. Throw
 * `new AppError('company_not_found', { companyId })`; never build an error response by hand.
 */

interface ErrorDefinition<P> {
  status: number
  message: (params: P) => string
  /** Response headers the error answers with (Retry-After). */
  headers?: (params: P) => Record<string, string>
}

const define = <P = Record<string, never>>(status: number, message: (params: P) => string, headers?: (params: P) => Record<string, string>): ErrorDefinition<P> => ({
  status,
  message,
  ...(headers ? { headers } : {}),
})

export const ERROR_CODES = {
  /** The request body, path or query string does not match the contract; `validation.errors` says where. Fix the request. → 400 */
  validation_failed: define<{ summary: string }>(400, (p) => p.summary),
  /** The URL's path is not percent-encoded UTF-8 (e.g. `%ED%A0%80`, an unpaired surrogate), so no route can read it. → 400 */
  url_invalid: define(400, () => 'The URL is not valid: its path is not percent-encoded UTF-8.'),
  /** A path segment is longer than any id Linkway has. → 414 */
  url_segment_too_long: define<{ maxLength: number }>(414, (p) => `A segment of the URL's path is longer than ${p.maxLength} characters.`),
  /**
   * The request is not well-formed HTTP (a request line or header Node's parser cannot read), so no
   * route saw it; the connection is closed after the answer. Fix the client. → 400
   */
  request_malformed: define(400, () => 'The request could not be read: it is not well-formed HTTP.'),
  /** The request line and headers together are over the server's limit (16 KiB), usually a very long query string. Send less. → 431 */
  request_headers_too_large: define(431, () => 'The request line and headers are too large; send a shorter query string or fewer headers.'),
  /** The client did not finish sending its request in time; the connection is closed. Retry. → 408 */
  request_timeout: define(408, () => 'The request was not received in time.'),
  /** The body is not valid JSON, or is empty where JSON is required. Fix the request. → 400 */
  malformed_body: define<{ detail: string }>(400, (p) => p.detail),
  /** The `query`, `tags` or `orderBy` parameter cannot be parsed or names an unknown property. → 400 */
  query_invalid: define<{ message: string }>(400, (p) => p.message),
  /**
   * The database refused a value of the request (SQLSTATE class 22, a data exception: a date or a
   * number out of its range, a character it cannot store). The contract refuses such values first;
   * this is the net under it, and the error is logged. Correct the value. → 400
   */
  value_not_storable: define<{ reason: string }>(400, (p) => `The request holds a value that cannot be stored or compared: ${p.reason}.`),
  /** An uploaded logo is refused: not PNG, JPEG or SVG by its bytes, not the type it was sent as, over 256 KB, or an SVG that cannot be made safe; the message says which. → 400 */
  logo_invalid: define<{ reason: string }>(400, (p) => p.reason),
  /** A company name has no allowed character left after forbidden ones are removed. → 400 */
  company_name_empty: define(400, () => 'The company name must contain at least one letter, digit or allowed symbol.'),
  /** No usable API key in the Authorization header: missing, malformed, unknown or deleted. → 401 */
  unauthorized: define<{ reason: string }>(401, (p) => `Unauthorized: ${p.reason}`),
  /** The company does not exist, or belongs to another client (ids never reveal existence). → 404 */
  company_not_found: define<{ companyId: string }>(404, (p) => `No company was found with ID ${p.companyId}`),
  /** The path names no product of Linkway's catalogue (docs/products.md lists them). → 404 */
  product_not_found: define<{ productIdentifier: string }>(404, (p) => `No product was found with identifier ${JSON.stringify(p.productIdentifier.slice(0, 100))}`),
  /** A product refresh for a product the company does not have; enable it first (PUT …/products/{productIdentifier}). → 400 */
  product_not_enabled: define<{ companyId: string; productName: string; productIdentifier: string }>(
    400,
    (p) => `${p.productName} is not enabled for company ${p.companyId}; enable it with PUT /companies/${p.companyId}/products/${p.productIdentifier} first.`,
  ),
  /** The product writes to the platform (Bank Feeds, Payables, Expenses): Linkway reads and never pushes, so there is nothing to refresh. The reference's wording. → 400 */
  product_refresh_not_supported: define<{ productName: string }>(400, (p) => `${p.productName} doesn't support data refreshing. For more information, refer to your solution’s documentation.`),
  /** A product refresh's `dataTypes` names one the product does not read; the message lists those it does. → 400 */
  product_data_type_invalid: define<{ dataType: string; productName: string; valid: readonly string[] }>(
    400,
    (p) => `${JSON.stringify(p.dataType.slice(0, 100))} is not a data type of ${p.productName}; valid data types are ${p.valid.join(', ')}.`,
  ),
  /** A product refresh while one of its data types is queued or syncing for the company; wait for read.completed. The reference's wording. → 400 */
  product_read_in_progress: define(400, () => 'Data cannot be refreshed while a read operation is in progress. Allow the read to complete before attempting to refresh.'),
  /** A product refresh with no Linked connection whose platform offers any of the data types asked for. → 400 */
  product_nothing_to_refresh: define<{ companyId: string; productName: string }>(400, (p) => `Company ${p.companyId} has no Linked connection that can sync the data ${p.productName} reads; link one first.`),

  api_key_not_found: define<{ apiKeyId: string }>(404, (p) => `No API key was found with ID ${p.apiKeyId}`),
  /** The webhook consumer does not exist, or belongs to another client. → 404 */
  webhook_not_found: define<{ webhookId: string }>(404, (p) => `No webhook was found with ID ${p.webhookId}`),
  /** No delivery with this id for this consumer (or it belongs to another client). → 404 */
  webhook_delivery_not_found: define<{ deliveryId: string }>(404, (p) => `No webhook delivery was found with ID ${p.deliveryId}`),
  /** The consumer URL is not an http(s) URL on the public internet (see docs/webhooks.md). → 400 */
  webhook_url_refused: define<{ reason: string }>(400, (p) => p.reason),
  /** The client already has the most webhook consumers allowed (50). → 409 */
  webhook_limit_reached: define<{ max: number }>(409, (p) => `A client can have at most ${p.max} webhook consumers; delete one before creating another.`),
  /** No integration has this platform key. → 404 */
  integration_not_found: define<{ platformKey: string }>(404, (p) => `No integration was found with key ${p.platformKey}`),
  /** The integration exists but this client cannot link it: its credentials are not set, or are disabled. Set them with PUT /integrations/{platformKey}/credentials. → 400 */
  integration_not_enabled: define<{ platformKey: string; name: string }>(
    400,
    (p) => `The integration ${p.name} (${p.platformKey}) is not enabled for this client; set its credentials with PUT /integrations/${p.platformKey}/credentials first.`,
  ),
  /** A desktop (offline) connector: Linkway has no OAuth flow for it. → 400 */
  integration_not_linkable: define<{ platformKey: string; name: string }>(
    400,
    (p) => `${p.name} (${p.platformKey}) is a desktop connector and cannot be linked through Link; see docs/integrations.md.`,
  ),
  /** The sandbox platforms are built in and take no credentials. → 400 */
  platform_credentials_not_needed: define<{ platformKey: string }>(400, (p) => `${p.platformKey} is a sandbox integration and needs no credentials.`),
  /** No credentials are set for this platform for this client. → 404 */
  platform_credentials_not_found: define<{ platformKey: string }>(404, (p) => `No credentials are set for the integration ${p.platformKey}`),
  /** The connection does not exist, belongs to another company, or to another client. → 404 */
  connection_not_found: define<{ connectionId: string }>(404, (p) => `No connection was found with ID ${p.connectionId}`),
  /** No consent receipt for this connection: it was never consented to on Link's consent screen, or belongs to another client. → 404 */
  consent_not_found: define<{ connectionId: string }>(404, (p) => `No consent receipt was found for connection ${p.connectionId}`),
  /** The consent texts sent with Allow access are not what this company's Link shows (a tampered or outdated page). → 400 */
  consent_texts_mismatch: define(400, () => 'The consent texts sent are not the ones this company’s Link shows; reload the page and review them again.'),
  /** The company already has an accounting connection (any status, until deleted); reuse or delete it. → 409 */
  accounting_connection_exists: define<{ companyId: string; connectionId: string; platformName: string }>(
    409,
    (p) =>
      `Company ${p.companyId} already has an accounting connection (${p.connectionId}, ${p.platformName}); a company holds one. Re-authorize that connection, or delete it before creating another.`,
  ),
  /** PATCH can only unlink, and only a Linked connection. → 400 */
  connection_not_linked: define<{ status: string }>(400, (p) => `Only Linked connections can be unlinked; this connection is ${p.status}.`),
  /** PATCH was asked for a status other than Unlinked. → 400 */
  connection_status_unsupported: define<{ status: string }>(400, (p) => `A connection's status can only be set to Unlinked (got ${p.status}).`),
  /** The path names one of the reference's data types that Linkway does not sync (a key outside its enum is a 400). → 404 */
  data_type_unknown: define<{ dataType: string; known: readonly string[] }>(404, (p) => `Unknown data type ${p.dataType}; Linkway syncs ${p.known.join(', ')}.`),
  /** A sync of this data type is queued or running for the connection; wait for it (GET …/data/history/{datasetId}). → 409 */
  dataset_in_progress: define<{ dataType: string; companyId: string; datasetId: string }>(
    409,
    (p) => `DatasetAlreadyInProgressException: Cannot queue ${p.dataType} sync for ${p.companyId} as previous sync ${p.datasetId} is still in progress`,
  ),
  /** The company has no Linked connection whose platform offers this data type. → 400 */
  no_connection_to_sync: define<{ companyId: string; dataType: string }>(400, (p) => `Company ${p.companyId} has no Linked connection that can sync ${p.dataType}; link one first.`),
  /** The connection named for a sync is not Linked: Unlinked and Deauthorized connections keep their data but sync no more. → 400 */
  connection_cannot_sync: define<{ connectionId: string; status: string }>(400, (p) => `Connection ${p.connectionId} is ${p.status}; only Linked connections sync. Re-authorize it through its linkUrl.`),
  /** No dataset (pull operation) with this id for this company. → 404 */
  dataset_not_found: define<{ datasetId: string }>(404, (p) => `No dataset was found with ID ${p.datasetId}`),
  /** The data type has never synced successfully for this company or connection, so there is nothing to read yet. → 409 */
  data_not_synced: define<{ dataType: string; companyId: string }>(
    409,
    (p) => `The ${p.dataType} data of company ${p.companyId} has not been synced yet. Queue it with POST /companies/${p.companyId}/data/queue/${p.dataType}, then wait for read.completed.`,
  ),
  /** No synced record with this id. → 404 */
  record_not_found: define<{ dataType: string; recordId: string }>(404, (p) => `No ${p.dataType} record was found with ID ${p.recordId}`),
  /** The body of PUT …/authorization lacks accessToken, or a field has the wrong form. → 400 */
  authorization_invalid: define<{ reason: string }>(400, (p) => p.reason),
  /** One-time Link URLs are on and this browser holds no unused token or cookie for the company. → 403 */
  link_access_refused: define(403, () => 'This Link URL has already been used or has expired; ask for a new one.'),
  /**
   * A change to a company's Link (start or disconnect a connection, a funnel event) that does not
   * come from its hosted page: no page token, one for another company or expired, no matching
   * cookie, or another site's Origin. The page reloads to get a new token. → 403
   */
  link_request_refused: define(403, () => 'This request did not come from this company’s Link page; reload the page and try again.'),
  /**
   * Hosted Link's `display: 'popup'` (Embedded Link) needs the embedding page's origin, where the
   * popup posts the outcome: the request's `Origin` is missing, not an http(s) origin, or Linkway's
   * own. Send the request from the page that embeds Link. → 400
   */
  link_embed_origin_invalid: define<{ reason: string }>(400, (p) => `display 'popup' needs the Origin of the page that embeds Link: ${p.reason}.`),
  /**
   * Embedded Link: the company access token in `Authorization: Bearer …` has expired (a day after
   * it was issued). The host page asks its server for a new one (GET /companies/{companyId}/accessToken)
   * and mounts the component again; the component reports it as recoverable. → 401
   */
  company_token_expired: define(401, () => 'The company access token has expired; ask your server for a new one.'),
  /** Embedded Link: the Bearer token is not a company access token Linkway issued (malformed, unknown, or its company deleted). → 401 */
  company_token_invalid: define(401, () => 'The company access token is not valid.'),
  /** Embedded Link: the company access token was issued for another company; a new one for the same company would not help. → 403 */
  company_token_wrong_company: define(403, () => 'The company access token was issued for another company.'),
  /**
   * Embedded Link without a company access token where one is needed: the client's Link settings
   * say `embeddedLinkRequiresToken`, or one-time Link URLs are on (then the company id alone is
   * not enough). Pass the token from GET /companies/{companyId}/accessToken. → 401
   */
  company_token_required: define<{ reason: string }>(401, (p) => `A company access token is required: ${p.reason}; pass the one your server gets from GET /companies/{companyId}/accessToken.`),
  /**
   * A call from another site's page (embedded Link, or its preflight) whose origin is not in the
   * client's CORS settings. Add it with POST /corsSettings. → 403
   */
  link_origin_refused: define<{ origin: string }>(403, (p) => `The origin ${JSON.stringify(p.origin.slice(0, 200))} may not call this Link API; add it to the CORS settings (POST /corsSettings).`),
  /** An entry of POST /corsSettings is not an http(s) origin (scheme, host, optional port, nothing else); the message names it and says why. → 400 */
  allowed_origin_invalid: define<{ origin: string; reason: string }>(400, (p) => `The allowed origin ${JSON.stringify(p.origin.slice(0, 200))} is not valid: ${p.reason}.`),
  /** An upload with no file: not multipart/form-data, or no part with a filename. Send each file as a part of its own. → 400 */
  file_missing: define(400, () => 'No file was uploaded; send multipart/form-data with each file in a part of its own, with its filename.'),
  /** The multipart body could not be read (cut short, a broken boundary, too many parts). → 400 */
  file_upload_malformed: define<{ detail: string }>(400, (p) => `The upload could not be read: ${p.detail}.`),
  /** A file is larger than FILE_UPLOAD_MAX_BYTES (10 MB by default). → 400 */
  file_too_large: define<{ maxBytes: number }>(400, (p) => `A file can be at most ${p.maxBytes} bytes${p.maxBytes >= 1048576 ? ` (${Math.round((p.maxBytes / 1048576) * 10) / 10} MB)` : ''}.`),
  /** The file's name is empty, too long, or holds a control character or a path separator. Rename it. → 400 */
  file_name_invalid: define<{ reason: string }>(400, (p) => `The file's name is not allowed: ${p.reason}.`),
  /** The file's extension is not among the accepted types (FILE_UPLOAD_TYPES). → 400 */
  file_type_refused: define<{ allowed: readonly string[] }>(400, (p) => `This type of file is not accepted; upload one of: ${p.allowed.join(', ')}.`),
  /** The file's content is not what its extension says (e.g. a .pdf that does not start as a PDF), or it is empty. → 400 */
  file_content_mismatch: define<{ type: string }>(400, (p) => `The file's content is not a ${p.type.toUpperCase()} file, or it is empty.`),
  /** The company has uploaded FILE_UPLOADS_PER_COMPANY_PER_DAY files this UTC day; retry after `Retry-After` seconds. → 429 */
  file_upload_limit_reached: define<{ maxPerDay: number; retryAfterSeconds: number }>(
    429,
    (p) => `A company can upload at most ${p.maxPerDay} files a day; try again tomorrow (UTC).`,
    (p) => ({ 'retry-after': String(p.retryAfterSeconds) }),
  ),
  /** Hosted Link: this category does not offer file upload in the client's Link settings. → 403 */
  file_upload_not_enabled: define<{ category: string }>(403, (p) => `File upload is not enabled for ${p.category} in this Link.`),
  /** Portal sign-in: the email is unknown or the password is wrong (one message for both, so an address cannot be probed). → 401 */
  portal_login_failed: define(401, () => 'Unauthorized: the email or password is incorrect.'),
  /** A Portal endpoint without a live session: no cookie, or one that expired (30 min idle, 12 h at most) or was ended. Sign in again. → 401 */
  portal_session_required: define(401, () => 'Unauthorized: sign in to the Portal first.'),
  /**
   * A change sent with a Portal session but without the session's `X-CSRF-Token`, with a wrong one,
   * or from another site (its Origin is not PUBLIC_URL's). Reload the Portal and retry. → 403
   */
  portal_csrf_refused: define(403, () => 'This request did not come from the Portal; reload the Portal and try again.'),
  /** The Portal user's role does not allow this: a viewer changes nothing; only an admin manages users and reads the audit log. → 403 */
  portal_role_refused: define<{ role: string }>(403, (p) => `Forbidden: a Portal ${p.role} may not do this.`),
  /** The setup or invitation link is unknown, already used or expired; ask an admin for a new one (the first admin: restart Linkway). → 400 */
  portal_link_invalid: define(400, () => 'This link is not valid: it has been used or has expired; ask for a new one.'),
  /** No Portal user with this id for this client. → 404 */
  portal_user_not_found: define<{ userId: string }>(404, (p) => `No Portal user was found with ID ${p.userId}`),
  portal_invitation_not_found: define<{ invitationId: string }>(404, (p) => `No pending invitation was found with ID ${p.invitationId}`),
  /** The email already belongs to a Portal user (of any client). → 409 */
  portal_email_taken: define(409, () => 'A Portal user with this email already exists.'),
  /** Removing this user, or making them a viewer, would leave the client without an admin. → 409 */
  portal_last_admin: define(409, () => 'The last admin cannot be removed or made a viewer; make another user an admin first.'),
  /** No route has this path. → 404 */
  route_not_found: define<{ method: string; path: string }>(404, (p) => `No resource at ${p.method} ${p.path}`),
  /** The path exists but not with this method; the Allow header lists the methods that do. → 405 */
  method_not_allowed: define<{ method: string; allowed: string[] }>(
    405,
    (p) => `Method ${p.method} is not allowed here; use ${p.allowed.join(', ')}`,
  ),
  /** The client already has the most API keys allowed (10); delete one first. → 409 */
  api_key_limit_reached: define<{ max: number }>(409, (p) => `A client can have at most ${p.max} API keys; delete one before creating another.`),
  /** The key is the client's last one; deleting it would lock the client out. Create another first. → 409 */
  api_key_last: define(409, () => 'The last API key cannot be deleted; create another key first.'),
  /**
   * Too many requests: the client's daily quota is used up, or this address has sent too many
   * requests with no valid API key, or too many Link changes, this minute. The reference's own
   * wording. Wait `Retry-After` seconds (the end of the window), then retry. → 429
   */
  rate_limited: define<{ retryAfterSeconds: number }>(
    429,
    () => 'You have made too many requests in a given amount of time; please retry later.',
    (p) => ({ 'retry-after': String(p.retryAfterSeconds) }),
  ),
  /** The body is larger than 1 MiB. → 413 */
  payload_too_large: define<{ limitBytes: number }>(413, (p) => `The request body is larger than ${p.limitBytes} bytes.`),
  /** The body's Content-Type is not application/json. → 415 */
  unsupported_media_type: define<{ contentType: string }>(
    415,
    (p) => `Unsupported Content-Type ${p.contentType}; send application/json.`,
  ),
  /** A dependency (the database) is unreachable; retrying later may succeed. → 503 */
  service_unavailable: define(503, () => 'The service is temporarily unavailable; please retry later.'),
  /** A defect: logged with its correlation id; the response carries no detail. → 500 */
  internal_error: define(500, () => 'An unexpected error occurred.'),
} as const

export type ErrorCode = keyof typeof ERROR_CODES
type ParamsOf<C extends ErrorCode> = (typeof ERROR_CODES)[C] extends ErrorDefinition<infer P> ? P : never

export interface ValidationItem {
  itemId: string
  message: string
  validatorName: string
}

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number
  readonly validationErrors: ValidationItem[] | undefined
  /** Headers the error handler sends with the error body. */
  readonly headers: Record<string, string> | undefined

  constructor(
    readonly code: C,
    ...[params, validationErrors]: ParamsOf<C> extends Record<string, never>
      ? [params?: ParamsOf<C>, validationErrors?: ValidationItem[]]
      : [params: ParamsOf<C>, validationErrors?: ValidationItem[]]
  ) {
    const definition = ERROR_CODES[code] as ErrorDefinition<ParamsOf<C>>
    super(definition.message((params ?? {}) as ParamsOf<C>))
    this.name = 'AppError'
    this.status = definition.status
    this.validationErrors = validationErrors
    this.headers = definition.headers?.((params ?? {}) as ParamsOf<C>)
  }
}
