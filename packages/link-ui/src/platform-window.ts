/**
 * @module Embedded Link's trip to the platform: the sign-in opens in a window of its own while the
 * component stays on the client's page. The journey ends on a Linkway page in that window, which
 * posts the outcome to this page (`EmbeddedLinkResultMessage`, docs/link-api.md) and closes itself.
 * When no word comes (a new tab without an opener, the person closed the window), the component
 * asks the server where the connection stands: `onWindowGone`.
 */
import type { LinkResult } from './types.js'

const OUTCOMES: ReadonlySet<string> = new Set(['200', '201', '403', '500', '501'])

/** Whether a message from Linkway's origin is the outcome of this connection's trip. */
export function isPlatformOutcome(data: unknown, companyId: string, connectionId: string): data is { statusCode: LinkResult['statusCode'] } {
  if (typeof data !== 'object' || data === null) return false
  const message = data as Record<string, unknown>
  return message.type === 'linkway:link-result' && message.companyId === companyId && message.connectionId === connectionId && typeof message.statusCode === 'string' && OUTCOMES.has(message.statusCode)
}

/**
 * Opens an empty window for the platform's sign-in, in the person's click: a window opened after
 * an await may be blocked. Null when the browser blocked it anyway (the component then offers a
 * link that opens a tab). One name per company, so a second try reuses the window.
 */
export function openPlatformWindow(companyId: string): Window | null {
  const width = 520
  const height = 720
  const left = Math.max(0, Math.round(screenX + (outerWidth - width) / 2))
  const top = Math.max(0, Math.round(screenY + (outerHeight - height) / 2))
  try {
    return open('about:blank', `linkway-${companyId}`, `popup,width=${width},height=${height},left=${left},top=${top}`)
  } catch {
    return null
  }
}

export interface PlatformWait {
  connectionId: string
  authorizeUrl: string
  /** Whether the browser opened a window this page can watch (false: the person opens a tab from a link). */
  hasWindow(): boolean
  /** Whether the window this page watched was closed (never, for a tab opened from the link). */
  isWindowGone(): boolean
  /** Brings the window back, or opens a new one (a click's handler: a popup needs the person's gesture). */
  reopen(): void
  stop(options: { closeWindow: boolean }): void
}

export interface WaitOptions {
  /** Linkway's origin: the only one whose messages count. */
  apiOrigin: string
  companyId: string
  created: { connectionId: string; authorizeUrl: string }
  platformWindow: Window | null
  onOutcome(statusCode: LinkResult['statusCode']): void
  /** The window closed, or the person came back to this tab, with no outcome posted. */
  onWindowGone(): void
}

export function waitForPlatform({ apiOrigin, companyId, created, platformWindow, onOutcome, onWindowGone }: WaitOptions): PlatformWait {
  let win = platformWindow
  let isStopped = false
  // The window is empty and still ours (about:blank, this page's origin): send it to the platform.
  if (win) win.location.href = created.authorizeUrl

  const onMessage = (event: MessageEvent) => {
    if (isStopped || event.origin !== apiOrigin || !isPlatformOutcome(event.data, companyId, created.connectionId)) return
    // From the window this page opened, when it has one (a tab opened from the link gives no handle).
    if (win && event.source !== win) return
    onOutcome(event.data.statusCode)
  }
  // A tab opened from the link has no handle: the person coming back to this tab is the cue to ask.
  const onVisible = () => {
    if (!isStopped && document.visibilityState === 'visible' && (!win || win.closed)) onWindowGone()
  }
  let wasClosed = false
  const poll = setInterval(() => {
    const isClosed = win?.closed === true
    if (!isStopped && isClosed && !wasClosed) onWindowGone()
    wasClosed = isClosed
  }, 500)
  addEventListener('message', onMessage)
  document.addEventListener('visibilitychange', onVisible)

  return {
    connectionId: created.connectionId,
    authorizeUrl: created.authorizeUrl,
    hasWindow: () => win !== null,
    isWindowGone: () => win !== null && win.closed,
    reopen() {
      if (win && !win.closed) {
        win.focus()
        return
      }
      win = openPlatformWindow(companyId)
      if (win) win.location.href = created.authorizeUrl
    },
    stop({ closeWindow }) {
      isStopped = true
      clearInterval(poll)
      removeEventListener('message', onMessage)
      document.removeEventListener('visibilitychange', onVisible)
      if (closeWindow && win && !win.closed) win.close()
    },
  }
}
