import { describe, expect, it } from 'vitest'
import { canDisconnect, canReconnect, connectionDetails, formatInstant, reconnectOutcome, statusTone } from './connection-list.js'
import type { LinkConnection } from './types.js'

const connection = (status: LinkConnection['status'], overrides: Partial<LinkConnection> = {}): LinkConnection => ({
  id: '11111111-1111-4111-8111-111111111111',
  integrationKey: 'bsbx',
  integrationId: '22222222-2222-4222-8222-222222222222',
  sourceId: '33333333-3333-4333-8333-333333333333',
  platformName: 'Sandbox bank',
  sourceType: 'Banking',
  status,
  logoUrl: 'https://linkway.example/assets/integrations/bsbx/square.svg',
  created: '2026-01-05T09:00:00.000Z',
  ...overrides,
})

describe('what a person may do with a connection', () => {
  it('disconnects only a Linked one, and reconnects every other', () => {
    expect((['Linked', 'Unlinked', 'Deauthorized', 'PendingAuth'] as const).map((status) => [status, canDisconnect(status), canReconnect(status)])).toEqual([
      ['Linked', true, false],
      ['Unlinked', false, true],
      ['Deauthorized', false, true],
      ['PendingAuth', false, true],
    ])
  })

  it('draws each status in its tone (its words are always shown too)', () => {
    expect((['Linked', 'Unlinked', 'Deauthorized', 'PendingAuth'] as const).map(statusTone)).toEqual(['connected', 'muted', 'failed', 'pending'])
  })
})

describe('connectionDetails', () => {
  it('is the reference’s ConnectionCallbackArgs, nothing more', () => {
    expect(connectionDetails(connection('Linked', { lastSync: '2026-01-06T00:00:00.000Z' }))).toEqual({
      connectionId: '11111111-1111-4111-8111-111111111111',
      integrationId: '22222222-2222-4222-8222-222222222222',
      integrationKey: 'bsbx',
      platformName: 'Sandbox bank',
      sourceId: '33333333-3333-4333-8333-333333333333',
      sourceType: 'Banking',
    })
  })
})

describe('formatInstant', () => {
  it('writes a date and time the way each language does', () => {
    expect(formatInstant('2026-03-04T05:06:07Z', 'en', 'UTC')).toBe('4 Mar 2026, 05:06')
    expect(formatInstant('2026-03-04T05:06:07Z', 'de', 'UTC')).toBe('04.03.2026, 05:06')
    expect(formatInstant('2026-03-04T05:06:07Z', 'fr', 'UTC')).toMatch(/^4 mars 2026(,| à) 05:06$/)
  })

  it('is null for no instant or one that does not parse', () => {
    expect(formatInstant(undefined, 'en')).toBeNull()
    expect(formatInstant('', 'en')).toBeNull()
    expect(formatInstant('yesterday', 'en')).toBeNull()
  })
})

describe('reconnectOutcome', () => {
  const id = '11111111-1111-4111-8111-111111111111'
  const after = (status: LinkConnection['status']) => ({ connections: [connection(status)] })

  it('is linked when the server shows it Linked, with or without word from the popup', () => {
    expect(reconnectOutcome({ session: after('Linked'), connectionId: id, platformName: 'Sandbox bank', statusCode: '200', isWindowGone: false })).toEqual({ kind: 'linked', connection: connection('Linked') })
    expect(reconnectOutcome({ session: after('Linked'), connectionId: id, platformName: 'Sandbox bank', statusCode: null, isWindowGone: true })).toEqual({ kind: 'linked', connection: connection('Linked') })
  })

  it('tells the platform’s refusal or failure as such', () => {
    expect(reconnectOutcome({ session: after('Unlinked'), connectionId: id, platformName: 'Sandbox bank', statusCode: '403', isWindowGone: false })).toEqual({ kind: 'failed', statusCode: '403', platformName: 'Sandbox bank' })
    expect(reconnectOutcome({ session: after('Unlinked'), connectionId: id, platformName: 'Sandbox bank', statusCode: '501', isWindowGone: true })).toEqual({ kind: 'failed', statusCode: '501', platformName: 'Sandbox bank' })
  })

  it('never says connected when the server does not show it Linked', () => {
    expect(reconnectOutcome({ session: after('Unlinked'), connectionId: id, platformName: 'Sandbox bank', statusCode: '200', isWindowGone: false })).toEqual({ kind: 'failed', statusCode: '500', platformName: 'Sandbox bank' })
    expect(reconnectOutcome({ session: { connections: [] }, connectionId: id, platformName: 'Sandbox bank', statusCode: '201', isWindowGone: false })).toEqual({ kind: 'failed', statusCode: '500', platformName: 'Sandbox bank' })
  })

  it('without word: closed when the window is gone, else still waiting', () => {
    expect(reconnectOutcome({ session: after('Deauthorized'), connectionId: id, platformName: 'Sandbox bank', statusCode: null, isWindowGone: true })).toEqual({ kind: 'closed' })
    expect(reconnectOutcome({ session: after('Deauthorized'), connectionId: id, platformName: 'Sandbox bank', statusCode: null, isWindowGone: false })).toEqual({ kind: 'waiting' })
  })
})
