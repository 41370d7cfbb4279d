import { describe, expect, it } from 'vitest'
import type { PropertyType } from './queryable-resource.js'
import { evaluateQueryInMemory, type InMemoryValue } from './reference-evaluator.js'

const types: Record<string, PropertyType> = {
  name: 'string',
  amount: 'number',
  active: 'boolean',
  created: 'date',
  id: 'uuid',
  status: { enum: ['Linked', 'Unlinked'] },
}

function matches(query: string, record: Record<string, InMemoryValue>): boolean {
  return evaluateQueryInMemory(query, (path) => record[path], (path) => types[path], { resourceName: 'Company' })
}

describe('evaluateQueryInMemory', () => {
  it('matches everything with an empty query', () => {
    expect(matches('', {})).toBe(true)
  })

  it('lets null satisfy only !=', () => {
    for (const query of ['name=a', 'name~a', 'amount>1', 'amount<1', 'created>=2024-01-01', 'created=2024-01-01', 'active=true', 'id=6f9619ff-8b86-d011-b42d-00c04fc964ff', 'status=Linked']) {
      expect(matches(query, {}), query).toBe(false)
    }
    for (const query of ['name!=a', 'amount!=1', 'created!=2024-01-01', 'created!=2024-01-01T00:00:00Z', 'active!=true', 'status!=Linked']) {
      expect(matches(query, { name: null }), query).toBe(true)
    }
  })

  it('compares strings exactly, and ~ ignoring case', () => {
    expect(matches('name=Acme', { name: 'Acme' })).toBe(true)
    expect(matches('name=acme', { name: 'Acme' })).toBe(false)
    expect(matches('name~CME', { name: 'Acme' })).toBe(true)
    expect(matches('name~émi', { name: 'ÉMILE' })).toBe(true)
    expect(matches('name~%', { name: 'Acme' })).toBe(false)
  })

  it('reads a day as the UTC day [d, d+1)', () => {
    const first = new Date('2024-02-29T00:00:00.000Z')
    const last = new Date('2024-02-29T23:59:59.999Z')
    const next = new Date('2024-03-01T00:00:00.000Z')
    const before = new Date('2024-02-28T23:59:59.999Z')
    const on = (query: string) => [before, first, last, next].map((created) => matches(query, { created }))
    expect(on('created=2024-02-29')).toEqual([false, true, true, false])
    expect(on('created!=2024-02-29')).toEqual([true, false, false, true])
    expect(on('created>2024-02-29')).toEqual([false, false, false, true])
    expect(on('created>=2024-02-29')).toEqual([false, true, true, true])
    expect(on('created<2024-02-29')).toEqual([true, false, false, false])
    expect(on('created<=2024-02-29')).toEqual([true, true, true, false])
  })

  it('reads a datetime as an instant, with its offset, to the millisecond', () => {
    const created = new Date('2024-01-01T08:30:00.123Z')
    expect(matches('created=2024-01-01T10:00:00.1239+01:30', { created })).toBe(true)
    expect(matches('created=2024-01-01T08:30:00.123Z', { created: '2024-01-01T08:30:00.123Z' })).toBe(true)
    expect(matches('created>2024-01-01T08:30:00.122Z', { created })).toBe(true)
    expect(matches('created>2024-01-01T03:30:00.123-05:00', { created })).toBe(false)
  })

  it('compares numbers, also when given as decimal text (as pg returns numeric)', () => {
    expect(matches('amount=1.50', { amount: 1.5 })).toBe(true)
    expect(matches('amount=1.5', { amount: '1.5' })).toBe(true)
    expect(matches('amount>=1e3', { amount: 999 })).toBe(false)
    expect(matches('amount=0', { amount: -0 })).toBe(true)
  })

  it('matches booleans, GUIDs and enum members in any case', () => {
    expect(matches('active=TRUE', { active: true })).toBe(true)
    expect(matches('active!=true', { active: false })).toBe(true)
    expect(matches('id=6F9619FF-8B86-D011-B42D-00C04FC964FF', { id: '6f9619ff-8b86-d011-b42d-00c04fc964ff' })).toBe(true)
    expect(matches('status=linked', { status: 'Linked' })).toBe(true)
    // The stored spelling must be the member's, as the SQL compares with it.
    expect(matches('status=linked', { status: 'linked' })).toBe(false)
  })

  it('combines with && and ||, and still checks every clause before short-circuiting', () => {
    expect(matches('{name=a || name=b} && amount>1', { name: 'b', amount: 2 })).toBe(true)
    expect(matches('name=a || amount>1', { name: 'a' })).toBe(true)
    expect(() => matches('name=a || amount=x', { name: 'a' })).toThrow("Error parsing query - Invalid value 'x' for property amount: expected a number.")
    expect(() => matches('name=a || nope=1', { name: 'a' })).toThrow('Error parsing query - Could not resolve property nope on Company')
  })

  it('applies a narrowing of operators when told one', () => {
    const run = () => evaluateQueryInMemory('name~a', () => 'a', () => 'string', { operatorsOf: () => ['=', '!='] })
    expect(run).toThrow('Error parsing query - Operator ~ is not supported on property name.')
  })
})
