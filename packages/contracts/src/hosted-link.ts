/**
 * @module The hosted Link component's view of a company's journey: the one answer of
 * `GET /link/api/companies/{companyId}/session`. The server shapes it with this schema and the
 * Link component (packages/link-ui) reads its types from it.
 */
import { z } from 'zod'
import { ConnectionStatus } from './connections.js'
import { DeviceNotes } from './integrations.js'
import { FILE_UPLOAD_CATEGORIES, FileUploadLimits } from './files.js'
import { LINK_CATEGORIES, LinkSettings, ResolvedLinkSettings } from './link-settings.js'

export const LINK_LANGUAGES = ['en', 'fr', 'de'] as const
const LinkSourceType = z.enum(['Accounting', 'Banking', 'Commerce'])

export const LinkIntegration = z.object({
  key: z.string(),
  /** The reference's ids of the platform: Embedded Link's `onConnectionStarted` carries them. */
  integrationId: z.uuid(),
  sourceId: z.uuid(),
  name: z.string(),
  sourceType: LinkSourceType,
  logoUrl: z.string(),
  isSandbox: z.boolean(),
  device: DeviceNotes,
})
export type LinkIntegration = z.infer<typeof LinkIntegration>

export const LinkConnection = z.object({
  id: z.uuid(),
  integrationKey: z.string(),
  integrationId: z.uuid(),
  sourceId: z.uuid(),
  platformName: z.string(),
  sourceType: LinkSourceType,
  status: ConnectionStatus,
  logoUrl: z.string(),
  /** When it was created, as the API's connection says (ISO 8601). */
  created: z.string(),
  /** When a sync of it last completed; absent until one has (the connection management component shows it). */
  lastSync: z.string().optional(),
})
export type LinkConnection = z.infer<typeof LinkConnection>

export const LinkSessionView = z
  .object({
    /** The visit: sent back with every event and connection creation. */
    sessionId: z.uuid(),
    lang: z.enum(LINK_LANGUAGES),
    company: z.object({ id: z.uuid(), name: z.string() }),
    client: z.object({ name: z.string(), logoUrl: z.string().optional() }),
    /** The client's Link settings, `dataTypes` resolved for this company (what its consent screen lists). */
    settings: ResolvedLinkSettings,
    /** Only the enabled categories, in display order. */
    categories: z.array(z.object({ category: z.enum(LINK_CATEGORIES), optional: z.boolean(), integrations: z.array(LinkIntegration) })),
    connections: z.array(LinkConnection),
    /**
     * The connections this visit linked (its trips to a platform that ended Linked), in the order
     * they were made: the done screen names these. Absent or empty: the visit linked none.
     */
    visitConnectionIds: z.array(z.uuid()).optional(),
    /** This company's hosted Link URL, for a colleague who can sign in. */
    shareUrl: z.string(),
    /** What an upload may be (docs/file-upload.md), where a category enables file upload. */
    fileUpload: FileUploadLimits.extend({
      /** Categories this company has sent files for (any visit): they count as done. */
      filesSentFor: z.array(z.enum(FILE_UPLOAD_CATEGORIES)),
    }).optional(),
  })
  .meta({ id: 'LinkSessionView' })
export type LinkSessionView = z.infer<typeof LinkSessionView>

/** The outcome codes of a trip to a platform, as hosted Link's `link.result` and the client's redirect carry them. */
export const LINK_RESULT_STATUS_CODES = ['200', '201', '403', '500', '501'] as const

/**
 * What Linkway's popup posts to the page that embeds Link when a trip to a platform ends
 * (`display: 'popup'`), with that page's origin as the exact target. `statusCode`: 200 linked,
 * 201 already linked, 403 cancelled, 500 failed, 501 not available. The component checks the
 * event's `origin` is Linkway's and `source` its popup, then parses `data` with this. (No
 * OpenAPI id: it never crosses HTTP, so /openapi.json does not list it.)
 */
export const EmbeddedLinkResultMessage = z.object({
  type: z.literal('linkway:link-result'),
  companyId: z.uuid(),
  connectionId: z.uuid(),
  statusCode: z.enum(LINK_RESULT_STATUS_CODES),
})
export type EmbeddedLinkResultMessage = z.infer<typeof EmbeddedLinkResultMessage>

/**
 * Link settings shown before they are saved: the Portal's live preview asks with its draft and
 * gets the view a company's Link would get with them, for a sample company (nothing is stored).
 */
export const LinkPreviewRequest = z
  .object({
    settings: LinkSettings,
    lang: z.enum(LINK_LANGUAGES).default('en'),
  })
  .meta({ id: 'LinkPreviewRequest' })
export type LinkPreviewRequest = z.infer<typeof LinkPreviewRequest>

export const LinkPreviewQuery = z.object({ lang: z.enum(LINK_LANGUAGES).default('en').meta({ description: 'en, fr or de.' }) })

/** The sample company a preview shows (`company.id` of the preview's view): no company has it. */
export const LINK_PREVIEW_COMPANY_ID = '00000000-0000-4000-8000-000000000000'
