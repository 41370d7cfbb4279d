/**
 * @module Pure pseudo-random numbers from integers. Record i of a dataset is computed from
 * (seed, dataset, i) alone, so page 1000 of a 100k-record dataset costs what page 1 costs and
 * nothing is ever generated ahead or kept.
 */
import { formatUuid } from './secret-values.js'

/** FNV-1a: a stable 32-bit number for a dataset name or a salt. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** Mixes integers into one 32-bit number (murmur3's finaliser after each), so neighbouring inputs give unrelated outputs. */
export function mixInts(...values: readonly number[]): number {
  let h = 0x9e3779b9
  for (const value of values) {
    // Indices can pass 2^32 in principle; fold the high part in rather than dropping it.
    h = Math.imul(h ^ (value >>> 0) ^ Math.floor(value / 0x1_0000_0000), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h >>> 0
}

/** A number in [0, 1) from integers. */
export function unitFrom(...values: readonly number[]): number {
  return mixInts(...values) / 0x1_0000_0000
}

/** A UUID from integers: the same inputs always give the same id. */
export function uuidFrom(...values: readonly number[]): string {
  const bytes = Buffer.alloc(16)
  for (let word = 0; word < 4; word++) bytes.writeUInt32BE(mixInts(...values, word), word * 4)
  return formatUuid(bytes)
}

/** A small stream of numbers for the fields of one record. */
export interface RecordRandom {
  /** In [0, 1). */
  unit(): number
  /** A whole number from `min` to `max`, both included. */
  integer(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  isChance(probability: number): boolean
}

/** Mulberry32 seeded from the keys: fast, and good enough for names and amounts. */
export function recordRandom(...keys: readonly number[]): RecordRandom {
  let state = mixInts(...keys)
  const unit = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000
  }
  return {
    unit,
    integer: (min, max) => min + Math.floor(unit() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(unit() * items.length)]
      if (item === undefined) throw new Error('Cannot pick from an empty list.')
      return item
    },
    isChance: (probability) => unit() < probability,
  }
}
