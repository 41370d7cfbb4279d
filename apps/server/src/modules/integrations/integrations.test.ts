import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'
import { siQuickbooks, siXero } from 'simple-icons'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { INTEGRATIONS_CACHE_MS } from './service.js'

describe.each(testedBackends())('integrations and platform credentials on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient
  const get = async (url: string, who: TestClient = client) => await t.app.inject({ method: 'GET', url, headers: who.headers })
  const keys = async (url: string, who: TestClient = client) => (await get(url, who)).json().results.map((i: { key: string }) => i.key)

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient()
    other = await t.createClient()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('lists the catalogue with the reference fields; sandboxes enabled, real platforms not until credentials are set', async () => {
    const res = await get('/integrations?pageSize=100')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.totalResults).toBe(body.results.length)
    const sandbox = body.results.find((i: { key: string }) => i.key === 'mqjo')
    expect(sandbox).toMatchObject({
      key: 'mqjo',
      name: 'Sandbox accounting',
      enabled: true,
      sourceType: 'Accounting',
      logoUrl: `${TEST_PUBLIC_URL}/assets/integrations/mqjo/square.svg`,
      isOfflineConnector: false,
      isSandbox: true,
      supportedEnvironments: 'SandboxOnly',
      dataProvidedBy: 'Linkway',
    })
    expect(sandbox.datatypeFeatures[0]).toMatchObject({ datatype: expect.any(String), dataType: expect.any(String), supportedFeatures: [expect.objectContaining({ featureType: 'Get' })] })
    expect(body.results.find((i: { key: string }) => i.key === 'gbol')).toMatchObject({ name: 'Xero', enabled: false })
    expect(body.results.find((i: { key: string }) => i.key === 'hbql')).toMatchObject({ isOfflineConnector: true, enabled: false, device: expect.objectContaining({ desktopOnly: true }) })
  })

  it("answers the seeds' own query, encoded or not, and other filters and orders", async () => {
    expect(await keys(`/integrations?query=${encodeURIComponent('sourceType=accounting&&enabled=true')}`)).toEqual(['mqjo'])
    expect(await keys('/integrations?query=sourceType%3DAccounting%26%26enabled%3Dtrue')).toEqual(['mqjo'])
    // Written as the seeds write it, unencoded: the && stays in the query.
    expect(await keys('/integrations?query=sourceType=accounting&&enabled=true&pageSize=50')).toEqual(['mqjo'])
    expect(await keys(`/integrations?query=${encodeURIComponent('isSandbox=true')}&orderBy=-key`)).toEqual(['mqjo', 'bsbx', 'aiwb'])
    expect(await keys(`/integrations?query=${encodeURIComponent('name~xero')}`)).toEqual(['gbol'])
    const page = (await get('/integrations?pageSize=2&page=2')).json()
    expect(page).toMatchObject({ pageNumber: 2, pageSize: 2 })
    expect(page._links.previous.href).toBe('/integrations?page=1&pageSize=2')
    const bad = await get(`/integrations?query=${encodeURIComponent('colour=red')}`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toBe('Error parsing query - Could not resolve property colour on Integration')
    expect((await get('/integrations?orderBy=logoUrl')).json().error).toBe('Error parsing orderBy - Could not resolve property logoUrl on Integration')
  })

  it('gets one integration and its branding; serves the assets with long cache lifetimes', async () => {
    expect((await get('/integrations/gbol')).json()).toMatchObject({ key: 'gbol', name: 'Xero', enabled: false })
    const missing = await get('/integrations/zzzz')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error).toBe('No integration was found with key zzzz')
    const branding = (await get('/integrations/qhyg/branding')).json()
    expect(branding).toEqual({
      logo: {
        full: { image: { src: `${TEST_PUBLIC_URL}/assets/integrations/qhyg/full.svg`, alt: 'QuickBooks Online logo' } },
        square: { image: { src: `${TEST_PUBLIC_URL}/assets/integrations/qhyg/square.svg`, alt: 'QuickBooks Online logo' } },
      },
      button: {
        default: { image: { src: `${TEST_PUBLIC_URL}/assets/integrations/qhyg/button.svg`, alt: 'Connect to QuickBooks Online' } },
        hover: { image: { src: `${TEST_PUBLIC_URL}/assets/integrations/qhyg/button-hover.svg`, alt: 'Connect to QuickBooks Online' } },
      },
      sourceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
    const asset = await t.app.inject({ method: 'GET', url: '/assets/integrations/qhyg/button-hover.svg' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['content-type']).toBe('image/svg+xml; charset=utf-8')
    expect(asset.headers['cache-control']).toBe('public, max-age=2592000')
    expect(asset.body.startsWith('<svg')).toBe(true)
    const again = await t.app.inject({ method: 'GET', url: '/assets/integrations/qhyg/button-hover.svg', headers: { 'if-none-match': asset.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    expect((await t.app.inject({ method: 'GET', url: '/assets/integrations/qhyg/other.svg' })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: '/assets/integrations/zzzz/square.svg' })).statusCode).toBe(404)
  })

  it("answers every platform's branding in the reference's shape, each image served by Linkway itself as a strict SVG", async () => {
    const all = (await get('/integrations?pageSize=100')).json().results as Array<{ key: string; name: string }>
    expect(all.length).toBeGreaterThan(10)
    for (const { key, name } of all) {
      const res = await get(`/integrations/${key}/branding`)
      expect(res.statusCode, key).toBe(200)
      const branding = res.json()
      expect(referenceShapeErrors(branding, 'Codat-Platform.json', 'Branding'), key).toEqual([])
      const images = [branding.logo.full, branding.logo.square, branding.button.default, branding.button.hover].map((entry) => entry.image as { src: string; alt: string })
      expect(images.map((image) => image.alt), key).toEqual([`${name} logo`, `${name} logo`, `Connect to ${name}`, `Connect to ${name}`])
      for (const { src } of images) {
        expect(src.startsWith(`${TEST_PUBLIC_URL}/assets/integrations/${key}/`), src).toBe(true)
        // Public: a Link page shows it to anyone, with no API key.
        const asset = await t.app.inject({ method: 'GET', url: src.slice(TEST_PUBLIC_URL.length) })
        expect(asset.statusCode, src).toBe(200)
        expect(asset.headers['content-type']).toBe('image/svg+xml; charset=utf-8')
        expect(asset.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'")
        expect(asset.headers['x-content-type-options']).toBe('nosniff')
        expect(asset.body).not.toMatch(/<script|<foreignObject|href=|url\(|\son[a-z]+=/i)
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/integrations/gbol/branding' })).statusCode).toBe(401)
  })

  it("draws the platforms' own marks in their brand colours, and a monogram where simple-icons has none", async () => {
    const square = async (key: string) => (await t.app.inject({ method: 'GET', url: `/assets/integrations/${key}/square.svg` })).body
    const xero = await square('gbol')
    expect(xero).toContain(`fill="#${siXero.hex}" d="${siXero.path}"`)
    expect(xero).toContain('<title>Xero</title>')
    expect(await square('qhyg')).toContain(`fill="#${siQuickbooks.hex}" d="${siQuickbooks.path}"`)
    // FreeAgent is not in simple-icons: our monogram square, in the connector's colour.
    const freeAgent = await square('fbrh')
    expect(freeAgent).not.toContain('<path')
    expect(freeAgent).toContain('>FA</text>')
  })

  it('stores credentials sealed, never returns the secret, and enables the platform for that client only', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/integrations/gbol/credentials', headers: client.headers, payload: { clientId: 'xero-app-id', clientSecret: 'xero-app-secret-value' } })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json()).toEqual({
      platformKey: 'gbol',
      clientId: 'xero-app-id',
      hasClientSecret: true,
      enabled: true,
      redirectUri: `${TEST_PUBLIC_URL}/link/oauth/callback`,
      updated: '2026-01-01T00:00:00.000Z',
    })
    expect(put.body).not.toContain('xero-app-secret-value')
    expect((await get('/integrations/gbol/credentials')).json()).toMatchObject({ clientId: 'xero-app-id', hasClientSecret: true })
    const row = await t.database.db.selectFrom('platform_credentials').selectAll().where('platform_key', '=', 'gbol').executeTakeFirstOrThrow()
    expect(row.client_secret_sealed.includes(Buffer.from('xero-app-secret-value'))).toBe(false)

    // This process forgets its cached view at once; the other client is not affected.
    expect((await get('/integrations/gbol')).json().enabled).toBe(true)
    expect((await get('/integrations/gbol', other)).json().enabled).toBe(false)
    expect((await get('/integrations/gbol/credentials', other)).statusCode).toBe(404)
    expect(await keys(`/integrations?query=${encodeURIComponent('sourceType=accounting&&enabled=true')}`)).toEqual(['mqjo', 'gbol'])

    const disabled = await t.app.inject({ method: 'PUT', url: '/integrations/gbol/credentials', headers: client.headers, payload: { clientId: 'xero-app-id', clientSecret: 's', enabled: false } })
    expect(disabled.json().enabled).toBe(false)
    expect((await get('/integrations/gbol')).json().enabled).toBe(false)
    const removed = await t.app.inject({ method: 'DELETE', url: '/integrations/gbol/credentials', headers: client.headers })
    expect(removed.statusCode).toBe(204)
    expect((await get('/integrations/gbol/credentials')).statusCode).toBe(404)
  })

  it('changes part of credentials with PATCH: switched off and on, a new secret alone, the rest kept', async () => {
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: '/integrations/fbrh/credentials', headers: client.headers, payload })
    const sealed = async () => (await t.database.db.selectFrom('platform_credentials').select('client_secret_sealed').where('client_id', '=', client.clientId).where('platform_key', '=', 'fbrh').executeTakeFirstOrThrow()).client_secret_sealed
    const none = await patch({ enabled: false })
    expect(none.statusCode).toBe(404)
    expect(none.json().error).toBe('No credentials are set for the integration fbrh')
    await t.app.inject({ method: 'PUT', url: '/integrations/fbrh/credentials', headers: client.headers, payload: { clientId: 'fa-id', clientSecret: 'fa-secret-one' } })
    const secretBefore = await sealed()

    const off = await patch({ enabled: false })
    expect(off.statusCode, off.body).toBe(200)
    expect(off.json()).toMatchObject({ platformKey: 'fbrh', clientId: 'fa-id', hasClientSecret: true, enabled: false })
    expect((await get('/integrations/fbrh')).json().enabled).toBe(false)
    expect(Buffer.compare(await sealed(), secretBefore)).toBe(0)

    const on = await patch({ enabled: true, clientSecret: 'fa-secret-two' })
    expect(on.json()).toMatchObject({ clientId: 'fa-id', enabled: true })
    expect(on.body).not.toContain('fa-secret-two')
    expect(Buffer.compare(await sealed(), secretBefore)).not.toBe(0)
    expect((await get('/integrations/fbrh')).json().enabled).toBe(true)

    expect((await patch({ clientId: 'fa-id-2' })).json()).toMatchObject({ clientId: 'fa-id-2', enabled: true })
    const empty = await patch({})
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error).toContain('give at least one of clientId, clientSecret, enabled')
    expect((await patch({ clientSecret: '' })).statusCode).toBe(400)
    expect((await t.app.inject({ method: 'PATCH', url: '/integrations/mqjo/credentials', headers: client.headers, payload: { enabled: false } })).statusCode).toBe(400)
    expect((await t.app.inject({ method: 'PATCH', url: '/integrations/fbrh/credentials', headers: other.headers, payload: { enabled: false } })).statusCode).toBe(404)
  })

  it('sees another process change credentials within the cache lifetime', async () => {
    expect((await get('/integrations/qhyg')).json().enabled).toBe(false)
    // Written straight to the database, as another process would.
    await t.database.db.insertInto('platform_credentials').values({ client_id: client.clientId, platform_key: 'qhyg', oauth_client_id: 'id', client_secret_sealed: Buffer.from('x'), is_enabled: true, updated_at: new Date() }).execute()
    expect((await get('/integrations/qhyg')).json().enabled).toBe(false)
    t.clock.advance(INTEGRATIONS_CACHE_MS + 1)
    expect((await get('/integrations/qhyg')).json().enabled).toBe(true)
  })

  it('refuses bad credential requests with clear errors', async () => {
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['/integrations/mqjo/credentials', { clientId: 'a', clientSecret: 'b' }, 400, /mqjo is a sandbox integration and needs no credentials/],
      ['/integrations/zzzz/credentials', { clientId: 'a', clientSecret: 'b' }, 404, /No integration was found with key zzzz/],
      ['/integrations/gbol/credentials', { clientId: '', clientSecret: 'b' }, 400, /clientId is required/],
      ['/integrations/gbol/credentials', { clientId: 'a' }, 400, /clientSecret/],
    ]
    for (const [url, payload, status, error] of cases) {
      const res = await t.app.inject({ method: 'PUT', url, headers: client.headers, payload: payload as object })
      expect(res.statusCode, url).toBe(status)
      expect(JSON.stringify(res.json())).toMatch(error)
    }
  })
})
