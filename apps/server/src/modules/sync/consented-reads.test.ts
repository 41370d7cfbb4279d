/**
 * Reads stay within what the person consented to: a connection made through Link's consent screen
 * reads only the data types its signed receipt lists. What the sync settings queue skips the rest;
 * a client's own request for one ends PermissionsError, saying why; a new consent that lists it
 * lets it be read.
 */
import { approveConsent } from '@linkway/sandbox-platforms'
import { renderConsentTexts } from '@linkway/link-ui/consent-texts'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'

describe.each(testedBackends())('reads within the consent, on %s', (backend) => {
  let h: SyncHarness

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    await h.startWorkers()
  }, 60_000)
  afterAll(async () => {
    await h?.close()
  })

  const open = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) => h.t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })

  /** The hosted page's credentials for its Link API calls: its token, its cookie, its origin. */
  async function pageHeaders(companyId: string): Promise<Record<string, string>> {
    const page = await open('GET', `/link/company/${companyId}`)
    const token = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!).linkToken as string
    const cookie = String([page.headers['set-cookie']].flat().find((value) => String(value).startsWith('linkway_link_page='))).split(';')[0]!
    return { 'x-link-token': token, cookie, origin: h.t.url, 'sec-fetch-site': 'same-origin' }
  }

  /** Connects Sandbox accounting as a person does on the hosted page: its consent screen, Allow access, the platform's approval. */
  async function connectThroughConsent(companyId: string): Promise<{ connectionId: string; consented: string[] }> {
    const headers = await pageHeaders(companyId)
    const session = (await open('GET', `/link/api/companies/${companyId}/session?lang=en`)).json()
    const texts = renderConsentTexts({ session, lang: 'en', category: 'accounting', platformKey: 'mqjo' })
    const started = await open('POST', `/link/api/companies/${companyId}/connections`, { platformKey: 'mqjo', sessionId: session.sessionId, consent: { lang: 'en', texts } }, headers)
    expect(started.statusCode, started.body).toBe(200)
    const { connectionId, authorizeUrl } = started.json()
    const toPlatform = (await fetch(authorizeUrl, { redirect: 'manual' })).headers.get('location') ?? authorizeUrl
    const callback = await approveConsent(toPlatform, { decision: 'approve' })
    expect((await fetch(callback, { redirect: 'manual' })).status).toBeLessThan(400)
    return { connectionId, consented: session.settings.dataTypes.accounting }
  }

  /** Each data type's latest dataset, once every one has finished (the history lists the newest first). */
  async function statusesOf(companyId: string): Promise<Map<string, { status: string }>> {
    const latest = new Map<string, { status: string }>()
    for (const dataset of (await h.waitForSyncs(companyId)) as Array<{ dataType: string; status: string }>) if (!latest.has(dataset.dataType)) latest.set(dataset.dataType, dataset)
    return latest
  }

  it('reads only what the consent listed; a request for more ends PermissionsError; a consent that lists it lets it be read', async () => {
    const settings = (await h.api('GET', '/linkSettings')).json()
    // The client words the consent list narrower than what its sync settings (every data type) read.
    expect((await h.api('PUT', '/linkSettings', { ...settings, dataTypes: { accounting: ['chartOfAccounts', 'invoices'] } })).statusCode).toBe(200)
    const companyId = (await h.api('POST', '/companies', { name: 'Hallam Outfitters' })).json().id
    const { connectionId, consented } = await connectThroughConsent(companyId)
    expect(consented).toEqual(['chartOfAccounts', 'invoices'])

    // The first link read what was consented, and nothing else.
    const first = await statusesOf(companyId)
    expect([...first.keys()].sort()).toEqual(['chartOfAccounts', 'invoices'])
    expect(first.get('invoices')).toMatchObject({ status: 'Complete' })

    // The client asks for bills anyway: refused at once, with the reason, and nothing read.
    const asked = await h.api('POST', `/companies/${companyId}/data/queue/bills?connectionId=${connectionId}`)
    expect(asked.statusCode, asked.body).toBe(200)
    expect(asked.json()).toMatchObject({ dataType: 'bills', status: 'PermissionsError' })
    expect(asked.json().statusDescription).toBe(
      "The person who connected Sandbox accounting consented to sharing chartOfAccounts, invoices, not bills. Have them connect again with a consent screen that lists it (Link settings' dataTypes, or the company's sync settings).",
    )
    expect((await h.api('GET', `/companies/${companyId}/data/bills`)).statusCode).not.toBe(200)

    // The sync settings' list again: the person disconnects, connects again and consents to it; bills can be read.
    expect((await h.api('PUT', '/linkSettings', settings)).statusCode).toBe(200)
    const disconnected = await open('POST', `/link/api/companies/${companyId}/connections/${connectionId}/disconnect`, { sessionId: crypto.randomUUID() }, await pageHeaders(companyId))
    expect(disconnected.statusCode, disconnected.body).toBe(200)
    expect((await connectThroughConsent(companyId)).connectionId).toBe(connectionId)
    await h.waitForSyncs(companyId)
    const again = await h.api('POST', `/companies/${companyId}/data/queue/bills?connectionId=${connectionId}`)
    expect(again.json(), again.body).toMatchObject({ dataType: 'bills', status: 'Queued' })
    expect((await statusesOf(companyId)).get('bills')).toMatchObject({ status: 'Complete' })
  })

  it('leaves a connection made without the consent screen (the API’s linkUrl) to the client: every data type is read', async () => {
    const { companyId, connectionId } = await h.linkSandbox('mqjo')
    await h.waitForSyncs(companyId)
    const asked = await h.api('POST', `/companies/${companyId}/data/queue/bills?connectionId=${connectionId}`)
    expect(asked.json(), asked.body).toMatchObject({ dataType: 'bills', status: 'Queued' })
    expect((await statusesOf(companyId)).get('bills')).toMatchObject({ status: 'Complete' })
  })
})
