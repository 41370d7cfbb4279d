/**
 * @module The engine of the generated data behind every platform's API. Record i of a dataset is
 * a pure function of (the grant's seed, i): a page is computed from its indices alone, so a
 * 100k-record dataset costs no memory and the same page always reads the same. The datasets
 * themselves are in datasets/; their records are the generic model, which each API presents in
 * its own wire shape.
 */
import { DAY_MS, isoDateTime } from './date-formats.js'
import { hashText, mixInts, recordRandom, unitFrom, uuidFrom, type RecordRandom } from './deterministic-random.js'

export type Currency = 'GBP' | 'USD' | 'EUR'
export const CURRENCIES: readonly Currency[] = ['GBP', 'USD', 'EUR']

/** The families of generated data; each platform serves one. */
export type DataFamily = 'accounting' | 'banking' | 'commerce'

export interface GenerationContext {
  /** One per grant (and per Xero organisation), so two links see two different businesses. */
  seed: number
  /**
   * Milliseconds. Every generated date falls in the two years before it. It is the grant's
   * creation time rather than the clock's now, so the data stays put while time passes.
   */
  anchor: number
  /** The business's own currency; drawn from the seed when not given. */
  baseCurrency?: Currency
  /** How many records a dataset of the same family has (for references between datasets). */
  sizeOf(dataset: string): number
}

/**
 * A reference from one record to another. `index` is kept off the wire (it is not enumerable, so
 * JSON leaves it out); emulations use it to build their own numeric ids for the referenced record.
 */
export interface Ref {
  readonly index: number
  id: string
  name: string
}

export function makeRef(index: number, id: string, name: string): Ref {
  const ref = { id, name }
  Object.defineProperty(ref, 'index', { value: index, enumerable: false })
  return ref as Ref
}

/** How far back generated history goes before the anchor. */
export const HISTORY_MS = 730 * DAY_MS
/** The most records a dataset may be set to: one per 6 seconds of history, so dates still rise with the index. */
export const MAX_DATASET_SIZE = 10_000_000
const SALT_MODIFIED = 0x6d6f64
const SALT_CURRENCY = 0x637572

/** What a record's builder gets: its index and id, its modified time and its own random stream. */
export interface RecordSeed {
  index: number
  id: string
  modifiedAt: number
  random: RecordRandom
}

/** A dataset of many records, any of which can be computed alone. */
export class ListDataset<T> {
  readonly kind = 'list'
  private readonly key: number

  constructor(
    readonly family: DataFamily,
    readonly name: string,
    readonly defaultSize: number,
    private readonly build: (record: RecordSeed, ctx: GenerationContext) => T,
    /** Milliseconds into the history before the first record: for records that only follow others (a chargeback follows a sale). */
    private readonly startsAfterMs = 0,
  ) {
    this.key = hashText(`${family}.${name}`)
  }

  size(ctx: GenerationContext): number {
    return ctx.sizeOf(this.name)
  }

  idOf(ctx: GenerationContext, index: number): string {
    return uuidFrom(ctx.seed, this.key, index)
  }

  /**
   * Record i's modified time: somewhere in the i-th equal slice of the history, so it rises with
   * the index. That ordering is what lets `modifiedSince` be answered by a binary search.
   */
  modifiedAt(ctx: GenerationContext, index: number): number {
    const slot = (HISTORY_MS - this.startsAfterMs) / Math.max(this.size(ctx), 1)
    const at = ctx.anchor - HISTORY_MS + this.startsAfterMs + (index + unitFrom(ctx.seed, this.key, index, SALT_MODIFIED)) * slot
    return Math.floor(at / 1000) * 1000
  }

  generate(ctx: GenerationContext, index: number): T {
    return this.build({ index, id: this.idOf(ctx, index), modifiedAt: this.modifiedAt(ctx, index), random: this.randomOf(ctx, index) }, ctx)
  }

  /** Record i's own random stream, as its builder gets it: to redo a builder's first draws without building the record. */
  randomOf(ctx: GenerationContext, index: number): RecordRandom {
    return recordRandom(ctx.seed, this.key, index)
  }

  /** The first index modified at or after `since` (the size when none is), in O(log n). */
  firstModifiedSince(ctx: GenerationContext, since: number): number {
    let low = 0
    let high = this.size(ctx)
    while (low < high) {
      const middle = Math.floor((low + high) / 2)
      if (this.modifiedAt(ctx, middle) < since) low = middle + 1
      else high = middle
    }
    return low
  }

  /** A reference to a random record of this dataset, or undefined when it is empty. */
  pickRef(ctx: GenerationContext, random: RecordRandom, nameOf: (record: T) => string): Ref | undefined {
    const size = this.size(ctx)
    if (size === 0) return undefined
    const index = random.integer(0, size - 1)
    return makeRef(index, this.idOf(ctx, index), nameOf(this.generate(ctx, index)))
  }

  refTo(ctx: GenerationContext, index: number, nameOf: (record: T) => string): Ref {
    return makeRef(index, this.idOf(ctx, index), nameOf(this.generate(ctx, index)))
  }
}

/** A dataset of one record (the company). */
export class SingleDataset<T> {
  readonly kind = 'single'
  constructor(
    readonly family: DataFamily,
    readonly name: string,
    private readonly build: (ctx: GenerationContext, random: RecordRandom) => T,
  ) {}

  generate(ctx: GenerationContext): T {
    return this.build(ctx, recordRandom(ctx.seed, hashText(`${this.family}.${this.name}`)))
  }
}

export type Dataset = ListDataset<unknown> | SingleDataset<unknown>

export interface RangeOf<T> {
  items: T[]
  /** Records in the (filtered) dataset. */
  totalItems: number
  /** Index just past the last item: where the next range starts. */
  end: number
  hasMore: boolean
}

/**
 * `count` records from `start`, counted within those modified since `modifiedSince` when given.
 * Only the records returned are generated.
 */
export function selectRange<T>(dataset: ListDataset<T>, ctx: GenerationContext, range: { start: number; count: number; modifiedSince?: number | undefined }): RangeOf<T> {
  const size = dataset.size(ctx)
  const first = range.modifiedSince === undefined ? 0 : dataset.firstModifiedSince(ctx, range.modifiedSince)
  const from = Math.min(size, first + range.start)
  const end = Math.min(size, from + range.count)
  const items: T[] = []
  for (let index = from; index < end; index++) items.push(dataset.generate(ctx, index))
  return { items, totalItems: size - first, end, hasMore: end < size }
}

/**
 * selectRange with some records deleted (`deleted`: index → the instant it was deleted, ms). A deleted record is
 * served in its place, marked `isDeleted: true` and modified when it was deleted, so a client reading what changed
 * since an instant before the deletion learns of it: those modified earlier than `modifiedSince` but deleted since
 * come first, by index, then the range as selectRange gives it. Deletions are few (an admin's), so they are scanned.
 */
export function selectRangeWithDeletions<T>(
  dataset: ListDataset<T>,
  ctx: GenerationContext,
  range: { start: number; count: number; modifiedSince?: number | undefined },
  deleted: ReadonlyMap<number, number>,
): RangeOf<T | (T & { isDeleted: true; modifiedDate: string })> {
  if (deleted.size === 0) return selectRange(dataset, ctx, range)
  const size = dataset.size(ctx)
  const first = range.modifiedSince === undefined ? 0 : dataset.firstModifiedSince(ctx, range.modifiedSince)
  const since = range.modifiedSince ?? Number.NEGATIVE_INFINITY
  const deletedEarlier = [...deleted].filter(([index, at]) => index < first && index < size && at >= since).map(([index]) => index).sort((a, b) => a - b)
  const markDeleted = (index: number, record: T) => {
    const at = deleted.get(index)
    return at === undefined ? record : { ...record, isDeleted: true as const, modifiedDate: isoDateTime(at) }
  }
  const items: Array<T | (T & { isDeleted: true; modifiedDate: string })> = []
  for (let position = range.start; position < Math.min(deletedEarlier.length, range.start + range.count); position++) {
    const index = deletedEarlier[position]!
    items.push(markDeleted(index, dataset.generate(ctx, index)))
  }
  const rest = selectRange(dataset, ctx, { start: Math.max(0, range.start - deletedEarlier.length), count: range.count - items.length, modifiedSince: range.modifiedSince })
  const restFrom = rest.end - rest.items.length
  rest.items.forEach((record, offset) => items.push(markDeleted(restFrom + offset, record)))
  return { items, totalItems: deletedEarlier.length + rest.totalItems, end: rest.end, hasMore: range.start + items.length < deletedEarlier.length + rest.totalItems }
}

/** The business's own currency: the context's, else one drawn from the seed. */
export function baseCurrencyOf(ctx: GenerationContext): Currency {
  return ctx.baseCurrency ?? CURRENCIES[mixInts(ctx.seed, SALT_CURRENCY) % CURRENCIES.length] ?? 'GBP'
}

/** A record with its index in the dataset: emulations build their platform's ids from the index (QuickBooks' `Id`, Shopify's `id`). */
export interface IndexedRecord<T> {
  index: number
  record: T
}

export interface FilteredRange<T> {
  items: Array<IndexedRecord<T>>
  /** Records that pass the filter (and the modifiedSince bound). */
  totalItems: number
  hasMore: boolean
}

/**
 * `count` records from `start`, counted within those modified since `modifiedSince` that `matches`
 * keeps: a platform's filter on a field, such as "active customers only". A field is not ordered
 * with the index as modified times are, so a filtered range generates every record from the bound
 * on: fine at the thousands tests and demos use, not at millions. Without `matches` this is
 * selectRange, which generates only the records returned.
 */
export function selectFiltered<T>(
  dataset: ListDataset<T>,
  ctx: GenerationContext,
  range: { start: number; count: number; modifiedSince?: number | undefined; matches?: ((record: T, index: number) => boolean) | undefined },
): FilteredRange<T> {
  const { matches } = range
  if (matches === undefined) {
    const plain = selectRange(dataset, ctx, range)
    const first = plain.end - plain.items.length
    return { items: plain.items.map((record, offset) => ({ index: first + offset, record })), totalItems: plain.totalItems, hasMore: plain.hasMore }
  }
  const size = dataset.size(ctx)
  const items: Array<IndexedRecord<T>> = []
  let matched = 0
  for (let index = range.modifiedSince === undefined ? 0 : dataset.firstModifiedSince(ctx, range.modifiedSince); index < size; index++) {
    const record = dataset.generate(ctx, index)
    if (!matches(record, index)) continue
    if (matched >= range.start && matched < range.start + range.count) items.push({ index, record })
    matched += 1
  }
  return { items, totalItems: matched, hasMore: range.start + items.length < matched }
}
