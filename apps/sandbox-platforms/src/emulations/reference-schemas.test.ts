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
import { loadQuickbooksReference, type QuickbooksReference } from '../testing/quickbooks-reference.js'
import { loadShopifyReference, type ShopifyReference } from '../testing/shopify-reference.js'
import { loadSquareReference, type SquareReference } from '../testing/square-reference.js'
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
  // A refusal ends a read early, and an error body the reference defines (QuickBooks' Fault) would pass its check: every read must succeed.
  expect(exchanges.filter(({ response }) => response.status !== 200).map(({ dataType, request, response }) => `${dataType}: ${response.status} ${request.url}`)).toEqual([])
  return exchanges
}

const relativeTo = (baseUrl: string, url: string): string => `GET ${url.slice(baseUrl.length)}`

/** Authorize with PKCE, approve, redeem the code: the token answer, and the callback (QuickBooks names the company there). */
async function linkWithPkce(platform: { authorizeUrl: string; tokenUrl: string }, parameters: Record<string, string>): Promise<{ tokens: Record<string, unknown>; callback: URL }> {
  const pkce = createPkce()
  const authorize = new URL(platform.authorizeUrl)
  authorize.search = new URLSearchParams({ ...parameters, client_id: CLIENT.clientId, response_type: 'code', redirect_uri: REDIRECT_URI, state: 'reference', code_challenge: pkce.challenge, code_challenge_method: 'S256' }).toString()
  const callback = new URL(await approveConsent(authorize.href))
  const answer = await postForm(
    platform.tokenUrl,
    { grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier },
    { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) },
  )
  return { tokens: (await answer.json()) as Record<string, unknown>, callback }
}

describe('the Xero emulation against Xero’s OpenAPI descriptions', () => {
  let reference: XeroReference
  let tokens: Record<string, unknown>
  beforeAll(async () => {
    reference = loadXeroReference()
    const scope = 'openid profile email accounting.transactions accounting.contacts accounting.settings accounting.journals.read accounting.reports.read offline_access'
    tokens = (await linkWithPkce(endpoints.xero, { scope })).tokens
    // Deleted and archived records are answered too (in every grant, both organisations).
    for (const dataset of ['invoices', 'bills', 'customers', 'bankTransactions', 'accounts', 'creditNotes', 'payments']) sandbox.admin.deleteRecords('xero', dataset, [3])
  })

  it('answers the token request and /connections as the Identity API describes', async () => {
    const connections = await (await getJson(endpoints.xero.tenantsUrl, String(tokens['access_token']))).json()
    expect(summarizeViolations([...reference.checkTokenAnswer(tokens), ...reference.checkConnections(connections)])).toEqual([])
  })

  it('reports a drifted invoice by endpoint, JSON path and rule', async () => {
    const { body } = await fetchPlatformResponse(
      { url: `${endpoints.xero.apiBaseUrl}/Invoices?page=1&pageSize=1`, headers: { 'xero-tenant-id': XERO_TENANTS[0]!.tenantId } },
      { authorization: `Bearer ${String(tokens['access_token'])}` },
    )
    const invoice = (body as { Invoices: Array<Record<string, any>> }).Invoices[0]!
    invoice['InvoiceId'] = invoice['InvoiceID']
    invoice['Status'] = 'OPEN'
    invoice['Total'] = '12.00'
    invoice['Date'] = '2025-01-03'
    invoice['Contact'] = null
    expect(summarizeViolations(reference.checkAccountingAnswer('GET /Invoices?page=1&pageSize=1', 200, body))).toEqual([
      'Xero GET /Invoices?page=1&pageSize=1: $.Invoices[0].InvoiceId is a field the reference does not define (additionalProperties)',
      'Xero GET /Invoices?page=1&pageSize=1: $.Invoices[0].Contact must be object (type)',
      'Xero GET /Invoices?page=1&pageSize=1: $.Invoices[0].Date must match ^/Date\\(-?\\d+([+-]\\d{4})?\\)/$ (pattern)',
      'Xero GET /Invoices?page=1&pageSize=1: $.Invoices[0].Status must be one of ["DRAFT","SUBMITTED","DELETED","AUTHORISED","PAID","VOIDED"] (enum)',
      'Xero GET /Invoices?page=1&pageSize=1: $.Invoices[0].Total must be number (type)',
    ])
  })

  it.each(XERO_TENANTS.map((tenant) => [tenant.tenantName, tenant.tenantId]))('answers every read of %s as the Accounting API describes', async (_name, tenantId) => {
    const { apiBaseUrl } = endpoints.xero
    const tokenHeaders = { authorization: `Bearer ${String(tokens['access_token'])}` }
    const exchanges = await readBothWays('gbol', apiBaseUrl, { tenantId }, tokenHeaders)
    for (const status of ['"Status":"DELETED"', '"ContactStatus":"ARCHIVED"', '"Status":"ARCHIVED"']) expect(exchanges.some(({ response }) => JSON.stringify(response.body).includes(status)), status).toBe(true)
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
  const shop = 'reference-outfitters'
  let reference: ShopifyReference
  let apiBaseUrl: string
  let tokenHeaders: Record<string, string>
  beforeAll(async () => {
    reference = loadShopifyReference()
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
    apiBaseUrl = endpoints.shopify.apiBaseUrl.replace('{shop}', shop)
    tokenHeaders = { 'x-shopify-access-token': accessToken }
  })

  it('answers every read of a shop as the resources declare and their recorded samples show', async () => {
    const exchanges = await readBothWays('fztf', apiBaseUrl, { shop }, tokenHeaders)
    const violations = exchanges.flatMap(({ request, response }) => reference.checkAnswer(relativeTo(apiBaseUrl, request.url), response.status, response.body))
    expect(summarizeViolations(violations)).toEqual([])
    // Nowhere inside an answer went unchecked for want of a declared or recorded shape.
    expect(reference.unverifiedPlaces()).toEqual([])
  })

  it('reports a drifted order by endpoint, JSON path and rule', async () => {
    const { body } = await fetchPlatformResponse({ url: `${apiBaseUrl}/orders.json?status=any&limit=1`, headers: {} }, tokenHeaders)
    const order = (body as { orders: Array<Record<string, any>> }).orders[0]!
    order['total_price'] = 12.5
    order['line_items'][0]['sku_code'] = 'A-1'
    expect(summarizeViolations(reference.checkAnswer('GET /orders.json?status=any&limit=1', 200, body))).toEqual([
      'Shopify GET /orders.json?status=any&limit=1: $.orders[0].total_price must be null or string (type: Order declares ["null","string"], its samples record ["string"])',
      'Shopify GET /orders.json?status=any&limit=1: $.orders[0].line_items[0].sku_code is a field the recorded samples of Order.line_items[] never hold (unknown field)',
    ])
  })
})

describe('the QuickBooks Online emulation against Intuit’s XML schemas', () => {
  let reference: QuickbooksReference
  let realmId: string
  let apiBaseUrl: string
  let tokenHeaders: Record<string, string>
  beforeAll(async () => {
    reference = loadQuickbooksReference()
    const { tokens, callback } = await linkWithPkce(endpoints.quickbooks, { scope: 'com.intuit.quickbooks.accounting' })
    realmId = callback.searchParams.get('realmId') ?? ''
    apiBaseUrl = endpoints.quickbooks.apiBaseUrl.replace('{realmId}', realmId)
    tokenHeaders = { authorization: `Bearer ${String(tokens['access_token'])}` }
  })

  it('answers every query, change data capture, company read and report as the schemas describe', async () => {
    // Two deleted invoices, so change data capture answers a deleted entity too.
    sandbox.admin.deleteRecords('quickbooks', 'invoices', [0, 5])
    const exchanges = await readBothWays('qhyg', apiBaseUrl, { realmId }, tokenHeaders)
    // Served by the emulation though Linkway builds its statements from the JournalReport: kept true all the same; and
    // refusals, whose Fault body the schema defines.
    for (const path of ['reports/BalanceSheet?start_date=2025-01-01&end_date=2025-02-28', 'reports/ProfitAndLoss?start_date=2025-01-01&end_date=2025-02-28', 'reports/CashFlow', `query?query=${encodeURIComponent('SELECT * FROM Nonsense')}&minorversion=75`]) {
      const request = { url: `${apiBaseUrl}/${path}`, headers: {} }
      exchanges.push({ dataType: 'extra', request, response: await fetchPlatformResponse(request, tokenHeaders) })
    }
    expect(exchanges.some(({ request, response }) => request.url.includes('/cdc?') && JSON.stringify(response.body).includes('"status":"Deleted"'))).toBe(true)
    expect(exchanges.filter(({ response }) => response.status === 400).length).toBe(2)
    const violations = exchanges.flatMap(({ request, response }) => reference.checkAnswer(relativeTo(apiBaseUrl, request.url), response.status, response.body))
    expect(summarizeViolations(violations)).toEqual([])
  })

  it('reports a drifted invoice by endpoint, JSON path and rule', async () => {
    const endpoint = `query?query=${encodeURIComponent('SELECT * FROM Invoice STARTPOSITION 1 MAXRESULTS 1')}&minorversion=75`
    const { body } = await fetchPlatformResponse({ url: `${apiBaseUrl}/${endpoint}`, headers: {} }, tokenHeaders)
    const invoice = (body as { QueryResponse: { Invoice: Array<Record<string, any>> } }).QueryResponse.Invoice[0]!
    invoice['SyncToken'] = 0
    invoice['TxnDate'] = '06/05/2024'
    invoice['Line'] = invoice['Line'][0]
    invoice['EmailStatus'] = 'Sent'
    invoice['CustomerRef']['id'] = '1'
    expect(summarizeViolations(reference.checkAnswer('GET /query', 200, body))).toEqual([
      'QuickBooks Online GET /query: $.QueryResponse.Invoice[0].SyncToken must be string (type xs:string)',
      'QuickBooks Online GET /query: $.QueryResponse.Invoice[0].TxnDate must be written as xs:date (form ^\\d{4}-\\d{2}-\\d{2}([+-]\\d{2}:\\d{2}|Z)?$)',
      'QuickBooks Online GET /query: $.QueryResponse.Invoice[0].CustomerRef.id is a field ReferenceType does not define (unknown element or attribute)',
      'QuickBooks Online GET /query: $.QueryResponse.Invoice[0].Line must be array (element with maxOccurs > 1 in Invoice)',
      'QuickBooks Online GET /query: $.QueryResponse.Invoice[0].EmailStatus must be one of ["NotSet","NeedToSend","EmailSent"] (enumeration of EmailStatusEnum)',
    ])
  })
})

describe('the Square emulation against Square’s published OpenAPI (2025-08-20)', () => {
  let reference: SquareReference
  let apiBaseUrl: string
  let merchantId: string
  let tokenHeaders: Record<string, string>
  beforeAll(async () => {
    reference = loadSquareReference()
    // More than a page (100) of customers, of orders, and of a location's payments.
    sandbox.admin.setDatasetSize('square', 'customers', 130)
    sandbox.admin.setDatasetSize('square', 'orders', 150)
    sandbox.admin.setDatasetSize('square', 'payments', 600)
    const square = endpoints.square
    const authorize = new URL(square.authorizeUrl)
    authorize.search = new URLSearchParams({ client_id: CLIENT.clientId, scope: 'MERCHANT_PROFILE_READ CUSTOMERS_READ ORDERS_READ ITEMS_READ PAYMENTS_READ DISPUTES_READ', redirect_uri: REDIRECT_URI, state: 'reference' }).toString()
    const code = new URL(await approveConsent(authorize.href)).searchParams.get('code')
    const answer = await fetch(square.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }),
    })
    const tokens = (await answer.json()) as { access_token: string; merchant_id: string }
    apiBaseUrl = square.apiBaseUrl
    merchantId = tokens.merchant_id
    tokenHeaders = { authorization: `Bearer ${tokens.access_token}` }
  })

  it('answers every request Linkway’s data sources make as the spec describes, and takes every body they send as the operation’s request schema', async () => {
    const exchanges = await readBothWays('zsth', apiBaseUrl, { merchant_id: merchantId }, tokenHeaders)
    const endpointOf = ({ request }: PlatformExchange) => `${request.method ?? 'GET'} ${request.url.slice(apiBaseUrl.length)}`
    const withBodies = exchanges.filter(({ request }) => request.body !== undefined)
    expect(withBodies.length).toBeGreaterThan(0)
    const violations = [
      ...exchanges.flatMap((exchange) => reference.checkAnswer(endpointOf(exchange), exchange.response.status, exchange.response.body)),
      ...withBodies.flatMap((exchange) => reference.checkRequestBody(endpointOf(exchange), exchange.request.body)),
    ]
    expect(summarizeViolations(violations)).toEqual([])
    // Every read of the kept spec was asked but ListCustomers, which Linkway leaves for SearchCustomers (it has an updated_at filter).
    const asked = new Set(exchanges.map((exchange) => reference.operationOf(endpointOf(exchange))))
    expect(reference.apiOperations.filter((operation) => !asked.has(operation))).toEqual(['GET /v2/customers'])
    // Payments are asked location by location, and the lists were read past their first page.
    expect(new Set(exchanges.filter(({ request }) => request.url.includes('/v2/payments?')).map(({ request }) => new URL(request.url).searchParams.get('location_id'))).size).toBeGreaterThan(1)
    for (const list of ['/v2/payments?', '/v2/customers/search', '/v2/orders/search']) {
      expect(exchanges.some(({ request }) => request.url.includes(list) && (new URL(request.url).searchParams.has('cursor') || (request.body as Record<string, unknown> | undefined)?.['cursor'] !== undefined)), list).toBe(true)
    }
    // Every data source read twice, location by location, and the emulation generates every payment
    // for each page of payments or refunds (work that grows with the payments squared): 25–31 s on
    // two cores when nothing else runs, so the suite's 30 s would fail it on a busy machine.
  }, 120_000)

  it('reports a drifted payment and a request body the spec does not take, by endpoint, JSON path and rule', async () => {
    const { body } = await fetchPlatformResponse({ url: `${apiBaseUrl}/v2/payments?limit=1`, headers: {} }, tokenHeaders)
    const payment = (body as { payments: Array<Record<string, any>> }).payments[0]!
    payment['amount'] = 12
    expect(summarizeViolations(reference.checkAnswer('GET /v2/payments?limit=1', 200, body))).toEqual([
      'Square GET /v2/payments?limit=1: $.payments[0].amount is a field the reference does not define (additionalProperties)',
    ])
    expect(summarizeViolations(reference.checkRequestBody('POST /v2/orders/search', { location_ids: 'L1', query: { sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } } }))).toEqual([
      'Square POST /v2/orders/search: $.location_ids must be array (type)',
    ])
  })
})
