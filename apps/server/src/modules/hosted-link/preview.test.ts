import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { LINK_PREVIEW_COMPANY_ID } from '@linkway/contracts'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'

describe.each(testedBackends())('the preview of Link settings on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let companyId: string
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, who: TestClient = client) => t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })

  const draft = {
    categories: { accounting: { enabled: true, optional: false }, banking: { enabled: false }, commerce: { enabled: true, optional: true } },
    landingPage: { enabled: true, title: 'Welcome, {companyName}', body: 'We **need** your books.' },
    branding: { primaryColor: '#0a5c36' },
    showSandboxIntegrations: true,
  }

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient('Acme Lending')
    companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers the view a company would get with the draft, for a sample company, and saves nothing', async () => {
    const before = (await api('GET', '/linkSettings')).json()
    const res = await api('POST', '/linkSettings/preview', { settings: draft, lang: 'de' })
    expect(res.statusCode, res.body).toBe(200)
    const preview = res.json()
    expect(preview).toMatchObject({ lang: 'de', company: { id: LINK_PREVIEW_COMPANY_ID, name: 'Example Company Ltd' }, client: { name: 'Acme Lending' }, connections: [], shareUrl: `${TEST_PUBLIC_URL}/link/company/${LINK_PREVIEW_COMPANY_ID}` })
    expect(preview.settings.landingPage).toEqual(draft.landingPage)
    expect(preview.settings.branding).toEqual({ logoUrl: '', primaryColor: '#0a5c36', secondaryColor: '#1d2330' })
    expect(preview.categories.map((offer: { category: string }) => offer.category)).toEqual(['accounting', 'commerce'])

    // Nothing was stored and no company was made.
    expect((await api('GET', '/linkSettings')).json()).toEqual(before)
    expect((await api('GET', '/companies')).json().totalResults).toBe(1)

    // Saved, the same settings give a real company's Link the same client, settings and platforms.
    expect((await api('PUT', '/linkSettings', draft)).statusCode).toBe(200)
    const session = (await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session?lang=de` })).json()
    expect(session.settings).toEqual(preview.settings)
    expect(session.categories).toEqual(preview.categories)
    expect(session.client).toEqual(preview.client)
  })

  it('previews the saved settings with GET, which a Portal viewer may do', async () => {
    await api('PUT', '/linkSettings', { ...draft, landingPage: { enabled: true, title: 'Saved title', body: '' } })
    const res = await api('GET', '/linkSettings/preview?lang=fr')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ lang: 'fr', settings: { landingPage: { title: 'Saved title' } } })
  })

  it('leaves sandbox platforms out when the draft says so', async () => {
    const shown = (await api('POST', '/linkSettings/preview', { settings: { ...draft, showSandboxIntegrations: true } })).json()
    const hidden = (await api('POST', '/linkSettings/preview', { settings: { ...draft, showSandboxIntegrations: false } })).json()
    const keys = (view: { categories: Array<{ integrations: Array<{ key: string }> }> }) => view.categories.flatMap((offer) => offer.integrations.map((integration) => integration.key))
    expect(keys(shown)).toContain('mqjo')
    expect(keys(hidden)).not.toContain('mqjo')
  })

  it("refuses a draft the settings' contract refuses, naming the field, with the API's error body", async () => {
    const res = await api('POST', '/linkSettings/preview', { settings: { branding: { primaryColor: 'blue' } }, lang: 'en' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ statusCode: 400, validation: { errors: [{ itemId: 'settings.branding.primaryColor', message: 'must be a colour such as #2748c4' }] } })
    expect((await api('POST', '/linkSettings/preview', { settings: {}, lang: 'es' })).statusCode).toBe(400)
    expect((await api('GET', '/linkSettings/preview?lang=es')).statusCode).toBe(400)
    expect((await t.app.inject({ method: 'POST', url: '/linkSettings/preview', payload: { settings: {} } })).statusCode).toBe(401)
  })
})
