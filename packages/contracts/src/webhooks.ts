/**
 * @module Webhooks: consumers, the event catalogue with every payload, and the delivery log.
 * The catalogue is complete from the start, so a module that changes state only emits.
 */
import { z } from 'zod'
import { Company } from './companies.js'
import { Connection } from './connections.js'
import { SignedConsentReceipt } from './consent-receipts.js'
import { CodatFile, FILE_UPLOAD_CATEGORIES } from './files.js'
import { REFERENCE_DATA_TYPES } from './data/reference-data-types.js'
import { PagingQuery, pagedResults } from './paging.js'
import { WireString, wireInstant } from './wire-values.js'

// ----- The event catalogue --------------------------------------------------------------

/** A company as it appears inside other resources' events. */
export const CompanyReference = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().optional(),
    links: z.object({ portal: z.string() }).optional(),
    tags: z.record(z.string(), z.string()),
  })
  .meta({ id: 'CompanyReference' })
export type CompanyReference = z.infer<typeof CompanyReference>

export const CompanyEventPayload = Company.omit({ dataConnections: true }).meta({ id: 'CompanyWebhookPayload' })

/** `company.product.added` / `.removed`: the company, the product that changed, and every product now enabled. */
export const CompanyProductEventPayload = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().optional(),
    productId: z.string(),
    productName: z.string(),
    products: z.array(z.string()),
  })
  .meta({ id: 'CompanyProductWebhookPayload' })

export const ConnectionEventPayload = z
  .object({ referenceCompany: CompanyReference, connection: Connection })
  .meta({ id: 'ConnectionWebhookPayload' })

export const ReadCompletedEventPayload = z
  .object({
    referenceCompany: CompanyReference,
    modifiedFromDate: z.string().optional(),
    dataTypes: z.array(
      z.object({
        connectionId: z.uuid(),
        dataType: z.string(),
        recordsModified: z.boolean(),
        status: z.string(),
        issues: z.array(z.object({ type: z.string(), message: z.string() })).optional(),
      }),
    ),
  })
  .meta({ id: 'ReadCompletedWebhookPayload' })

/**
 * The client's daily quota (docs/api.md, "Rate limits"): sent when a request first goes over it
 * (`quotaRemaining` 0, `expiryDate` when the window ends) and when the next window opens
 * (`expiryDate` the end of that window). The reference's `ClientRateLimitWebhook` payload.
 */
export const ClientRateLimitEventPayload = z
  .object({
    /** The number of requests the client may make in the window. */
    dailyQuota: z.number().int(),
    /** Requests left in the window. */
    quotaRemaining: z.number().int(),
    /** When the window ends and the quota is reset (UTC). */
    expiryDate: z.string(),
  })
  .meta({ id: 'ClientRateLimitWebhookPayload' })

/** `connection.consented`: a person agreed on Link's consent screen; the signed receipt of what they saw. */
export const ConnectionConsentedEventPayload = z
  .object({ referenceCompany: CompanyReference, connectionId: z.uuid(), consent: SignedConsentReceipt })
  .meta({ id: 'ConnectionConsentedWebhookPayload' })
/**
 * `files.uploaded`, Linkway's own event (the reference names none for files): one file of the
 * company was received, through hosted Link or the Files API. Read it with GET /companies/{id}/files.
 */
export const FilesUploadedEventPayload = z
  .object({
    referenceCompany: CompanyReference,
    /** The connection it was uploaded for through the Files API; absent for hosted Link's uploads. */
    connectionId: z.uuid().optional(),
    /** The Link category it was uploaded under (hosted Link); absent through the Files API. */
    category: z.enum(FILE_UPLOAD_CATEGORIES).optional(),
    file: CodatFile,
  })
  .meta({ id: 'FilesUploadedWebhookPayload' })

export const WebhookTestEventPayload = z
  .object({ webhookId: z.uuid(), message: z.string() })
  .meta({ id: 'WebhookTestPayload' })

/** Every event Linkway emits, with the schema of its payload. */
export const EVENT_PAYLOADS = {
  'company.created': CompanyEventPayload,
  'company.deleted': CompanyEventPayload,
  'company.product.added': CompanyProductEventPayload,
  'company.product.removed': CompanyProductEventPayload,
  'connection.created': ConnectionEventPayload,
  'connection.connected': ConnectionEventPayload,
  'connection.disconnected': ConnectionEventPayload,
  'connection.reconnected': ConnectionEventPayload,
  'connection.failed': ConnectionEventPayload,
  'connection.deleted': ConnectionEventPayload,
  'connection.consented': ConnectionConsentedEventPayload,
  'read.completed': ReadCompletedEventPayload,
  'read.completed.initial': ReadCompletedEventPayload,
  'client.rateLimit.reached': ClientRateLimitEventPayload,
  'client.rateLimit.reset': ClientRateLimitEventPayload,
  'files.uploaded': FilesUploadedEventPayload,
  /** Sent to one consumer on request (POST /webhooks/{id}/test), whatever its eventTypes. */
  'webhook.test': WebhookTestEventPayload,
} as const

export type EventType = keyof typeof EVENT_PAYLOADS
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[]
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_PAYLOADS)[T]>

/** What a consumer receives: `{ id, eventType, generatedDate, payload }`. */
export const EventEnvelope = z
  .object({
    id: z.uuid(),
    eventType: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
    generatedDate: z.string(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WebhookEvent' })
export type EventEnvelope = z.infer<typeof EventEnvelope>

/** GET /webhooks/eventTypes: the catalogue's names, so a form (the Portal's) offers exactly what POST /webhooks accepts. */
export const WebhookEventTypes = z
  .object({ results: z.array(z.enum(EVENT_TYPES as [EventType, ...EventType[]])) })
  .meta({ id: 'WebhookEventTypes' })
export type WebhookEventTypes = z.infer<typeof WebhookEventTypes>

// ----- Consumers ------------------------------------------------------------------------

export const WEBHOOK_CONSUMERS_MAX = 50
export const WEBHOOK_COMPANY_TAGS_MAX = 10

/**
 * The legacy ("rules") names the reference still takes in `eventTypes`: its own POST /webhooks
 * examples subscribe with `DataSyncCompleted` and `Dataset data changed` (reference §12.5 lists
 * the rule types and the short names its migration guide gives them).
 */
const LEGACY_EVENT_TYPES = [
  'DataConnectionStatusChanged',
  'New company synchronised',
  'Data sync completed',
  'Dataset data changed',
  'Data Sync Status Changed To Error',
  'Push Operation Status Changed()',
  'Push Operation Timed Out',
  'Rate Limit Reached',
  'Rate Limit Reset',
  'Client rate limit reached',
  'Client rate limit reset',
  'ClientRateLimitReached',
  'ClientRateLimitReset',
  'DataSyncCompleted',
  'DataSyncStatusChangedToError',
  'DatasetDataChanged',
  'NewCompanySynchronized',
  'PushOperationStatusChanged',
  'PushOperationTimedOut',
  'SyncCompleted',
  'SyncFailed',
  'SyncConnectionDeleted',
] as const

/**
 * Every name `eventTypes` accepts: the events of the reference's documents (their `webhooks`,
 * `{dataType}.write.*` for each of its data types), its legacy names, and Linkway's own events.
 * A consumer may subscribe to an event Linkway never sends (a write, a product event, a legacy
 * name), as it may at the reference; GET /webhooks/eventTypes lists those Linkway sends.
 */
export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = [
  ...new Set([
    ...EVENT_TYPES,
    'company.product.added',
    'company.product.removed',
    ...REFERENCE_DATA_TYPES.flatMap((dataType) => [`${dataType}.write.successful`, `${dataType}.write.unsuccessful`]),
    'expenses.sync.successful',
    'expenses.sync.unsuccessful',
    ...LEGACY_EVENT_TYPES,
  ]),
]

const eventTypeName = z.enum(SUBSCRIBABLE_EVENT_TYPES as [string, ...string[]], {
  error: 'eventTypes must be event types the reference names; GET /webhooks/eventTypes lists those Linkway sends',
})

/** `tagKey:tagValue`, at most 128 characters, case-sensitive. */
const companyTag = WireString
  .max(128, 'companyTags entries must be at most 128 characters')
  .regex(/^[^:]{1,27}:.{0,100}$/s, 'companyTags entries must be tagKey:tagValue')

export const WebhookConsumerRequest = z
  .object({
    url: WireString.max(2048, 'url must be at most 2048 characters').meta({ description: 'An http(s) URL on the public internet.' }),
    eventTypes: z.array(eventTypeName).min(1, 'give at least one event type').max(SUBSCRIBABLE_EVENT_TYPES.length),
    disabled: z.boolean().optional().default(false),
    companyTags: z
      .array(companyTag)
      .max(WEBHOOK_COMPANY_TAGS_MAX, `at most ${WEBHOOK_COMPANY_TAGS_MAX} companyTags`)
      .optional()
      .default([])
      .meta({ description: 'Deliver only events of companies with any of these tags (`tagKey:tagValue`); empty: every company.' }),
  })
  .meta({ id: 'WebhookConsumerPrototype' })
export type WebhookConsumerRequest = z.infer<typeof WebhookConsumerRequest>

export const WebhookConsumerUpdate = z.object({ disabled: z.boolean() }).meta({ id: 'WebhookConsumerUpdate' })

export const WebhookConsumer = z
  .object({
    id: z.uuid(),
    url: z.string(),
    disabled: z.boolean(),
    eventTypes: z.array(z.string()),
    companyTags: z.array(z.string()),
  })
  .meta({ id: 'WebhookConsumer' })
export type WebhookConsumer = z.infer<typeof WebhookConsumer>

export const WebhookConsumers = z.object({ results: z.array(WebhookConsumer) }).meta({ id: 'WebhookConsumers' })
export type WebhookConsumers = z.infer<typeof WebhookConsumers>

export const WebhookParams = z.object({ webhookId: z.uuid({ error: 'webhookId must be a GUID' }) })

export const WebhookSecret = z
  .object({ secret: z.string().meta({ description: '`whsec_` followed by base64: the key for HMAC-SHA256 signatures.' }) })
  .meta({ id: 'WebhookSecret' })
export type WebhookSecret = z.infer<typeof WebhookSecret>

// ----- The delivery log -----------------------------------------------------------------

export const DELIVERY_STATUSES = ['Sending', 'Attempting', 'Success', 'Failure'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export const DeliveryAttempt = z
  .object({
    attemptedAt: z.string(),
    httpStatus: z.int().nullable(),
    durationMs: z.int(),
    error: z.string().nullable(),
    responseBody: z
      .string()
      .nullable()
      .meta({ description: "Linkway addition: the first 500 characters of the receiver's response body; null when it sent none (or did not answer)." }),
  })
  .meta({ id: 'WebhookDeliveryAttempt' })

export const WebhookDelivery = z
  .object({
    id: z.uuid(),
    messageId: z.string().meta({ description: 'The `webhook-id` header: the same on every retry of this message.' }),
    eventId: z.uuid(),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    created: z.string(),
    nextAttempt: z.string().optional(),
    attempts: z.array(DeliveryAttempt),
  })
  .meta({ id: 'WebhookDelivery' })
export type WebhookDelivery = z.infer<typeof WebhookDelivery>

export const WebhookDeliveries = pagedResults(WebhookDelivery, 'WebhookDeliveries')
export type WebhookDeliveries = z.infer<typeof WebhookDeliveries>

export const DeliveryListQuery = PagingQuery.pick({ page: true, pageSize: true }).extend({
  status: z.enum(DELIVERY_STATUSES, { error: `status must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional().meta({ description: 'Only deliveries in this state.' }),
  eventType: z.enum(EVENT_TYPES as [EventType, ...EventType[]], { error: `eventType must be one of ${EVENT_TYPES.join(', ')}` }).optional().meta({ description: 'Only messages of this event type.' }),
  companyId: z.uuid({ error: 'companyId must be a GUID' }).optional().meta({ description: 'Only messages about this company.' }),
})

export const DeliveryParams = WebhookParams.extend({ deliveryId: z.uuid({ error: 'deliveryId must be a GUID' }) })

export const RecoverDeliveriesRequest = z
  .object({ since: wireInstant('since') })
  .meta({ id: 'RecoverDeliveriesRequest' })

export const RecoverDeliveriesResult = z.object({ recovered: z.int() }).meta({ id: 'RecoverDeliveriesResult' })
export type RecoverDeliveriesResult = z.infer<typeof RecoverDeliveriesResult>
