import { describe, expect, it } from 'vitest'
import { platformUrl } from './platform-http.js'

describe('platformUrl', () => {
  it('takes https from any host, with or without the opt-in', () => {
    expect(platformUrl('https://identity.xero.com/connect/token').href).toBe('https://identity.xero.com/connect/token')
    expect(platformUrl('https://127.0.0.1:8443/token', { allowPlainHttp: true }).href).toBe('https://127.0.0.1:8443/token')
  })

  it('refuses plain http, loopback included, unless the caller opts in', () => {
    for (const url of ['http://127.0.0.1:8081/accounting/oauth/token', 'http://localhost:8081/x', 'http://[::1]:8081/x']) {
      const origin = new URL(url).origin
      expect(() => platformUrl(url), url).toThrow(new TypeError(`Platform URLs must use https: ${origin}`))
      expect(() => platformUrl(url, { allowPlainHttp: false }), url).toThrow(new TypeError(`Platform URLs must use https: ${origin}`))
      expect(platformUrl(url, { allowPlainHttp: true }).href, url).toBe(url)
    }
  })

  it('keeps the opt-in to loopback, and to http', () => {
    expect(() => platformUrl('http://sandbox.internal:8081/x', { allowPlainHttp: true })).toThrow(new TypeError('Platform URLs must use https (plain http is allowed to loopback only): http://sandbox.internal:8081'))
    expect(() => platformUrl('http://10.0.0.5/x', { allowPlainHttp: true })).toThrow(new TypeError('Platform URLs must use https (plain http is allowed to loopback only): http://10.0.0.5'))
    expect(() => platformUrl('ws://127.0.0.1:8081/x', { allowPlainHttp: true })).toThrow(new TypeError('Platform URLs must use https (plain http is allowed to loopback only): ws://127.0.0.1:8081'))
  })
})
