import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'
import { chooseLanguage } from './service.js'

describe('chooseLanguage', () => {
  it('takes lang, then Accept-Language in order, then English', () => {
    expect(chooseLanguage('fr', 'de-DE,de;q=0.9')).toBe('fr')
    expect(chooseLanguage(undefined, 'es-ES, de-CH;q=0.8, en;q=0.5')).toBe('de')
    expect(chooseLanguage('xx', 'ja')).toBe('en')
  })
})

describe.each(testedBackends())('hosted Link on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let companyId: string
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })
  const open = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })

  /** What the company's hosted page gives its browser: the token in its configuration, and its cookie. */
  async function pageCredentials(id: string, headers: Record<string, string> = {}): Promise<{ token: string; cookie: string }> {
    const res = await open('GET', `/link/company/${id}`, undefined, headers)
    const config = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(res.body)![1]!)
    const setCookie = [res.headers['set-cookie'] ?? []].flat().find((cookie) => String(cookie).startsWith('linkway_link_page='))
    return { token: config.linkToken, cookie: setCookie ? String(setCookie).split(';')[0]! : (headers.cookie ?? '') }
  }

  /** A change as the hosted page's component makes it: its token and cookie, from this origin. */
  async function change(url: string, payload?: object) {
    const { token, cookie } = await pageCredentials(/\/companies\/([^/]+)\//.exec(url)![1]!)
    return await open('POST', url, payload, { 'x-link-token': token, cookie, origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin' })
  }

  beforeAll(async () => {
    t = await createTestApp(backend, { startQueue: true })
    client = await t.createClient('Acme Lending')
    companyId = (await api('POST', '/companies', { name: 'Toft stores' })).json().id
  })
  afterAll(async () => {
    await t?.close()
  })

  it('serves the hosted page: a shell with its config as data, one script from this origin, no framing', async () => {
    const linkedBack = await open('GET', `/link/company/${companyId}?link.result=${companyId}:200`)
    expect(linkedBack.body).toContain(`complete?link.connection=${companyId}`)
    const res = await open('GET', `/link/company/${companyId}?link.result=${companyId}:403&ref=abc`, undefined, { 'accept-language': 'de-DE' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.body).toContain('<html lang="de">')
    expect(res.body).toContain('<script type="module" src="/link/assets/link.js"></script>')
    expect(res.body).not.toMatch(/<script(?![^>]*(type="application\/json"|src=))/)
    const config = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(res.body)![1]!)
    expect(config).toEqual({
      apiBaseUrl: TEST_PUBLIC_URL,
      companyId,
      lang: 'de',
      // A new visit: its trips to platforms carry it, and Complete names what it connected.
      visitId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      completeUrl: `${TEST_PUBLIC_URL}/link/companies/${companyId}/complete?ref=abc&lang=de&link.visit=${config.visitId}`,
      result: { connectionId: companyId, statusCode: '403' },
      redirectParams: { ref: 'abc' },
      linkToken: expect.stringMatching(/^[A-Za-z0-9_-]{60,}$/),
      // Not opened by a one-time Link URL: a reload gets a page refused a day later going again.
      canReload: true,
    })
    // A reload drops the told outcome and keeps the connection it linked, for Complete to name.
    const reloaded = await open('GET', `/link/company/${companyId}?link.connection=${companyId}&link.visit=${config.visitId}&lang=de`)
    const reloadedConfig = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(reloaded.body)![1]!)
    expect(reloadedConfig).not.toHaveProperty('result')
    expect(new URL(reloadedConfig.completeUrl).searchParams.get('link.connection')).toBe(companyId)
    expect((await open('GET', `/link/company/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).statusCode).toBe(404)
    expect((await open('GET', '/link/company/not-a-guid')).statusCode).toBe(404)
    const plural = await open('GET', `/link/companies/${companyId}?lang=fr`)
    expect(plural.statusCode).toBe(301)
    expect(plural.headers.location).toBe(`/link/company/${companyId}?lang=fr`)
  })

  it("escapes a company name that tries to close the page's script", async () => {
    const evil = (await api('POST', '/companies', { name: "Evil </script> & 'co'" })).json()
    const res = await open('GET', `/link/company/${evil.id}`)
    expect(res.body).not.toContain('</script> &')
    const session = (await open('GET', `/link/api/companies/${evil.id}/session`)).json()
    expect(session.company.name).toBe(evil.name)
  })

  it('gives the component its session: settings, the enabled categories and platforms, the connections', async () => {
    const res = await open('GET', `/link/api/companies/${companyId}/session?lang=fr`)
    expect(res.statusCode).toBe(200)
    const view = res.json()
    expect(view).toMatchObject({
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      lang: 'fr',
      company: { id: companyId, name: 'Toft stores' },
      client: { name: 'Acme Lending' },
      connections: [],
      shareUrl: `${TEST_PUBLIC_URL}/link/company/${companyId}`,
    })
    expect(view.categories.map((c: { category: string; optional: boolean }) => [c.category, c.optional])).toEqual([['accounting', false], ['banking', true]])
    expect(view.categories[0].integrations.map((i: { key: string }) => i.key)).toEqual(['mqjo'])
    const hidden = (await open('GET', `/link/api/companies/${companyId}/session?link.showSandboxIntegrations=false`)).json()
    expect(hidden.categories[0].integrations).toEqual([])
    expect((await open('GET', `/link/api/companies/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/session`)).json()).toMatchObject({ statusCode: 404 })
  })

  it('starts a connection that returns to hosted Link, continues the same one, and replaces a pending accounting choice', async () => {
    const { sessionId } = (await open('GET', `/link/api/companies/${companyId}/session`)).json()
    const first = (await change(`/link/api/companies/${companyId}/connections`, { platformKey: 'bsbx', sessionId })).json()
    expect(first.authorizeUrl).toBe(`${TEST_PUBLIC_URL}/link/companies/${companyId}/connections/${first.connectionId}/start?link.return=hosted&link.visit=${sessionId}`)
    const again = (await change(`/link/api/companies/${companyId}/connections`, { platformKey: 'bsbx', sessionId })).json()
    expect(again.connectionId).toBe(first.connectionId)

    // Xero is not enabled (no credentials): a clear 400 in the wire body.
    const refused = await change(`/link/api/companies/${companyId}/connections`, { platformKey: 'gbol', sessionId })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error).toMatch(/not enabled/)
    const accounting = (await change(`/link/api/companies/${companyId}/connections`, { platformKey: 'mqjo', sessionId })).json()
    const connections = (await api('GET', `/companies/${companyId}/connections`)).json().results
    expect(connections.map((c: { id: string }) => c.id).sort()).toEqual([first.connectionId, accounting.connectionId].sort())
    expect((await change(`/link/api/companies/${companyId}/connections`, { platformKey: 'BAD', sessionId })).statusCode).toBe(400)
  })

  it('disconnects only a Linked connection', async () => {
    const { sessionId } = (await open('GET', `/link/api/companies/${companyId}/session`)).json()
    const { connectionId } = (await change(`/link/api/companies/${companyId}/connections`, { platformKey: 'aiwb', sessionId })).json()
    expect((await change(`/link/api/companies/${companyId}/connections/${connectionId}/disconnect`, { sessionId })).statusCode).toBe(400)
    await api('PUT', `/companies/${companyId}/connections/${connectionId}/authorization`, { accessToken: 'x' })
    const res = await change(`/link/api/companies/${companyId}/connections/${connectionId}/disconnect`, { sessionId })
    expect(res.json()).toEqual({ status: 'Unlinked' })
  })

  it('lists each connection with when it was created and, once a sync completed, when it last synced (the connection management component shows both)', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Synced stores' })).json().id
    const pending = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'bsbx' })).json()
    const synced = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'aiwb' })).json()
    await t.database.db.updateTable('connections').set({ last_sync_at: new Date('2026-03-04T05:06:07.000Z') }).where('id', '=', synced.id).execute()
    const listed = (await open('GET', `/link/api/companies/${companyId}/session`)).json().connections
    const byId = new Map(listed.map((connection: { id: string }) => [connection.id, connection]))
    expect(byId.get(pending.id)).toEqual(expect.objectContaining({ status: 'PendingAuth', created: pending.created }))
    expect(byId.get(pending.id)).not.toHaveProperty('lastSync')
    expect(byId.get(synced.id)).toEqual(expect.objectContaining({ created: synced.created, lastSync: '2026-03-04T05:06:07.000Z' }))
  })

  it('records funnel events and counts visits per step and platform', async () => {
    const visits = [crypto.randomUUID(), crypto.randomUUID()]
    for (const sessionId of visits) {
      await change(`/link/api/companies/${companyId}/events`, { sessionId, event: 'opened' })
      await change(`/link/api/companies/${companyId}/events`, { sessionId, event: 'opened' })
      await change(`/link/api/companies/${companyId}/events`, { sessionId, event: 'platform_chosen', category: 'accounting', platformKey: 'mqjo' })
    }
    await change(`/link/api/companies/${companyId}/events`, { sessionId: visits[0], event: 'left', step: 'consent' })
    expect((await change(`/link/api/companies/${companyId}/events`, { sessionId: visits[0], event: 'flew-away' })).statusCode).toBe(400)
    const funnel = (await api('GET', '/link/funnel')).json()
    const step = (event: string) => funnel.steps.find((s: { event: string }) => s.event === event)
    expect(step('opened')).toEqual({ event: 'opened', visits: 2, byPlatform: {}, byCategory: {} })
    expect(step('platform_chosen')).toEqual({ event: 'platform_chosen', visits: 2, byPlatform: { mqjo: 2 }, byCategory: { accounting: 2 } })
    expect(step('left').visits).toBe(1)
    expect(step('completed').visits).toBe(0)
    const empty = (await api('GET', `/link/funnel?from=${encodeURIComponent('2020-01-01T00:00:00Z')}&to=${encodeURIComponent('2020-02-01T00:00:00Z')}`)).json()
    expect(empty.steps.every((s: { visits: number }) => s.visits === 0)).toBe(true)
    expect((await api('GET', '/link/funnel?from=yesterday')).statusCode).toBe(400)
  })

  it('Complete goes to the client redirect, with the connection this visit linked', async () => {
    await api('PUT', '/profile', { name: 'Acme Lending', redirectUrl: 'https://acme.example/back/{companyId}?status={statusCode}&c={connectionId}&ref={ref}' })
    const connection = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'bsbx' })).json()
    await api('PUT', `/companies/${companyId}/connections/${connection.id}/authorization`, { accessToken: 'x' })
    const done = await open('GET', `/link/companies/${companyId}/complete?link.connection=${connection.id}&ref=r1`)
    expect(done.statusCode).toBe(302)
    expect(done.headers.location).toBe(`https://acme.example/back/${companyId}?status=200&c=${connection.id}&ref=r1`)
    const nothing = await open('GET', `/link/companies/${companyId}/complete`)
    expect(nothing.headers.location).toBe(`https://acme.example/back/${companyId}?status=201&c=&ref=`)
  })

  it('Complete never goes to a host the Link URL chose, even for a template stored before PUT /profile refused it', async () => {
    await api('PUT', '/profile', { name: 'Acme Lending', redirectUrl: 'https://acme.example/back' })
    await t.database.db.updateTable('client_profiles').set({ redirect_url: 'https:{env}/back?status={statusCode}', white_list_urls: '[]' }).where('client_id', '=', client.clientId).execute()
    const refused = await open('GET', `/link/companies/${companyId}/complete?env=evil.example`)
    expect(refused.statusCode).toBe(400)
    expect(refused.headers.location).toBeUndefined()
    expect(refused.body).toContain('The resolved redirect https://evil.example is not in the allowed redirect URLs.')
    // Allow-listed, the same template goes where the list allows, and nowhere else.
    expect((await api('PUT', '/profile', { name: 'Acme Lending', redirectUrl: 'https:{env}/back?status={statusCode}', whiteListUrls: ['https://uat.acme.example'] })).statusCode).toBe(200)
    expect((await open('GET', `/link/companies/${companyId}/complete?env=uat.acme.example`)).headers.location).toBe('https://uat.acme.example/back?status=201')
    expect((await open('GET', `/link/companies/${companyId}/complete?env=evil.example`)).statusCode).toBe(400)
  })

  it('keeps Link settings per client, with defaults, and refuses bad ones', async () => {
    const defaults = (await api('GET', '/linkSettings')).json()
    expect(defaults).toMatchObject({ categories: { accounting: { enabled: true, optional: false } }, showPoweredBy: true, branding: { primaryColor: '#2748c4' } })
    const saved = await api('PUT', '/linkSettings', { categories: { commerce: { enabled: true, optional: true } }, branding: { primaryColor: '#aa0000' }, consent: { title: 'Share {platformName} with {companyName}' } })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({ categories: { accounting: { enabled: true }, commerce: { enabled: true } }, branding: { primaryColor: '#aa0000', secondaryColor: '#1d2330' } })
    const view = (await open('GET', `/link/api/companies/${companyId}/session`)).json()
    expect(view.categories.map((c: { category: string }) => c.category)).toEqual(['accounting', 'banking', 'commerce'])
    expect(view.settings.consent.title).toBe('Share {platformName} with {companyName}')
    const bad = await api('PUT', '/linkSettings', { branding: { primaryColor: 'red' } })
    expect(bad.statusCode).toBe(400)
    expect(JSON.stringify(bad.json())).toContain('must be a colour such as #2748c4')
    const other = await t.createClient()
    expect((await t.app.inject({ method: 'GET', url: '/linkSettings', headers: other.headers })).json().branding.primaryColor).toBe('#2748c4')
  })

  it('the invite page creates a company from the name a person types, and continues into its hosted Link', async () => {
    const { url, enabled } = (await api('GET', '/linkSettings/inviteUrl')).json()
    expect(enabled).toBe(true)
    const path = new URL(url).pathname
    expect(path).toBe(`/link/client/${client.clientId}`)
    const form = await open('GET', path)
    expect(form.statusCode).toBe(200)
    expect(form.headers['x-frame-options']).toBe('DENY')
    expect(form.body).toContain('<label for="company-name">')
    const post = (companyName: string, ip = '10.0.0.1') =>
      t.app.inject({ method: 'POST', url: path, remoteAddress: ip, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ companyName }).toString() })
    const created = await post('Invited <b>Ltd</b>')
    expect(created.statusCode).toBe(303)
    const companyId = /\/link\/company\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!
    expect((await api('GET', `/companies/${companyId}`)).json().name).toBe('Invited bLtdb')
    const empty = await post('((()))')
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('role="alert"')
    for (let i = 0; i < 9; i += 1) await post('Spam', '10.0.0.2')
    expect((await post('Spam', '10.0.0.2')).statusCode).toBe(303)
    const limited = await post('Spam', '10.0.0.2')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBe('60')
    expect((await post('Another address', '10.0.0.3')).statusCode).toBe(303)
    t.clock.advance(61_000)
    expect((await post('Spam', '10.0.0.2')).statusCode).toBe(303)
    expect((await open('GET', `/link/client/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).statusCode).toBe(404)
    await api('PUT', '/linkSettings', { invitePage: { enabled: false } })
    expect((await open('GET', path)).statusCode).toBe(404)
    expect((await post('After switch-off')).statusCode).toBe(404)
    await api('PUT', '/linkSettings', {})
  })

  it('one-time Link URLs: each works once, for a day; the page leaves a cookie for its own calls and trips', async () => {
    await api('PUT', '/linkSettings', { oneTimeLinks: true })
    try {
      const company = (await api('POST', '/companies', { name: 'One time' })).json()
      const redirect = new URL(company.redirect)
      expect(redirect.searchParams.get('link.otp')).toMatch(/^[A-Za-z0-9_-]{40,}$/)
      const read = (await api('GET', `/companies/${company.id}`)).json()
      expect(read.redirect).not.toBe(company.redirect)
      const page = `/link/company/${company.id}`
      expect((await open('GET', page)).statusCode).toBe(403)
      const first = await open('GET', `${redirect.pathname}${redirect.search}`)
      expect(first.statusCode).toBe(200)
      // Its cookie runs out a day after this first opening: a page refused later is not offered a reload.
      expect(JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(first.body)![1]!)).not.toHaveProperty('canReload')
      const cookie = String(first.headers['set-cookie']).split(';')[0]!
      expect(String(first.headers['set-cookie'])).toContain('HttpOnly; SameSite=Lax')
      // The same token again, in another browser: refused. This browser keeps working with its cookie.
      expect((await open('GET', `${redirect.pathname}${redirect.search}`)).statusCode).toBe(403)
      expect((await open('GET', page, undefined, { cookie })).statusCode).toBe(200)
      expect((await open('GET', `/link/api/companies/${company.id}/session`)).json()).toMatchObject({ statusCode: 403, error: 'This Link URL has already been used or has expired; ask for a new one.' })
      const session = await open('GET', `/link/api/companies/${company.id}/session`, undefined, { cookie })
      expect(session.statusCode).toBe(200)
      // Complete is part of the page: another browser cannot take it.
      expect((await open('GET', `/link/companies/${company.id}/complete`)).statusCode).toBe(403)
      // With it, Complete answers as it would without one-time links (here the client's redirect settings decide what).
      expect((await open('GET', `/link/companies/${company.id}/complete`, undefined, { cookie })).statusCode).not.toBe(403)
      // Another company's page does not open with this company's cookie.
      const other = (await api('POST', '/companies', { name: 'Other' })).json()
      expect((await open('GET', `/link/company/${other.id}`, undefined, { cookie })).statusCode).toBe(403)

      // A connection's Link URL: its own token, once.
      const connection = (await api('POST', `/companies/${company.id}/connections`, { platformKey: 'bsbx' })).json()
      const linkUrl = new URL(connection.linkUrl)
      expect(linkUrl.searchParams.get('link.otp')).toBeTruthy()
      expect((await open('GET', `${linkUrl.pathname}${linkUrl.search}`)).statusCode).toBe(302)
      expect((await open('GET', `${linkUrl.pathname}${linkUrl.search}`)).statusCode).toBe(403)
      expect((await open('GET', linkUrl.pathname)).statusCode).toBe(403)
      expect((await open('GET', linkUrl.pathname, undefined, { cookie })).statusCode).toBe(302)

      // A day later an unused token no longer works, and neither does the cookie.
      const fresh = new URL((await api('GET', `/companies/${company.id}`)).json().redirect)
      t.clock.advance(24 * 60 * 60_000 + 1)
      expect((await open('GET', `${fresh.pathname}${fresh.search}`)).statusCode).toBe(403)
      expect((await open('GET', page, undefined, { cookie })).statusCode).toBe(403)
      // The invite page would be a way around them: it is off.
      expect((await open('GET', `/link/client/${client.clientId}`)).statusCode).toBe(404)
    } finally {
      await api('PUT', '/linkSettings', {})
    }
    const plain = (await api('POST', '/companies', { name: 'Plain again' })).json()
    expect(plain.redirect).toBe(`${TEST_PUBLIC_URL}/link/company/${plain.id}`)
  })

  describe("a change to a company's Link must come from its hosted page", () => {
    async function linkedConnection(): Promise<{ id: string; companyId: string }> {
      const company = (await api('POST', '/companies', { name: 'Targeted' })).json()
      const connection = (await api('POST', `/companies/${company.id}/connections`, { platformKey: 'bsbx' })).json()
      const linked = await api('PUT', `/companies/${company.id}/connections/${connection.id}/authorization`, { accessToken: 'tok', refreshToken: 'ref', expiresIn: 3600 })
      expect(linked.json().status).toBe('Linked')
      return { id: connection.id, companyId: company.id }
    }
    const refusal = { statusCode: 403, service: 'PublicApi', error: 'This request did not come from this company’s Link page; reload the page and try again.' }
    const statusOf = async (companyId: string, id: string) => (await api('GET', `/companies/${companyId}/connections/${id}`)).json().status

    it('refuses the bodiless cross-site POST that used to unlink a connection and revoke its tokens', async () => {
      const { id, companyId: company } = await linkedConnection()
      const url = `/link/api/companies/${company}/connections/${id}/disconnect`
      const crossSite = await open('POST', url, undefined, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })
      expect(crossSite.statusCode).toBe(403)
      expect(crossSite.json()).toMatchObject(refusal)
      // A "simple" form post, as an attacker's page can make: no token header, text/plain or form body.
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
        const form = await t.app.inject({ method: 'POST', url, headers: { 'content-type': contentType, origin: 'https://evil.example' }, payload: 'sessionId=x' })
        expect(form.statusCode).toBeGreaterThanOrEqual(400)
        expect(form.statusCode).toBeLessThan(500)
      }
      expect(await statusOf(company, id)).toBe('Linked')
    })

    it('refuses a token without its cookie, a cookie without its token, another company’s token, and another origin', async () => {
      const { id, companyId: company } = await linkedConnection()
      const url = `/link/api/companies/${company}/connections/${id}/disconnect`
      const mine = await pageCredentials(company)
      const other = await pageCredentials((await api('POST', '/companies', { name: 'Elsewhere' })).json().id)
      const attempts: Array<Record<string, string>> = [
        { 'x-link-token': mine.token },
        { cookie: mine.cookie },
        { 'x-link-token': other.token, cookie: other.cookie },
        { 'x-link-token': mine.token, cookie: other.cookie },
        { 'x-link-token': mine.token, cookie: mine.cookie, origin: 'https://evil.example' },
        { 'x-link-token': 'not-a-token', cookie: mine.cookie },
      ]
      for (const headers of attempts) {
        const res = await open('POST', url, { sessionId: crypto.randomUUID() }, headers)
        expect(res.statusCode, JSON.stringify(Object.keys(headers))).toBe(403)
        expect(res.json()).toMatchObject(refusal)
      }
      expect(await statusOf(company, id)).toBe('Linked')
      // The page's own call, with both, from this origin: done.
      const own = await open('POST', url, { sessionId: crypto.randomUUID() }, { 'x-link-token': mine.token, cookie: mine.cookie, origin: TEST_PUBLIC_URL })
      expect(own.statusCode).toBe(200)
      expect(await statusOf(company, id)).toBe('Unlinked')
    })

    it('keeps one cookie per browser, so two tabs both work; a token expires after a day', async () => {
      const company = (await api('POST', '/companies', { name: 'Two tabs' })).json().id
      const first = await pageCredentials(company)
      const second = await pageCredentials(company, { cookie: first.cookie })
      expect(second.cookie).toBe(first.cookie)
      const event = (token: string) => open('POST', `/link/api/companies/${company}/events`, { sessionId: crypto.randomUUID(), event: 'opened' }, { 'x-link-token': token, cookie: first.cookie })
      expect((await event(first.token)).statusCode).toBe(204)
      expect((await event(second.token)).statusCode).toBe(204)
      t.clock.advance(24 * 60 * 60_000 + 1)
      expect((await event(second.token)).statusCode).toBe(403)
    })

    it("refuses the invite form when another site's page posts it", async () => {
      await api('PUT', '/linkSettings', { invitePage: { enabled: true } })
      try {
        const path = `/link/client/${client.clientId}`
        const crossSite = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, payload: 'companyName=Planted' })
        expect(crossSite.statusCode).toBe(403)
        expect(crossSite.body).toContain('This form was sent from another site')
        const own = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_PUBLIC_URL }, payload: 'companyName=Welcome' })
        expect(own.statusCode).toBe(303)
        // Our pages say no-referrer, so a browser's own form post carries `Origin: null`: Sec-Fetch-Site vouches for it.
        const ownInBrowser = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin' }, payload: 'companyName=Welcome+again' })
        expect(ownInBrowser.statusCode).toBe(303)
        const sandboxedFrame = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'cross-site' }, payload: 'companyName=Planted' })
        expect(sandboxedFrame.statusCode).toBe(403)
      } finally {
        await api('PUT', '/linkSettings', {})
      }
    })
  })
})
