/**
 * The real platforms' data sources end to end: Xero, QuickBooks Online and Shopify linked through
 * their emulations' consent pages, synced by workers over real HTTP from the emulations' data APIs
 * (the catalogue points sign-in and data calls alike there), and read back through Linkway's API,
 * record by record against what the emulation served to the same connection's token.
 */
import { ACCOUNTING_DATATYPES, COMMERCE_DATATYPES, FINANCIAL_STATEMENT_DATATYPES, SHOPIFY_API_VERSION } from '@linkway/connectors'
import { DATA_TYPES } from '@linkway/contracts'
import { createPlatformCatalogue, dataSourcesOf } from '@linkway/platform-data'
import { approveConsent, emulatedEndpoints, XERO_TENANTS, type EmulatedEndpoints } from '@linkway/sandbox-platforms'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness, type SyncWorkers } from '../../testing/sync-harness.js'

const ACCOUNTING_TYPES: readonly string[] = [...ACCOUNTING_DATATYPES, ...FINANCIAL_STATEMENT_DATATYPES]
/** What Linkway reads from QuickBooks besides invoices, customers and accounts: not fetched on first link here. */
const QUICKBOOKS_BOOKS: readonly string[] = Object.keys(dataSourcesOf('qhyg') ?? {}).filter((dataType) => !['invoices', 'customers', 'chartOfAccounts'].includes(dataType))
const COMMERCE_TYPES: readonly string[] = COMMERCE_DATATYPES
/**
 * The sandbox's clock stands still here, so every record it generates changed before it, and
 * before Linkway's own clock, a minute later, which an incremental sync reads from (less 5
 * minutes). A minute, not more: Shopify's signed callback must be within 90 seconds of Linkway's clock.
 */
const SANDBOX_NOW = new Date('2025-11-01T00:00:00Z')
const LINKWAY_NOW = new Date(SANDBOX_NOW.getTime() + 60_000)
const INCREMENTAL_FROM = '2025-10-31T23:56:00.000Z'
/** Sizes that take every source past its first page (100 a page here), and 200 contacts so some are surely archived. */
const SIZES = { invoices: 230, customers: 200, accounts: 45, orders: 260 }
const SHOP = 'hallam-outfitters'
/** Xero's other books, small: xero-books-sync.test.ts reads them record by record. */
const XERO_BOOKS = { suppliers: 5, bills: 5, payments: 5, billPayments: 5, creditNotes: 5, billCreditNotes: 5, journalEntries: 5, items: 5, purchaseOrders: 5, transfers: 5, taxRates: 8, trackingCategories: 11, bankTransactions: 5 }
/** Xero's general ledger: one journal per invoice, bill and payment, the manual ones, then one per credit note, bill credit note and bill payment. */
const XERO_JOURNALS = SIZES.invoices + XERO_BOOKS.bills + XERO_BOOKS.payments + XERO_BOOKS.journalEntries + XERO_BOOKS.creditNotes + XERO_BOOKS.billCreditNotes + XERO_BOOKS.billPayments
const CHOSEN_TENANT = XERO_TENANTS[1]!

/** A record as JSON, Linkway's or a platform's. */
type Json = Record<string, any>
type Linked = { companyId: string; connectionId: string; history: Json[] }
/** QuickBooks' Classification is the unified account type, but for Revenue. */
const QBO_TYPE_OF: Readonly<Record<string, string>> = { Asset: 'Asset', Liability: 'Liability', Equity: 'Equity', Revenue: 'Income', Expense: 'Expense' }

async function get(url: string): Promise<Response> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the test browser stays on loopback: ${url}`)
  return await fetch(url, { redirect: 'manual' })
}

function location(response: Response): string {
  const value = response.headers.get('location')
  if (!value) throw new Error(`expected a redirect, got ${response.status}`)
  return value
}

/** `/Date(1518685950940+0000)/` → the unified model's `2018-02-15T09:12:30Z`. */
function fromXeroDate(value: string): string {
  return `${new Date(Number(/^\/Date\((\d+)\+0000\)\/$/.exec(value)![1])).toISOString().slice(0, 19)}Z`
}

/** The datasets of a company's first sync, as the history reports them, in data type order. */
function summaryOf(history: Json[]): Json[] {
  const fields = ['dataType', 'status', 'statusDescription', 'recordsRead', 'recordsModified', 'totalRecords']
  return history.map((dataset) => Object.fromEntries(fields.filter((field) => field in dataset).map((field) => [field, dataset[field]]))).sort((a, b) => a['dataType'].localeCompare(b['dataType']))
}

/** What a first sync of a platform with these data sources reports: the rest NotSupported. */
function expectedSummary(types: readonly string[], platformName: string, complete: Record<string, Json>): Json[] {
  return types
    .map((dataType) => ({
      dataType,
      ...(complete[dataType] ?? { status: 'NotSupported', statusDescription: `${platformName} does not offer ${dataType}.`, recordsRead: 0, recordsModified: 0 }),
    }))
    .sort((a, b) => a.dataType.localeCompare(b.dataType))
}

describe.each(testedBackends())("the real platforms' data sources against their emulations, on %s", (backend) => {
  let h: SyncHarness
  let workers: SyncWorkers
  let emulated: EmulatedEndpoints
  let linked: { xero: Linked; quickbooks: Linked; shopify: Linked }

  /** A company with one connection to `platformKey`: its Link URL. */
  async function newConnection(platformKey: string, name: string): Promise<{ companyId: string; connectionId: string; linkUrl: string }> {
    const companyId = (await h.api('POST', '/companies', { name })).json().id
    const created = await h.api('POST', `/companies/${companyId}/connections`, { platformKey })
    expect(created.statusCode, created.body).toBe(200)
    return { companyId, connectionId: created.json().id, linkUrl: created.json().linkUrl }
  }

  /** Xero: both organisations authorized at the consent page, then one picked on Linkway's page. */
  async function linkXero(): Promise<{ companyId: string; connectionId: string }> {
    const { companyId, connectionId, linkUrl } = await newConnection('gbol', 'Xero company')
    const pick = await get(await approveConsent(location(await get(linkUrl))))
    expect(pick.status).toBe(200)
    const html = await pick.text()
    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&')
    const stepToken = /name="stepToken" value="([^"]+)"/.exec(html)![1]!
    const body = new URLSearchParams({ stepToken, tenantId: CHOSEN_TENANT.tenantId }).toString()
    const done = await fetch(action, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
    expect(done.status).toBe(200)
    return { companyId, connectionId }
  }

  async function linkQuickbooks(): Promise<{ companyId: string; connectionId: string }> {
    const { companyId, connectionId, linkUrl } = await newConnection('qhyg', 'QuickBooks company')
    // QuickBooks' books beyond these three are read in quickbooks-books-sync.test.ts; here they stay off.
    const settings = DATA_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: !QUICKBOOKS_BOOKS.includes(dataType), syncSchedule: 0, syncOrder }))
    expect((await h.api('POST', `/companies/${companyId}/syncSettings`, { settings, overridesDefaults: true })).statusCode).toBe(204)
    expect((await get(await approveConsent(location(await get(linkUrl))))).status).toBe(200)
    return { companyId, connectionId }
  }

  /** Shopify: the shop's name on the Link URL, then the shop's own authorize page. */
  async function linkShopify(): Promise<{ companyId: string; connectionId: string }> {
    const { companyId, connectionId, linkUrl } = await newConnection('fztf', 'Shopify company')
    // Orders only: shopify-commerce-sync.test.ts syncs and reads Shopify's other commerce types.
    const settings = COMMERCE_TYPES.map((dataType, syncOrder) => ({ dataType, fetchOnFirstLink: dataType === 'commerce-orders', syncSchedule: 0, syncOrder }))
    expect((await h.api('POST', `/companies/${companyId}/syncSettings`, { settings, overridesDefaults: true })).statusCode).toBe(204)
    expect((await get(await approveConsent(location(await get(`${linkUrl}?shop=${SHOP}`))))).status).toBe(200)
    return { companyId, connectionId }
  }

  /** What the emulation serves at `url` to the connection's own access token. */
  async function served(connectionId: string, url: string, headers: (token: string) => Record<string, string>): Promise<{ body: Json; link: string | null }> {
    return await workers.services.vault.withAccessToken(connectionId, async (token) => {
      const response = await fetch(url, { headers: { accept: 'application/json', ...headers(token) } })
      expect(response.status, url).toBe(200)
      return { body: (await response.json()) as Json, link: response.headers.get('link') }
    })
  }

  /** Every record Linkway stored, read through the API; the total is checked to be what one page holds. */
  async function records(path: string, count: number): Promise<Map<string, Json>> {
    const page = await h.api('GET', `${path}?pageSize=5000`)
    expect(page.statusCode, page.body).toBe(200)
    expect(page.json().totalResults).toBe(count)
    return new Map((page.json().results as Json[]).map((record) => [record['id'], record]))
  }

  beforeAll(async () => {
    h = await createSyncHarness(backend, {
      sandboxClock: { now: () => SANDBOX_NOW },
      catalogue: (sandboxUrl) => {
        emulated = emulatedEndpoints(sandboxUrl)
        const { xero, quickbooks, shopify } = emulated
        return createPlatformCatalogue({
          sandboxUrl,
          endpointOverrides: {
            gbol: { authorizeUrl: xero.authorizeUrl, tokenUrl: xero.tokenUrl, revokeUrl: xero.revokeUrl, tenantsUrl: xero.tenantsUrl, jwksUrl: xero.jwksUrl, apiBaseUrl: xero.apiBaseUrl },
            qhyg: { authorizeUrl: quickbooks.authorizeUrl, tokenUrl: quickbooks.tokenUrl, revokeUrl: quickbooks.revokeUrl, apiBaseUrl: quickbooks.apiBaseUrl },
            // Shopify's data API at the connector's own version: the emulation refuses any other, as Shopify does.
            fztf: { authorizeUrl: shopify.authorizeUrl, tokenUrl: shopify.tokenUrl, apiBaseUrl: `${shopify.adminUrl}/api/${SHOPIFY_API_VERSION}` },
          },
        })
      },
    })
    h.t.clock.set(LINKWAY_NOW)
    // Linkway's apps at the "platforms", and their credentials in Linkway.
    const callbackUrl = `${h.t.url}/link/oauth/callback`
    for (const [platformKey, clientId] of [['gbol', 'xero-app'], ['qhyg', 'qbo-app'], ['fztf', 'shopify-app']] as const) {
      h.sandbox.admin.registerClient({ clientId, clientSecret: `${clientId}-secret`, redirectUris: [callbackUrl] })
      expect((await h.api('PUT', `/integrations/${platformKey}/credentials`, { clientId, clientSecret: `${clientId}-secret` })).statusCode).toBe(200)
    }
    for (const platform of ['xero', 'quickbooks'] as const) {
      for (const dataset of ['invoices', 'customers', 'accounts'] as const) h.sandbox.admin.setDatasetSize(platform, dataset, SIZES[dataset])
    }
    h.sandbox.admin.setDatasetSize('shopify', 'orders', SIZES.orders)
    for (const [dataset, count] of Object.entries(XERO_BOOKS)) h.sandbox.admin.setDatasetSize('xero', dataset, count)

    workers = await h.startWorkers({ pageSize: 100, concurrency: 3 })
    const [xero, quickbooks, shopify] = [await linkXero(), await linkQuickbooks(), await linkShopify()]
    const withHistory = async (connection: { companyId: string; connectionId: string }): Promise<Linked> => ({ ...connection, history: await h.waitForSyncs(connection.companyId) })
    linked = { xero: await withHistory(xero), quickbooks: await withHistory(quickbooks), shopify: await withHistory(shopify) }
  })
  afterAll(async () => {
    await h?.close()
  })

  describe('Xero', () => {
    const tenantHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'xero-tenant-id': CHOSEN_TENANT.tenantId })

    it('syncs the books of the organisation picked; the rest is NotSupported', async () => {
      const { connectionId, history } = linked.xero
      expect((await h.api('GET', `/companies/${linked.xero.companyId}/connections/${connectionId}`)).json().connectionInfo).toMatchObject({ tenantId: CHOSEN_TENANT.tenantId })
      expect(summaryOf(history)).toEqual(
        expectedSummary(ACCOUNTING_TYPES, 'Xero', {
          invoices: { status: 'Complete', recordsRead: SIZES.invoices, recordsModified: SIZES.invoices, totalRecords: SIZES.invoices },
          customers: { status: 'Complete', recordsRead: SIZES.customers, recordsModified: SIZES.customers, totalRecords: SIZES.customers },
          // One unpaged list, without Xero's paging summary.
          chartOfAccounts: { status: 'Complete', recordsRead: SIZES.accounts, recordsModified: SIZES.accounts },
          ...Object.fromEntries(
            (['suppliers', 'bills', 'payments', 'billPayments', 'creditNotes', 'billCreditNotes', 'purchaseOrders', 'bankTransactions'] as const).map((dataType) => [
              dataType,
              { status: 'Complete', recordsRead: XERO_BOOKS[dataType], recordsModified: XERO_BOOKS[dataType], totalRecords: XERO_BOOKS[dataType] },
            ]),
          ),
          // Unpaged lists, without Xero's paging summary.
          ...Object.fromEntries((['items', 'transfers', 'taxRates', 'trackingCategories'] as const).map((dataType) => [dataType, { status: 'Complete', recordsRead: XERO_BOOKS[dataType], recordsModified: XERO_BOOKS[dataType] }])),
          // 090 and 091, in both rounds of the chart at 45 accounts.
          bankAccounts: { status: 'Complete', recordsRead: 4, recordsModified: 4 },
          company: { status: 'Complete', recordsRead: 1, recordsModified: 1 },
          // A journal per invoice, bill and payment received, then the manual ones; paged by number, without a total.
          journalEntries: { status: 'Complete', recordsRead: XERO_JOURNALS, recordsModified: XERO_JOURNALS },
          ...Object.fromEntries(FINANCIAL_STATEMENT_DATATYPES.map((dataType) => [dataType, { status: 'Complete', recordsRead: 0, recordsModified: 0, totalRecords: 0 }])),
        }),
      )
    })

    it('maps each invoice as Xero served it, its lines referring to the accounts synced', async () => {
      const { companyId, connectionId } = linked.xero
      const { body } = await served(connectionId, `${emulated.xero.apiBaseUrl}/Invoices?page=1&pageSize=1000&where=Type%3D%3D%22ACCREC%22`, tenantHeaders)
      expect(body['Invoices']).toHaveLength(SIZES.invoices)
      const invoices = await records(`/companies/${companyId}/data/invoices`, SIZES.invoices)
      const accounts = await records(`/companies/${companyId}/data/accounts`, SIZES.accounts)
      const statusOf = (wire: Json) => ({ DRAFT: 'Draft', SUBMITTED: 'Submitted', PAID: 'Paid', VOIDED: 'Void', AUTHORISED: wire['AmountPaid'] > 0 ? 'PartiallyPaid' : 'Submitted' })[wire['Status'] as string]
      for (const wire of body['Invoices'] as Json[]) {
        const invoice = invoices.get(wire['InvoiceID'])
        expect(invoice, wire['InvoiceID']).toMatchObject({
          invoiceNumber: wire['InvoiceNumber'],
          issueDate: fromXeroDate(wire['Date']),
          dueDate: fromXeroDate(wire['DueDate']),
          customerRef: { id: wire['Contact']['ContactID'], companyName: wire['Contact']['Name'] },
          currency: wire['CurrencyCode'],
          subTotal: wire['SubTotal'],
          totalTaxAmount: wire['TotalTax'],
          totalAmount: wire['Total'],
          amountDue: wire['AmountDue'],
          status: statusOf(wire),
          sourceModifiedDate: fromXeroDate(wire['UpdatedDateUTC']),
        })
        // An Inclusive invoice's LineAmount is gross of tax: the line's net is it less the tax.
        const netOf = (line: Json) => (wire['LineAmountTypes'] === 'Inclusive' ? Math.round((line['LineAmount'] - line['TaxAmount']) * 100) / 100 : line['LineAmount'])
        expect(invoice!['lineItems'].map((line: Json) => [line['accountRef']?.id, line['quantity'], line['subTotal']])).toEqual(wire['LineItems'].map((line: Json) => [line['AccountID'], line['Quantity'], netOf(line)]))
        for (const line of invoice!['lineItems'] as Json[]) expect(accounts.has(line['accountRef'].id)).toBe(true)
      }
    })

    it('maps each account and customer as Xero served them, archived ones included', async () => {
      const { companyId, connectionId } = linked.xero
      const wireAccounts = (await served(connectionId, `${emulated.xero.apiBaseUrl}/Accounts`, tenantHeaders)).body['Accounts'] as Json[]
      const accounts = await records(`/companies/${companyId}/data/accounts`, SIZES.accounts)
      expect([...accounts.keys()].sort()).toEqual(wireAccounts.map((account) => account['AccountID']).sort())
      for (const wire of wireAccounts) {
        expect(accounts.get(wire['AccountID'])).toMatchObject({
          nominalCode: wire['Code'],
          name: wire['Name'],
          status: wire['Status'] === 'ACTIVE' ? 'Active' : 'Archived',
          isBankAccount: wire['Type'] === 'BANK',
          currency: wire['CurrencyCode'],
        })
      }

      const contacts = (await served(connectionId, `${emulated.xero.apiBaseUrl}/Contacts?page=1&pageSize=1000&includeArchived=true&where=IsCustomer%3D%3Dtrue`, tenantHeaders)).body['Contacts'] as Json[]
      const archived = contacts.filter((contact) => contact['ContactStatus'] === 'ARCHIVED')
      // Without includeArchived these would never have reached Linkway.
      expect(archived.length).toBeGreaterThan(0)
      const customers = await records(`/companies/${companyId}/data/customers`, SIZES.customers)
      for (const wire of contacts) {
        expect(customers.get(wire['ContactID']), wire['ContactID']).toMatchObject({
          customerName: wire['Name'],
          contactName: `${wire['FirstName']} ${wire['LastName']}`,
          emailAddress: wire['EmailAddress'],
          defaultCurrency: wire['DefaultCurrency'],
          status: wire['ContactStatus'] === 'ACTIVE' ? 'Active' : 'Archived',
        })
      }
    })
  })

  describe('QuickBooks Online', () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
    const queryUrl = (realmId: string, text: string) => `${emulated.quickbooks.apiBaseUrl.replace('{realmId}', realmId)}/query?query=${encodeURIComponent(text)}&minorversion=75`
    async function realmIdOf(): Promise<string> {
      return (await h.api('GET', `/companies/${linked.quickbooks.companyId}/connections/${linked.quickbooks.connectionId}`)).json().connectionInfo.realmId
    }

    it('syncs invoices, accounts and customers of the realmId on the callback; the rest is NotSupported', async () => {
      const realmId = await realmIdOf()
      expect(h.sandbox.admin.listGrants().filter((grant) => grant.platform === 'quickbooks').map((grant) => grant.realmId)).toEqual([realmId])
      expect(summaryOf(linked.quickbooks.history)).toEqual(
        expectedSummary(ACCOUNTING_TYPES.filter((dataType) => !QUICKBOOKS_BOOKS.includes(dataType)), 'QuickBooks Online', {
          invoices: { status: 'Complete', recordsRead: SIZES.invoices, recordsModified: SIZES.invoices },
          customers: { status: 'Complete', recordsRead: SIZES.customers, recordsModified: SIZES.customers },
          chartOfAccounts: { status: 'Complete', recordsRead: SIZES.accounts, recordsModified: SIZES.accounts },
        }),
      )
    })

    it('maps each invoice as QuickBooks served it, voided ones as Void', async () => {
      const { companyId, connectionId } = linked.quickbooks
      const wire = (await served(connectionId, queryUrl(await realmIdOf(), 'SELECT * FROM Invoice MAXRESULTS 1000'), bearer)).body['QueryResponse']['Invoice'] as Json[]
      expect(wire).toHaveLength(SIZES.invoices)
      const invoices = await records(`/companies/${companyId}/data/invoices`, SIZES.invoices)
      const customers = await records(`/companies/${companyId}/data/customers`, SIZES.customers)
      // A void says so by its note or by its TxnStatus.
      const statusOf = (raw: Json) => (raw['PrivateNote'] === 'Voided' || raw['TxnStatus'] === 'Voided' ? 'Void' : raw['Balance'] <= 0 ? 'Paid' : raw['Balance'] < raw['TotalAmt'] ? 'PartiallyPaid' : 'Submitted')
      for (const raw of wire) {
        expect(invoices.get(raw['Id']), raw['Id']).toMatchObject({
          invoiceNumber: raw['DocNumber'],
          issueDate: `${raw['TxnDate']}T00:00:00Z`,
          dueDate: `${raw['DueDate']}T00:00:00Z`,
          customerRef: { id: raw['CustomerRef']['value'], companyName: raw['CustomerRef']['name'] },
          currency: raw['CurrencyRef']['value'],
          totalTaxAmount: raw['TxnTaxDetail']['TotalTax'],
          totalAmount: raw['TotalAmt'],
          amountDue: raw['Balance'],
          status: statusOf(raw),
        })
        // Invoices refer to customers by QuickBooks' Id, which the customers synced carry.
        expect(customers.get(raw['CustomerRef']['value'])?.['customerName']).toBe(raw['CustomerRef']['name'])
      }
    })

    it('maps each account and customer as QuickBooks served them, inactive ones included', async () => {
      const { companyId, connectionId } = linked.quickbooks
      const realmId = await realmIdOf()
      const wireAccounts = (await served(connectionId, queryUrl(realmId, 'SELECT * FROM Account WHERE Active IN (true, false) MAXRESULTS 1000'), bearer)).body['QueryResponse']['Account'] as Json[]
      const accounts = await records(`/companies/${companyId}/data/accounts`, SIZES.accounts)
      expect(wireAccounts).toHaveLength(SIZES.accounts)
      for (const raw of wireAccounts) {
        expect(accounts.get(raw['Id']), raw['Id']).toMatchObject({
          nominalCode: raw['AcctNum'],
          name: raw['Name'],
          fullyQualifiedName: raw['FullyQualifiedName'],
          type: QBO_TYPE_OF[raw['Classification']],
          fullyQualifiedCategory: `${QBO_TYPE_OF[raw['Classification']]}.${raw['AccountType']}.${raw['AccountSubType']}`,
          status: raw['Active'] ? 'Active' : 'Archived',
          isBankAccount: raw['AccountType'] === 'Bank',
          currency: raw['CurrencyRef']['value'],
          currentBalance: raw['CurrentBalance'],
        })
      }

      const wireCustomers = (await served(connectionId, queryUrl(realmId, 'SELECT * FROM Customer WHERE Active IN (true, false) MAXRESULTS 1000'), bearer)).body['QueryResponse']['Customer'] as Json[]
      // Without Active IN (true, false) these would never have reached Linkway.
      expect(wireCustomers.filter((raw) => raw['Active'] === false).length).toBeGreaterThan(0)
      const customers = await records(`/companies/${companyId}/data/customers`, SIZES.customers)
      for (const raw of wireCustomers) {
        expect(customers.get(raw['Id']), raw['Id']).toMatchObject({
          customerName: raw['DisplayName'],
          contactName: `${raw['GivenName']} ${raw['FamilyName']}`,
          emailAddress: raw['PrimaryEmailAddr']['Address'],
          phone: raw['PrimaryPhone']['FreeFormNumber'],
          defaultCurrency: raw['CurrencyRef']['value'],
          status: raw['Active'] ? 'Active' : 'Archived',
          addresses: [{ type: 'Billing', line1: raw['BillAddr']['Line1'], city: raw['BillAddr']['City'], postalCode: raw['BillAddr']['PostalCode'], country: raw['BillAddr']['Country'] }],
        })
      }
    })
  })

  describe('Shopify', () => {
    it('syncs the orders of every status from the shop typed in', async () => {
      const { companyId, connectionId, history } = linked.shopify
      expect((await h.api('GET', `/companies/${companyId}/connections/${connectionId}`)).json().connectionInfo).toMatchObject({ shop: SHOP })
      expect(summaryOf(history)).toEqual([{ dataType: 'commerce-orders', status: 'Complete', recordsRead: SIZES.orders, recordsModified: SIZES.orders }])
    })

    it('maps each order as Shopify served it, closed and cancelled ones included', async () => {
      const { companyId, connectionId } = linked.shopify
      const wire: Json[] = []
      for (let url: string | undefined = `${emulated.shopify.apiBaseUrl.replace('{shop}', SHOP)}/orders.json?status=any&limit=250`; url !== undefined; ) {
        const page = await served(connectionId, url, (token) => ({ 'x-shopify-access-token': token }))
        wire.push(...(page.body['orders'] as Json[]))
        url = /<([^>]+)>; rel="next"/.exec(page.link ?? '')?.[1]
      }
      expect(wire).toHaveLength(SIZES.orders)
      // Shopify's default, open orders only, would have left these out.
      expect(wire.filter((order) => order['closed_at'] !== null).length).toBeGreaterThan(0)
      const orders = await records(`/companies/${companyId}/connections/${connectionId}/data/commerce-orders`, SIZES.orders)
      // What was given back: the successful refund transactions (an attempt that failed gave nothing).
      const refunded = (order: Json) =>
        (order['refunds'] as Json[])
          .flatMap((refund) => refund['transactions'] as Json[])
          .filter((transaction) => transaction['status'] === 'success')
          .reduce((sum, transaction) => sum + Number(transaction['amount']), 0)
      // A tax-included discount without its tax: each allocation, a line's or the shipping's, over (1 + its line's rate).
      const netDiscountOf = (order: Json) =>
        [...order['line_items'], ...order['shipping_lines']].reduce(
          (sum: number, line: Json) => sum + (line['discount_allocations'] as Json[]).reduce((lineSum, allocation) => lineSum + Number(allocation['amount']) / (1 + Number(line['tax_lines'][0]?.rate ?? 0)), 0),
          0,
        )
      for (const raw of wire) {
        const order = orders.get(String(raw['id']))
        expect(order, String(raw['id'])).toMatchObject({
          orderNumber: raw['name'],
          createdDate: `${raw['created_at'].slice(0, 19)}Z`,
          sourceModifiedDate: `${raw['updated_at'].slice(0, 19)}Z`,
          currency: raw['currency'],
          // Shopify's total holds the tip; the reference's totalAmount does not.
          totalAmount: (Math.round(Number(raw['total_price']) * 100) - Math.round(Number(raw['total_tip_received']) * 100)) / 100,
          totalTaxAmount: Number(raw['total_tax']),
          // With tax included, Shopify's discount holds tax and the reference's does not: each allocation's line's rate takes it out.
          totalDiscount: raw['taxes_included'] === true ? expect.closeTo(netDiscountOf(raw), 4) : Number(raw['total_discounts']),
          // Negative, as the reference's refunds are (0 - 0 is 0, not -0).
          totalRefund: 0 - refunded(raw),
          customerRef: { id: String(raw['customer']['id']), name: `${raw['customer']['first_name']} ${raw['customer']['last_name']}` },
        })
        expect(order!['closedDate']).toBe(raw['closed_at'] === null ? undefined : `${raw['closed_at'].slice(0, 19)}Z`)
        // The unit price excludes tax, as the reference's does: a tax-included price less the line's tax per unit, or,
        // when the line is discounted (its tax is then the discounted gross's), the price over (1 + rate).
        const unitPriceOf = (line: Json) => {
          if (raw['taxes_included'] !== true) return Number(line['price'])
          if (Number(line['total_discount']) > 0) return Number(line['price']) / (1 + Number(line['tax_lines'][0].rate))
          return (Math.round(Number(line['price']) * 100) * line['quantity'] - Math.round(Number(line['tax_lines'][0]?.price ?? 0) * 100)) / line['quantity'] / 100
        }
        expect(order!['orderLineItems'].map((line: Json) => [line['id'], line['productRef']?.id, line['quantity'], line['unitPrice'], line['totalTaxAmount']])).toEqual(
          raw['line_items'].map((line: Json) => [String(line['id']), String(line['product_id']), line['quantity'], expect.closeTo(unitPriceOf(line), 4), Number(line['tax_lines'][0]?.price ?? 0)]),
        )
      }
    })
  })

  it('syncs again incrementally from the last sync: nothing changed since, so nothing is modified (and next to nothing read)', async () => {
    const targets = [
      [linked.xero.companyId, 'invoices'],
      [linked.quickbooks.companyId, 'invoices'],
      [linked.shopify.companyId, 'commerce-orders'],
    ] as const
    for (const [companyId, dataType] of targets) {
      const queued = await h.api('POST', `/companies/${companyId}/data/queue/${dataType}`)
      expect(queued.statusCode, queued.body).toBe(200)
      expect(queued.json()).toMatchObject({ dataType, status: 'Queued', modifiedSince: INCREMENTAL_FROM })
      await h.waitForSyncs(companyId)
      const again = (await h.api('GET', `/companies/${companyId}/data/history/${queued.json().id}`)).json()
      expect(again).toMatchObject({ dataType, status: 'Complete', recordsModified: 0 })
      // The bound is inclusive and starts a few minutes before the last sync did, by design: a record the emulation
      // stamped within those minutes (a payment dated at its "now", in some books) is read again, and changes nothing.
      expect(again.recordsRead, JSON.stringify(again)).toBeLessThanOrEqual(2)
    }
  })
})
