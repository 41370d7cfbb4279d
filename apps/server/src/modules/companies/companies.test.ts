import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'
import { normalizeCompanyName } from './service.js'

describe('normalizeCompanyName', () => {
  it('removes forbidden characters instead of refusing the name', () => {
    expect(normalizeCompanyName('Company (Codat[1])')).toBe('Company Codat1')
    expect(normalizeCompanyName("  O'Brien & Sons, Ltd. -- who? yes!  @home ")).toBe("O'Brien & Sons, Ltd. -- who? yes! @home")
    expect(normalizeCompanyName('Tab\tand\nnewline')).toBe('Tab and newline')
    expect(normalizeCompanyName('(((]]]')).toBe('')
  })

  it('keeps letters and digits of every script, with their accents, and still strips symbols', () => {
    expect(normalizeCompanyName('Société Générale')).toBe('Société Générale')
    expect(normalizeCompanyName('Bäckerei Müller')).toBe('Bäckerei Müller')
    expect(normalizeCompanyName('株式会社テスト')).toBe('株式会社テスト')
    // Decomposed é (e + U+0301) stays decomposed: kept as given, not rewritten.
    expect(normalizeCompanyName('Cafe\u0301 (Paris) ★ 🍰')).toBe('Cafe\u0301 Paris')
    expect(normalizeCompanyName('Ελληνικά ١٢٣')).toBe('Ελληνικά ١٢٣')
  })
})

describe.each(testedBackends())('companies on %s', (backend) => {
  let t: TestApp
  let client: TestClient

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient()
  })
  afterAll(async () => {
    await t?.close()
  })

  const create = async (body: unknown, who: TestClient = client) =>
    await t.app.inject({ method: 'POST', url: '/companies', headers: who.headers, payload: body as object })

  it('creates a company with the reference shape and its hosted Link URL', async () => {
    const res = await create({ name: 'Toft (stores)', description: 'cust-42', tags: { region: 'uk' } })
    expect(res.statusCode).toBe(200)
    const company = res.json()
    expect(company).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Toft stores',
      description: 'cust-42',
      platform: '',
      redirect: `${TEST_PUBLIC_URL}/link/company/${company.id}`,
      created: '2026-01-01T00:00:00.000Z',
      createdByUserName: null,
      products: [],
      tags: { region: 'uk' },
      referenceSubsidiaryCompanies: [],
      dataConnections: [],
    })
    const read = await t.app.inject({ method: 'GET', url: `/companies/${company.id}`, headers: client.headers })
    expect(read.statusCode).toBe(200)
    expect(read.json()).toEqual(company)
  })

  it('leaves description out rather than sending null when there is none', async () => {
    const company = (await create({ name: 'No description' })).json()
    expect(company).not.toHaveProperty('description')
    expect(company).not.toHaveProperty('lastSync')
  })

  it('refuses a name with nothing left after stripping, and a missing name', async () => {
    const stripped = await create({ name: '(((]]]' })
    expect(stripped.statusCode).toBe(400)
    expect(stripped.json()).toMatchObject({
      statusCode: 400,
      service: 'PublicApi',
      error: 'The company name must contain at least one letter, digit or allowed symbol.',
    })
    const missing = await create({ description: 'no name' })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().validation.errors).toEqual([expect.objectContaining({ itemId: 'name' })])
  })

  it('keeps Unicode names as given on create, replace and update, and finds them with name~', async () => {
    const names = ['Société Générale', 'Bäckerei Müller', '株式会社テスト']
    const ids: string[] = []
    for (const name of names) {
      const res = await create({ name })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().name).toBe(name)
      ids.push(res.json().id)
      expect((await t.app.inject({ method: 'GET', url: `/companies/${res.json().id}`, headers: client.headers })).json().name).toBe(name)
    }
    const search = async (query: string) =>
      ((await t.app.inject({ method: 'GET', url: `/companies?query=${encodeURIComponent(query)}&orderBy=name`, headers: client.headers })).json().results as Array<{ name: string }>).map((c) => c.name)
    expect(await search('name~Müller')).toEqual(['Bäckerei Müller'])
    expect(await search('name~テスト')).toEqual(['株式会社テスト'])
    expect(await search('name~Générale')).toEqual(['Société Générale'])
    expect(await search('name=株式会社テスト')).toEqual(['株式会社テスト'])

    const replaced = await t.app.inject({ method: 'PUT', url: `/companies/${ids[0]}`, headers: client.headers, payload: { name: 'Crédit Agricole [FR]' } })
    expect(replaced.json().name).toBe('Crédit Agricole FR')
    const patched = await t.app.inject({ method: 'PATCH', url: `/companies/${ids[1]}`, headers: client.headers, payload: { name: 'Konditorei Groß' } })
    expect(patched.json().name).toBe('Konditorei Groß')
  })

  it('refuses NUL and other control characters in a name with a 400, but folds whitespace', async () => {
    for (const name of ['Toft\u0000stores', 'Toft\u0007stores', 'Toft\u007fstores', 'Toft\u009bstores']) {
      const res = await create({ name })
      expect(res.statusCode, JSON.stringify(name)).toBe(400)
      expect(res.json().validation.errors).toEqual([expect.objectContaining({ itemId: 'name', validatorName: 'custom' })])
    }
    const folded = await create({ name: 'Toft\t\r\nstores' })
    expect(folded.json().name).toBe('Toft stores')
  })

  it('applies the tag rules: at most 10, keys 1–27 characters, values up to 100', async () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
    const cases: Array<[Record<string, string>, string]> = [
      [eleven, 'A company can have at most 10 tags'],
      [{ ['k'.repeat(28)]: 'v' }, 'Tag keys must be 1 to 27 characters'],
      [{ '': 'v' }, 'Tag keys must be 1 to 27 characters'],
      [{ k: 'v'.repeat(101) }, 'Tag values must be at most 100 characters'],
    ]
    for (const [tags, message] of cases) {
      const res = await create({ name: 'Tagged', tags })
      expect(res.statusCode, JSON.stringify(tags)).toBe(400)
      expect(res.json().validation.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message })]))
    }
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`.padEnd(27, 'x'), 'v'.repeat(100)]))
    expect((await create({ name: 'Tagged', tags: ten })).statusCode).toBe(200)
    expect((await create({ name: 'Tagged', tags: { region: 42 } })).statusCode).toBe(400)
  })

  it('PUT replaces name, description and tags, clearing what the body leaves out', async () => {
    const { id } = (await create({ name: 'Before', description: 'd', tags: { a: '1' } })).json()
    const res = await t.app.inject({ method: 'PUT', url: `/companies/${id}`, headers: client.headers, payload: { name: 'After!' } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id, name: 'After!', tags: {} })
    expect(res.json()).not.toHaveProperty('description')
    const noName = await t.app.inject({ method: 'PUT', url: `/companies/${id}`, headers: client.headers, payload: { description: 'x' } })
    expect(noName.statusCode).toBe(400)
  })

  it('PATCH changes only what it is given; null or {} tags remove every tag', async () => {
    const { id } = (await create({ name: 'Patched', description: 'keep', tags: { a: '1', b: '2' } })).json()
    const patch = async (payload: object) =>
      (await t.app.inject({ method: 'PATCH', url: `/companies/${id}`, headers: client.headers, payload })).json()
    expect(await patch({ name: 'Renamed' })).toMatchObject({ name: 'Renamed', description: 'keep', tags: { a: '1', b: '2' } })
    expect(await patch({ name: null, description: null })).toMatchObject({ name: 'Renamed', description: 'keep' })
    expect(await patch({ tags: { c: '3' } })).toMatchObject({ tags: { c: '3' } })
    expect(await patch({ tags: null })).toMatchObject({ tags: {} })
    await patch({ tags: { d: '4' } })
    expect(await patch({ tags: {} })).toMatchObject({ tags: {} })
    expect(await patch({})).toMatchObject({ name: 'Renamed' })
  })

  it('DELETE removes the company for good: 204, then 404 with the reference message', async () => {
    const { id } = (await create({ name: 'Doomed' })).json()
    const del = await t.app.inject({ method: 'DELETE', url: `/companies/${id}`, headers: client.headers })
    expect(del.statusCode).toBe(204)
    expect(del.body).toBe('')
    for (const method of ['GET', 'DELETE', 'PATCH'] as const) {
      const res = await t.app.inject({ method, url: `/companies/${id}`, headers: client.headers, ...(method === 'PATCH' ? { payload: {} } : {}) })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ statusCode: 404, error: `No company was found with ID ${id}` })
    }
  })

  it('answers 400 for a company id that is not a GUID', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/companies/not-a-guid', headers: client.headers })
    expect(res.statusCode).toBe(400)
    expect(res.json().validation.errors[0]).toMatchObject({ itemId: 'companyId', message: 'companyId must be a GUID' })
  })
})
