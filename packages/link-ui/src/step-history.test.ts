import { describe, expect, it } from 'vitest'
import type { Screen } from './journey.js'
import { browserStepHistory, screenOf, stepOf, uploadStepCategory } from './step-history.js'

describe('steps in the address', () => {
  it('names every place a person can return to, and reads it back', () => {
    const screens: Screen[] = [
      { name: 'landing' },
      { name: 'categories' },
      { name: 'platforms', category: 'banking' },
      { name: 'consent', category: 'accounting', platformKey: 'mqjo' },
      { name: 'share', category: 'commerce', returnTo: 'platforms' },
      { name: 'done' },
    ]
    for (const screen of screens) expect(screenOf(stepOf(screen))).toEqual(screen)
    expect(stepOf({ name: 'consent', category: 'accounting', platformKey: 'mqjo' })).toBe('consent.accounting.mqjo')
  })

  it('gives moments no entry: loading, a failed load, on the way to the platform', () => {
    expect(stepOf({ name: 'loading' })).toBeNull()
    expect(stepOf({ name: 'load_failed' })).toBeNull()
    expect(stepOf({ name: 'redirecting', category: 'accounting', platformKey: 'mqjo' })).toBeNull()
  })

  it('ignores an address it did not write', () => {
    for (const step of [null, '', 'redirecting.accounting.mqjo', 'platforms.payroll', 'consent.accounting.MQJO', 'consent.accounting', 'categories.extra', 'share.banking.done', 'done.x.y.z']) {
      expect(screenOf(step), String(step)).toBeNull()
    }
  })

  it('names the upload screen as an entry over the categories, and nothing else as one', () => {
    expect(uploadStepCategory('upload.accounting')).toBe('accounting')
    expect(uploadStepCategory('upload.businessDocuments')).toBe('businessDocuments')
    for (const step of [null, 'upload.', 'upload.payroll', 'upload.accounting.x', 'categories']) expect(uploadStepCategory(step), String(step)).toBeNull()
  })

  it('reads a hand-edited address that is not percent-encoded UTF-8 as no step, rather than throwing', () => {
    const fakeWindow = { location: { href: 'https://linkway.example/link/company/x#lw=%E0', hash: '#lw=%E0' }, history: { state: null } } as unknown as Window
    expect(browserStepHistory(fakeWindow).current()).toBeNull()
  })
})
