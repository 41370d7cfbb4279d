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
    expect(await (await getJson(query(realmId, 'select count(*) from Customer where Active in (true, false)'), token)).json()).toMatchObject({ QueryResponse: { totalCount: 60 } })
    expect(await (await getJson(query(realmId, 'select * from Invoice startposition 500'), token)).json()).toMatchObject({ QueryResponse: {} })

    const since = first.QueryResponse.Invoice[9]?.['MetaData'] as { LastUpdatedTime: string }
    const newer = (await (await getJson(query(realmId, `select count(*) from Invoice where Metadata.LastUpdatedTime > '${since.LastUpdatedTime}'`), token)).json()) as { QueryResponse: { totalCount: number } }
    expect(newer.QueryResponse.totalCount).toBe(110)
  })

  it('serves the chart of accounts as Account, in Intuit’s shape', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const answer = (await (await getJson(query(realmId, 'SELECT * FROM Account WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000'), tokens['access_token'] as string)).json()) as {
      QueryResponse: { Account: Record<string, unknown>[] }
    }
    expect(answer.QueryResponse.Account).toHaveLength(40)
    // Ids are strings, ordered as text: "1", "10", "11", …, "2", "20", ….
    expect(answer.QueryResponse.Account.map((account) => account['Id'])).toEqual(Array.from({ length: 40 }, (_, index) => String(index + 1)).sort())
    // The generated chart starts with the bank accounts, then sales.
    expect(answer.QueryResponse.Account[0]).toEqual({
      Id: '1',
      SyncToken: '0',
      MetaData: { CreateTime: expect.stringMatching(/\+00:00$/), LastUpdatedTime: expect.stringMatching(/\+00:00$/) },
      Name: 'Business Current Account',
      AcctNum: '090',
      SubAccount: false,
      FullyQualifiedName: 'Business Current Account',
      Active: expect.any(Boolean),
      Classification: 'Asset',
      AccountType: 'Bank',
      AccountSubType: 'Checking',
      CurrentBalance: expect.any(Number),
      CurrentBalanceWithSubAccounts: expect.any(Number),
      CurrencyRef: { value: expect.stringMatching(/^(GBP|USD|EUR)$/), name: expect.any(String) },
    })
    expect(answer.QueryResponse.Account.find((account) => account['Id'] === '3')).toMatchObject({ Name: 'Sales', AcctNum: '200', Classification: 'Revenue', AccountType: 'Income', AccountSubType: 'SalesOfProductIncome' })
  })

  it('leaves inactive customers and accounts out unless the WHERE asks for them, as Intuit does', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const token = tokens['access_token'] as string
    // 400 customers: some are sure to be inactive (1 in 20 is).
    sandbox.admin.setDatasetSize('quickbooks', 'customers', 400)
    try {
      const rows = async (text: string) => ((await (await getJson(query(realmId, text), token)).json()) as { QueryResponse: { Customer?: Record<string, unknown>[] } }).QueryResponse.Customer ?? []
      const everyone = await rows('SELECT * FROM Customer WHERE Active IN (true, false) STARTPOSITION 1 MAXRESULTS 1000')
      expect(everyone).toHaveLength(400)
      const active = everyone.filter((customer) => customer['Active'] === true)
      expect(active.length).toBeLessThan(400)
      expect(await rows('SELECT * FROM Customer MAXRESULTS 1000')).toEqual(active)
      expect(await rows('select * from Customer where Active = true maxresults 1000')).toEqual(active)
      expect(await rows('SELECT * FROM Customer WHERE Active = false MAXRESULTS 1000')).toEqual(everyone.filter((customer) => customer['Active'] === false))
      // Paged within what the filter keeps.
      expect(await rows('SELECT * FROM Customer STARTPOSITION 101 MAXRESULTS 100')).toEqual(active.slice(100, 200))
      expect(await (await getJson(query(realmId, 'SELECT COUNT(*) FROM Customer'), token)).json()).toMatchObject({ QueryResponse: { totalCount: active.length } })

      // The bound and Active together, as the data sources send them on an incremental sync.
      const since = (everyone[300]!['MetaData'] as { LastUpdatedTime: string }).LastUpdatedTime
      const recent = await rows(`SELECT * FROM Customer WHERE Active IN (true, false) AND MetaData.LastUpdatedTime >= '${since}' STARTPOSITION 1 MAXRESULTS 1000`)
      expect(recent).toEqual(everyone.slice(300))
    } finally {
      sandbox.admin.setDatasetSize('quickbooks', 'customers', 60)
    }
  })

  it('orders by Id as Intuit types it, a string, and compares Ids as strings', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const ids = async (text: string) =>
      (((await (await getJson(query(realmId, text), tokens['access_token'] as string)).json()) as { QueryResponse: { Invoice?: Record<string, unknown>[] } }).QueryResponse.Invoice ?? []).map((row) => row['Id'])
    const all = Array.from({ length: 120 }, (_, index) => String(index + 1)).sort()
    expect((await ids('SELECT * FROM Invoice ORDERBY Id MAXRESULTS 1000')).slice(0, 6)).toEqual(['1', '10', '100', '101', '102', '103'])
    expect(await ids('SELECT * FROM Invoice ORDERBY Id MAXRESULTS 1000')).toEqual(all)
    // "9" sorts after "120": the last of a string order is not the largest number.
    expect(await ids("SELECT * FROM Invoice WHERE Id > '12' ORDERBY Id MAXRESULTS 3")).toEqual(['120', '13', '14'])
    expect(await ids("SELECT * FROM Invoice WHERE Id > '89' ORDERBY Id MAXRESULTS 1000")).toEqual(['9', '90', '91', '92', '93', '94', '95', '96', '97', '98', '99'])
  })

  it('refuses what it cannot answer rather than guess, naming what it understands', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const fault = async (text: string) => {
      const response = await getJson(query(realmId, text), tokens['access_token'] as string)
      expect(response.status, text).toBe(400)
      return ((await response.json()) as { Fault: { Error: Array<{ Detail: string }> } }).Fault.Error[0]!.Detail
    }
    expect(await fault('SELECT * FROM Invoice ORDERBY Id DESC')).toMatch(/^QueryParserError: the emulation cannot order by "Id DESC"; the emulation understands "SELECT \* \| COUNT\(\*\) FROM Invoice\|Customer\|Account/)
    expect(await fault('SELECT * FROM Invoice WHERE Active = true')).toBe('QueryParserError: property Active is not queryable on Invoice.')
    expect(await fault("SELECT * FROM Invoice WHERE DocNumber = 'INV-00001'")).toMatch(/^QueryParserError: the emulation cannot read the condition "DocNumber = 'INV-00001'"; /)
    expect(await fault("SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime >= 'yesterday'")).toBe('QueryParserError: "yesterday" is not a date-time.')
  })

  it('zeroes a voided invoice and notes it "Voided" or marks its TxnStatus, as QuickBooks voids', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    // 400 invoices: some are sure to be void (1 in 20 is).
    sandbox.admin.setDatasetSize('quickbooks', 'invoices', 400)
    try {
      const answer = (await (await getJson(query(realmId, 'SELECT * FROM Invoice MAXRESULTS 1000'), tokens['access_token'] as string)).json()) as { QueryResponse: { Invoice: Record<string, unknown>[] } }
      // Noted "Voided", or (every other one) marked by TxnStatus instead.
      const voided = answer.QueryResponse.Invoice.filter((invoice) => invoice['PrivateNote'] === 'Voided' || invoice['TxnStatus'] === 'Voided')
      expect(voided.filter((invoice) => invoice['TxnStatus'] === 'Voided').length).toBeGreaterThan(0)
      expect(voided.filter((invoice) => invoice['PrivateNote'] === 'Voided').length).toBeGreaterThan(0)
      for (const invoice of voided) {
        expect(invoice).toMatchObject({ TotalAmt: 0, Balance: 0, TxnTaxDetail: { TotalTax: 0 } })
        for (const line of invoice['Line'] as Array<{ Amount: number }>) expect(line.Amount).toBe(0)
      }
      // Every other invoice keeps its amounts, and no note.
      const kept = answer.QueryResponse.Invoice.filter((invoice) => invoice['PrivateNote'] === undefined && invoice['TxnStatus'] === undefined)
      expect(kept).toHaveLength(400 - voided.length)
      for (const invoice of kept) expect(invoice['TotalAmt']).toBeGreaterThan(0)
    } finally {
      sandbox.admin.setDatasetSize('quickbooks', 'invoices', 120)
    }
  })

  it('writes discounts, bundles and foreign currency as QuickBooks does: the lines less the discount are the total less its tax', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const answer = (await (await getJson(query(realmId, 'SELECT * FROM Invoice MAXRESULTS 1000'), tokens['access_token'] as string)).json()) as { QueryResponse: { Invoice: Array<Record<string, any>> } }
    const cents = (amount: number) => Math.round(amount * 100)
    const kinds = new Set<string>()
    for (const invoice of answer.QueryResponse.Invoice) {
      if (invoice['PrivateNote'] === 'Voided') continue
      const lines = invoice['Line'] as Array<Record<string, any>>
      const subTotal = lines.find((line) => line['DetailType'] === 'SubTotalLineDetail')!
      const discount = lines.find((line) => line['DetailType'] === 'DiscountLineDetail')
      const group = lines.find((line) => line['DetailType'] === 'GroupLineDetail')
      const salesLines = group === undefined ? lines.filter((line) => line['DetailType'] === 'SalesItemLineDetail') : (group['GroupLineDetail']['Line'] as Array<Record<string, any>>)
      expect(salesLines.reduce((sum, line) => sum + cents(line['Amount']), 0)).toBe(cents(subTotal['Amount']))
      expect(cents(subTotal['Amount']) - cents(discount?.['Amount'] ?? 0), invoice['Id']).toBe(cents(invoice['TotalAmt']) - cents(invoice['TxnTaxDetail']['TotalTax']))
      if (discount !== undefined) {
        kinds.add(discount['DiscountLineDetail']['PercentBased'] ? 'percent' : 'amount')
        if (discount['DiscountLineDetail']['PercentBased']) expect(cents(discount['Amount'])).toBe(Math.round((cents(subTotal['Amount']) * discount['DiscountLineDetail']['DiscountPercent']) / 100))
        expect(invoice['ApplyTaxAfterDiscount']).toBe(true)
      }
      if (group !== undefined) kinds.add('bundle')
      for (const line of salesLines) expect(line['SalesItemLineDetail']['ItemRef']).toBeDefined()
      // Only an invoice in another currency than the company's has an ExchangeRate.
      if (invoice['ExchangeRate'] !== undefined) kinds.add('foreign')
    }
    expect([...kinds].sort()).toEqual(['amount', 'bundle', 'foreign', 'percent'])
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

  it('refuses a revocation in any other form than Intuit’s JSON, and the token stays good', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const asForm = await postForm(quickbooks.revokeUrl, { token: tokens['refresh_token'] as string }, AUTH())
    expect(asForm.status).toBe(400)
    expect(await asForm.json()).toEqual({ error: 'invalid_request', error_description: 'QuickBooks Online (emulated) takes a revocation as a JSON body {"token": "…"} (Content-Type: application/json).' })
    // Without the client's Basic credentials: refused as an unauthenticated client.
    const anonymous = await fetch(quickbooks.revokeUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ token: tokens['refresh_token'] }) })
    expect(anonymous.status).toBe(401)
    expect((await getJson(query(realmId, 'select * from Invoice'), tokens['access_token'] as string)).status).toBe(200)
  })

  it('answers a retired minor version (or none) as 75, and refuses one it does not know', async () => {
    const { realmId, tokens } = await linkQuickbooks()
    const token = tokens['access_token'] as string
    const withMinorVersion = (value: string | undefined) =>
      getJson(`${quickbooks.apiBaseUrl.replace('{realmId}', realmId)}/query?query=${encodeURIComponent('select count(*) from Invoice')}${value === undefined ? '' : `&minorversion=${value}`}`, token)
    for (const value of [undefined, '65', '75']) expect((await withMinorVersion(value)).status, String(value)).toBe(200)
    for (const value of ['76', 'latest']) {
      const refused = await withMinorVersion(value)
      expect(refused.status, value).toBe(400)
      expect(await refused.json()).toMatchObject({ Fault: { type: 'ValidationFault', Error: [{ Message: 'Invalid minor version', code: '2010' }] } })
    }
  })
})
