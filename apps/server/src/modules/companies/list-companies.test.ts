import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

describe.each(testedBackends())('listing companies on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  const list = async (query: string) => await t.app.inject({ method: 'GET', url: `/companies${query}`, headers: client.headers })
  const names = async (query: string) => {
    const res = await list(query)
    expect(res.statusCode, res.body).toBe(200)
    return res.json().results.map((c: { name: string }) => c.name)
  }

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient()
    const fixtures = [
      { name: 'Alpha', tags: { region: 'uk', team: 'invoice-finance' } },
      { name: 'Bravo', tags: { region: 'us' } },
      { name: 'Charlie', tags: { region: 'uk', team: 'cards' }, description: 'retail' },
      { name: 'Delta', description: 'Retail and wholesale' },
      { name: 'Echo', tags: { uid: 'cust-0042' } },
    ]
    for (const [i, body] of fixtures.entries()) {
      t.clock.set(`2024-0${i + 1}-15T12:00:00.000Z`)
      const res = await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: body })
      expect(res.statusCode).toBe(200)
    }
  })
  afterAll(async () => {
    await t?.close()
  })

  it('pages with the reference envelope: next and previous only where such a page exists', async () => {
    const first = (await list('?page=1&pageSize=2')).json()
    expect(first).toMatchObject({ pageNumber: 1, pageSize: 2, totalResults: 5 })
    expect(first.results.map((c: { name: string }) => c.name)).toEqual(['Alpha', 'Bravo'])
    expect(first._links).toEqual({
      self: { href: '/companies' },
      current: { href: '/companies?page=1&pageSize=2' },
      next: { href: '/companies?page=2&pageSize=2' },
    })
    const last = (await list('?page=3&pageSize=2')).json()
    expect(last.results.map((c: { name: string }) => c.name)).toEqual(['Echo'])
    expect(last._links).toEqual({
      self: { href: '/companies' },
      current: { href: '/companies?page=3&pageSize=2' },
      previous: { href: '/companies?page=2&pageSize=2' },
    })
    const beyond = (await list('?page=9&pageSize=2')).json()
    expect(beyond).toMatchObject({ results: [], totalResults: 5 })
    expect(beyond._links.next).toBeUndefined()
  })

  it('defaults to page 1 of 100, and carries the filter into the links', async () => {
    const all = (await list('')).json()
    expect(all).toMatchObject({ pageNumber: 1, pageSize: 100, totalResults: 5 })
    const filtered = (await list(`?pageSize=1&query=${encodeURIComponent('name~a')}`)).json()
    expect(filtered._links.next.href).toBe('/companies?page=2&pageSize=1&query=name%7Ea')
  })

  it('refuses bad paging values with 400', async () => {
    // Only digits are a number: not an exponent, a sign, a space, a decimal point or a hex prefix.
    for (const query of ['?page=0', '?page=-1', '?page=abc', '?pageSize=0', '?pageSize=5001', '?pageSize=1.5', '?page=99999999999', '?pageSize=1e3', '?pageSize=%2012', '?pageSize=12.0', '?pageSize=0x10', '?pageSize=+5', '?page=1&page=2']) {
      const res = await list(query)
      expect(res.statusCode, query).toBe(400)
      expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi' })
    }
    // The page size asked for is echoed, up to the parameter's 5000 (docs/api.md, "Paging").
    expect((await list('?pageSize=5000')).json()).toMatchObject({ pageNumber: 1, pageSize: 5000 })
  })

  it('says what is wrong with a paging value: a whole number out of range is told its range, however many digits it has', async () => {
    const cases = [
      ['?pageSize=99999999999999999999', 'pageSize', 'pageSize must be at most 5000'],
      ['?pageSize=1' + '0'.repeat(400), 'pageSize', 'pageSize must be at most 5000'],
      ['?page=99999999999', 'page', 'page must be at most 1000000000'],
      ['?page=9007199254740993', 'page', 'page must be at most 1000000000'],
      ['?page=-1', 'page', 'page must be at least 1'],
      ['?pageSize=-99999999999999999999', 'pageSize', 'pageSize must be at least 1'],
      ['?pageSize=1e400', 'pageSize', 'pageSize must be a whole number'],
      ['?page=1.5', 'page', 'page must be a whole number'],
    ]
    for (const [query, itemId, message] of cases) {
      const res = await list(query!)
      expect(res.statusCode, query).toBe(400)
      expect(res.json().validation.errors, query).toEqual([expect.objectContaining({ itemId, message })])
    }
  })

  it('filters with the query language', async () => {
    expect(await names(`?query=${encodeURIComponent('tags.region=uk')}`)).toEqual(['Alpha', 'Charlie'])
    expect(await names(`?query=${encodeURIComponent('{tags.region=uk || tags.region=us} && name!=Alpha')}`)).toEqual(['Bravo', 'Charlie'])
    expect(await names(`?query=${encodeURIComponent('description~RETAIL')}`)).toEqual(['Charlie', 'Delta'])
    expect(await names(`?query=${encodeURIComponent('created>=2024-03-15 && created<2024-05-01')}`)).toEqual(['Charlie', 'Delta'])
    expect(await names(`?query=${encodeURIComponent('created=2024-02-15')}`)).toEqual(['Bravo'])
  })

  it('counts totalResults after the filter', async () => {
    const res = (await list(`?pageSize=1&query=${encodeURIComponent('tags.region=uk')}`)).json()
    expect(res).toMatchObject({ totalResults: 2, pageSize: 1 })
  })

  it('filters on tags with the tags parameter', async () => {
    expect(await names(`?tags=${encodeURIComponent('region=uk && team=invoice-finance')}`)).toEqual(['Alpha'])
    expect(await names(`?tags=${encodeURIComponent('uid = cust-0042')}`)).toEqual(['Echo'])
    expect(await names(`?tags=${encodeURIComponent('region!=uk')}`)).toEqual(['Bravo', 'Delta', 'Echo'])
    expect(await names(`?tags=${encodeURIComponent('team~CARD')}&query=${encodeURIComponent('name~char')}`)).toEqual(['Charlie'])
  })

  it('orders by one field, - for descending', async () => {
    expect(await names('?orderBy=-name')).toEqual(['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha'])
    expect(await names('?orderBy=-created&pageSize=2')).toEqual(['Echo', 'Delta'])
    const unknown = await list('?orderBy=colour')
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error).toBe('Error parsing orderBy - Could not resolve property colour on Company')
  })

  it('answers query errors with the reference messages', async () => {
    const cases: Array<[string, string]> = [
      ['name=', 'Error parsing query - Malformed query.'],
      ['name=a && name=b || name=c', 'Error parsing query - Malformed query.'],
      ['{name=a', 'Error parsing query - Malformed query.'],
      ['isCompleted=true', 'Error parsing query - Could not resolve property isCompleted on Company'],
      ['x'.repeat(2049), 'Error parsing query - Query exceeds the maximum length of 2048 characters.'],
    ]
    for (const [query, error] of cases) {
      const res = await list(`?query=${encodeURIComponent(query)}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.json()).toMatchObject({ statusCode: 400, error })
    }
  })
})
