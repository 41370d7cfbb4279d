import fc from 'fast-check'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { arbitraryQueryText, type QueryPropertySample } from './arbitrary-query.js'
import { compileQuery } from './compile-query.js'
import { defineResource } from './define-resource.js'
import { parseQuery, type QueryNode } from './parse-query.js'

const properties: QueryPropertySample[] = [
  { path: 'name', type: 'string', sampleValues: [' lead', 'trail ', 'a && b', '{x}', '"q"', 'a\\b', 'x&', '=y', 'Émile'] },
  { path: 'amount', type: 'number', sampleValues: ['1.5', '-3', '1e21'] },
  { path: 'active', type: 'boolean' },
  { path: 'created', type: 'date', sampleValues: ['2024-01-01T10:00:00.000Z', '2024-01-01'] },
  { path: 'id', type: 'uuid', sampleValues: ['6f9619ff-8b86-d011-b42d-00c04fc964ff'] },
  { path: 'status', type: { enum: ['Linked', 'PendingAuth'] } },
  { path: 'tags.region', type: 'string', operators: ['=', '~'], sampleValues: ['uk'] },
]

const resource = defineResource(
  'Sample',
  Object.fromEntries(properties.map((property) => [property.path, { type: property.type, expression: sql.ref(property.path), operators: property.operators }])),
)

function clausesOf(node: QueryNode): Extract<QueryNode, { kind: 'clause' }>[] {
  return node.kind === 'clause' ? [node] : node.children.flatMap(clausesOf)
}

describe('arbitraryQueryText', () => {
  it('generates only valid queries, within the length limit, with the operators each property allows', () => {
    fc.assert(
      fc.property(arbitraryQueryText(properties), (text) => {
        expect(text.length).toBeLessThanOrEqual(2048)
        expect(compileQuery(text, resource)).toBeDefined()
        for (const clause of clausesOf(parseQuery(text)!)) {
          const property = properties.find((candidate) => candidate.path === clause.path)!
          if (property.operators) expect(property.operators).toContain(clause.operator)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('keeps sample values intact through quoting and spacing', () => {
    const values = new Set<string>()
    fc.assert(
      fc.property(arbitraryQueryText(properties.slice(0, 1), { maxDepth: 0 }), (text) => {
        values.add((parseQuery(text) as Extract<QueryNode, { kind: 'clause' }>).value)
      }),
      { numRuns: 500 },
    )
    for (const sample of properties[0]!.sampleValues!) expect(values).toContain(sample)
  })

  it('refuses a property list it cannot draw from', () => {
    expect(() => arbitraryQueryText([])).toThrow(TypeError)
  })
})
