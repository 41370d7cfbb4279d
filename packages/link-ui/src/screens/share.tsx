/** @module "Can't sign in?": this company's Link URL to copy, or to e-mail to a colleague who can. */
import { useId, useRef, useState } from 'preact/hooks'
import { interpolate, textOrDefault } from '../interpolate.js'
import { buildMailtoUrl } from '../share-invitation.js'
import type { LinkCategory, LinkSessionView } from '../types.js'
import { BackButton, Md, MdInline, ScreenHeading, type Ui } from './common.js'

export interface ShareScreenProps {
  ui: Ui
  session: LinkSessionView
  category: LinkCategory
  announce(message: string): void
  onBack(): void
}

export function ShareScreen(props: ShareScreenProps) {
  const { ui, session } = props
  const { t } = ui
  const inputId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [copyMessage, setCopyMessage] = useState('')
  // No platform is chosen yet here: a text's {platformName} reads as the category's name.
  const vars = { ...ui.vars, platformName: t.categories[props.category].name }
  const invitation = session.settings.shareInvitation
  const mailto = buildMailtoUrl({
    subject: interpolate(textOrDefault(invitation.subject, t.shareSubject), vars),
    body: interpolate(textOrDefault(invitation.body, t.shareEmailBody), vars),
    shareUrl: session.shareUrl,
  })

  const report = (message: string) => {
    setCopyMessage(message)
    props.announce(message)
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(session.shareUrl)
      report(t.copied)
    } catch {
      // No clipboard (an insecure context, or permission refused): select the text for the person to copy.
      inputRef.current?.focus()
      inputRef.current?.select()
      report(t.copyManually)
    }
  }

  return (
    <>
      <BackButton ui={ui} onBack={props.onBack} />
      <ScreenHeading ui={ui}>
        <MdInline ui={ui} vars={vars} source={textOrDefault(session.settings.invitePage.title, t.shareTitle)} />
      </ScreenHeading>
      <Md ui={ui} vars={vars} source={textOrDefault(session.settings.invitePage.body, t.shareBody)} />
      <div class="lw-field">
        <label for={inputId}>{t.shareLinkLabel}</label>
        <div class="lw-copy-row">
          <input ref={inputRef} id={inputId} class="lw-input" type="text" readOnly value={session.shareUrl} onFocus={(event) => event.currentTarget.select()} />
          <button type="button" class="lw-button" onClick={copy}>
            {t.copyLink}
          </button>
        </div>
        {copyMessage && <p class="lw-muted">{copyMessage}</p>}
      </div>
      <p>
        <a class="lw-button lw-button-secondary" href={mailto}>
          {t.emailLink}
        </a>
      </p>
    </>
  )
}
