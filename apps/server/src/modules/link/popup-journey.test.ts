/**
 * Embedded Link's trip to a platform in a popup (`display: 'popup'`), over real HTTP against the
 * emulated platforms as link-flow.test.ts: the Link API's start keeps the embedding page's origin,
 * and every end of the journey is Linkway's popup page, which posts the outcome to exactly that
 * origin (never a redirect). What a browser does with the page is apps/e2e/src/popup-journey.test.ts.
 */
import { createHash } from 'node:crypto'
import { EmbeddedLinkResultMessage } from '@linkway/contracts'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, startSandboxPlatforms, XERO_TENANTS, type RunningSandbox } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'
import { EMBED_TOKEN_TTL_MS } from './embedded-journeys.js'

const SANDBOX_CLIENT = { clientId: 'linkway-popup-test', clientSecret: 'popup-test-sandbox-secret' }
/** The client's own page, where Link is embedded: a different origin from Linkway's. */
const EMBED_ORIGIN = 'https://app.acme.example'
/** Set, to show a popup journey never follows it. */
const REDIRECT = 'https://client.example/done?status={statusCode}&conn={connectionId}'

async function get(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

function location(response: Response): string {
  const value = response.headers.get('location')
  if (!value) throw new Error(`expected a redirect, got ${response.status}`)
  return value
}

/** A page's one directive, e.g. its `script-src`. */
const directive = (csp: string | null, name: string) =>
  (csp ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `))

/** What the popup page would post, and where: its JSON data block. */
function postedBy(html: string): { targetOrigin: string; message: unknown } | undefined {
  const block = /<script type="application\/json" id="linkway-link-result">(.*?)<\/script>/s.exec(html)
  return block ? JSON.parse(block[1]!) : undefined
}

/** The page's executable inline scripts (not its data block). */
const inlineScripts = (html: string) => [...html.matchAll(/<script>(.*?)<\/script>/gs)].map((match) => match[1]!)

describe.each(testedBackends())('Embedded Link’s popup journey over HTTP on %s', (backend) => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient

  const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    await t.app.inject({ method, url, headers: client.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const newCompany = async () => (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string

  /**
   * The Link API's connection start as the embedded component on the client's page sends it: a
   * cross-site call from an origin on the client's CORS list, with `X-Link-Embedded: 1` (no token)
   * or the company's access token. Its sessionId comes from the session it read first, as the
   * component's does. `origin: null` sends no Origin (a server's call with a token; no browser's).
   */
  async function startFromLinkApi(companyId: string, body: Record<string, unknown>, caller: { origin?: string | null; token?: string } = {}) {
    const origin = caller.origin === undefined ? EMBED_ORIGIN : caller.origin
    const headers = {
      'sec-fetch-site': 'cross-site',
      ...(origin === null ? {} : { origin }),
      ...(caller.token ? { authorization: `Bearer ${caller.token}` } : { 'x-link-embedded': '1' }),
    }
    const session = await t.app.inject({ method: 'GET', url: `/link/api/companies/${companyId}/session`, headers })
    expect(session.statusCode, session.body).toBe(200)
    return await t.app.inject({ method: 'POST', url: `/link/api/companies/${companyId}/connections`, headers, payload: { sessionId: session.json().sessionId, ...body } })
  }

  /** The same start from Linkway's own hosted page: its page token and cookie, same-origin. */
  async function startFromHostedPage(companyId: string, body: Record<string, unknown>) {
    const page = await t.app.inject({ method: 'GET', url: `/link/company/${companyId}` })
    const config = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!)
    const cookie = String([page.headers['set-cookie'] ?? []].flat().find((value) => String(value).startsWith('linkway_link_page='))).split(';')[0]!
    return await t.app.inject({
      method: 'POST',
      url: `/link/api/companies/${companyId}/connections`,
      headers: { 'x-link-token': config.linkToken, cookie, 'sec-fetch-site': 'same-origin', origin: t.url },
      payload: { sessionId: config.visitId, ...body },
    })
  }

  async function popupStart(platformKey: string, extra: Record<string, unknown> = {}) {
    const companyId = await newCompany()
    const res = await startFromLinkApi(companyId, { platformKey, display: 'popup', ...extra })
    expect(res.statusCode, res.body).toBe(200)
    const { connectionId, authorizeUrl } = res.json() as { connectionId: string; authorizeUrl: string }
    return { companyId, connectionId, authorizeUrl }
  }

  /** The popup page as it must always be: HTML, no redirect, no framing, no link, its script allowed by hash only. */
  async function expectPopupPage(res: Response, expected: { status: number; companyId: string; connectionId: string; statusCode: string | undefined; texts: string[] }) {
    expect(res.status).toBe(expected.status)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    const csp = res.headers.get('content-security-policy')
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'")
    expect(directive(csp, 'default-src')).toBe("default-src 'none'")
    const html = await res.text()
    for (const text of expected.texts) expect(html).toContain(text)
    // The person goes back to the tab they came from: nothing to click here.
    expect(html).not.toMatch(/<a\b|href=|<form\b/)
    const scripts = inlineScripts(html)
    if (expected.statusCode === undefined) {
      expect(postedBy(html)).toBeUndefined()
      expect(scripts).toEqual([])
      expect(directive(csp, 'script-src')).toBeUndefined()
      return html
    }
    expect(postedBy(html)).toEqual({
      targetOrigin: EMBED_ORIGIN,
      message: { type: 'linkway:link-result', companyId: expected.companyId, connectionId: expected.connectionId, statusCode: expected.statusCode },
    })
    expect(EmbeddedLinkResultMessage.safeParse(postedBy(html)!.message).success).toBe(true)
    // One script, allowed by its hash and nothing else: no 'unsafe-inline', no host, no '*'.
    expect(scripts).toHaveLength(1)
    expect(scripts[0]).toContain('window.opener.postMessage(r.message,r.targetOrigin)')
    expect(scripts[0]).toContain('window.close()')
    expect(directive(csp, 'script-src')).toBe(`script-src 'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}'`)
    return html
  }

  const connectionOf = async (companyId: string, connectionId: string) => (await api('GET', `/companies/${companyId}/connections/${connectionId}`)).json()

  beforeAll(async () => {
    // The platforms' OAuth servers keep Linkway's (fake) time, as real ones share real time: Xero's ID tokens are checked against it.
    sandbox = await startSandboxPlatforms({ port: 0, clients: [], tokenClock: { now: () => t.clock.now() } })
    const emulated = emulatedEndpoints(sandbox.url)
    const catalogue = createPlatformCatalogue({
      sandboxUrl: sandbox.url,
      endpointOverrides: { gbol: { authorizeUrl: emulated.xero.authorizeUrl, tokenUrl: emulated.xero.tokenUrl, revokeUrl: emulated.xero.revokeUrl, tenantsUrl: emulated.xero.tenantsUrl, jwksUrl: emulated.xero.jwksUrl } },
    })
    t = await createTestApp(backend, { listen: true, startQueue: true, catalogue, sandboxClient: SANDBOX_CLIENT, rateLimits: { linkPerMinute: 0 } })
    const callbackUrl = `${t.url}/link/oauth/callback`
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [callbackUrl] })
    sandbox.admin.registerClient({ clientId: 'xero-app', clientSecret: 'xero-app-secret', redirectUris: [callbackUrl] })
    client = await t.createClient()
    expect((await api('PUT', '/profile', { name: 'Acme Lending', redirectUrl: REDIRECT })).statusCode).toBe(200)
    // The embedding page's origin is on the client's CORS list, as an embedded page's must be.
    expect((await api('POST', '/corsSettings', { allowedOrigins: [EMBED_ORIGIN] })).statusCode).toBe(200)
    expect((await api('PUT', '/integrations/gbol/credentials', { clientId: 'xero-app', clientSecret: 'xero-app-secret' })).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
    await sandbox?.close()
  })

  it('keeps the embedding page’s origin on the link session: return_to embedded, embed_origin', async () => {
    const { companyId, connectionId, authorizeUrl } = await popupStart('bsbx')
    const start = new URL(authorizeUrl)
    expect(start.origin + start.pathname).toBe(`${t.url}/link/companies/${companyId}/connections/${connectionId}/start`)
    // The origin travels sealed, never as readable (or writable) text in the URL.
    expect(start.searchParams.get('link.embed')).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    expect(start.searchParams.has('link.return')).toBe(false)
    expect(authorizeUrl).not.toContain(encodeURIComponent(EMBED_ORIGIN))
    const toPlatform = await get(authorizeUrl)
    expect(location(toPlatform)).toMatch(new RegExp(`^${sandbox.url}/banking/oauth/authorize\\?`))
    const session = await t.database.db.selectFrom('link_sessions').selectAll().where('connection_id', '=', connectionId).executeTakeFirstOrThrow()
    expect(session).toMatchObject({ return_to: 'embedded', embed_origin: EMBED_ORIGIN, visit_id: start.searchParams.get('link.visit') })
    expect(session.redirect_params).toEqual({})

    // The table holds an origin exactly for embedded sessions.
    const insert = (returnTo: string, origin: string | null) =>
      sql`insert into link_sessions (id, client_id, connection_id, state_hash, code_verifier_sealed, redirect_params, connection_params, status, created_at, expires_at, return_to, embed_origin)
          values (gen_random_uuid(), ${session.client_id}, ${connectionId}, ${Buffer.from(returnTo + String(origin))}, ${Buffer.from('x')}, '{}', '{}', 'started', now(), now(), ${returnTo}, ${origin})`.execute(t.database.db)
    await expect(insert('embedded', null)).rejects.toThrow(/link_sessions_embed_origin_check/)
    await expect(insert('hosted', EMBED_ORIGIN)).rejects.toThrow(/link_sessions_embed_origin_check/)
    await expect(insert('elsewhere', null)).rejects.toThrow(/link_sessions_return_to_check/)
  })

  it('refuses display popup without an Origin or from Linkway’s own page (400 in the wire body), and from an origin not on the CORS list (403, the guard’s); nothing created', async () => {
    const companyId = await newCompany()
    const token = (await api('GET', `/companies/${companyId}/accessToken`)).json().accessToken as string
    const prefix = "display 'popup' needs the Origin of the page that embeds Link: "
    const noOrigin = await startFromLinkApi(companyId, { platformKey: 'bsbx', display: 'popup' }, { origin: null, token })
    expect(noOrigin.statusCode).toBe(400)
    expect(noOrigin.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error: prefix + 'the request has no Origin header; send it from the page that embeds Link.' })
    const ownPage = await startFromHostedPage(companyId, { platformKey: 'bsbx', display: 'popup' })
    expect(ownPage.statusCode).toBe(400)
    expect(ownPage.json()).toMatchObject({ statusCode: 400, service: 'PublicApi', error: prefix + 'the Origin is Linkway’s own; hosted Link returns in its own window.' })
    // An origin that is not one (`null`, a path, words) is never on a list: the CORS guard refuses it
    // before the start reads it (embedded-journeys.test.ts covers the start's own parsing).
    for (const origin of ['null', 'https://app.acme.example/embed', 'not an origin', 'https://other.example']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/link/api/companies/${companyId}/connections`,
        headers: { 'sec-fetch-site': 'cross-site', origin, authorization: `Bearer ${token}` },
        payload: { platformKey: 'bsbx', sessionId: crypto.randomUUID(), display: 'popup' },
      })
      expect(res.statusCode, origin).toBe(403)
      expect(res.json()).toMatchObject({ statusCode: 403, service: 'PublicApi' })
    }
    const unknown = await startFromLinkApi(companyId, { platformKey: 'bsbx', display: 'window' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error).toContain("display must be 'popup'")
    expect((await api('GET', `/companies/${companyId}/connections`)).json().results).toEqual([])
    // Without display the hosted page starts the hosted journey as before, from its own origin.
    const hosted = await startFromHostedPage(companyId, { platformKey: 'bsbx' })
    expect(hosted.statusCode).toBe(200)
    expect(new URL(hosted.json().authorizeUrl).searchParams.get('link.return')).toBe('hosted')
  })

  it('ends a linked journey on the popup page, which posts 200 to the embedding origin and closes; the client’s redirect is not followed', async () => {
    const { companyId, connectionId, authorizeUrl } = await popupStart('mqjo')
    const callback = await approveConsent(location(await get(authorizeUrl)))
    const done = await get(callback)
    await expectPopupPage(done, {
      status: 200,
      companyId,
      connectionId,
      statusCode: '200',
      texts: ['<html lang="en">', 'Sandbox accounting is connected', 'Your Sandbox accounting account is connected.', 'You can close this window and return to Acme Lending’s page.'],
    })
    expect((await connectionOf(companyId, connectionId)).status).toBe('Linked')

    // The callback again (Back in the popup, answered again): where the connection stands, posting nothing.
    const replay = await get(callback)
    await expectPopupPage(replay, { status: 200, companyId, connectionId, statusCode: undefined, texts: ['Sandbox accounting is connected', 'You can close this window and return to Acme Lending’s page.'] })

    // The start URL again once linked: "already linked" without a trip to the platform.
    const again = await get(authorizeUrl)
    await expectPopupPage(again, { status: 200, companyId, connectionId, statusCode: '201', texts: ['Sandbox accounting is connected'] })
  })

  it('posts 403 when the person cancels at the platform, and 500 when the platform fails, in the person’s language', async () => {
    const cancelled = await popupStart('bsbx', { lang: 'de' })
    const denied = await get(await approveConsent(location(await get(cancelled.authorizeUrl)), { decision: 'deny' }))
    await expectPopupPage(denied, {
      status: 200,
      companyId: cancelled.companyId,
      connectionId: cancelled.connectionId,
      statusCode: '403',
      texts: ['<html lang="de">', 'Sandbox bank wurde nicht verbunden', 'Sie haben das Verbinden von Sandbox bank abgebrochen. Es wurde nichts geteilt.', 'Sie können dieses Fenster schließen und zur Seite von Acme Lending zurückkehren.'],
    })
    const cancelledReplayState = new URL(location(await get(cancelled.authorizeUrl))).searchParams.get('state')!

    const failed = await popupStart('aiwb', { lang: 'fr' })
    const state = new URL(location(await get(failed.authorizeUrl))).searchParams.get('state')!
    const error = await get(`${t.url}/link/oauth/callback?state=${state}&error=temporarily_unavailable&error_description=down`)
    await expectPopupPage(error, {
      status: 502,
      companyId: failed.companyId,
      connectionId: failed.connectionId,
      statusCode: '500',
      texts: ['<html lang="fr">', 'Un problème est survenu lors de la connexion à Sandbox commerce. Rien n’a été partagé.', 'Vous pouvez fermer cette fenêtre et revenir à la page de Acme Lending.'],
    })
    expect((await connectionOf(failed.companyId, failed.connectionId)).status).toBe('PendingAuth')
    // A replay of a journey that did not link says so, and posts nothing.
    await get(`${t.url}/link/oauth/callback?state=${cancelledReplayState}&error=access_denied`)
    const replay = await get(`${t.url}/link/oauth/callback?state=${cancelledReplayState}&error=access_denied`)
    await expectPopupPage(replay, { status: 200, companyId: cancelled.companyId, connectionId: cancelled.connectionId, statusCode: undefined, texts: ['Ihr Sandbox bank-Konto ist nicht verbunden.'] })
  })

  it('continues through the organisation pick inside the popup and posts there', async () => {
    const { companyId, connectionId, authorizeUrl } = await popupStart('gbol')
    const pick = await get(await approveConsent(location(await get(authorizeUrl))))
    expect(pick.status).toBe(200)
    const html = await pick.text()
    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&')
    const stepToken = /name="stepToken" value="([^"]+)"/.exec(html)![1]!
    const chosen = XERO_TENANTS[1]!
    const done = await fetch(action, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ stepToken, tenantId: chosen.tenantId }).toString() })
    await expectPopupPage(done, { status: 200, companyId, connectionId, statusCode: '200', texts: ['Xero is connected'] })
    expect((await connectionOf(companyId, connectionId)).connectionInfo).toMatchObject({ tenantId: chosen.tenantId })
  })

  it('refuses a start URL whose sealed origin is tampered with, another connection’s or expired; without it the journey is the ordinary one', async () => {
    const first = await popupStart('bsbx')
    const second = await popupStart('bsbx')
    const expectRefused = async (url: string) => {
      const res = await get(url)
      expect(res.status).toBe(400)
      expect(res.headers.get('location')).toBeNull()
      expect(await res.text()).toContain('This link has expired')
    }
    const tampered = new URL(first.authorizeUrl)
    tampered.searchParams.set('link.embed', `${tampered.searchParams.get('link.embed')!.slice(0, -2)}AA`)
    await expectRefused(tampered.href)
    const swapped = new URL(first.authorizeUrl)
    swapped.searchParams.set('link.embed', new URL(second.authorizeUrl).searchParams.get('link.embed')!)
    await expectRefused(swapped.href)
    const plain = new URL(first.authorizeUrl)
    plain.searchParams.delete('link.embed')
    const callback = await approveConsent(location(await get(plain.href)))
    expect(location(await get(callback))).toBe(`https://client.example/done?status=200&conn=${first.connectionId}`)

    t.clock.advance(EMBED_TOKEN_TTL_MS)
    await expectRefused(second.authorizeUrl)
  })
})
