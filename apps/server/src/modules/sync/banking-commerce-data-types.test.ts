/**
 * banking-transactionCategories and the commerce data types a store's books hang on (disputes, locations, payment
 * methods, product categories, tax components, the merchant account's transactions), end to end: the sandbox bank
 * and commerce platforms linked through their consent pages, synced by workers over real HTTP, and read back at the
 * reference's paths: paged, filtered, ordered, each page valid against the reference's published schema, and the
 * books coherent (every reference resolves, amounts add up, dates are in order).
 */
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { referenceShapeErrors } from '../../testing/reference-oas.js'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'

/** A record as the API serves it. */
type Json = Record<string, any>

/** Each new data type: the reference document and list schema its page must match, and the sandbox's default size. */
const NEW_TYPES = [
  { dataType: 'banking-transactionCategories', document: 'Codat-Banking.json', listSchema: 'TransactionCategories', size: 10 },
  { dataType: 'commerce-disputes', document: 'Codat-Commerce.json', listSchema: 'Disputes', size: 12 },
  { dataType: 'commerce-locations', document: 'Codat-Commerce.json', listSchema: 'Locations', size: 4 },
  { dataType: 'commerce-paymentMethods', document: 'Codat-Commerce.json', listSchema: 'PaymentMethods', size: 3 },
  { dataType: 'commerce-productCategories', document: 'Codat-Commerce.json', listSchema: 'ProductCategories', size: 18 },
  { dataType: 'commerce-taxComponents', document: 'Codat-Commerce.json', listSchema: 'TaxComponents', size: 3 },
  { dataType: 'commerce-transactions', document: 'Codat-Commerce.json', listSchema: 'Transactions', size: 200 },
] as const

/** Money compared to the cent. */
const cents = (amount: number): number => Math.round(amount * 100)

describe.each(testedBackends())('banking and commerce data types on %s', (backend) => {
  let h: SyncHarness
  let companyId: string
  const connectionOf: Record<'Banking' | 'Commerce', string> = { Banking: '', Commerce: '' }

  const pathOf = (dataType: string) => `/companies/${companyId}/connections/${connectionOf[dataType.startsWith('banking-') ? 'Banking' : 'Commerce']}/data/${dataType}`

  /** Every record of a data type, in one page (the reference's pages hold up to 2000). */
  async function all(dataType: string): Promise<Json[]> {
    const page = await h.api('GET', `${pathOf(dataType)}?pageSize=2000`)
    expect(page.statusCode, page.body).toBe(200)
    return page.json().results as Json[]
  }

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    await h.startWorkers({ pageSize: 50 })
    const commerce = await h.linkSandbox('aiwb')
    companyId = commerce.companyId
    connectionOf.Commerce = commerce.connectionId
    connectionOf.Banking = (await h.linkSandbox('bsbx', h.client, companyId)).connectionId
    await h.waitForSyncs(companyId, { timeoutMs: 60_000 })
  }, 90_000)
  afterAll(async () => {
    await h?.close()
  })

  it('syncs every new type completely from the sandboxes', async () => {
    const history = (await h.api('GET', `/companies/${companyId}/data/history?pageSize=100`)).json().results as Json[]
    for (const { dataType, size } of NEW_TYPES) {
      expect(history.find((dataset) => dataset['dataType'] === dataType), dataType).toMatchObject({ status: 'Complete', recordsRead: size, totalRecords: size })
    }
  })

  it.each(NEW_TYPES)('$dataType: served at the reference’s connection path, every page valid against its published schema', async ({ dataType, document, listSchema, size }) => {
    const first = await h.api('GET', `${pathOf(dataType)}?page=1&pageSize=2`)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({ pageNumber: 1, pageSize: 2, totalResults: size })
    expect(first.json().results).toHaveLength(2)
    const second = (await h.api('GET', `${pathOf(dataType)}?page=2&pageSize=2`)).json()
    expect(second.results).toHaveLength(Math.min(2, size - 2))
    expect(second.results.map((record: Json) => record['id'])).not.toContain(first.json().results[0]['id'])
    const everything = await h.api('GET', `${pathOf(dataType)}?pageSize=1000`)
    expect(referenceShapeErrors(everything.json(), document, listSchema)).toEqual([])
    expect(everything.json().results).toHaveLength(size)
    const one = everything.json().results[size - 1] as Json
    const byId = await h.api('GET', `${pathOf(dataType)}/${encodeURIComponent(one['id'])}`)
    expect(byId.statusCode, byId.body).toBe(200)
    expect(byId.json()).toEqual(one)
    // Connection data: the company-level path is not the reference's for these.
    expect((await h.api('GET', `/companies/${companyId}/data/${dataType}`)).statusCode).toBe(404)
  })

  it('filters and orders with the query language', async () => {
    const transactions = await all('commerce-transactions')
    const payments = transactions.filter((transaction) => transaction['type'] === 'Payment')
    expect(payments.length).toBeGreaterThan(0)
    expect(payments.length).toBeLessThan(transactions.length)
    const filtered = await h.api('GET', `${pathOf('commerce-transactions')}?pageSize=2000&query=${encodeURIComponent('type=Payment')}&orderBy=-totalAmount`)
    expect(filtered.statusCode, filtered.body).toBe(200)
    const amounts = (filtered.json().results as Json[]).map((transaction) => transaction['totalAmount'] as number)
    expect(filtered.json().totalResults).toBe(payments.length)
    expect(amounts).toEqual(payments.map((transaction) => transaction['totalAmount'] as number).sort((a, b) => b - a))

    const roots = await h.api('GET', `${pathOf('banking-transactionCategories')}?query=${encodeURIComponent('hasChildren=true')}`)
    expect(roots.json().results.map((category: Json) => category['name'])).toEqual(['Expenses'])
    const reduced = await h.api('GET', `${pathOf('commerce-taxComponents')}?query=${encodeURIComponent('rate>0&&rate<0.1')}`)
    expect(reduced.statusCode, reduced.body).toBe(200)
    for (const component of reduced.json().results) expect(component['rate']).toBeGreaterThan(0)

    const bad = await h.api('GET', `${pathOf('commerce-disputes')}?query=${encodeURIComponent('status=Nonsense')}`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ statusCode: 400 })
  })

  it('keeps the bank’s books coherent: every transaction’s category is a category, and the tree hangs together', async () => {
    const categories = new Map((await all('banking-transactionCategories')).map((category) => [category['id'] as string, category]))
    for (const category of categories.values()) {
      if (category['parentId'] === undefined) continue
      expect(categories.get(category['parentId'])?.['hasChildren'], category['name']).toBe(true)
    }
    const transactions = await all('banking-transactions')
    for (const transaction of transactions) {
      const category = categories.get(transaction['transactionCategoryRef']?.['id'])
      expect(category?.['name'], transaction['id']).toBe(transaction['transactionCategoryRef']['name'])
      // Money in is income; money out an expense, under Expenses.
      if (category?.['name'] !== 'Income') expect(categories.get(category?.['parentId'])?.['name']).toBe('Expenses')
    }
  })

  it('keeps the store’s books coherent: orders, products, payments, disputes and transactions point at what exists, and add up', async () => {
    const orders = await all('commerce-orders')
    const payments = await all('commerce-payments')
    const products = await all('commerce-products')
    const categories = await all('commerce-productCategories')
    const disputes = await all('commerce-disputes')
    const transactions = await all('commerce-transactions')
    const byId = async (dataType: string) => new Map((await all(dataType)).map((record) => [record['id'] as string, record]))
    const [orderById, paymentById, locationById, methodById, taxById, categoryById] = [
      new Map(orders.map((order) => [order['id'] as string, order])),
      new Map(payments.map((payment) => [payment['id'] as string, payment])),
      await byId('commerce-locations'),
      await byId('commerce-paymentMethods'),
      await byId('commerce-taxComponents'),
      new Map(categories.map((category) => [category['id'] as string, category])),
    ]

    for (const order of orders) {
      expect(locationById.get(order['locationRef']?.['id'])?.['name'], order['id']).toBe(order['locationRef']['name'])
      for (const line of order['orderLineItems']) {
        const [allocation] = line['taxes']
        const component = taxById.get(allocation['taxComponentRef']['id'])
        expect(component?.['name']).toBe(allocation['taxComponentRef']['name'])
        // The component's rate on the line's net amount is the line's tax, which its allocation carries.
        expect(cents(allocation['rate'])).toBe(cents(line['totalTaxAmount']))
        expect(Math.abs(cents(line['totalAmount'] - line['totalTaxAmount']) * component!['rate'] - cents(line['totalTaxAmount']))).toBeLessThanOrEqual(1)
      }
    }
    for (const payment of payments) expect(methodById.get(payment['paymentMethodRef']?.['id'])?.['name'], payment['id']).toBe(payment['paymentMethodRef']['name'])

    for (const product of products) {
      for (const variant of product['variants']) {
        const stock = variant['inventory']['locations'] as Json[]
        expect(stock.length, product['id']).toBeGreaterThan(0)
        for (const { locationRef } of stock) expect(locationById.get(locationRef['id'])?.['name']).toBe(locationRef['name'])
        expect(stock.reduce((sum, { quantity }) => sum + quantity, 0)).toBe(variant['inventory']['totalQuantity'])
      }
    }
    const rootNames = new Set(categories.filter((category) => category['ancestorRefs'].length === 0).map((category) => category['name']))
    for (const product of products) expect(rootNames.has(product['categorization']), product['categorization']).toBe(true)
    for (const category of categories) {
      for (const ancestor of category['ancestorRefs']) expect(categoryById.get(ancestor['id'])?.['hasChildren'], category['name']).toBe(true)
    }

    for (const dispute of disputes) {
      const disputed = dispute['disputedTransactions'] as Json[]
      const payment = paymentById.get(disputed.find((ref) => ref['type'] === 'Payment')?.['id'])
      expect(payment, dispute['id']).toBeDefined()
      expect(payment!['status']).toBe('Paid')
      expect(cents(dispute['totalAmount'])).toBeGreaterThan(0)
      expect(cents(dispute['totalAmount'])).toBeLessThanOrEqual(cents(payment!['amount']))
      expect(dispute['currency']).toBe(payment!['currency'])
      const order = disputed.find((ref) => ref['type'] === 'Order')
      if (order) expect(orderById.has(order['id'])).toBe(true)
      expect(Date.parse(dispute['createdDate'])).toBeGreaterThanOrEqual(Date.parse(payment!['createdDate']))
      expect(Date.parse(dispute['createdDate'])).toBeLessThanOrEqual(Date.parse(dispute['modifiedDate']))
      expect(Date.parse(dispute['dueDate'])).toBeGreaterThan(Date.parse(dispute['createdDate']))
    }

    const seen = new Map<string, Set<string>>()
    for (const transaction of transactions) {
      expect(transaction['createdDate']).toBe(transaction['modifiedDate'])
      const source = transaction['transactionSourceRef'] as Json | undefined
      if (transaction['type'] === 'Transfer' || transaction['type'] === 'Payout') {
        expect(source).toBeUndefined()
        expect(transaction['totalAmount']).toBeLessThan(0)
        continue
      }
      if (source?.['type'] === 'Order') {
        const order = orderById.get(source['id'])
        expect(transaction['type']).toBe('Refund')
        // Both negative: money out of the merchant account, and the reference's refund.
        expect(cents(transaction['totalAmount'])).toBe(cents(order!['totalRefund']))
        continue
      }
      const payment = paymentById.get(source?.['id'])
      expect(payment, transaction['id']).toBeDefined()
      expect(payment!['status']).toBe('Paid')
      expect(Date.parse(transaction['createdDate'])).toBeGreaterThanOrEqual(Date.parse(payment!['createdDate']))
      // A payment brings its money in once and is charged its fee once; the fee is less than the payment.
      const kinds = seen.get(payment!['id']) ?? new Set<string>()
      expect(kinds.has(transaction['type']), `${transaction['type']} twice for ${payment!['id']}`).toBe(false)
      kinds.add(transaction['type'])
      seen.set(payment!['id'], kinds)
      if (transaction['type'] === 'Payment') expect(transaction['totalAmount']).toBe(payment!['amount'])
      else {
        expect(transaction['type']).toBe('PaymentFee')
        expect(transaction['totalAmount']).toBeLessThan(0)
        expect(-cents(transaction['totalAmount'])).toBeLessThan(cents(payment!['amount']))
      }
    }
    expect([...seen.values()].filter((kinds) => kinds.has('Payment')).length).toBeGreaterThan(20)
  })

  it('serves the store’s orders valid against the reference, with their payments, shipping, discount and negative refunds', async () => {
    const page = await h.api('GET', `${pathOf('commerce-orders')}?pageSize=2000`)
    expect(referenceShapeErrors(page.json(), 'Codat-Commerce.json', 'Orders')).toEqual([])
    const orders = page.json().results as Json[]
    const paymentById = new Map((await all('commerce-payments')).map((payment) => [payment['id'] as string, payment]))
    for (const order of orders) {
      for (const payment of order['payments']) expect(paymentById.get(payment['id']), order['id']).toMatchObject({ amount: payment['amount'], status: payment['status'], createdDate: payment['createdDate'] })
      const charged = (order['serviceCharges'] ?? []).reduce((sum: number, charge: Json) => sum + cents(charge['totalAmount']), 0)
      expect(order['orderLineItems'].reduce((sum: number, line: Json) => sum + cents(line['totalAmount']), 0) + charged).toBe(cents(order['totalAmount']))
      if (order['totalRefund'] !== undefined) expect(cents(order['totalRefund'])).toBe(-cents(order['totalAmount']))
    }
    const listed = orders.flatMap((order) => order['payments'] as Json[])
    expect(listed.length).toBe([...paymentById.values()].length)
    expect(orders.some((order) => order['totalDiscount'] > 0) && orders.some((order) => order['serviceCharges']?.length > 0)).toBe(true)
  })

  // Last: it links a second bank to the company.
  it('lists the banking transactions of every connection at the company-level path, as the reference’s deprecated route does', async () => {
    const second = await h.linkSandbox('bsbx', h.client, companyId)
    await h.waitForSyncs(companyId, { timeoutMs: 60_000 })
    const perConnection = async (connectionId: string) =>
      (await h.api('GET', `/companies/${companyId}/connections/${connectionId}/data/banking-transactions?pageSize=2000`)).json().results as Json[]
    const [first, other] = [await perConnection(connectionOf.Banking), await perConnection(second.connectionId)]
    expect(first.length).toBeGreaterThan(0)
    expect(other.length).toBeGreaterThan(0)

    const whole = await h.api('GET', `/companies/${companyId}/data/banking-transactions?pageSize=2000`)
    expect(whole.statusCode, whole.body).toBe(200)
    expect(referenceShapeErrors(whole.json(), 'Codat-Banking.json', 'Transactions')).toEqual([])
    expect(whole.json().totalResults).toBe(first.length + other.length)
    const ids = (records: Json[]) => records.map((record) => `${record['id']}`).sort()
    expect(ids(whole.json().results)).toEqual(ids([...first, ...other]))

    // Paged, filtered and ordered like any list, its links pointing back at the company-level path.
    const credits = await h.api('GET', `/companies/${companyId}/data/banking-transactions?pageSize=5&query=${encodeURIComponent('amount>0')}&orderBy=-amount`)
    expect(credits.statusCode, credits.body).toBe(200)
    expect(credits.json().totalResults).toBe([...first, ...other].filter((record) => record['amount'] > 0).length)
    const amounts = (credits.json().results as Json[]).map((record) => record['amount'] as number)
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a))
    expect(credits.json()._links.self.href).toContain(`/companies/${companyId}/data/banking-transactions`)

    // Another client's view of the company: none.
    const stranger = await h.t.createClient()
    expect((await h.api('GET', `/companies/${companyId}/data/banking-transactions`, undefined, stranger)).statusCode).toBe(404)
    // A company with no bank: nothing synced yet, as for any data type.
    const bare = (await h.api('POST', '/companies', { name: 'No bank yet' })).json().id as string
    expect((await h.api('GET', `/companies/${bare}/data/banking-transactions`)).statusCode).toBe(409)
  })
})
