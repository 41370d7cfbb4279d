/**
 * @module QuickBooks Online's JSON answers checked against Intuit's XML schemas (reference/quickbooks:
 * the definitions of IntuitRestServiceDef.xsd, Finance.xsd, IntuitBaseTypes.xsd and Report.xsd the
 * answers reach). Intuit's JSON is written from the same types as its XML, by rules this reader
 * applies:
 *
 * - an element or attribute is a JSON key of the same name (`Line`, `TxnDate`; `domain`, `sparse`);
 * - an element that may occur more than once (maxOccurs > 1, or inside a repeating sequence or
 *   choice) is a JSON array, even of one;
 * - a complex type is an object holding its own elements and attributes and, through
 *   `complexContent/extension`, those of its base types (Invoice → SalesTransaction → Transaction →
 *   IntuitEntity); `simpleContent` (ReferenceType) is an object with `value` and the attributes;
 * - an element `ref` to a substitution group head (IntuitObject) stands for any of its members;
 * - simple types become JSON types: xs:string and its kin, xs:date, xs:dateTime → string (dates and
 *   date-times checked by form); xs:decimal, xs:double, xs:int, xs:long … → number (integers checked
 *   whole); xs:boolean → boolean; a restriction with enumerations → one of its values.
 *
 * What this does NOT check: minOccurs (an element absent from the JSON is not reported: Intuit's JSON
 * leaves out what has no value, so absence says little), the order of elements,
 * choices being exclusive (two members of a choice in one object are both accepted), length, pattern
 * and range facets, and xs:any (IntuitAnyType's extension points, left unchecked inside). Where
 * Intuit's JSON is known to differ from the XSD, reference-exceptions.ts says where and why.
 */
import { readFileSync } from 'node:fs'
import { QUICKBOOKS_REPORT_ROOT } from './reference-exceptions.js'
import type { ReferenceViolation } from './reference-violations.js'

/** A parsed XSD node: child tags (without `xs:`) hold lists of nodes, attributes are `@name`. */
type XsdNode = { [key: string]: XsdNode[] | XsdNode | string | undefined }

interface XsdSubset {
  complexType: Record<string, XsdNode>
  simpleType: Record<string, XsdNode>
  element: Record<string, XsdNode>
  group: Record<string, XsdNode>
  substitutionGroups: Record<string, string[]>
  notFollowed: string[]
}

/** A JSON value's expected form. */
type Shape =
  | { kind: 'scalar'; jsonType: 'string' | 'number' | 'boolean'; xsdType: string; isInteger?: boolean; form?: RegExp; values?: readonly string[] }
  | { kind: 'object'; typeName: string }
  | { kind: 'any' }
  | { kind: 'not-kept'; typeName: string }

interface Field {
  shape: Shape
  isArray: boolean
}

const XSD_DATE = /^\d{4}-\d{2}-\d{2}([+-]\d{2}:\d{2}|Z)?$/
const XSD_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?$/
const NUMBER_TYPES = new Set(['decimal', 'double', 'float'])
const INTEGER_TYPES = new Set(['int', 'integer', 'long', 'short', 'byte', 'positiveInteger', 'nonNegativeInteger', 'negativeInteger', 'nonPositiveInteger', 'unsignedInt', 'unsignedLong', 'unsignedShort', 'unsignedByte'])

const childrenOf = (node: XsdNode | undefined, tag: string): XsdNode[] => {
  const value = node?.[tag]
  return value === undefined || typeof value === 'string' ? [] : Array.isArray(value) ? value : [value]
}
const attributeOf = (node: XsdNode | undefined, name: string): string | undefined => {
  const value = node?.[`@${name}`]
  return typeof value === 'string' ? value : undefined
}
const isRepeated = (node: XsdNode): boolean => {
  const max = attributeOf(node, 'maxOccurs')
  return max === 'unbounded' || (max !== undefined && Number(max) > 1)
}

export interface QuickbooksReference {
  /** The violations of one answer, by its path under the company's API base (`/query?…`, `/reports/BalanceSheet`). */
  checkAnswer(endpoint: string, status: number, body: unknown): ReferenceViolation[]
}

/** Reads the schema subset once; types are resolved to fields as answers first need them. */
export function loadQuickbooksReference(): QuickbooksReference {
  const xsd = JSON.parse(readFileSync(new URL('../../reference/quickbooks/quickbooks-xsd-subset.json', import.meta.url), 'utf8')) as XsdSubset
  const notFollowed = new Set(xsd.notFollowed)
  const fieldsByType = new Map<string, Map<string, Field>>()

  /** A named type's shape: a built-in `xs:` type, a simple type, or a complex type (an object). */
  function shapeOfType(typeName: string): Shape {
    if (typeName.startsWith('xs:')) return builtInShape(typeName.slice(3))
    if (notFollowed.has(typeName)) return { kind: 'not-kept', typeName }
    if (xsd.complexType[typeName] !== undefined) return { kind: 'object', typeName }
    const simple = xsd.simpleType[typeName]
    if (simple === undefined) throw new Error(`Intuit's schema subset has no type ${typeName}`)
    return simpleShape(simple, typeName)
  }

  function builtInShape(name: string): Shape {
    if (name === 'boolean') return { kind: 'scalar', jsonType: 'boolean', xsdType: `xs:${name}` }
    if (NUMBER_TYPES.has(name)) return { kind: 'scalar', jsonType: 'number', xsdType: `xs:${name}` }
    if (INTEGER_TYPES.has(name)) return { kind: 'scalar', jsonType: 'number', xsdType: `xs:${name}`, isInteger: true }
    if (name === 'date') return { kind: 'scalar', jsonType: 'string', xsdType: 'xs:date', form: XSD_DATE }
    if (name === 'dateTime') return { kind: 'scalar', jsonType: 'string', xsdType: 'xs:dateTime', form: XSD_DATE_TIME }
    if (name === 'anyType') return { kind: 'any' }
    return { kind: 'scalar', jsonType: 'string', xsdType: `xs:${name}` }
  }

  /** `<xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="…"/>…`: the base's JSON type, and its values when enumerated. */
  function simpleShape(node: XsdNode, typeName: string): Shape {
    const restriction = childrenOf(node, 'restriction')[0]
    if (restriction === undefined) return { kind: 'scalar', jsonType: 'string', xsdType: typeName } // a list or union: written as text
    const base = shapeOfType(attributeOf(restriction, 'base') ?? 'xs:string')
    const values = childrenOf(restriction, 'enumeration').map((enumeration) => attributeOf(enumeration, 'value') ?? '')
    if (base.kind !== 'scalar') return base
    return values.length === 0 ? { ...base, xsdType: typeName } : { ...base, xsdType: typeName, values }
  }

  /** The JSON keys of a complex type: its base's, then its own elements and attributes. */
  function fieldsOf(typeName: string): Map<string, Field> {
    const cached = fieldsByType.get(typeName)
    if (cached !== undefined) return cached
    const fields = new Map<string, Field>()
    fieldsByType.set(typeName, fields)
    const node = xsd.complexType[typeName]
    if (node === undefined) throw new Error(`Intuit's schema subset has no complex type ${typeName}`)
    addContent(fields, node, typeName)
    return fields
  }

  function addContent(fields: Map<string, Field>, node: XsdNode, typeName: string): void {
    for (const content of childrenOf(node, 'complexContent')) {
      for (const extension of childrenOf(content, 'extension')) {
        const base = attributeOf(extension, 'base')
        if (base !== undefined) for (const [name, field] of fieldsOf(base)) fields.set(name, field)
        addContent(fields, extension, typeName)
      }
      for (const restriction of childrenOf(content, 'restriction')) addContent(fields, restriction, typeName)
    }
    for (const content of childrenOf(node, 'simpleContent')) {
      for (const extension of childrenOf(content, 'extension')) {
        fields.set('value', { shape: shapeOfType(attributeOf(extension, 'base') ?? 'xs:string'), isArray: false })
        addAttributes(fields, extension)
      }
    }
    for (const particle of ['sequence', 'choice', 'all']) for (const group of childrenOf(node, particle)) addParticles(fields, group, isRepeated(group))
    addAttributes(fields, node)
  }

  function addAttributes(fields: Map<string, Field>, node: XsdNode): void {
    for (const attribute of childrenOf(node, 'attribute')) {
      const name = attributeOf(attribute, 'name')
      if (name !== undefined) fields.set(name, { shape: shapeOfType(attributeOf(attribute, 'type') ?? 'xs:string'), isArray: false })
    }
  }

  /** The elements of a sequence or choice; `isInRepeat` when an enclosing one repeats, making each element a list. */
  function addParticles(fields: Map<string, Field>, group: XsdNode, isInRepeat: boolean): void {
    for (const element of childrenOf(group, 'element')) {
      const isArray = isInRepeat || isRepeated(element)
      const ref = attributeOf(element, 'ref')
      if (ref !== undefined) {
        const members = xsd.substitutionGroups[ref]
        if (members !== undefined) for (const member of members) fields.set(member, { shape: shapeOfType(attributeOf(xsd.element[member], 'type') ?? member), isArray })
        else if (xsd.element[ref] !== undefined) fields.set(ref, { shape: shapeOfType(attributeOf(xsd.element[ref], 'type') ?? ref), isArray })
        continue
      }
      const name = attributeOf(element, 'name')
      if (name === undefined) continue
      const type = attributeOf(element, 'type')
      const inlineComplex = childrenOf(element, 'complexType')[0]
      const inlineSimple = childrenOf(element, 'simpleType')[0]
      let shape: Shape
      if (type !== undefined) shape = shapeOfType(type)
      else if (inlineComplex !== undefined) {
        // An anonymous type, named after where it is, so it resolves like a named one.
        const anonymous = `${name} (inline)`
        xsd.complexType[anonymous] ??= inlineComplex
        shape = { kind: 'object', typeName: anonymous }
      } else if (inlineSimple !== undefined) shape = simpleShape(inlineSimple, name)
      else shape = { kind: 'any' }
      fields.set(name, { shape, isArray })
    }
    for (const ref of childrenOf(group, 'group')) {
      const named = xsd.group[attributeOf(ref, 'ref') ?? '']
      for (const particle of ['sequence', 'choice', 'all']) for (const inner of childrenOf(named, particle)) addParticles(fields, inner, isInRepeat || isRepeated(ref))
    }
    for (const particle of ['sequence', 'choice']) for (const inner of childrenOf(group, particle)) addParticles(fields, inner, isInRepeat || isRepeated(inner))
    // xs:any (IntuitAnyType): the schema admits any element here; nothing to check inside.
  }

  function check(value: unknown, shape: Shape, path: string, report: (path: string, rule: string) => void): void {
    switch (shape.kind) {
      case 'any':
        return
      case 'not-kept':
        return report(path, `is a ${shape.typeName}, a type the schema subset leaves out (reference/quickbooks/extract.mjs)`)
      case 'scalar': {
        const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
        if (type !== shape.jsonType) return report(path, `must be ${shape.jsonType} (type ${shape.xsdType})`)
        if (shape.isInteger === true && !Number.isInteger(value)) return report(path, `must be a whole number (type ${shape.xsdType})`)
        if (shape.form !== undefined && !shape.form.test(value as string)) return report(path, `must be written as ${shape.xsdType} (form ${shape.form.source})`)
        if (shape.values !== undefined && !shape.values.includes(String(value))) return report(path, `must be one of ${JSON.stringify(shape.values)} (enumeration of ${shape.xsdType})`)
        return
      }
      case 'object': {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return report(path, `must be object (type ${shape.typeName})`)
        const fields = fieldsOf(shape.typeName)
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
          const field = fields.get(key)
          const place = `${path}.${key}`
          if (field === undefined) report(place, `is a field ${shape.typeName} does not define (unknown element or attribute)`)
          else if (field.isArray && !Array.isArray(inner)) report(place, `must be array (element with maxOccurs > 1 in ${shape.typeName})`)
          else if (!field.isArray && Array.isArray(inner)) report(place, `must not be array (element with maxOccurs 1 in ${shape.typeName})`)
          else if (field.isArray) (inner as unknown[]).forEach((item, index) => check(item, field.shape, `${place}[${index}]`, report))
          else check(inner, field.shape, place, report)
        }
      }
    }
  }

  return {
    checkAnswer(endpoint, status, body) {
      const violations: ReferenceViolation[] = []
      const report = (path: string, rule: string): void => void violations.push({ platform: 'QuickBooks Online', endpoint, path, rule })
      // A report is answered as the Report type itself, every other answer (and every error) as IntuitResponse.
      const isReport = status === 200 && /^GET \/reports\//.test(endpoint)
      check(body, { kind: 'object', typeName: isReport ? QUICKBOOKS_REPORT_ROOT.typeName : 'IntuitResponse' }, '$', report)
      return violations
    },
  }
}
