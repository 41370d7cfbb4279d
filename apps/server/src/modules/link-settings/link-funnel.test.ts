import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testedBackends } from '@linkway/test-kit'
import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestClient } from '../../testing/test-app.js'

const DAY_MS = 24 * 60 * 60 * 1000

describe.each(testedBackends())('the Link funnel per category and per day on %s', (backend) => {
  let t: TestApp
  let client: TestClient
  let other: TestClient
  let companyId: string
  const api = (url: string, who: TestClient = client) => t.app.inject({ method: 'GET', url, headers: who.headers })

  /** A funnel event as the hosted page's component sends it: its token and cookie, from this origin. */
  async function record(visitId: string, event: string, details: { category?: string; platformKey?: string } = {}) {
    const page = await t.app.inject({ method: 'GET', url: `/link/company/${companyId}` })
    const token = JSON.parse(/<script type="application\/json" id="linkway-link-config">(.*?)<\/script>/s.exec(page.body)![1]!).linkToken
    const cookie = String([page.headers['set-cookie'] ?? []].flat().find((value) => String(value).startsWith('linkway_link_page='))).split(';')[0]!
    const res = await t.app.inject({
      method: 'POST',
      url: `/link/api/companies/${companyId}/events`,
      headers: { 'x-link-token': token, cookie, origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
      payload: { sessionId: visitId, event, ...details },
    })
    expect(res.statusCode, res.body).toBe(204)
  }

  beforeAll(async () => {
    t = await createTestApp(backend)
    client = await t.createClient()
    other = await t.createClient()
    companyId = (await t.app.inject({ method: 'POST', url: '/companies', headers: client.headers, payload: { name: 'Toft stores' } })).json().id
    // 2026-01-01: two visits choose accounting (one of them twice: it counts once), one of them goes on to the platform.
    const [first, second, third] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]
    for (const visit of [first, second]) {
      await record(visit, 'opened')
      await record(visit, 'category_chosen', { category: 'accounting' })
      await record(visit, 'platform_chosen', { category: 'accounting', platformKey: 'mqjo' })
    }
    await record(first, 'category_chosen', { category: 'accounting' })
    await record(first, 'sent_to_platform', { category: 'accounting', platformKey: 'mqjo' })
    // Two days later: a third visit chooses banking.
    t.clock.advance(2 * DAY_MS + 5 * 60_000)
    await record(third, 'opened')
    await record(third, 'category_chosen', { category: 'banking' })
    await record(third, 'platform_chosen', { category: 'banking', platformKey: 'bsbx' })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('counts visits per step in total, per platform and per category', async () => {
    const res = await api('/link/funnel')
    expect(res.statusCode).toBe(200)
    const step = (event: string) => res.json().steps.find((candidate: { event: string }) => candidate.event === event)
    expect(step('opened')).toEqual({ event: 'opened', visits: 3, byPlatform: {}, byCategory: {} })
    expect(step('category_chosen')).toEqual({ event: 'category_chosen', visits: 3, byPlatform: {}, byCategory: { accounting: 2, banking: 1 } })
    expect(step('platform_chosen')).toEqual({ event: 'platform_chosen', visits: 3, byPlatform: { mqjo: 2, bsbx: 1 }, byCategory: { accounting: 2, banking: 1 } })
    expect(step('sent_to_platform')).toEqual({ event: 'sent_to_platform', visits: 1, byPlatform: { mqjo: 1 }, byCategory: { accounting: 1 } })
    // Another client sees none of it.
    expect((await api('/link/funnel', other)).json().steps.every((candidate: { visits: number }) => candidate.visits === 0)).toBe(true)
  })

  it('counts visits per UTC day, every day of the range present, the range as asked', async () => {
    const res = await api(`/link/funnel/daily?from=${encodeURIComponent('2025-12-31T00:00:00Z')}&to=${encodeURIComponent('2026-01-04T00:00:00Z')}`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.from).toBe('2025-12-31T00:00:00.000Z')
    expect(body.to).toBe('2026-01-04T00:00:00.000Z')
    expect(body.days.map((day: { date: string }) => day.date)).toEqual(['2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03'])
    const zero = { opened: 0, category_chosen: 0, platform_chosen: 0, consent_given: 0, sent_to_platform: 0, returned: 0, completed: 0, left: 0 }
    expect(body.days[0].visits).toEqual(zero)
    expect(body.days[1].visits).toEqual({ ...zero, opened: 2, category_chosen: 2, platform_chosen: 2, sent_to_platform: 1 })
    expect(body.days[2].visits).toEqual(zero)
    expect(body.days[3].visits).toEqual({ ...zero, opened: 1, category_chosen: 1, platform_chosen: 1 })
    // A range that starts mid-day includes that day, counting only what happened after `from`.
    const later = (await api(`/link/funnel/daily?from=${encodeURIComponent('2026-01-01T00:00:01Z')}&to=${encodeURIComponent('2026-01-02T00:00:00Z')}`)).json()
    expect(later.days).toEqual([{ date: '2026-01-01', visits: zero }])
    // By default the 30 days up to now: 31 UTC days touched, the last one today's.
    const recent = (await api('/link/funnel/daily')).json()
    expect(recent.days).toHaveLength(31)
    expect(recent.days.at(-1)).toEqual({ date: '2026-01-03', visits: { ...zero, opened: 1, category_chosen: 1, platform_chosen: 1 } })
    expect((await api('/link/funnel/daily', other)).json().days.every((day: { visits: Record<string, number> }) => Object.values(day.visits).every((visits) => visits === 0))).toBe(true)
  })

  it('refuses a range backwards, longer than 366 days, or not made of instants, with the API error body', async () => {
    const backwards = await api(`/link/funnel/daily?from=${encodeURIComponent('2026-01-02T00:00:00Z')}&to=${encodeURIComponent('2026-01-01T00:00:00Z')}`)
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json()).toMatchObject({ statusCode: 400, error: 'The request is invalid: to: to must be after from', validation: { errors: [{ itemId: 'to', message: 'to must be after from' }] } })
    const long = await api(`/link/funnel/daily?from=${encodeURIComponent('2024-01-01T00:00:00Z')}&to=${encodeURIComponent('2026-01-01T00:00:00Z')}`)
    expect(long.statusCode).toBe(400)
    expect(long.json().error).toBe('The request is invalid: from: the range may cover at most 366 days; ask for a shorter one')
    expect((await api(`/link/funnel/daily?from=${encodeURIComponent('2025-01-01T00:00:00Z')}&to=${encodeURIComponent('2026-01-01T00:00:00Z')}`)).statusCode).toBe(200)
    expect((await api('/link/funnel/daily?from=yesterday')).statusCode).toBe(400)
    expect((await api('/link/funnel/daily?to=0000-01-01T00:00:00Z')).statusCode).toBe(400)
  })
})
