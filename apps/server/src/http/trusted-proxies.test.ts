/**
 * Behind a load balancer every request comes from the balancer's address. What is kept per visitor
 * address (the Invite company page's 10 a minute, the logs' remoteAddress) must then come from
 * X-Forwarded-For, and only when the request came from a proxy named in TRUST_PROXY: anyone else
 * could write any address there. Before TRUST_PROXY, the whole world shared one budget of 10
 * invites a minute per API process.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/test-app.js'

const BALANCER = '127.0.0.1'
/** The Invite company page's limit per address (docs/hosted-link.md). */
const INVITES_PER_MINUTE = 10

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

async function inviteApp(trustProxy: string[]): Promise<{ invite: (visitor: string, from?: string) => Promise<number> }> {
  t = await createTestApp('pglite', { trustProxy })
  const client = await t.createClient()
  const path = new URL((await t.app.inject({ method: 'GET', url: '/linkSettings/inviteUrl', headers: client.headers })).json().url).pathname
  const app = t.app
  return {
    // A visitor's browser, through the balancer: nginx appends the address it saw to X-Forwarded-For.
    invite: async (visitor, from = BALANCER) =>
      (
        await app.inject({
          method: 'POST',
          url: path,
          remoteAddress: from,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': visitor },
          payload: new URLSearchParams({ companyName: `Visitor ${visitor}` }).toString(),
        })
      ).statusCode,
  }
}

describe('requests through a load balancer', () => {
  it('count each visitor by X-Forwarded-For when the balancer is a trusted proxy', async () => {
    const { invite } = await inviteApp([BALANCER])
    for (let i = 0; i < INVITES_PER_MINUTE + 5; i++) expect(await invite(`203.0.113.${i + 1}`)).toBe(303)
    // One visitor still has its own limit.
    for (let i = 0; i < INVITES_PER_MINUTE; i++) expect(await invite('198.51.100.7')).toBe(303)
    expect(await invite('198.51.100.7')).toBe(429)
  })

  it('ignore X-Forwarded-For from an address that is not a trusted proxy', async () => {
    const { invite } = await inviteApp([BALANCER])
    // A visitor reaching the process directly cannot pick a fresh address for each attempt.
    for (let i = 0; i < INVITES_PER_MINUTE; i++) expect(await invite(`203.0.113.${i + 1}`, '192.0.2.50')).toBe(303)
    expect(await invite('203.0.113.200', '192.0.2.50')).toBe(429)
  })

  it('without TRUST_PROXY, count the connecting address alone (X-Forwarded-For is not believed)', async () => {
    const { invite } = await inviteApp([])
    for (let i = 0; i < INVITES_PER_MINUTE; i++) expect(await invite(`203.0.113.${i + 1}`)).toBe(303)
    expect(await invite('203.0.113.200')).toBe(429)
  })
})
