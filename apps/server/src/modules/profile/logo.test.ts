import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'

/** A real 1×1 PNG and the first bytes of a JPEG (the signature is what is checked). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64)])
const LOGO_URL = new RegExp(`^${TEST_PUBLIC_URL.replace(/\./g, '\\.')}/assets/client-logos/[0-9a-f]{64}\\.(png|jpg|svg)$`)

describe.each(testedBackends())('client logos on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient
  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient('Bobs Burgers')
    other = await t.createClient('Other Lender')
  })
  afterAll(async () => {
    await t?.close()
  })

  const upload = async (bytes: Buffer | string, contentType: string, who: TestClient = client) =>
    await t.app.inject({ method: 'PUT', url: '/profile/logo', headers: { ...who.headers, 'content-type': contentType }, payload: bytes })
  const asset = async (url: string) => await t.app.inject({ method: 'GET', url: url.slice(TEST_PUBLIC_URL.length) })
  const profileOf = async (who: TestClient) => (await t.app.inject({ method: 'GET', url: '/profile', headers: who.headers })).json()
  const expectRefused = (res: Awaited<ReturnType<typeof upload>>, error: string) => {
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error })
  }

  it('takes a PNG, serves it from Linkway with a content hash in its URL, strict headers and no key, and points logoUrl at it', async () => {
    const res = await upload(PNG, 'image/png')
    expect(res.statusCode, res.body).toBe(200)
    const profile = res.json()
    expect(referenceShapeErrors(profile, 'Codat-Platform.json', 'Profile')).toEqual([])
    expect(profile).toEqual({ name: 'Bobs Burgers', logoUrl: expect.stringMatching(LOGO_URL), redirectUrl: '', whiteListUrls: [] })
    expect(profile.logoUrl.endsWith('.png')).toBe(true)
    expect(await profileOf(client)).toEqual(profile)

    const served = await asset(profile.logoUrl)
    expect(served.statusCode).toBe(200)
    expect(served.rawPayload.equals(PNG)).toBe(true)
    expect(served.headers['content-type']).toBe('image/png')
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(served.headers['x-content-type-options']).toBe('nosniff')
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'")
    // The extension must be the stored type's; an unknown hash is a 404.
    expect((await asset(profile.logoUrl.replace(/\.png$/, '.svg'))).statusCode).toBe(404)
    expect((await asset(`${TEST_PUBLIC_URL}/assets/client-logos/${'0'.repeat(64)}.png`)).statusCode).toBe(404)
    expect((await asset(`${TEST_PUBLIC_URL}/assets/client-logos/..%2F..%2Fprofile`)).statusCode).toBe(404)
  })

  it('keeps the rest of the profile when a logo is uploaded, and replaces the previous logo', async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/profile', headers: client.headers, payload: { name: "Bob's Burgers", redirectUrl: 'https://bobs.example/{companyId}' } })).statusCode).toBe(200)
    const first = (await upload(PNG, 'image/png')).json().logoUrl as string
    const jpeg = await upload(JPEG, 'image/jpeg')
    expect(jpeg.statusCode, jpeg.body).toBe(200)
    expect(jpeg.json()).toEqual({ name: "Bob's Burgers", logoUrl: expect.stringMatching(/\.jpg$/), redirectUrl: 'https://bobs.example/{companyId}', whiteListUrls: [] })
    expect((await asset(jpeg.json().logoUrl)).headers['content-type']).toBe('image/jpeg')
    expect((await asset(first)).statusCode).toBe(404)
  })

  it('sanitises an SVG: scripts, handlers, foreignObject and external references are gone, the drawing stays', async () => {
    const hostile =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(document.cookie)</script>' +
      '<rect width="10" height="10" fill="#c0ffee" onclick="steal()"/><foreignObject><iframe src="https://evil.example"/></foreignObject>' +
      '<use href="https://evil.example/x.svg#a"/></svg>'
    const res = await upload(hostile, 'image/svg+xml')
    expect(res.statusCode, res.body).toBe(200)
    const served = await asset(res.json().logoUrl)
    expect(served.headers['content-type']).toBe('image/svg+xml')
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'")
    expect(served.body).toBe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#c0ffee"/><use/></svg>')
  })

  it('refuses an SVG that cannot be made safe, a file over 256 KB, bytes that are not the type sent, and other types, with 400s', async () => {
    expectRefused(
      await upload('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', 'image/svg+xml'),
      'The SVG logo cannot be made safe: it has a DOCTYPE or CDATA section (entities and hidden markup cannot be checked).',
    )
    expectRefused(await upload(Buffer.concat([PNG, Buffer.alloc(256 * 1024)]), 'image/png'), 'The logo is 257 KB; the limit is 256 KB.')
    expectRefused(await upload(JPEG, 'image/png'), "The logo's bytes are not a PNG image, as its Content-Type says (they are JPEG).")
    expectRefused(await upload('<html><script>alert(1)</script></html>', 'image/svg+xml'), "The logo's bytes are not an SVG image, as its Content-Type says.")
    expectRefused(await upload(Buffer.from('GIF89a'), 'image/gif'), 'The logo must be sent as image/png, image/jpeg or image/svg+xml; the request\'s Content-Type is "image/gif".')
    expectRefused(await upload(JSON.stringify({ logo: 'x' }), 'application/json'), 'The logo must be sent as image/png, image/jpeg or image/svg+xml; the request\'s Content-Type is "application/json".')
    expectRefused(await upload(PNG, 'text/plain'), 'The logo must be sent as image/png, image/jpeg or image/svg+xml; the request\'s Content-Type is "text/plain".')
    expectRefused(await upload(Buffer.alloc(0), 'image/png'), 'The logo is empty: send the image file as the request body.')
  })

  it("refuses an http: logoUrl or iconUrl with the wire error body; https and Linkway's own logo URL are taken", async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/profile', headers: client.headers, payload: { name: 'x', redirectUrl: '', logoUrl: 'http://cdn.example/logo.png' } })
    expect(res.statusCode).toBe(400)
    const message = 'logoUrl must be an https URL: Link pages load images over https only, so an http: image would be blocked in the browser. Host it on https, or upload it with PUT /profile/logo.'
    expect(res.json()).toEqual({
      statusCode: 400,
      service: 'PublicApi',
      error: `The request is invalid: logoUrl: ${message}`,
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      validation: { errors: [{ itemId: 'logoUrl', message, validatorName: 'custom' }], warnings: [] },
      canBeRetried: 'Unknown',
      detailedErrorCode: 0,
    })
    const settings = await t.app.inject({ method: 'PUT', url: '/linkSettings', headers: client.headers, payload: { branding: { logoUrl: 'http://cdn.example/logo.png' } } })
    expect(settings.statusCode).toBe(400)
    expect(settings.json().validation.errors).toEqual([expect.objectContaining({ itemId: 'branding.logoUrl', message: expect.stringMatching(/^logoUrl must be an https URL/) })])
    const icon = await t.app.inject({ method: 'PUT', url: '/profile', headers: client.headers, payload: { name: 'x', redirectUrl: '', iconUrl: 'HTTP://cdn.example/icon.png' } })
    expect(icon.json().validation.errors).toEqual([expect.objectContaining({ itemId: 'iconUrl' })])
    expect((await t.app.inject({ method: 'PUT', url: '/profile', headers: client.headers, payload: { name: 'x', redirectUrl: '', logoUrl: 'https://cdn.example/logo.png' } })).statusCode).toBe(200)
    // Read, change, write back: the uploaded logo's own URL (http here, as PUBLIC_URL is) is Linkway's origin.
    const uploaded = (await upload(PNG, 'image/png')).json()
    const written = await t.app.inject({ method: 'PUT', url: '/profile', headers: client.headers, payload: { ...uploaded, name: 'Renamed' } })
    expect(written.statusCode, written.body).toBe(200)
    expect(written.json().logoUrl).toBe(uploaded.logoUrl)
  })

  it("keeps each client's logo its own: another client's upload or delete changes nothing of it; the API needs a key", async () => {
    const mine = (await upload(PNG, 'image/png')).json().logoUrl as string
    const theirs = await upload(JPEG, 'image/jpeg', other)
    expect(theirs.statusCode).toBe(200)
    expect((await profileOf(client)).logoUrl).toBe(mine)
    expect((await profileOf(other)).logoUrl).toBe(theirs.json().logoUrl)
    expect((await t.app.inject({ method: 'DELETE', url: '/profile/logo', headers: other.headers })).statusCode).toBe(204)
    expect((await profileOf(other)).logoUrl).toBeUndefined()
    expect((await asset(theirs.json().logoUrl)).statusCode).toBe(404)
    expect((await profileOf(client)).logoUrl).toBe(mine)
    expect((await asset(mine)).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'PUT', url: '/profile/logo', headers: { 'content-type': 'image/png' }, payload: PNG })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'DELETE', url: '/profile/logo' })).statusCode).toBe(401)
  })

  it("puts the uploaded logo on the client's Link pages", async () => {
    const logoUrl = (await upload(PNG, 'image/png')).json().logoUrl as string
    const companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: { name: 'Société Générale' } })).json().id as string
    const session = (await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session` })).json()
    expect(session.client.logoUrl).toBe(logoUrl)
    expect(session.company.name).toBe('Société Générale')
  })
})
