import { describe, expect, it } from 'vitest'
import { invoices } from './datasets/index.js'
import { ListDataset, selectRange, type GenerationContext } from './generated-data.js'

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
})
