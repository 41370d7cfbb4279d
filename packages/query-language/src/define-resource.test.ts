import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { defineResource } from './define-resource.js'
import type { PropertyDefinition } from './queryable-resource.js'

const name: PropertyDefinition = { type: 'string', expression: sql.ref('companies.name') }
const sourceType: PropertyDefinition = { type: 'string', expression: sql.ref('connections.source_type') }
const sourcetypeLower: PropertyDefinition = { type: 'string', expression: sql.ref('connections.other') }
const status: PropertyDefinition = { type: { enum: ['Linked'] }, expression: sql.ref('connections.status') }

describe('defineResource', () => {
  const tagKeys: string[] = []
  const resource = defineResource(
    'Company',
    { name, sourceType, sourcetype: sourcetypeLower, 'dataConnections.status': status },
    {
      tags: (key) => {
        tagKeys.push(key)
        return key.length >= 1 && key.length <= 27 ? { type: 'string', expression: sql`companies.tags->>${key}` } : undefined
      },
    },
  )

  it('carries the name used in error messages', () => {
    expect(resource.name).toBe('Company')
  })

  it('prefers an exact name, then falls back to ignoring case', () => {
    expect(resource.resolve('name')).toBe(name)
    expect(resource.resolve('NAME')).toBe(name)
    expect(resource.resolve('sourceType')).toBe(sourceType)
    expect(resource.resolve('sourcetype')).toBe(sourcetypeLower)
    // Ambiguous ignoring case: the first listed wins.
    expect(resource.resolve('SOURCETYPE')).toBe(sourceType)
  })

  it('finds dotted names listed as they are, in any case', () => {
    expect(resource.resolve('dataConnections.status')).toBe(status)
    expect(resource.resolve('dataconnections.STATUS')).toBe(status)
  })

  it('hands the rest of a dotted path to the dynamic prefix, as written', () => {
    expect(resource.resolve('tags.Region')?.type).toBe('string')
    expect(resource.resolve('Tags.region')?.type).toBe('string')
    expect(resource.resolve('tags.a.b')?.type).toBe('string')
    expect(tagKeys).toEqual(['Region', 'region', 'a.b'])
    expect(resource.resolve(`tags.${'k'.repeat(28)}`)).toBeUndefined()
  })

  it('knows nothing else, including what Object.prototype has', () => {
    for (const path of ['tags', 'nope', 'nope.x', '.name', 'constructor', '__proto__', 'toString', 'hasOwnProperty.x', 'constructor.name']) {
      expect(resource.resolve(path), path).toBeUndefined()
    }
  })
})
