/**
 * @module Who is signed in, for every page: the session from `GET /portal/api/me` (a reloaded page
 * gets its CSRF token back there), the API client bound to it, and what the user's role allows.
 * The server decides every permission; `canChange` only spares a viewer buttons that would be refused.
 */
import type { PortalSession } from '@linkway/contracts'
import { createContext, type ComponentChildren } from 'preact'
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { createPortalApi, PortalApiError, type PortalApi } from './api.js'

export type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; session: PortalSession } | { status: 'unreachable'; message: string }

export interface SessionContextValue {
  state: SessionState
  api: PortalApi
  /** After sign-in, setup or accepting an invitation: the answer is the session. */
  signedIn(session: PortalSession): void
  signOut(options?: { everywhere?: boolean }): Promise<void>
}

const SessionContext = createContext<SessionContextValue | null>(null)

export function SessionProvider(props: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  // The token lives with the API client, read at each call: a page holding the client sees a new sign-in.
  const csrfToken = useRef<string | undefined>(undefined)
  const api = useMemo(
    () =>
      createPortalApi({
        csrfToken: () => csrfToken.current,
        onSessionEnded: () => {
          csrfToken.current = undefined
          setState({ status: 'signed-out' })
        },
      }),
    [],
  )
  const signedIn = (session: PortalSession) => {
    csrfToken.current = session.csrfToken
    setState({ status: 'signed-in', session })
  }
  useEffect(() => {
    api.get<PortalSession>('/portal/api/me').then(signedIn, (error: unknown) => {
      if (error instanceof PortalApiError && error.statusCode === 401) setState({ status: 'signed-out' })
      else setState({ status: 'unreachable', message: error instanceof Error ? error.message : String(error) })
    })
  }, [api])
  const value: SessionContextValue = {
    state,
    api,
    signedIn,
    signOut: async (options) => {
      await api.post(options?.everywhere ? '/portal/api/logout-everywhere' : '/portal/api/logout')
      csrfToken.current = undefined
      setState({ status: 'signed-out' })
    },
  }
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSessionContext needs a SessionProvider above it')
  return value
}

/** For pages behind sign-in (the layout renders them only with a session). */
export function useSession(): { session: PortalSession; api: PortalApi; canChange: boolean } {
  const { state, api } = useSessionContext()
  if (state.status !== 'signed-in') throw new Error('useSession is for pages shown to a signed-in user')
  return { session: state.session, api, canChange: state.session.user.role === 'admin' }
}
