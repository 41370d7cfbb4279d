/**
 * @module Checks an answer against a schema of the reference's OpenAPI documents (vendored in
 * ./codat-oas): tests assert the wire shapes are the reference's, not only our own contract's.
 * The documents say `nullable: true` in OAS 3.1; it is read as JSON Schema's `null` alternative,
 * as the reference's own SDKs do.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'

function withNullables(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullables)
  if (typeof node !== 'object' || node === null) return node
  const { nullable, ...rest } = node as Record<string, unknown>
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, withNullables(value)]))
  if (nullable === true && typeof converted.type === 'string') converted.type = [converted.type, 'null']
  return converted
}

/** A validator for `#/components/schemas/{name}` of a document in ./codat-oas: the errors, or [] when the value fits. */
export function codatSchemaValidator(document: 'Codat-Files.json') {
  const oas = JSON.parse(readFileSync(new URL(`./codat-oas/${document}`, import.meta.url), 'utf8')) as { components: unknown }
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  ajv.addSchema({ $id: 'codat', components: withNullables(oas.components) })
  return (schemaName: string, value: unknown): string[] => {
    const validate = ajv.getSchema(`codat#/components/schemas/${schemaName}`)
    if (!validate) throw new Error(`${document} has no schema ${schemaName}`)
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`)
  }
}
