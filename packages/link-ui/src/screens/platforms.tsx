/** @module Step 3: the platforms of one category, a search box when the list is long, and what each asks of the device. */
import { useEffect, useId, useState } from 'preact/hooks'
import { interpolate } from '../interpolate.js'
import { existingAccountingConnection, platformsFor, searchPlatforms } from '../journey.js'
import type { LinkCategory, LinkIntegration, LinkSessionView } from '../types.js'
import { BackButton, deviceNotices, ScreenHeading, type Ui } from './common.js'
import { PlatformMark } from './platform-mark.js'
import { needsSandboxBadge } from '../sandbox-badge.js'

/** More platforms than this and the list gets a search box: up to here, scanning is quicker than typing. */
export const SEARCH_THRESHOLD = 8

export interface PlatformsScreenProps {
  ui: Ui
  session: LinkSessionView
  category: LinkCategory
  announce(message: string): void
  onBack(): void
  onChoose(platformKey: string): void
  onShare(category: LinkCategory): void
}

export function PlatformsScreen(props: PlatformsScreenProps) {
  const { ui, session, category } = props
  const { t } = ui
  const searchId = useId()
  const [query, setQuery] = useState('')
  const integrations = platformsFor(session, category)
  const shown = searchPlatforms(integrations, query)
  const existing = category === 'accounting' ? existingAccountingConnection(session) : undefined

  useEffect(() => {
    if (query === '') return
    // Wait for a pause in typing: one announcement per search, not one per key.
    const timer = setTimeout(() => props.announce(shown.length === 0 ? t.noPlatforms : interpolate(t.platformsFound, { count: String(shown.length) })), 500)
    return () => clearTimeout(timer)
  }, [query])

  return (
    <>
      <BackButton ui={ui} onBack={props.onBack} />
      <ScreenHeading ui={ui}>{t.categories[category].choosePlatform}</ScreenHeading>
      {existing && <p class="lw-notice-box">{interpolate(t.existingAccounting, { ...ui.vars, platformName: existing.platformName })}</p>}
      {integrations.length > SEARCH_THRESHOLD && (
        <div class="lw-field">
          <label for={searchId}>{t.searchLabel}</label>
          <input id={searchId} class="lw-input" type="search" autocomplete="off" spellcheck={false} value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
        </div>
      )}
      {shown.length === 0 ? (
        <p class="lw-muted">{t.noPlatforms}</p>
      ) : (
        <ul class="lw-stack">
          {shown.map((integration) => (
            <PlatformOption key={integration.key} ui={ui} integration={integration} onChoose={props.onChoose} />
          ))}
        </ul>
      )}
      {session.settings.invitePage.enabled && (
        <p>
          <button type="button" class="lw-link-button" onClick={() => props.onShare(category)}>
            {t.categories[category].cantSignIn}
          </button>
        </p>
      )}
    </>
  )
}

/** The device notices sit beside the button and describe it: heard and seen before the person commits. */
function PlatformOption(props: { ui: Ui; integration: LinkIntegration; onChoose(platformKey: string): void }) {
  const { ui, integration } = props
  const noticesId = useId()
  const notices = deviceNotices(integration.device, ui.t)
  return (
    <li class="lw-platform">
      <button type="button" class="lw-platform-button" aria-describedby={notices.length > 0 ? noticesId : undefined} onClick={() => props.onChoose(integration.key)}>
        <PlatformMark name={integration.name} logoUrl={integration.logoUrl} />
        <span class="lw-platform-name">{integration.name}</span>
        {needsSandboxBadge(integration, ui.t.sandbox) && <span class="lw-badge">{ui.t.sandbox}</span>}
      </button>
      {notices.length > 0 && (
        <ul id={noticesId} class="lw-notices">
          {notices.map((notice) => (
            <li key={notice} class="lw-notice">
              {notice}
            </li>
          ))}
        </ul>
      )}
    </li>
  )
}
