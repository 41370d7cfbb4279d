import { describe, expect, it } from 'vitest'
import { isObject, isoDateTime, numberOf, parseUtcDate, textOf } from './json-fields.js'

describe('isObject', () => {
  it('is true of a JSON object, empty or not', () => {
    expect(isObject({ Name: 'Harbour Lane Bakery Ltd' })).toBe(true)
    expect(isObject({})).toBe(true)
  })

  it('is false of an array, null and every scalar', () => {
    expect([[], null, undefined, 'x', 0, true].map(isObject)).toEqual([false, false, false, false, false, false])
  })
})

describe('textOf', () => {
  it('keeps a string with something in it, spaces included', () => {
    expect(textOf('GBP')).toBe('GBP')
    expect(textOf(' ')).toBe(' ')
  })

  it('is undefined for a blank string and for what is not a string', () => {
    expect(['', 42, null, undefined, { value: 'x' }].map(textOf)).toEqual([undefined, undefined, undefined, undefined, undefined])
  })
})

describe('numberOf', () => {
  it('keeps a finite number, zero and negatives included', () => {
    expect([12.5, 0, -3].map(numberOf)).toEqual([12.5, 0, -3])
  })

  it('is undefined for a number written as a string, for NaN and the infinities, and for what is absent', () => {
    expect(['12.50', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, undefined].map(numberOf)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
  })
})

describe('parseUtcDate', () => {
  it('reads a zone-less ISO 8601 date-time as UTC, fraction included', () => {
    expect(parseUtcDate('2024-06-01T08:30:15')).toBe(Date.UTC(2024, 5, 1, 8, 30, 15))
    expect(parseUtcDate('2024-06-01T08:30:15.25')).toBe(Date.UTC(2024, 5, 1, 8, 30, 15, 250))
  })

  it('honours a zone when there is one', () => {
    expect(parseUtcDate('2024-06-01T08:30:15Z')).toBe(Date.UTC(2024, 5, 1, 8, 30, 15))
    expect(parseUtcDate('2024-06-01T10:30:15+02:00')).toBe(Date.UTC(2024, 5, 1, 8, 30, 15))
  })

  it('reads an HTTP date', () => {
    expect(parseUtcDate('Mon, 17 Jun 2024 10:01:12 GMT')).toBe(Date.UTC(2024, 5, 17, 10, 1, 12))
  })

  it('is undefined for what is absent, not a string, or unreadable', () => {
    expect([undefined, null, 1718618472000, '', 'not a date', '/Date(1518685950940+0000)/'].map(parseUtcDate)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
  })
})

describe('isoDateTime', () => {
  it('writes UTC to the second with Z, dropping the milliseconds', () => {
    expect(isoDateTime(Date.UTC(2024, 4, 1))).toBe('2024-05-01T00:00:00Z')
    expect(isoDateTime(Date.UTC(2024, 5, 15, 23, 59, 59, 999))).toBe('2024-06-15T23:59:59Z')
  })
})
