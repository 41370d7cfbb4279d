/** @module The value of a clause read as its property's type, in the form the SQL compiler binds. */
import { invalidValue } from './errors.js'
import type { PropertyType } from './queryable-resource.js'

export type TypedValue =
  | { type: 'string'; text: string }
  /** The shortest decimal of the JavaScript number, so SQL compares with exactly the value JS would. */
  | { type: 'number'; decimal: string }
  | { type: 'boolean'; value: boolean }
  /** A timestamptz literal. */
  | { type: 'instant'; at: string }
  /** The UTC day [start, end) as timestamptz literals. */
  | { type: 'day'; start: string; end: string }
  /** Lower case. */
  | { type: 'uuid'; text: string }
  /** The member's spelling in the definition. */
  | { type: 'enum'; member: string }

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/
const MILLISECONDS_PER_DAY = 86_400_000

/** @throws QueryLanguageError query_invalid_value */
export function readTypedValue(type: PropertyType, raw: string, path: string): TypedValue {
  if (typeof type === 'object') {
    const wanted = raw.toLowerCase()
    const member = type.enum.find((candidate) => candidate.toLowerCase() === wanted)
    if (member === undefined) throw invalidValue(raw, path, `one of ${type.enum.join(', ')}`)
    return { type: 'enum', member }
  }
  switch (type) {
    case 'string':
      return { type: 'string', text: raw }
    case 'number': {
      const number = DECIMAL.test(raw) ? Number(raw) : Number.NaN
      if (!Number.isFinite(number)) throw invalidValue(raw, path, 'a number')
      return { type: 'number', decimal: String(number) }
    }
    case 'boolean': {
      const lower = raw.toLowerCase()
      if (lower !== 'true' && lower !== 'false') throw invalidValue(raw, path, 'true or false')
      return { type: 'boolean', value: lower === 'true' }
    }
    case 'uuid':
      if (!GUID.test(raw)) throw invalidValue(raw, path, 'a GUID')
      return { type: 'uuid', text: raw.toLowerCase() }
    case 'date': {
      const value = readDate(raw)
      if (!value) throw invalidValue(raw, path, 'a date (YYYY-MM-DD)')
      return value
    }
  }
}

/**
 * Years 0001–9999, real calendar days, offsets up to ±18:00. Fractions of a second beyond the
 * millisecond are dropped (truncated), because JavaScript dates, and so the reference evaluator,
 * hold milliseconds.
 */
function readDate(raw: string): TypedValue | undefined {
  const day = DAY.exec(raw)
  if (day) {
    const start = utcMilliseconds(Number(day[1]), Number(day[2]), Number(day[3]), 0, 0, 0, 0)
    if (start === undefined) return undefined
    return { type: 'day', start: timestamptzLiteral(start), end: timestamptzLiteral(start + MILLISECONDS_PER_DAY) }
  }
  const datetime = DATETIME.exec(raw)
  if (!datetime) return undefined
  const [, year, month, dayOfMonth, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = datetime
  const milliseconds = Number((fraction ?? '').padEnd(3, '0').slice(0, 3))
  const local = utcMilliseconds(Number(year), Number(month), Number(dayOfMonth), Number(hour), Number(minute), Number(second ?? 0), milliseconds)
  if (local === undefined) return undefined
  let offset = 0
  if (!zulu) {
    const hours = Number(offsetHours)
    const minutes = Number(offsetMinutes)
    if (minutes > 59 || hours * 60 + minutes > 18 * 60) return undefined
    offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000
  }
  return { type: 'instant', at: timestamptzLiteral(local - offset) }
}

function utcMilliseconds(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number): number | undefined {
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  const date = new Date(0)
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day)
  if (date.getUTCMonth() !== month - 1) return undefined // e.g. 2023-02-29 rolled over into March
  date.setUTCHours(hour, minute, second, millisecond)
  return date.getTime()
}

/**
 * ISO text PostgreSQL reads the same whatever the session's TimeZone. An offset can carry day
 * 0001-01-01 into 1 BC, or 9999-12-31 into year 10000; PostgreSQL writes year 0 as `0001 … BC`
 * and reads five-digit years as they are.
 */
function timestamptzLiteral(milliseconds: number): string {
  const date = new Date(milliseconds)
  const year = date.getUTCFullYear()
  const time = date.toISOString().slice(date.toISOString().indexOf('-', 1))
  return year <= 0 ? `${String(1 - year).padStart(4, '0')}${time} BC` : `${String(year).padStart(4, '0')}${time}`
}
