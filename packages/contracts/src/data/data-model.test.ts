/** @module The data type definitions agree with their schemas and with the rest of the contract. */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import * as contracts from '../index.js'
import { DATA_TYPES } from './data-types.js'
import { DATA_TYPE_DEFINITIONS, type QueryPropertyType } from './definitions.js'

/** The zod schema at a dotted path of an object schema, looking through optional wrappers; undefined when there is none. */
function schemaAtPath(schema: z.ZodType, path: string): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema
  for (const segment of path.split('.')) {
    current = unwrapOptional(current)
    if (!(current instanceof z.ZodObject)) return undefined
    current = (current.shape as Record<string, z.ZodType>)[segment]
    if (!current) return undefined
  }
  return unwrapOptional(current)
}

function unwrapOptional(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType
  return current
}

/** The query type a field's schema admits: dates are strings in the record. */
function matchesQueryType(field: z.ZodType, type: QueryPropertyType): boolean {
  if (typeof type === 'object') return field instanceof z.ZodEnum && [...field.options].sort().join() === [...type.enum].sort().join()
  if (type === 'string' || type === 'date') return field instanceof z.ZodString
  if (type === 'number') return field instanceof z.ZodNumber
  return field instanceof z.ZodBoolean
}

describe('DATA_TYPE_DEFINITIONS', () => {
  it('defines every data type under its own key', () => {
    expect(Object.keys(DATA_TYPE_DEFINITIONS).sort()).toEqual([...DATA_TYPES].sort())
    for (const [key, definition] of Object.entries(DATA_TYPE_DEFINITIONS)) expect(definition.dataType).toBe(key)
  })

  // A statement is built when read, never listed: it has no query properties.
  const RECORD_TYPES = DATA_TYPES.filter((dataType) => DATA_TYPE_DEFINITIONS[dataType].derivedFrom === undefined)
  it.each(RECORD_TYPES)('%s: every query property is a field of the record, of the declared type', (dataType) => {
    const { schema, properties } = DATA_TYPE_DEFINITIONS[dataType]
    const entries = Object.entries(properties)
    expect(entries.length).toBeGreaterThanOrEqual(5)
    expect(entries.length).toBeLessThanOrEqual(15)
    for (const [path, type] of entries) {
      const field = schemaAtPath(schema, path)
      expect(field, `${dataType}.${path}`).toBeDefined()
      expect(matchesQueryType(field!, type), `${dataType}.${path} is ${JSON.stringify(type)}`).toBe(true)
    }
  })

  it('gives each data type its own envelope id, and only single objects reuse the record id', () => {
    const definitions = Object.values(DATA_TYPE_DEFINITIONS)
    const listIds = definitions.map((definition) => definition.listId)
    expect(new Set(listIds).size).toBe(listIds.length)
    for (const definition of definitions) {
      const recordId = z.globalRegistry.get(definition.schema)?.id
      if (definition.isSingle) expect(definition.listId).toBe(recordId)
      else expect(z.globalRegistry.get(definition.schema)?.id).not.toBe(definition.listId)
    }
  })

  it('names paths as the reference API does', () => {
    const paths = Object.fromEntries(
      Object.values(DATA_TYPE_DEFINITIONS).map((d) => [
        d.dataType,
        d.scope === 'company' ? `/companies/{companyId}/data/${d.pathSegment}` : `/companies/{companyId}/connections/{connectionId}/data/${d.pathSegment}`,
      ]),
    )
    expect(paths).toMatchObject({
      company: '/companies/{companyId}/data/info',
      chartOfAccounts: '/companies/{companyId}/data/accounts',
      invoices: '/companies/{companyId}/data/invoices',
      bankAccounts: '/companies/{companyId}/connections/{connectionId}/data/bankAccounts',
      'banking-transactions': '/companies/{companyId}/connections/{connectionId}/data/banking-transactions',
      'commerce-companyInfo': '/companies/{companyId}/connections/{connectionId}/data/commerce-info',
      balanceSheet: '/companies/{companyId}/data/financials/balanceSheet',
      profitAndLoss: '/companies/{companyId}/data/financials/profitAndLoss',
      cashFlowStatement: '/companies/{companyId}/data/financials/cashFlowStatement',
    })
  })
})

describe('schema ids', () => {
  it('no two exported schemas of the contract share an OpenAPI id, and no envelope id is taken', () => {
    const schemasById = new Map<string, Set<unknown>>()
    for (const value of Object.values(contracts)) {
      if (!(value instanceof z.ZodType)) continue
      const id = z.globalRegistry.get(value)?.id
      if (id) schemasById.set(id, (schemasById.get(id) ?? new Set()).add(value))
    }
    const shared = [...schemasById].filter(([, schemas]) => schemas.size > 1).map(([id]) => id)
    expect(shared).toEqual([])
    const listIds = Object.values(DATA_TYPE_DEFINITIONS)
      .filter((definition) => !definition.isSingle)
      .map((definition) => definition.listId)
    expect(listIds.filter((id) => schemasById.has(id))).toEqual([])
  })

  it('an invoice as a mapper emits it validates', () => {
    const invoice: contracts.Invoice = {
      id: 'inv-1',
      invoiceNumber: 'INV-0001',
      customerRef: { id: 'cust-1', companyName: 'Acme Ltd' },
      issueDate: '2024-05-01T00:00:00Z',
      dueDate: '2024-05-31T00:00:00Z',
      currency: 'GBP',
      lineItems: [{ description: 'Widgets', unitAmount: 10, quantity: 2, subTotal: 20, taxAmount: 4, totalAmount: 24 }],
      subTotal: 20,
      totalTaxAmount: 4,
      totalAmount: 24,
      amountDue: 24,
      status: 'Submitted',
      modifiedDate: '2024-05-02T09:30:00Z',
    }
    expect(contracts.DATA_TYPE_DEFINITIONS.invoices.schema.parse(invoice)).toEqual(invoice)
    expect(() => contracts.Invoice.parse({ ...invoice, status: 'Open' })).toThrow()
  })
})
