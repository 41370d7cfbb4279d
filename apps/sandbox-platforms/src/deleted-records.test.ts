/**
 * Records the admin deletes: served in their place marked `isDeleted: true`, modified when they were deleted, so a
 * client that reads what changed since its last read (`modifiedSince`) reads them once more, whatever page size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, linkPlatform, startTestSandbox, type TestSandbox, type TokenSet } from './testing/sandbox-harness.js'

interface Page {
  items: Array<{ id: string; invoiceNumber: string; modifiedDate: string; isDeleted?: boolean }>
  totalItems: number
  hasMore: boolean
}

let sandbox: TestSandbox
let tokens: TokenSet
beforeAll(async () => {
  sandbox = await startTestSandbox()
  tokens = await linkPlatform(sandbox, 'accounting', 'accounting.read')
})
afterAll(async () => {
  await sandbox.close()
})

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

async function invoicesPage(query: string): Promise<Page> {
  const response = await getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/invoices?${query}`, tokens.access_token)
  expect(response.status).toBe(200)
  return (await response.json()) as Page
}

describe('deleted records', () => {
  it('are served marked and dated at their deletion, and a read of what changed since then finds them, in order, across pages', async () => {
    const before = await invoicesPage('pageSize=1000')
    const lastRead = before.items[100]!.modifiedDate
    sandbox.clock.advanceSeconds(60)
    const deletedAt = sandbox.clock.now().toISOString()
    expect((await postJson('/admin/deleted-records', { platform: 'accounting', dataset: 'invoices', indices: [110, 3, 40] })).status).toBe(204)

    const everything = await invoicesPage('pageSize=1000')
    expect(everything.totalItems).toBe(before.totalItems)
    for (const [index, item] of everything.items.entries()) {
      const isDeleted = [3, 40, 110].includes(index)
      expect(item, item.invoiceNumber).toEqual(isDeleted ? { ...before.items[index], isDeleted: true, modifiedDate: deletedAt } : before.items[index])
    }

    // Changed since the last read: the two deleted earlier (by index), then every record modified since, one deleted.
    const since = `modifiedSince=${encodeURIComponent(lastRead)}`
    const changed = await invoicesPage(`pageSize=1000&${since}`)
    expect(changed.items.map((item) => item.invoiceNumber)).toEqual(['INV-00004', 'INV-00041', ...before.items.slice(100).map((item) => item.invoiceNumber)])
    expect(changed.totalItems).toBe(2 + before.items.length - 100)
    const paged: string[] = []
    for (let page = 1; ; page++) {
      const answer = await invoicesPage(`page=${page}&pageSize=3&${since}`)
      paged.push(...answer.items.map((item) => item.invoiceNumber))
      expect(answer.totalItems).toBe(changed.totalItems)
      if (!answer.hasMore) break
    }
    expect(paged).toEqual(changed.items.map((item) => item.invoiceNumber))

    // After the deletion, only what was deleted then has changed.
    const afterDeletion = await invoicesPage(`modifiedSince=${encodeURIComponent(deletedAt)}`)
    expect(afterDeletion.items.map((item) => [item.invoiceNumber, item.isDeleted])).toEqual([
      ['INV-00004', true],
      ['INV-00041', true],
      ['INV-00111', true],
    ])
  })

  it.each([
    [{ platform: 'accounting', dataset: 'company', indices: [0] }, 'accounting has no list dataset “company”.'],
    [{ platform: 'accounting', dataset: 'invoices', indices: [] }, 'indices must list 1 to 10000 record indices.'],
    [{ platform: 'accounting', dataset: 'invoices', indices: [-1] }, 'each index must be a whole number from 0 to 10000000.'],
  ])('refuses %j with 400', async (body, description) => {
    const response = await postJson('/admin/deleted-records', body)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: description })
  })
})
