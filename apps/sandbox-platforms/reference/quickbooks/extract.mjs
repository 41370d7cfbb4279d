// Rebuilds quickbooks-xsd-subset.json from Intuit's XML schemas of the QuickBooks Online API v3:
//   node extract.mjs path/to/QuickBooks-V3-Java-SDK/ipp-v3-java-data/src/main/xsd
// It reads IntuitRestServiceDef.xsd (the answer envelope) and what it includes (Finance.xsd,
// IntuitBaseTypes.xsd, IntuitNamesTypes.xsd, Report.xsd), and keeps, as parsed XML (element and
// attribute names without the `xs:` prefix, attributes as `@name`, documentation left out), every
// definition reachable from the answer envelope (IntuitResponse) and the report (Report), with two
// cuts to keep it to what Linkway reads: of the entities that may stand for IntuitObject only those
// in ENTITIES, and the answer kinds in NOT_FOLLOWED (batch, attachable, sync errors, bank feeds) are
// kept as names whose types are left out. A test meeting one of those reports it, never passes it.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'

const FILES = ['IntuitRestServiceDef.xsd', 'Finance.xsd', 'IntuitBaseTypes.xsd', 'IntuitNamesTypes.xsd', 'Report.xsd']
/** The entities Linkway's data sources query (packages/platform-data/src/platforms/quickbooks-online) or read by id. */
const ENTITIES = [
  'Account', 'Bill', 'BillPayment', 'Class', 'CompanyInfo', 'CreditMemo', 'Customer', 'Department', 'Deposit', 'Invoice', 'Item',
  'JournalEntry', 'Payment', 'Preferences', 'Purchase', 'PurchaseOrder', 'RefundReceipt', 'SalesReceipt', 'TaxCode', 'TaxRate', 'Transfer',
  'Vendor', 'VendorCredit',
]
const NOT_FOLLOWED = new Set(['BatchItemResponse', 'AttachableResponse', 'SyncErrorResponse', 'OLBTransaction', 'OLBStatus'])
const ROOTS = ['IntuitResponse', 'Report']
/** Tags that hold one child at most; every other tag is read as a list, so one child and many look alike. */
const SINGLE = new Set(['schema', 'complexContent', 'simpleContent', 'extension', 'restriction', 'list', 'union'])

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && !SINGLE.has(name),
  updateTag: (name) => name !== 'annotation',
})

const definitions = { complexType: {}, simpleType: {}, element: {}, group: {} }
for (const file of FILES) {
  const schema = parser.parse(readFileSync(join(process.argv[2], file), 'utf8')).schema
  for (const kind of Object.keys(definitions)) for (const node of schema[kind] ?? []) definitions[kind][node['@name']] = node
}
const substitutes = {}
for (const element of Object.values(definitions.element)) {
  const head = element['@substitutionGroup']
  if (head !== undefined && ENTITIES.includes(element['@name'])) (substitutes[head] ??= []).push(element['@name'])
}

const kept = { complexType: new Set(), simpleType: new Set(), element: new Set(), group: new Set() }
function keep(kind, name) {
  if (name === undefined || name.startsWith('xs:') || kept[kind].has(name) || NOT_FOLLOWED.has(name)) return
  const node = definitions[kind][name]
  if (node === undefined) {
    // A type attribute names a complex or a simple type: try both.
    if (kind === 'complexType') return keep('simpleType', name)
    throw new Error(`No ${kind} ${name}`)
  }
  kept[kind].add(name)
  walk(node)
  for (const member of kind === 'element' ? (substitutes[name] ?? []) : []) keep('element', member)
}
function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk)
  if (node === null || typeof node !== 'object') return
  for (const attribute of ['@type', '@base']) keep('complexType', node[attribute])
  // A ref names a global element, or (inside a sequence) a group.
  if (node['@ref'] !== undefined) keep(definitions.element[node['@ref']] !== undefined ? 'element' : 'group', node['@ref'])
  for (const value of Object.values(node)) walk(value)
}
ROOTS.forEach((root) => keep('complexType', root))

const subset = {
  substitutionGroups: substitutes,
  notFollowed: [...NOT_FOLLOWED],
  ...Object.fromEntries(Object.entries(kept).map(([kind, names]) => [kind, Object.fromEntries([...names].sort().map((name) => [name, definitions[kind][name]]))])),
}
writeFileSync(new URL('./quickbooks-xsd-subset.json', import.meta.url), `${JSON.stringify(subset, null, 1)}\n`)
console.log(Object.entries(kept).map(([kind, names]) => `${names.size} ${kind}`).join(', '))
