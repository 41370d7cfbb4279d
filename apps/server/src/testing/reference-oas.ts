/**
 * @module Responses checked against the reference's published OpenAPI documents
 * (../shared/reference/codat-oas, or REFERENCE_OAS_DIR): `expectReferenceShape(body, 'Codat-Platform.json', 'Branding')`.
 * Tests only; the documents are read when a test first asks for one.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

/** Beside the repository (the workshop's layout: ../shared), or where REFERENCE_OAS_DIR says; /work/shared for a worktree elsewhere. */
function referenceOasDir(): string {
  const candidates = [
    process.env['REFERENCE_OAS_DIR'],
    path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared/reference/codat-oas'),
    '/work/shared/reference/codat-oas',
  ]
  const found = candidates.find((dir) => dir !== undefined && existsSync(path.join(dir, 'Codat-Platform.json')))
  if (!found) throw new Error(`The reference's OpenAPI documents are not at ${candidates.filter(Boolean).join(' or ')}; set REFERENCE_OAS_DIR`)
  return found
}

/**
 * The documents still say `nullable: true` (OAS 3.0) inside an OAS 3.1 file: read it as "or null",
 * as the reference's own SDKs do. A typed node takes `null` into its type (and enum) in place, so
 * the document's own `$ref`s into it (`…/properties/validDatatypeLinks/items`) still resolve; only
 * an untyped one (a `$ref`, an `allOf`) is wrapped.
 */
function translateNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translateNullable)
  if (node === null || typeof node !== 'object') return node
  const entries = Object.entries(node as Record<string, unknown>).map(([key, value]) => [key, translateNullable(value)] as const)
  const object = Object.fromEntries(entries.filter(([key]) => key !== 'nullable'))
  if ((node as Record<string, unknown>)['nullable'] !== true) return object
  if (typeof object['type'] === 'string') {
    return { ...object, type: [object['type'], 'null'], ...(Array.isArray(object['enum']) ? { enum: [...(object['enum'] as unknown[]), null] } : {}) }
  }
  return { anyOf: [object, { type: 'null' }] }
}

/** One of the reference's documents as published (`nullable` untranslated), e.g. 'Codat-Platform.json'. */
export function readReferenceDocument(document: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(referenceOasDir(), document), 'utf8')) as Record<string, unknown>
}

const validators = new Map<string, ValidateFunction>()
let ajv: Ajv2020 | undefined
const loaded = new Set<string>()

/** The validator for one schema of one document, e.g. ('Codat-Platform.json', 'Branding'). */
export function referenceValidator(document: string, schema: string): ValidateFunction {
  const key = `${document}#${schema}`
  const cached = validators.get(key)
  if (cached) return cached
  ajv ??= (() => {
    const instance = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
    ;(addFormats as unknown as (ajv: Ajv2020) => void)(instance)
    // The accounting documents' own formats: `decimal` on numbers (any JSON number is one), currency codes.
    instance.addFormat('decimal', { type: 'number', validate: () => true })
    instance.addFormat('ISO4217', /^[A-Z]{3}$/)
    return instance
  })()
  if (!loaded.has(document)) {
    const json = readReferenceDocument(document)
    ajv.addSchema({ ...(translateNullable(json) as object), $id: document })
    loaded.add(document)
  }
  const validate = ajv.compile({ $ref: `${document}#/components/schemas/${schema}` })
  validators.set(key, validate)
  return validate
}

/** The errors of `body` against the reference's schema, as readable lines; [] when it conforms. */
export function referenceShapeErrors(body: unknown, document: string, schema: string): string[] {
  const validate = referenceValidator(document, schema)
  if (validate(body)) return []
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`)
}
