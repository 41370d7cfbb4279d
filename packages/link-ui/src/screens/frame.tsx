/**
 * @module The box both components draw their screens in (link.tsx, connections.tsx): the client's
 * header with its close button, the screen, "Powered by", the live region for announcements, and
 * the dialogs over it all (the rest is inert while one is open).
 */
import type { ComponentChildren, RefObject } from 'preact'
import type { JSX } from 'preact/jsx-runtime'

export interface FrameProps {
  rootRef: RefObject<HTMLDivElement>
  lang: string
  style: JSX.CSSProperties
  /** The on-demand screens' CSS, once their module is loaded (styles-on-demand.ts). */
  onDemandStyles?: string | undefined
  logo: string | undefined
  clientName: string | undefined
  closeLabel: string
  /** Given: the header shows the close button. */
  onClose?: (() => void) | undefined
  /** A new key is a new screen: its content is drawn afresh. */
  screenKey: string
  poweredBy: string | undefined
  announcement: string
  /** A dialog is open: the rest is inert (keyboard and screen readers stay in the dialog). */
  isInert: boolean
  /** The dialog over the frame. */
  dialog?: ComponentChildren
  children: ComponentChildren
}

export function Frame(props: FrameProps) {
  return (
    <div ref={props.rootRef} class="lw-root" lang={props.lang} style={props.style}>
      {props.onDemandStyles && <style>{props.onDemandStyles}</style>}
      <div inert={props.isInert}>
        <header class="lw-header">
          {props.logo && <img class="lw-logo" src={props.logo} alt="" />}
          <span class="lw-client">{props.clientName}</span>
          {props.onClose && (
            <button type="button" class="lw-close" aria-label={props.closeLabel} onClick={props.onClose}>
              <span aria-hidden="true">×</span>
            </button>
          )}
        </header>
        <main class="lw-main" key={props.screenKey}>
          {props.children}
        </main>
        {props.poweredBy && <footer class="lw-footer">{props.poweredBy}</footer>}
      </div>
      <p class="lw-vh" role="status" aria-live="polite">
        {props.announcement}
      </p>
      {props.dialog}
    </div>
  )
}
