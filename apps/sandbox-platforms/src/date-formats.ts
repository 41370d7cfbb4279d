/** @module Date renderings shared by the APIs. Every instant is milliseconds since the epoch, UTC. */

/** `2024-05-01T10:04:05.000Z` */
export function isoDateTime(ms: number): string {
  return new Date(ms).toISOString()
}

/** `2024-05-01` */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** `2024-05-01T10:04:05+00:00`: how Intuit and Shopify write times (with the company's offset; UTC here). */
export function isoWithOffset(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/

/**
 * Milliseconds of an ISO date or date-time, or undefined when the text is not one. A date-time
 * without a zone is UTC (Xero's If-Modified-Since is written so): Date.parse would read it as the
 * host's local time, and the sandbox's answers would change with the machine it runs on.
 */
export function parseIsoDate(text: string): number | undefined {
  // Date.parse accepts many non-ISO shapes ("May 1, 2024"); an API documents ISO 8601, so only that.
  const match = ISO_DATE.exec(text)
  if (match === null) return undefined
  const [, date, time, zone] = match
  const ms = Date.parse(time === undefined ? date! : `${date}T${time}${zone ?? 'Z'}`)
  return Number.isNaN(ms) ? undefined : ms
}

export const DAY_MS = 86_400_000
