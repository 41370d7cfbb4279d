import { describe, expect, it } from 'vitest'
import { resolveRedirect } from './redirect-template.js'

const reserved = {
  clientId: 'c1',
  companyId: '1126743b-113d-4d72-b14f-36d6742df487',
  connectionId: 'cn1',
  integrationId: 'i1',
  sourceId: 's1',
  platform: 'mqjo',
  platformName: 'Sandbox',
  sourceType: 'Accounting',
  statusCode: '403',
  errorMessage: 'User cancelled',
  statusText: 'Not available',
}

describe('resolveRedirect', () => {
  it('fills reserved placeholders anywhere, encoded (the reference example)', () => {
    expect(resolveRedirect('https://redirect.site/{sourceType}/?flow=Codat&statuscode={statusCode}&errormessage={errorMessage}', [], reserved, {})).toEqual({
      kind: 'redirect',
      url: 'https://redirect.site/Accounting/?flow=Codat&statuscode=403&errormessage=User%20cancelled',
    })
  })

  it('fills custom placeholders from the Link URL query, an absent one as empty', () => {
    expect(resolveRedirect('https://www.mybank.io/{companyId}/success?ClientType={ClientType}&ref={customParam}', [], reserved, { customParam: '123 456' })).toEqual({
      kind: 'redirect',
      url: 'https://www.mybank.io/1126743b-113d-4d72-b14f-36d6742df487/success?ClientType=&ref=123%20456',
    })
  })

  it('cannot be steered to another host by a value', () => {
    // After the host, a value is one encoded component.
    expect(resolveRedirect('https://app.example.com/{path}', [], reserved, { path: '@evil.example/x?y' })).toEqual({ kind: 'redirect', url: 'https://app.example.com/%40evil.example%2Fx%3Fy' })
    // Touching the host (no slash between), it counts as a host placeholder: the allow-list decides.
    expect(resolveRedirect('https://app.example.com{path}', [], reserved, { path: '.evil.example' })).toEqual({
      kind: 'refused',
      reason: 'The resolved redirect https://app.example.com.evil.example is not in the allowed redirect URLs.',
    })
  })

  it('lets a dynamic host through only when the resolved URL is allow-listed', () => {
    const template = 'https://{environment}.mybank.io/success?c={companyId}'
    expect(resolveRedirect(template, ['https://uat.mybank.io'], reserved, { environment: 'uat' })).toEqual({ kind: 'redirect', url: `https://uat.mybank.io/success?c=${reserved.companyId}` })
    expect(resolveRedirect(template, ['https://uat.mybank.io'], reserved, { environment: 'attacker' })).toEqual({
      kind: 'refused',
      reason: 'The resolved redirect https://attacker.mybank.io is not in the allowed redirect URLs.',
    })
    // A path prefix in the allow-list must match whole segments.
    expect(resolveRedirect('https://{env}.mybank.io/successful', ['https://uat.mybank.io/success'], reserved, { env: 'uat' }).kind).toBe('refused')
    expect(resolveRedirect('https://{env}.mybank.io/success/done', ['https://uat.mybank.io/success'], reserved, { env: 'uat' }).kind).toBe('redirect')
  })

  it('refuses reserved placeholders in the host, non-http schemes, and says none when no template is set', () => {
    expect(resolveRedirect('https://{companyId}.example.com/', ['https://x.example.com'], reserved, {})).toEqual({ kind: 'refused', reason: 'The redirect template uses a reserved placeholder in its host.' })
    expect(resolveRedirect('javascript:alert({companyId})', [], reserved, {}).kind).toBe('refused')
    expect(resolveRedirect('  ', [], reserved, {})).toEqual({ kind: 'none' })
  })
})
