/** @module The one error type of the query language: a closed set of codes, each with its exact wire message. */

/** Every way a `query` or `orderBy` parameter can be refused. */
export const QueryLanguageErrorCode = {
  /** Thrown when the query text does not follow the grammar: a bad clause, an empty value, unbalanced braces, `&&` mixed with `||` at one level, nesting deeper than 32, a NUL or lone surrogate. */
  malformed: 'query_malformed',
  /** Thrown when a clause names a property the resource does not have. */
  unknownProperty: 'query_unknown_property',
  /** Thrown when the query text is longer than 2048 characters (UTF-16 code units). */
  tooLong: 'query_too_long',
  /** Thrown when a clause's value does not parse as its property's type (number, boolean, date, GUID, enum member). */
  invalidValue: 'query_invalid_value',
  /** Thrown when a clause uses an operator its property does not allow, e.g. `>` on a string. */
  unsupportedOperator: 'query_unsupported_operator',
  /** Thrown when `orderBy` names a property that is unknown or not sortable. */
  orderByUnknownProperty: 'order_by_unknown_property',
} as const

export type QueryLanguageErrorCode = (typeof QueryLanguageErrorCode)[keyof typeof QueryLanguageErrorCode]

/** The longest stretch of user text echoed in a message, so a huge value cannot bloat an error response. */
const ECHO_LIMIT = 100

/** The message is the exact text the API returns; the code is what callers branch on. */
export class QueryLanguageError extends Error {
  override readonly name = 'QueryLanguageError'

  constructor(
    readonly code: QueryLanguageErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Cuts by code points, so an echo never ends in half a surrogate pair. */
function echo(text: string): string {
  const codePoints = Array.from(text)
  return codePoints.length <= ECHO_LIMIT ? text : codePoints.slice(0, ECHO_LIMIT).join('')
}

export function malformedQuery(): QueryLanguageError {
  return new QueryLanguageError(QueryLanguageErrorCode.malformed, 'Error parsing query - Malformed query.')
}

export function queryTooLong(maxLength: number): QueryLanguageError {
  return new QueryLanguageError(
    QueryLanguageErrorCode.tooLong,
    `Error parsing query - Query exceeds the maximum length of ${maxLength} characters.`,
  )
}

export function unknownProperty(path: string, resourceName: string): QueryLanguageError {
  return new QueryLanguageError(
    QueryLanguageErrorCode.unknownProperty,
    `Error parsing query - Could not resolve property ${echo(path)} on ${resourceName}`,
  )
}

export function unsupportedOperator(operator: string, path: string): QueryLanguageError {
  return new QueryLanguageError(
    QueryLanguageErrorCode.unsupportedOperator,
    `Error parsing query - Operator ${operator} is not supported on property ${echo(path)}.`,
  )
}

/** `expected` completes "expected …", e.g. "a number" or "one of Linked, Deauthorized". */
export function invalidValue(value: string, path: string, expected: string): QueryLanguageError {
  return new QueryLanguageError(
    QueryLanguageErrorCode.invalidValue,
    `Error parsing query - Invalid value '${echo(value)}' for property ${echo(path)}: expected ${expected}.`,
  )
}

export function orderByUnknownProperty(name: string, resourceName: string): QueryLanguageError {
  return new QueryLanguageError(
    QueryLanguageErrorCode.orderByUnknownProperty,
    `Error parsing orderBy - Could not resolve property ${echo(name)} on ${resourceName}`,
  )
}
