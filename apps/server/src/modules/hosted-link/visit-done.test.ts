/**
 * The done page names what THIS visit connected ("All done: Sandbox bank, Sandbox commerce"), not
 * every connection the company ever had; a visit that connected nothing names the company's
 * connections as before. Real trips to the sandbox platforms over HTTP, from the hosted page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlatformCatalogue } from '@linkway/platform-data'
import { approveConsent, startSandboxPlatforms, type RunningSandbox } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { renderConsentTexts } from '@linkway/link-ui/consent-texts'
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.js'

const SANDBOX_CLIENT = { clientId: 'linkway-visit-test', clientSecret: 'visit-test-sandbox-secret' }

async function get(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

interface HostedPage {
  config: { linkToken: string; visitId: string; completeUrl: string }
  cookie: string
}

describe.each(testedBackends())('the done page names what the visit connected on %s', (backend) => {
  let sandbox: RunningSandbox
  let t: TestApp
  let client: TestClient

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => await t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) })

  /** The hosted page as a browser gets it: its config (the visit, the Complete URL) and its page cookie. */
  async function openPage(url: string): Promise<HostedPage> {
    const page = await get(url)
    expect(page.status).toBe(200)
    const config = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(await page.text())![1]!)
    const cookie = page.headers.getSetCookie().find((value) => value.startsWith('linkway_link_page='))!.split(';')[0]!
    return { config, cookie }
  }

  /** Allow access on the hosted page, the platform's answer, and the way back: returns the hosted page it lands on. */
  async function connectFrom(page: HostedPage, companyId: string, platformKey: string, decision: 'approve' | 'deny' = 'approve', consentFor?: 'accounting' | 'banking' | 'commerce'): Promise<string> {
    // With the consent screen's texts, as the component sends them: a signed receipt is recorded.
    const consent = consentFor ? { lang: 'de' as const, texts: renderConsentTexts({ session: (await api('GET', `/link/api/companies/${companyId}/session?lang=de`)).json(), lang: 'de', category: consentFor, platformKey }) } : undefined
    const started = await fetch(`${t.url}/link/api/companies/${companyId}/connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-link-token': page.config.linkToken, cookie: page.cookie, origin: t.url, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ platformKey, sessionId: page.config.visitId, lang: 'de', ...(consent ? { consent } : {}) }),
    })
    expect(started.status, await started.clone().text()).toBe(200)
    const { authorizeUrl } = (await started.json()) as { authorizeUrl: string }
    const toPlatform = (await get(authorizeUrl)).headers.get('location')!
    const back = (await get(await approveConsent(toPlatform, { decision }))).headers.get('location')!
    expect(back.startsWith(`${t.url}/link/company/${companyId}?`)).toBe(true)
    return back
  }

  const doneTitle = async (completeUrl: string) => /<h1>(.*?)<\/h1>/.exec(await (await get(completeUrl)).text())![1]

  beforeAll(async () => {
    sandbox = await startSandboxPlatforms({ port: 0, clients: [] })
    t = await createTestApp(backend, { listen: true, startQueue: true, catalogue: createPlatformCatalogue({ sandboxUrl: sandbox.url }), sandboxClient: SANDBOX_CLIENT })
    sandbox.admin.registerClient({ ...SANDBOX_CLIENT, redirectUris: [`${t.url}/link/oauth/callback`] })
    client = await t.createClient('Acme Lending')
    // No redirect: Complete ends on Linkway's own done page.
    expect((await api('PUT', '/profile', { name: 'Acme Lending', redirectUrl: '' })).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
    await sandbox?.close()
  })

  it('names the connections this visit made, in order, not the ones made before or elsewhere', async () => {
    const companyId = (await api('POST', '/companies', { name: 'Bäckerei Müller' })).json().id as string
    // Connected before this visit, through the API.
    const earlier = (await api('POST', `/companies/${companyId}/connections`, { platformKey: 'mqjo' })).json()
    expect((await api('PUT', `/companies/${companyId}/connections/${earlier.id}/authorization`, { accessToken: 'x' })).statusCode).toBe(200)

    const first = await openPage(`${t.url}/link/company/${companyId}?lang=de`)
    // Commerce first, then a cancelled bank attempt, then the bank.
    const afterCommerce = await connectFrom(first, companyId, 'aiwb')
    expect(new URL(afterCommerce).searchParams.get('link.visit')).toBe(first.config.visitId)
    // Back on the page, the same visit goes on (the page reloads after each platform).
    const back = await openPage(afterCommerce)
    expect(back.config.visitId).toBe(first.config.visitId)
    await connectFrom(back, companyId, 'bsbx', 'deny')
    const last = await openPage(await connectFrom(back, companyId, 'bsbx', 'approve', 'banking'))
    expect(await doneTitle(last.config.completeUrl)).toBe('Fertig: Sandbox commerce, Sandbox bank')
    // The done page offers the receipt of each connection it names that has one, in their language.
    const connections = (await api('GET', `/companies/${companyId}/connections`)).json().results as Array<{ id: string; platformName: string }>
    const idOf = (name: string) => connections.find((connection) => connection.platformName === name)!.id
    const bank = { id: idOf('Sandbox bank') }
    const donePage = await (await get(last.config.completeUrl)).text()
    // Only the bank went through the consent screen with its texts here: one receipt, one link.
    expect(donePage).toContain(`<a href="/link/api/companies/${companyId}/connections/${bank.id}/consent" download>Ihren Einwilligungsnachweis herunterladen</a>`)
    expect(donePage).not.toContain(idOf('Sandbox commerce'))
    const receipt = await get(`${t.url}/link/api/companies/${companyId}/connections/${bank.id}/consent`)
    expect(receipt.status).toBe(200)

    // The component's done screen reads the same from its session.
    const session = (await api('GET', `/link/api/companies/${companyId}/session?visit=${first.config.visitId}`)).json()
    const byName = Object.fromEntries(session.connections.map((connection: { id: string; platformName: string }) => [connection.platformName, connection.id]))
    expect(session.visitConnectionIds).toEqual([byName['Sandbox commerce'], byName['Sandbox bank']])

    // Another visit (a new page load) that connects nothing: "All done" with the company's connections as before.
    const returning = await openPage(`${t.url}/link/company/${companyId}?lang=de`)
    expect(returning.config.visitId).not.toBe(first.config.visitId)
    expect(await doneTitle(returning.config.completeUrl)).toBe('Fertig: Sandbox accounting, Sandbox commerce, Sandbox bank')
    expect((await api('GET', `/link/api/companies/${companyId}/session?visit=${returning.config.visitId}`)).json().visitConnectionIds).toBeUndefined()
  })

  it("never names another company's connections for a visit id taken from elsewhere", async () => {
    const mine = (await api('POST', '/companies', { name: 'Toft stores' })).json().id as string
    const theirs = (await api('POST', '/companies', { name: 'Société Générale' })).json().id as string
    const earlier = (await api('POST', `/companies/${mine}/connections`, { platformKey: 'mqjo' })).json()
    await api('PUT', `/companies/${mine}/connections/${earlier.id}/authorization`, { accessToken: 'x' })
    const theirPage = await openPage(`${t.url}/link/company/${theirs}`)
    await connectFrom(theirPage, theirs, 'bsbx')
    // Their visit's id on my Complete: my company's connections, none of theirs.
    expect(await doneTitle(`${t.url}/link/companies/${mine}/complete?link.visit=${theirPage.config.visitId}`)).toBe('All done: Sandbox accounting')
    expect(await doneTitle(`${t.url}/link/companies/${mine}/complete?link.visit=not-a-guid`)).toBe('All done: Sandbox accounting')
  })
})
