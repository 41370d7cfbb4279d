/**
 * Trims Square's published OpenAPI (api.json of square/connect-api-specification) to what the Square
 * emulation serves: the operations below, the schemas they reach through $ref, and the security scheme
 * (which names the Square-Version header). Run from this folder on the upstream file:
 *
 *   node trim-api.mjs /path/to/connect-api-specification/api.json > api.json
 *
 * The operations are listed here and nowhere else: serving another one means adding it here and
 * running the script again, so the kept spec and the emulation cannot part unnoticed.
 */
import { readFileSync } from 'node:fs'

const OPERATIONS = [
  ['/oauth2/token', 'post'],
  ['/oauth2/revoke', 'post'],
  ['/v2/merchants/{merchant_id}', 'get'],
  ['/v2/locations', 'get'],
  ['/v2/customers', 'get'],
  ['/v2/customers/search', 'post'],
  ['/v2/orders/search', 'post'],
  ['/v2/catalog/list', 'get'],
  ['/v2/payments', 'get'],
  ['/v2/refunds', 'get'],
  ['/v2/disputes', 'get'],
]

const source = process.argv[2]
if (!source) throw new Error('usage: node trim-api.mjs <path to upstream api.json>')
const spec = JSON.parse(readFileSync(source, 'utf8'))

const paths = {}
for (const [path, method] of OPERATIONS) {
  const operation = spec.paths[path]?.[method]
  if (!operation) throw new Error(`The upstream spec has no ${method.toUpperCase()} ${path}.`)
  paths[path] = { ...paths[path], [method]: operation }
}

/** Every schema name reached from `value` through #/components/schemas/ references, transitively. */
const schemas = {}
const missing = []
function collect(value) {
  if (Array.isArray(value)) return value.forEach(collect)
  if (value === null || typeof value !== 'object') return
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')) {
      const name = inner.slice('#/components/schemas/'.length)
      if (!(name in schemas)) {
        const schema = spec.components.schemas[name]
        // The upstream file names a few schemas it never defines (CatalogModifierToggleOverrideType in
        // 2025-08-20): kept unconstrained, so that the references resolve and nothing is invented.
        schemas[name] = schema ?? { description: `Referred to but not defined in the upstream spec; left unconstrained.` }
        if (!schema) missing.push(name)
        else collect(schema)
      }
    } else collect(inner)
  }
}
collect(paths)

const sorted = Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]]))
const trimmed = {
  openapi: spec.openapi,
  info: spec.info,
  servers: spec.servers,
  components: { securitySchemes: spec.components.securitySchemes, schemas: sorted },
  paths,
}
if (missing.length > 0) process.stderr.write(`Referred to but not defined upstream: ${missing.join(', ')}\n`)
process.stdout.write(`${JSON.stringify(trimmed, null, 1)}\n`)
