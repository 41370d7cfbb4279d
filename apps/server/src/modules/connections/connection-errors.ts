/**
 * @module The `dataConnectionErrors` entries Linkway writes, with the reference's texts. An entry
 * is Active until the connection links again, when every Active entry becomes Resolved.
 */
import type { ConnectionErrorColumn } from '@linkway/db'

export type ConnectionErrorKind = 'user_cancelled' | 'deauthorized' | 'link_failed'

const TEXTS: Record<ConnectionErrorKind, Pick<ConnectionErrorColumn, 'statusCode' | 'statusText' | 'errorMessage'>> = {
  user_cancelled: { statusCode: '403', statusText: 'User cancelled linking', errorMessage: 'User cancelled' },
  deauthorized: {
    statusCode: '401',
    statusText: 'The integration de-authorized access to the connection.',
    errorMessage: 'The integration de-authorized access to the connection.',
  },
  link_failed: { statusCode: '500', statusText: 'Linking failed', errorMessage: 'Unknown error occurred.' },
}

/** Older entries are kept (newest last) up to this many, so a connection failing for months stays small. */
const MAX_ERRORS = 20

export function withError(errors: readonly ConnectionErrorColumn[], kind: ConnectionErrorKind, at: Date, statusText?: string): ConnectionErrorColumn[] {
  const entry: ConnectionErrorColumn = { ...TEXTS[kind], ...(statusText ? { statusText } : {}), erroredOnUtc: at.toISOString(), status: 'Active', resolvedOnUtc: null }
  return [...errors, entry].slice(-MAX_ERRORS)
}

export function withErrorsResolved(errors: readonly ConnectionErrorColumn[], at: Date): ConnectionErrorColumn[] {
  return errors.map((error) => (error.status === 'Active' ? { ...error, status: 'Resolved', resolvedOnUtc: at.toISOString() } : error))
}
