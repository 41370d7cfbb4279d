import { describe, expect, it } from 'vitest'
import { safeReturnPath } from './return-path.js'

describe('where sign-in sends a person back to', () => {
  it.each(['/portal/companies', '/portal/companies/abc?page=2', '/portal', '/portal?x=1', '/portal/webhooks?status=Failed'])('keeps the Portal page %s', (next) => {
    expect(safeReturnPath(next)).toBe(next)
  })

  it.each([
    undefined,
    '',
    'https://evil.example/portal',
    '//evil.example/portal',
    '/portal//evil.example',
    '/\\evil.example',
    '/portal\\..\\x',
    '/portalevil',
    '/portal/login?next=/portal/x',
    '/portal/setup#token=x',
    '/portal/ companies',
    '/portal/\u0000',
    'javascript:alert(1)',
    '/api/companies',
  ])('refuses %s for the companies list', (next) => {
    expect(safeReturnPath(next)).toBe('/portal/companies')
  })
})
