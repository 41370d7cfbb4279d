/**
 * @module The connection management component's rules (connections.tsx), apart from its DOM: what
 * a person may do with each connection, how its dates read, what it hands the page's callbacks,
 * and what the server's answer after a trip to the platform means. Pure.
 */
import type { ConnectionDetails, ConnectionStatus, LinkConnection, LinkLang, LinkResult, LinkSessionView } from './types.js'

/** Only a Linked connection can be disconnected (the server refuses the others: 400). */
export function canDisconnect(status: ConnectionStatus): boolean {
  return status === 'Linked'
}

/** Disconnected, ended at the platform, or never finished: signing in again links it (the same connection, its data kept). */
export function canReconnect(status: ConnectionStatus): boolean {
  return status === 'Unlinked' || status === 'Deauthorized' || status === 'PendingAuth'
}

/** How the status's words are drawn: never by colour alone (the words are always there). */
export function statusTone(status: ConnectionStatus): 'connected' | 'failed' | 'pending' | 'muted' {
  if (status === 'Linked') return 'connected'
  if (status === 'Deauthorized') return 'failed'
  return status === 'PendingAuth' ? 'pending' : 'muted'
}

/** What `onDisconnect` and `onReconnect` get: the reference's `ConnectionCallbackArgs`. */
export function connectionDetails(connection: LinkConnection): ConnectionDetails {
  const { id, integrationId, integrationKey, platformName, sourceId, sourceType } = connection
  return { connectionId: id, integrationId, integrationKey, platformName, sourceId, sourceType }
}

/**
 * An instant from the server as the person's language writes a date and time; null when there is
 * none or it does not parse (the caller says "not yet" instead of "Invalid Date").
 *
 * @example formatInstant('2026-03-04T05:06:07Z', 'en', 'UTC') // '4 Mar 2026, 05:06'
 */
export function formatInstant(instant: string | undefined, lang: LinkLang, timeZone?: string): string | null {
  if (!instant) return null
  const date = new Date(instant)
  if (Number.isNaN(date.getTime())) return null
  // en-GB: day before month, as the component's English texts are written.
  const locale = lang === 'en' ? 'en-GB' : lang
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(date)
}

export type ReconnectOutcome =
  /** Linked again: call `onReconnect`. */
  | { kind: 'linked'; connection: LinkConnection }
  /** The platform's answer was a refusal or a failure (403, 500, 501): say so, nothing changed. */
  | { kind: 'failed'; statusCode: LinkResult['statusCode']; platformName: string }
  /** The window closed with no outcome and the connection is not linked: the person gave up. */
  | { kind: 'closed' }
  /** No word yet and the window is still open (the person came back to this tab): keep waiting. */
  | { kind: 'waiting' }

const FAILURES: ReadonlySet<string> = new Set(['403', '500', '501'])

/**
 * After the trip to the platform, from the session as the server now has it and the popup's
 * outcome when it posted one (`statusCode`). The server is the judge of Linked: a success posted
 * for a connection the server does not show Linked is told as a failure, never as connected.
 */
export function reconnectOutcome(options: { session: Pick<LinkSessionView, 'connections'>; connectionId: string; platformName: string; statusCode: LinkResult['statusCode'] | null; isWindowGone: boolean }): ReconnectOutcome {
  const { statusCode } = options
  const connection = options.session.connections.find((candidate) => candidate.id === options.connectionId)
  const platformName = connection?.platformName ?? options.platformName
  if (statusCode !== null && FAILURES.has(statusCode)) return { kind: 'failed', statusCode, platformName }
  if (connection?.status === 'Linked') return { kind: 'linked', connection }
  if (statusCode !== null) return { kind: 'failed', statusCode: '500', platformName }
  return options.isWindowGone ? { kind: 'closed' } : { kind: 'waiting' }
}
