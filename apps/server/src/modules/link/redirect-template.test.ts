import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resolveRedirect } from './redirect-template.js'

const reserved = {
  clientId: 'c1',
  companyId: '1126743b-113d-4d72-b14f-36d6742df487',
  connectionId: 'cn1',
  integrationId: 'i1',
  sourceId: 's1',
  platform: 'mqjo',
  platformName: 'Sandbox accounting',
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

  // Each spelling puts {env} in the host as a browser parses it, with no `://` before it.
  it.each([
    ['https:{env}/x', 'https://uat.mybank.io/x'],
    ['https:/{env}', 'https://uat.mybank.io/'],
    ['https:///{env}', 'https://uat.mybank.io/'],
    ['https:\\\\{env}', 'https://uat.mybank.io/'],
    ['HTTPS:{env}', 'https://uat.mybank.io/'],
    [' https://{env}/x', 'https://uat.mybank.io/x'],
  ])('finds the placeholder in the host of %j, and lets only the allow-list decide', (template, allowed) => {
    expect(resolveRedirect(template, [], reserved, { env: 'evil.example' })).toEqual({
      kind: 'refused',
      reason: 'The resolved redirect https://evil.example is not in the allowed redirect URLs.',
    })
    expect(resolveRedirect(template, ['https://uat.mybank.io'], reserved, { env: 'evil.example' }).kind).toBe('refused')
    expect(resolveRedirect(template, ['https://uat.mybank.io'], reserved, { env: 'uat.mybank.io' })).toEqual({ kind: 'redirect', url: allowed })
  })

  it('counts a placeholder in the user or password as one in the host, and refuses one in the port', () => {
    expect(resolveRedirect('https://{user}@app.example.com/x', [], reserved, { user: 'evil.example' }).kind).toBe('refused')
    expect(resolveRedirect('https://{user}@app.example.com/x', ['https://app.example.com'], reserved, { user: 'me' })).toEqual({ kind: 'redirect', url: 'https://me@app.example.com/x' })
    expect(resolveRedirect('https://app.example.com:{port}/x', ['https://app.example.com:8443'], reserved, { port: '8443' })).toEqual({ kind: 'refused', reason: 'The redirect template is not an http(s) URL.' })
    expect(resolveRedirect('https:{companyId}/x', ['https://x.example.com'], reserved, {})).toEqual({ kind: 'refused', reason: 'The redirect template uses a reserved placeholder in its host.' })
  })

  it('encodes a lone surrogate as U+FFFD instead of failing', () => {
    expect(resolveRedirect('https://app.example.com/?m={statusText}', [], { ...reserved, statusText: 'bad \ud800' }, {})).toEqual({ kind: 'redirect', url: 'https://app.example.com/?m=bad%20%EF%BF%BD' })
  })
})

describe('resolveRedirect, for any template and values', () => {
  const beforePath = (url: URL) => `${url.protocol}//${url.username}:${url.password}@${url.host}`
  /** What a browser reads before the path once `value` fills every placeholder; undefined when no URL. */
  function beforePathWith(template: string, value: string): string | undefined {
    try {
      return beforePath(new URL(template.replace(/\{[^{}]*\}/g, encodeURIComponent(value))))
    } catch {
      return undefined
    }
  }
  const isAllowed = (url: URL, list: readonly string[]) =>
    list.some((entry) => {
      const allowed = new URL(entry)
      return allowed.origin === url.origin && (url.pathname === allowed.pathname || url.pathname.startsWith(allowed.pathname.replace(/\/?$/, '/')))
    })

  const httpSchemes = ['https:', 'http:', 'HTTPS:', ' https:', 'hTTp:', '\thttps:']
  const schemes = [...httpSchemes, 'ftp:', 'javascript:', '{scheme}:', 'http{s}:', '']
  const pieces = [
    '//', '/', '///', '\\', '\\\\', '/\\', ' ', '\t', '\n', '@', ':', ':8443', '.', '?', '#', '%2F', '%40', '[', ']',
    'app.example.com', 'uat.mybank.io', 'evil.example', 'x', '{env}', '{path}', '{user}', '{companyId}', '{statusText}', '{}',
  ]
  const templates = fc.oneof(
    // Anything made of the pieces, in any order...
    fc.tuple(fc.constantFrom(...schemes), fc.array(fc.constantFrom(...pieces), { maxLength: 8 })).map(([scheme, rest]) => scheme + rest.join('')),
    // ...and templates shaped like URLs, so that many resolve.
    fc
      .tuple(
        fc.constantFrom(...httpSchemes),
        fc.constantFrom('//', '/', '///', '\\\\', '', ' //'),
        fc.constantFrom('', '', '{user}@', 'me@'),
        fc.constantFrom('app.example.com', 'uat.mybank.io', 'x', '{env}', '{env}.mybank.io', 'app.example.com{path}', '{env}{path}', '{companyId}.x'),
        fc.constantFrom('', '', ':8443', ':{env}'),
        fc.array(fc.constantFrom('/', '/x', '/{path}', '?q={path}', '#{env}', '{path}', '/..', '\\{path}', '%2F{path}'), { maxLength: 4 }),
      )
      .map((parts) => parts.flat().join('')),
  )
  const value = fc.oneof(
    { arbitrary: fc.constantFrom('evil.example', '@evil.example', '//evil', '%2F', '.evil.example', 'evil.example:8443', '\\evil', 'https://evil.example', 'uat.mybank.io', 'app.example.com', 'x', '..', '', 'évil.example', '例え.テスト', '\ud800'), weight: 4 },
    { arbitrary: fc.string(), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary' }), weight: 1 },
  )
  const customValues = fc.dictionary(fc.constantFrom('env', 'path', 'user', 'scheme', 's', ''), value)
  const reservedValues = fc.record(Object.fromEntries(Object.keys(reserved).map((name) => [name, value])) as Record<keyof typeof reserved, fc.Arbitrary<string>>)
  const allowLists = fc.subarray(['https://uat.mybank.io', 'https://app.example.com/x', 'http://app.example.com:8443', 'https://x'])

  it('redirects only within the allow-list, or to a host no placeholder can touch', () => {
    const seen = { fixed: 0, allowed: 0, refused: 0 }
    fc.assert(
      fc.property(templates, customValues, reservedValues, allowLists, (template, custom, values, list) => {
        const resolution = resolveRedirect(template, list, values, custom)
        if (resolution.kind !== 'redirect') {
          if (resolution.kind === 'refused') seen.refused++
          return
        }
        const url = new URL(resolution.url)
        expect(['https:', 'http:']).toContain(url.protocol)
        if (isAllowed(url, list)) {
          seen.allowed++
          return
        }
        // Not allowed: then no placeholder may reach what comes before the path. Two different
        // values in every placeholder must leave it the same, and the values given must too.
        const fixed = beforePathWith(template, 'probe-a.example')
        expect(fixed).toBeDefined()
        expect(beforePathWith(template, 'probe-b.example')).toBe(fixed)
        expect(beforePath(url)).toBe(fixed)
        seen.fixed++
      }),
      { numRuns: 5000 },
    )
    // The property held over redirects of both kinds, and refusals.
    expect(seen.fixed).toBeGreaterThan(0)
    expect(seen.allowed).toBeGreaterThan(0)
    expect(seen.refused).toBeGreaterThan(0)
  })
})
