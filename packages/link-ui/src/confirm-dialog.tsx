/**
 * @module A modal confirmation: role="dialog" with aria-modal, focus moved in on open (to the
 * harmless choice), kept inside while open, and given back to what had it on close.
 * The rest of the component is made `inert` by the caller while this is open.
 */
import type { ComponentChildren } from 'preact'
import { useId, useLayoutEffect, useRef } from 'preact/hooks'

export interface ConfirmDialogProps {
  title: string
  children: ComponentChildren
  confirmLabel: string
  cancelLabel: string
  onConfirm(): void
  onCancel(): void
  isBusy?: boolean
  /** The confirm button does something that cannot simply be undone (Disconnect): styled as such. */
  isDestructive?: boolean
  /**
   * Focused again on close. The caller records it when opening: once the rest is inert, the
   * browser has already taken focus away from it.
   */
  returnFocusTo: HTMLElement | null
  /** Focused on close when `returnFocusTo` is gone (e.g. re-rendered away). */
  fallbackFocus?: { current: HTMLElement | null }
}

const FOCUSABLE = 'button:not([disabled]),a[href],input:not([disabled]),[tabindex]:not([tabindex="-1"])'

export function ConfirmDialog(props: ConfirmDialogProps) {
  const titleId = useId()
  const bodyId = useId()
  const dialogRef = useRef<HTMLDivElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)

  // A layout effect: focus is in the dialog in the same frame the rest turns inert.
  useLayoutEffect(() => {
    cancelRef.current?.focus()
    const { returnFocusTo, fallbackFocus } = props
    return () => {
      // Later, not now: Preact unmounts the dialog before it lifts `inert` from the rest, and an
      // inert element refuses focus.
      setTimeout(() => {
        const target = returnFocusTo?.isConnected ? returnFocusTo : fallbackFocus?.current
        target?.focus()
      })
    }
  }, [])

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      props.onCancel()
      return
    }
    if (event.key !== 'Tab' || !dialogRef.current) return
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    const active = (dialogRef.current.getRootNode() as Document | ShadowRoot).activeElement
    if (event.shiftKey && active === first) {
      event.preventDefault()
      last?.focus()
    } else if (!event.shiftKey && active === last) {
      event.preventDefault()
      first?.focus()
    }
  }

  return (
    <div class="lw-backdrop">
      <div ref={dialogRef} class="lw-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{props.title}</h2>
        <div id={bodyId}>{props.children}</div>
        <div class="lw-actions">
          <button type="button" class={props.isDestructive ? 'lw-button lw-button-danger-solid' : 'lw-button'} onClick={props.onConfirm} disabled={props.isBusy}>
            {props.confirmLabel}
          </button>
          <button ref={cancelRef} type="button" class="lw-button lw-button-secondary" onClick={props.onCancel}>
            {props.cancelLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
