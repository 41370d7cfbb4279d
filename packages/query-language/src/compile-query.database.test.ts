import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import type { Database } from '@linkway/db'
import { arbitraryQueryText, type QueryPropertySample } from './arbitrary-query.js'
import { compileOrderBy, compileQuery } from './compile-query.js'
import { defineResource } from './define-resource.js'
import type { PropertyDefinition } from './queryable-resource.js'
import { evaluateQueryInMemory } from './reference-evaluator.js'

interface Row {
  id: string
  name: string | null
  amount: number | null
  active: boolean | null
  created: Date | null
  status: string | null
  tags: { region?: string; tier?: string }
}

const STATUSES = ['Linked', 'PendingAuth', 'Deauthorized'] as const

/** Latin letters that PostgreSQL's lower() under C.UTF-8 and JavaScript's toLowerCase() fold alike, and the characters LIKE or the grammar treat specially. */
const NAME_CHARACTERS = [...'abcABC xyZ09%_\\"&|{}=.-éÉüÜøØß\'']

const rowArbitrary: fc.Arbitrary<Row> = fc.record({
  id: fc.uuid(),
  name: fc.option(
    fc.oneof(
      fc.constantFrom('Acme Ltd', 'acme ltd', 'ACME', '100% Co', 'a_b', 'back\\slash', ' lead', 'trail ', 'Émile & Søn', 'x && y || {z}', ''),
      fc.string({ unit: fc.constantFrom(...NAME_CHARACTERS), maxLength: 10 }),
    ),
    { nil: null, freq: 6 },
  ),
  amount: fc.option(
    fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(0.1, 0.2, 0.30000000000000004, 0.3, 1.5, -3, 1e21, 5e-324, -0),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
    { nil: null, freq: 6 },
  ),
  active: fc.option(fc.boolean(), { nil: null, freq: 6 }),
  created: fc.option(
    fc.oneof(
      fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
      // Both ends of one day, and the next day's first millisecond.
      fc.constantFrom(new Date('2024-02-29T00:00:00.000Z'), new Date('2024-02-29T23:59:59.999Z'), new Date('2024-03-01T00:00:00.000Z')),
    ),
    { nil: null, freq: 6 },
  ),
  status: fc.option(fc.constantFrom(...STATUSES), { nil: null, freq: 6 }),
  tags: fc.record({ region: fc.constantFrom('uk', 'UK', 'us-east', 'eu west', ' lead'), tier: fc.constantFrom('gold', 'Gold', 'silver') }, { requiredKeys: [] }),
})

/** Random per run, so the data varies between runs; printed on failure to replay one. */
const ROWS_SEED = Number(process.env.QUERY_ROWS_SEED ?? Math.floor(Math.random() * 2 ** 31))

describe.each(testedBackends())('compiled queries on %s agree with the reference evaluator', (backend) => {
  let database: Database
  const table = `qrows_${randomBytes(4).toString('hex')}`
  const rows = fc.sample(fc.uniqueArray(rowArbitrary, { minLength: 60, maxLength: 60, selector: (row) => row.id }), { numRuns: 1, seed: ROWS_SEED })[0]!
  const column = (name: string) => sql.ref(`${table}.${name}`)
  const resource = defineResource(
    'QRow',
    {
      id: { type: 'uuid', expression: column('id'), sortable: true },
      name: { type: 'string', expression: column('name'), sortable: true },
      amount: { type: 'number', expression: column('amount'), sortable: true },
      active: { type: 'boolean', expression: column('active') },
      created: { type: 'date', expression: column('created'), sortable: true },
      status: { type: { enum: STATUSES }, expression: column('status') },
    },
    {
      tags: (key): PropertyDefinition | undefined =>
        key.length >= 1 && key.length <= 27 ? { type: 'string', expression: sql`${column('tags')}->>${key}`, operators: ['=', '!=', '~'] } : undefined,
    },
  )

  const valueOf = (row: Row) => (path: string) => {
    if (path.startsWith('tags.')) return row.tags[path.slice(5) as keyof Row['tags']] ?? null
    return row[path as Exclude<keyof Row, 'tags'>]
  }
  const typeOf = (path: string) => resource.resolve(path)?.type

  async function idsFromDatabase(query: string): Promise<string[]> {
    const where = compileQuery(query, resource) ?? sql<boolean>`true`
    const { rows: found } = await sql<{ id: string }>`select id from ${sql.table(table)} where ${where}`.execute(database.db)
    return found.map((row) => row.id).sort()
  }

  function idsFromReference(query: string): string[] {
    return rows
      .filter((row) => evaluateQueryInMemory(query, valueOf(row), typeOf))
      .map((row) => row.id)
      .sort()
  }

  beforeAll(async () => {
    database = await createTestDatabase(backend)
    await sql`create table ${sql.table(table)} (id uuid primary key, name text, amount numeric, active boolean, created timestamptz, status text, tags jsonb not null)`.execute(
      database.db,
    )
    const values = rows.map(
      (row) =>
        sql`(${row.id}::uuid, ${row.name}::text, ${row.amount === null ? null : String(row.amount)}::numeric, ${row.active}::boolean,
             ${row.created?.toISOString() ?? null}::timestamptz, ${row.status}::text, ${JSON.stringify(row.tags)}::jsonb)`,
    )
    await sql`insert into ${sql.table(table)} (id, name, amount, active, created, status, tags) values ${sql.join(values)}`.execute(database.db)
  })
  afterAll(async () => {
    if (!database) return
    await sql`drop table if exists ${sql.table(table)}`.execute(database.db)
    await database.close()
  })

  it('on hand-picked edge cases', async () => {
    const queries = [
      'name~%',
      'name~_',
      'name~\\',
      'name~ACME',
      'name~"  "',
      'name="trail "',
      'name=" lead"',
      'name~"&& y || {"',
      'name~émile',
      'name!=Acme Ltd',
      'created=2024-02-29',
      'created!=2024-02-29',
      'created>2024-02-29',
      'created>=2024-02-29',
      'created<2024-02-29',
      'created<=2024-02-29',
      'created=2024-02-29T23:59:59.999Z',
      'created<2024-03-01T01:00:00+01:00',
      'created>0001-01-01',
      'created<9999-12-31',
      'amount=0.3',
      'amount=0.30000000000000004',
      'amount>0.1 && amount<0.3',
      'amount=0',
      'amount>=1e21',
      'amount>0 && amount<1e-300',
      'active!=true',
      'active=FALSE',
      'status!=linked',
      'status=pendingauth || status=Deauthorized',
      'tags.region=uk',
      'tags.region~UK',
      'tags.tier!=gold',
      'tags.nothing!=x',
      'tags.nothing=x',
      `id=${rows[0]!.id.toUpperCase()}`,
      `id!=${rows[1]!.id}`,
      '{name~a || amount>1} && {active=true || created<2022-06-01}',
    ]
    for (const query of queries) {
      expect(await idsFromDatabase(query), `${query} (QUERY_ROWS_SEED=${ROWS_SEED})`).toEqual(idsFromReference(query))
    }
  })

  it('on random queries over values from the rows', async () => {
    const distinct = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => value !== null && value.length > 0))]
    const properties: QueryPropertySample[] = [
      { path: 'id', type: 'uuid', sampleValues: rows.map((row) => row.id) },
      { path: 'name', type: 'string', sampleValues: distinct(rows.map((row) => row.name)) },
      { path: 'amount', type: 'number', sampleValues: distinct(rows.map((row) => (row.amount === null ? null : String(row.amount)))) },
      { path: 'active', type: 'boolean' },
      {
        path: 'created',
        type: 'date',
        sampleValues: distinct(rows.flatMap((row) => (row.created ? [row.created.toISOString(), row.created.toISOString().slice(0, 10)] : []))),
      },
      { path: 'status', type: { enum: STATUSES } },
      { path: 'tags.region', type: 'string', operators: ['=', '!=', '~'], sampleValues: distinct(rows.map((row) => row.tags.region ?? null)) },
      { path: 'tags.tier', type: 'string', operators: ['=', '!=', '~'], sampleValues: ['gold', 'silver'] },
    ]
    let selective = 0
    await fc.assert(
      fc.asyncProperty(arbitraryQueryText(properties), async (query) => {
        const expected = idsFromReference(query)
        expect(await idsFromDatabase(query), `QUERY_ROWS_SEED=${ROWS_SEED}`).toEqual(expected)
        if (expected.length > 0 && expected.length < rows.length) selective++
      }),
      { numRuns: 150 },
    )
    // Guards the generator: queries that always match everything or nothing would prove little.
    expect(selective).toBeGreaterThan(50)
  })

  it('orders by a sortable property in either direction', async () => {
    for (const [text, direction] of [['name', 'asc'], ['-amount', 'desc']] as const) {
      const order = compileOrderBy(text, resource)!
      expect(order.direction).toBe(direction)
      const { rows: found } = await sql<{ id: string }>`select id from ${sql.table(table)} order by ${order.expression} ${sql.raw(order.direction)}`.execute(
        database.db,
      )
      expect(found).toHaveLength(rows.length)
    }
  })
})
