/** @module Pieces every screen uses: its focusable heading, Markdown in the current language, notices. */
import type { ComponentChildren, RefObject } from 'preact'
import type { Messages } from '../i18n/index.js'
import { interpolate, type TextVars } from '../interpolate.js'
import { Markdown, MarkdownInlineText } from '../markdown-view.js'
import type { IntegrationDevice } from '../types.js'

/** What every screen gets: the texts, the values of their placeholders, and the heading to focus. */
export interface Ui {
  t: Messages
  vars: TextVars
  headingRef: RefObject<HTMLHeadingElement>
  /**
   * The hosted page's reload. Its token (what lets it change anything) lasts a day: a page left open
   * longer is refused (403) until a reload gets a new one, at the same step. Embedded Link has none:
   * its host page owns the reload.
   */
  reloadPage?: () => void
}

/** The screen's title: focused (tabIndex -1) when the screen appears, so a screen reader starts there. */
export function ScreenHeading(props: { ui: Ui; children: ComponentChildren }) {
  return (
    <h1 ref={props.ui.headingRef} tabIndex={-1}>
      {props.children}
    </h1>
  )
}

export function Md(props: { ui: Ui; source: string; vars?: TextVars }) {
  return <Markdown source={props.source} vars={props.vars ?? props.ui.vars} opensInNewTab={props.ui.t.opensInNewTab} />
}

export function MdInline(props: { ui: Ui; source: string; vars?: TextVars }) {
  return <MarkdownInlineText source={props.source} vars={props.vars ?? props.ui.vars} opensInNewTab={props.ui.t.opensInNewTab} />
}

export function BackButton(props: { ui: Ui; onBack(): void }) {
  return (
    <p class="lw-back">
      <button type="button" class="lw-link-button" onClick={props.onBack}>
        <span aria-hidden="true">← </span>
        {props.ui.t.back}
      </button>
    </p>
  )
}

/** The friendly sentence for a failed request; the server's own text goes to `onError`, not to the person. */
export function failureMessage(statusCode: number, ui: Ui): string {
  const { t } = ui
  if (statusCode === 0) return t.errorNetwork
  if (isRefusedUntilReload(statusCode, ui)) return t.errorPageExpired
  if (statusCode === 404) return t.errorNotFound
  return statusCode >= 500 ? t.errorServer : t.errorRequest
}

/** Trying the same request again would be refused again: only a reload of the hosted page helps. */
const isRefusedUntilReload = (statusCode: number, ui: Ui) => statusCode === 403 && ui.reloadPage !== undefined

export function FailureAlert(props: { ui: Ui; statusCode: number; onRetry(): void }) {
  const { ui } = props
  const reloads = isRefusedUntilReload(props.statusCode, ui)
  return (
    <div class="lw-alert" role="alert">
      <p>{failureMessage(props.statusCode, ui)}</p>
      <button type="button" class="lw-button lw-button-secondary" onClick={reloads ? ui.reloadPage : props.onRetry}>
        {reloads ? ui.t.reloadPage : ui.t.tryAgain}
      </button>
    </div>
  )
}

export function deviceNotices(device: IntegrationDevice, t: Messages): string[] {
  const notices: string[] = []
  if (device.desktopOnly) notices.push(t.deviceDesktopOnly)
  if (device.needsInstall) notices.push(t.deviceNeedsInstall)
  if (device.notMobileOptimised) notices.push(t.deviceNotMobileOptimised)
  if (device.note?.trim()) notices.push(device.note.trim())
  return notices
}

/** What the person came back from the platform with, in words. */
export function resultMessage(statusCode: string, platformName: string, t: Messages): string {
  const texts: Record<string, string> = { '200': t.resultSuccess, '201': t.resultSuccess, '403': t.result403, '408': t.result408, '501': t.result501 }
  const text = texts[statusCode] ?? t.result500
  return interpolate(text, { platformName })
}

/** Only http(s) images: a URL from the server or a client's settings goes into `src`. */
export function safeImageUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined
}
