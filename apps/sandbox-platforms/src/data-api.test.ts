import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, linkPlatform, startTestSandbox, type TestSandbox } from './testing/sandbox-harness.js'

let sandbox: TestSandbox
let accountingToken: string
beforeAll(async () => {
  sandbox = await startTestSandbox()
  accountingToken = (await linkPlatform(sandbox, 'accounting', 'accounting.read offline_access')).access_token
})
afterAll(async () => {
  await sandbox.close()
})

const api = (path: string): string => `${sandbox.endpoints.accounting.apiBaseUrl}${path}`

interface Page<T = Record<string, unknown>> {
  items: T[]
  page: number
  pageSize: number
  totalItems: number
  hasMore: boolean
}

describe('the data API', () => {
  it('pages through a dataset with page and pageSize', async () => {
    const first = (await (await getJson(api('/invoices?page=1&pageSize=50'), accountingToken)).json()) as Page
    expect({ ...first, items: first.items.length }).toEqual({ items: 50, page: 1, pageSize: 50, totalItems: 120, hasMore: true })
    const last = (await (await getJson(api('/invoices?page=3&pageSize=50'), accountingToken)).json()) as Page
    expect({ ...last, items: last.items.length }).toEqual({ items: 20, page: 3, pageSize: 50, totalItems: 120, hasMore: false })
    const beyond = (await (await getJson(api('/invoices?page=4&pageSize=50'), accountingToken)).json()) as Page
    expect(beyond).toEqual({ items: [], page: 4, pageSize: 50, totalItems: 120, hasMore: false })
    const defaults = (await (await getJson(api('/customers'), accountingToken)).json()) as Page
    expect({ page: defaults.page, pageSize: defaults.pageSize, totalItems: defaults.totalItems }).toEqual({ page: 1, pageSize: 100, totalItems: 60 })
  })

  it('answers the same page with the same records every time, and different pages with different ones', async () => {
    const once = await (await getJson(api('/invoices?page=2&pageSize=25'), accountingToken)).json()
    const again = await (await getJson(api('/invoices?page=2&pageSize=25'), accountingToken)).json()
    expect(again).toEqual(once)
    const wide = (await (await getJson(api('/invoices?page=1&pageSize=50'), accountingToken)).json()) as Page
    expect(wide.items.slice(25, 50)).toEqual((once as Page).items)
    const ids = new Set(wide.items.map((item) => item['id']))
    expect(ids.size).toBe(50)
  })

  it('generates realistic invoices: ids, references, two-decimal amounts that add up, ISO dates, known currencies', async () => {
    const { items } = (await (await getJson(api('/invoices?pageSize=120'), accountingToken)).json()) as Page<{
      id: string
      invoiceNumber: string
      customerRef: { id: string; name: string }
      currency: string
      status: string
      issueDate: string
      dueDate: string
      modifiedDate: string
      lineItems: { quantity: number; unitAmount: number; subTotal: number; taxAmount: number; totalAmount: number }[]
      subTotal: number
      totalTaxAmount: number
      totalAmount: number
      amountDue: number
    }>
    const customers = (await (await getJson(api('/customers?pageSize=100'), accountingToken)).json()) as Page<{ id: string; name: string }>
    const customerNames = new Map(customers.items.map((customer) => [customer.id, customer.name]))
    const isTwoDecimals = (amount: number): boolean => Math.abs(Math.round(amount * 100) - amount * 100) < 1e-6
    expect(items[0]?.invoiceNumber).toBe('INV-00001')
    for (const invoice of items) {
      expect(invoice.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(['GBP', 'USD', 'EUR']).toContain(invoice.currency)
      expect(['Draft', 'Submitted', 'PartiallyPaid', 'Paid', 'Void']).toContain(invoice.status)
      expect(customerNames.get(invoice.customerRef.id)).toBe(invoice.customerRef.name)
      for (const date of [invoice.issueDate, invoice.dueDate, invoice.modifiedDate]) expect(new Date(date).toISOString()).toBe(date)
      expect(invoice.lineItems.length).toBeGreaterThan(0)
      const cents = (amounts: number[]): number => Math.round(amounts.reduce((sum, amount) => sum + amount * 100, 0))
      expect(cents(invoice.lineItems.map((line) => line.totalAmount))).toBe(Math.round(invoice.totalAmount * 100))
      expect(Math.round(invoice.subTotal * 100) + Math.round(invoice.totalTaxAmount * 100)).toBe(Math.round(invoice.totalAmount * 100))
      for (const amount of [invoice.subTotal, invoice.totalAmount, invoice.amountDue, ...invoice.lineItems.map((line) => line.unitAmount)]) expect(isTwoDecimals(amount)).toBe(true)
    }
  })

  it('serves every dataset of every generic platform', async () => {
    const banking = (await linkPlatform(sandbox, 'banking', 'banking.read')).access_token
    const commerce = (await linkPlatform(sandbox, 'commerce', 'commerce.read')).access_token
    const datasets: [string, string, string[]][] = [
      [sandbox.endpoints.accounting.apiBaseUrl, accountingToken, ['accounts', 'customers', 'suppliers', 'invoices', 'bills', 'payments', 'bankAccounts', 'journalEntries', 'items', 'accountTransactions', 'bankTransactions', 'transfers', 'creditNotes', 'billCreditNotes', 'billPayments', 'directCosts', 'directIncomes', 'itemReceipts', 'journals', 'purchaseOrders', 'salesOrders']],
      [sandbox.endpoints.banking.apiBaseUrl, banking, ['accounts', 'balances', 'transactions']],
      [sandbox.endpoints.commerce.apiBaseUrl, commerce, ['customers', 'orders', 'products', 'payments']],
    ]
    for (const [base, token, names] of datasets) {
      for (const name of names) {
        const page = (await (await getJson(`${base}/${name}?pageSize=1000`, token)).json()) as Page<{ id: string; modifiedDate: string }>
        // A business keeps one journal of each kind (six); every other dataset has records enough to page through.
        expect(page.totalItems, name).toBeGreaterThanOrEqual(name === 'journals' ? 6 : 25)
        expect(page.items).toHaveLength(page.totalItems)
        expect(page.items.every((item) => typeof item.id === 'string' && !Number.isNaN(Date.parse(item.modifiedDate)))).toBe(true)
      }
    }
    const order = ((await (await getJson(`${sandbox.endpoints.commerce.apiBaseUrl}/orders`, commerce)).json()) as Page<{ orderLines: unknown[] }>).items[0]
    expect(order?.orderLines.length).toBeGreaterThan(0)
    expect(await (await getJson(`${sandbox.endpoints.commerce.apiBaseUrl}/company`, commerce)).json()).toMatchObject({ companyName: expect.any(String) })
    const balanced = ((await (await getJson(api('/journalEntries'), accountingToken)).json()) as Page<{ journalLines: { netAmount: number }[] }>).items
    for (const entry of balanced) expect(entry.journalLines.reduce((sum, line) => sum + line.netAmount * 100, 0)).toBeCloseTo(0, 6)
  })

  it('keeps true books: every journal entry balances and names an account; every invoice, bill and payment is posted at its date to accounts of the right type', async () => {
    type Line = { accountRef?: { id: string }; netAmount: number }
    const all = async <T>(name: string) => ((await (await getJson(api(`/${name}?pageSize=1000`), accountingToken)).json()) as Page<T>).items
    const journal = await all<{ description: string; postedOn: string; journalLines: Line[] }>('journalEntries')
    const accounts = new Map((await all<{ id: string; type: string; isBankAccount: boolean }>('accounts')).map((account) => [account.id, account]))
    const invoices = await all<{ invoiceNumber: string; issueDate: string; lineItems: { accountRef: { id: string } }[] }>('invoices')
    const bills = await all<{ reference: string; issueDate: string; lineItems: { accountRef: { id: string } }[] }>('bills')
    const payments = await all<{ date: string }>('payments')
    // Then the manual journals (50), then the credit notes, bill credit notes, bill payments, direct costs and incomes.
    const later = await Promise.all(['creditNotes', 'billCreditNotes', 'billPayments', 'directCosts', 'directIncomes'].map(async (name) => (await all<unknown>(name)).length))
    expect(journal).toHaveLength(invoices.length + bills.length + payments.length + 50 + later.reduce((total, count) => total + count, 0))
    for (const entry of journal) {
      expect(entry.journalLines.reduce((cents, line) => cents + Math.round(line.netAmount * 100), 0), entry.description).toBe(0)
      for (const line of entry.journalLines) expect(accounts.has(line.accountRef?.id ?? ''), entry.description).toBe(true)
    }
    const posted = new Map(journal.map((entry) => [entry.description, entry]))
    for (const invoice of invoices) {
      expect(posted.get(`Invoice ${invoice.invoiceNumber}`)?.postedOn).toBe(invoice.issueDate)
      for (const line of invoice.lineItems) expect(accounts.get(line.accountRef.id)?.type).toBe('Income')
    }
    for (const bill of bills) {
      expect(posted.get(`Bill ${bill.reference}`)?.postedOn).toBe(bill.issueDate)
      for (const line of bill.lineItems) expect(accounts.get(line.accountRef.id)?.type).toBe('Expense')
    }
    const receipts = journal.filter((entry) => entry.description.startsWith('Payment '))
    expect(receipts.map((entry) => entry.postedOn)).toEqual(payments.map((payment) => payment.date))
    for (const receipt of receipts) expect(accounts.get(receipt.journalLines[0]!.accountRef!.id)?.isBankAccount).toBe(true)
  })

  it('filters by modifiedSince, counting only the records modified at or after it', async () => {
    const all = (await (await getJson(api('/invoices?pageSize=1000'), accountingToken)).json()) as Page<{ id: string; modifiedDate: string }>
    const pivot = all.items[50]
    const since = (await (await getJson(api(`/invoices?pageSize=10&modifiedSince=${encodeURIComponent(pivot?.modifiedDate ?? '')}`), accountingToken)).json()) as Page<{ id: string }>
    expect(since.totalItems).toBe(70)
    expect(since.items.map((item) => item.id)).toEqual(all.items.slice(50, 60).map((item) => item.id))
    const future = (await (await getJson(api('/invoices?modifiedSince=2999-01-01'), accountingToken)).json()) as Page
    expect(future).toEqual({ items: [], page: 1, pageSize: 100, totalItems: 0, hasMore: false })
  })

  it('serves page 1000 of a 100k-record dataset quickly, generating only that page', async () => {
    sandbox.admin.setDatasetSize('accounting', 'invoices', 100_000)
    try {
      const started = performance.now()
      const response = await getJson(api('/invoices?page=1000&pageSize=100'), accountingToken)
      const elapsed = performance.now() - started
      const page = (await response.json()) as Page<{ invoiceNumber: string }>
      expect({ ...page, items: page.items.length }).toEqual({ items: 100, page: 1000, pageSize: 100, totalItems: 100_000, hasMore: false })
      expect(page.items[0]?.invoiceNumber).toBe('INV-99901')
      expect(elapsed).toBeLessThan(500)
      const modified = (await (await getJson(api('/invoices?pageSize=1&modifiedSince=2025-02-01T00:00:00Z'), accountingToken)).json()) as Page
      expect(modified.totalItems).toBeGreaterThan(0)
      expect(modified.totalItems).toBeLessThan(100_000)
    } finally {
      sandbox.admin.setDatasetSize('accounting', 'invoices', 120)
    }
  })

  it.each([
    ['?page=0', 'page must be a whole number from 1.'],
    ['?page=abc', 'page must be a whole number from 1.'],
    ['?pageSize=1001', 'pageSize must be a whole number from 1 to 1000.'],
    ['?pageSize=-5', 'pageSize must be a whole number from 1 to 1000.'],
    ['?pageSize=1.5', 'pageSize must be a whole number from 1 to 1000.'],
    ['?modifiedSince=yesterday', 'modifiedSince must be an ISO 8601 date, such as 2024-05-01T00:00:00Z.'],
    ['?page=1&page=2', 'The page parameter is repeated.'],
  ])('answers %s with 400 and says why', async (query, description) => {
    const response = await getJson(api(`/invoices${query}`), accountingToken)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: description })
  })

  it('answers an unknown dataset with 404', async () => {
    const response = await getJson(api('/widgets'), accountingToken)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      error: 'not_found',
      error_description: 'Sandbox accounting has no dataset “widgets”. It has: company, accounts, customers, suppliers, invoices, bills, payments, bankAccounts, journalEntries, items, taxRates, trackingCategories, paymentMethods, accountTransactions, bankTransactions, transfers, creditNotes, billCreditNotes, billPayments, directCosts, directIncomes, itemReceipts, journals, purchaseOrders, salesOrders.',
    })
  })
})

describe('API access', () => {
  it('refuses an expired access token with 401 invalid_token', async () => {
    const tokens = await linkPlatform(sandbox, 'accounting', 'accounting.read')
    sandbox.clock.advanceSeconds(1799)
    expect((await getJson(api('/accounts'), tokens.access_token)).status).toBe(200)
    sandbox.clock.advanceSeconds(1)
    const expired = await getJson(api('/accounts'), tokens.access_token)
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(await expired.json()).toEqual({ error: 'invalid_token', error_description: 'The access token has expired.' })
  })

  it('expires tokens on demand through the admin, one platform at a time', async () => {
    const accounting = await linkPlatform(sandbox, 'accounting', 'accounting.read')
    const banking = await linkPlatform(sandbox, 'banking', 'banking.read')
    expect(sandbox.admin.expireAccessTokens('accounting')).toBeGreaterThanOrEqual(1)
    expect((await getJson(api('/accounts'), accounting.access_token)).status).toBe(401)
    expect((await getJson(`${sandbox.endpoints.banking.apiBaseUrl}/accounts`, banking.access_token)).status).toBe(200)
  })

  it('refuses a missing token, an unknown one, and another platform’s', async () => {
    const missing = await fetch(api('/accounts'))
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="Sandbox accounting"')
    expect((await getJson(api('/accounts'), 'not-a-token')).status).toBe(401)
    expect((await getJson(`${sandbox.endpoints.banking.apiBaseUrl}/accounts`, accountingToken)).status).toBe(401)
  })

  it('refuses a token without the read scope with 403 insufficient_scope', async () => {
    const writer = await linkPlatform(sandbox, 'accounting', 'accounting.write')
    const response = await getJson(api('/accounts'), writer.access_token)
    expect(response.status).toBe(403)
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="accounting.read"')
  })

  it('answers the admin’s rate limit with 429 and Retry-After, then recovers', async () => {
    // A fresh token: the tests above moved the clock past the first one's lifetime.
    const accountingToken = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    sandbox.admin.rateLimitNextApiCalls('accounting', 2, 30)
    for (let call = 0; call < 2; call++) {
      const limited = await getJson(api('/accounts'), accountingToken)
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBe('30')
      expect(await limited.json()).toEqual({ error: 'rate_limited', error_description: 'Too many requests; retry after 30 seconds.' })
    }
    expect((await getJson(api('/accounts'), accountingToken)).status).toBe(200)
  })
})
