/**
 * The accounting sandbox's reference lists and bank activity end to end: items, tax rates, tracking categories,
 * payment methods (company-level), account transactions, bank transactions (under each bank account) and transfers
 * (connection-level), synced by a worker over real HTTP and read back at the reference's paths, paged and filtered.
 * Each list is checked against the reference: the published schema where a document has it, else the published
 * SDK (@codat/accounting), whose parse keeps only the fields the reference declares. Then the books must hang
 * together: every reference resolves, amounts add up, balances chain.
 */
import { CodatAccounting } from '@codat/accounting'
import { AccountTransactionStatus } from '@codat/accounting/dist/sdk/models/shared/accounttransaction.js'
import { BankTransactionType } from '@codat/accounting/dist/sdk/models/shared/banktransactiontype.js'
import { ItemStatus } from '@codat/accounting/dist/sdk/models/shared/itemstatus.js'
import { ItemType } from '@codat/accounting/dist/sdk/models/shared/itemtype.js'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { basicAuthorization } from '../../testing/test-app.js'

/** Sizes past a 100-record page where paging matters, few bank accounts so each has many lines. */
const SIZES = { bankAccounts: 4, bankTransactions: 130, accountTransactions: 120, transfers: 45, items: 30, payments: 100 }
/** The catalogue-backed lists' default sizes (apps/sandbox-platforms: one record per catalogue entry). */
const CATALOGUE_SIZES = { taxRates: 8, trackingCategories: 11, paymentMethods: 5 }

type Json = Record<string, any>
const cents = (amount: number): number => Math.round(amount * 100)

describe.each(testedBackends())('the accounting sandbox’s items, tax rates, tracking categories, payment methods, account and bank transactions and transfers on %s', (backend) => {
  let h: SyncHarness
  let companyId: string
  let connectionId: string
  let company: string
  let connection: string

  /** Every record at a list path, and the page as served. */
  async function listAll(path: string, extra = ''): Promise<{ page: Json; results: Json[] }> {
    const response = await h.api('GET', `${path}?pageSize=2000${extra}`)
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200)
    const page = response.json()
    return { page, results: page.results }
  }
  const records: Record<string, Json[]> = {}

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    for (const [dataset, count] of Object.entries(SIZES)) h.sandbox.admin.setDatasetSize('accounting', dataset, count)
    await h.startWorkers({ pageSize: 100 })
    ;({ companyId, connectionId } = await h.linkSandbox('mqjo'))
    await h.waitForSyncs(companyId, { timeoutMs: 60_000 })
    company = `/companies/${companyId}/data`
    connection = `/companies/${companyId}/connections/${connectionId}/data`
    for (const type of ['items', 'taxRates', 'trackingCategories', 'paymentMethods', 'accounts', 'payments', 'invoices', 'bills']) records[type] = (await listAll(`${company}/${type}`)).results
    for (const type of ['accountTransactions', 'transfers', 'bankAccounts']) records[type] = (await listAll(`${connection}/${type}`)).results
    records['bankTransactions'] = []
    for (const account of records['bankAccounts']!) records['bankTransactions'].push(...(await listAll(`${connection}/bankAccounts/${account['id']}/bankTransactions`)).results)
  }, 120_000)
  afterAll(async () => {
    await h?.close()
  })

  it('syncs every record of each type, each served at the reference’s path', async () => {
    const history = await h.waitForSyncs(companyId)
    const expected = { ...CATALOGUE_SIZES, items: SIZES.items, accountTransactions: SIZES.accountTransactions, bankTransactions: SIZES.bankTransactions, transfers: SIZES.transfers }
    for (const [dataType, count] of Object.entries(expected)) {
      expect(history.find((dataset) => dataset['dataType'] === dataType), dataType).toMatchObject({ connectionId, status: 'Complete', recordsRead: count, totalRecords: count })
      expect(records[dataType], dataType).toHaveLength(count)
    }
    // Company-level where the reference serves them there, connection-level where it does not.
    expect((await h.api('GET', `${company}/accountTransactions`)).statusCode).toBe(404)
    expect((await h.api('GET', `${company}/transfers`)).statusCode).toBe(404)
    expect((await h.api('GET', `${connection}/items`)).statusCode).toBe(404)
    // One record by id, where the reference has that route.
    const item = records['items']![3]!
    expect((await h.api('GET', `${company}/items/${item['id']}`)).json()).toEqual(item)
    const transfer = records['transfers']![7]!
    expect((await h.api('GET', `${connection}/transfers/${transfer['id']}`)).json()).toEqual(transfer)
    const accountTransaction = records['accountTransactions']![9]!
    expect((await h.api('GET', `${connection}/accountTransactions/${accountTransaction['id']}`)).json()).toEqual(accountTransaction)
  })

  it('lists a bank account’s transactions under it, and only its own', async () => {
    for (const account of records['bankAccounts']!) {
      const { page, results } = await listAll(`${connection}/bankAccounts/${account['id']}/bankTransactions`)
      expect(results.length).toBeGreaterThanOrEqual(Math.floor(SIZES.bankTransactions / SIZES.bankAccounts))
      expect(results.every((transaction) => transaction['accountId'] === account['id'])).toBe(true)
      expect(page.totalResults).toBe(results.length)
    }
    const { page } = await listAll(`${connection}/bankAccounts/not-an-account/bankTransactions`)
    expect(page).toMatchObject({ totalResults: 0, results: [] })
  })

  it('pages and filters each list with query and orderBy', async () => {
    // Paged: three pages of 50 are the whole list, each record once.
    const pages = [1, 2, 3].map(async (page) => (await h.api('GET', `${connection}/accountTransactions?page=${page}&pageSize=50&orderBy=date`)).json())
    const [one, two, three] = await Promise.all(pages)
    expect([one.results.length, two.results.length, three.results.length]).toEqual([50, 50, 20])
    expect(one).toMatchObject({ pageNumber: 1, pageSize: 50, totalResults: SIZES.accountTransactions })
    expect(one._links.next.href).toBe(`/companies/${companyId}/connections/${connectionId}/data/accountTransactions?page=2&pageSize=50&orderBy=date`)
    const paged = [...one.results, ...two.results, ...three.results]
    expect(new Set(paged.map((record: Json) => record['id'])).size).toBe(SIZES.accountTransactions)
    const dates = paged.map((record: Json) => Date.parse(record['date']))
    expect(dates).toEqual([...dates].sort((a, b) => a - b))

    const filtered: Array<[string, string, (record: Json) => boolean]> = [
      [`${company}/items`, 'type=Service', (item) => item['type'] === 'Service'],
      [`${company}/items`, 'isBillItem=true&&invoiceItem.unitPrice>100', (item) => item['isBillItem'] === true && item['invoiceItem']?.['unitPrice'] > 100],
      [`${company}/taxRates`, 'effectiveTaxRate>5', (rate) => rate['effectiveTaxRate'] > 5],
      [`${company}/trackingCategories`, 'hasChildren=true', (category) => category['hasChildren'] === true],
      [`${company}/paymentMethods`, 'type=CreditCard', (method) => method['type'] === 'CreditCard'],
      [`${connection}/accountTransactions`, 'status=Reconciled&&totalAmount>1000', (transaction) => transaction['status'] === 'Reconciled' && transaction['totalAmount'] > 1000],
      [`${connection}/transfers`, 'from.amount>=2500', (transfer) => transfer['from']['amount'] >= 2500],
    ]
    for (const [path, query, matches] of filtered) {
      const type = path.split('/').at(-1)!
      const { results } = await listAll(path, `&query=${encodeURIComponent(query)}`)
      const expected = records[type]!.filter(matches)
      expect(expected.length, `${type} ${query} selects something`).toBeGreaterThan(0)
      expect(expected.length, `${type} ${query} leaves something out`).toBeLessThan(records[type]!.length)
      expect(results.map((record) => record['id']).sort(), `${type} ${query}`).toEqual(expected.map((record) => record['id']).sort())
    }

    // Under one bank account: the query narrows that account's lines, never another's.
    const account = records['bankAccounts']![0]!
    const { results: credits } = await listAll(`${connection}/bankAccounts/${account['id']}/bankTransactions`, `&query=${encodeURIComponent('amount>0')}&orderBy=-clearedOnDate`)
    const expected = records['bankTransactions']!.filter((transaction) => transaction['accountId'] === account['id'] && transaction['amount'] > 0)
    expect(credits.map((transaction) => transaction['id']).sort()).toEqual(expected.map((transaction) => transaction['id']).sort())
    const cleared = credits.map((transaction) => Date.parse(transaction['clearedOnDate']))
    expect(cleared).toEqual([...cleared].sort((a, b) => b - a))

    const malformed = await h.api('GET', `${connection}/bankAccounts/${account['id']}/bankTransactions?query=${encodeURIComponent('nope=1')}`)
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ statusCode: 400, service: 'PublicApi' })
  })

  it('serves tax rates, tracking categories and payment methods as the reference’s published schemas say', async () => {
    for (const [path, listSchema, recordSchema] of [
      ['taxRates', 'TaxRates', 'TaxRate'],
      ['trackingCategories', 'TrackingCategories', 'TrackingCategory'],
      ['paymentMethods', 'PaymentMethods', 'PaymentMethod'],
    ] as const) {
      const { page, results } = await listAll(`${company}/${path}`)
      expect(results.length).toBeGreaterThan(0)
      expect(referenceShapeErrors(page, 'Codat-Sync-Payables-v1.json', listSchema), path).toEqual([])
      for (const record of results) expect(referenceShapeErrors(record, 'Codat-Sync-Payables-v1.json', recordSchema), `${path} ${record['id']}`).toEqual([])
    }
  })

  it('serves items, account transactions, bank transactions and transfers as the published SDK reads them, field for field', async () => {
    const sdk = new CodatAccounting({ security: { authHeader: basicAuthorization(h.client.apiKey) }, serverURL: h.t.url, retryConfig: { strategy: 'none' } as never })
    // The SDK keeps only the fields the reference declares (class-transformer's excludeExtraneousValues): a
    // parsed record equal to the one served has no field the reference lacks, at any depth.
    const asServed = (parsed: unknown): unknown => JSON.parse(JSON.stringify(parsed))

    const items = await sdk.items.list({ companyId, pageSize: 2000 })
    expect(items.statusCode).toBe(200)
    expect(items.items?.results).toHaveLength(SIZES.items)
    expect(asServed(items.items?.results)).toEqual(records['items'])
    for (const item of records['items']!) {
      expect(Object.values(ItemType)).toContain(item['type'])
      expect(Object.values(ItemStatus)).toContain(item['itemStatus'])
    }

    const accountTransactions = await sdk.accountTransactions.list({ companyId, connectionId, pageSize: 2000 })
    expect(accountTransactions.statusCode).toBe(200)
    expect(accountTransactions.accountTransactions?.results).toHaveLength(SIZES.accountTransactions)
    expect(asServed(accountTransactions.accountTransactions?.results)).toEqual(records['accountTransactions'])
    for (const transaction of records['accountTransactions']!) expect(Object.values(AccountTransactionStatus)).toContain(transaction['status'])

    const account = records['bankAccounts']![1]!
    const bankTransactions = await sdk.bankAccountTransactions.list({ companyId, connectionId, accountId: account['id'], pageSize: 2000 })
    expect(bankTransactions.statusCode).toBe(200)
    const served = records['bankTransactions']!.filter((transaction) => transaction['accountId'] === account['id'])
    expect(bankTransactions.bankTransactions?.results?.length).toBeGreaterThan(0)
    expect((asServed(bankTransactions.bankTransactions?.results) as Json[]).sort((a, b) => a['id'].localeCompare(b['id']))).toEqual([...served].sort((a, b) => a['id'].localeCompare(b['id'])))
    for (const transaction of records['bankTransactions']!) expect(Object.values(BankTransactionType)).toContain(transaction['transactionType'])

    const transfers = await sdk.transfers.list({ companyId, connectionId, pageSize: 2000 })
    expect(transfers.statusCode).toBe(200)
    expect(transfers.transfers?.results).toHaveLength(SIZES.transfers)
    expect(asServed(transfers.transfers?.results)).toEqual(records['transfers'])
  })

  describe('the books hang together', () => {
    const idsOf = (type: string) => new Set(records[type]!.map((record) => record['id']))
    const byId = (type: string) => new Map(records[type]!.map((record) => [record['id'], record]))

    it('items point at ledger accounts and tax rates that exist, with the rate’s percentage', () => {
      const accounts = byId('accounts')
      const taxRates = byId('taxRates')
      for (const item of records['items']!) {
        expect(item['isInvoiceItem']).toBe(item['invoiceItem'] !== undefined)
        expect(item['isBillItem']).toBe(item['billItem'] !== undefined)
        for (const [side, accountType] of [
          ['invoiceItem', 'Income'],
          ['billItem', 'Expense'],
        ] as const) {
          const defaults = item[side]
          if (!defaults) continue
          expect(accounts.get(defaults.accountRef.id), `${item['id']} ${side} account`).toMatchObject({ type: accountType, name: defaults.accountRef.name })
          const rate = taxRates.get(defaults.taxRateRef.id)
          expect(rate, `${item['id']} ${side} tax rate`).toMatchObject({ name: defaults.taxRateRef.name, effectiveTaxRate: defaults.taxRateRef.effectiveTaxRate, status: 'Active' })
        }
        // Bought for less than it sells for.
        if (item['invoiceItem'] && item['billItem']) expect(item['billItem'].unitPrice).toBeLessThan(item['invoiceItem'].unitPrice)
      }
    })

    it('every invoice and bill line names the tax rate record of its rate and currency', () => {
      const taxRates = byId('taxRates')
      const lines = [...records['invoices']!, ...records['bills']!].flatMap((document) => document['lineItems'].map((line: Json) => ({ line, currency: document['currency'] })))
      expect(lines.length).toBeGreaterThan(200)
      for (const { line } of lines) {
        const rate = taxRates.get(line['taxRateRef'].id)
        expect(rate, JSON.stringify(line['taxRateRef'])).toMatchObject({ name: line['taxRateRef'].name, effectiveTaxRate: line['taxRateRef'].effectiveTaxRate, status: 'Active' })
        // The rate gives the line's tax, to the cent (a percentage's float may round the other way at half a cent).
        expect(Math.abs(cents(line['taxAmount']) - (cents(line['subTotal']) * rate!['effectiveTaxRate']) / 100)).toBeLessThanOrEqual(0.5 + 1e-6)
      }
    })

    it('a tax rate is the sum of its components', () => {
      for (const rate of records['taxRates']!) {
        const sum = rate['components'].reduce((total: number, component: Json) => total + component['rate'], 0)
        expect(rate['totalTaxRate']).toBeCloseTo(sum, 10)
        expect(rate['effectiveTaxRate']).toBe(rate['totalTaxRate'])
      }
    })

    it('tracking categories form a tree: every parent exists, and has children exactly when one points at it', () => {
      const ids = idsOf('trackingCategories')
      const parents = new Set(records['trackingCategories']!.flatMap((category) => (category['parentId'] ? [category['parentId']] : [])))
      for (const category of records['trackingCategories']!) {
        if (category['parentId']) expect(ids.has(category['parentId'])).toBe(true)
        expect(category['hasChildren']).toBe(parents.has(category['id']))
      }
      expect(parents.size).toBe(3)
    })

    it('every payment’s method is a payment method record', () => {
      const methods = idsOf('paymentMethods')
      expect(records['payments']!.length).toBe(SIZES.payments)
      for (const payment of records['payments']!) expect(methods.has(payment['paymentMethodRef'].id), payment['paymentMethodRef'].id).toBe(true)
    })

    it('an account transaction banks an existing payment into an existing bank account of its currency; its lines add up', () => {
      const payments = byId('payments')
      const bankAccounts = byId('bankAccounts')
      for (const transaction of records['accountTransactions']!) {
        const lines: Json[] = transaction['lines']
        expect(cents(transaction['totalAmount'])).toBe(lines.reduce((total, line) => total + cents(line['amount']), 0))
        const payment = payments.get(lines[0]!['recordRef'].id)
        expect(lines[0]!['recordRef'].dataType).toBe('payments')
        expect(payment, transaction['id']).toBeDefined()
        expect(lines[0]!['amount']).toBe(payment!['totalAmount'])
        expect(transaction['currency']).toBe(payment!['currency'])
        expect(Date.parse(transaction['date'])).toBeGreaterThanOrEqual(Date.parse(payment!['date']))
        if (transaction['bankAccountRef']) expect(bankAccounts.get(transaction['bankAccountRef'].id), transaction['id']).toMatchObject({ currency: transaction['currency'], accountName: transaction['bankAccountRef'].name })
      }
      // Banked wherever the business has a bank account in the payment's currency.
      const currencies = new Set(records['bankAccounts']!.map((account) => account['currency']))
      for (const transaction of records['accountTransactions']!) expect(transaction['bankAccountRef'] !== undefined, transaction['id']).toBe(currencies.has(transaction['currency']))
    })

    it('a bank account’s lines chain their balance in date order and end at the account’s balance', () => {
      for (const account of records['bankAccounts']!) {
        const lines = records['bankTransactions']!.filter((transaction) => transaction['accountId'] === account['id']).sort((a, b) => Date.parse(a['clearedOnDate']) - Date.parse(b['clearedOnDate']) || Date.parse(a['modifiedDate']) - Date.parse(b['modifiedDate']))
        expect(lines.length).toBeGreaterThan(0)
        for (let k = 1; k < lines.length; k++) expect(cents(lines[k]!['balance']), `${account['id']} line ${k}`).toBe(cents(lines[k - 1]!['balance']) + cents(lines[k]!['amount']))
        expect(lines.at(-1)!['balance']).toBe(account['balance'])
        for (const line of lines) expect(['Credit', 'Dep', 'Int', 'Xfer'].includes(line['transactionType']) || line['amount'] < 0, line['id']).toBe(true)
      }
    })

    it('a transfer moves one amount between two of the business’s own bank ledger accounts', () => {
      const accounts = byId('accounts')
      const tracking = byId('trackingCategories')
      for (const transfer of records['transfers']!) {
        const from = accounts.get(transfer['from'].accountRef.id)
        const to = accounts.get(transfer['to'].accountRef.id)
        expect(from).toMatchObject({ isBankAccount: true, currency: transfer['from'].currency })
        expect(to).toMatchObject({ isBankAccount: true, currency: transfer['to'].currency })
        expect(from!['id']).not.toBe(to!['id'])
        expect(transfer['from'].amount).toBe(transfer['to'].amount)
        for (const ref of transfer['trackingCategoryRefs'] ?? []) expect(tracking.get(ref.id)).toMatchObject({ name: ref.name, hasChildren: false })
      }
    })
  })
})
