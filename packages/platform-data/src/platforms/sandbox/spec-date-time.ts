/** @module Dates as the reference writes them: ISO 8601 in UTC, whole seconds without a fraction. */

/**
 * `2024-05-01T10:04:05.000Z` → `2024-05-01T10:04:05Z`. The sandbox writes `Date#toISOString()`; the
 * reference's records read `…T10:04:05Z`. A time with a real fraction keeps it.
 */
export function toSpecDateTime(iso: string): string {
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
}
