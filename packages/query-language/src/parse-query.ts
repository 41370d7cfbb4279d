/** @module parseQuery: the text of a `query` parameter to a syntax tree, knowing nothing of properties or types. */
import { malformedQuery, queryTooLong } from './errors.js'

export type ComparisonOperator = '=' | '!=' | '~' | '>' | '<' | '>=' | '<='

export type QueryNode =
  | { kind: 'clause'; path: string; operator: ComparisonOperator; value: string }
  | { kind: 'and' | 'or'; children: QueryNode[] }

/** Longer than this is refused before parsing, so the work per request stays bounded. */
export const MAX_QUERY_LENGTH = 2048

/** Deepest `{ }` nesting accepted; also bounds the recursion of the parser and of everything walking the tree. */
export const MAX_NESTING_DEPTH = 32

/** With the `u` flag a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

/** Two-character operators first, so `>=` is not read as `>` followed by a value starting with `=`. */
const OPERATORS: readonly ComparisonOperator[] = ['!=', '>=', '<=', '=', '~', '>', '<']

/**
 * Only ASCII whitespace separates tokens and is trimmed from values. Other spaces (e.g. U+00A0)
 * are ordinary characters: a value keeps them, a property name cannot contain them.
 */
export function isQueryWhitespace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v'
}

export function trimQueryWhitespace(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isQueryWhitespace(text[start])) start++
  while (end > start && isQueryWhitespace(text[end - 1])) end--
  return text.slice(start, end)
}

/** Characters that end a property name: whitespace, operators, connectives, braces, quotes. */
function isPathCharacter(char: string): boolean {
  return !isQueryWhitespace(char) && !'=!~<>&|{}"'.includes(char)
}

/**
 * Parses the grammar:
 *
 *     sequence := operand ( ('&&' operand)* | ('||' operand)* )
 *     operand  := '{' sequence '}' | clause
 *     clause   := path operator value
 *     path     := segment ('.' segment)*
 *     value    := '"' (escaped text) '"' | raw text up to the next '&&', '||', '}' or the end, trimmed
 *
 * `&&` and `||` never mix at one level: the reader's intent would be a guess, so it is an error.
 * Braces around a single clause disappear from the tree; groups are kept as written, not flattened.
 * Returns undefined for empty or whitespace-only text (no filter).
 *
 * @throws QueryLanguageError query_too_long or query_malformed
 */
export function parseQuery(text: string): QueryNode | undefined {
  // The parameter arrives from a URL: a repeated `?query=` may reach here as an array.
  if (typeof text !== 'string') throw malformedQuery()
  if (text.length > MAX_QUERY_LENGTH) throw queryTooLong(MAX_QUERY_LENGTH)
  // PostgreSQL text cannot hold NUL, and a lone surrogate would reach it as U+FFFD: either way the
  // database would compare something other than what was asked.
  if (text.includes('\u0000') || LONE_SURROGATE.test(text)) throw malformedQuery()
  const parser = new QueryParser(text)
  parser.skipWhitespace()
  if (parser.atEnd()) return undefined
  const node = parser.parseSequence(0)
  parser.skipWhitespace()
  if (!parser.atEnd()) throw malformedQuery()
  return node
}

class QueryParser {
  #position = 0

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.#position >= this.text.length
  }

  skipWhitespace(): void {
    while (isQueryWhitespace(this.text[this.#position])) this.#position++
  }

  parseSequence(depth: number): QueryNode {
    const children = [this.parseOperand(depth)]
    let kind: 'and' | 'or' | undefined
    for (;;) {
      this.skipWhitespace()
      const connective = this.text.startsWith('&&', this.#position) ? 'and' : this.text.startsWith('||', this.#position) ? 'or' : undefined
      if (!connective) break
      if (kind && kind !== connective) throw malformedQuery()
      kind = connective
      this.#position += 2
      children.push(this.parseOperand(depth))
    }
    return kind ? { kind, children } : children[0]!
  }

  parseOperand(depth: number): QueryNode {
    this.skipWhitespace()
    if (this.text[this.#position] !== '{') return this.parseClause()
    if (depth >= MAX_NESTING_DEPTH) throw malformedQuery()
    this.#position++
    const node = this.parseSequence(depth + 1)
    this.skipWhitespace()
    if (this.text[this.#position] !== '}') throw malformedQuery()
    this.#position++
    return node
  }

  parseClause(): QueryNode {
    const path = this.parsePath()
    this.skipWhitespace()
    const operator = OPERATORS.find((candidate) => this.text.startsWith(candidate, this.#position))
    if (!operator) throw malformedQuery()
    this.#position += operator.length
    this.skipWhitespace()
    const value = this.text[this.#position] === '"' ? this.parseQuotedValue() : this.parseRawValue()
    if (value.length === 0) throw malformedQuery()
    return { kind: 'clause', path, operator, value }
  }

  parsePath(): string {
    const start = this.#position
    while (!this.atEnd() && isPathCharacter(this.text[this.#position]!)) this.#position++
    const path = this.text.slice(start, this.#position)
    if (path.split('.').some((segment) => segment.length === 0)) throw malformedQuery()
    return path
  }

  /** `\"` and `\\` are the only escapes; any other backslash sequence is refused rather than guessed at. */
  parseQuotedValue(): string {
    this.#position++
    let value = ''
    for (;;) {
      const char = this.text[this.#position]
      if (char === undefined) throw malformedQuery()
      this.#position++
      if (char === '"') break
      if (char === '\\') {
        const escaped = this.text[this.#position]
        if (escaped !== '"' && escaped !== '\\') throw malformedQuery()
        value += escaped
        this.#position++
      } else {
        value += char
      }
    }
    this.skipWhitespace()
    if (!this.atEnd() && !this.atConnectiveOrClose()) throw malformedQuery()
    return value
  }

  /** An unquoted `{` is refused: braces belong to grouping, and a value needing one can be quoted. */
  parseRawValue(): string {
    const start = this.#position
    while (!this.atEnd() && !this.atConnectiveOrClose()) {
      if (this.text[this.#position] === '{') throw malformedQuery()
      this.#position++
    }
    let end = this.#position
    while (end > start && isQueryWhitespace(this.text[end - 1])) end--
    return this.text.slice(start, end)
  }

  atConnectiveOrClose(): boolean {
    return (
      this.text[this.#position] === '}' ||
      this.text.startsWith('&&', this.#position) ||
      this.text.startsWith('||', this.#position)
    )
  }
}
