// Rebuilds shopify-rest-2024-10.json from Shopify's REST resources for Admin API 2024-10:
//   node extract.mjs path/to/shopify-app-js/packages/apps/shopify-api/rest/admin
// For each resource the emulation serves (and each resource those nest), it keeps:
// - `fields`: the properties the resource class declares (`public total_tax: string | number | null;`),
//   as the JSON types they allow, and the resource class a field holds when it names one;
// - `listKeys`: the names its lists are answered under in those samples (usually the class's plural);
// - `recorded`: the shape of every sample answer recorded in the resource's generated tests
//   (`queueMockResponse(JSON.stringify({...}))`): for each field, the JSON types seen, and for objects
//   and arrays, the same again inside them.
// Nothing is added by hand.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const VERSION = '2024-10'
/** The resources whose list (or object) the emulation answers: shop.json, orders.json, customers.json, … */
const SERVED = ['Shop', 'Order', 'Customer', 'Product', 'SmartCollection', 'CustomCollection', 'Location', 'TenderTransaction', 'PaymentTransaction', 'Dispute']
/** Read for its declared types only: an order's addresses are checked against it too (src/testing/reference-exceptions.ts). */
const ALSO = ['CustomerAddress']

const root = process.argv[2]
const fileOf = (className) => className.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase()

/** `string | number | null`, `{[key: string]: unknown}[] | null`, `Customer | null | {[key: string]: any}` → JSON types and the resource named. */
function jsonTypesOf(declared) {
  const types = new Set()
  let resource
  for (const raw of declared.split(/\|(?![^{]*})/).map((part) => part.trim())) {
    const isArray = raw.endsWith('[]')
    const element = isArray ? raw.slice(0, -2).trim() : raw
    if (isArray) types.add('array')
    let type
    if (['string', 'number', 'boolean', 'null'].includes(element)) type = element
    else if (element === 'unknown' || element === 'any') type = 'any'
    else if (element.startsWith('{')) type = 'object'
    else if (/^[A-Z]\w*$/.test(element)) {
      type = 'object'
      resource = element
    } else throw new Error(`Unread type ${declared}`)
    if (!isArray) types.add(type)
  }
  return { declared: [...types].sort(), ...(resource === undefined ? {} : { resource }) }
}

function readResource(className) {
  const source = readFileSync(join(root, VERSION, `${fileOf(className)}.ts`), 'utf8')
  const fields = {}
  for (const match of source.matchAll(/^ {2}public (\w+): (.+);$/gm)) fields[match[1]] = jsonTypesOf(match[2])
  const names = JSON.parse(/resourceNames: ResourceNames\[\] = (\[[\s\S]*?\]);/.exec(source)[1])[0]
  const paths = JSON.parse(/paths: ResourcePath\[\] = (\[[\s\S]*?\]);/.exec(source)[1]).filter((path) => path.http_method === 'get').map((path) => path.path)
  return { names, getPaths: paths, fields }
}

/** Merges a JSON value into a shape: the types seen, and inside objects and arrays the shapes of what they hold. */
function record(shape, value) {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  shape.types = [...new Set([...(shape.types ?? []), type])].sort()
  if (type === 'object') {
    shape.fields ??= {}
    for (const [key, inner] of Object.entries(value)) record((shape.fields[key] ??= {}), inner)
  }
  if (type === 'array') for (const item of value) record((shape.items ??= {}), item)
  return shape
}

function recordedSamples(className, names) {
  const tests = readFileSync(join(root, '__tests__', VERSION, `${fileOf(className)}.test.ts`), 'utf8')
  const shape = {}
  const bodies = [...tests.matchAll(/queueMockResponse\(JSON\.stringify\((.*)\)\);$/gm)].map((match) => JSON.parse(match[1]))
  // A list answered under another name than the class's plural (PaymentTransaction's is `transactions`): when no
  // sample uses the plural, the list is the only key of an answer holding an array. Otherwise such answers are
  // another resource's (a customer's orders) and left out.
  const hasPlural = bodies.some((body) => Array.isArray(body[names.plural]))
  const listKeys = new Set()
  for (const body of bodies) {
    const keys = Object.keys(body)
    const listKey = Array.isArray(body[names.plural]) ? names.plural : !hasPlural && keys.length === 1 && Array.isArray(body[keys[0]]) ? keys[0] : undefined
    if (listKey !== undefined) listKeys.add(listKey)
    const items = listKey !== undefined ? body[listKey] : body[names.singular] !== undefined ? [body[names.singular]] : []
    for (const item of items) record(shape, item)
  }
  return { listKeys: [...listKeys].sort(), recorded: shape }
}

const resources = {}
const pending = [...SERVED, ...ALSO]
while (pending.length > 0) {
  const className = pending.shift()
  if (resources[className] !== undefined) continue
  const resource = readResource(className)
  resources[className] = { ...resource, ...recordedSamples(className, resource.names) }
  for (const field of Object.values(resource.fields)) if (field.resource !== undefined) pending.push(field.resource)
}
writeFileSync(new URL('./shopify-rest-2024-10.json', import.meta.url), `${JSON.stringify({ apiVersion: VERSION, resources }, null, 1)}\n`)
console.log(Object.keys(resources).join(' '))
