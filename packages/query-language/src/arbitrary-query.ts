/**
 * @module arbitraryQueryText: a fast-check arbitrary of valid query texts over given properties, for
 * property tests that compare a database's answer with evaluateQueryInMemory. Test-only: it is
 * exported from `@linkway/query-language/testing`, never from the main entry.
 */
import fc from 'fast-check'
import type { ComparisonOperator } from './parse-query.js'
import type { PropertyType } from './queryable-resource.js'

export interface QueryPropertySample {
  path: string
  type: PropertyType
  /** Values as they would be written unquoted, e.g. taken from the rows under test, so `=` finds matches. */
  sampleValues?: readonly string[]
  /** Narrowing of the type's operators, as in PropertyDefinition. */
  operators?: readonly ComparisonOperator[]
}

export interface ArbitraryQueryOptions {
  /** Deepest nesting of `&&`/`||` groups; default 3. */
  maxDepth?: number
  /** Most operands in one group; default 4. */
  maxOperands?: number
}

type Clause = { kind: 'clause'; path: string; operator: ComparisonOperator; value: string; layout: ClauseLayout }
type Group = { kind: 'and' | 'or'; children: Tree[]; braceSameKind: boolean; spacing: string }
type Tree = Clause | Group

interface ClauseLayout {
  beforePath: string
  afterPath: string
  afterOperator: string
  afterValue: string
  quoteAnyway: boolean
  extraBraces: number
}

/** Letters PostgreSQL's lower() (C.UTF-8) and JavaScript's toLowerCase() fold alike, and the characters the grammar treats specially. */
const STRING_CHARACTERS = [...'abcxyzABCXYZ019 .-_%\\"\'&|{}=~<>!éÉüÜøØåÅß\t']

const WHITESPACE = fc.constantFrom('', '', ' ', '  ', '\t', '\n ')

export function arbitraryQueryText(properties: readonly QueryPropertySample[], options: ArbitraryQueryOptions = {}): fc.Arbitrary<string> {
  if (properties.length === 0) throw new TypeError('arbitraryQueryText needs at least one property')
  const maxDepth = options.maxDepth ?? 3
  const maxOperands = options.maxOperands ?? 4
  const clause = fc.constantFrom(...properties).chain((property) =>
    fc.constantFrom(...operatorsFor(property)).chain((operator) =>
      fc.record({
        kind: fc.constant('clause' as const),
        path: fc.constant(property.path),
        operator: fc.constant(operator),
        value: valueFor(property, operator),
        layout: fc.record({
          beforePath: WHITESPACE,
          afterPath: WHITESPACE,
          afterOperator: WHITESPACE,
          afterValue: WHITESPACE,
          quoteAnyway: fc.constantFrom(false, false, false, true),
          extraBraces: fc.constantFrom(0, 0, 0, 1, 2),
        }),
      }),
    ),
  )
  const treeAt = (depth: number): fc.Arbitrary<Tree> => {
    if (depth >= maxDepth) return clause
    const group = (kind: 'and' | 'or') =>
      fc.record({
        kind: fc.constant(kind),
        children: fc.array(treeAt(depth + 1), { minLength: 2, maxLength: maxOperands }),
        braceSameKind: fc.boolean(),
        spacing: WHITESPACE,
      })
    return fc.oneof({ arbitrary: clause, weight: 3 }, { arbitrary: group('and'), weight: 2 }, { arbitrary: group('or'), weight: 2 })
  }
  return treeAt(0)
    .map((tree) => render(tree, undefined))
    .filter((text) => text.length <= 2048)
}

function operatorsFor(property: QueryPropertySample): ComparisonOperator[] {
  const type = property.type
  const byType: ComparisonOperator[] =
    type === 'string' ? ['=', '!=', '~'] : type === 'number' || type === 'date' ? ['=', '!=', '>', '<', '>=', '<='] : ['=', '!=']
  const allowed = property.operators ? byType.filter((operator) => property.operators!.includes(operator)) : byType
  if (allowed.length === 0) throw new TypeError(`Property ${property.path} allows no operator`)
  return allowed
}

function valueFor(property: QueryPropertySample, operator: ComparisonOperator): fc.Arbitrary<string> {
  const samples = (property.sampleValues ?? []).filter((value) => value.length > 0)
  const generated = generatedValue(property.type)
  const choices: { arbitrary: fc.Arbitrary<string>; weight: number }[] = [{ arbitrary: generated, weight: 1 }]
  if (samples.length > 0) {
    choices.push({ arbitrary: fc.constantFrom(...samples).chain((sample) => caseVariant(property.type, sample)), weight: 3 })
    if (operator === '~') choices.push({ arbitrary: fc.constantFrom(...samples).chain(fragmentOf), weight: 3 })
  }
  return fc.oneof(...choices)
}

/** A non-empty slice of `text`, in a random mix of cases: what `~` is for. */
function fragmentOf(text: string): fc.Arbitrary<string> {
  const characters = [...text]
  return fc
    .tuple(fc.nat({ max: characters.length - 1 }), fc.nat({ max: characters.length - 1 }), fc.array(fc.boolean(), { minLength: characters.length, maxLength: characters.length }))
    .map(([a, b, upper]) => {
      const [from, to] = a <= b ? [a, b] : [b, a]
      return characters
        .slice(from, to + 1)
        .map((character, index) => (upper[from + index] ? character.toUpperCase() : character.toLowerCase()))
        .join('')
    })
    // toUpperCase can change a string's length (ß → SS) and so what it contains; keep fragments that still are fragments.
    .filter((fragment) => fragment.length > 0 && text.toLowerCase().includes(fragment.toLowerCase()))
}

/** Booleans, GUIDs and enum members match in any case; strings, numbers and dates are kept as they are. */
function caseVariant(type: PropertyType, value: string): fc.Arbitrary<string> {
  if (type === 'string' || type === 'number' || type === 'date') return fc.constant(value)
  return fc.constantFrom(value, value.toUpperCase(), value.toLowerCase())
}

function generatedValue(type: PropertyType): fc.Arbitrary<string> {
  if (typeof type === 'object') return fc.constantFrom(...type.enum).chain((member) => caseVariant(type, member))
  switch (type) {
    case 'string':
      return fc.string({ unit: fc.constantFrom(...STRING_CHARACTERS), minLength: 1, maxLength: 12 })
    case 'boolean':
      return fc.constantFrom('true', 'false', 'TRUE', 'False')
    case 'uuid':
      return fc.uuid().chain((uuid) => caseVariant(type, uuid))
    case 'number':
      return fc.oneof(
        fc.integer({ min: -1000, max: 1000 }).map(String),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
        fc.constantFrom('0', '-0', '+5', '.5', '5.', '1e3', '1.50', '-0.001', '1E-2'),
      )
    case 'date':
      return fc.oneof(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).chain(dateTexts),
        fc.constantFrom('0001-01-01', '9999-12-31', '2024-02-29', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.9999999Z'),
      )
  }
}

/** The same instant or its day, written as a day, in UTC, or with an offset and a fraction of any length. */
function dateTexts(date: Date): fc.Arbitrary<string> {
  const iso = date.toISOString()
  return fc.oneof(
    fc.constant(iso.slice(0, 10)),
    fc.constant(iso),
    fc.constant(`${iso.slice(0, 19)}Z`),
    fc.constant(`${iso.slice(0, 23)}4567Z`),
    fc.integer({ min: -14 * 4, max: 14 * 4 }).map((quarters) => withOffset(date, quarters * 15)),
  )
}

/** The instant `date` written in local time at `offsetMinutes` from UTC. */
function withOffset(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const magnitude = Math.abs(offsetMinutes)
  return `${local}${sign}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`
}

function render(tree: Tree, parentKind: 'and' | 'or' | undefined): string {
  if (tree.kind === 'clause') {
    const { layout } = tree
    let text = `${layout.beforePath}${tree.path}${layout.afterPath}${tree.operator}${layout.afterOperator}${renderValue(tree.value, layout.quoteAnyway)}${layout.afterValue}`
    for (let i = 0; i < layout.extraBraces; i++) text = `{${text}}`
    return text
  }
  const connective = tree.kind === 'and' ? '&&' : '||'
  const inner = tree.children.map((child) => render(child, tree.kind)).join(`${tree.spacing}${connective}${tree.spacing}`)
  // A group under the other connective must be braced; under the same one braces are optional.
  const braced = parentKind !== undefined && (parentKind !== tree.kind || tree.braceSameKind)
  return braced ? `{${inner}}` : inner
}

/** Quoted when the raw form would read differently: edge whitespace, `&&`, `||`, braces, a leading quote or operator character, a trailing `&` or `|`. */
function renderValue(value: string, quoteAnyway: boolean): string {
  const needsQuotes = /^\s|\s$|&&|\|\||[{}]|^["=<>!~]|[&|]$/.test(value)
  if (!needsQuotes && !quoteAnyway) return value
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`
}
