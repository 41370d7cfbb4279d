import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../approve-consent.js'
import { emulatedEndpoints, type EmulatedEndpoints } from '../platform-catalogue.js'
import { basicAuthorization, CLIENT, createPkce, getJson, postForm, REDIRECT_URI, startTestSandbox, type TestSandbox } from '../testing/sandbox-harness.js'
import { XERO_TENANTS } from './xero.js'

type Json = Record<string, any>

let sandbox: TestSandbox
let xero: EmulatedEndpoints['xero']
const UK = XERO_TENANTS[0]!.tenantId
/** Small books past one call of journals: 30 + 20 + 25 + 30 manual + 8 + 6 + 12 = 131. */
const SIZES = { invoices: 30, bills: 20, payments: 25, billPayments: 12, creditNotes: 8, billCreditNotes: 6, customers: 12, suppliers: 9, journalEntries: 30 }
const JOURNALS = SIZES.invoices + SIZES.bills + SIZES.payments + SIZES.journalEntries + SIZES.creditNotes + SIZES.billCreditNotes + SIZES.billPayments

beforeAll(async () => {
  sandbox = await startTestSandbox()
  xero = emulatedEndpoints(sandbox.url).xero
  for (const [dataset, count] of Object.entries(SIZES)) sandbox.admin.setDatasetSize('xero', dataset, count)
})
afterAll(async () => {
  await sandbox.close()
})

async function linkXero(scope: string): Promise<string> {
  const pkce = createPkce()
  const url = new URL(xero.authorizeUrl)
  url.search = new URLSearchParams({ response_type: 'code', client_id: CLIENT.clientId, redirect_uri: REDIRECT_URI, scope, state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' }).toString()
  const callback = new URL(await approveConsent(url.href, { tenants: [UK] }))
  const response = await postForm(
    xero.tokenUrl,
    { grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier },
    { authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret) },
  )
  expect(response.status).toBe(200)
  return ((await response.json()) as { access_token: string }).access_token
}

const ALL_SCOPES = 'openid accounting.transactions accounting.contacts accounting.settings accounting.journals.read accounting.reports.read'

describe("the Xero emulation's books", () => {
  let token: string
  const read = async (path: string, headers: Record<string, string> = {}): Promise<Json> => {
    const response = await getJson(`${xero.apiBaseUrl}/${path}`, token, { 'xero-tenant-id': UK, ...headers })
    expect(response.status, path).toBe(200)
    return (await response.json()) as Json
  }
  beforeAll(async () => {
    token = await linkXero(ALL_SCOPES)
  })

  it('keeps sales invoices and bills in Invoices, customers and suppliers in Contacts, as Xero does', async () => {
    const invoices = (await read('Invoices?page=1&pageSize=1000'))['Invoices'] as Json[]
    expect(invoices.map((invoice) => invoice['Type'])).toEqual([...Array<string>(SIZES.invoices).fill('ACCREC'), ...Array<string>(SIZES.bills).fill('ACCPAY')])
    // A page that straddles the two: the last sales invoices, then the first bills.
    const straddling = await read('Invoices?page=2&pageSize=20')
    expect(straddling['Invoices'].map((invoice: Json) => invoice['InvoiceID'])).toEqual(invoices.slice(20, 40).map((invoice) => invoice['InvoiceID']))
    expect(straddling['pagination']).toEqual({ page: 2, pageSize: 20, pageCount: 3, itemCount: SIZES.invoices + SIZES.bills })
    const contacts = (await read('Contacts?page=1&pageSize=1000&includeArchived=true'))['Contacts'] as Json[]
    expect(contacts.filter((contact) => contact['IsCustomer'])).toHaveLength(SIZES.customers)
    expect(contacts.filter((contact) => contact['IsSupplier'])).toHaveLength(SIZES.suppliers)
  })

  it('lists each payment on the document it pays, and filters payments by type with OR', async () => {
    const payments = (await read('Payments?page=1&pageSize=1000'))['Payments'] as Json[]
    expect(payments).toHaveLength(SIZES.payments + SIZES.billPayments)
    const received = (await read(`Payments?page=1&pageSize=1000&where=${encodeURIComponent('PaymentType=="ACCRECPAYMENT" OR PaymentType=="AROVERPAYMENTPAYMENT"')}`))['Payments'] as Json[]
    expect(received.map((payment) => payment['PaymentID'])).toEqual(payments.slice(0, SIZES.payments).map((payment) => payment['PaymentID']))
    const documents = (await read('Invoices?page=1&pageSize=1000'))['Invoices'] as Json[]
    for (const document of documents) {
      const paying = payments.filter((payment) => payment['Invoice']?.['InvoiceID'] === document['InvoiceID'])
      expect(document['Payments'].map((payment: Json) => payment['PaymentID']).sort(), document['InvoiceNumber']).toEqual(paying.map((payment) => payment['PaymentID']).sort())
      for (const payment of paying) expect(payment['Invoice']['Type']).toBe(document['Type'])
    }
  })

  it('serves credit notes of both kinds', async () => {
    const notes = (await read('CreditNotes?page=1&pageSize=1000'))['CreditNotes'] as Json[]
    expect(notes.filter((note) => note['Type'] === 'ACCRECCREDIT')).toHaveLength(SIZES.creditNotes)
    expect(notes.filter((note) => note['Type'] === 'ACCPAYCREDIT')).toHaveLength(SIZES.billCreditNotes)
    // What was set against documents and what remains make the credit; a voided note has neither.
    for (const note of notes) expect(Math.round(note['Allocations'].reduce((sum: number, allocation: Json) => sum + allocation['Amount'], note['RemainingCredit']) * 100)).toBe(note['Status'] === 'VOIDED' ? 0 : Math.round(note['Total'] * 100))
    // The first three of each kind, set against nothing: still a draft, awaiting approval, voided.
    for (const type of ['ACCRECCREDIT', 'ACCPAYCREDIT']) expect(notes.filter((note) => note['Type'] === type).slice(0, 3).map((note) => [note['Status'], note['Allocations']])).toEqual([['DRAFT', []], ['SUBMITTED', []], ['VOIDED', []]])
  })

  it('writes documents in each of Xero’s states and line amount types, in their own currency at its rate, paid on their last payment’s day', async () => {
    const documents = (await read('Invoices?page=1&pageSize=1000'))['Invoices'] as Json[]
    const cents = (amount: number) => Math.round(amount * 100)
    // The first two of each list are drafts, one awaiting approval; the third is voided.
    for (const type of ['ACCREC', 'ACCPAY']) expect(documents.filter((document) => document['Type'] === type).slice(0, 3).map((document) => document['Status'])).toEqual(['DRAFT', 'SUBMITTED', 'VOIDED'])
    expect(new Set(documents.map((document) => document['Status']))).toEqual(new Set(['DRAFT', 'SUBMITTED', 'VOIDED', 'AUTHORISED', 'PAID']))
    // NoTax is for a document none of whose lines is taxed, which a small book may lack (a few in a hundred are).
    const untaxed = documents.some((document) => document['TotalTax'] === 0) ? ['NoTax'] : []
    expect(new Set(documents.map((document) => document['LineAmountTypes']))).toEqual(new Set(['Exclusive', 'Inclusive', ...untaxed]))
    for (const document of documents) {
      const lines = document['LineItems'] as Json[]
      // Inclusive: each LineAmount is gross, so the lines add up to the Total; otherwise to the SubTotal.
      const gross = document['LineAmountTypes'] === 'Inclusive'
      expect(lines.reduce((sum, line) => sum + cents(line['LineAmount']), 0), document['InvoiceID']).toBe(cents(gross ? document['Total'] : document['SubTotal']))
      if (document['LineAmountTypes'] === 'NoTax') expect(lines.every((line) => line['TaxAmount'] === 0)).toBe(true)
      if (document['CurrencyCode'] === 'GBP') expect(document['CurrencyRate']).toBe(1)
      else expect(document['CurrencyRate']).toBeGreaterThan(0)
      for (const payment of document['Payments'] as Json[]) expect(payment['CurrencyRate']).toBe(document['CurrencyRate'])
      const lastPayment = (document['Payments'] as Json[]).map((payment) => Number(/\((\d+)\+0000\)/.exec(payment['Date'])![1])).sort().at(-1)
      expect(document['FullyPaidOnDate'], document['InvoiceID']).toBe(document['Status'] === 'PAID' ? `/Date(${lastPayment}+0000)/` : undefined)
    }
  })

  it('writes a contact’s two address slots and four phone slots, blank where unused, and its other people', async () => {
    const contacts = (await read('Contacts?page=1&pageSize=1000&includeArchived=true'))['Contacts'] as Json[]
    for (const contact of contacts) {
      expect(contact['Addresses'].map((address: Json) => address['AddressType'])).toEqual(['POBOX', 'STREET'])
      expect(contact['Phones'].map((phone: Json) => phone['PhoneType'])).toEqual(['DEFAULT', 'DDI', 'FAX', 'MOBILE'])
      expect(contact['Phones'].filter((phone: Json) => phone['PhoneNumber'] !== '')).toHaveLength(1)
    }
    expect(contacts.some((contact) => contact['Addresses'][1]['AddressLine1'] === '')).toBe(true)
    expect(contacts.some((contact) => contact['Addresses'][1]['AddressLine1'] !== '')).toBe(true)
    expect(contacts.some((contact) => contact['Phones'][3]['PhoneNumber'] !== '')).toBe(true)
    expect(contacts.some((contact) => contact['ContactPersons'].length > 0)).toBe(true)
  })

  it('pages journals by number, 100 a call, each balanced on accounts of the chart', async () => {
    const first = (await read('Journals'))['Journals'] as Json[]
    expect(first.map((journal) => journal['JournalNumber'])).toEqual(Array.from({ length: 100 }, (_, index) => index + 1))
    const rest = (await read('Journals?offset=100'))['Journals'] as Json[]
    expect(rest.map((journal) => journal['JournalNumber'])).toEqual(Array.from({ length: JOURNALS - 100 }, (_, index) => 101 + index))
    expect((await read(`Journals?offset=${JOURNALS}`))['Journals']).toEqual([])
    const accountIds = new Set(((await read('Accounts'))['Accounts'] as Json[]).map((account) => account['AccountID']))
    for (const journal of [...first, ...rest]) {
      expect(journal['JournalLines'].reduce((sum: number, line: Json) => sum + Math.round(line['NetAmount'] * 100), 0), journal['JournalID']).toBe(0)
      for (const line of journal['JournalLines'] as Json[]) expect(accountIds.has(line['AccountID'])).toBe(true)
    }
    expect(first.slice(0, 3).map((journal) => journal['SourceType'])).toEqual(['ACCREC', 'ACCREC', 'ACCREC'])
    // Created since If-Modified-Since: the later journals only, still numbered as before.
    const since = Number(/\((\d+)\+0000\)/.exec(rest[0]!['CreatedDateUTC'])![1])
    const changed = (await read('Journals?offset=0', { 'if-modified-since': new Date(since).toISOString().slice(0, 19) }))['Journals'] as Json[]
    expect(changed.map((journal) => journal['JournalNumber'])).toEqual(rest.map((journal) => journal['JournalNumber']))
    expect((await getJson(`${xero.apiBaseUrl}/Journals?offset=-1`, token, { 'xero-tenant-id': UK })).status).toBe(400)
  })

  it('reports a balance sheet that balances and a profit and loss that is the journals’ own', async () => {
    const journals = [...(await read('Journals'))['Journals'], ...(await read('Journals?offset=100'))['Journals']] as Json[]
    const accounts = new Map(((await read('Accounts'))['Accounts'] as Json[]).map((account) => [account['AccountID'], account]))
    const amountOf = (report: Json, label: string): number => {
      for (const section of report['Reports'][0]['Rows'] as Json[]) for (const row of section['Rows'] ?? []) if (row['Cells'][0]['Value'] === label) return Math.round(Number(row['Cells'][1]['Value']) * 100)
      throw new Error(`no row ${label}`)
    }
    // 0 − sum, not −sum: an empty range is 0, never −0.
    const profitBetween = (from: string, to: string) =>
      0 -
      journals
        .filter((journal) => {
          const day = new Date(Number(/\((\d+)\+0000\)/.exec(journal['JournalDate'])![1])).toISOString().slice(0, 10)
          return day >= from && day <= to
        })
        .flatMap((journal) => journal['JournalLines'] as Json[])
        .filter((line) => ['REVENUE', 'EXPENSE'].includes(accounts.get(line['AccountID'])?.['Class']))
        .reduce((sum, line) => sum + Math.round(line['NetAmount'] * 100), 0)

    const sheet = await read('Reports/BalanceSheet?date=2025-02-28')
    expect(sheet['Reports'][0]).toMatchObject({ ReportID: 'BalanceSheet', ReportType: 'BalanceSheet', ReportTitles: ['Balance Sheet', 'Demo Company (UK)', 'As at 28 February 2025'] })
    expect(sheet['Reports'][0]['Rows'][0]).toEqual({ RowType: 'Header', Cells: [{ Value: '' }, { Value: '28 Feb 2025' }] })
    expect(amountOf(sheet, 'Total Assets')).toBe(amountOf(sheet, 'Total Liabilities') + amountOf(sheet, 'Total Equity'))
    expect(amountOf(sheet, 'Net Assets')).toBe(amountOf(sheet, 'Total Equity'))
    expect(amountOf(sheet, 'Current Year Earnings') + amountOf(sheet, 'Retained Earnings')).toBe(profitBetween('0000-01-01', '2025-02-28'))
    // The UK organisation's financial year ends 31 March: February is in the year that began 1 April 2024.
    expect(amountOf(sheet, 'Current Year Earnings')).toBe(profitBetween('2024-04-01', '2025-02-28'))
    const april = await read('Reports/BalanceSheet?date=2025-04-30')
    expect(amountOf(april, 'Current Year Earnings')).toBe(profitBetween('2025-04-01', '2025-04-30'))
    expect(amountOf(april, 'Retained Earnings')).toBe(profitBetween('0000-01-01', '2025-03-31'))

    const profit = await read('Reports/ProfitAndLoss?fromDate=2024-07-01&toDate=2025-02-28')
    expect(profit['Reports'][0]['ReportTitles']).toEqual(['Profit and Loss', 'Demo Company (UK)', '1 July 2024 to 28 February 2025'])
    expect(amountOf(profit, 'Net Profit')).toBe(profitBetween('2024-07-01', '2025-02-28'))
    expect(amountOf(profit, 'Net Profit')).not.toBe(0)
    expect(amountOf(profit, 'Net Profit')).toBe(amountOf(profit, 'Total Income') - amountOf(profit, 'Total Operating Expenses'))

    for (const query of ['BalanceSheet?date=28/02/2025', 'ProfitAndLoss?fromDate=2025-03-01&toDate=2025-02-01']) {
      expect((await getJson(`${xero.apiBaseUrl}/Reports/${query}`, token, { 'xero-tenant-id': UK })).status, query).toBe(400)
    }
  })

  it('serves the general ledger and the reports only to their own read scopes', async () => {
    const without = await linkXero('openid accounting.transactions accounting.contacts accounting.settings')
    for (const path of ['Journals', 'Reports/BalanceSheet', 'Reports/ProfitAndLoss']) {
      expect((await getJson(`${xero.apiBaseUrl}/${path}`, without, { 'xero-tenant-id': UK })).status, path).toBe(401)
    }
  })

  it('makes a supplier a customer when a sales invoice is raised for it, leaving its UpdatedDateUTC as Xero does', async () => {
    const customersWhere = `where=${encodeURIComponent('IsCustomer==true')}&includeArchived=true`
    const suppliers = (await read(`Contacts?includeArchived=true&where=${encodeURIComponent('IsSupplier==true')}`))['Contacts'] as Json[]
    const supplier = suppliers.find((contact) => !contact['IsCustomer'])!
    const since = { 'if-modified-since': new Date(sandbox.clock.now().getTime()).toISOString().slice(0, 19) }
    sandbox.clock.advanceSeconds(60)
    sandbox.admin.raiseSalesInvoices('xero', 'suppliers', [suppliers.indexOf(supplier)])

    const customers = (await read(`Contacts?${customersWhere}`))['Contacts'] as Json[]
    expect(customers).toHaveLength(SIZES.customers + 1)
    expect(customers.find((contact) => contact['ContactID'] === supplier['ContactID'])).toEqual({ ...supplier, IsCustomer: true })
    // Not changed since, by Xero's own UpdatedDateUTC: a read of what changed does not see it.
    expect((await read(`Contacts?${customersWhere}`, since))['Contacts']).toEqual([])
  })

  // Last: it deletes records, in every grant.
  it('serves what the admin deleted as Xero does, to a read of what changed since: DELETED, ARCHIVED, or gone', async () => {
    const transactions = (await read('BankTransactions'))['BankTransactions'] as Json[]
    const contacts = (await read('Contacts?includeArchived=true'))['Contacts'] as Json[]
    const items = (await read('Items'))['Items'] as Json[]
    sandbox.clock.advanceSeconds(60)
    const deletedAt = sandbox.clock.now().getTime()
    const since = { 'if-modified-since': new Date(deletedAt).toISOString().slice(0, 19) }
    sandbox.admin.deleteRecords('xero', 'bankTransactions', [1])
    sandbox.admin.deleteRecords('xero', 'customers', [0])
    sandbox.admin.deleteRecords('xero', 'items', [2])
    const updated = `/Date(${deletedAt}+0000)/`

    expect((await read('BankTransactions?page=1', since))['BankTransactions']).toEqual([{ ...transactions[1], Status: 'DELETED', UpdatedDateUTC: updated }])
    // Xero archives a contact it is asked to delete: hidden unless archived ones are asked for.
    expect((await read('Contacts?includeArchived=true', since))['Contacts']).toEqual([{ ...contacts[0], ContactStatus: 'ARCHIVED', UpdatedDateUTC: updated }])
    expect((await read('Contacts', since))['Contacts']).toEqual([])
    // A deleted item is gone from the list, changed since or not.
    expect((await read('Items'))['Items']).toEqual(items.filter((_, index) => index !== 2))
  })
})
