import fc from 'fast-check'
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type RawBuilder } from 'kysely'
import { describe, expect, it } from 'vitest'
import { compileOrderBy, compileQuery } from './compile-query.js'
import { arbitraryQueryText } from './arbitrary-query.js'
import { defineResource } from './define-resource.js'
import { QueryLanguageError, QueryLanguageErrorCode } from './errors.js'
import type { PropertyDefinition } from './queryable-resource.js'
import { evaluateQueryInMemory } from './reference-evaluator.js'

const compiler = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
})

const SOURCE_TYPES = ['Accounting', 'Banking', 'Commerce'] as const

const company = defineResource(
  'Company',
  {
    id: { type: 'uuid', expression: sql.ref('companies.id'), sortable: true },
    name: { type: 'string', expression: sql.ref('companies.name'), sortable: true },
    description: { type: 'string', expression: sql.ref('companies.description') },
    revenue: { type: 'number', expression: sql.ref('companies.revenue') },
    enabled: { type: 'boolean', expression: sql.ref('companies.enabled') },
    created: { type: 'date', expression: sql.ref('companies.created_at'), sortable: true },
    sourceType: { type: { enum: SOURCE_TYPES }, expression: sql.ref('companies.source_type') },
    'dataConnections.status': { type: { enum: ['Linked', 'Unlinked'] }, expression: sql.ref('connections.status') },
  },
  {
    tags: (key): PropertyDefinition | undefined =>
      key.length >= 1 && key.length <= 27 ? { type: 'string', expression: sql`companies.tags->>${key}`, operators: ['=', '!=', '~'] } : undefined,
  },
)

function compiled(text: string): { sql: string; parameters: readonly unknown[] } | undefined {
  const where = compileQuery(text, company)
  if (!where) return undefined
  const { sql: text_, parameters } = (where as RawBuilder<boolean>).compile(compiler)
  return { sql: text_, parameters }
}

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(QueryLanguageError)
    const { code, message } = error as QueryLanguageError
    return { code, message }
  }
  throw new Error('did not throw')
}

describe('compileQuery', () => {
  it('binds string values as parameters: = exact, != null-aware, ~ case-insensitive contains', () => {
    expect(compiled('name=Acme')).toEqual({ sql: '("companies"."name") = $1::text', parameters: ['Acme'] })
    expect(compiled('name!=Acme')).toEqual({ sql: '("companies"."name") is distinct from $1::text', parameters: ['Acme'] })
    // LIKE's own wildcards in the value are escaped: `~` is "contains this text", never a pattern.
    expect(compiled('name~ac%_\\')).toEqual({ sql: '("companies"."name") ilike $1::text', parameters: ['%ac\\%\\_\\\\%'] })
  })

  it('never puts a value into the SQL text', () => {
    const result = compiled(`name='; drop table companies; -- && description="$1 ' || x"`)!
    expect(result.sql).toBe('(("companies"."name") = $1::text and ("companies"."description") = $2::text)')
    expect(result.parameters).toEqual(["'; drop table companies; --", "$1 ' || x"])
  })

  it('combines clauses with and/or, keeping the grouping', () => {
    expect(compiled('{name=a && revenue>1} || enabled=true')!.sql).toBe(
      '((("companies"."name") = $1::text and ("companies"."revenue") > $2::numeric) or ("companies"."enabled") = $3::boolean)',
    )
  })

  it('binds numbers as the shortest decimal of their value', () => {
    expect(compiled('revenue>=1.50')).toEqual({ sql: '("companies"."revenue") >= $1::numeric', parameters: ['1.5'] })
    expect(compiled('revenue<-0')!.parameters).toEqual(['0'])
    expect(compiled('revenue=1e3')!.parameters).toEqual(['1000'])
    expect(compiled('revenue=.5')!.parameters).toEqual(['0.5'])
    expect(compiled('revenue!=+7')).toEqual({ sql: '("companies"."revenue") is distinct from $1::numeric', parameters: ['7'] })
  })

  it('reads booleans, GUIDs and enum members in any case', () => {
    expect(compiled('enabled=TRUE')).toEqual({ sql: '("companies"."enabled") = $1::boolean', parameters: [true] })
    expect(compiled('enabled!=false')!.parameters).toEqual([false])
    expect(compiled('id=6F9619FF-8B86-D011-B42D-00C04FC964FF')).toEqual({
      sql: '("companies"."id") = $1::uuid',
      parameters: ['6f9619ff-8b86-d011-b42d-00c04fc964ff'],
    })
    expect(compiled('sourceType=accounting')).toEqual({ sql: '("companies"."source_type") = $1::text', parameters: ['Accounting'] })
    expect(compiled('dataConnections.status=LINKED')!.parameters).toEqual(['Linked'])
  })

  it('reads a day as the whole UTC day', () => {
    const start = '2024-02-29T00:00:00.000Z'
    const end = '2024-03-01T00:00:00.000Z'
    const column = '("companies"."created_at")'
    expect(compiled('created=2024-02-29')).toEqual({ sql: `(${column} >= $1::timestamptz and ${column} < $2::timestamptz)`, parameters: [start, end] })
    expect(compiled('created!=2024-02-29')).toEqual({
      sql: `(${column} < $1::timestamptz or ${column} >= $2::timestamptz or ${column} is null)`,
      parameters: [start, end],
    })
    expect(compiled('created>2024-02-29')).toEqual({ sql: `${column} >= $1::timestamptz`, parameters: [end] })
    expect(compiled('created>=2024-02-29')).toEqual({ sql: `${column} >= $1::timestamptz`, parameters: [start] })
    expect(compiled('created<2024-02-29')).toEqual({ sql: `${column} < $1::timestamptz`, parameters: [start] })
    expect(compiled('created<=2024-02-29')).toEqual({ sql: `${column} < $1::timestamptz`, parameters: [end] })
  })

  it('reads a datetime as an instant, to the millisecond', () => {
    expect(compiled('created>2024-01-01T10:00:00+01:30')).toEqual({ sql: '("companies"."created_at") > $1::timestamptz', parameters: ['2024-01-01T08:30:00.000Z'] })
    expect(compiled('created=2022-10-23T00:00:00.1239999Z')!.parameters).toEqual(['2022-10-23T00:00:00.123Z'])
    expect(compiled('created<2024-01-01t10:00z')!.parameters).toEqual(['2024-01-01T10:00:00.000Z'])
  })

  it('writes instants outside years 1–9999 so PostgreSQL reads them', () => {
    expect(compiled('created<0001-01-01T00:00:00+01:00')!.parameters).toEqual(['0001-12-31T23:00:00.000Z BC'])
    expect(compiled('created<=9999-12-31')!.parameters).toEqual(['10000-01-01T00:00:00.000Z'])
    expect(compiled('created=0001-01-01')!.parameters).toEqual(['0001-01-01T00:00:00.000Z', '0001-01-02T00:00:00.000Z'])
  })

  it('binds the key of a dynamic property too', () => {
    expect(compiled('tags.region~UK')).toEqual({ sql: '(companies.tags->>$1) ilike $2::text', parameters: ['region', '%UK%'] })
  })

  it('resolves property names ignoring case', () => {
    expect(compiled('SourceType=banking')!.parameters).toEqual(['Banking'])
    expect(compiled('sourcetype=banking')!.parameters).toEqual(['Banking'])
  })

  it('returns undefined for an empty query', () => {
    expect(compileQuery('', company)).toBeUndefined()
    expect(compileQuery('   ', company)).toBeUndefined()
  })

  it('names an unknown property and the resource', () => {
    expect(errorOf(() => compileQuery('isCompleted=true', company))).toEqual({
      code: 'query_unknown_property',
      message: 'Error parsing query - Could not resolve property isCompleted on Company',
    })
    expect(errorOf(() => compileQuery('tags.abcdefghijklmnopqrstuvwxyz12=x', company)).code).toBe('query_unknown_property')
    expect(errorOf(() => compileQuery('constructor=x', company)).code).toBe('query_unknown_property')
  })

  it('refuses operators the property does not allow', () => {
    expect(errorOf(() => compileQuery('name>a', company))).toEqual({
      code: 'query_unsupported_operator',
      message: 'Error parsing query - Operator > is not supported on property name.',
    })
    expect(errorOf(() => compileQuery('enabled~tr', company)).message).toBe('Error parsing query - Operator ~ is not supported on property enabled.')
    expect(errorOf(() => compileQuery('id<=x', company)).code).toBe('query_unsupported_operator')
    expect(errorOf(() => compileQuery('sourceType>=Banking', company)).code).toBe('query_unsupported_operator')
    expect(errorOf(() => compileQuery('revenue~1', company)).code).toBe('query_unsupported_operator')
    expect(errorOf(() => compileQuery('tags.region>=b', company)).message).toBe('Error parsing query - Operator >= is not supported on property tags.region.')
  })

  it('refuses values that are not of the property type, saying what was expected', () => {
    const invalid = (text: string) => errorOf(() => compileQuery(text, company))
    expect(invalid('revenue=ten')).toEqual({ code: 'query_invalid_value', message: "Error parsing query - Invalid value 'ten' for property revenue: expected a number." })
    for (const value of ['1,5', '0x10', 'Infinity', 'NaN', '1e400', '.', '1_000', '--1', '1e']) {
      expect(invalid(`revenue=${value}`).code, value).toBe('query_invalid_value')
    }
    expect(invalid('enabled=yes').message).toBe("Error parsing query - Invalid value 'yes' for property enabled: expected true or false.")
    expect(invalid('created>yesterday').message).toBe("Error parsing query - Invalid value 'yesterday' for property created: expected a date (YYYY-MM-DD).")
    for (const value of ['2023-02-29', '2024-13-01', '0000-01-01', '2024-1-1', '2024-01-01T24:00:00Z', '2024-01-01T10:00:00', '2024-01-01T10:00:60Z', '2024-01-01T10:00:00+19:00', '2024-01-01T10:00:00.1234567890Z', '2024-01-01 10:00:00Z']) {
      expect(invalid(`created=${value}`).code, value).toBe('query_invalid_value')
    }
    expect(invalid('id=123').message).toBe("Error parsing query - Invalid value '123' for property id: expected a GUID.")
    expect(invalid('sourceType=Payroll').message).toBe(
      "Error parsing query - Invalid value 'Payroll' for property sourceType: expected one of Accounting, Banking, Commerce.",
    )
  })

  it('echoes at most 100 characters of a value', () => {
    const value = `${'9'.repeat(150)}x`
    expect(invalid100(value)).toBe(`Error parsing query - Invalid value '${'9'.repeat(100)}' for property revenue: expected a number.`)
    function invalid100(text: string) {
      return errorOf(() => compileQuery(`revenue=${text}`, company)).message
    }
  })

  it('reports the first offending clause in reading order', () => {
    expect(errorOf(() => compileQuery('revenue=x || nope=1', company)).code).toBe('query_invalid_value')
    expect(errorOf(() => compileQuery('{nope=1 && name>a} || revenue=x', company)).code).toBe('query_unknown_property')
    expect(errorOf(() => compileQuery('name>a && revenue=x', company)).code).toBe('query_unsupported_operator')
  })

  it('reports syntax and length before properties', () => {
    expect(errorOf(() => compileQuery('nope=1 && a=1 || b=2', company)).code).toBe('query_malformed')
    expect(errorOf(() => compileQuery(`nope=${'x'.repeat(3000)}`, company)).code).toBe('query_too_long')
  })
})

describe('compileOrderBy', () => {
  it('sorts ascending by a sortable property, descending with a leading -', () => {
    const ascending = compileOrderBy('name', company)!
    expect(ascending.direction).toBe('asc')
    expect(sql`${ascending.expression}`.compile(compiler).sql).toBe('"companies"."name"')
    expect(compileOrderBy(' -created ', company)!.direction).toBe('desc')
    expect(compileOrderBy('Name', company)!.direction).toBe('asc')
  })

  it('returns undefined when absent or blank', () => {
    expect(compileOrderBy(undefined, company)).toBeUndefined()
    expect(compileOrderBy('', company)).toBeUndefined()
    expect(compileOrderBy('  ', company)).toBeUndefined()
  })

  it('refuses unknown and unsortable properties', () => {
    expect(errorOf(() => compileOrderBy('revenue', company))).toEqual({
      code: 'order_by_unknown_property',
      message: 'Error parsing orderBy - Could not resolve property revenue on Company',
    })
    expect(errorOf(() => compileOrderBy('-isCompleted', company)).message).toBe('Error parsing orderBy - Could not resolve property isCompleted on Company')
    expect(errorOf(() => compileOrderBy('name desc', company)).code).toBe('order_by_unknown_property')
    expect(errorOf(() => compileOrderBy(['name', 'id'] as unknown as string, company)).code).toBe('order_by_unknown_property')
  })
})

const ERROR_CODES = new Set<string>(Object.values(QueryLanguageErrorCode))

function outcome(run: () => unknown): string {
  try {
    run()
    return 'ok'
  } catch (error) {
    if (!(error instanceof QueryLanguageError) || !ERROR_CODES.has(error.code)) throw error
    return `${error.code}: ${error.message}`
  }
}

/** Texts near the grammar, where the interesting mistakes are: fragments of valid queries in random order. */
const nearQueryText = fc
  .array(
    fc.oneof(
      fc.constantFrom('name', 'revenue', 'enabled', 'created', 'id', 'sourceType', 'tags.region', 'tags.', 'dataConnections.status', 'nope', '.'),
      fc.constantFrom('=', '!=', '~', '>', '<', '>=', '<=', '==', '!', '&&', '||', '&', '|', '{', '}', '"', '\\', '\\"', ' ', '\t'),
      fc.constantFrom('1', '-2.5', '1e999', 'true', 'FALSE', '2024-02-29', '2024-02-30', '2024-01-01T10:00:00+01:00', '6f9619ff-8b86-d011-b42d-00c04fc964ff', 'banking', 'x'),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''))

/** Well-formed clauses of any property, operator and value: mostly wrong operators and values. */
const clauseSoup = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom('name', 'Revenue', 'enabled', 'created', 'id', 'sourceType', 'tags.region', 'tags.x.y', 'dataConnections.status', 'nope'),
        fc.constantFrom('=', '!=', '~', '>', '<', '>=', '<='),
        fc.oneof(
          fc.constantFrom('1', '-2.5', '1e999', '1e-999', 'true', 'FALSE', '2024-02-29', '2023-02-29', '2024-01-01T10:00:00+01:00', '2024-01-01T10:00:00'),
          fc.constantFrom('6f9619ff-8b86-d011-b42d-00c04fc964ff', '6f9619ff8b86d011b42d00c04fc964ff', 'banking', 'Linked', '"x"', '"\\"'),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
        ),
      ),
      { minLength: 1, maxLength: 5 },
    ),
    fc.constantFrom(' && ', '||'),
  )
  .map(([clauses, connective]) => clauses.map(([path, operator, value]) => `${path}${operator}${value}`).join(connective))

/** A valid query with one character inserted somewhere: the near misses. */
const nearlyValid = fc
  .tuple(
    arbitraryQueryText([
      { path: 'name', type: 'string', sampleValues: ['Acme', 'a b'] },
      { path: 'revenue', type: 'number' },
      { path: 'created', type: 'date' },
      { path: 'id', type: 'uuid' },
      { path: 'sourceType', type: { enum: SOURCE_TYPES } },
    ]),
    fc.nat(),
    fc.constantFrom('{', '}', '"', '\\', '&', '|', '=', '!', '<', '~', '.', ' ', 'x', '\u0000'),
  )
  .map(([text, at, inserted]) => text.slice(0, at % (text.length + 1)) + inserted + text.slice(at % (text.length + 1)))

describe('compileQuery on arbitrary input', () => {
  const typeOf = (path: string) => company.resolve(path)?.type
  const operatorsOf = (path: string) => company.resolve(path)?.operators

  it('returns SQL or throws a QueryLanguageError, never anything else, and agrees with the reference evaluator on which', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nearQueryText,
          clauseSoup,
          nearlyValid,
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 50 }),
          fc.tuple(fc.constantFrom('{', '}', '{a=1', '&&', 'name=x&&'), fc.integer({ min: 1, max: 1200 })).map(([part, times]) => part.repeat(times)),
          fc.string({ minLength: 2000, maxLength: 2100 }),
        ),
        (text) => {
          const compiledOutcome = outcome(() => compileQuery(text, company))
          const evaluatedOutcome = outcome(() => evaluateQueryInMemory(text, () => null, typeOf, { resourceName: 'Company', operatorsOf }))
          expect(evaluatedOutcome).toBe(compiledOutcome)
          outcome(() => compileOrderBy(text, company))
        },
      ),
      { numRuns: 3000 },
    )
  })
})

describe('indexedEquals', () => {
  const tagged = defineResource('Company', {}, {
    tags: (key): PropertyDefinition => ({
      type: 'string',
      expression: sql`tags->>${key}`,
      operators: ['=', '!=', '~'],
      indexedEquals: (value) => sql<boolean>`tags @> ${JSON.stringify({ [key]: value })}::jsonb`,
    }),
  })
  const compile = (text: string) => (compileQuery(text, tagged) as RawBuilder<boolean>).compile(compiler)

  it('replaces = with the index-friendly form, and leaves != and ~ alone', () => {
    expect(compile('tags.region=uk')).toMatchObject({ sql: 'tags @> $1::jsonb', parameters: ['{"region":"uk"}'] })
    expect(compile('tags.region!=uk').sql).toBe('(tags->>$1) is distinct from $2::text')
    expect(compile('tags.region~uk').sql).toBe('(tags->>$1) ilike $2::text')
  })
})
