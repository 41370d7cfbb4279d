import { LinkSettings, withConsentDataTypes } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import {
  canComplete,
  categoryProgress,
  initialState,
  isCategoryClosed,
  isMidJourney,
  linkedPlatformNames,
  nextState,
  platformsFor,
  searchPlatforms,
  type JourneyEvent,
  type JourneyState,
} from './journey.js'
import type { LinkConnection, LinkIntegration, LinkResult, LinkSessionView } from './types.js'

const device = { desktopOnly: false, needsInstall: false, notMobileOptimised: false }
const integration = (key: string, name: string, sourceType: LinkIntegration['sourceType']): LinkIntegration => ({
  key,
  integrationId: '00000000-0000-4000-8000-000000000001',
  sourceId: '00000000-0000-4000-8000-000000000002',
  name,
  sourceType,
  logoUrl: `https://linkway.example/assets/integrations/${key}/square.svg`,
  isSandbox: key === 'mqjo',
  device,
})
const connection = (id: string, integrationKey: string, platformName: string, sourceType: LinkConnection['sourceType'], status: LinkConnection['status']): LinkConnection => ({
  id,
  integrationKey,
  integrationId: `integration-${integrationKey}`,
  sourceId: `source-${integrationKey}`,
  platformName,
  sourceType,
  status,
  logoUrl: '',
  created: '2026-01-05T09:00:00.000Z',
})

function sessionWith(overrides: { connections?: LinkConnection[]; landingPage?: boolean; visitConnectionIds?: string[] } = {}): LinkSessionView {
  return {
    sessionId: 'session-1',
    lang: 'en',
    company: { id: 'company-1', name: 'Toft stores' },
    client: { name: 'Acme Lending' },
    settings: withConsentDataTypes(LinkSettings.parse({ landingPage: { enabled: overrides.landingPage ?? false } }), { accounting: ['chartOfAccounts', 'invoices'], banking: ['banking-transactions'], commerce: ['commerce-orders'] }),
    categories: [
      { category: 'accounting', optional: false, integrations: [integration('mqjo', 'Sandbox accounting', 'Accounting'), integration('gbol', 'Xero', 'Accounting'), integration('qhyg', 'QuickBooks Online', 'Accounting')] },
      { category: 'banking', optional: true, integrations: [integration('bsbx', 'Sandbox bank', 'Banking'), integration('sgbk', 'Société Générale', 'Banking')] },
    ],
    connections: overrides.connections ?? [],
    ...(overrides.visitConnectionIds ? { visitConnectionIds: overrides.visitConnectionIds } : {}),
    shareUrl: 'https://linkway.example/link/company/company-1',
  }
}

const run = (state: JourneyState, ...events: JourneyEvent[]) => events.reduce(nextState, state)
const loaded = (session = sessionWith(), result: LinkResult | null = null) => run(initialState(result), { type: 'session_loaded', session })

describe('nextState', () => {
  it('opens on the landing page when the settings ask for one, else on the categories', () => {
    expect(loaded(sessionWith({ landingPage: true })).screen).toEqual({ name: 'landing' })
    expect(run(loaded(sessionWith({ landingPage: true })), { type: 'started' }).screen).toEqual({ name: 'categories' })
    expect(loaded().screen).toEqual({ name: 'categories' })
  })

  it('skips the landing page when the person is back from a platform', () => {
    const session = sessionWith({ landingPage: true, connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'PendingAuth')] })
    expect(loaded(session, { connectionId: 'c1', statusCode: '403' }).screen).toEqual({ name: 'categories' })
  })

  it('walks category → platform → consent → redirecting, and back one step at a time', () => {
    const onConsent = run(loaded(), { type: 'category_chosen', category: 'accounting' }, { type: 'platform_chosen', platformKey: 'gbol' })
    expect(onConsent.screen).toEqual({ name: 'consent', category: 'accounting', platformKey: 'gbol' })
    expect(run(onConsent, { type: 'consent_given' }).screen).toEqual({ name: 'redirecting', category: 'accounting', platformKey: 'gbol' })
    expect(run(onConsent, { type: 'back' }).screen).toEqual({ name: 'platforms', category: 'accounting' })
    expect(run(onConsent, { type: 'back' }, { type: 'back' }).screen).toEqual({ name: 'categories' })
  })

  it('ignores a platform the category does not offer', () => {
    const onPlatforms = run(loaded(), { type: 'category_chosen', category: 'accounting' })
    expect(run(onPlatforms, { type: 'platform_chosen', platformKey: 'bsbx' })).toBe(onPlatforms)
  })

  it('goes back to consent with the failure when creating the connection fails, and clears it on moving on', () => {
    const redirecting = run(loaded(), { type: 'category_chosen', category: 'banking' }, { type: 'platform_chosen', platformKey: 'bsbx' }, { type: 'consent_given' })
    const failed = run(redirecting, { type: 'request_failed', action: 'connect', statusCode: 503 })
    expect(failed.screen).toEqual({ name: 'consent', category: 'banking', platformKey: 'bsbx' })
    expect(failed.failure).toEqual({ action: 'connect', statusCode: 503 })
    expect(run(failed, { type: 'consent_given' }).failure).toBeNull()
  })

  it('returns to consent when the person comes back (browser Back) instead of going to the platform', () => {
    const redirecting = run(loaded(), { type: 'category_chosen', category: 'banking' }, { type: 'platform_chosen', platformKey: 'bsbx' }, { type: 'consent_given' })
    expect(run(redirecting, { type: 'redirect_interrupted' }).screen).toEqual({ name: 'consent', category: 'banking', platformKey: 'bsbx' })
  })

  it('shows the load failure, and loads again on Try again', () => {
    const failed = run(initialState(), { type: 'request_failed', action: 'load', statusCode: 0 })
    expect(failed.screen).toEqual({ name: 'load_failed' })
    const retried = run(failed, { type: 'load_started' }, { type: 'session_loaded', session: sessionWith() })
    expect(retried.screen).toEqual({ name: 'categories' })
    expect(retried.failure).toBeNull()
  })

  it('opens the share screen from the categories or the platforms, and goes back where it came from', () => {
    const fromPlatforms = run(loaded(), { type: 'category_chosen', category: 'accounting' }, { type: 'share_opened', category: 'accounting' })
    expect(fromPlatforms.screen).toEqual({ name: 'share', category: 'accounting', returnTo: 'platforms' })
    expect(run(fromPlatforms, { type: 'back' }).screen).toEqual({ name: 'platforms', category: 'accounting' })
    expect(run(loaded(), { type: 'share_opened', category: 'banking' }, { type: 'back' }).screen).toEqual({ name: 'categories' })
  })

  it('resumes a PendingAuth, Unlinked or Deauthorized connection on its own platform’s consent, never a Linked one', () => {
    const session = sessionWith({
      connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Deauthorized'), connection('c2', 'bsbx', 'Sandbox bank', 'Banking', 'Linked')],
    })
    expect(run(loaded(session), { type: 'connection_resumed', connectionId: 'c1' }).screen).toEqual({ name: 'consent', category: 'accounting', platformKey: 'gbol' })
    expect(run(loaded(session), { type: 'connection_resumed', connectionId: 'c2' }).screen).toEqual({ name: 'categories' })
  })

  it('completes only once every required category is connected; optional ones can be skipped', () => {
    const notYet = run(loaded(), { type: 'category_skipped', category: 'banking' })
    expect(categoryProgress(notYet, 'banking')).toEqual({ status: 'skipped' })
    expect(canComplete(notYet)).toBe(false)
    expect(run(notYet, { type: 'completed' }).screen).toEqual({ name: 'categories' })

    const linked = loaded(sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Linked')] }))
    expect(canComplete(linked)).toBe(true)
    expect(run(linked, { type: 'completed' }).screen).toEqual({ name: 'done' })
  })

  it('does not skip a required category', () => {
    const state = loaded()
    expect(run(state, { type: 'category_skipped', category: 'accounting' }).skipped).toEqual([])
  })

  it('marks a disconnected connection Unlinked, so the category is no longer connected', () => {
    const state = loaded(sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Linked')] }), { connectionId: 'c1', statusCode: '200' })
    const unlinked = run(state, { type: 'connection_unlinked', connectionId: 'c1' })
    expect(unlinked.session?.connections[0]?.status).toBe('Unlinked')
    expect(unlinked.result).toBeNull()
    expect(categoryProgress(unlinked, 'accounting')).toEqual({ status: 'not_started' })
    expect(canComplete(unlinked)).toBe(false)
  })
})

describe('categoryProgress', () => {
  it('reports the outcome of the trip to the platform on its category', () => {
    const session = sessionWith({ connections: [connection('c1', 'bsbx', 'Sandbox bank', 'Banking', 'PendingAuth')] })
    expect(categoryProgress(loaded(session, { connectionId: 'c1', statusCode: '403' }), 'banking')).toEqual({ status: 'failed', platformName: 'Sandbox bank', statusCode: '403' })
    expect(categoryProgress(loaded(session, { connectionId: 'c1', statusCode: '501' }), 'accounting')).toEqual({ status: 'not_started' })
    // The session may have been read just before the link landed: the success outcome is trusted.
    expect(categoryProgress(loaded(session, { connectionId: 'c1', statusCode: '200' }), 'banking')).toEqual({ status: 'connected', platformName: 'Sandbox bank' })
    // 201: it was already linked when the person opened the platform's page.
    expect(categoryProgress(loaded(session, { connectionId: 'c1', statusCode: '201' }), 'banking')).toEqual({ status: 'connected', platformName: 'Sandbox bank' })
  })

  it('stays connected when another connection of the category is linked, whatever the outcome', () => {
    const session = sessionWith({ connections: [connection('c1', 'bsbx', 'Sandbox bank', 'Banking', 'Linked'), connection('c2', 'sgbk', 'Société Générale', 'Banking', 'PendingAuth')] })
    expect(categoryProgress(loaded(session, { connectionId: 'c2', statusCode: '500' }), 'banking')).toEqual({ status: 'connected', platformName: 'Sandbox bank' })
  })
})

describe('one accounting connection per company', () => {
  it('closes accounting once it is linked: it is not offered again', () => {
    const state = loaded(sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Linked')] }))
    expect(isCategoryClosed(state, 'accounting')).toBe(true)
    expect(run(state, { type: 'category_chosen', category: 'accounting' }).screen).toEqual({ name: 'categories' })
    expect(isCategoryClosed(state, 'banking')).toBe(false)
  })

  it('offers only the platform of an existing, not linked, accounting connection', () => {
    const session = sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Unlinked')] })
    expect(platformsFor(session, 'accounting').map((candidate) => candidate.key)).toEqual(['gbol'])
    expect(platformsFor(session, 'banking').map((candidate) => candidate.key)).toEqual(['bsbx', 'sgbk'])
  })
})

describe('searchPlatforms', () => {
  const integrations = sessionWith().categories.flatMap((offer) => offer.integrations)
  it('filters by name, ignoring case and accents', () => {
    expect(searchPlatforms(integrations, 'quickbooks').map((candidate) => candidate.key)).toEqual(['qhyg'])
    expect(searchPlatforms(integrations, '  SOCIETE ').map((candidate) => candidate.key)).toEqual(['sgbk'])
    expect(searchPlatforms(integrations, 'sandbox').map((candidate) => candidate.key)).toEqual(['mqjo', 'bsbx'])
    expect(searchPlatforms(integrations, '')).toBe(integrations)
  })
})

describe('isMidJourney', () => {
  it('is true while something is unfinished, so closing asks first', () => {
    expect(isMidJourney(loaded(sessionWith({ landingPage: true })))).toBe(false)
    expect(isMidJourney(loaded())).toBe(true)
    expect(isMidJourney(run(loaded(), { type: 'category_chosen', category: 'banking' }))).toBe(true)
    expect(isMidJourney(loaded(sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Linked')] })))).toBe(false)
  })
})

describe('returning visitors and states', () => {
  it('skips the landing page for a visitor whose required categories are all connected', () => {
    const session = { ...sessionWith({ landingPage: true, connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Linked')] }) }
    expect(loaded(session).screen).toEqual({ name: 'categories' })
    expect(loaded(sessionWith({ landingPage: true })).screen).toEqual({ name: 'landing' })
  })

  it('shows a connection waiting for sign-in as pending, with the connection to continue', () => {
    const session = sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'PendingAuth')] })
    expect(categoryProgress(loaded(session), 'accounting')).toEqual({ status: 'pending', platformName: 'Xero', connectionId: 'c1' })
    // Just cancelled at the platform: the outcome, not "waiting".
    expect(categoryProgress(loaded(session, { connectionId: 'c1', statusCode: '403' }), 'accounting')).toMatchObject({ status: 'failed', statusCode: '403' })
  })

  it('offers every accounting platform after a cancelled attempt: a connection waiting for sign-in is replaced, not kept', () => {
    const session = sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'PendingAuth')] })
    expect(platformsFor(session, 'accounting').map((candidate) => candidate.key)).toEqual(['mqjo', 'gbol', 'qhyg'])
  })

  it('names the linked connections for the done page', () => {
    const session = sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Linked'), connection('c2', 'sgbk', 'Société Générale', 'Banking', 'Linked'), connection('c3', 'bsbx', 'Sandbox bank', 'Banking', 'Unlinked')] })
    expect(linkedPlatformNames(loaded(session))).toEqual(['Xero', 'Société Générale'])
  })

  it('names only what this visit connected, in the order it came back, when it connected anything', () => {
    const connections = [connection('c1', 'gbol', 'Xero', 'Accounting', 'Linked'), connection('c2', 'sgbk', 'Société Générale', 'Banking', 'Linked'), connection('c3', 'fztf', 'Shopify', 'Commerce', 'Linked')]
    expect(linkedPlatformNames(loaded(sessionWith({ connections, visitConnectionIds: ['c3', 'c2'] })))).toEqual(['Shopify', 'Société Générale'])
    // One the visit linked and then disconnected is not "done"; a visit that linked nothing names every linked one.
    const unlinked = connections.map((candidate) => (candidate.id === 'c3' ? { ...candidate, status: 'Unlinked' as const } : candidate))
    expect(linkedPlatformNames(loaded(sessionWith({ connections: unlinked, visitConnectionIds: ['c3', 'c2'] })))).toEqual(['Société Générale'])
    expect(linkedPlatformNames(loaded(sessionWith({ connections, visitConnectionIds: [] })))).toEqual(['Xero', 'Société Générale', 'Shopify'])
  })
})

describe('outcome_heard (a platform window opened before the host page reloaded)', () => {
  const pending = sessionWith({ connections: [connection('c1', 'mqjo', 'Sandbox accounting', 'Accounting', 'PendingAuth')] })
  const linked = sessionWith({ connections: [connection('c1', 'mqjo', 'Sandbox accounting', 'Accounting', 'Linked')] })
  const heard = { type: 'outcome_heard', session: linked, result: { connectionId: 'c1', statusCode: '200' } } as const

  it('updates what the person sees and keeps them on their step', () => {
    const onCategories = loaded(pending)
    expect(categoryProgress(onCategories, 'accounting')).toMatchObject({ status: 'pending' })
    const updated = run(onCategories, heard)
    expect(updated.screen).toEqual({ name: 'categories' })
    expect(categoryProgress(updated, 'accounting')).toMatchObject({ status: 'connected', platformName: 'Sandbox accounting' })
    const onBanking = run(onCategories, { type: 'category_chosen', category: 'banking' })
    expect(run(onBanking, heard).screen).toEqual(onBanking.screen)
    expect(run(onBanking, heard).session).toBe(linked)
  })

  it('is ignored while loading, and while a wait for a window is the one to answer', () => {
    const loading = initialState()
    expect(run(loading, heard)).toBe(loading)
    const redirecting = run(loaded(pending), { type: 'category_chosen', category: 'accounting' }, { type: 'platform_chosen', platformKey: 'mqjo' }, { type: 'consent_given' })
    expect(redirecting.screen.name).toBe('redirecting')
    expect(run(redirecting, heard)).toBe(redirecting)
  })
})

describe('step_restored (Back, Forward, Reload)', () => {
  it('goes to the step the address names when it can still be shown', () => {
    expect(run(loaded(), { type: 'step_restored', screen: { name: 'consent', category: 'accounting', platformKey: 'gbol' } }).screen).toEqual({ name: 'consent', category: 'accounting', platformKey: 'gbol' })
    expect(run(loaded(), { type: 'step_restored', screen: { name: 'platforms', category: 'banking' } }).screen).toEqual({ name: 'platforms', category: 'banking' })
  })

  it('falls back to the categories for a step that no longer applies', () => {
    const linked = loaded(sessionWith({ connections: [connection('c1', 'gbol', 'Xero', 'Accounting', 'Linked')] }))
    // Accounting was connected meanwhile; commerce is not offered; the platform is unknown; done needs every required category.
    expect(run(linked, { type: 'step_restored', screen: { name: 'platforms', category: 'accounting' } }).screen).toEqual({ name: 'categories' })
    expect(run(loaded(), { type: 'step_restored', screen: { name: 'platforms', category: 'commerce' } }).screen).toEqual({ name: 'categories' })
    expect(run(loaded(), { type: 'step_restored', screen: { name: 'consent', category: 'banking', platformKey: 'zzzz' } }).screen).toEqual({ name: 'categories' })
    expect(run(loaded(), { type: 'step_restored', screen: { name: 'done' } }).screen).toEqual({ name: 'categories' })
    expect(run(linked, { type: 'step_restored', screen: { name: 'done' } }).screen).toEqual({ name: 'done' })
  })
})
