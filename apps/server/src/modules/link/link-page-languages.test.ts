/**
 * Every page the Link flow shows during the trip to a platform speaks the person's language: the
 * `lang` hosted Link puts on the Link URL (kept on the link session for the way back), else the
 * browser's Accept-Language. Over real HTTP against the emulated platforms, as link-flow.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, startSandboxPlatforms, XERO_TENANTS, type RunningSandbox } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

const SANDBOX_CLIENT = { clientId: 'linkway-lang-test', clientSecret: 'lang-test-sandbox-secret' }

async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual', headers })
}

function location(response: Response): string {
  const value = response.headers.get('location')
  if (!value) throw new Error(`expected a redirect, got ${response.status}`)
  return value
}

const withLang = (url: string, lang: string) => {
  const next = new URL(url)
  next.searchParams.set('lang', lang)
  return next.href
}

describe.each(testedBackends())('the Link flow’s pages in German and French on %s', (backend) => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    await t.app.inject({ method, url, headers: client.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  async function newConnection(platformKey: string): Promise<{ companyId: string; id: string; linkUrl: string }> {
    const companyId = (await api('POST', '/companies', { name: 'Bäckerei Müller' })).json().id
    const res = await api('POST', `/companies/${companyId}/connections`, { platformKey })
    expect(res.statusCode, res.body).toBe(200)
    return { companyId, ...res.json() }
  }

  beforeAll(async () => {
    // The platforms' OAuth servers keep Linkway's (fake) time, as real ones share real time: Xero's ID tokens are checked against it.
    sandbox = await startSandboxPlatforms({ port: 0, clients: [], tokenClock: { now: () => t.clock.now() } })
    const emulated = emulatedEndpoints(sandbox.url)
    const catalogue = createPlatformCatalogue({
      sandboxUrl: sandbox.url,
      endpointOverrides: {
        gbol: { authorizeUrl: emulated.xero.authorizeUrl, tokenUrl: emulated.xero.tokenUrl, revokeUrl: emulated.xero.revokeUrl, tenantsUrl: emulated.xero.tenantsUrl, jwksUrl: emulated.xero.jwksUrl },
        fztf: { authorizeUrl: emulated.shopify.authorizeUrl, tokenUrl: emulated.shopify.tokenUrl },
      },
    })
    t = await createTestApp(backend, { listen: true, startQueue: true, catalogue, sandboxClient: SANDBOX_CLIENT })
    const callbackUrl = `${t.url}/link/oauth/callback`
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [callbackUrl] })
    client = await t.createClient()
    // No redirect: the flow ends on Linkway's own page.
    expect((await api('PUT', '/profile', { name: 'Client', redirectUrl: '' })).statusCode).toBe(200)
    for (const [platformKey, id] of [['gbol', 'xero-app'], ['fztf', 'shopify-app']] as const) {
      sandbox.admin.registerClient({ clientId: id, clientSecret: `${id}-secret`, redirectUris: [callbackUrl] })
      expect((await api('PUT', `/integrations/${platformKey}/credentials`, { clientId: id, clientSecret: `${id}-secret` })).statusCode).toBe(200)
    }
  })
  afterAll(async () => {
    await t?.close()
    await sandbox?.close()
  })

  it('asks for the Shopify store in the language of the Link URL, and refuses a bad one in it', async () => {
    const { linkUrl } = await newConnection('fztf')
    const german = await (await get(withLang(linkUrl, 'de'))).text()
    expect(german).toContain('<html lang="de"')
    expect(german).toContain('<h1>Shopify verbinden</h1>')
    expect(german).toContain('Ihr Shopify-Shop')
    expect(german).toContain('Weiter zu Shopify')
    // The language stays on the form (a hidden field), so its answer speaks it too.
    expect(german).toContain('name="lang" value="de"')
    const refused = await (await get(`${withLang(linkUrl, 'de')}&shop=${encodeURIComponent('not a shop!')}`)).text()
    expect(refused).toContain('Das ist kein gültiger Wert für „Ihr Shopify-Shop“')

    const french = await (await get(linkUrl, { 'accept-language': 'fr-CH, en;q=0.5' })).text()
    expect(french).toContain('<html lang="fr"')
    expect(french).toContain('<h1>Connecter Shopify</h1>')
    expect(french).toContain('Votre boutique Shopify')
    expect(french).toContain('Continuer vers Shopify')
  })

  it('offers the Xero organisations in the language the person left in, and answers the pick in it', async () => {
    const { linkUrl } = await newConnection('gbol')
    // Accept-Language says English; the Link URL's lang (hosted Link's) wins, all the way back from the platform.
    const pick = await get(await approveConsent(location(await get(withLang(linkUrl, 'fr')))), { 'accept-language': 'en' })
    const html = await pick.text()
    expect(html).toContain('<h1>Quelle organisation faut-il connecter ?</h1>')
    expect(html).toContain('Vous avez donné accès à plus d’une organisation Xero.')
    expect(html).toContain('Connecter cette organisation')
    for (const tenant of XERO_TENANTS) expect(html).toContain(tenant.tenantName)
    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&')
    const stepToken = /name="stepToken" value="([^"]+)"/.exec(html)![1]!
    const post = (body: Record<string, string>) =>
      fetch(action, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' }, body: new URLSearchParams(body).toString() })
    expect(await (await post({ stepToken })).text()).toContain('Choisissez une organisation et réessayez.')
    const done = await post({ stepToken, tenantId: XERO_TENANTS[0]!.tenantId })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('<h1>Xero est connecté</h1>')
    // The same form again: the session is used, and the page says so in French.
    expect(await (await post({ stepToken, tenantId: XERO_TENANTS[0]!.tenantId })).text()).toContain('Ce lien a expiré')
  })

  it('ends on Linkway’s own page in German, for a success and for a cancellation', async () => {
    const first = await newConnection('mqjo')
    const connected = await get(await approveConsent(location(await get(withLang(first.linkUrl, 'de')))))
    const connectedHtml = await connected.text()
    expect(connectedHtml).toContain('<h1>Sandbox accounting ist verbunden</h1>')
    expect(connectedHtml).toContain('Ihr Sandbox accounting-Konto ist verbunden.')
    expect(connectedHtml).toContain('Sie können dieses Fenster schließen.')

    const second = await newConnection('bsbx')
    // A browser that asks for German sends it on every request, the platform's callback included.
    const browser = { 'accept-language': 'de-AT' }
    const cancelled = await get(await approveConsent(location(await get(second.linkUrl, browser)), { decision: 'deny' }), browser)
    const cancelledHtml = await cancelled.text()
    expect(cancelledHtml).toContain('<h1>Sandbox bank wurde nicht verbunden</h1>')
    expect(cancelledHtml).toContain('Sie haben das Verbinden von Sandbox bank abgebrochen.')
  })

  it('says "expired", "already used", "not found" and "not understood" in the person’s language', async () => {
    const { linkUrl } = await newConnection('bsbx')
    const callback = await approveConsent(location(await get(withLang(linkUrl, 'fr'))))
    await get(callback)
    // A replay of a redirect-bound journey: the session's language, whatever the browser says.
    const replay = await get(callback, { 'accept-language': 'de' })
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('<h1>Ce lien a expiré</h1>')
    expect(await (await get(`${t.url}/link/oauth/callback?state=${'x'.repeat(43)}`, { 'accept-language': 'de' })).text()).toContain('<h1>Dieser Link ist abgelaufen</h1>')
    expect(await (await get(`${t.url}/link/oauth/callback?code=abc`, { 'accept-language': 'fr' })).text()).toContain('<h1>Il manque quelque chose</h1>')

    const unknown = `${t.url}/link/companies/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/connections/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/start`
    expect(await (await get(`${unknown}?lang=de`)).text()).toContain('<h1>Link nicht gefunden</h1>')
    expect(await (await get(`${t.url}/link/companies/nope/connections/nope/start?lang=fr`)).text()).toContain('<h1>Lien introuvable</h1>')
    // A value the database could not store: a 400 page, in German.
    const bad = await get(`${linkUrl}?lang=de&ref=%00`)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('<h1>Diese Anfrage konnte nicht verstanden werden</h1>')

    await api('PUT', '/linkSettings', { oneTimeLinks: true })
    try {
      const oneTime = await newConnection('bsbx')
      const url = new URL(oneTime.linkUrl)
      url.searchParams.delete('link.otp')
      url.searchParams.set('lang', 'de')
      const used = await get(url.href)
      expect(used.status).toBe(403)
      expect(await used.text()).toContain('<h1>Dieser Link wurde bereits verwendet</h1>')
      url.searchParams.set('lang', 'fr')
      expect(await (await get(url.href)).text()).toContain('<h1>Ce lien a déjà été utilisé</h1>')
    } finally {
      await api('PUT', '/linkSettings', { oneTimeLinks: false })
    }
  })

  it('keeps English for a browser that asks for no language Link speaks', async () => {
    const { linkUrl } = await newConnection('fztf')
    const html = await (await get(linkUrl, { 'accept-language': 'ja' })).text()
    expect(html).toContain('<html lang="en"')
    expect(html).toContain('<h1>Connect Shopify</h1>')
  })
})
