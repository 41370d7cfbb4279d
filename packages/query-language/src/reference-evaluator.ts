/**
 * @module evaluateQueryInMemory: the reference semantics of the query language, in plain JavaScript.
 * Tests run the same query through compileQuery on a database and through this over the same rows,
 * and expect the same answer. It shares only the parser and the error messages with the SQL
 * compiler; value reading, operator rules and comparisons are written again here on purpose, so a
 * mistake in one is caught by the other.
 */
import { invalidValue, unknownProperty, unsupportedOperator } from './errors.js'
import { parseQuery, type ComparisonOperator, type QueryNode } from './parse-query.js'
import type { PropertyType } from './queryable-resource.js'

/** A property's value in memory. Numbers may also be decimal text (as pg returns `numeric`), dates ISO text. */
export type InMemoryValue = string | number | boolean | Date | null | undefined

export interface InMemoryEvaluationOptions {
  /** Named in unknown-property errors; defaults to `resource`. */
  resourceName?: string
  /** A property's own narrowing of its type's operators, like PropertyDefinition.operators. */
  operatorsOf?: (path: string) => readonly ComparisonOperator[] | undefined
}

type Predicate = (getValue: (path: string) => InMemoryValue) => boolean

const MS_PER_DAY = 86_400_000

/**
 * Whether one record matches `text`. An empty query matches everything. Throws the same
 * QueryLanguageError as compileQuery would for the same query over the same properties (every
 * clause is checked before anything is evaluated, so `||` short-circuiting hides no error).
 *
 * Semantics: null (or undefined) satisfies only `!=`; string `=`/`!=` are exact; `~` is
 * `value.toLowerCase().includes(query.toLowerCase())`; numbers compare as JavaScript numbers;
 * a `YYYY-MM-DD` day is the UTC range [d, d+1 day); a datetime is an instant to the millisecond.
 */
export function evaluateQueryInMemory(
  text: string,
  getValue: (path: string) => InMemoryValue,
  typeOf: (path: string) => PropertyType | undefined,
  options: InMemoryEvaluationOptions = {},
): boolean {
  const tree = parseQuery(text)
  if (!tree) return true
  return toPredicate(tree, typeOf, options)(getValue)
}

function toPredicate(node: QueryNode, typeOf: (path: string) => PropertyType | undefined, options: InMemoryEvaluationOptions): Predicate {
  if (node.kind !== 'clause') {
    const children = node.children.map((child) => toPredicate(child, typeOf, options))
    if (node.kind === 'and') return (getValue) => children.every((child) => child(getValue))
    return (getValue) => children.some((child) => child(getValue))
  }
  const { path, operator, value } = node
  const type = typeOf(path)
  if (type === undefined) throw unknownProperty(path, options.resourceName ?? 'resource')
  if (!allowedOperators(type, options.operatorsOf?.(path)).includes(operator)) throw unsupportedOperator(operator, path)
  const test = valueTest(type, operator, value, path)
  return (getValue) => {
    const actual = getValue(path)
    if (actual === null || actual === undefined) return operator === '!='
    return test(actual)
  }
}

function allowedOperators(type: PropertyType, narrowed: readonly ComparisonOperator[] | undefined): ComparisonOperator[] {
  let allowed: ComparisonOperator[]
  if (type === 'string') allowed = ['=', '!=', '~']
  else if (type === 'number' || type === 'date') allowed = ['=', '!=', '>', '<', '>=', '<=']
  else allowed = ['=', '!=']
  return narrowed ? allowed.filter((operator) => narrowed.includes(operator)) : allowed
}

/** A test of a non-null value; throws query_invalid_value while building it if the query's value does not fit the type. */
function valueTest(type: PropertyType, operator: ComparisonOperator, raw: string, path: string): (actual: NonNullable<InMemoryValue>) => boolean {
  if (typeof type === 'object') {
    const member = type.enum.find((candidate) => candidate.toLowerCase() === raw.toLowerCase())
    if (member === undefined) throw invalidValue(raw, path, `one of ${type.enum.join(', ')}`)
    return (actual) => (String(actual) === member) === (operator === '=')
  }
  switch (type) {
    case 'string':
      if (operator === '~') return (actual) => String(actual).toLowerCase().includes(raw.toLowerCase())
      return (actual) => (String(actual) === raw) === (operator === '=')
    case 'boolean': {
      const lower = raw.toLowerCase()
      if (lower !== 'true' && lower !== 'false') throw invalidValue(raw, path, 'true or false')
      const wanted = lower === 'true'
      return (actual) => (asBoolean(actual) === wanted) === (operator === '=')
    }
    case 'uuid': {
      if (!isGuid(raw)) throw invalidValue(raw, path, 'a GUID')
      return (actual) => (String(actual).toLowerCase() === raw.toLowerCase()) === (operator === '=')
    }
    case 'number': {
      const wanted = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : Number.NaN
      if (!Number.isFinite(wanted)) throw invalidValue(raw, path, 'a number')
      return (actual) => compareOrdered(Number(actual), operator, wanted)
    }
    case 'date': {
      const parsed = parseDateValue(raw)
      if (!parsed) throw invalidValue(raw, path, 'a date (YYYY-MM-DD)')
      if ('instant' in parsed) return (actual) => compareOrdered(asMilliseconds(actual), operator, parsed.instant)
      const { start } = parsed
      const end = start + MS_PER_DAY
      return (actual) => {
        const at = asMilliseconds(actual)
        switch (operator) {
          case '=':
            return at >= start && at < end
          case '!=':
            return at < start || at >= end
          case '>':
            return at >= end
          case '>=':
            return at >= start
          case '<':
            return at < start
          case '<=':
            return at < end
          default:
            return false
        }
      }
    }
  }
}

function compareOrdered(actual: number, operator: ComparisonOperator, wanted: number): boolean {
  switch (operator) {
    case '=':
      return actual === wanted
    case '!=':
      return actual !== wanted
    case '>':
      return actual > wanted
    case '>=':
      return actual >= wanted
    case '<':
      return actual < wanted
    case '<=':
      return actual <= wanted
    default:
      return false
  }
}

function asBoolean(actual: NonNullable<InMemoryValue>): boolean {
  return typeof actual === 'boolean' ? actual : String(actual).toLowerCase() === 'true'
}

function asMilliseconds(actual: NonNullable<InMemoryValue>): number {
  if (actual instanceof Date) return actual.getTime()
  if (typeof actual === 'number') return actual
  return Date.parse(String(actual))
}

function isGuid(text: string): boolean {
  const groups = text.split('-')
  const lengths = [8, 4, 4, 4, 12]
  return groups.length === 5 && groups.every((group, index) => group.length === lengths[index] && /^[0-9A-Fa-f]+$/.test(group))
}

/**
 * `YYYY-MM-DD` (years 0001–9999) → the day's start; `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z`
 * or `±HH:MM` (up to ±18:00) → the instant, fraction truncated to the millisecond. Calendar
 * arithmetic by hand, not through Date, so it checks the compiler's use of Date.
 */
function parseDateValue(raw: string): { start: number } | { instant: number } | undefined {
  const dateOnly = /^(\d\d\d\d)-(\d\d)-(\d\d)$/.exec(raw)
  if (dateOnly) {
    const days = epochDay(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]))
    return days === undefined ? undefined : { start: days * MS_PER_DAY }
  }
  const full = /^(\d\d\d\d)-(\d\d)-(\d\d)[Tt](\d\d):(\d\d)(:(\d\d)(\.(\d+))?)?([Zz]|[+-]\d\d:\d\d)$/.exec(raw)
  if (!full) return undefined
  const [, year, month, day, hour, minute, , second = '0', , fraction = '', zone = ''] = full
  if (fraction.length > 9) return undefined
  const days = epochDay(Number(year), Number(month), Number(day))
  if (days === undefined || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined
  let offsetMinutes = 0
  if (zone.length > 1) {
    const [zoneHours, zoneMinutes] = zone.slice(1).split(':').map(Number) as [number, number]
    if (zoneMinutes >= 60 || zoneHours * 60 + zoneMinutes > 18 * 60) return undefined
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes)
  }
  const milliseconds = fraction.length === 0 ? 0 : Math.floor(Number(`0.${fraction}`) * 1000 + 1e-9)
  const instant =
    days * MS_PER_DAY + Number(hour) * 3_600_000 + Number(minute) * 60_000 + Number(second) * 1000 + milliseconds - offsetMinutes * 60_000
  return { instant }
}

/** Days since 1970-01-01 of a proleptic Gregorian date, or undefined if there is no such day. */
function epochDay(year: number, month: number, day: number): number | undefined {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const monthLengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthLengths[month - 1]!) return undefined
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}
