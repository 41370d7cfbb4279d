/**
 * The query language end to end: random valid queries through GET /companies return exactly the
 * companies an in-memory evaluation of the same query picks, and random text never makes a 500.
 */
import fc from 'fast-check'
import type { PropertyType } from '@linkway/query-language'
import { arbitraryQueryText, evaluateQueryInMemory, type InMemoryValue } from '@linkway/query-language/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

interface CreatedCompany {
  id: string
  name: string
  description?: string
  created: string
  tags: Record<string, string>
}

const TAG_KEYS = ['region', 'team', 'tier']
const NAMES = ['Acme', 'acme ltd', 'Bravo & Co', "O'Brien", 'Zed', 'Toft stores', 'x']
const TAG_VALUES = ['uk', 'UK', 'us', 'cards', 'invoice-finance', 'gold', 'a b']

function typeOf(path: string): PropertyType | undefined {
  if (path === 'id') return 'uuid'
  if (path === 'name' || path === 'description') return 'string'
  if (path === 'created' || path === 'lastSync') return 'date'
  if (path.startsWith('tags.')) return 'string'
  return undefined
}

function valueOf(company: CreatedCompany, path: string): InMemoryValue {
  if (path === 'id') return company.id
  if (path === 'name') return company.name
  if (path === 'description') return company.description ?? null
  if (path === 'created') return new Date(company.created)
  if (path === 'lastSync') return null
  if (path.startsWith('tags.')) return company.tags[path.slice(5)] ?? null
  return undefined
}

describe.each(testedBackends())('querying companies on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  const companies: CreatedCompany[] = []

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient()
    const generated = fc.sample(
      fc.record({
        name: fc.constantFrom(...NAMES),
        description: fc.option(fc.constantFrom('retail', 'Retail and wholesale', 'cards'), { nil: undefined }),
        tags: fc.dictionary(fc.constantFrom(...TAG_KEYS), fc.constantFrom(...TAG_VALUES), { maxKeys: 3 }),
        minutesLater: fc.integer({ min: 0, max: 60 * 24 * 6 }),
      }),
      { numRuns: 40, seed: 4242 },
    )
    for (const company of generated) {
      t.clock.set(new Date(Date.UTC(2024, 2, 10) + company.minutesLater * 60_000))
      const res = await t.app.inject({
        method: 'POST', url: '/companies', headers: client.headers,
        payload: { name: company.name, description: company.description, tags: company.tags },
      })
      expect(res.statusCode).toBe(200)
      companies.push(res.json())
    }
    // The list's default order: creation time, then creation sequence.
    companies.sort((a, b) => a.created.localeCompare(b.created))
  })
  afterAll(async () => {
    await t?.close()
  })

  it('returns exactly what the reference evaluation of the same query returns', async () => {
    const days = ['2024-03-09', '2024-03-10', '2024-03-12', '2024-03-15', '2024-03-17']
    const properties = [
      { path: 'id', type: 'uuid' as const, sampleValues: companies.slice(0, 5).map((c) => c.id) },
      { path: 'name', type: 'string' as const, sampleValues: NAMES },
      { path: 'description', type: 'string' as const, sampleValues: ['retail', 'cards', 'RETAIL'] },
      { path: 'created', type: 'date' as const, sampleValues: [...days, companies[3]!.created] },
      ...TAG_KEYS.map((key) => ({ path: `tags.${key}`, type: 'string' as const, operators: ['=', '!=', '~'] as const, sampleValues: TAG_VALUES })),
    ]
    await fc.assert(
      fc.asyncProperty(arbitraryQueryText(properties, { maxDepth: 3, maxOperands: 3 }), async (query) => {
        const res = await t.app.inject({ method: 'GET', url: `/companies?pageSize=5000&query=${encodeURIComponent(query)}`, headers: client.headers })
        expect(res.statusCode, `${query} → ${res.body}`).toBe(200)
        const expected = companies.filter((c) => evaluateQueryInMemory(query, (path) => valueOf(c, path), typeOf)).map((c) => c.id)
        const actual = res.json().results.map((c: CreatedCompany) => c.id)
        expect(actual, query).toEqual(expected)
        expect(res.json().totalResults).toBe(expected.length)
      }),
      { numRuns: 120 },
    )
  })

  it('answers random text with 200 or a 400 in the wire error body, never a 500', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...'name tags.region created = != ~ < > && || { } " \\ ; \' -- 2024-03-10'.split(' ')), maxLength: 30 }).map((s) => s),
    )
    await fc.assert(
      fc.asyncProperty(text, fc.option(fc.string({ maxLength: 30 }), { nil: undefined }), async (query, orderBy) => {
        const params = new URLSearchParams({ query, ...(orderBy !== undefined ? { orderBy } : {}) })
        const res = await t.app.inject({ method: 'GET', url: `/companies?${params.toString()}`, headers: client.headers })
        expect([200, 400], `${query} → ${res.body}`).toContain(res.statusCode)
        if (res.statusCode === 400) expect(res.json().error).toMatch(/^Error parsing (query|orderBy) - /)
      }),
      { numRuns: 200 },
    )
  })
})
