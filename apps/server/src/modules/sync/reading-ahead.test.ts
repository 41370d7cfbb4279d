/**
 * A platform that numbers its pages (the sandbox) has the next request waiting while Linkway reads
 * the page before it: once the platform has said how many records there are, the engine asks for
 * the page after the one in flight, and asks for none past the last. On both databases.
 */
import type { PullOperation } from '@linkway/contracts'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TokenVault } from '../connections/index.js'
import { createSyncHarness, type SyncHarness } from '../../testing/sync-harness.js'

/** 10 pages of 100. */
const TRANSACTIONS = 1000
const PAGE_SIZE = 100
/**
 * How long an answered page is held back waiting for the next request; an answer the engine did not ask ahead of is
 * released by it. Long against storing a page (milliseconds), so a slow store on a busy machine cannot pass for a page
 * not asked ahead; only the first and the last page wait it out.
 */
const HOLD_MS = 1500

describe.each(testedBackends())('reading numbered pages ahead on %s', (backend) => {
  let h: SyncHarness

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    h.sandbox.admin.setDatasetSize('banking', 'transactions', TRANSACTIONS)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('asks for the page after the one in flight once the first page gave the count, and for none past the last', async () => {
    /**
     * Each page's answer is held until the engine asks for another page (or HOLD_MS pass): a page
     * released by the next request was one the engine had already asked past, so the platform had
     * work waiting; one released by the wait was not.
     */
    const releasedBy: Array<'the next request' | 'the wait'> = []
    const wakeUps = new Map<number, () => void>()
    let calls = 0
    await h.startWorkers({
      pageSize: PAGE_SIZE,
      concurrency: 1,
      wrapVault: (vault): TokenVault => ({
        ...vault,
        async withAccessToken(connectionId, use) {
          const call = calls++
          wakeUps.get(call - 1)?.()
          const answer = await vault.withAccessToken(connectionId, use)
          releasedBy[call] = calls > call + 1 ? 'the next request' : await new Promise((resolve) => {
            const timer = setTimeout(() => resolve('the wait'), HOLD_MS)
            wakeUps.set(call, () => {
              clearTimeout(timer)
              resolve('the next request')
            })
          })
          return answer
        },
      }),
    })
    const who = await h.clientSyncingTransactionsOnly()
    const servedBefore = h.sandbox.admin.apiCallCount('banking')
    const { companyId } = await h.linkSandbox('bsbx', who)
    const [done] = (await h.waitForSyncs(companyId, { who })) as unknown as PullOperation[]

    expect(done).toMatchObject({ status: 'Complete', recordsRead: TRANSACTIONS, recordsModified: TRANSACTIONS, totalRecords: TRANSACTIONS })
    // The first page is read alone (the count comes with it); pages 2 to 9 each had the one after
    // asked for before they were read; nothing is asked for after the tenth.
    expect(releasedBy).toEqual(['the wait', ...Array<string>(8).fill('the next request'), 'the wait'])
    expect(h.sandbox.admin.apiCallCount('banking') - servedBefore).toBe(TRANSACTIONS / PAGE_SIZE)
  })
})
