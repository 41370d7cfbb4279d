import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { LINK_PAGE_HEADERS, linkPageHeaders, renderLinkPage } from './link-pages.js'

describe('the done page', () => {
  const done = { kind: 'done' as const, title: 'All done: Xero, Monzo', body: 'Thank you.', actionLabel: 'See your connections', actionUrl: '/link/company/c' }

  it('offers one receipt as one link, and several as one link per platform, in the page’s language', () => {
    const one = renderLinkPage({ ...done, receipts: [{ platformName: 'Xero', url: '/r/1' }] })
    expect(one).toContain('<a href="/r/1" download>Download your consent receipt</a>')
    const several = renderLinkPage({ ...done, receipts: [{ platformName: 'Xero', url: '/r/1' }, { platformName: 'Monzo <Bank>', url: '/r/2' }] }, { lang: 'fr' })
    expect(several).toContain('<ul><li><a href="/r/1" download>Télécharger le reçu pour Xero</a></li><li><a href="/r/2" download>Télécharger le reçu pour Monzo &lt;Bank&gt;</a></li></ul>')
    expect(renderLinkPage(done)).not.toContain('download>')
  })
})

describe('the popup’s end (Embedded Link)', () => {
  const message = { type: 'linkway:link-result' as const, companyId: '8a0f4c1e-2b7d-4e52-9d0a-6f3b1c2d4e5f', connectionId: '3c6f2a10-5d4b-4f8e-9b21-7a0c9e8d1f42', statusCode: '200' as const }
  const page = { kind: 'popup-result' as const, isSuccess: true, platformName: 'Xero', message: 'Your Xero account is connected.', clientName: 'Acme </script> Lending' }

  /** Runs the page's script as a browser would, against a window with (or without) an opener. */
  function runScript(html: string, opener: { postMessage: (data: unknown, targetOrigin: string) => void } | null) {
    const data = /<script type="application\/json" id="linkway-link-result">(.*?)<\/script>/s.exec(html)![1]!
    const script = /<script>(.*?)<\/script>/s.exec(html)![1]!
    let isClosed = false
    const window = { opener, close: () => (isClosed = true) }
    const document = { getElementById: (id: string) => (id === 'linkway-link-result' ? { textContent: data } : null) }
    runInNewContext(script, { window, document, JSON })
    return { isClosed }
  }

  it('posts the outcome to the exact embedding origin, then closes; with no opener it stays', () => {
    const html = renderLinkPage({ ...page, post: { targetOrigin: 'https://app.acme.example', message } })
    const posted: Array<[unknown, string]> = []
    expect(runScript(html, { postMessage: (data, targetOrigin) => posted.push([data, targetOrigin]) })).toEqual({ isClosed: true })
    expect(posted).toEqual([[message, 'https://app.acme.example']])
    expect(runScript(html, null)).toEqual({ isClosed: false })
  })

  it('escapes the client’s name, names it in the way back, and has no script without a message to post', () => {
    const html = renderLinkPage({ ...page, post: { targetOrigin: 'https://app.acme.example', message } })
    expect(html).toContain('You can close this window and return to Acme &lt;/script&gt; Lending’s page.')
    expect(linkPageHeaders({ ...page, post: { targetOrigin: 'https://app.acme.example', message } })['content-security-policy']).toMatch(/; script-src 'sha256-[A-Za-z0-9+/]{43}='$/)
    const quiet = renderLinkPage(page, { lang: 'de' })
    expect(quiet).not.toContain('<script')
    expect(linkPageHeaders(page)).toBe(LINK_PAGE_HEADERS)
    expect(renderLinkPage({ ...page, clientName: '' })).toContain('You can close this window and return to the page you came from.')
  })
})
