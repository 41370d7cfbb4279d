import { describe, expect, it } from 'vitest'
import { loggedUrl, parseQueryString } from './query-string.js'

describe('parseQueryString', () => {
  it("keeps the seeds' unencoded && inside the query value", () => {
    expect({ ...parseQueryString('query=sourceType=accounting&&enabled=true&page=2') }).toEqual({ query: 'sourceType=accounting&&enabled=true', page: '2' })
  })
  it('decodes encoded values, plus as space, repeated names as arrays, and survives bad encoding', () => {
    expect({ ...parseQueryString('query=sourceType%3DAccounting%26%26enabled%3Dtrue&orderBy=-name') }).toEqual({ query: 'sourceType=Accounting&&enabled=true', orderBy: '-name' })
    expect({ ...parseQueryString('q=a+b&q=c&flag') }).toEqual({ q: ['a b', 'c'], flag: '' })
    expect({ ...parseQueryString('q=%E0%A4%A') }).toEqual({ q: '%E0%A4%A' })
    expect(parseQueryString('__proto__=x').__proto__).toBe('x')
  })
})

describe('loggedUrl', () => {
  it('drops the query of Link pages only', () => {
    expect(loggedUrl('/link/oauth/callback?code=secret&state=s')).toBe('/link/oauth/callback?[redacted]')
    expect(loggedUrl('/companies?page=2')).toBe('/companies?page=2')
  })
})
