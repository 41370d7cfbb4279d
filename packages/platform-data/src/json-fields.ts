/** @module Reading the fields of a platform's JSON answer, and writing the unified model's instants: what every platform's data sources share. */

/** A JSON object (not an array, not null), e.g. `isObject({ id: 1 })` is true and `isObject([])` false. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A string with something in it, else undefined: platforms write a blank field as "", and the unified model leaves it out. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A finite number, else undefined; a number written as a string (`"12.50"`) is not one. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/

/** Milliseconds of a date-time string as `Date.parse` reads it, a zone-less ISO 8601 one as UTC; undefined when absent or unreadable. */
export function parseUtcDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  // Read zone-less, JavaScript would take `2024-06-01T08:30:15` as the server's local time.
  const ms = Date.parse(ISO_WITHOUT_ZONE.test(value) ? `${value}Z` : value)
  return Number.isNaN(ms) ? undefined : ms
}

/** The unified model's instant: UTC to the second with `Z`, e.g. `2024-05-01T00:00:00Z`. */
export function isoDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`
}
