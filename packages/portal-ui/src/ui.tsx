/**
 * @module The pieces every Portal page is made of: a page heading that names the tab, loading and
 * error states, a button that cannot be pressed twice while its action runs, copy-to-clipboard,
 * a confirmation dialog (the browser's own modal `<dialog>`: focus is trapped and Escape cancels),
 * labelled fields, paging, and status badges. Accessible by construction, so pages need not repeat it.
 */
import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useId, useRef, useState } from 'preact/hooks'
import { PortalApiError } from './api.js'

export function PageHeader(props: { title: string; description?: ComponentChildren; actions?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · Linkway Portal`
  }, [props.title])
  return (
    <header class="pt-page-header">
      <div>
        <h1>{props.title}</h1>
        {props.description ? <p class="pt-muted">{props.description}</p> : null}
      </div>
      {props.actions ? <div class="pt-actions">{props.actions}</div> : null}
    </header>
  )
}

export function messageOf(error: unknown): string {
  if (error instanceof PortalApiError) return error.message
  return error instanceof Error ? error.message : String(error)
}

export function ErrorNotice(props: { error: unknown; onRetry?: () => void }) {
  if (props.error === undefined || props.error === null) return null
  return (
    <div class="pt-notice pt-notice-error" role="alert">
      <span>{messageOf(props.error)}</span>
      {props.onRetry ? (
        <button type="button" class="pt-button pt-button-small" onClick={props.onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  )
}

export function SuccessNotice(props: { children: ComponentChildren }) {
  return (
    <div class="pt-notice pt-notice-success" role="status">
      {props.children}
    </div>
  )
}

export function Loading(props: { label?: string }) {
  return (
    <p class="pt-muted" role="status" aria-live="polite">
      {props.label ?? 'Loading…'}
    </p>
  )
}

export interface AsyncState<T> {
  data: T | undefined
  error: unknown
  isLoading: boolean
  reload(): void
}

/** Loads on mount and whenever `deps` change; an answer to an older request is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; isLoading: boolean }>({ data: undefined, error: undefined, isLoading: true })
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    let isCurrent = true
    setState((previous) => ({ ...previous, isLoading: true, error: undefined }))
    load().then(
      (data) => isCurrent && setState({ data, error: undefined, isLoading: false }),
      (error: unknown) => isCurrent && setState((previous) => ({ data: previous.data, error, isLoading: false })),
    )
    return () => {
      isCurrent = false
    }
  }, [...deps, generation])
  return { ...state, reload: () => setGeneration((value) => value + 1) }
}

type ButtonProps = Omit<JSX.HTMLAttributes<HTMLButtonElement>, 'onClick' | 'disabled'> & {
  /** The action: the button stays disabled (and says so) until it settles, so a double click acts once. */
  onAction: () => Promise<unknown> | unknown
  variant?: 'primary' | 'danger' | 'plain'
  disabled?: boolean
  busyLabel?: string
  onError?: (error: unknown) => void
}

export function ActionButton({ onAction, variant = 'plain', disabled, busyLabel, onError, children, ...rest }: ButtonProps) {
  const [isBusy, setBusy] = useState(false)
  const isRunning = useRef(false)
  const run = async () => {
    if (isRunning.current) return
    isRunning.current = true
    setBusy(true)
    try {
      await onAction()
    } catch (error) {
      if (onError) onError(error)
      else throw error
    } finally {
      isRunning.current = false
      setBusy(false)
    }
  }
  return (
    <button {...rest} type="button" class={`pt-button pt-button-${variant}`} disabled={disabled || isBusy} aria-busy={isBusy} onClick={() => void run()}>
      {isBusy && busyLabel ? busyLabel : children}
    </button>
  )
}

export function CopyButton(props: { text: string; label?: string; copiedLabel?: string }) {
  const [isCopied, setCopied] = useState(false)
  useEffect(() => {
    if (!isCopied) return
    const timer = setTimeout(() => setCopied(false), 2000)
    return () => clearTimeout(timer)
  }, [isCopied])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text)
    } catch {
      // No clipboard (http on another host, or refused): the text is on screen, selectable.
      return
    }
    setCopied(true)
  }
  return (
    <button type="button" class="pt-button pt-button-small" onClick={() => void copy()}>
      <span aria-live="polite">{isCopied ? (props.copiedLabel ?? 'Copied') : (props.label ?? 'Copy')}</span>
    </button>
  )
}

/** A value shown in full, selectable, with a copy button: a Link URL, a key shown once. */
export function CopyField(props: { label: string; value: string; hint?: ComponentChildren }) {
  const id = useId()
  return (
    <div class="pt-field">
      <label for={id}>{props.label}</label>
      <div class="pt-copy-row">
        <input id={id} class="pt-input pt-mono" readOnly value={props.value} onFocus={(event) => event.currentTarget.select()} />
        <CopyButton text={props.value} />
      </div>
      {props.hint ? <p class="pt-hint">{props.hint}</p> : null}
    </div>
  )
}

export function Field(props: { label: string; hint?: ComponentChildren; error?: string; children: (ids: { id: string; describedBy: string | undefined; isInvalid: boolean }) => ComponentChildren }) {
  const id = useId()
  const hintId = props.hint ? `${id}-hint` : undefined
  const errorId = props.error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div class="pt-field">
      <label for={id}>{props.label}</label>
      {props.children({ id, describedBy, isInvalid: Boolean(props.error) })}
      {props.hint ? (
        <p class="pt-hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="pt-field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  )
}

/**
 * Asks before something that cannot be undone. The browser's modal dialog keeps the keyboard
 * inside it and gives focus back to the button that opened it when it closes.
 */
export function ConfirmDialog(props: { title: string; children: ComponentChildren; confirmLabel: string; isOpen: boolean; onConfirm: () => Promise<unknown>; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const opener = useRef<HTMLElement | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (props.isOpen && !element.open) {
      setError(undefined)
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      element.showModal()
    }
    if (!props.isOpen && element.open) element.close()
  }, [props.isOpen])
  // The browser should give focus back on close; once, in a test on a busy machine, the keyboard's
  // next Enter after Escape reached nothing. Giving it back ourselves makes it certain.
  const onClose = () => {
    props.onClose()
    if (opener.current?.isConnected && document.activeElement !== opener.current) opener.current.focus()
    opener.current = null
  }
  const titleId = useId()
  return (
    <dialog ref={dialog} class="pt-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{props.title}</h2>
      <div>{props.children}</div>
      <ErrorNotice error={error} />
      <div class="pt-actions">
        <button type="button" class="pt-button pt-button-plain" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <ActionButton
          variant="danger"
          busyLabel="Working…"
          onError={setError}
          onAction={async () => {
            await props.onConfirm()
            dialog.current?.close()
          }}
        >
          {props.confirmLabel}
        </ActionButton>
      </div>
    </dialog>
  )
}

export function Pager(props: { page: number; pageSize: number; totalResults: number; onPage: (page: number) => void; label: string }) {
  const lastPage = Math.max(1, Math.ceil(props.totalResults / props.pageSize))
  if (props.totalResults <= props.pageSize) return null
  return (
    <nav class="pt-pager" aria-label={props.label}>
      <button type="button" class="pt-button pt-button-small" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        Previous
      </button>
      <span>
        Page {props.page} of {lastPage} ({props.totalResults} in all)
      </span>
      <button type="button" class="pt-button pt-button-small" disabled={props.page >= lastPage} onClick={() => props.onPage(props.page + 1)}>
        Next
      </button>
    </nav>
  )
}

const STATUS_TONES: Record<string, 'good' | 'bad' | 'waiting' | 'neutral'> = {
  Linked: 'good',
  Complete: 'good',
  Success: 'good',
  Deauthorized: 'bad',
  Failed: 'bad',
  FetchError: 'bad',
  MapError: 'bad',
  InternalError: 'bad',
  PendingAuth: 'waiting',
  Queued: 'waiting',
  Fetching: 'waiting',
  Unlinked: 'neutral',
}

export function StatusBadge(props: { status: string }) {
  return <span class={`pt-badge pt-badge-${STATUS_TONES[props.status] ?? 'neutral'}`}>{props.status}</span>
}

/** Dates as the person's browser writes them, with the full instant on hover. */
export function DateTime(props: { value: string | null | undefined }) {
  if (!props.value) return <span class="pt-muted">—</span>
  const date = new Date(props.value)
  if (Number.isNaN(date.getTime())) return <span>{props.value}</span>
  return (
    <time dateTime={props.value} title={props.value}>
      {date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  )
}

/** Submits once at a time; `onSubmit` throws what the person should read. */
export function useFormSubmit(onSubmit: () => Promise<void>): { isBusy: boolean; error: unknown; submit: (event: Event) => void; errorNotice: ComponentChildren } {
  const [isBusy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  // A ref, not the state: two clicks in one frame both see the state before either re-render.
  const isRunning = useRef(false)
  const submit = (event: Event) => {
    event.preventDefault()
    if (isRunning.current) return
    isRunning.current = true
    setBusy(true)
    setError(undefined)
    onSubmit().then(
      () => {
        isRunning.current = false
        setBusy(false)
      },
      (failure: unknown) => {
        isRunning.current = false
        setError(failure)
        setBusy(false)
      },
    )
  }
  return { isBusy, error, submit, errorNotice: <ErrorNotice error={error} /> }
}


/** A page whose code could not be loaded: say so, and offer the one remedy (a reload gets the current files). */
export function PageLoadFailed(props: { error: unknown }) {
  return (
    <div class="pt-notice pt-notice-error" role="alert">
      <span>This page could not be loaded ({messageOf(props.error)}). Linkway may have been updated: reload to get the current Portal.</span>
      <button type="button" class="pt-button pt-button-small" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  )
}
