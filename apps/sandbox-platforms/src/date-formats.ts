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

/** Milliseconds of an ISO date or date-time, or undefined when the text is not one. */
export function parseIsoDate(text: string): number | undefined {
  // Date.parse accepts many non-ISO shapes ("May 1, 2024"); an API documents ISO 8601, so only that.
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

export const DAY_MS = 86_400_000
