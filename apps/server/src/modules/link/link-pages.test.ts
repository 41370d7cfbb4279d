import { describe, expect, it } from 'vitest'
import { renderLinkPage } from './link-pages.js'

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
