import { FILE_TYPES, LinkSettings, withConsentDataTypes } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { canComplete, categoryProgress, initialState, nextState, type JourneyState } from './journey.js'
import { formatSize } from './screens/upload.js'
import type { LinkSessionView } from './types.js'

const limits = { maxBytes: 10 * 1024 * 1024, maxPerCompanyPerDay: 20, types: [...FILE_TYPES] }

function loaded(settings: object): JourneyState {
  const session: LinkSessionView = {
    sessionId: 'session-1',
    lang: 'en',
    company: { id: 'company-1', name: 'Toft stores' },
    client: { name: 'Acme Lending' },
    settings: withConsentDataTypes(LinkSettings.parse(settings), { accounting: ['chartOfAccounts', 'invoices'], banking: ['banking-transactions'], commerce: ['commerce-orders'] }),
    categories: [
      { category: 'accounting', optional: false, integrations: [] },
      { category: 'banking', optional: true, integrations: [] },
    ],
    connections: [],
    shareUrl: 'http://linkway.test/link/company/company-1',
    fileUpload: { ...limits, filesSentFor: [] },
  }
  return nextState(initialState(), { type: 'session_loaded', session })
}

describe('files sent instead of a connection', () => {
  it('count as done for their category, so a required one no longer blocks Complete', () => {
    const state = loaded({ categories: { accounting: { enabled: true, optional: false, enableFileUpload: true } } })
    expect(canComplete(state)).toBe(false)
    const sent = nextState(state, { type: 'files_uploaded', category: 'accounting' })
    expect(categoryProgress(sent, 'accounting')).toEqual({ status: 'uploaded' })
    expect(canComplete(sent)).toBe(true)
    expect(nextState(sent, { type: 'files_uploaded', category: 'accounting' })).toBe(sent)
  })

  it('are needed for business documents the client marks required', () => {
    const state = nextState(loaded({ categories: { businessDocuments: { enabled: true, optional: false } } }), { type: 'files_uploaded', category: 'accounting' })
    expect(canComplete(state)).toBe(false)
    expect(canComplete(nextState(state, { type: 'files_uploaded', category: 'businessDocuments' }))).toBe(true)
  })
})

describe('files sent on an earlier visit', () => {
  it('still count as done after a reload', () => {
    const state = loaded({ categories: { accounting: { enabled: true, optional: false, enableFileUpload: true } } })
    const reloaded = { ...state, session: { ...state.session!, fileUpload: { ...limits, filesSentFor: ['accounting' as const] } } }
    expect(categoryProgress(reloaded, 'accounting')).toEqual({ status: 'uploaded' })
    expect(canComplete(reloaded)).toBe(true)
  })
})

describe('formatSize', () => {
  it('says sizes in the person’s number format', () => {
    expect(formatSize(10 * 1024 * 1024, 'en')).toBe('10 MB')
    expect(formatSize(1.5 * 1024 * 1024, 'de')).toBe('1,5 MB')
    expect(formatSize(786_446, 'fr')).toBe('768 KB')
    expect(formatSize(15, 'en')).toBe('1 KB')
  })
})
