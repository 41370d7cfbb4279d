/**
 * Linkway's OpenAPI document against the reference's published ones, operation by operation:
 * every operation both have (same method, same path up to the names of its parameters) must agree
 * on its operationId, parameters (name, in, required, schema type/enum/minimum/maximum), whether
 * its request body is required and its response statuses, or the difference must be listed, with
 * its reason, in docs/api.md ("Differences from the reference's OpenAPI document"). A listed
 * difference that no longer exists fails too, so the docs stay true.
 */
import { readFileSync } from 'node:fs'
import { DATA_TYPES, REFERENCE_DATA_TYPES } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readReferenceDocument } from '../testing/reference-oas.js'
import { createTestApp, type TestApp } from '../testing/test-app.js'

type Json = Record<string, unknown>

/** Codat-Platform.json first: where documents describe the same operation, its parameters and statuses are the first's. */
const REFERENCE_DOCUMENTS = [
  'Codat-Platform.json',
  'Codat-Files.json',
  'Codat-Banking.json',
  'Codat-Commerce.json',
  'Codat-Sync-Commerce-v1.json',
  'Codat-Sync-Expenses.json',
  'Codat-Sync-Payables-v1.json',
  'Codat-Sync-Payroll.json',
]
const METHODS = ['get', 'put', 'post', 'delete', 'patch']
const COMPARED_SCHEMA_KEYWORDS = ['type', 'enum', 'minimum', 'maximum'] as const

interface Operation {
  /** `GET /companies/{companyId}`, with the document's own parameter names. */
  name: string
  operationId?: string
  /** Keyed `in name`; path parameters also by position (`path #2`), since their names are not on the wire. */
  parameters: Map<string, Json>
  pathParameterNames: string[]
  body?: { isRequired: boolean }
  statuses: string[]
}

interface Difference {
  operation: string
  /** What the allow-list names: `response 409: only Linkway`, `parameter query page: maximum`. */
  key: string
  detail: string
}

/** A `$ref` inside the same document: a JSON pointer, whose segments may be percent-encoded (`%7BcompanyId%7D`). */
function resolve(document: Json, node: unknown): Json {
  let current = node as Json
  for (let hops = 0; typeof current?.['$ref'] === 'string' && hops < 20; hops++) {
    const pointer = (current['$ref'] as string).replace(/^#\//, '').split('/')
    current = pointer.reduce<unknown>((at, segment) => (at as Json)[decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~')], document) as Json
  }
  return current ?? {}
}

const normalisedPath = (path: string) => path.replace(/\{[^}]+\}/g, '{}')

function operationsOf(document: Json): Map<string, Operation> {
  const operations = new Map<string, Operation>()
  for (const [path, item] of Object.entries(document['paths'] as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined
      if (!operation) continue
      const parameters = new Map<string, Json>()
      const pathParameterNames = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!)
      for (const raw of [...((item['parameters'] as unknown[]) ?? []), ...((operation['parameters'] as unknown[]) ?? [])]) {
        const parameter = resolve(document, raw)
        const key = parameter['in'] === 'path' ? `path #${pathParameterNames.indexOf(parameter['name'] as string)}` : `${parameter['in'] as string} ${parameter['name'] as string}`
        parameters.set(key, { ...parameter, schema: resolve(document, parameter['schema']) })
      }
      const body = operation['requestBody'] ? resolve(document, operation['requestBody']) : undefined
      operations.set(`${method} ${normalisedPath(path)}`, {
        name: `${method.toUpperCase()} ${path}`,
        ...(typeof operation['operationId'] === 'string' ? { operationId: operation['operationId'] } : {}),
        parameters,
        pathParameterNames,
        ...(body ? { body: { isRequired: body['required'] === true } } : {}),
        statuses: Object.keys((operation['responses'] as Json) ?? {}).sort(),
      })
    }
  }
  return operations
}

/** The reference's operations, the first document's where several have one, with every operationId any document gives it. */
function referenceOperations(): Map<string, Operation & { operationIds: Set<string> }> {
  const merged = new Map<string, Operation & { operationIds: Set<string> }>()
  for (const file of REFERENCE_DOCUMENTS) {
    for (const [key, operation] of operationsOf(readReferenceDocument(file))) {
      const known = merged.get(key)
      if (known) {
        if (operation.operationId) known.operationIds.add(operation.operationId)
      } else merged.set(key, { ...operation, operationIds: new Set(operation.operationId ? [operation.operationId] : []) })
    }
  }
  return merged
}

const shown = (value: unknown) => (value === undefined ? 'none' : JSON.stringify(value))

function compareSchemas(ours: Json, theirs: Json, label: string, add: (key: string, detail: string) => void): void {
  for (const keyword of COMPARED_SCHEMA_KEYWORDS) {
    const [a, b] = keyword === 'enum' ? [ours[keyword], theirs[keyword]].map((values) => (Array.isArray(values) ? [...values].sort() : values)) : [ours[keyword], theirs[keyword]]
    if (JSON.stringify(a) !== JSON.stringify(b)) add(`${label}: ${keyword}`, `Linkway ${shown(a)}, the reference ${shown(b)}`)
  }
}

function differencesOf(linkway: Operation, reference: Operation & { operationIds: Set<string> }): Difference[] {
  const differences: Difference[] = []
  const add = (key: string, detail: string) => differences.push({ operation: linkway.name, key, detail })
  if (!linkway.operationId || !reference.operationIds.has(linkway.operationId)) {
    add('operationId', `Linkway ${shown(linkway.operationId)}, the reference ${[...reference.operationIds].join(' or ')}`)
  }
  for (const key of new Set([...linkway.parameters.keys(), ...reference.parameters.keys()])) {
    const ours = linkway.parameters.get(key)
    const theirs = reference.parameters.get(key)
    const label = `parameter ${key.startsWith('path #') ? `path ${(ours ?? theirs)!['name'] as string}` : key}`
    if (!theirs || !ours) {
      add(`${label}: only ${ours ? 'Linkway' : 'the reference'}`, '')
      continue
    }
    if (ours['name'] !== theirs['name']) add(`${label}: name`, `the reference's ${theirs['name'] as string}`)
    if ((ours['required'] === true) !== (theirs['required'] === true)) add(`${label}: required`, `Linkway ${ours['required'] === true}, the reference ${theirs['required'] === true}`)
    compareSchemas(ours['schema'] as Json, theirs['schema'] as Json, label, add)
  }
  if (!linkway.body !== !reference.body) add(`request body: only ${linkway.body ? 'Linkway' : 'the reference'}`, '')
  else if (linkway.body && reference.body && linkway.body.isRequired !== reference.body.isRequired) add('request body: required', `Linkway ${linkway.body.isRequired}, the reference ${reference.body.isRequired}`)
  for (const status of linkway.statuses.filter((status) => !reference.statuses.includes(status))) add(`response ${status}: only Linkway`, '')
  for (const status of reference.statuses.filter((status) => !linkway.statuses.includes(status))) add(`response ${status}: only the reference`, '')
  return differences
}

interface ListedDifference {
  operation: string
  key: string
  reason: string
}

/** The table under "Differences from the reference's OpenAPI document" in docs/api.md: `| operation | difference | reason |`; `*` is every operation. */
function listedDifferences(): ListedDifference[] {
  const text = readFileSync(new URL('../../../../docs/api.md', import.meta.url), 'utf8')
  const section = text.split(/^## /m).find((part) => part.startsWith("Differences from the reference's OpenAPI document"))
  if (!section) throw new Error("docs/api.md has no section \"Differences from the reference's OpenAPI document\"")
  const cell = (value: string) => value.trim().replace(/^`|`$/g, '')
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Operation') && !line.startsWith('|---'))
    .map((line) => {
      const [operation, key, reason] = line.slice(1, -1).split(' | ').map(cell) as [string, string, string]
      return { operation, key, reason }
    })
}

describe.each(testedBackends())('the OpenAPI document against the reference’s on %s', (backend) => {
  let t: TestApp
  let document: Json

  beforeAll(async () => {
    t = await createTestApp(backend)
    document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('differs from the reference in no shared operation, except as docs/api.md lists with a reason', () => {
    const reference = referenceOperations()
    const linkway = operationsOf(document)
    const shared = [...linkway.entries()].filter(([key]) => reference.has(key))
    // The comparison covers the API's surface, not a handful: if routes vanished, this would pass on nothing.
    expect(shared.length).toBeGreaterThanOrEqual(60)
    const differences = shared.flatMap(([key, operation]) => differencesOf(operation, reference.get(key)!))
    const listed = listedDifferences()
    const isListed = (difference: Difference) => listed.some((entry) => (entry.operation === '*' || entry.operation === difference.operation) && entry.key === difference.key)
    const unlisted = differences.filter((difference) => !isListed(difference)).map((difference) => `| \`${difference.operation}\` | \`${difference.key}\` | … | ${difference.detail}`)
    expect(unlisted, 'differences docs/api.md does not list (a row each, with the reason):\n').toEqual([])

    const stale = listed.filter((entry) => !differences.some((difference) => (entry.operation === '*' || entry.operation === difference.operation) && entry.key === difference.key))
    expect(stale, 'rows of docs/api.md for differences that no longer exist').toEqual([])
    for (const entry of listed) expect(entry.reason.length, `the reason for ${entry.operation} ${entry.key}`).toBeGreaterThan(20)
  })

  it('gives every operation its own operationId', () => {
    const ids = Object.values(document['paths'] as Record<string, Json>).flatMap((item) => METHODS.flatMap((method) => ((item[method] as Json | undefined)?.['operationId'] as string | undefined) ?? []))
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([])
  })

  it('takes the reference’s DataType enum, all of it, wherever a request names a data type', () => {
    const platform = readReferenceDocument('Codat-Platform.json')
    const theirs = resolve(platform, (platform['components'] as { schemas: Json }).schemas['DataType'])['enum'] as string[]
    expect([...REFERENCE_DATA_TYPES]).toEqual(theirs)
    expect(REFERENCE_DATA_TYPES).toEqual(expect.arrayContaining([...DATA_TYPES]))
    const schemas = (document['components'] as { schemas: Record<string, Json> }).schemas
    expect(schemas['DataType']?.['enum']).toEqual(theirs)
    const queue = (document['paths'] as Record<string, Json>)['/companies/{companyId}/data/queue/{dataType}']!['post'] as { parameters: Json[] }
    expect(resolve(document, queue.parameters.find((parameter) => parameter['name'] === 'dataType')!['schema'])['enum']).toEqual(theirs)
    expect(resolve(document, ((schemas['SyncSettingsRequestInput'] ?? schemas['SyncSettingsRequest'])!['properties'] as { settings: { items: Json } }).settings.items)).toMatchObject({
      properties: { dataType: { $ref: '#/components/schemas/DataTypeInput' } },
    })
  })

  it('writes no $id or $schema into the document, so a viewer resolves every $ref against the document itself', () => {
    const text = JSON.stringify(document)
    expect(text).not.toContain('"$id"')
    expect(text).not.toContain('"$schema"')
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!)
    expect(refs.length).toBeGreaterThan(100)
    for (const ref of new Set(refs)) expect(Object.keys(resolve(document, { $ref: ref })).length, ref).toBeGreaterThan(0)
  })
})
