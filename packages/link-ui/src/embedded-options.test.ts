import { describe, expect, it } from 'vitest'
import type { CodatLinkOptions } from '@codat/sdk-link-types'
import type { LinkSessionView } from '@linkway/contracts'
import { LinkSettings, withConsentDataTypes } from '@linkway/contracts'
import { readEmbeddedOptions } from './embedded-options.js'
import { en } from './i18n/en.js'

const device = { desktopOnly: false, needsInstall: false, notMobileOptimised: false }
const integration = (key: string, name: string, sourceType: 'Accounting' | 'Banking' | 'Commerce') => ({
  key,
  integrationId: '00000000-0000-4000-8000-000000000001',
  sourceId: '00000000-0000-4000-8000-000000000002',
  name,
  sourceType,
  logoUrl: '',
  isSandbox: false,
  device,
})

function session(): LinkSessionView {
  const settings = withConsentDataTypes(LinkSettings.parse({ categories: { accounting: { enabled: true, optional: false, enableFileUpload: true }, banking: { enabled: true, optional: true }, commerce: { enabled: true, optional: true } } }), { accounting: ['chartOfAccounts', 'invoices'], banking: ['banking-transactions'], commerce: ['commerce-orders'] })
  return {
    sessionId: '00000000-0000-4000-8000-000000000003',
    lang: 'en',
    company: { id: '00000000-0000-4000-8000-000000000004', name: 'Bäckerei Müller' },
    client: { name: 'Lender' },
    settings,
    categories: [
      { category: 'accounting', optional: false, integrations: [integration('gbol', 'Xero', 'Accounting'), integration('qhyg', 'QuickBooks', 'Accounting')] },
      { category: 'banking', optional: true, integrations: [integration('bsbx', 'Sandbox bank', 'Banking')] },
      { category: 'commerce', optional: true, integrations: [integration('aiwb', 'Shopify', 'Commerce')] },
    ],
    connections: [],
    shareUrl: 'http://127.0.0.1/link/company/x',
  }
}

describe('Embedded Link options over the Link settings', () => {
  it('changes nothing without options, and keeps the consent receipt', () => {
    const options = readEmbeddedOptions(undefined)
    expect(options.adapt(session())).toEqual(session())
    expect(options).toMatchObject({ problems: [], signsConsent: true, hideBorder: false })
  })

  it('shows only the source types listed, their allowed platforms, and their optional flag', () => {
    const given: CodatLinkOptions = { sourceTypes: { accounting: { optional: true, enableIntegrations: true, allowedIntegrations: ['qhyg'] }, banking: { optional: false, enableIntegrations: true } } }
    const adapted = readEmbeddedOptions(given).adapt(session())
    expect(adapted.categories.map((offer) => [offer.category, offer.optional, offer.integrations.map((platform) => platform.key)])).toEqual([
      ['accounting', true, ['qhyg']],
      ['banking', false, ['bsbx']],
    ])
    expect(adapted.settings.categories.commerce.enabled).toBe(false)
  })

  it('turns file upload off but never on (the server takes files only where the settings allow them)', () => {
    const off = readEmbeddedOptions({ sourceTypes: { accounting: { optional: false, enableIntegrations: true, enableFileUpload: false }, banking: { optional: true, enableIntegrations: true, enableFileUpload: true } } }).adapt(session())
    expect(off.settings.categories.accounting.enableFileUpload).toBe(false)
    expect(off.settings.categories.banking.enableFileUpload).toBe(false)
  })

  it('applies the landing page, the colour and the texts, and stops signing consent the client did not write', () => {
    const options = readEmbeddedOptions({ showLandingPage: true, theme: { colors: { primary: '#0a7d38' } }, text: { 'landing.title': 'Hello', 'accounting.consents.purpose': 'To lend', 'banking.consents.purpose': 'To lend' } })
    const adapted = options.adapt(session())
    expect(adapted.settings.landingPage).toMatchObject({ enabled: true, title: 'Hello' })
    expect(adapted.settings.branding.primaryColor).toBe('#0a7d38')
    expect(adapted.settings.consent.purpose).toBe('To lend')
    expect(options.signsConsent).toBe(false)
    expect(options.problems).toEqual([])
  })

  it('reports options of the wrong type and ignores them, and ignores options it does not know', () => {
    const options = readEmbeddedOptions({ hideBorder: 'yes', theme: { colors: { primary: 'red' } }, sourceTypes: { accounting: { optional: 'no' } }, text: { companyName: 42 }, somethingNew: true })
    expect(options.problems).toEqual([
      'options.hideBorder must be true or false',
      'options.theme.colors.primary must be a colour such as #2748c4',
      'options.sourceTypes.accounting must be an object with optional: true or false',
      'options.text["companyName"] must be a string',
    ])
    expect(options.adapt(session()).settings).toEqual(session().settings)
    expect(readEmbeddedOptions('nope').problems).toEqual(['options must be an object'])
  })

  it('refuses two categories asking for different consent texts (Linkway shows one set)', () => {
    const options = readEmbeddedOptions({ text: { 'accounting.consents.purpose': 'A', 'banking.consents.purpose': 'B' } })
    expect(options.problems).toHaveLength(1)
    expect(options.adapt(session()).settings.consent.purpose).toBe('A')
  })

  it('replaces the component’s own words the text keys name, in any language, and reports a clash', () => {
    const options = readEmbeddedOptions({ text: { 'landing.nextButton': 'Los', 'main.title': 'Verbinden Sie Ihre Buchhaltung', 'accounting.consents.nextButton': 'Weiter', 'banking.fileUpload.subtitle': 'Kontoauszüge als PDF' } })
    const t = options.adaptMessages(en)
    expect([t.getStarted, t.categoriesTitle, t.categoriesIntro, t.allowAccess, t.fileUpload.intro.banking, t.fileUpload.intro.accounting]).toEqual(['Los', 'Verbinden Sie Ihre Buchhaltung', en.categoriesIntro, 'Weiter', 'Kontoauszüge als PDF', en.fileUpload.intro.accounting])
    expect(options.problems).toEqual([])
    expect(readEmbeddedOptions({}).adaptMessages(en)).toBe(en)
    expect(readEmbeddedOptions({ text: { 'accounting.consents.nextButton': 'A', 'banking.consents.nextButton': 'B' } }).problems).toHaveLength(1)
    expect(readEmbeddedOptions({ text: { 'main.title': 7 } }).problems).toEqual(['options.text["main.title"] must be a string'])
  })

  it('reads the deprecated nonModal as hideBorder', () => {
    expect(readEmbeddedOptions({ nonModal: true }).hideBorder).toBe(true)
  })
})
