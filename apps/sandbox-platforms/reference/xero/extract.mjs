// Rebuilds xero-accounting-subset.json from Xero's published Accounting API description:
//   node extract.mjs path/to/Xero-OpenAPI/xero_accounting.yaml
// It keeps the GET operations Linkway's Xero data sources and the emulation serve (their responses only)
// and every component schema those reach, without prose (description, example, externalDocs): the whole
// file is 0.9 MB of which the tests need a small part. Nothing else is changed.
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'

const PATHS = [
  '/Accounts', '/BankTransactions', '/BankTransfers', '/Contacts', '/CreditNotes', '/Invoices', '/Items', '/Journals',
  '/Organisation', '/Payments', '/PurchaseOrders', '/Reports/BalanceSheet', '/Reports/ProfitAndLoss', '/TaxRates', '/TrackingCategories',
]
const PROSE = new Set(['description', 'example', 'externalDocs'])

const source = parse(readFileSync(process.argv[2], 'utf8'))
const schemas = source.components.schemas
const kept = new Set()

function withoutProse(node) {
  if (Array.isArray(node)) return node.map(withoutProse)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).filter(([key]) => !PROSE.has(key)).map(([key, value]) => [key, withoutProse(value)]))
}

function keepReferenced(node) {
  if (Array.isArray(node)) return node.forEach(keepReferenced)
  if (node === null || typeof node !== 'object') return
  const ref = node.$ref
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length)
    if (!kept.has(name)) {
      kept.add(name)
      keepReferenced(schemas[name])
    }
  }
  Object.values(node).forEach(keepReferenced)
}

const paths = {}
for (const path of PATHS) {
  const operation = source.paths[path]?.get
  if (operation === undefined) throw new Error(`${path} has no GET in this version`)
  paths[path] = { get: { operationId: operation.operationId, responses: withoutProse(operation.responses) } }
  keepReferenced(operation.responses)
}

const subset = {
  openapi: source.openapi,
  info: { title: source.info.title, version: source.info.version },
  paths,
  components: { schemas: Object.fromEntries([...kept].sort().map((name) => [name, withoutProse(schemas[name])])) },
}
writeFileSync(new URL('./xero-accounting-subset.json', import.meta.url), `${JSON.stringify(subset, null, 1)}\n`)
console.log(`${PATHS.length} paths, ${kept.size} schemas`)
