/**
 * @module The connection management component: the company's connections (platform, status in
 * words, last sync, when added), each Linked one to disconnect (after a confirmation) and each
 * other one to reconnect, through the same consent screen and platform popup as Embedded Link.
 * The rules are connection-list.ts; this file does the I/O, focus and announcements.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { createLinkClient, LinkApiError, type LinkClient } from './api-client.js'
import { canDisconnect, canReconnect, connectionDetails, formatInstant, reconnectOutcome, statusTone } from './connection-list.js'
import type * as ManageOnDemand from './screens/manage-on-demand.js'
import { buildTheme } from './contrast.js'
import { en, type Messages } from './i18n/en.js'
import { isLinkLang } from './i18n/languages.js'
import { interpolate } from './interpolate.js'
import { categoryOf } from './journey.js'
import { openPlatformWindow, waitForPlatform, type PlatformWait } from './platform-window.js'
import { FailureAlert, failureMessage, resultMessage, safeImageUrl, ScreenHeading, type Ui } from './screens/common.js'
import { Frame } from './screens/frame.js'
import { PlatformMark } from './screens/platform-mark.js'
import { themeVariables } from './styles.js'
import type { ConnectionDetails, LinkConnection, LinkLang, LinkResult, LinkSessionView } from './types.js'

export interface ConnectionManagerProps {
  /** e.g. `http://localhost:8080`, without a trailing slash. */
  apiBaseUrl: string
  companyId: string
  lang: LinkLang
  /** The dictionaries this page carries: English, and the one the person reads. */
  messages: Partial<Record<LinkLang, Messages>>
  /** The company access token (`Authorization: Bearer`); without it every call says `X-Link-Embedded: 1`. */
  accessToken?: string
  /** Talks to the server; built from the above when not given (tests pass their own). */
  client?: LinkClient
  onDisconnect?(args: ConnectionDetails): void
  onReconnect?(args: ConnectionDetails): void
  /** `errorCode`: the HTTP status of the call that failed (0: no answer). */
  onError?(args: { message: string; userRecoverable: boolean; errorCode?: number }): void
  /** Given: a close button, which calls it. */
  onClose?(): void
}

type View =
  | { name: 'list' }
  | { name: 'consent'; connection: LinkConnection; failedStatusCode: number | null }
  | { name: 'waiting'; connection: LinkConnection; wait: PlatformWait }

/** What the list says above the connections after something happened: kept until the next action. */
type Notice = { text: string; isFailure: boolean }

type Loaded = { state: 'loading' } | { state: 'failed'; statusCode: number } | { state: 'ready'; session: LinkSessionView }

export function ConnectionManager(props: ConnectionManagerProps) {
  const propsRef = useRef(props)
  propsRef.current = props
  const client = useMemo(
    () => props.client ?? createLinkClient({ apiBaseUrl: props.apiBaseUrl, companyId: props.companyId, ...(props.accessToken ? { accessToken: props.accessToken } : { embedded: true }) }),
    [props.client, props.apiBaseUrl, props.companyId, props.accessToken],
  )
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [view, setView] = useState<View>({ name: 'list' })
  const viewRef = useRef(view)
  viewRef.current = view
  const [notice, setNotice] = useState<Notice | null>(null)
  const [dialog, setDialog] = useState<{ connection: LinkConnection; opener: HTMLElement | null; failedStatusCode: number | null } | null>(null)
  const [isBusy, setIsBusy] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  const headingRef = useRef<HTMLHeadingElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)

  const session = loaded.state === 'ready' ? loaded.session : null
  const lang = isLinkLang(session?.lang) ? session.lang : props.lang
  const t = props.messages[lang] ?? en
  const ui: Ui = { t, headingRef, vars: { companyName: session?.company.name ?? '', clientName: session?.client.name ?? '' } }

  const announce = (message: string) => {
    // Emptied first, so the same sentence twice is announced twice.
    setAnnouncement('')
    setTimeout(() => setAnnouncement(message), 100)
  }

  /** The page hears of every failed call; the person sees a friendly sentence instead of the server's. */
  const report = (error: unknown): number => {
    const statusCode = error instanceof LinkApiError ? error.statusCode : 0
    propsRef.current.onError?.({
      message: error instanceof Error ? error.message : String(error),
      userRecoverable: error instanceof LinkApiError ? error.isUserRecoverable : true,
      errorCode: statusCode,
    })
    return statusCode
  }

  const load = async (): Promise<LinkSessionView | null> => {
    try {
      const fresh = await client.getSession({ lang: props.lang })
      setLoaded({ state: 'ready', session: fresh })
      return fresh
    } catch (error) {
      // A list already shown stays; only a first load that fails replaces it with the error.
      const statusCode = report(error)
      setLoaded((current) => (current.state === 'ready' ? current : { state: 'failed', statusCode }))
      return null
    }
  }

  useEffect(() => {
    void load()
  }, [client])

  // The confirmation and Reconnect's screens are loaded at the first Disconnect or Reconnect (screens/manage-on-demand.ts).
  const [onDemand, setOnDemand] = useState<typeof ManageOnDemand | null>(null)
  const needsOnDemand = dialog !== null || view.name !== 'list'
  useEffect(() => {
    if (!needsOnDemand || onDemand) return
    import('./screens/manage-on-demand.js').then(setOnDemand, (error: unknown) => {
      report(error)
      setDialog(null)
      setView({ name: 'list' })
    })
  }, [needsOnDemand])

  // Each new view: its heading takes focus (once it is drawn), so keyboard and screen reader users start at its top.
  const viewKey = view.name === 'list' ? 'list' : `${view.name}:${view.connection.id}`
  const focusKey = `${viewKey}:${view.name === 'list' || onDemand !== null}`
  const previousKey = useRef(focusKey)
  useEffect(() => {
    if (previousKey.current === focusKey) return
    previousKey.current = focusKey
    headingRef.current?.focus()
  }, [focusKey])

  // The popup this page waits on is closed with the component.
  useEffect(() => () => (viewRef.current.name === 'waiting' ? viewRef.current.wait.stop({ closeWindow: true }) : undefined), [])

  // Inside a shadow root, document.activeElement is only the host: ask the root itself.
  const focusedElement = () => ((rootRef.current?.getRootNode() as Document | ShadowRoot | undefined)?.activeElement as HTMLElement | null | undefined) ?? null

  const disconnect = async (connection: LinkConnection) => {
    if (!session) return
    setIsBusy(true)
    try {
      await client.disconnectConnection(connection.id, { sessionId: session.sessionId })
    } catch (error) {
      const statusCode = report(error)
      setDialog((current) => (current ? { ...current, failedStatusCode: statusCode } : current))
      setIsBusy(false)
      return
    }
    setDialog(null)
    setIsBusy(false)
    const text = interpolate(t.disconnected, { platformName: connection.platformName })
    setNotice({ text, isFailure: false })
    announce(text)
    propsRef.current.onDisconnect?.(connectionDetails(connection))
    // The server's own view of it (the status, its dates); until it answers, the change is shown as made.
    setLoaded((current) => (current.state === 'ready' ? { ...current, session: { ...current.session, connections: current.session.connections.map((candidate) => (candidate.id === connection.id ? { ...candidate, status: 'Unlinked' } : candidate)) } } : current))
    await load()
  }

  /** Allow access on the consent screen: the popup opens in the click itself (one opened after an await may be blocked). */
  // Set while Allow access is on its way: a double click makes one trip, one window.
  const isStartingRef = useRef(false)
  const allowAccess = async (connection: LinkConnection, { renderConsentTextsIn }: typeof ManageOnDemand) => {
    if (!session || isStartingRef.current) return
    isStartingRef.current = true
    try {
      await startTrip(connection, renderConsentTextsIn)
    } finally {
      isStartingRef.current = false
    }
  }

  const startTrip = async (connection: LinkConnection, renderConsentTextsIn: (typeof ManageOnDemand)['renderConsentTextsIn']) => {
    if (!session) return
    const platformWindow = openPlatformWindow(props.companyId)
    const category = categoryOf(connection.sourceType)
    // What the consent screen showed, as rendered: the server checks it and signs it into the person's receipt.
    const texts = renderConsentTextsIn(t, { session, lang, category, platformKey: connection.integrationKey })
    let created: { connectionId: string; authorizeUrl: string }
    try {
      created = await client.createConnection({ platformKey: connection.integrationKey, sessionId: session.sessionId, lang, consent: { lang, texts }, display: 'popup' })
    } catch (error) {
      platformWindow?.close()
      setView({ name: 'consent', connection, failedStatusCode: report(error) })
      return
    }
    const wait = waitForPlatform({
      apiOrigin: new URL(props.apiBaseUrl).origin,
      companyId: props.companyId,
      created,
      platformWindow,
      onOutcome: (statusCode) => void returnFromPlatform(statusCode),
      // The window closed (or the person came back to this tab) with no word from it: the server knows whether it linked.
      onWindowGone: () => void returnFromPlatform(null),
    })
    setView({ name: 'waiting', connection: { ...connection, id: created.connectionId }, wait })
  }

  const returnFromPlatform = async (statusCode: LinkResult['statusCode'] | null) => {
    const waiting = viewRef.current
    if (waiting.name !== 'waiting') return
    const fresh = await load()
    // No answer: the outcome is not lost, the server will have it on the next try (the window's close, a click).
    if (!fresh || viewRef.current !== waiting) return
    const outcome = reconnectOutcome({ session: fresh, connectionId: waiting.connection.id, platformName: waiting.connection.platformName, statusCode, isWindowGone: waiting.wait.isWindowGone() })
    if (outcome.kind === 'waiting') return
    waiting.wait.stop({ closeWindow: outcome.kind !== 'closed' })
    setView({ name: 'list' })
    const text =
      outcome.kind === 'linked'
        ? resultMessage('200', outcome.connection.platformName, t)
        : outcome.kind === 'failed'
          ? resultMessage(outcome.statusCode, outcome.platformName, t)
          : interpolate(t.popup.closed, { platformName: waiting.connection.platformName })
    setNotice({ text, isFailure: outcome.kind !== 'linked' })
    announce(text)
    if (outcome.kind === 'linked') propsRef.current.onReconnect?.(connectionDetails(outcome.connection))
  }

  const cancelPlatform = () => {
    if (view.name === 'waiting') view.wait.stop({ closeWindow: true })
    setView({ name: 'list' })
  }

  const logo = safeImageUrl(session?.settings.branding.logoUrl || session?.client.logoUrl)
  const theme = buildTheme(session?.settings.branding ?? {})

  function renderView() {
    if (loaded.state === 'loading') {
      return (
        <div class="lw-busy">
          <span class="lw-spinner" aria-hidden="true" />
          {t.loading}
        </div>
      )
    }
    if (loaded.state === 'failed') {
      return (
        <>
          <ScreenHeading ui={ui}>{t.errorTitle}</ScreenHeading>
          <FailureAlert
            ui={ui}
            statusCode={loaded.statusCode}
            onRetry={() => {
              setLoaded({ state: 'loading' })
              void load()
            }}
          />
        </>
      )
    }
    const { session } = loaded
    if (view.name !== 'list' && !onDemand) {
      return (
        <div class="lw-busy">
          <span class="lw-spinner" aria-hidden="true" />
          {t.loading}
        </div>
      )
    }
    if (view.name === 'consent' && onDemand) {
      return (
        <onDemand.ConsentScreen
          ui={ui}
          session={session}
          category={categoryOf(view.connection.sourceType)}
          platformKey={view.connection.integrationKey}
          failedStatusCode={view.failedStatusCode}
          onBack={() => setView({ name: 'list' })}
          onAllow={() => void allowAccess(view.connection, onDemand)}
        />
      )
    }
    if (view.name === 'waiting' && onDemand) {
      return <onDemand.PopupWaitingScreen ui={ui} platformName={view.connection.platformName} wait={view.wait} onCancel={cancelPlatform} />
    }
    return (
      <>
        <ScreenHeading ui={ui}>{t.yourConnections}</ScreenHeading>
        <p class="lw-muted">{interpolate(t.manage.intro, ui.vars)}</p>
        {notice && (
          <p class={notice.isFailure ? 'lw-outcome lw-outcome-failed' : 'lw-outcome'}>
            <span aria-hidden="true">{notice.isFailure ? '✕ ' : '✓ '}</span>
            {notice.text}
          </p>
        )}
        {session.connections.length === 0 ? (
          <p>{interpolate(t.manage.none, ui.vars)}</p>
        ) : (
          <ul class="lw-stack">
            {session.connections.map((connection) => (
              <ConnectionCard
                key={connection.id}
                t={t}
                lang={lang}
                connection={connection}
                onDisconnect={() => setDialog({ connection, opener: focusedElement(), failedStatusCode: null })}
                onReconnect={() => {
                  setNotice(null)
                  setView({ name: 'consent', connection, failedStatusCode: null })
                }}
              />
            ))}
          </ul>
        )}
      </>
    )
  }

  return (
    <Frame
      rootRef={rootRef}
      lang={lang}
      style={themeVariables(theme)}
      onDemandStyles={onDemand?.ON_DEMAND_STYLES}
      logo={logo}
      clientName={session?.client.name}
      closeLabel={t.close}
      onClose={props.onClose ? () => propsRef.current.onClose?.() : undefined}
      screenKey={viewKey}
      poweredBy={session?.settings.showPoweredBy ? t.poweredBy : undefined}
      announcement={announcement}
      isInert={dialog !== null}
      dialog={
        <>
          {dialog && onDemand && (
            <onDemand.ConfirmDialog
              title={interpolate(t.disconnectTitle, { platformName: dialog.connection.platformName })}
              confirmLabel={t.disconnect}
              cancelLabel={t.cancel}
              isBusy={isBusy}
              isDestructive
              returnFocusTo={dialog.opener}
              fallbackFocus={headingRef}
              onConfirm={() => void disconnect(dialog.connection)}
              onCancel={() => setDialog(null)}
            >
              <p>{interpolate(t.disconnectBody, { ...ui.vars, platformName: dialog.connection.platformName })}</p>
              <p>{t.manage.dataKept}</p>
              {dialog.failedStatusCode !== null && (
                <p class="lw-alert" role="alert">
                  {failureMessage(dialog.failedStatusCode, ui)}
                </p>
              )}
            </onDemand.ConfirmDialog>
          )}
        </>
      }
    >
      {renderView()}
    </Frame>
  )
}

function ConnectionCard(props: { t: Messages; lang: LinkLang; connection: LinkConnection; onDisconnect(): void; onReconnect(): void }) {
  const { t, lang, connection } = props
  const headingId = `lw-connection-${connection.id}`
  const tone = statusTone(connection.status)
  return (
    <li class="lw-card">
      <div class="lw-card-head">
        <PlatformMark name={connection.platformName} logoUrl={connection.logoUrl} />
        <h2 id={headingId}>{connection.platformName}</h2>
      </div>
      <dl class="lw-facts">
        <dt>{t.manage.status}</dt>
        <dd class={tone === 'muted' ? 'lw-muted' : `lw-status-${tone}`}>
          {tone === 'connected' && <span aria-hidden="true">✓ </span>}
          {tone === 'failed' && <span aria-hidden="true">✕ </span>}
          {t.connectionStatus[connection.status]}
        </dd>
        <dt>{t.manage.lastSync}</dt>
        <dd>{formatInstant(connection.lastSync, lang) ?? t.manage.notSynced}</dd>
        <dt>{t.manage.created}</dt>
        <dd>{formatInstant(connection.created, lang) ?? '—'}</dd>
      </dl>
      <div class="lw-actions">
        {canReconnect(connection.status) && (
          <button type="button" class="lw-button" aria-describedby={headingId} onClick={props.onReconnect}>
            {t.reconnect}
          </button>
        )}
        {canDisconnect(connection.status) && (
          <button type="button" class="lw-button lw-button-danger" aria-describedby={headingId} onClick={props.onDisconnect}>
            {t.disconnect}
          </button>
        )}
      </div>
    </li>
  )
}
