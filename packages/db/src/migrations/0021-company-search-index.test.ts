import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testedBackends } from '@linkway/test-kit'
import type { Database } from '../index.js'
import * as searchIndex from './0021-company-search-index.js'

const PREFIXES = ['Acme', 'Toft', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Wonka', 'Soylent']
const REGIONS = ['uk', 'us', 'de', 'fr', 'ie']

describe.each(testedBackends())('migration 0021 (one search index over client, tags and name) on %s', (backend) => {
  let database: Database
  const ours = crypto.randomUUID()
  const theirs = crypto.randomUUID()
  let companies: { id: string; client_id: string; name: string; tags: string; created_at: Date }[] = []

  beforeAll(async () => {
    database = await createTestDatabase(backend)
    for (const id of [ours, theirs]) await database.db.insertInto('clients').values({ id, name: 'Lender', created_at: new Date() }).execute()
    // Two clients with the same names and tags, inserted after the index exists, as a client's bulk import would be.
    companies = Array.from({ length: 4000 }, (_, i) => ({
      id: crypto.randomUUID(),
      client_id: i % 2 === 0 ? ours : theirs,
      name: `${PREFIXES[Math.floor(i / 2) % PREFIXES.length]} Trading ${i}`,
      tags: JSON.stringify({ region: REGIONS[Math.floor(i / 10) % REGIONS.length], uid: `cust-${i}` }),
      created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    }))
    for (let offset = 0; offset < companies.length; offset += 1000) await database.db.insertInto('companies').values(companies.slice(offset, offset + 1000)).execute()
    await sql`analyze companies`.execute(database.db)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('writes the search index and the tags index at insert (no pending list for every search to read until a vacuum)', async () => {
    const { rows } = await sql<{ name: string; options: string[] | null; definition: string }>`
      select i.relname as name, i.reloptions as options, pg_get_indexdef(i.oid) as definition
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_am am on am.oid = i.relam
      where t.relname = 'companies' and am.amname = 'gin'
      order by i.relname`.execute(database.db)
    expect(rows.map((row) => [row.name, row.options])).toEqual([
      ['companies_search_idx', ['fastupdate=off']],
      ['companies_tags_idx', ['fastupdate=off']],
    ])
    expect(rows[0]!.definition).toContain('(client_id, tags jsonb_path_ops, name gin_trgm_ops)')
  })

  it('serves a tag with a name fragment too short for a trigram from the tags index, not by reading every company', async () => {
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain (costs off)
      select id from companies
      where client_id = ${ours} and tags @> ${JSON.stringify({ uid: 'cust-100' })}::jsonb and name ilike ${'%ac%'}
      order by created_at, seq limit 100`.execute(database.db)
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n')
    expect(plan).not.toMatch(/Seq Scan on companies/)
    expect(plan).toMatch(/Bitmap Index Scan on companies_tags_idx/)
  })

  it('migrates down and up again over stored companies, which the index then finds', async () => {
    await searchIndex.down(database.db as never)
    await searchIndex.up(database.db as never)
    await sql`analyze companies`.execute(database.db)
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from companies
      where client_id = ${ours} and tags @> ${JSON.stringify({ region: 'uk' })}::jsonb and name ilike ${'%acme%'}`.execute(database.db)
    expect(rows[0]!.n).toBe(companies.filter((row) => row.client_id === ours && row.name.startsWith('Acme') && JSON.parse(row.tags).region === 'uk').length)
  })

  it('answers a tag and name query from the index alone: only the client’s matching companies are read', async () => {
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain (analyze, costs off, timing off, summary off)
      select id from companies
      where client_id = ${ours} and tags @> ${JSON.stringify({ region: 'uk' })}::jsonb and name ilike ${'%acme%'}
      order by created_at, seq limit 100`.execute(database.db)
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n')
    expect(plan).toMatch(/Bitmap Index Scan on companies_search_idx/)
    expect(plan).toMatch(/Index Cond: \(\(client_id = .*\) AND \(tags @> .*\) AND \(name ~~\* .*\)\)/)
    // Every company the index led to was a match: none of the other client's, none with only the tag.
    const heapScan = /Bitmap Heap Scan on companies \(actual rows=([\d.]+) loops=1\)/.exec(plan)
    expect(heapScan, plan).not.toBeNull()
    expect(plan).not.toMatch(/Rows Removed by (Index Recheck|Filter)/)
    const matching = companies.filter((row) => row.client_id === ours && row.name.startsWith('Acme') && JSON.parse(row.tags).region === 'uk')
    const sameTagsOfTheOtherClient = companies.filter((row) => row.client_id === theirs && row.name.startsWith('Acme') && JSON.parse(row.tags).region === 'uk')
    expect(sameTagsOfTheOtherClient.length).toBeGreaterThan(0)
    expect(Number(heapScan![1])).toBe(matching.length)
  })
})
