import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { basicAuthorization, CLIENT, createPkce, getJson, postForm, REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'

let sandbox: TestSandbox
let quickbooks: EmulatedEndpoints['quickbooks']
beforeAll(async () => {
  sandbox = await startTestSandbox()
  quickbooks = emulatedEndpoints(sandbox.url).quickbooks
})
afterAll(async () => {
  await sandbox.close()
})

const AUTH = (): Record<string, string> => ({ authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) })

async function linkQuickbooks(): Promise<{ realmId: string; tokens: Record<string, unknown> }> {
  const pkce = createPkce()
  const url = new URL(quickbooks.authorizeUrl)
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    redirect_uri: REDIRECT_URI,
    state: 'qbo-state',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  }).toString()
  const callback = new URL(await approveConsent(url.href))
  expect([...callback.searchParams.keys()]).toEqual(['code', 'state', 'realmId'])
  const realmId = callback.searchParams.get('realmId') ?? ''
  const response = await postForm(
    quickbooks.tokenUrl,
    { grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier },
    AUTH(),
  )
  expect(response.status).toBe(200)
  return { realmId, tokens: (await response.json()) as Record<string, unknown> }
}

const query = (realmId: string, text: string): string => `${quickbooks.apiBaseUrl.replace('{realmId}', realmId)}/query?query=${encodeURIComponent(text)}&minorversion=75`

describe('the QuickBooks Online emulation', () => {
  it('serves Intuit’s URLs, with the company id in the API base', () => {
    expect(quickbooks).toEqual({
      authorizeUrl: `${sandbox.url}/emulate/quickbooks/connect/oauth2`,
      tokenUrl: `${sandbox.url}/emulate/quickbooks/oauth2/v1/tokens/bearer`,
      revokeUrl: `${sandbox.url}/emulate/quickbooks/oauth2/v1/tokens/revoke`,
      apiBaseUrl: `${sandbox.url}/emulate/quickbooks/v3/company/{realmId}`,
    })
  })

  it('adds realmId to the approve redirect and the refresh token lifetime to the token response', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    expect(realmId).toMatch(/^9\d{15}$/)
    expect(Object.keys(tokens)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'x_refresh_token_expires_in'])
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'com.intuit.quickbooks.accounting', x_refresh_token_expires_in: 8_726_400 })
    expect(sandbox.admin.listGrants().find((grant) => grant.platform === 'quickbooks')?.realmId).toBe(realmId)
  })

  it('answers queries in Intuit’s QueryResponse shape, paged by startposition and maxresults', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const token = tokens['access_token'] as string
    const first = (await (await getJson(query(realmId, 'select * from Invoice'), token)).json()) as { QueryResponse: { Invoice: Record<string, unknown>[]; startPosition: number; maxResults: number }; time: string }
    expect(first.QueryResponse.startPosition).toBe(1)
    expect(first.QueryResponse.maxResults).toBe(100)
    expect(first.QueryResponse.Invoice[0]).toMatchObject({
      Id: '1',
      SyncToken: '0',
      DocNumber: 'INV-00001',
      TxnDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      CustomerRef: { value: expect.stringMatching(/^\d+$/), name: expect.any(String) },
      MetaData: { CreateTime: expect.stringMatching(/\+00:00$/), LastUpdatedTime: expect.stringMatching(/\+00:00$/) },
    })
    const rest = (await (await getJson(query(realmId, 'SELECT * FROM Invoice STARTPOSITION 101 MAXRESULTS 100'), token)).json()) as { QueryResponse: { Invoice: { Id: string }[] } }
    expect(rest.QueryResponse.Invoice.map((invoice) => invoice.Id)).toEqual(Array.from({ length: 20 }, (_, index) => String(101 + index)))
    expect(await (await getJson(query(realmId, 'select count(*) from Customer'), token)).json()).toMatchObject({ QueryResponse: { totalCount: 60 } })
    expect(await (await getJson(query(realmId, 'select * from Invoice startposition 500'), token)).json()).toMatchObject({ QueryResponse: {} })

    const since = first.QueryResponse.Invoice[9]?.['MetaData'] as { LastUpdatedTime: string }
    const newer = (await (await getJson(query(realmId, `select count(*) from Invoice where Metadata.LastUpdatedTime > '${since.LastUpdatedTime}'`), token)).json()) as { QueryResponse: { totalCount: number } }
    expect(newer.QueryResponse.totalCount).toBe(110)
  })

  it('refuses another company’s realmId and a query it cannot parse', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const token = tokens['access_token'] as string
    const other = await getJson(query('9999999999999999', 'select * from Invoice'), token)
    expect(other.status).toBe(403)
    expect(await other.json()).toMatchObject({ Fault: { type: 'AuthorizationFault', Error: [{ code: '3100' }] } })
    const bad = await getJson(query(realmId, 'delete from Invoice'), token)
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ Fault: { type: 'ValidationFault', Error: [{ Message: 'Error parsing query', code: '4000' }] } })
  })

  it('revokes with Intuit’s JSON body', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const revoked = await fetch(quickbooks.revokeUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...AUTH() }, body: JSON.stringify({ token: tokens['refresh_token'] }) })
    expect(revoked.status).toBe(200)
    expect((await getJson(query(realmId, 'select * from Invoice'), tokens['access_token'] as string)).status).toBe(401)
  })
})
