/**
 * @module The Portal application: the router, the session gate and the layout around every page.
 * A page behind sign-in is never rendered without a session: a person who is not signed in (or
 * whose session ended) goes to the sign-in page, and comes back to where they were.
 */
import { LocationProvider, Route, Router, useLocation } from 'preact-iso'
import { ErrorBoundary } from 'preact-iso/lazy'
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { NAV_SECTIONS, PAGES, PUBLIC_PAGES } from './pages/index.js'
import { SessionProvider, useSessionContext } from './session.js'
import { ErrorNotice, Loading, PageHeader } from './ui.js'

export function PortalApp() {
  return (
    <LocationProvider scope="/portal">
      <SessionProvider>
        <PageFailures>
          <Gate />
        </PageFailures>
      </SessionProvider>
    </LocationProvider>
  )
}

function Gate() {
  const { state } = useSessionContext()
  const location = useLocation()
  const publicPage = PUBLIC_PAGES.find((page) => page.path === location.path)
  const isSignedOut = state.status === 'signed-out'
  useEffect(() => {
    if (isSignedOut && !publicPage) location.route(`/portal/login?next=${encodeURIComponent(location.url)}`, true)
  }, [isSignedOut, publicPage, location.url])
  if (publicPage) {
    const Page = publicPage.component
    return <Page />
  }
  if (state.status === 'unreachable') {
    return (
      <main class="pt-auth">
        <ErrorNotice error={new Error(state.message)} onRetry={() => location.route(location.url, true)} />
      </main>
    )
  }
  if (state.status !== 'signed-in') return <Loading />
  return (
    <Layout>
      <PageFailures>
        <Router onRouteChange={focusMain}>
          {[...PAGES.map((page) => <Route key={page.path} path={page.path} component={page.component} />), <Route key="default" default component={NotFound} />]}
        </Router>
      </PageFailures>
    </Layout>
  )
}

/**
 * After a move to another page, the keyboard and a screen reader start at its content (as after a
 * full page load), not on the link that was followed in the navigation.
 */
function focusMain(): void {
  document.getElementById('main')?.focus({ preventScroll: false })
}

/**
 * Lazy pages suspend inside preact-iso's ErrorBoundary (pages/index.ts turns a failed load into a
 * page of its own); a page that throws while drawing says so here, with a way out, instead of
 * leaving an empty page. Moving to another page clears it.
 */
function PageFailures(props: { children: ComponentChildren }) {
  const location = useLocation()
  const [failure, setFailure] = useState<Error | undefined>(undefined)
  const failedAt = useRef<string | undefined>(undefined)
  useEffect(() => {
    if (failedAt.current !== undefined && failedAt.current !== location.url) setFailure(undefined)
  }, [location.url])
  if (failure) {
    return (
      <div class="pt-notice pt-notice-error" role="alert">
        <span>This page could not be shown ({failure.message}). Reload to try again.</span>
        <button type="button" class="pt-button pt-button-small" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    )
  }
  return (
    <ErrorBoundary
      onError={(error) => {
        failedAt.current = location.url
        setFailure(error)
      }}
    >
      {props.children}
    </ErrorBoundary>
  )
}

function Layout(props: { children: ComponentChildren }) {
  const { state, signOut } = useSessionContext()
  const location = useLocation()
  const user = state.status === 'signed-in' ? state.session.user : undefined
  const isCurrent = (path: string) => location.path === path || location.path.startsWith(`${path}/`)
  return (
    <div class="pt-shell">
      <a class="pt-skip" href="#main">
        Skip to content
      </a>
      <div class="pt-nav">
        <a class="pt-brand" href="/portal/companies">
          Linkway Portal
        </a>
        <nav aria-label="Portal">
          <div>
            {NAV_SECTIONS.map((section) => {
              const pages = PAGES.filter((page) => page.nav?.section === section)
              if (pages.length === 0) return null
              return (
                <div key={section}>
                  <h2>{section}</h2>
                  <ul>
                    {pages.map((page) => (
                      <li key={page.path}>
                        <a href={page.path} aria-current={isCurrent(page.path) ? 'page' : undefined}>
                          {page.nav!.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              )
            })}
          </div>
        </nav>
      </div>
      <div class="pt-main">
        <div class="pt-topbar">
          <span class="pt-muted">
            {user?.email} ({user?.role})
          </span>
          <button type="button" class="pt-button pt-button-small" onClick={() => void signOut().then(() => location.route('/portal/login'))}>
            Sign out
          </button>
        </div>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
      </div>
    </div>
  )
}

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no Portal page here. <a href="/portal/companies">Go to the companies</a>.
      </p>
    </>
  )
}
