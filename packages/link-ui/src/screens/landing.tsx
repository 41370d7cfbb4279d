/** @module Step 1 (optional): the client's welcome, before the categories. */
import { textOrDefault } from '../interpolate.js'
import type { LinkSettings } from '../types.js'
import { Md, MdInline, ScreenHeading, type Ui } from './common.js'

export function LandingScreen(props: { ui: Ui; settings: LinkSettings; onStart(): void }) {
  const { ui, settings } = props
  return (
    <>
      <ScreenHeading ui={ui}>
        <MdInline ui={ui} source={textOrDefault(settings.landingPage.title, ui.t.landingTitle)} />
      </ScreenHeading>
      <Md ui={ui} source={textOrDefault(settings.landingPage.body, ui.t.landingBody)} />
      <div class="lw-actions">
        <button type="button" class="lw-button" onClick={props.onStart}>
          {ui.t.getStarted}
        </button>
      </div>
    </>
  )
}
