import { describe, expect, it } from 'vitest'
import { interpolate, textOrDefault } from './interpolate.js'

describe('interpolate', () => {
  it('replaces known placeholders, every time they occur', () => {
    expect(interpolate('{companyName} connects {platformName}; {companyName} again', { companyName: 'Toft', platformName: 'Xero' })).toBe('Toft connects Xero; Toft again')
  })

  it('leaves unknown placeholders and other braces as written', () => {
    expect(interpolate('{companyNme} {} {platform Name} {toString}', { companyName: 'Toft' })).toBe('{companyNme} {} {platform Name} {toString}')
  })

  it('inserts values literally: $& and similar replacement patterns are not expanded', () => {
    expect(interpolate('Hi {companyName}', { companyName: '$& $1 {platformName}' })).toBe('Hi $& $1 {platformName}')
  })
})

describe('textOrDefault', () => {
  it('uses the default for an empty or blank setting', () => {
    expect(textOrDefault('', 'Default')).toBe('Default')
    expect(textOrDefault('  \n', 'Default')).toBe('Default')
    expect(textOrDefault('Custom', 'Default')).toBe('Custom')
  })
})
