/**
 * @module The sandbox data sources against the real sandbox platforms on 127.0.0.1: linked as a person would,
 * every dataset read to its last page through request/read, every record checked against the contract.
 */
import { createHash, randomBytes } from 'node:crypto'
import { DATA_TYPE_DEFINITIONS, type DataType } from '@linkway/contracts'
import { approveConsent, sandboxEndpoints, startSandboxPlatforms, type OAuthEndpoints, type RunningSandbox } from '@linkway/sandbox-platforms'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource, PageCursor, PageOfRecords, PlatformDataSources, SourceContext, SourceRecord } from '../../data-source.js'
import { accountingSandboxDataSources, bankingSandboxDataSources, commerceSandboxDataSources } from './index.js'

const CLIENT = { clientId: 'platform-data-test', clientSecret: 'platform-data-test-secret', redirectUris: ['http://127.0.0.1:9/callback'] }
type Family = 'accounting' | 'banking' | 'commerce'
const SOURCES: Record<Family, PlatformDataSources> = { accounting: accountingSandboxDataSources, banking: bankingSandboxDataSources, commerce: commerceSandboxDataSources }

let sandbox: RunningSandbox
let endpoints: Record<Family, OAuthEndpoints>
const tokens = {} as Record<Family, string>

/** Authorize with PKCE, approve on the consent page, redeem the code: the journey Link makes. */
async function linkFamily(family: Family): Promise<string> {
  const verifier = randomBytes(32).toString('base64url')
  const authorize = new URL(endpoints[family].authorizeUrl)
  const parameters = {
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUris[0]!,
    scope: `${family}.read`,
    state: 'state-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }
  for (const [name, value] of Object.entries(parameters)) authorize.searchParams.set(name, value)
  const code = new URL(await approveConsent(authorize.href)).searchParams.get('code')
  if (code === null) throw new Error(`${family}: no code`)
  const response = await fetch(endpoints[family].tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUris[0]!, code_verifier: verifier }),
  })
  if (response.status !== 200) throw new Error(`${family}: token exchange answered ${response.status}`)
  return ((await response.json()) as { access_token: string }).access_token
}

beforeAll(async () => {
  sandbox = await startSandboxPlatforms({ port: 0, clients: [CLIENT] })
  endpoints = sandboxEndpoints(sandbox.url)
  for (const family of ['accounting', 'banking', 'commerce'] as const) tokens[family] = await linkFamily(family)
})
afterAll(async () => {
  await sandbox?.close()
})

function contextOf(family: Family, options: Partial<SourceContext> = {}): SourceContext {
  return { baseUrl: endpoints[family].apiBaseUrl, connectionInfo: {}, modifiedSince: undefined, pageSize: 40, ...options }
}

/** What the sync engine does, without its storage: request, GET with the token, read, until there is no next page. */
async function readAll<K extends DataType>(family: Family, source: DataSource<K>, context: SourceContext) {
  const pages: Array<{ url: string; page: PageOfRecords<K> }> = []
  let cursor: PageCursor | undefined
  do {
    const request = source.request(context, cursor)
    const response = await fetch(request.url, { headers: { ...request.headers, authorization: `Bearer ${tokens[family]}`, accept: 'application/json' } })
    expect(response.status, request.url).toBe(200)
    const page = source.read({ status: response.status, headers: Object.fromEntries(response.headers), body: await response.json() }, context, cursor)
    pages.push({ url: request.url, page })
    cursor = page.next
  } while (cursor !== undefined && pages.length < 1000)
  return { pages, records: pages.flatMap(({ page }) => page.records) as Array<SourceRecord<K>> }
}

const DATA_TYPES_BY_FAMILY = (Object.entries(SOURCES) as Array<[Family, PlatformDataSources]>).flatMap(([family, sources]) =>
  Object.keys(sources).map((dataType) => [family, dataType as DataType] as const),
)

describe('the sandbox data sources, against the sandbox platforms', () => {
  it.each(DATA_TYPES_BY_FAMILY)('%s %s: reads every record, each one valid in the unified model', async (family, dataType) => {
    const source = SOURCES[family][dataType]! as DataSource<DataType>
    const { pages, records } = await readAll(family, source, contextOf(family))
    const { schema, isSingle } = DATA_TYPE_DEFINITIONS[dataType]
    for (const record of records) {
      const parsed = schema.safeParse(record.data)
      expect(parsed.error?.issues, `${dataType} ${record.id}`).toBeUndefined()
      expect(record.modifiedAt).toBeInstanceOf(Date)
    }
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length)
    // A financial statement is built from the stored ledger when read: its sync asks once and stores nothing.
    if (DATA_TYPE_DEFINITIONS[dataType].derivedFrom) expect({ pages: pages.length, records: records.length }).toEqual({ pages: 1, records: 0 })
    else if (isSingle) expect(records).toHaveLength(1)
    else expect(records).toHaveLength(pages[0]!.page.totalRecords!)
  })

  it('pages a large dataset at the sandbox’s largest page, the cursor carrying the page size', async () => {
    sandbox.admin.setDatasetSize('accounting', 'invoices', 2500)
    const invoices = accountingSandboxDataSources.invoices!
    const { pages, records } = await readAll('accounting', invoices, contextOf('accounting', { pageSize: 5000 }))
    expect(pages.map(({ url, page }) => [new URL(url).search, page.records.length, page.next, page.totalRecords])).toEqual([
      ['?page=1&pageSize=1000', 1000, { page: 2, pageSize: 1000 }, 2500],
      ['?page=2&pageSize=1000', 1000, { page: 3, pageSize: 1000 }, 2500],
      ['?page=3&pageSize=1000', 500, undefined, 2500],
    ])
    expect(new Set(records.map((record) => record.id)).size).toBe(2500)
  })

  it('reads only the records changed since modifiedSince', async () => {
    const transactions = bankingSandboxDataSources['banking-transactions']!
    const everything = await readAll('banking', transactions, contextOf('banking'))
    const since = everything.records[80]!.modifiedAt!
    const changed = await readAll('banking', transactions, contextOf('banking', { modifiedSince: since }))
    expect(new URL(changed.pages[0]!.url).searchParams.get('modifiedSince')).toBe(since.toISOString())
    expect(changed.records.map((record) => record.id)).toEqual(everything.records.slice(80).map((record) => record.id))
    expect(changed.pages[0]!.page.totalRecords).toBe(everything.records.length - 80)
  })
})
