import { describe, expect, it } from 'vitest'
import { invoices } from './datasets/index.js'
import { ListDataset, selectFiltered, selectRange, type GenerationContext } from './generated-data.js'

const ANCHOR = Date.parse('2025-03-01T00:00:00Z')

function contextOf(seed: number, sizes: Record<string, number> = {}): GenerationContext {
  return { seed, anchor: ANCHOR, sizeOf: (dataset) => sizes[dataset] ?? 50 }
}

describe('generated data', () => {
  it('computes record i from the seed and i alone', () => {
    const ctx = contextOf(42)
    expect(invoices.generate(ctx, 17)).toEqual(invoices.generate(contextOf(42), 17))
    expect(invoices.generate(ctx, 17)).not.toEqual(invoices.generate(contextOf(43), 17))
    expect(selectRange(invoices, ctx, { start: 10, count: 5 }).items).toEqual([10, 11, 12, 13, 14].map((index) => invoices.generate(ctx, index)))
  })

  it('generates only the records of the range asked for, whatever the dataset size', () => {
    const generated: number[] = []
    const counted = new ListDataset('accounting', 'counted', 0, ({ index }) => {
      generated.push(index)
      return index
    })
    const ctx = contextOf(1, { counted: 10_000_000 })
    const range = selectRange(counted, ctx, { start: 9_999_900, count: 100 })
    expect(range).toMatchObject({ totalItems: 10_000_000, end: 10_000_000, hasMore: false })
    expect(generated).toEqual(range.items)
    expect(generated).toHaveLength(100)

    generated.length = 0
    const since = selectRange(counted, ctx, { start: 0, count: 3, modifiedSince: ANCHOR - 86_400_000 })
    // The binary search reads modified times only; no record is built to find where "since" starts.
    expect(generated).toEqual(since.items)
    expect(since.totalItems).toBeGreaterThan(10_000)
    expect(since.totalItems).toBeLessThan(20_000)
  })

  it('makes modified times rise with the index, all before the anchor', () => {
    const ctx = contextOf(7, { invoices: 1000 })
    let previous = -Infinity
    for (let index = 0; index < 1000; index++) {
      const at = invoices.modifiedAt(ctx, index)
      expect(at).toBeGreaterThanOrEqual(previous)
      expect(at).toBeLessThan(ANCHOR)
      previous = at
    }
    expect(invoices.firstModifiedSince(ctx, invoices.modifiedAt(ctx, 400))).toBe(400)
  })

  it('keeps reference indexes off the wire', () => {
    const invoice = invoices.generate(contextOf(3), 0)
    expect(invoice.customerRef?.index).toEqual(expect.any(Number))
    expect(JSON.parse(JSON.stringify(invoice.customerRef))).toEqual({ id: invoice.customerRef?.id, name: invoice.customerRef?.name })
  })

  it('pages within the records a filter keeps, with their indexes, and counts them all', () => {
    const ctx = contextOf(5, { numbers: 100 })
    const numbers = new ListDataset('accounting', 'numbers', 0, ({ index }) => index)
    const isEven = (value: number) => value % 2 === 0
    expect(selectFiltered(numbers, ctx, { start: 10, count: 3, matches: isEven })).toEqual({
      items: [20, 22, 24].map((value) => ({ index: value, record: value })),
      totalItems: 50,
      hasMore: true,
    })
    expect(selectFiltered(numbers, ctx, { start: 48, count: 5, matches: isEven })).toEqual({ items: [96, 98].map((value) => ({ index: value, record: value })), totalItems: 50, hasMore: false })
    expect(selectFiltered(numbers, ctx, { start: 60, count: 5, matches: isEven })).toEqual({ items: [], totalItems: 50, hasMore: false })
    // The modifiedSince bound first, then the filter within it.
    const since = numbers.modifiedAt(ctx, 91)
    expect(selectFiltered(numbers, ctx, { start: 0, count: 10, modifiedSince: since, matches: isEven }).items.map(({ index }) => index)).toEqual([92, 94, 96, 98])
    // No filter: selectRange's records, indexed.
    expect(selectFiltered(numbers, ctx, { start: 98, count: 5 })).toEqual({ items: [98, 99].map((value) => ({ index: value, record: value })), totalItems: 100, hasMore: false })
  })
})
