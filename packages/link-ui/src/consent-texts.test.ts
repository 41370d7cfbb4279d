import { LinkSettings, withConsentDataTypes } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { blockText, inlineText, renderConsentTexts } from './consent-texts-all.js'
import type { LinkSessionView } from './types.js'

/** What the company's syncs read, as the server resolves it when the client has not worded the list. */
const READ = { accounting: ['chartOfAccounts', 'invoices', 'billCreditNotes'], banking: ['banking-transactions'], commerce: ['commerce-orders'] }

const session = (settings: LinkSettings, connections: LinkSessionView['connections'] = []) => ({
  settings: withConsentDataTypes(settings, READ),
  company: { id: '11111111-1111-4111-8111-111111111111', name: 'Toft stores' },
  client: { name: 'Acme Lending' },
  categories: [{ category: 'accounting' as const, optional: false, integrations: [{ key: 'gbol', integrationId: 'fe79913b-c98a-8223-899c-8770c8b7356e', sourceId: '712d9d83-766a-89a9-aaa2-03ddac5f1c83', name: 'Xero', sourceType: 'Accounting' as const, logoUrl: '', isSandbox: false, device: { desktopOnly: false, needsInstall: false, notMobileOptimised: false } }] }],
  connections,
})

describe('the consent texts as the person reads them', () => {
  it('reduces Markdown to its words: paragraphs, list items, emphasis, links with their target', () => {
    expect(blockText('We read **invoices** and *bills*.\n\n- cash\n- [terms](https://example.com/t)', {})).toBe('We read invoices and bills.\n\n- cash\n- terms <https://example.com/t>')
    // A refused link keeps its words and loses its target, as on screen.
    expect(blockText('[click](javascript:alert(1)) here', {})).toBe('click here')
    expect(inlineText('Connect **{platformName}**', { platformName: 'Xero' })).toBe('Connect Xero')
  })

  it("fills a company's name as text, never as Markdown", () => {
    expect(blockText('For {companyName}', { companyName: '**[x](https://evil.example)**' })).toBe('For **[x](https://evil.example)**')
  })

  it("renders the defaults in the person's language, and a client's text as written", () => {
    const defaults = LinkSettings.parse({})
    const fr = renderConsentTexts({ session: session(defaults), lang: 'fr', category: 'accounting', platformKey: 'gbol' })
    const de = renderConsentTexts({ session: session(defaults), lang: 'de', category: 'accounting', platformKey: 'gbol' })
    expect(fr.title).toContain('Xero')
    expect(fr.title).not.toBe(de.title)
    expect(fr.platformData.items).toEqual(['Plan comptable', 'Factures', 'Avoirs fournisseurs'])
    // A list the client wrote replaces what the syncs read, in its category only.
    const worded = LinkSettings.parse({ dataTypes: { accounting: ['invoices'] } })
    expect(renderConsentTexts({ session: session(worded), lang: 'fr', category: 'accounting', platformKey: 'gbol' }).platformData.items).toEqual(['Factures'])
    const custom = LinkSettings.parse({ consent: { retention: 'Kept **90 days** by {clientName}.' } })
    expect(renderConsentTexts({ session: session(custom), lang: 'de', category: 'accounting', platformKey: 'gbol' }).retention.text).toBe('Kept 90 days by Acme Lending.')
  })

  it("names a platform no longer offered by its connection's name", () => {
    const connection = { id: '22222222-2222-4222-8222-222222222222', integrationKey: 'qbol', integrationId: '33333333-3333-4333-8333-333333333333', sourceId: '44444444-4444-4444-8444-444444444444', platformName: 'QuickBooks Online', sourceType: 'Accounting' as const, status: 'Deauthorized' as const, logoUrl: '', created: '2026-01-05T09:00:00.000Z' }
    expect(renderConsentTexts({ session: session(LinkSettings.parse({}), [connection]), lang: 'en', category: 'accounting', platformKey: 'qbol' }).title).toBe('Connect QuickBooks Online')
  })
})
