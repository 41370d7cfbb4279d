/**
 * Paging QuickBooks while its company changes, against the QuickBooks emulation on 127.0.0.1, whose Ids are strings
 * as Intuit types them ("10" sorts before "9"): paged by position, a record deleted behind the read makes it skip one
 * that was there all along, and one created behind it makes it read one twice; paged by the last Id read, neither.
 */
import { createHash, randomBytes } from 'node:crypto'
import { approveConsent, emulatedEndpoints, startSandboxPlatforms, type EmulatedEndpoints, type RunningSandbox } from '@linkway/sandbox-platforms'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PageCursor, SourceContext } from '../../data-source.js'
import { quickbooksCustomers } from './customers.js'

const CLIENT = { clientId: 'qbo-paging-test', clientSecret: 'qbo-paging-test-secret', redirectUris: ['http://127.0.0.1:9/callback'] }
/** The emulation's default: Ids "1" to "60". */
const CUSTOMERS = 60
const PAGE_SIZE = 10

let sandbox: RunningSandbox
let quickbooks: EmulatedEndpoints['quickbooks']
let accessToken: string
let context: SourceContext

// A company of its own for each case: what one case deletes stays deleted.
beforeEach(async () => {
  sandbox = await startSandboxPlatforms({ port: 0, clients: [CLIENT] })
  quickbooks = emulatedEndpoints(sandbox.url).quickbooks
  const verifier = randomBytes(32).toString('base64url')
  const authorize = new URL(quickbooks.authorizeUrl)
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUris[0]!,
    scope: 'com.intuit.quickbooks.accounting',
    state: 'paging',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString()
  const callback = new URL(await approveConsent(authorize.href))
  const response = await fetch(quickbooks.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: CLIENT.redirectUris[0]!, code_verifier: verifier }),
  })
  accessToken = ((await response.json()) as { access_token: string }).access_token
  context = { baseUrl: quickbooks.apiBaseUrl.replace('{realmId}', callback.searchParams.get('realmId')!), connectionInfo: {}, modifiedSince: undefined, pageSize: PAGE_SIZE }
})
afterEach(async () => {
  await sandbox?.close()
})

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } })
  expect(response.status, url).toBe(200)
  return await response.json()
}

/** Every page of customers through Linkway's data source, `meanwhile` run after the page numbered `at` (from 1). */
async function readByLinkway(at: number, meanwhile: () => void): Promise<string[]> {
  const ids: string[] = []
  let cursor: PageCursor | undefined
  for (let page = 1; page <= 100; page++) {
    const request = quickbooksCustomers.request(context, cursor)
    const read = quickbooksCustomers.read({ status: 200, headers: {}, body: await getJson(request.url) }, context, cursor)
    ids.push(...read.records.map((record) => record.id))
    if (page === at) meanwhile()
    cursor = read.next
    if (cursor === undefined) break
  }
  return ids
}

/** The same read paged by position, as Linkway paged before: ORDERBY Id STARTPOSITION n. */
async function readByPosition(at: number, meanwhile: () => void): Promise<string[]> {
  const ids: string[] = []
  for (let page = 1; page <= 100; page++) {
    const text = `SELECT * FROM Customer WHERE Active IN (true, false) ORDERBY Id STARTPOSITION ${(page - 1) * PAGE_SIZE + 1} MAXRESULTS ${PAGE_SIZE}`
    const body = (await getJson(`${context.baseUrl}/query?query=${encodeURIComponent(text)}&minorversion=75`)) as { QueryResponse: { Customer?: Array<{ Id: string }> } }
    const rows = body.QueryResponse.Customer ?? []
    ids.push(...rows.map((row) => row.Id))
    if (page === at) meanwhile()
    if (rows.length < PAGE_SIZE) break
  }
  return ids
}

const timesRead = (ids: readonly string[]) => ids.reduce((counts, id) => counts.set(id, (counts.get(id) ?? 0) + 1), new Map<string, number>())
/** Ids 1 … n, as the emulation numbers them. */
const idsUpTo = (n: number) => Array.from({ length: n }, (_, index) => String(index + 1))

describe('paging QuickBooks while the company changes', () => {
  // In string order "1", "10", …, "19", "2", "20", …: page 1 holds "1" and "10" to "18", page 2 "19" to "27".
  const deleteReadOnes = () => sandbox.admin.deleteRecords('quickbooks', 'customers', [0, 9, 10])
  const survivors = idsUpTo(CUSTOMERS).filter((id) => !['1', '10', '11'].includes(id))

  it('by position, skips a record that was there all along when one already read is deleted', async () => {
    const ids = await readByPosition(2, deleteReadOnes)
    expect(survivors.filter((id) => !ids.includes(id))).toEqual(['3', '28', '29'])
  })

  it('by the last Id read, reads every record that was there all along, once', async () => {
    const ids = await readByLinkway(2, deleteReadOnes)
    expect(survivors.filter((id) => !ids.includes(id))).toEqual([])
    expect([...timesRead(ids).values()].every((count) => count === 1)).toBe(true)
  })

  // Ids "61" to "69" sort between "60" and "7": behind a read whose sixth page ended at "9".
  const createBehind = () => sandbox.admin.setDatasetSize('quickbooks', 'customers', CUSTOMERS + 9)

  it('by position, reads a record twice when records are created behind the read', async () => {
    const ids = await readByPosition(6, createBehind)
    expect([...timesRead(ids)].filter(([, count]) => count > 1).map(([id]) => id)).toEqual(['7', '8', '9'])
  })

  it('by the last Id read, reads none twice and none of the first ones is missed', async () => {
    const ids = await readByLinkway(6, createBehind)
    expect([...timesRead(ids).values()].every((count) => count === 1)).toBe(true)
    expect(idsUpTo(CUSTOMERS).filter((id) => !ids.includes(id))).toEqual([])
  })
})
