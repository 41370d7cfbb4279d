import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/test-app.js'
import { openApi30ForViewer, VIEWER_NOTE } from './openapi-viewer.js'

describe('the document /docs renders, as OpenAPI 3.0.3', () => {
  const document = {
    openapi: '3.1.0',
    info: { title: 'Linkway API', version: '1.0.0', description: 'Connect platforms.' },
    paths: {
      '/things': {
        get: {
          parameters: [{ in: 'query', name: 'page', schema: { type: ['integer', 'null'], minimum: 1 } }],
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['kind'],
          properties: {
            // Property names that are also keywords stay what they are: data.
            type: { type: 'string', const: 'thing' },
            const: { anyOf: [{ type: 'string' }, { type: 'null' }] },
            kind: { anyOf: [{ $ref: '#/components/schemas/Kind' }, { type: 'null' }] },
            value: { type: ['string', 'number', 'boolean'] },
            tags: { type: 'object', propertyNames: { type: 'string', maxLength: 10 }, additionalProperties: { type: ['string', 'null'] } },
          },
        },
        Kind: { type: 'string', enum: ['a', 'b'] },
      },
    },
  }

  it('spells nullable types, several types, const and nullable references as 3.0 does, and leaves property names alone', () => {
    const viewed = openApi30ForViewer(document) as typeof document & { openapi: string }
    expect(viewed.openapi).toBe('3.0.3')
    expect(viewed.paths['/things'].get.parameters[0]!.schema).toEqual({ type: 'integer', nullable: true, minimum: 1 })
    const thing = viewed.components.schemas.Thing
    expect(Object.keys(thing.properties)).toEqual(['type', 'const', 'kind', 'value', 'tags'])
    expect(thing.properties.type).toEqual({ type: 'string', enum: ['thing'] })
    expect(thing.properties.const).toEqual({ type: 'string', nullable: true })
    // A reference keeps its place in an anyOf (3.0 ignores siblings of $ref).
    expect(thing.properties.kind).toEqual({ anyOf: [{ $ref: '#/components/schemas/Kind' }], nullable: true })
    expect(thing.properties.value).toEqual({ anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })
    expect(thing.properties.tags).toEqual({ type: 'object', additionalProperties: { type: 'string', nullable: true } })
    expect(viewed.info.description).toBe(`Connect platforms.\n\n${VIEWER_NOTE}`)
  })

  // The document comes from the routes' contracts; no database shapes it.
  describe('Linkway’s own document', () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp('pglite')
    })
    afterAll(async () => {
      await t?.close()
    })

    it('serves /docs/json with no 3.1 spelling left, while /openapi.json stays 3.1', async () => {
      const viewed = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json()
      const contract = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
      expect(contract.openapi).toBe('3.1.0')
      expect(viewed.openapi).toBe('3.0.3')
      expect(Object.keys(viewed.paths)).toEqual(Object.keys(contract.paths))
      const leftovers: string[] = []
      const walk = (node: unknown, at: string, isPropertyMap = false): void => {
        if (Array.isArray(node)) return node.forEach((each, index) => walk(each, `${at}/${index}`))
        if (node === null || typeof node !== 'object') return
        for (const [key, value] of Object.entries(node)) {
          if (!isPropertyMap) {
            if (key === 'type' && (Array.isArray(value) || value === 'null')) leftovers.push(`${at}/type`)
            if (key === 'const' || key === 'propertyNames' || key === '$schema' || key === '$id') leftovers.push(`${at}/${key}`)
          }
          walk(value, `${at}/${key}`, !isPropertyMap && (key === 'properties' || key === 'schemas'))
        }
      }
      walk(viewed, '#')
      expect(leftovers).toEqual([])
    })
  })
})
