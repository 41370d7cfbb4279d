/** @module Embedded Link, while the platform's sign-in is open in its own window (platform-window.ts). */
import { interpolate } from '../interpolate.js'
import type { PlatformWait } from '../platform-window.js'
import { ScreenHeading, type Ui } from './common.js'

export function PopupWaitingScreen(props: { ui: Ui; platformName: string; wait: PlatformWait; onCancel(): void }) {
  const { ui, platformName, wait } = props
  const t = ui.t.popup
  const vars = { platformName }
  return (
    <>
      <ScreenHeading ui={ui}>{interpolate(t.title, vars)}</ScreenHeading>
      {wait.hasWindow() ? (
        <>
          <p>{t.body}</p>
          <div class="lw-actions">
            <button type="button" class="lw-button" onClick={() => wait.reopen()}>
              {t.reopen}
            </button>
            <button type="button" class="lw-button lw-button-secondary" onClick={props.onCancel}>
              {t.cancel}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{interpolate(t.blocked, vars)}</p>
          <div class="lw-actions">
            {/* rel=opener: the tab's last page tells this one the outcome (postMessage needs the opener). */}
            <a class="lw-button" href={wait.authorizeUrl} target="_blank" rel="opener">
              {interpolate(t.open, vars)}
            </a>
            <button type="button" class="lw-button lw-button-secondary" onClick={props.onCancel}>
              {t.cancel}
            </button>
          </div>
        </>
      )}
      <div class="lw-busy" aria-hidden="true">
        <span class="lw-spinner" />
      </div>
    </>
  )
}
