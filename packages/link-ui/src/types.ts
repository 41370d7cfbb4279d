/** @module The Link component's props, and the wire shapes of the Link API it talks to. */
import type { LinkCategory, LinkSettings } from '@linkway/contracts'
import type { LinkClient } from './api-client.js'

export type { LinkCategory, LinkSettings }

export type LinkLang = 'en' | 'fr' | 'de'
export type SourceType = 'Accounting' | 'Banking' | 'Commerce'
export type ConnectionStatus = 'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized'

/** What a platform asks of the person's device: shown before they choose it. */
export interface IntegrationDevice {
  desktopOnly: boolean
  needsInstall: boolean
  notMobileOptimised: boolean
  /** A sentence the server wrote for people; shown as it is (as text). */
  note?: string
}

export interface LinkIntegration {
  key: string
  name: string
  sourceType: SourceType
  logoUrl: string
  isSandbox: boolean
  device: IntegrationDevice
}

export interface LinkConnection {
  id: string
  integrationKey: string
  integrationId: string
  sourceId: string
  platformName: string
  sourceType: SourceType
  status: ConnectionStatus
  logoUrl: string
}

export interface LinkCategoryOffer {
  category: LinkCategory
  optional: boolean
  integrations: LinkIntegration[]
}

/** `GET /link/api/companies/{companyId}/session`: everything the journey needs, in one answer. */
export interface LinkSessionView {
  /** Sent back with every event and connection creation. */
  sessionId: string
  lang: LinkLang
  company: { id: string; name: string }
  client: { name: string; logoUrl?: string }
  settings: LinkSettings
  /** Only the enabled categories, in display order. */
  categories: LinkCategoryOffer[]
  connections: LinkConnection[]
  /** This company's hosted Link URL, for a colleague who can sign in. */
  shareUrl: string
}

/** The outcome the platform sent the person back with (see docs/link-api.md, Outcomes). */
export interface LinkResult {
  connectionId: string
  /** 200 linked; 201 it was already linked (nothing changed); 403 cancelled; 500 failed; 501 not available. */
  statusCode: '200' | '201' | '403' | '500' | '501'
}

export interface ConnectionDetails {
  connectionId: string
  integrationId: string
  integrationKey: string
  platformName: string
  sourceId: string
  sourceType: string
}

export interface LinkProps {
  /** e.g. `http://localhost:8080`, without a trailing slash. */
  apiBaseUrl: string
  companyId: string
  /** `en`, `fr` or `de`; by default the browser's language, else English. */
  lang?: string
  /** Set by the hosted page after the platform sent the person back. */
  result?: LinkResult
  /** The visit that trip belonged to (hosted page), so the funnel counts one visit. */
  visitId?: string
  /** The hosted page's own query: custom placeholders of the client's redirect, carried to the platform and back. */
  redirectParams?: Record<string, string>
  /** Talks to the server; built from `apiBaseUrl` and `companyId` when not given. Pass the same object on every render. */
  client?: LinkClient
  /** The person came back with `result` 200 (linked) or 201 (it already was): the connection is linked. */
  onConnection?(args: ConnectionDetails): void
  /** The person selected Complete. */
  onFinish(): void
  /** Given: the component shows a close button, and calls this when the person leaves. */
  onClose?(): void
  onError?(args: { message: string; userRecoverable: boolean }): void
}
