/**
 * @module The Link component: runs the journey (journey.ts) and does its I/O: the session, the
 * connection, the redirect to the platform, events, focus and announcements. Screens only render.
 */
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks'
import { createLinkClient, LinkApiError, type LinkEvent, type LinkEventName } from './api-client.js'
import { buildTheme } from './contrast.js'
import { en, type Messages } from './i18n/en.js'
import { isLinkLang, resolveLang } from './i18n/languages.js'
import { interpolate, textOrDefault } from './interpolate.js'
import { canComplete, categoryOf, initialState, isMidJourney, isSuccessCode, linkedPlatformNames, nextState, type JourneyEvent, type JourneyState, type RequestFailure, type Screen } from './journey.js'
import { CategoriesScreen } from './screens/categories.js'
import { FailureAlert, failureMessage, Md, resultMessage, safeImageUrl, ScreenHeading, type Ui } from './screens/common.js'
import { ConsentScreen } from './screens/consent.js'
import { renderConsentTextsIn } from './consent-texts.js'
import { LandingScreen } from './screens/landing.js'
import { PlatformsScreen } from './screens/platforms.js'
import type { FileUploadCategory, LinkUploadedFile } from '@linkway/contracts'
import { Frame } from './screens/frame.js'
import { StepIndicator } from './screens/step-indicator.js'
import { screenOf, stepOf, uploadStepCategory, UPLOAD_STEP_PREFIX } from './step-history.js'
import { themeVariables } from './styles.js'
import type { LinkCategory, LinkConnection, LinkProps, LinkResult, LinkSessionView } from './types.js'
import { isPlatformOutcome, openPlatformWindow, waitForPlatform, type PlatformWait } from './platform-window.js'

/** The consent screen's texts as one string (Embedded Link's `onConsent`): headings and paragraphs in reading order. */
function consentAsText(texts: ReturnType<typeof renderConsentTextsIn>): string {
  const sections = [texts.purpose, texts.access, texts.accountInformation, texts.retention].map((section) => `${section.heading}\n${section.text}`)
  const platformData = `${texts.platformData.heading}\n${texts.platformData.items.map((item) => `- ${item}`).join('\n')}`
  return [texts.title, texts.subtitle, ...sections.slice(0, 3), platformData, sections[3], texts.termsAndConditions].filter((part) => part && part.trim() !== '').join('\n\n')
}

type Dialog = ({ kind: 'disconnect'; connection: LinkConnection } | { kind: 'exit' }) & { opener: HTMLElement | null }

const screenKey = (screen: Screen) => [screen.name, 'category' in screen ? screen.category : '', 'platformKey' in screen ? screen.platformKey : ''].join(':')

export function Link(props: LinkProps) {
  const propsRef = useRef(props)
  propsRef.current = props
  const credentials = { ...(props.linkToken ? { linkToken: props.linkToken } : {}), ...(props.accessToken ? { accessToken: props.accessToken } : {}), ...(props.embedded ? { embedded: true } : {}) }
  const client = useMemo(
    () => props.client ?? createLinkClient({ apiBaseUrl: props.apiBaseUrl, companyId: props.companyId, ...credentials }),
    [props.client, props.apiBaseUrl, props.companyId, props.linkToken, props.accessToken, props.embedded],
  )
  // Embedded Link's credentials as headers, for what fetches outside the client (the receipts).
  const embeddedHeaders: Record<string, string> | undefined = props.accessToken ? { authorization: `Bearer ${props.accessToken}` } : props.embedded ? { 'x-link-embedded': '1' } : undefined
  const dictionaries = props.messages ?? {}
  const messagesOf = (lang: keyof NonNullable<LinkProps['messages']>): Messages => dictionaries[lang] ?? en
  const requestedLang = resolveLang(props.lang, typeof navigator === 'undefined' ? [] : navigator.languages)
  const [state, dispatch] = useReducer<JourneyState, JourneyEvent>(nextState, initialState(props.result ?? null))
  const stateRef = useRef(state)
  stateRef.current = state
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  const [isBusy, setIsBusy] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  const headingRef = useRef<HTMLHeadingElement>(null)
  // Set once the person is on their way out (to the platform, the complete page, or closed): not "left".
  const isLeavingRef = useRef(false)
  // File upload (screens/upload.tsx): shown over the journey's screen while open; what was sent, per category.
  const [uploadCategory, setUploadCategory] = useState<FileUploadCategory | null>(null)
  const [sentFiles, setSentFiles] = useState<Partial<Record<FileUploadCategory, LinkUploadedFile[]>>>({})

  const session = state.session
  const lang = isLinkLang(session?.lang) ? session.lang : requestedLang
  const t = messagesOf(lang)
  const ui: Ui = {
    t,
    headingRef,
    vars: { companyName: session?.company.name ?? '', clientName: session?.client.name ?? '' },
    ...(props.reloadPage ? { reloadPage: props.reloadPage } : {}),
  }
  const theme = buildTheme(session?.settings.branding ?? {})

  const announce = (message: string) => {
    // Emptied first, so the same sentence twice is announced twice.
    setAnnouncement('')
    setTimeout(() => setAnnouncement(message), 100)
  }

  const track = (current: LinkSessionView | null, event: LinkEventName, details: Omit<LinkEvent, 'sessionId' | 'event'> = {}, keepalive = false) => {
    if (!current) return
    // Events are for the client's funnel: one that fails must never stop or slow the person.
    client.sendEvent({ sessionId: current.sessionId, event, ...details }, { keepalive }).catch(() => {})
  }

  const fail = (action: RequestFailure['action'], error: unknown) => {
    const statusCode = error instanceof LinkApiError ? error.statusCode : 0
    dispatch({ type: 'request_failed', action, statusCode })
    propsRef.current.onError?.({
      message: error instanceof Error ? error.message : String(error),
      userRecoverable: error instanceof LinkApiError ? error.isUserRecoverable : true,
      errorCode: statusCode,
    })
  }

  const load = async () => {
    dispatch({ type: 'load_started' })
    let loaded: LinkSessionView
    try {
      loaded = await getSession(props.visitId)
    } catch (error) {
      fail('load', error)
      return
    }
    dispatch({ type: 'session_loaded', session: loaded })
    track(loaded, 'opened')
    const result = propsRef.current.result
    if (result) showOutcome(loaded, result)
  }

  /** The session as the server has it, adapted by the embedded SDK's options when there are any. */
  const getSession = async (visitId: string | undefined) => {
    const current = propsRef.current
    const loaded = await client.getSession({
      lang: requestedLang,
      ...(visitId ? { visitId } : {}),
      ...(current.showSandboxIntegrations !== undefined ? { showSandboxIntegrations: current.showSandboxIntegrations } : {}),
    })
    return current.adaptSession ? current.adaptSession(loaded) : loaded
  }

  /** Back from a platform (the page came back with `result`, or the popup told us): say how it went. */
  const showOutcome = (loaded: LinkSessionView, result: LinkResult) => {
    const connection = loaded.connections.find((candidate) => candidate.id === result.connectionId)
    track(loaded, 'returned', connection ? { category: categoryOf(connection.sourceType), platformKey: connection.integrationKey } : {})
    if (!connection) return
    announce(resultMessage(result.statusCode, connection.platformName, messagesOf(isLinkLang(loaded.lang) ? loaded.lang : requestedLang)))
    if (isSuccessCode(result.statusCode)) {
      const { id, integrationId, integrationKey, platformName, sourceId, sourceType } = connection
      propsRef.current.onConnection?.({ connectionId: id, integrationId, integrationKey, platformName, sourceId, sourceType })
    }
  }

  // Embedded Link: the platform's window this page waits on (platform-window.ts), while there is one.
  const [platformWait, setPlatformWait] = useState<(PlatformWait & { platformName: string }) | null>(null)
  const platformWaitRef = useRef(platformWait)
  platformWaitRef.current = platformWait
  useEffect(() => () => platformWaitRef.current?.stop({ closeWindow: true }), [])

  const awaitPlatform = (created: { connectionId: string; authorizeUrl: string }, platformWindow: Window | null, platformName: string) => {
    const wait = waitForPlatform({
      apiOrigin: new URL(props.apiBaseUrl).origin,
      companyId: props.companyId,
      created,
      platformWindow,
      onOutcome: (statusCode) => void returnFromPlatform({ connectionId: created.connectionId, statusCode }),
      // The window closed (or the person came back to this tab) with no word from it: the server knows whether it linked.
      onWindowGone: () => void returnFromPlatform(null),
    })
    setPlatformWait({ ...wait, platformName })
  }

  // After the host page reloads, a platform's window opened before still posts its outcome to this
  // window (its opener), though nothing waits for it: hear it, or Link says "Waiting for sign-in"
  // about a connection that is linked. Only Linkway's own pages' messages, about this company.
  useEffect(() => {
    if (props.platformWindow !== 'popup') return
    const apiOrigin = new URL(props.apiBaseUrl).origin
    const onMessage = (event: MessageEvent) => {
      const current = stateRef.current
      const connectionId = typeof event.data === 'object' && event.data !== null ? (event.data as { connectionId?: unknown }).connectionId : undefined
      if (platformWaitRef.current || event.origin !== apiOrigin || typeof connectionId !== 'string' || !current.session) return
      if (!isPlatformOutcome(event.data, props.companyId, connectionId) || !current.session.connections.some((connection) => connection.id === connectionId)) return
      const result = { connectionId, statusCode: event.data.statusCode }
      void getSession(current.session.sessionId)
        .then((loaded) => {
          // No window handle to check `event.source` against after a reload: the server's word decides a success.
          const isLinked = loaded.connections.some((connection) => connection.id === connectionId && connection.status === 'Linked')
          if (isSuccessCode(result.statusCode) && !isLinked) return
          dispatch({ type: 'outcome_heard', session: loaded, result })
          showOutcome(loaded, result)
        })
        // The person can still reload, or continue the connection: nothing is lost.
        .catch(() => {})
    }
    addEventListener('message', onMessage)
    return () => removeEventListener('message', onMessage)
  }, [])

  // The window's message and its closing (seen by the poll a moment later) both bring the person
  // back: one return at a time per window, or a slow session answer reports the connection twice.
  // A message arriving while a return is under way still gives that return its outcome.
  const returningRef = useRef<{ wait: PlatformWait; result: LinkResult | null } | null>(null)

  const returnFromPlatform = async (result: LinkResult | null) => {
    const wait = platformWaitRef.current
    const current = stateRef.current
    if (!wait || current.screen.name !== 'redirecting' || !current.session) return
    const underWay = returningRef.current
    if (underWay?.wait === wait) {
      if (result) underWay.result = result
      return
    }
    const returning = { wait, result }
    returningRef.current = returning
    let loaded: LinkSessionView
    try {
      loaded = await getSession(current.session.sessionId)
    } catch (error) {
      // The outcome is not lost: the window told us, or the server will on the next try.
      if (returning.result) fail('load', error)
      return
    } finally {
      returningRef.current = null
    }
    const linked = loaded.connections.find((connection) => connection.id === wait.connectionId && connection.status === 'Linked')
    // A success the server does not confirm is not reported: only Linkway's pages post, but the server has the last word.
    const heard = returning.result && !(isSuccessCode(returning.result.statusCode) && !linked) ? returning.result : null
    const outcome = heard ?? (linked ? { connectionId: wait.connectionId, statusCode: '200' as const } : null)
    if (!outcome) {
      // Still not linked: the person closed the window. Back to the consent screen, to try again or go back.
      if (!wait.isWindowGone()) return
      wait.stop({ closeWindow: false })
      setPlatformWait(null)
      dispatch({ type: 'redirect_interrupted' })
      announce(interpolate(t.popup.closed, { platformName: wait.platformName }))
      watchConnection(wait.connectionId)
      return
    }
    wait.stop({ closeWindow: true })
    setPlatformWait(null)
    dispatch({ type: 'platform_returned', session: loaded, result: outcome })
    showOutcome(loaded, outcome)
  }

  // A window that looks closed may only have been cut off from this page (a platform's sign-in page
  // that sends Cross-Origin-Opener-Policy does that), with the person still signing in there. For the
  // life of a journey, ask the server now and then: a connection linked after all is reported then.
  const watchRef = useRef<ReturnType<typeof setInterval> | null>(null)
  const stopWatching = () => {
    if (watchRef.current) clearInterval(watchRef.current)
    watchRef.current = null
  }
  useEffect(() => stopWatching, [])
  const watchConnection = (connectionId: string) => {
    stopWatching()
    let checks = 0
    watchRef.current = setInterval(() => {
      const current = stateRef.current
      // Fifteen minutes (the journey's life), or a new trip under way: stop.
      if (++checks > 300 || current.screen.name === 'redirecting' || !current.session) return stopWatching()
      void getSession(current.session.sessionId)
        .then((loaded) => {
          if (!watchRef.current || !loaded.connections.some((connection) => connection.id === connectionId && connection.status === 'Linked')) return
          stopWatching()
          const result = { connectionId, statusCode: '200' as const }
          dispatch({ type: 'outcome_heard', session: loaded, result })
          if (stateRef.current.screen.name === 'consent') dispatch({ type: 'step_restored', screen: { name: 'categories' } })
          showOutcome(loaded, result)
        })
        .catch(() => {})
    }, 3000)
  }

  const cancelPlatform = () => {
    platformWaitRef.current?.stop({ closeWindow: true })
    setPlatformWait(null)
    dispatch({ type: 'redirect_interrupted' })
  }

  useEffect(() => {
    void load()
  }, [client])

  // Each new screen: focus its heading, so keyboard and screen reader users start at the top of it.
  const key = screenKey(state.screen)
  const previousKey = useRef(key)
  useEffect(() => {
    if (previousKey.current === key) return
    previousKey.current = key
    headingRef.current?.focus()
  }, [key])

  useEffect(() => {
    let hasLeft = false
    const leave = () => {
      const current = stateRef.current
      if (hasLeft || isLeavingRef.current || current.screen.name === 'done') return
      hasLeft = true
      track(current.session, 'left', { step: current.screen.name }, true)
    }
    const onVisibilityChange = () => {
      if (document.visibilityState === 'hidden') leave()
      else hasLeft = false
    }
    // Back from the platform's page with the browser's Back button: the page comes from the
    // back/forward cache as it was left, on "Taking you to…". Let the person act again.
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return
      isLeavingRef.current = false
      dispatch({ type: 'redirect_interrupted' })
    }
    addEventListener('pagehide', leave)
    addEventListener('pageshow', onPageShow)
    document.addEventListener('visibilitychange', onVisibilityChange)
    return () => {
      removeEventListener('pagehide', leave)
      removeEventListener('pageshow', onPageShow)
      document.removeEventListener('visibilitychange', onVisibilityChange)
    }
  }, [client])

  // Steps as history entries (step-history.ts): the first step shown replaces the entry the page
  // opened on (after a reload, the step its address names); each new one is pushed; Back and
  // Forward restore theirs. `entryStepRef` is the step of the entry the browser is on.
  const stepHistory = props.history
  const entryStepRef = useRef<string | null>(null)
  const hasRestoredRef = useRef(false)
  const isPoppingRef = useRef(false)
  // A layout effect: the step is in the address before the screen is painted, so Back, Forward or Reload pressed the
  // moment a step shows (a person's quick hand, a test's, a busy machine's slow frame) acts on that step's entry.
  useLayoutEffect(() => {
    if (!stepHistory || !session) return
    const step = stepOf(state.screen)
    if (step === null) return
    // The browser is on the upload screen's entry, which lies over the categories: they need none of their own.
    if (step === 'categories' && uploadStepCategory(entryStepRef.current)) return
    if (step === entryStepRef.current) {
      // Back or Forward arrived where the entry says: the next step is a new entry again.
      isPoppingRef.current = false
      return
    }
    if (!hasRestoredRef.current) {
      hasRestoredRef.current = true
      // A reload on the upload screen opens it again, over the categories.
      const upload = propsRef.current.result ? null : uploadStepCategory(stepHistory.current())
      if (upload && session.fileUpload) {
        entryStepRef.current = stepHistory.current()
        setUploadCategory(upload)
        if (step !== 'categories') dispatch({ type: 'step_restored', screen: { name: 'categories' } })
        return
      }
      // Back from a platform, the outcome is the step; otherwise a reload returns to where the person was.
      const named = propsRef.current.result ? null : screenOf(stepHistory.current())
      if (named && stepOf(named) !== step) {
        dispatch({ type: 'step_restored', screen: named })
        return
      }
    }
    const isNewEntry = entryStepRef.current !== null && !isPoppingRef.current
    isPoppingRef.current = false
    entryStepRef.current = step
    if (isNewEntry) stepHistory.push(step)
    else stepHistory.replace(step)
  }, [key, session === null])
  useEffect(() => {
    if (!stepHistory) return
    return stepHistory.subscribe(() => {
      const entry = stepHistory.current()
      // The upload screen is an entry over the categories: Forward to it opens it again, Back from it closes it.
      const upload = uploadStepCategory(entry)
      setUploadCategory(upload)
      if (upload) {
        entryStepRef.current = entry
        return
      }
      const named = screenOf(entry)
      const screen = named ?? { name: 'categories' }
      entryStepRef.current = stepOf(screen)
      // Back to the step already shown (from the upload screen) changes no step: nothing to restore.
      if (stepOf(screen) === stepOf(stateRef.current.screen)) return
      isPoppingRef.current = true
      dispatch({ type: 'step_restored', screen })
    })
  }, [stepHistory])

  const send = (event: JourneyEvent) => dispatch(event)
  /** The on-screen Back: the browser's, when the step before is Link's, so both agree. */
  const goBack = () => (stepHistory?.canGoBack() ? stepHistory.back() : send({ type: 'back' }))

  const chooseCategory = (category: LinkCategory) => {
    send({ type: 'category_chosen', category })
    track(session, 'category_chosen', { category })
  }

  const choosePlatform = (category: LinkCategory, platformKey: string) => {
    send({ type: 'platform_chosen', platformKey })
    track(session, 'platform_chosen', { category, platformKey })
  }

  const allowAccess = async (category: LinkCategory, platformKey: string) => {
    // A second click while the first is on its way (a double click): one trip, one window.
    if (!session || stateRef.current.screen.name !== 'consent') return
    const current = propsRef.current
    // A window opened after an await is a popup the browser may block: open it in the click itself.
    const platformWindow = current.platformWindow === 'popup' ? openPlatformWindow(props.companyId) : null
    send({ type: 'consent_given' })
    track(session, 'consent_given', { category, platformKey })
    // What the consent screen showed, as rendered: the server checks it and signs it into the person's receipt.
    const texts = renderConsentTextsIn(t, { session, lang, category, platformKey })
    current.onConsent?.({ text: consentAsText(texts) })
    try {
      // The language goes to the platform and back, so the person returns to the page they left.
      const created = await client.createConnection({
        platformKey,
        sessionId: session.sessionId,
        lang,
        ...(current.redirectParams ? { redirectParams: current.redirectParams } : {}),
        ...(current.signsConsent === false ? {} : { consent: { lang, texts } }),
        ...(current.platformWindow === 'popup' ? { display: 'popup' as const } : {}),
      })
      const integration = session.categories.flatMap((offer) => offer.integrations).find((candidate) => candidate.key === platformKey)
      const known = session.connections.find((connection) => connection.id === created.connectionId)
      const platformName = integration?.name ?? known?.platformName ?? platformKey
      const details = integration ?? known
      if (details) {
        current.onConnectionStarted?.({
          connectionId: created.connectionId,
          integrationId: details.integrationId,
          integrationKey: platformKey,
          platformName,
          sourceId: details.sourceId,
          sourceType: details.sourceType,
        })
      }
      track(session, 'sent_to_platform', { category, platformKey }, true)
      if (current.platformWindow === 'popup') {
        awaitPlatform(created, platformWindow, platformName)
        return
      }
      isLeavingRef.current = true
      location.assign(created.authorizeUrl)
    } catch (error) {
      platformWindow?.close()
      fail('connect', error)
    }
  }

  const disconnect = async (connection: LinkConnection) => {
    if (!session) return
    setIsBusy(true)
    try {
      await client.disconnectConnection(connection.id, { sessionId: session.sessionId })
      send({ type: 'connection_unlinked', connectionId: connection.id })
      setDialog(null)
      announce(interpolate(t.disconnected, { platformName: connection.platformName }))
    } catch (error) {
      fail('disconnect', error)
    } finally {
      setIsBusy(false)
    }
  }

  const complete = () => {
    if (!canComplete(state)) return
    isLeavingRef.current = true
    track(session, 'completed')
    send({ type: 'completed' })
    props.onFinish()
  }

  const close = () => {
    setDialog(null)
    isLeavingRef.current = true
    track(session, 'left', { step: state.screen.name }, true)
    propsRef.current.onClose?.()
  }

  // Inside a shadow root, document.activeElement is only the host: ask the root itself.
  const focusedElement = () => ((rootRef.current?.getRootNode() as Document | ShadowRoot | undefined)?.activeElement as HTMLElement | null | undefined) ?? null

  const requestClose = () => {
    if (session?.settings.exitConfirmation.enabled && isMidJourney(state)) setDialog({ kind: 'exit', opener: focusedElement() })
    else close()
  }

  const cancelDialog = () => {
    setDialog(null)
    if (state.failure?.action === 'disconnect') send({ type: 'failure_dismissed' })
  }

  /** Opening the upload screen is a step too: an entry over the categories, so Back closes it. */
  const openUpload = (category: FileUploadCategory) => {
    setUploadCategory(category)
    if (stepHistory) {
      entryStepRef.current = `${UPLOAD_STEP_PREFIX}${category}`
      stepHistory.push(entryStepRef.current)
    }
  }

  const closeUpload = () => {
    // Its own entry is left the way Back leaves it, so history and screen stay in step.
    if (stepHistory && uploadStepCategory(stepHistory.current()) && stepHistory.canGoBack()) stepHistory.back()
    else setUploadCategory(null)
    setTimeout(() => headingRef.current?.focus(), 0)
  }

  const fileSent = (category: FileUploadCategory, file: LinkUploadedFile) => {
    setSentFiles((sent) => ({ ...sent, [category]: [...(sent[category] ?? []), file] }))
    send({ type: 'files_uploaded', category })
  }

  // File upload and sharing are loaded when the person opens them (screens/on-demand.ts).
  const [onDemand, setOnDemand] = useState<typeof import('./screens/on-demand.js') | null>(null)
  const needsOnDemand = uploadCategory !== null || state.screen.name === 'share' || state.screen.name === 'redirecting' || dialog !== null || (session?.connections.some((connection) => connection.status === 'Linked') ?? false)
  useEffect(() => {
    if (!needsOnDemand || onDemand) return
    import('./screens/on-demand.js').then(setOnDemand, (error: unknown) => fail('load', error))
  }, [needsOnDemand])
  const busy = (
    <div class="lw-busy">
      <span class="lw-spinner" aria-hidden="true" />
      {t.loading}
    </div>
  )

  const logo = safeImageUrl(session?.settings.branding.logoUrl || session?.client.logoUrl)
  const screen = renderScreen()

  function renderScreen() {
    const { screen } = state
    if (screen.name === 'loading' || !session) {
      if (screen.name === 'load_failed') {
        return (
          <>
            <ScreenHeading ui={ui}>{t.errorTitle}</ScreenHeading>
            <FailureAlert ui={ui} statusCode={state.failure?.statusCode ?? 0} onRetry={() => void load()} />
          </>
        )
      }
      return (
        <div class="lw-busy">
          <span class="lw-spinner" aria-hidden="true" />
          {t.loading}
        </div>
      )
    }
    if (uploadCategory && session.fileUpload) {
      const category = uploadCategory
      if (!onDemand) return busy
      const { UploadScreen, uploadLinkFile } = onDemand
      return (
        <UploadScreen
          ui={ui}
          lang={lang}
          category={category}
          limits={session.fileUpload}
          sent={sentFiles[category] ?? []}
          upload={(file, onProgress) => uploadLinkFile({ apiBaseUrl: props.apiBaseUrl, companyId: props.companyId, ...credentials, category, file, onProgress })}
          onSent={(file) => fileSent(category, file)}
          announce={announce}
          onBack={closeUpload}
        />
      )
    }
    switch (screen.name) {
      case 'landing':
        return <LandingScreen ui={ui} settings={session.settings} onStart={() => send({ type: 'started' })} />
      case 'categories':
        return (
          <CategoriesScreen
            ui={ui}
            state={{ ...state, session }}
            onChooseCategory={chooseCategory}
            onSkip={(category) => send({ type: 'category_skipped', category })}
            onShare={(category) => send({ type: 'share_opened', category })}
            onResume={(connectionId) => send({ type: 'connection_resumed', connectionId })}
            onDisconnect={(connection) => setDialog({ kind: 'disconnect', connection, opener: focusedElement() })}
            onComplete={complete}
            onUpload={openUpload}
          />
        )
      case 'platforms':
        return (
          <PlatformsScreen
            ui={ui}
            session={session}
            category={screen.category}
            announce={announce}
            onBack={goBack}
            onChoose={(platformKey) => choosePlatform(screen.category, platformKey)}
            onShare={(category) => send({ type: 'share_opened', category })}
          />
        )
      case 'consent':
        return (
          <ConsentScreen
            ui={ui}
            session={session}
            category={screen.category}
            platformKey={screen.platformKey}
            failedStatusCode={state.failure?.action === 'connect' ? state.failure.statusCode : null}
            onBack={goBack}
            onAllow={() => void allowAccess(screen.category, screen.platformKey)}
          />
        )
      case 'share':
        if (!onDemand) return busy
        return <onDemand.ShareScreen ui={ui} session={session} category={screen.category} announce={announce} onBack={goBack} />
      case 'redirecting': {
        if (platformWait) {
          if (!onDemand) return busy
          return <onDemand.PopupWaitingScreen ui={ui} platformName={platformWait.platformName} wait={platformWait} onCancel={cancelPlatform} />
        }
        const integration = session.categories.flatMap((offer) => offer.integrations).find((candidate) => candidate.key === screen.platformKey)
        return (
          <>
            <ScreenHeading ui={ui}>{interpolate(t.redirecting, { platformName: integration?.name ?? screen.platformKey })}</ScreenHeading>
            <div class="lw-busy">
              <span class="lw-spinner" aria-hidden="true" />
            </div>
          </>
        )
      }
      case 'done': {
        const names = linkedPlatformNames(state)
        return (
          <>
            <ScreenHeading ui={ui}>{names.length > 0 ? interpolate(t.doneTitleNamed, { platformNames: names.join(', ') }) : t.doneTitle}</ScreenHeading>
            <p>{t.doneBody}</p>
          </>
        )
      }
      default:
        return null
    }
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
      onClose={props.onClose ? requestClose : undefined}
      screenKey={uploadCategory ? `upload:${uploadCategory}` : key}
      poweredBy={session?.settings.showPoweredBy ? t.poweredBy : undefined}
      announcement={announcement}
      isInert={dialog !== null}
      dialog={
        <>
          {dialog?.kind === 'disconnect' && onDemand && (
            <onDemand.ConfirmDialog
              title={interpolate(t.disconnectTitle, { platformName: dialog.connection.platformName })}
              confirmLabel={t.disconnect}
              cancelLabel={t.cancel}
              isBusy={isBusy}
              isDestructive
              returnFocusTo={dialog.opener}
              fallbackFocus={headingRef}
              onConfirm={() => void disconnect(dialog.connection)}
              onCancel={cancelDialog}
            >
              <p>{interpolate(t.disconnectBody, { ...ui.vars, platformName: dialog.connection.platformName })}</p>
              {state.failure?.action === 'disconnect' && (
                <p class="lw-alert" role="alert">
                  {failureMessage(state.failure.statusCode, ui)}
                </p>
              )}
            </onDemand.ConfirmDialog>
          )}
          {dialog?.kind === 'exit' && session && onDemand && (
            <onDemand.ConfirmDialog title={t.exitTitle} confirmLabel={t.leave} cancelLabel={t.stay} returnFocusTo={dialog.opener} fallbackFocus={headingRef} onConfirm={close} onCancel={cancelDialog}>
              <Md ui={ui} source={textOrDefault(session.settings.exitConfirmation.message, t.exitMessage)} />
            </onDemand.ConfirmDialog>
          )}
        </>
      }
    >
      {/* Everything connected: the categories are a place to manage, no longer a step. */}
      {!(state.screen.name === 'categories' && canComplete(state)) && <StepIndicator t={t} screen={state.screen} />}
      {screen}
      {session && (state.screen.name === 'categories' || state.screen.name === 'done') && onDemand && <onDemand.ReceiptDownloads ui={ui} apiBaseUrl={props.apiBaseUrl} companyId={props.companyId} connections={session.connections} {...(embeddedHeaders ? { headers: embeddedHeaders } : {})} />}
    </Frame>
  )
}
