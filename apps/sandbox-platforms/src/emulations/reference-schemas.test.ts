/**
 * The emulations held to the platforms' published references: every request Linkway's Xero,
 * QuickBooks Online and Shopify data sources make (each data source read whole, then again
 * incrementally, following `next`), and the few the emulations serve besides, answered by the
 * emulation and validated against the reference kept in apps/sandbox-platforms/reference. A field
 * the reference does not define, a wrong JSON type or a value outside an enum fails, naming the
 * platform, the endpoint, the JSON path and the rule. What is checked more loosely, and why:
 * src/testing/reference-exceptions.ts.
 */
import { dataSourcesOf } from '@linkway/platform-data'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { fetchPlatformResponse, readEveryDataSource, type PlatformExchange } from '../testing/platform-reads.js'
import { summarizeViolations, type ReferenceViolation } from '../testing/reference-violations.js'
import { basicAuthorization, CLIENT, createPkce, getJson, postForm, REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'
import { loadShopifyReference } from '../testing/shopify-reference.js'
import { loadXeroReference, type XeroReference } from '../testing/xero-reference.js'
import { XERO_TENANTS } from './xero.js'

let sandbox: TestSandbox
let endpoints: EmulatedEndpoints
beforeAll(async () => {
  sandbox = await startTestSandbox()
  endpoints = emulatedEndpoints(sandbox.url)
})
afterAll(async () => {
  await sandbox.close()
})

/** Before most generated records' last change, so an incremental read still answers records (and QuickBooks' CDC, within its 30 days, is asked). */
const MODIFIED_SINCE = new Date('2025-02-20T00:00:00Z')
const PAGE_SIZE = 100

/** Every exchange of a whole read and of an incremental one. */
async function readBothWays(platformKey: string, baseUrl: string, connectionInfo: Record<string, unknown>, tokenHeaders: Record<string, string>): Promise<PlatformExchange[]> {
  const sources = dataSourcesOf(platformKey)
  if (sources === undefined) throw new Error(`No data sources for ${platformKey}`)
  const exchanges: PlatformExchange[] = []
  for (const modifiedSince of [undefined, MODIFIED_SINCE]) exchanges.push(...(await readEveryDataSource(sources, { baseUrl, connectionInfo, modifiedSince, pageSize: PAGE_SIZE }, tokenHeaders)))
  return exchanges
}

const relativeTo = (baseUrl: string, url: string): string => `GET ${url.slice(baseUrl.length)}`

describe('the Xero emulation against Xero’s OpenAPI descriptions', () => {
  let reference: XeroReference
  let tokens: Record<string, unknown>
  beforeAll(async () => {
    reference = loadXeroReference()
    const pkce = createPkce()
    const url = new URL(endpoints.xero.authorizeUrl)
    const scope = 'openid profile email accounting.transactions accounting.contacts accounting.settings accounting.journals.read accounting.reports.read offline_access'
    url.search = new URLSearchParams({ response_type: 'code', client_id: CLIENT.clientId, redirect_uri: REDIRECT_URI, scope, state: 'reference', code_challenge: pkce.challenge, code_challenge_method: 'S256' }).toString()
    const callback = new URL(await approveConsent(url.href))
    const answer = await postForm(
      endpoints.xero.tokenUrl,
      { grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier },
      { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) },
    )
    tokens = (await answer.json()) as Record<string, unknown>
  })

  it('answers the token request and /connections as the Identity API describes', async () => {
    const connections = await (await getJson(endpoints.xero.tenantsUrl, String(tokens['access_token']))).json()
    expect(summarizeViolations([...reference.checkTokenAnswer(tokens), ...reference.checkConnections(connections)])).toEqual([])
  })

  it.each(XERO_TENANTS.map((tenant) => [tenant.tenantName, tenant.tenantId]))('answers every read of %s as the Accounting API describes', async (_name, tenantId) => {
    const { apiBaseUrl } = endpoints.xero
    const tokenHeaders = { authorization: `Bearer ${String(tokens['access_token'])}` }
    const exchanges = await readBothWays('gbol', apiBaseUrl, { tenantId }, tokenHeaders)
    // Served by the emulation though Linkway builds its statements from the ledger instead: kept true all the same.
    for (const path of ['Reports/BalanceSheet?date=2025-02-28', 'Reports/ProfitAndLoss?fromDate=2024-07-01&toDate=2025-02-28']) {
      const request = { url: `${apiBaseUrl}/${path}`, headers: { 'xero-tenant-id': tenantId } }
      exchanges.push({ dataType: 'report', request, response: await fetchPlatformResponse(request, tokenHeaders) })
    }
    const violations: ReferenceViolation[] = exchanges.flatMap(({ request, response }) => reference.checkAccountingAnswer(relativeTo(apiBaseUrl, request.url), response.status, response.body))
    expect(summarizeViolations(violations)).toEqual([])
    // Every path the reference subset holds was asked at least once: a path dropped from the data sources is noticed.
    expect(new Set(exchanges.map(({ request }) => new URL(request.url).pathname.slice(new URL(apiBaseUrl).pathname.length)))).toEqual(new Set(reference.accountingPaths))
  })
})

describe('the Shopify emulation against Shopify’s REST resources for Admin API 2024-10', () => {
  it('answers every read of a shop as the resources declare and their recorded samples show', async () => {
    const reference = loadShopifyReference()
    const shop = 'reference-outfitters'
    const scope = 'read_orders,read_products,read_customers,read_locations,read_shopify_payments_payouts,read_shopify_payments_disputes'
    const authorize = new URL(endpoints.shopify.authorizeUrl.replace('{shop}', shop))
    authorize.search = new URLSearchParams({ client_id: CLIENT.clientId, scope, redirect_uri: REDIRECT_URI, state: 'reference' }).toString()
    const callback = new URL(await approveConsent(authorize.href))
    const answer = await fetch(endpoints.shopify.tokenUrl.replace('{shop}', shop), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: callback.searchParams.get('code') }),
    })
    const { access_token: accessToken } = (await answer.json()) as { access_token: string }
    const apiBaseUrl = endpoints.shopify.apiBaseUrl.replace('{shop}', shop)
    const exchanges = await readBothWays('fztf', apiBaseUrl, { shop }, { 'x-shopify-access-token': accessToken })
    const violations = exchanges.flatMap(({ request, response }) => reference.checkAnswer(relativeTo(apiBaseUrl, request.url), response.status, response.body))
    expect(summarizeViolations(violations)).toEqual([])
    expect(reference.unverifiedPlaces()).toEqual([])
  })
})
