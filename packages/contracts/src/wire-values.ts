/**
 * @module What a string and an instant must be to enter Linkway: text PostgreSQL can store and
 * compare, instants both JavaScript and PostgreSQL write the same way. Every string a request
 * carries (body, path, query) is a `WireString`, so bad input is the contract's 400, never a
 * database error.
 */
import { z } from 'zod'

/** A code point U+D800–U+DFFF standing alone: valid in a JavaScript string, not in UTF-8 (so not in PostgreSQL). */
const UNPAIRED_SURROGATE = /\p{Cs}/u

/**
 * Why PostgreSQL could not hold `text`, or undefined when it can. Its text types refuse NUL, and
 * jsonb refuses `\u0000`; UTF-8 has no unpaired surrogate (jsonb refuses it, text would store U+FFFD).
 */
export function refusedTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)'
  if (UNPAIRED_SURROGATE.test(text)) return 'must be valid Unicode (an unpaired surrogate, U+D800–U+DFFF, is not)'
  return undefined
}

/** A string PostgreSQL can store: `WireString.max(100)`, `z.record(WireString, WireString)`. */
export const WireString = z.string().superRefine((text, context) => {
  const reason = refusedTextReason(text)
  if (reason) context.addIssue({ code: 'custom', message: reason })
})

/**
 * The instants Linkway takes: years 0001–9999 in UTC. PostgreSQL has no year 0, and a Date beyond
 * 9999 is written as `+010000-…`, which it reads differently from JavaScript.
 */
export const WIRE_INSTANT_MIN = '0001-01-01T00:00:00.000Z'
export const WIRE_INSTANT_MAX = '9999-12-31T23:59:59.999Z'
const MIN_MS = Date.parse(WIRE_INSTANT_MIN)
const MAX_MS = Date.parse(WIRE_INSTANT_MAX)

/** Whether `milliseconds` (a Date's time, possibly NaN) is an instant Linkway stores. */
export function isWireInstant(milliseconds: number): boolean {
  return milliseconds >= MIN_MS && milliseconds <= MAX_MS
}

/** An ISO-8601 date-time with `Z` or an offset, inside the range above: `wireInstant('since')`. */
export function wireInstant(field: string) {
  return z.iso.datetime({ offset: true, error: `${field} must be an ISO-8601 instant, e.g. 2024-03-15T10:00:00Z` }).superRefine((text, context) => {
    if (!isWireInstant(Date.parse(text))) {
      context.addIssue({ code: 'custom', message: `${field} must be between ${WIRE_INSTANT_MIN} and ${WIRE_INSTANT_MAX}` })
    }
  })
}

/** ISO 4217's code for "no currency": what a record's required currency is when the platform gave none. */
export const NO_CURRENCY = 'XXX'
