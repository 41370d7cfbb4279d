import { describe, expect, it } from 'vitest'
import { companySearchQuery } from './companies.js'

describe("the companies page's search box", () => {
  it('searches a plain name as "contains", quoted so any character is literal', () => {
    expect(companySearchQuery('  Müller  ')).toBe('name~"Müller"')
    expect(companySearchQuery('say "hi" \\ bye')).toBe('name~"say \\"hi\\" \\\\ bye"')
    expect(companySearchQuery('株式会社 🚀')).toBe('name~"株式会社 🚀"')
  })

  it('sends an expression of the query language as written', () => {
    expect(companySearchQuery('lastSync<2026-11-01')).toBe('lastSync<2026-11-01')
    expect(companySearchQuery('name=Acme && tags.region=uk')).toBe('name=Acme && tags.region=uk')
  })

  it('sends nothing for an empty box', () => {
    expect(companySearchQuery('   ')).toBeUndefined()
  })
})
