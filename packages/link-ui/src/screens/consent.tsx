/**
 * @module Step 4: what the person shares with whom, before they go to the platform. Every text is
 * the client's when set, else the default in the person's language.
 */
import { consentPlatformName } from '../consent-texts.js'
import { humaniseDataType } from '../data-types.js'
import { textOrDefault } from '../interpolate.js'
import type { LinkCategory, LinkSessionView } from '../types.js'
import { BackButton, deviceNotices, FailureAlert, Md, MdInline, safeImageUrl, ScreenHeading, type Ui } from './common.js'

export interface ConsentScreenProps {
  ui: Ui
  session: LinkSessionView
  category: LinkCategory
  platformKey: string
  /** The last Allow access failed: its status code (0, no answer). */
  failedStatusCode: number | null
  onBack(): void
  onAllow(): void
}

type SectionKey = 'purpose' | 'access' | 'accountInformation' | 'retention'

/**
 * The data list's columns are at least as wide as its longest word (and 9rem, the stylesheet's):
 * a German compound such as "Lieferantengutschriften" is wider than half a phone, and the root's
 * `overflow-wrap:anywhere` would cut it between two letters, which reads worse than one column.
 * Chromium on Linux has no hyphenation dictionary to break it properly. `ch` is the width of a
 * digit, a little more than an average letter; the extra two cover wide letters (m, w).
 */
function dataListColumnWidth(names: readonly string[]): string {
  const longestWord = Math.max(0, ...names.flatMap((name) => name.split(/\s+/).map((word) => word.length)))
  return `max(9rem, ${longestWord + 2}ch)`
}

export function ConsentScreen(props: ConsentScreenProps) {
  const { ui, session, category } = props
  const { t } = ui
  const consent = session.settings.consent
  const integration = session.categories.find((offer) => offer.category === category)?.integrations.find((candidate) => candidate.key === props.platformKey)
  // Reconnecting a platform no longer listed (e.g. switched off since): the connection still names it.
  const connection = session.connections.find((candidate) => candidate.integrationKey === props.platformKey)
  // The same name the consent receipt records (consent-texts.ts).
  const platformName = consentPlatformName(session, category, props.platformKey)
  const logo = safeImageUrl(integration?.logoUrl ?? connection?.logoUrl)
  const notices = integration ? deviceNotices(integration.device, t) : []
  const vars = { ...ui.vars, platformName }
  const dataNames = session.settings.dataTypes[category].map((dataType) => ({ dataType, name: humaniseDataType(dataType, t.dataTypes) }))
  const header = (key: SectionKey | 'platformData') => textOrDefault(consent.headers[key], t.consentHeaders[key])
  // Each section folds away (details/summary: keyboard and screen readers get it for free), so the
  // person can see the whole consent at a glance; the action stays in view (the sticky footer).
  const section = (key: SectionKey) => (
    <details class="lw-section lw-fold" open>
      <summary>
        <h2 id={`lw-consent-${key}`}>{header(key)}</h2>
      </summary>
      <Md ui={ui} vars={vars} source={textOrDefault(consent[key], t.consentTexts[key])} />
    </details>
  )
  return (
    <>
      <BackButton ui={ui} onBack={props.onBack} />
      {logo && <img class="lw-platform-logo" src={logo} alt="" width={40} height={40} />}
      <ScreenHeading ui={ui}>
        <MdInline ui={ui} vars={vars} source={textOrDefault(consent.title, t.consentTitle)} />
      </ScreenHeading>
      <Md ui={ui} vars={vars} source={textOrDefault(consent.subtitle, t.consentSubtitle)} />
      {notices.length > 0 && (
        <ul class="lw-notices lw-section">
          {notices.map((notice) => (
            <li key={notice} class="lw-notice">
              {notice}
            </li>
          ))}
        </ul>
      )}
      {section('purpose')}
      {section('access')}
      {section('accountInformation')}
      <details class="lw-section lw-fold" open>
        <summary>
          <h2 id="lw-consent-platformData">{header('platformData')}</h2>
        </summary>
        {/* Two columns where they fit: a company's syncs may read thirty data types, and the person should still see the rest of the consent. */}
        <ul class="lw-data-list" style={{ columnWidth: dataListColumnWidth(dataNames.map((item) => item.name)) }}>
          {dataNames.map((item) => (
            <li key={item.dataType}>{item.name}</li>
          ))}
        </ul>
      </details>
      {section('retention')}
      <div class="lw-terms">
        <Md ui={ui} vars={vars} source={textOrDefault(consent.termsAndConditions, t.consentTexts.termsAndConditions)} />
      </div>
      {/* Sticky: the primary action is in view on any screen, without scrolling past the texts. */}
      <div class="lw-sticky-actions">
        {props.failedStatusCode !== null ? (
          <FailureAlert ui={ui} statusCode={props.failedStatusCode} onRetry={props.onAllow} />
        ) : (
          <button type="button" class="lw-button lw-button-wide" onClick={props.onAllow}>
            {t.allowAccess}
          </button>
        )}
      </div>
    </>
  )
}
