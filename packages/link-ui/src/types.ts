/** @module The Link component's props, and the wire shapes of the Link API it talks to. */
import type { LinkCategory, LinkConnection, LinkIntegration, LinkSessionView, LinkSettings } from '@linkway/contracts'
import type { LinkClient } from './api-client.js'
import type { Messages } from './i18n/en.js'

/** The wire shapes of the Link API are the contract's (packages/contracts/src/hosted-link.ts). */
export type { LinkCategory, LinkConnection, LinkIntegration, LinkSessionView, LinkSettings }

export type LinkLang = LinkSessionView['lang']
export type SourceType = LinkIntegration['sourceType']
export type ConnectionStatus = LinkConnection['status']
/** What a platform asks of the person's device: shown before they choose it. */
export type IntegrationDevice = LinkIntegration['device']
export type LinkCategoryOffer = LinkSessionView['categories'][number]

/** The outcome the platform sent the person back with (see docs/link-api.md, Outcomes). */
export interface LinkResult {
  connectionId: string
  /**
   * 200 linked; 201 it was already linked (nothing changed); 403 cancelled; 408 the sign-in took
   * longer than its link session lives (hosted page only); 500 failed; 501 not available.
   */
  statusCode: '200' | '201' | '403' | '408' | '500' | '501'
}

export interface ConnectionDetails {
  connectionId: string
  integrationId: string
  integrationKey: string
  platformName: string
  sourceId: string
  sourceType: SourceType
}

export interface LinkProps {
  /** e.g. `http://localhost:8080`, without a trailing slash. */
  apiBaseUrl: string
  companyId: string
  /** The hosted page's token, sent with every call (`X-Link-Token`): what lets the page change anything. */
  linkToken?: string
  /** `en`, `fr` or `de`; by default the browser's language, else English. */
  lang?: string
  /** Set by the hosted page after the platform sent the person back. */
  result?: LinkResult
  /**
   * The hosted page's reload, offered when the server refuses the page's changes because the page
   * has been open too long (a day): without it, such a refusal says to ask for a new link.
   */
  reloadPage?: () => void
  /** The visit that trip belonged to (hosted page), so the funnel counts one visit. */
  visitId?: string
  /** The hosted page's own query: custom placeholders of the client's redirect, carried to the platform and back. */
  redirectParams?: Record<string, string>
  /**
   * Where each step is kept as a history entry (Back, Forward and Reload stay on Link's steps): the
   * hosted page passes `browserStepHistory()`. Without it Link keeps its steps to itself, for a page
   * that owns its own history (the embedded SDK).
   */
  history?: StepHistory
  /**
   * The dictionaries this page carries, by language; English is always there. The hosted page
   * passes all three, the embedded SDK the one the person reads (it loads it before mounting).
   */
  messages?: Partial<Record<LinkLang, Messages>>
  /**
   * `'popup'` (Embedded Link): the platform's sign-in opens in a window of its own (a new tab when
   * the browser blocks it) and this page stays, waiting for the outcome. Otherwise the page itself
   * goes to the platform and comes back with `result`.
   */
  platformWindow?: 'popup'
  /** Embedded Link: the company access token, sent with every call (`Authorization: Bearer`). */
  accessToken?: string
  /** Embedded Link without a token: every call says so (`X-Link-Embedded: 1`), which only the client's CORS origins may send. */
  embedded?: boolean
  /** Ask for sandbox platforms (true) or not (false) whatever the client's setting says. */
  showSandboxIntegrations?: boolean
  /** Changes the session before it is shown: the embedded SDK applies its `options` here. Pure. */
  adaptSession?(session: LinkSessionView): LinkSessionView
  /**
   * Whether Allow access sends the consent screen's texts to be signed into a receipt (default
   * true). False when `adaptSession` changed what the consent screen says: the server signs only
   * texts the client's settings produce.
   */
  signsConsent?: boolean
  /** Talks to the server; built from `apiBaseUrl` and `companyId` when not given. Pass the same object on every render. */
  client?: LinkClient
  /** The person came back with `result` 200 (linked) or 201 (it already was): the connection is linked. */
  onConnection?(args: ConnectionDetails): void
  /** The person gave consent to this platform: the consent screen's texts, as words (Embedded Link's `onConsent`). */
  onConsent?(args: { text: string }): void
  /** The connection was created and consent given; the person is on their way to the platform. */
  onConnectionStarted?(args: ConnectionDetails): void
  /** The person selected Complete. */
  onFinish(): void
  /** Given: the component shows a close button, and calls this when the person leaves. */
  onClose?(): void
  /** `errorCode`: the HTTP status of the call that failed (0: no answer), as Embedded Link's ErrorCallbackArgs. */
  onError?(args: { message: string; userRecoverable: boolean; errorCode?: number }): void
}

/** Where Link keeps its steps. */
export interface StepHistory {
  /** The step the address names now: after a reload, Back or Forward. */
  current(): string | null
  /** A new step: a new entry, so Back returns to the one before. */
  push(step: string): void
  /** The same place under a new name (the first step shown, a step that no longer applies). */
  replace(step: string): void
  /** Whether the entry before this one is a step of Link (not the page the person came from). */
  canGoBack(): boolean
  back(): void
  /** Calls `listener` when Back or Forward changes the step; returns the unsubscribe. */
  subscribe(listener: () => void): () => void
}
