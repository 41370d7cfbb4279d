/**
 * Hosted Link's server-rendered pages speak the person's language and show whose page it is, and
 * the language survives the trip to the platform (it rides on the connection's start URL and comes
 * back on the return URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'

describe.each(testedBackends())('hosted Link pages on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
  const open = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  const newCompany = async (name: string) => (await api('POST', '/companies', { name })).json().id as string

  beforeAll(async () => {
    t = await createTestApp(backend, { startQueue: true })
    client = await t.createClient('Acme Lending')
    await api('PUT', '/profile', { name: 'Acme Lending', logoUrl: 'https://acme.example/logo.png' })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('carries the page language to the platform and back on the connection it starts', async () => {
    const companyId = await newCompany('Toft stores')
    const page = await open('GET', `/link/company/${companyId}?lang=fr`)
    expect(page.body).toContain('<title>Connecter Toft stores à Acme Lending</title>')
    const config = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!)
    const cookie = String([page.headers['set-cookie']].flat().find((value) => String(value).startsWith('linkway_link_page='))).split(';')[0]!
    const { sessionId } = (await open('GET', `/link/api/companies/${companyId}/session?lang=fr`)).json()
    const headers = { 'x-link-token': config.linkToken, cookie, origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin' }
    const started = await open('POST', `/link/api/companies/${companyId}/connections`, { platformKey: 'bsbx', sessionId, lang: 'fr' }, headers)
    expect(new URL(started.json().authorizeUrl).searchParams.get('lang')).toBe('fr')
    const refused = await open('POST', `/link/api/companies/${companyId}/connections`, { platformKey: 'bsbx', sessionId, lang: 'xx' }, headers)
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ statusCode: 400 })
  })

  it('ends on a done page in the person’s language, with the client’s name and logo, naming every connected platform, and a way back', async () => {
    await api('PUT', '/profile', { name: 'Acme Lending', logoUrl: 'https://acme.example/logo.png', redirectUrl: '' })
    const companyId = await newCompany('Bäckerei Müller')
    for (const platformKey of ['mqjo', 'bsbx']) {
      const connection = (await api('POST', `/companies/${companyId}/connections`, { platformKey })).json()
      await api('PUT', `/companies/${companyId}/connections/${connection.id}/authorization`, { accessToken: 'x' })
    }
    const done = await open('GET', `/link/companies/${companyId}/complete?lang=fr`)
    expect(done.statusCode).toBe(200)
    expect(done.body).toContain('<html lang="fr">')
    expect(done.body).toContain('<h1>C’est terminé : Sandbox accounting, Sandbox bank</h1>')
    expect(done.body).toContain('<img src="https://acme.example/logo.png" alt="" height="32"><span>Acme Lending</span>')
    expect(done.body).toContain(`href="/link/company/${companyId}?lang=fr">Voir vos connexions</a>`)
    expect(done.headers['content-security-policy']).toContain("img-src 'self' data: https:")
    expect(done.headers['x-frame-options']).toBe('DENY')
    const german = await open('GET', `/link/companies/${companyId}/complete`, undefined, { 'accept-language': 'de-DE,de;q=0.9' })
    expect(german.body).toContain('<h1>Fertig: Sandbox accounting, Sandbox bank</h1>')
  })

  it('answers "not found" in the person’s language', async () => {
    const res = await open('GET', '/link/company/00000000-0000-4000-8000-000000000000', undefined, { 'accept-language': 'de' })
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('<html lang="de">')
    expect(res.body).toContain('<h1>Link nicht gefunden</h1>')
    expect((await open('GET', '/link/company/not-a-guid?lang=fr')).body).toContain('<h1>Lien introuvable</h1>')
  })

  it('shows the invite page in the person’s language with the client’s name, and keeps the language into hosted Link', async () => {
    const inviteUrl = `/link/client/${client.clientId}?lang=de`
    const form = await open('GET', inviteUrl)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('<h1>Verbinden Sie Ihr Unternehmen mit Acme Lending</h1>')
    expect(form.body).toContain('<label for="company-name">Name Ihres Unternehmens</label>')
    expect(form.body).toContain('<span>Acme Lending</span>')
    expect(form.body).toContain(`action="/link/client/${client.clientId}?lang=de"`)
    const created = await open('POST', inviteUrl, { companyName: 'Bäckerei Müller' }, { 'sec-fetch-site': 'same-origin' })
    expect(created.statusCode).toBe(303)
    expect(created.headers.location).toMatch(/^\/link\/company\/[0-9a-f-]{36}\?lang=de$/)
    const crossSite = await open('POST', inviteUrl, { companyName: 'X' }, { 'sec-fetch-site': 'cross-site' })
    expect(crossSite.statusCode).toBe(403)
    expect(crossSite.body).toContain(`<a class="action" href="/link/client/${client.clientId}?lang=de">Einladung erneut öffnen</a>`)
  })
})
