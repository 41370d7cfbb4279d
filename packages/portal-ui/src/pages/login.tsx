/** @module Sign in: email and password; back to the page the person wanted, on this site only. */
import type { PortalSession } from '@linkway/contracts'
import { useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { safeReturnPath } from '../return-path.js'
import { useSessionContext } from '../session.js'
import { useFormSubmit } from '../ui.js'
import { AuthCard } from './auth-form.js'

export default function LoginPage() {
  const { api, signedIn, state } = useSessionContext()
  const location = useLocation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const next = safeReturnPath(location.query.next)
  // Already signed in (a bookmarked sign-in page, or Back after signing in): straight on.
  useEffect(() => {
    if (state.status === 'signed-in') location.route(next, true)
  }, [state.status])
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    const session = await api.post<PortalSession>('/portal/api/login', { email, password })
    signedIn(session)
    location.route(next, true)
  })
  return (
    <AuthCard title="Sign in">
      {errorNotice}
      <form onSubmit={submit} noValidate={false}>
        <div class="pt-field">
          <label for="login-email">Email</label>
          <input id="login-email" class="pt-input" type="email" autocomplete="username" required value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
        </div>
        <div class="pt-field">
          <label for="login-password">Password</label>
          <input id="login-password" class="pt-input" type="password" autocomplete="current-password" required value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
        </div>
        <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="pt-hint">No account? An admin of your team invites you from the Portal's Users page.</p>
    </AuthCard>
  )
}
