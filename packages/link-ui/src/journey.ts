/**
 * @module The journey as a pure state machine: which screen the person is on, what the session
 * says, and what they skipped. `nextState(state, event)` is the only way it changes; the component
 * does the I/O and feeds the outcomes back in as events. Selectors below derive what screens show.
 */
import type { FileUploadCategory } from '@linkway/contracts'
import type { LinkCategory, LinkConnection, LinkIntegration, LinkResult, LinkSessionView, SourceType } from './types.js'

export type Screen =
  | { name: 'loading' }
  | { name: 'load_failed' }
  | { name: 'landing' }
  | { name: 'categories' }
  | { name: 'platforms'; category: LinkCategory }
  | { name: 'consent'; category: LinkCategory; platformKey: string }
  | { name: 'share'; category: LinkCategory; returnTo: 'categories' | 'platforms' }
  | { name: 'redirecting'; category: LinkCategory; platformKey: string }
  | { name: 'done' }

export type ScreenName = Screen['name']

/** A request that failed, kept until the person tries again or moves on. `statusCode` 0: no answer. */
export interface RequestFailure {
  action: 'load' | 'connect' | 'disconnect'
  statusCode: number
}

export interface JourneyState {
  screen: Screen
  session: LinkSessionView | null
  result: LinkResult | null
  skipped: readonly LinkCategory[]
  failure: RequestFailure | null
  /** Categories the person sent files for instead of connecting (file upload): they count as done. */
  uploaded?: readonly FileUploadCategory[]
}

export type JourneyEvent =
  | { type: 'load_started' }
  | { type: 'session_loaded'; session: LinkSessionView }
  | { type: 'request_failed'; action: RequestFailure['action']; statusCode: number }
  | { type: 'started' }
  | { type: 'category_chosen'; category: LinkCategory }
  | { type: 'platform_chosen'; platformKey: string }
  /** Continue (PendingAuth) or Reconnect (Unlinked, Deauthorized) an existing connection. */
  | { type: 'connection_resumed'; connectionId: string }
  | { type: 'share_opened'; category: LinkCategory }
  | { type: 'back' }
  | { type: 'consent_given' }
  /** The person came back to the page (browser Back) instead of going on to the platform. */
  | { type: 'redirect_interrupted' }
  | { type: 'category_skipped'; category: LinkCategory }
  /** A file was sent for this category (screens/upload.tsx). */
  | { type: 'files_uploaded'; category: FileUploadCategory }
  | { type: 'connection_unlinked'; connectionId: string }
  | { type: 'failure_dismissed' }
  | { type: 'completed' }
  /** Embedded Link: the platform's window told its outcome; `session` is as the server has it now. */
  | { type: 'platform_returned'; session: LinkSessionView; result: LinkResult }
  /**
   * Embedded Link: a platform's window opened before the host page reloaded told its outcome to
   * this page, which was not waiting for it. The person stays on their step; what they see is updated.
   */
  | { type: 'outcome_heard'; session: LinkSessionView; result: LinkResult }
  /** Browser Back/Forward or a reload put this step in the address: go there if it still makes sense. */
  | { type: 'step_restored'; screen: Screen }

export function initialState(result: LinkResult | null = null): JourneyState {
  return { screen: { name: 'loading' }, session: null, result, skipped: [], failure: null }
}

const CATEGORY_OF: Record<SourceType, LinkCategory> = { Accounting: 'accounting', Banking: 'banking', Commerce: 'commerce' }

export function categoryOf(sourceType: SourceType): LinkCategory {
  return CATEGORY_OF[sourceType]
}

/**
 * @example nextState(initialState(), { type: 'session_loaded', session }) // on the landing page, or the categories
 */
export function nextState(state: JourneyState, event: JourneyEvent): JourneyState {
  const { screen, session } = state
  switch (event.type) {
    case 'load_started':
      return { ...state, screen: { name: 'loading' }, failure: null }
    case 'session_loaded': {
      if (screen.name !== 'loading') return state
      // Back from a platform: straight to the outcome, never the landing page again; and a visitor
      // whose required categories are all connected goes straight to their connections.
      const loaded = { ...state, session: event.session, failure: null }
      const isLandingShown = event.session.settings.landingPage.enabled && state.result === null && !canComplete(loaded)
      return { ...loaded, screen: { name: isLandingShown ? 'landing' : 'categories' } }
    }
    case 'request_failed': {
      const failure = { action: event.action, statusCode: event.statusCode }
      if (event.action === 'load') return { ...state, failure, screen: { name: 'load_failed' } }
      if (event.action === 'connect' && screen.name === 'redirecting') return { ...state, failure, screen: { name: 'consent', category: screen.category, platformKey: screen.platformKey } }
      return { ...state, failure }
    }
    case 'failure_dismissed':
      return { ...state, failure: null }
  }
  // Everything below needs the session, and moves on from a failure.
  if (!session) return state
  const moveTo = (next: Screen): JourneyState => ({ ...state, screen: next, failure: null })
  switch (event.type) {
    case 'started':
      return screen.name === 'landing' ? moveTo({ name: 'categories' }) : state
    case 'category_chosen':
      return categoryOffer(session, event.category) && !isCategoryClosed(state, event.category) ? moveTo({ name: 'platforms', category: event.category }) : state
    case 'platform_chosen': {
      if (screen.name !== 'platforms') return state
      const isOffered = platformsFor(session, screen.category).some((integration) => integration.key === event.platformKey)
      return isOffered ? moveTo({ name: 'consent', category: screen.category, platformKey: event.platformKey }) : state
    }
    case 'connection_resumed': {
      const connection = session.connections.find((candidate) => candidate.id === event.connectionId)
      if (!connection || connection.status === 'Linked') return state
      return moveTo({ name: 'consent', category: categoryOf(connection.sourceType), platformKey: connection.integrationKey })
    }
    case 'share_opened':
      if (screen.name !== 'categories' && screen.name !== 'platforms') return state
      return moveTo({ name: 'share', category: event.category, returnTo: screen.name })
    case 'back':
      switch (screen.name) {
        case 'platforms':
          return moveTo({ name: 'categories' })
        case 'consent':
          return moveTo({ name: 'platforms', category: screen.category })
        case 'share':
          return moveTo(screen.returnTo === 'platforms' ? { name: 'platforms', category: screen.category } : { name: 'categories' })
        default:
          return state
      }
    case 'consent_given':
      return screen.name === 'consent' ? moveTo({ name: 'redirecting', category: screen.category, platformKey: screen.platformKey }) : state
    case 'redirect_interrupted':
      return screen.name === 'redirecting' ? moveTo({ name: 'consent', category: screen.category, platformKey: screen.platformKey }) : state
    case 'platform_returned':
      // As a page back from the platform: the outcome, on the categories with what is left to do.
      return screen.name === 'redirecting' ? { ...state, session: event.session, result: event.result, failure: null, screen: { name: 'categories' } } : state
    case 'outcome_heard':
      return screen.name === 'loading' || screen.name === 'redirecting' ? state : { ...state, session: event.session, result: event.result }
    case 'category_skipped': {
      const offer = categoryOffer(session, event.category)
      if (!offer?.optional || state.skipped.includes(event.category)) return state
      return { ...state, skipped: [...state.skipped, event.category] }
    }
    case 'files_uploaded':
      return state.uploaded?.includes(event.category) ? state : { ...state, uploaded: [...(state.uploaded ?? []), event.category] }
    case 'connection_unlinked': {
      const connections = session.connections.map((connection) => (connection.id === event.connectionId ? { ...connection, status: 'Unlinked' as const } : connection))
      // The outcome on screen was about this connection: it no longer describes it.
      const result = state.result?.connectionId === event.connectionId ? null : state.result
      return { ...state, session: { ...session, connections }, result, failure: null }
    }
    case 'completed':
      return canComplete(state) ? moveTo({ name: 'done' }) : state
    case 'step_restored':
      return isScreenReachable(state, event.screen) ? moveTo(event.screen) : moveTo({ name: 'categories' })
  }
}

/**
 * Whether a step named in the address (a reload, Back, Forward) can be shown now: the session may
 * have changed since (a platform switched off, accounting connected meanwhile).
 */
export function isScreenReachable(state: JourneyState, screen: Screen): boolean {
  const session = state.session
  if (!session) return false
  const isOpen = (category: LinkCategory) => categoryOffer(session, category) !== undefined && !isCategoryClosed(state, category)
  switch (screen.name) {
    case 'categories':
      return true
    case 'landing':
      return session.settings.landingPage.enabled
    case 'platforms':
      return isOpen(screen.category)
    case 'share':
      return categoryOffer(session, screen.category) !== undefined
    case 'consent': {
      const isOffered = isOpen(screen.category) && platformsFor(session, screen.category).some((integration) => integration.key === screen.platformKey)
      // Continue or Reconnect of a platform no longer listed: the connection still names it.
      const isResumable = session.connections.some((connection) => connection.integrationKey === screen.platformKey && connection.status !== 'Linked' && categoryOf(connection.sourceType) === screen.category)
      return isOffered || isResumable
    }
    case 'done':
      return canComplete(state)
    default:
      return false
  }
}

// ---- Selectors -------------------------------------------------------------------------------

export type CategoryProgress =
  | { status: 'connected'; platformName: string }
  /** The person came back without a connection: 403 they cancelled at the platform, else it failed. */
  | { status: 'failed'; platformName: string; statusCode: string }
  /** A connection was started and never signed in to: Continue picks it up. */
  | { status: 'pending'; platformName: string; connectionId: string }
  | { status: 'skipped' }
  | { status: 'uploaded' }
  | { status: 'not_started' }

function categoryOffer(session: LinkSessionView, category: LinkCategory) {
  return session.categories.find((offer) => offer.category === category)
}

const connectionsIn = (session: LinkSessionView, category: LinkCategory) => session.connections.filter((connection) => categoryOf(connection.sourceType) === category)

/** 200, and 201 (it was already linked): the connection is linked. */
export const isSuccessCode = (statusCode: string) => statusCode === '200' || statusCode === '201'

/** The connection the person just came back from, when the session knows it. */
export function returnedConnection(state: JourneyState): LinkConnection | undefined {
  return state.result ? state.session?.connections.find((connection) => connection.id === state.result!.connectionId) : undefined
}

export function categoryProgress(state: JourneyState, category: LinkCategory): CategoryProgress {
  const connections = state.session ? connectionsIn(state.session, category) : []
  const returned = returnedConnection(state)
  const isReturnedHere = returned !== undefined && categoryOf(returned.sourceType) === category
  // Trust a success outcome too: the session may have been read a moment before the link landed.
  const linked = connections.find((connection) => connection.status === 'Linked') ?? (isReturnedHere && isSuccessCode(state.result!.statusCode) ? returned : undefined)
  if (linked) return { status: 'connected', platformName: linked.platformName }
  if (hasSentFiles(state, category)) return { status: 'uploaded' }
  if (isReturnedHere) return { status: 'failed', platformName: returned.platformName, statusCode: state.result!.statusCode }
  if (state.skipped.includes(category)) return { status: 'skipped' }
  const pending = connections.find((connection) => connection.status === 'PendingAuth')
  return pending ? { status: 'pending', platformName: pending.platformName, connectionId: pending.id } : { status: 'not_started' }
}

/** A category's Linked connections: its card shows each, with Disconnect (the one place for their state). */
export function linkedConnectionsIn(session: LinkSessionView, category: LinkCategory): LinkConnection[] {
  return connectionsIn(session, category).filter((connection) => connection.status === 'Linked')
}

/** A company holds one accounting connection: once it is linked, accounting is not offered again. */
export function isCategoryClosed(state: JourneyState, category: LinkCategory): boolean {
  return category === 'accounting' && categoryProgress(state, category).status === 'connected'
}

/**
 * The company's accounting connection once it has been linked (Linked, Unlinked, Deauthorized): it
 * keeps its data, so no other accounting platform can be connected, only that one again. One still
 * waiting for sign-in does not count: choosing another platform replaces it (hosted-link service).
 */
export function existingAccountingConnection(session: LinkSessionView): LinkConnection | undefined {
  return connectionsIn(session, 'accounting').find((connection) => connection.status !== 'PendingAuth')
}

/**
 * The platforms the done screen names: those this visit connected (the session's
 * `visitConnectionIds`), in that order; when it connected none (a returning visitor who just
 * pressed Complete), every one the company has connected.
 */
export function linkedPlatformNames(state: JourneyState): string[] {
  const linked = (state.session?.connections ?? []).filter((connection) => connection.status === 'Linked')
  const inVisit = (state.session?.visitConnectionIds ?? []).flatMap((id) => linked.filter((connection) => connection.id === id))
  return (inVisit.length > 0 ? inVisit : linked).map((connection) => connection.platformName)
}

export function platformsFor(session: LinkSessionView, category: LinkCategory): LinkIntegration[] {
  const integrations = categoryOffer(session, category)?.integrations ?? []
  const existing = category === 'accounting' ? existingAccountingConnection(session) : undefined
  return existing ? integrations.filter((integration) => integration.key === existing.integrationKey) : integrations
}

const foldForSearch = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()

/** Case- and accent-insensitive: "quickbooks" finds "QuickBooks", "societe" finds "Société Générale". */
export function searchPlatforms(integrations: LinkIntegration[], query: string): LinkIntegration[] {
  const needle = foldForSearch(query.trim())
  return needle === '' ? integrations : integrations.filter((integration) => foldForSearch(integration.name).includes(needle))
}

/** Whether the person sent files for this category, on this visit or an earlier one. */
export function hasSentFiles(state: JourneyState, category: LinkCategory | FileUploadCategory): boolean {
  const sent = category as FileUploadCategory
  return state.uploaded?.includes(sent) === true || state.session?.fileUpload?.filesSentFor.includes(sent) === true
}

export function canComplete(state: JourneyState): boolean {
  const session = state.session
  if (session === null) return false
  // Business documents are files only: required ones need a file sent.
  const documents = session.settings.categories.businessDocuments
  if (session.fileUpload && documents.enabled && !documents.optional && !hasSentFiles(state, 'businessDocuments')) return false
  return session.categories.every((offer) => offer.optional || ['connected', 'uploaded'].includes(categoryProgress(state, offer.category).status))
}

/** Whether closing now would leave something unfinished, so the exit confirmation is worth asking. */
export function isMidJourney(state: JourneyState): boolean {
  switch (state.screen.name) {
    case 'platforms':
    case 'consent':
    case 'share':
    case 'redirecting':
      return true
    case 'categories':
      return !canComplete(state)
    default:
      return false
  }
}
