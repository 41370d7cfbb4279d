import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getJson, linkPlatform, refresh, startTestSandbox, type TestSandbox } from './testing/sandbox-harness.js'

// A sandbox per test: the served-call counts and schedules are the sandbox's, and each test asserts them exactly.
let sandbox: TestSandbox
beforeEach(async () => {
  sandbox = await startTestSandbox()
})
afterEach(async () => {
  await sandbox.close()
})

const accounts = (token: string): Promise<Response> => getJson(`${sandbox.endpoints.accounting.apiBaseUrl}/accounts`, token)

/** The statuses of `calls` successive GETs of the accounting accounts. */
async function statusesOf(token: string, calls: number): Promise<number[]> {
  const statuses: number[] = []
  for (let call = 0; call < calls; call++) statuses.push((await accounts(token)).status)
  return statuses
}

describe('failNextApiCalls', () => {
  it('answers the next calls 503 with a JSON error body, then serves again; failures are not counted as served', async () => {
    const token = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    sandbox.admin.failNextApiCalls('accounting', 2)
    for (let call = 0; call < 2; call++) {
      const failed = await accounts(token)
      expect(failed.status).toBe(503)
      expect(failed.headers.get('content-type')).toBe('application/json; charset=utf-8')
      expect(await failed.json()).toEqual({ error: 'temporarily_unavailable', error_description: 'The sandbox admin asked for this call to fail with 503.' })
    }
    expect(await statusesOf(token, 1)).toEqual([200])
    expect(sandbox.admin.apiCallCount('accounting')).toBe(1)
  })

  it('starts failing after afterCalls more served calls, with the status given', async () => {
    const token = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    expect(await statusesOf(token, 1)).toEqual([200])
    sandbox.admin.failNextApiCalls('accounting', 2, { status: 500, afterCalls: 2 })
    expect(await statusesOf(token, 5)).toEqual([200, 200, 500, 500, 200])
    expect(sandbox.admin.apiCallCount('accounting')).toBe(4)

    sandbox.admin.failNextApiCalls('accounting', 1, { status: 408 })
    const timedOut = await accounts(token)
    expect(timedOut.status).toBe(408)
    expect(await timedOut.json()).toEqual({ error: 'request_timeout', error_description: 'The sandbox admin asked for this call to fail with 408.' })
    sandbox.admin.failNextApiCalls('accounting', 1, { status: 502 })
    expect(await (await accounts(token)).json()).toEqual({ error: 'server_error', error_description: 'The sandbox admin asked for this call to fail with 502.' })
  })

  it('fails only the platform named, and a bad token neither counts nor uses a failure up', async () => {
    const accounting = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    const banking = (await linkPlatform(sandbox, 'banking', 'banking.read')).access_token
    sandbox.admin.failNextApiCalls('accounting', 1)
    expect((await getJson(`${sandbox.endpoints.banking.apiBaseUrl}/accounts`, banking)).status).toBe(200)
    expect((await accounts('not-a-token')).status).toBe(401)
    expect(await statusesOf(accounting, 2)).toEqual([503, 200])
    expect([sandbox.admin.apiCallCount('accounting'), sandbox.admin.apiCallCount('banking')]).toEqual([1, 1])
  })

  it('replaces the earlier schedule, and a count of 0 clears it', async () => {
    const token = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    sandbox.admin.failNextApiCalls('accounting', 5)
    sandbox.admin.failNextApiCalls('accounting', 1, { status: 504 })
    expect(await statusesOf(token, 2)).toEqual([504, 200])
    sandbox.admin.failNextApiCalls('accounting', 3)
    sandbox.admin.failNextApiCalls('accounting', 0)
    expect(await statusesOf(token, 1)).toEqual([200])
  })

  it('is answered before a rate limit due at the same call; each uses up only its own count', async () => {
    const token = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    sandbox.admin.rateLimitNextApiCalls('accounting', 1, 9)
    sandbox.admin.failNextApiCalls('accounting', 1)
    expect(await statusesOf(token, 3)).toEqual([503, 429, 200])
  })

  it.each([
    [{ status: 200 }, 'status must be a whole number from 500 to 599, or 408.'],
    [{ status: 499 }, 'status must be a whole number from 500 to 599, or 408.'],
    [{ status: 600 }, 'status must be a whole number from 500 to 599, or 408.'],
    [{ status: 503.5 }, 'status must be a whole number from 500 to 599, or 408.'],
    [{ afterCalls: -1 }, 'afterCalls must be a whole number from 0 to 1000000.'],
    [{ afterCalls: '2' }, 'afterCalls must be a whole number from 0 to 1000000.'],
  ])('refuses %j', (options, message) => {
    expect(() => sandbox.admin.failNextApiCalls('accounting', 1, options as never)).toThrow(message)
  })

  it('refuses an unknown platform, a bad count and options that are not an object', () => {
    expect(() => sandbox.admin.failNextApiCalls('sage' as never, 1)).toThrow('platform must be one of accounting, banking, commerce, xero, quickbooks, shopify, square.')
    expect(() => sandbox.admin.failNextApiCalls('accounting', 1_000_001)).toThrow('count must be a whole number from 0 to 1000000.')
    expect(() => sandbox.admin.failNextApiCalls('accounting', 1, null as never)).toThrow('The options must be an object.')
  })
})

describe('rateLimitNextApiCalls with afterCalls', () => {
  it('starts the 429s after afterCalls more served calls', async () => {
    const token = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    sandbox.admin.rateLimitNextApiCalls('accounting', 2, 7, { afterCalls: 1 })
    const responses: Response[] = []
    for (let call = 0; call < 4; call++) responses.push(await accounts(token))
    expect(responses.map((response) => [response.status, response.headers.get('retry-after')])).toEqual([
      [200, null],
      [429, '7'],
      [429, '7'],
      [200, null],
    ])
    expect(sandbox.admin.apiCallCount('accounting')).toBe(2)
  })

  it('refuses a bad afterCalls', () => {
    expect(() => sandbox.admin.rateLimitNextApiCalls('accounting', 1, 1, { afterCalls: 1.5 })).toThrow('afterCalls must be a whole number from 0 to 1000000.')
  })
})

describe('revokeGrantsAfterApiCalls', () => {
  it('revokes every live grant of the platform once it has served that many more calls: 401 on the API, invalid_grant on refresh', async () => {
    const first = await linkPlatform(sandbox, 'accounting', 'accounting.read offline_access')
    const second = await linkPlatform(sandbox, 'accounting', 'accounting.read offline_access')
    const banking = (await linkPlatform(sandbox, 'banking', 'banking.read')).access_token
    sandbox.admin.revokeGrantsAfterApiCalls('accounting', 2)
    expect(await statusesOf(first.access_token, 1)).toEqual([200])
    expect(sandbox.admin.listGrants().filter((grant) => grant.isRevoked)).toEqual([])
    // The second served call is still answered; the revocation bites from the next one.
    expect(await statusesOf(second.access_token, 1)).toEqual([200])

    for (const token of [first.access_token, second.access_token]) {
      const refused = await accounts(token)
      expect(refused.status).toBe(401)
      expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
      expect(await refused.json()).toEqual({ error: 'invalid_token', error_description: 'The access token is invalid or revoked.' })
    }
    const refreshed = await refresh(sandbox, 'accounting', first.refresh_token ?? '')
    expect(refreshed.status).toBe(400)
    expect(await refreshed.json()).toEqual({ error: 'invalid_grant', error_description: 'The refresh token is invalid or revoked.' })
    expect(sandbox.admin.listGrants().map((grant) => [grant.platform, grant.isRevoked])).toEqual([
      ['accounting', true],
      ['accounting', true],
      ['banking', false],
    ])
    expect((await getJson(`${sandbox.endpoints.banking.apiBaseUrl}/accounts`, banking)).status).toBe(200)
  })

  it('happens once: a grant made after the revocation is served', async () => {
    const before = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    sandbox.admin.revokeGrantsAfterApiCalls('accounting', 1)
    expect(await statusesOf(before, 2)).toEqual([200, 401])
    const after = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    expect(await statusesOf(after, 3)).toEqual([200, 200, 200])
  })

  it('revokes now with afterCalls 0, and replaces an earlier schedule', async () => {
    const token = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    sandbox.admin.revokeGrantsAfterApiCalls('accounting', 5)
    sandbox.admin.revokeGrantsAfterApiCalls('accounting', 0)
    expect(await statusesOf(token, 1)).toEqual([401])
    // The cleared schedule does not come back for the grant made next.
    const relinked = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    expect(await statusesOf(relinked, 6)).toEqual([200, 200, 200, 200, 200, 200])
  })

  it('refuses a bad afterCalls or platform', () => {
    expect(() => sandbox.admin.revokeGrantsAfterApiCalls('accounting', -1)).toThrow('afterCalls must be a whole number from 0 to 1000000.')
    expect(() => sandbox.admin.revokeGrantsAfterApiCalls('sage' as never, 1)).toThrow('platform must be one of accounting, banking, commerce, xero, quickbooks, shopify, square.')
  })
})

describe('apiCallCount', () => {
  it('counts the calls served, not the ones refused for their token or by the admin', async () => {
    expect(sandbox.admin.apiCallCount('accounting')).toBe(0)
    const token = (await linkPlatform(sandbox, 'accounting', 'accounting.read')).access_token
    await statusesOf(token, 3)
    await accounts('not-a-token')
    sandbox.admin.rateLimitNextApiCalls('accounting', 1, 1)
    expect(await statusesOf(token, 2)).toEqual([429, 200])
    expect(sandbox.admin.apiCallCount('accounting')).toBe(4)
    expect(sandbox.admin.apiCallCount('banking')).toBe(0)
    expect(() => sandbox.admin.apiCallCount('sage' as never)).toThrow('platform must be one of accounting, banking, commerce, xero, quickbooks, shopify, square.')
  })
})
