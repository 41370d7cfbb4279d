import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { sql } from 'kysely'
import { createAppServices } from '../../app-services.js'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'

describe.each(testedBackends())('connections on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, who: TestClient = client) =>
    await t.app.inject({ method, url, headers: who.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const newCompany = async (who: TestClient = client) => (await call('POST', '/companies', { name: 'Toft stores' }, who)).json().id as string
  const eventTypes = async () =>
    (await sql<{ event_type: string }>`select event_type from webhook_events order by generated_at, event_type`.execute(t.database.db)).rows.map((row) => row.event_type)
  const revokeJobs = async () => (await sql<{ count: number }>`select count(*)::int as count from pgboss.job where name = 'connection.revoke'`.execute(t.database.db)).rows[0]!.count

  beforeAll(async () => {
    t = await createTestApp(backend, { startQueue: true })
    client = await t.createClient()
    other = await t.createClient()
    // A consumer of every connection event, so emitted events are stored and can be counted.
    const hook = await call('POST', '/webhooks', {
      url: 'http://127.0.0.1:9/hooks',
      eventTypes: ['connection.created', 'connection.connected', 'connection.disconnected', 'connection.reconnected', 'connection.failed', 'connection.deleted'],
    })
    expect(hook.statusCode).toBe(201)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('creates a PendingAuth connection with its Link URL and the reference shape', async () => {
    const companyId = await newCompany()
    const res = await call('POST', `/companies/${companyId}/connections`, { platformKey: 'mqjo' })
    expect(res.statusCode, res.body).toBe(200)
    const connection = res.json()
    expect(connection).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      integrationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      integrationKey: 'mqjo',
      sourceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sourceType: 'Accounting',
      platformName: 'Sandbox accounting',
      linkUrl: `${TEST_PUBLIC_URL}/link/companies/${companyId}/connections/${connection.id}/start`,
      status: 'PendingAuth',
      created: '2026-01-01T00:00:00.000Z',
      dataConnectionErrors: [],
      connectionInfo: {},
    })
    expect((await call('GET', `/companies/${companyId}/connections/${connection.id}`)).json()).toEqual(connection)
    const company = (await call('GET', `/companies/${companyId}`)).json()
    expect(company.dataConnections).toEqual([connection])
    expect(await eventTypes()).toContain('connection.created')
  })

  it('refuses unknown, disabled, desktop-only and malformed platforms with clear messages', async () => {
    const companyId = await newCompany()
    const cases: Array<[unknown, number, string | RegExp]> = [
      [{ platformKey: 'zzzz' }, 404, 'No integration was found with key zzzz'],
      [{ platformKey: 'gbol' }, 400, 'The integration Xero (gbol) is not enabled for this client; set its credentials with PUT /integrations/gbol/credentials first.'],
      [{ platformKey: 'hbql' }, 400, /desktop connector and cannot be linked through Link/],
      [{ platformKey: 'XERO1' }, 400, /platformKey must be 4 lowercase letters/],
      [{}, 400, /platformKey/],
    ]
    for (const [body, status, error] of cases) {
      const res = await call('POST', `/companies/${companyId}/connections`, body)
      expect(res.statusCode, JSON.stringify(body)).toBe(status)
      expect(res.json()).toMatchObject({ statusCode: status, service: 'PublicApi' })
      expect(JSON.stringify(res.json())).toMatch(typeof error === 'string' ? new RegExp(error.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) : error)
    }
  })

  it('holds one accounting connection per company (a PendingAuth one counts), and many banking and commerce ones', async () => {
    const companyId = await newCompany()
    const first = (await call('POST', `/companies/${companyId}/connections`, { platformKey: 'mqjo' })).json()
    const second = await call('POST', `/companies/${companyId}/connections`, { platformKey: 'mqjo' })
    expect(second.statusCode).toBe(409)
    expect(second.json().error).toBe(
      `Company ${companyId} already has an accounting connection (${first.id}, Sandbox accounting); a company holds one. Re-authorize that connection, or delete it before creating another.`,
    )
    for (const platformKey of ['bsbx', 'bsbx', 'aiwb', 'aiwb']) expect((await call('POST', `/companies/${companyId}/connections`, { platformKey })).statusCode).toBe(200)
    // Racing creates: the row lock (and the unique index behind it) let exactly one through.
    const racing = await newCompany()
    const results = await Promise.all([1, 2, 3].map(() => call('POST', `/companies/${racing}/connections`, { platformKey: 'mqjo' })))
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409])
    // Deleting the accounting connection frees the place.
    expect((await call('DELETE', `/companies/${companyId}/connections/${first.id}`)).statusCode).toBe(200)
    expect((await call('POST', `/companies/${companyId}/connections`, { platformKey: 'mqjo' })).statusCode).toBe(200)
  })

  it('lists a company’s connections paged, filtered and ordered', async () => {
    const companyId = await newCompany()
    for (const platformKey of ['mqjo', 'bsbx', 'aiwb']) await call('POST', `/companies/${companyId}/connections`, { platformKey })
    const page = (await call('GET', `/companies/${companyId}/connections?pageSize=2`)).json()
    expect(page).toMatchObject({ pageNumber: 1, pageSize: 2, totalResults: 3 })
    expect(page.results.map((c: { integrationKey: string }) => c.integrationKey)).toEqual(['mqjo', 'bsbx'])
    expect(page._links.next.href).toBe(`/companies/${companyId}/connections?page=2&pageSize=2`)
    const banking = (await call('GET', `/companies/${companyId}/connections?query=${encodeURIComponent('sourceType=banking')}`)).json()
    expect(banking.results.map((c: { integrationKey: string }) => c.integrationKey)).toEqual(['bsbx'])
    const ordered = (await call('GET', `/companies/${companyId}/connections?orderBy=-integrationKey`)).json()
    expect(ordered.results.map((c: { integrationKey: string }) => c.integrationKey)).toEqual(['mqjo', 'bsbx', 'aiwb'])
    const bad = await call('GET', `/companies/${companyId}/connections?query=${encodeURIComponent('colour=red')}`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toBe('Error parsing query - Could not resolve property colour on Connection')
  })

  it('imports tokens, unlinks only from Linked, reconnects the same connection, and stores tokens sealed', async () => {
    const companyId = await newCompany()
    const { id } = (await call('POST', `/companies/${companyId}/connections`, { platformKey: 'bsbx' })).json()
    const early = await call('PATCH', `/companies/${companyId}/connections/${id}`, { status: 'Unlinked' })
    expect(early.statusCode).toBe(400)
    expect(early.json().error).toBe('Only Linked connections can be unlinked; this connection is PendingAuth.')
    expect((await call('PATCH', `/companies/${companyId}/connections/${id}`, { status: 'Linked' })).json().error).toBe('A connection\'s status can only be set to Unlinked (got Linked).')
    expect((await call('PUT', `/companies/${companyId}/connections/${id}/authorization`, { refreshToken: 'x' })).json().error).toBe('accessToken is required (a non-empty string)')

    const imported = await call('PUT', `/companies/${companyId}/connections/${id}/authorization`, { accessToken: 'plain-access-token-42', refreshToken: 'plain-refresh-token-42', expiresIn: 1800, businessId: 'biz-1' })
    expect(imported.statusCode, imported.body).toBe(200)
    expect(imported.json()).toMatchObject({ id, status: 'Linked', connectionInfo: { businessId: 'biz-1' } })
    const stored = await t.database.db.selectFrom('connection_tokens').selectAll().where('connection_id', '=', id).executeTakeFirstOrThrow()
    expect(stored.sealed.includes(Buffer.from('plain-access-token-42'))).toBe(false)
    expect(stored.sealed.includes(Buffer.from('plain-refresh-token-42'))).toBe(false)
    expect(stored.access_expires_at?.toISOString()).toBe('2026-01-01T00:30:00.000Z')

    const jobsBefore = await revokeJobs()
    const unlinked = await call('PATCH', `/companies/${companyId}/connections/${id}`, { status: 'Unlinked' })
    expect(unlinked.statusCode).toBe(200)
    expect(unlinked.json().status).toBe('Unlinked')
    expect(await t.database.db.selectFrom('connection_tokens').select('connection_id').where('connection_id', '=', id).executeTakeFirst()).toBeUndefined()
    expect(await revokeJobs()).toBe(jobsBefore + 1)
    const job = (await sql<{ data: Record<string, string> }>`select data from pgboss.job where name = 'connection.revoke' order by created_on desc limit 1`.execute(t.database.db)).rows[0]!
    // The job carries the tokens still sealed: nothing readable in the job table.
    expect(JSON.stringify(job.data)).not.toContain('plain-refresh-token-42')

    const again = await call('PUT', `/companies/${companyId}/connections/${id}/authorization`, { accessToken: 'second' })
    expect(again.json()).toMatchObject({ id, status: 'Linked' })
    const types = await eventTypes()
    for (const type of ['connection.connected', 'connection.disconnected', 'connection.reconnected']) expect(types).toContain(type)
    const linked = (await call('GET', `/companies?query=${encodeURIComponent(`dataConnections.status=Linked && id=${companyId}`)}`)).json()
    expect(linked.results.map((c: { id: string }) => c.id)).toEqual([companyId])
    const none = (await call('GET', `/companies?query=${encodeURIComponent(`dataConnections.status!=Linked && id=${companyId}`)}`)).json()
    expect(none.results).toEqual([])
  })

  it('deletes for good: 200 with no body, then 404; the company then shows no connection', async () => {
    const companyId = await newCompany()
    const { id } = (await call('POST', `/companies/${companyId}/connections`, { platformKey: 'aiwb' })).json()
    const del = await call('DELETE', `/companies/${companyId}/connections/${id}`)
    expect(del.statusCode).toBe(200)
    expect(del.body).toBe('')
    const gone = await call('GET', `/companies/${companyId}/connections/${id}`)
    expect(gone.statusCode).toBe(404)
    expect(gone.json().error).toBe(`No connection was found with ID ${id}`)
    expect((await call('DELETE', `/companies/${companyId}/connections/${id}`)).statusCode).toBe(404)
    expect((await call('GET', `/companies/${companyId}`)).json().dataConnections).toEqual([])
    expect(await eventTypes()).toContain('connection.deleted')
  })

  it("never shows or touches another client's company or connection", async () => {
    const companyId = await newCompany()
    const { id } = (await call('POST', `/companies/${companyId}/connections`, { platformKey: 'mqjo' })).json()
    const theirs = await newCompany(other)
    const attempts = [
      await call('GET', `/companies/${companyId}/connections`, undefined, other),
      await call('GET', `/companies/${companyId}/connections/${id}`, undefined, other),
      await call('POST', `/companies/${companyId}/connections`, { platformKey: 'bsbx' }, other),
      await call('PATCH', `/companies/${companyId}/connections/${id}`, { status: 'Unlinked' }, other),
      await call('PUT', `/companies/${companyId}/connections/${id}/authorization`, { accessToken: 'stolen' }, other),
      await call('DELETE', `/companies/${companyId}/connections/${id}`, undefined, other),
      // Their own company with our connection id.
      await call('GET', `/companies/${theirs}/connections/${id}`, undefined, other),
      await call('DELETE', `/companies/${theirs}/connections/${id}`, undefined, other),
    ]
    for (const res of attempts) expect(res.statusCode, res.body).toBe(404)
    expect((await call('GET', `/companies/${companyId}/connections/${id}`)).json().status).toBe('PendingAuth')
  })

  it('counts connection health per state for one client: PendingAuth over a day apart, companies counted once', async () => {
    const ops = await t.createClient()
    const health = async () => (await call('GET', '/connections/health', undefined, ops)).json()
    const empty = { connections: 0, companies: 0 }
    expect(await health()).toEqual({ asOf: t.clock.now().toISOString(), linked: empty, deauthorized: empty, unlinked: empty, pendingAuth: empty, pendingAuthOverADay: empty })
    // One company waits with an accounting and a banking connection; a day and a minute later, a second company starts one.
    const waiting = await newCompany(ops)
    await call('POST', `/companies/${waiting}/connections`, { platformKey: 'mqjo' }, ops)
    await call('POST', `/companies/${waiting}/connections`, { platformKey: 'bsbx' }, ops)
    t.clock.advance(24 * 60 * 60 * 1000 + 60_000)
    const recent = await newCompany(ops)
    await call('POST', `/companies/${recent}/connections`, { platformKey: 'mqjo' }, ops)
    // A company with one Linked, one Deauthorized and one Unlinked connection.
    const busy = await newCompany(ops)
    const linkedOne = async (platformKey: string) => {
      const { id } = (await call('POST', `/companies/${busy}/connections`, { platformKey }, ops)).json()
      expect((await call('PUT', `/companies/${busy}/connections/${id}/authorization`, { accessToken: 'token' }, ops)).statusCode).toBe(200)
      return id as string
    }
    await linkedOne('mqjo')
    await createAppServices(t.deps).connections.deauthorize(await linkedOne('bsbx'))
    const unlinked = await linkedOne('aiwb')
    expect((await call('PATCH', `/companies/${busy}/connections/${unlinked}`, { status: 'Unlinked' }, ops)).statusCode).toBe(200)
    const res = await call('GET', '/connections/health', undefined, ops)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      asOf: t.clock.now().toISOString(),
      linked: { connections: 1, companies: 1 },
      deauthorized: { connections: 1, companies: 1 },
      unlinked: { connections: 1, companies: 1 },
      pendingAuth: { connections: 3, companies: 2 },
      pendingAuthOverADay: { connections: 2, companies: 1 },
    })
    // Another client's connections are not counted; no key, no answer.
    expect((await call('GET', '/connections/health', undefined, other)).json().pendingAuthOverADay).toEqual(empty)
    expect((await t.app.inject({ method: 'GET', url: '/connections/health' })).statusCode).toBe(401)
  })
})
